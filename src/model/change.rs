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
    // The first entry in date order (the first of its day in file order), without sorting a
    // copy of the history.
    let named = show
        .history
        .iter()
        .min_by_key(|e| e.date)
        .is_some_and(|e| e.season.is_some());
    season.filter(|_| changed || named || show.history.is_empty())
}

/// Puts `entry`, the change from `old` to `show`, into the history of `show` in date order:
/// after the entries of its day and before those of later days. An entry dated before the
/// latest one (a change recorded late, with `--on`) names the season it is about, the show's
/// current one, since the entries around it may be of another; the first "added" entry does
/// not stand in its way (it tells what was known when the show was added). Refused, with why:
/// an entry dated before the current season began (it would fall in an earlier season's
/// part of the history), and a season change dated before the latest entry (the entries
/// after it are about the season it leaves).
pub fn record(
    old: &Show,
    show: &mut Show,
    mut entry: HistoryEntry,
    since: bool,
) -> Result<(), String> {
    let title = clean(&show.title).into_owned();
    let latest = old.history.iter().map(|e| e.date).max();
    let Some(latest) = latest.filter(|latest| entry.date < *latest) else {
        show.history.push(entry);
        return Ok(());
    };
    let day = entry.date;
    if show.season != old.season {
        return Err(format!(
            "a season change is recorded after the history's latest entry ({latest}), which is \
             about the season it leaves: date it {latest} or later (to reorder the history, use \
             `airdate edit`)"
        ));
    }
    if let Some(since) = old.season_since().filter(|since| day < *since) {
        let season = old
            .season
            .map_or("the current season".to_string(), |n| format!("season {n}"));
        return Err(format!(
            "\"{title}\" began waiting for {season} on {since}; a change on {day} would be \
             about the season before: date it {since} or later (the earlier season's history \
             is edited with `airdate edit`)"
        ));
    }
    let later: Vec<&HistoryEntry> = old
        .history
        .iter()
        .filter(|e| e.date > day && !e.is_added())
        .collect();
    let undone = |field: &str, what: String, on: NaiveDate| {
        format!(
            "the history of \"{title}\" records a later {field} ({what} on {on}), which a change \
             on {day} cannot come before: date it {on} or later, or make the history right with \
             `airdate edit`"
        )
    };
    if show.status != old.status
        && let Some(e) = later
            .iter()
            .find(|e| e.status.is_some_and(|s| s != show.status))
    {
        let status = e.status.expect("found with one");
        return Err(undone("status", status.to_string(), e.date));
    }
    if show.premiere != old.premiere
        && let Some(e) = later
            .iter()
            .find(|e| e.premiere.is_some_and(|p| p != show.premiere))
    {
        let premiere = e.premiere.expect("found with one");
        return Err(undone("premiere", premiere.to_string(), e.date));
    }
    if show.status == old.status && !since {
        // A note or premiere recorded late: the status is the one of its day, where known.
        let then = old
            .history_by_date()
            .into_iter()
            .filter(|e| e.date <= day)
            .filter_map(|e| e.status)
            .next_back();
        entry.status = then.or(entry.status);
    }
    entry.season = show.season;
    let at = show
        .history
        .iter()
        .position(|e| e.date > day)
        .unwrap_or(show.history.len());
    show.history.insert(at, entry);
    // The entry of the day the show was added, after this fact, says what the show was then:
    // now the changed status and premiere, else the history reads as if the fact were undone
    // on that day (and `news` names a premiere the show no longer has).
    for added in show.history[at + 1..].iter_mut().filter(|e| e.is_added()) {
        if show.status != old.status && added.status.is_some() {
            added.status = Some(show.status);
        }
        if show.premiere != old.premiere && added.premiere.is_some() {
            added.premiere = Some(show.premiere);
        }
    }
    Ok(())
}

/// The history entry of a status given again with `--on`, dated `day`: the show had it
/// from that day, earlier than the history says (a hiatus that began before the show was
/// added). `None` when the history already has the status from that day or before.
pub fn since_entry(show: &Show, day: NaiveDate, note: Option<&str>) -> Option<HistoryEntry> {
    let began = show
        .history_by_date()
        .into_iter()
        .filter(|e| e.date <= day)
        .filter_map(|e| e.status)
        .next_back();
    (began != Some(show.status)).then(|| HistoryEntry {
        date: day,
        status: Some(show.status),
        season: show.season,
        premiere: None,
        note: note.map(str::to_string).or_else(|| {
            (show.status == Status::OnHiatus)
                .then(|| show.hiatus_reason.clone())
                .flatten()
        }),
    })
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
