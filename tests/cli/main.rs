#![recursion_limit = "256"]
//! The integration tests: airdate run as a user runs it, one module per command or concern,
//! built as one test binary so that it links once.

mod common;

mod airtimes;
mod around;
mod calendar;
mod clear_errors;
mod completion;
mod concurrency;
mod dates;
mod edit;
mod everyday;
mod first_hour_sync;
mod first_hour_times;
mod hostile_notify;
mod hostile_sync;
mod hostile_times;
mod interchange;
mod invalid;
mod linking;
mod local_days;
mod merge_property;
mod migrate;
mod news;
mod notify;
mod preserve;
mod properties;
mod readme;
mod review;
mod robustness;
mod rules;
mod safe_writes;
mod safety;
mod scripting;
mod seasons;
mod seasons_property;
mod slips;
mod story;
mod sync;
mod timeline;
mod tvmaze;
mod undo;
mod unusual_files;
mod views;
mod widths;
mod zones;
