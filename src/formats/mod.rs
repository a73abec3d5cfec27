//! Interchange: what other programs read and write. JSON, CSV and TSV of the shows (writing
//! and reading side by side), iCalendar for calendar apps, and other trackers' lists.

pub mod csv;
pub mod ics;
pub mod import;
pub mod json;
pub mod tracker;
