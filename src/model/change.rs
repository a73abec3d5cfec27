//! The rules of a change, in one place for every command: how a status moves (a show that
//! leaves `on-hiatus` loses its reason), what a history entry records and the day it is dated,
//! and what changed between two versions of a show, in words.
//!
//! The dating rule: a change is dated the day it is made, today (the user's local day) or the
//! day `--on` names; `set`, `renew`, `refresh` and `import` all follow it, so the same change
//! is recorded on the same day whoever makes it.

use std::fmt;

use chrono::NaiveDate;
use serde_json::Value as Json;

use super::{HistoryEntry, KeyValues, SHOW_KEYS, Show, Status};
use crate::term::clean;

impl Show {
    /// Gives the show `status`; any status but `on-hiatus` clears the hiatus reason.
    pub fn set_status(&mut self, status: Status) {
        if status != Status::OnHiatus {
            self.hiatus_reason = None;
        }
        self.status = status;
    }
}

/// The history entry that records the change from `old` to `new`, dated `day`: the status the
/// show then has, its season and premiere when they changed, and `note` (for a show going on
/// hiatus, its reason when there is no note). `None` when status, season and premiere are as
/// they were.
pub fn entry(old: &Show, new: &Show, day: NaiveDate, note: Option<&str>) -> Option<HistoryEntry> {
    let status = new.status != old.status;
    let season = new.season != old.season;
    let premiere = new.premiere != old.premiere;
    let note = note.map(str::to_string).or_else(|| {
        (status && new.status == Status::OnHiatus)
            .then(|| new.hiatus_reason.clone())
            .flatten()
    });
    // A new season starts from TBA: its premiere is recorded when it is known.
    let premiere = if season {
        !new.premiere.is_tba()
    } else {
        premiere
    };
    (status || season || premiere).then(|| HistoryEntry {
        date: day,
        status: Some(new.status),
        season: season_key(old, new.season, season),
        premiere: premiere.then_some(new.premiere),
        note,
    })
}

/// The `season` a new entry of `show` names: the season it is about, in a history that names
/// the season of every entry (one begun by this release), else only where the season changed
/// (an older history, in which a named season is a change: see [`super::season`]).
fn season_key(show: &Show, season: Option<u32>, changed: bool) -> Option<u32> {
    let named = show
        .history_by_date()
        .first()
        .is_some_and(|e| e.season.is_some());
    season.filter(|_| changed || named || show.history.is_empty())
}

/// The history entry of a note alone about `show` (a first look, a trailer), dated `day`.
pub fn note_entry(show: &Show, day: NaiveDate, note: &str) -> HistoryEntry {
    HistoryEntry {
        date: day,
        status: Some(show.status),
        season: season_key(show, show.season, false),
        premiere: None,
        note: Some(note.into()),
    }
}

/// The first history entry of a show added on `day`: what was known of it.
pub fn first_entry(show: &Show, day: NaiveDate, note: &str) -> HistoryEntry {
    HistoryEntry {
        date: day,
        status: Some(show.status),
        season: show.season,
        premiere: (!show.premiere.is_tba()).then_some(show.premiere),
        note: Some(note.into()),
    }
}

/// A field a command changed: its name, and its old and new values in words ("-" for none),
/// escaped for the terminal. Shown as `field: old → new`.
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} → {}", self.field, self.old, self.new)
    }
}

/// Each field that differs between `old` and `new` (history aside), in the file's key order.
pub fn changes(old: &Show, new: &Show) -> Vec<Change> {
    let (old, new) = (old.fields(), new.fields());
    let get = |fields: &KeyValues, key: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    };
    SHOW_KEYS
        .iter()
        .filter(|k| **k != "history" && get(&old, k) != get(&new, k))
        .map(|k| Change {
            field: k,
            old: words(get(&old, k)),
            new: words(get(&new, k)),
        })
        .collect()
}

/// A value in words: a list joined with commas (season records by their numbers), "-" for
/// none.
fn words(value: Option<Json>) -> String {
    let text = match value {
        None => "-".to_string(),
        Some(Json::String(s)) => s,
        Some(Json::Array(items)) if items.is_empty() => "-".to_string(),
        Some(Json::Array(items)) => {
            let items: Vec<String> = items
                .iter()
                .filter_map(|v| match v {
                    Json::String(s) => Some(s.clone()),
                    Json::Object(record) => record.get("number").map(Json::to_string),
                    _ => None,
                })
                .collect();
            items.join(", ")
        }
        Some(other) => other.to_string(),
    };
    clean(&text).into_owned()
}
