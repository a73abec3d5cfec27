//! TVmaze (<https://www.tvmaze.com/api>, free, no key): finding shows, and keeping linked shows
//! current. `api` speaks HTTP, paced to the rate limit; `map` turns TVmaze's data into airdate's
//! fields, and never lets it overrule what the user knows better; `find` finds the show a title
//! means. TVmaze's data is licensed
//! CC BY-SA: views that show it credit TVmaze ([`CREDIT`]).

pub mod api;
pub mod find;
pub mod map;

pub use api::{Client, FetchError};

/// The credit line under tables that show TVmaze's data.
pub const CREDIT: &str = "Data from TVmaze (tvmaze.com), CC BY-SA 4.0.";
