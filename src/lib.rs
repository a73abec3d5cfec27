//! airdate: a watchlist of TV seasons between premieres, kept in a TOML file the user owns.
//!
//! Data flows one way: the file ([`store`]) becomes typed shows ([`model`], [`premiere`]),
//! a command ([`cmd`]) queries or changes them, and [`render`] turns the result into text.

pub mod cli;
pub mod cmd;
pub mod complete;
pub mod config;
pub mod escape;
pub mod ics;
pub mod import;
pub mod man;
pub mod model;
pub mod news;
pub mod premiere;
pub mod render;
pub mod store;
pub mod suggest;
pub mod timeline;
pub mod tracker;
pub mod tvmaze;
