//! airdate: a watchlist of TV seasons between premieres, kept in a TOML file the user owns.
//!
//! Data flows one way: the file ([`store`]) becomes typed shows ([`model`]), a command
//! ([`cmd`]) queries or changes them, and [`view`] (tables for people) or [`formats`] (JSON,
//! CSV, TSV, calendars for programs) turn the result into text, which reaches the terminal
//! through [`term`]. [`cli`] is the command line, [`tvmaze`] the online source.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod formats;
pub mod model;
pub mod notify;
pub mod settings;
pub mod store;
pub mod term;
pub mod tvmaze;
pub mod view;
