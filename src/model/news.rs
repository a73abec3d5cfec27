//! What happened in a period, from each show's history and dates: premieres and finales that
//! fell in it, premiere dates announced, narrowed, moved or slipped, status changes, renewals
//! and shows added. Pure: shows and a period in, events out.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::model::premiere::Premiere;
use crate::model::season::Placed;
use crate::model::{Show, Status, is_slip};

/// What kind of news an event is. `news --json` writes it as its name ([`Kind::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The season's premiere day.
    Premiere,
    /// The season's last episode.
    Finale,
    /// A premiere given where there was none (TBA).
    DateAnnounced,
    /// A premiere window made narrower within the one before.
    DateNarrowed,
    /// A premiere moved, but not later: earlier, or overlapping.
    DateMoved,
    /// A premiere that slipped (see [`is_slip`]).
    DateSlipped,
    /// A premiere taken back to TBA.
    DateWithdrawn,
    Renewed,
    Cancelled,
    Ended,
    /// Production paused: the show went on hiatus.
    Hiatus,
    /// Back in production after a hiatus.
    Resumed,
    /// Any other status change.
    Status,
    /// A note alone: a first look, a trailer, casting.
    Note,
    /// Added to the watchlist.
    Added,
    /// Removed from the watchlist (from the removal log).
    Removed,
}

impl Kind {
    pub const ALL: [Kind; 16] = [
        Kind::Premiere,
        Kind::Finale,
        Kind::DateAnnounced,
        Kind::DateNarrowed,
        Kind::DateMoved,
        Kind::DateSlipped,
        Kind::DateWithdrawn,
        Kind::Renewed,
        Kind::Cancelled,
        Kind::Ended,
        Kind::Hiatus,
        Kind::Resumed,
        Kind::Status,
        Kind::Note,
        Kind::Added,
        Kind::Removed,
    ];

    /// The name `news --json` writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Premiere => "premiere",
            Kind::Finale => "finale",
            Kind::DateAnnounced => "date-announced",
            Kind::DateNarrowed => "date-narrowed",
            Kind::DateMoved => "date-moved",
            Kind::DateSlipped => "date-slipped",
            Kind::DateWithdrawn => "date-withdrawn",
            Kind::Renewed => "renewed",
            Kind::Cancelled => "cancelled",
            Kind::Ended => "ended",
            Kind::Hiatus => "hiatus",
            Kind::Resumed => "resumed",
            Kind::Status => "status",
            Kind::Note => "note",
            Kind::Added => "added",
            Kind::Removed => "removed",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One thing that happened, as `news --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: NaiveDate,
    pub title: String,
    /// The season the event is about, when known.
    pub season: Option<u32>,
    pub kind: Kind,
    pub field: Option<&'static str>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub note: Option<String>,
}

impl Event {
    /// The event in words, after its date and title.
    pub fn words(&self) -> String {
        let change = match (&self.from, &self.to) {
            (Some(from), Some(to)) => format!("{from} → {to}"),
            (None, Some(to)) => to.clone(),
            _ => String::new(),
        };
        let season = self
            .season
            .map_or(String::new(), |n| format!("season {n} "));
        let what = match self.kind {
            Kind::Premiere => format!("{season}premiere"),
            Kind::Finale => format!("{season}finale"),
            Kind::DateAnnounced => format!("{season}premiere date announced: {change}"),
            Kind::DateNarrowed => format!("{season}premiere narrowed: {change}"),
            Kind::DateMoved => format!("{season}premiere moved earlier: {change}"),
            Kind::DateSlipped => format!("{season}premiere SLIPPED: {change}"),
            Kind::DateWithdrawn => format!("{season}premiere date withdrawn: {change}"),
            Kind::Renewed => format!("renewed for season {}", self.to.as_deref().unwrap_or("?")),
            Kind::Added => format!("added to the watchlist: {change}"),
            Kind::Removed => "removed from the watchlist".to_string(),
            Kind::Cancelled => "cancelled".to_string(),
            Kind::Ended => "the series ended".to_string(),
            Kind::Hiatus => "production paused".to_string(),
            Kind::Resumed => "back in production".to_string(),
            Kind::Status => format!("status: {change}"),
            Kind::Note => return self.note.clone().unwrap_or_default(),
        };
        match &self.note {
            Some(note) if !note.is_empty() && !what.contains(note.as_str()) => {
                format!("{what} ({note})")
            }
            _ => what,
        }
    }
}

/// The kind of a status change from `old` to `new`.
fn status_kind(old: Status, new: Status) -> Kind {
    match new {
        Status::Cancelled => Kind::Cancelled,
        Status::Ended => Kind::Ended,
        Status::OnHiatus => Kind::Hiatus,
        Status::InProduction | Status::PostProduction if old == Status::OnHiatus => Kind::Resumed,
        _ => Kind::Status,
    }
}

/// The kind of a premiere change from `old` to `new`.
fn premiere_kind(old: Premiere, new: Premiere) -> Kind {
    match (old.window(), new.window()) {
        (None, _) => Kind::DateAnnounced,
        (Some(_), None) => Kind::DateWithdrawn,
        _ if is_slip(old, new) => Kind::DateSlipped,
        (Some((os, oe)), Some((ns, ne))) if ns >= os && ne <= oe => Kind::DateNarrowed,
        _ => Kind::DateMoved,
    }
}

/// The shows a removal log names, as `removed` events.
pub fn removals(log: &str) -> Vec<Event> {
    log.lines()
        .filter_map(|line| {
            let (date, title) = line.split_once('\t')?;
            Some(Event {
                date: date.parse().ok()?,
                title: title.to_string(),
                season: None,
                kind: Kind::Removed,
                field: None,
                from: None,
                to: None,
                note: None,
            })
        })
        .collect()
}

/// Every event of `shows` (and `removed`) from `since` to `today` (both included), newest
/// day first.
pub fn events(
    shows: &[Show],
    removed: Vec<Event>,
    since: NaiveDate,
    today: NaiveDate,
) -> Vec<Event> {
    let mut out = Vec::new();
    for show in shows {
        history_events(show, &mut out);
        day_events(show, &mut out);
    }
    out.extend(removed);
    out.retain(|e| e.date >= since && e.date <= today);
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    out
}

/// A show's events of one kind, about one season.
struct Events<'a> {
    title: &'a str,
    out: &'a mut Vec<Event>,
}

impl Events<'_> {
    fn push(&mut self, entry: &Placed, kind: Kind, change: (Option<String>, Option<String>)) {
        let field = match kind {
            Kind::Renewed => Some("season"),
            Kind::Hiatus | Kind::Resumed | Kind::Status | Kind::Ended | Kind::Cancelled => {
                Some("status")
            }
            Kind::Note | Kind::Added | Kind::Removed => None,
            _ => Some("premiere"),
        };
        self.out.push(Event {
            date: entry.entry.date,
            title: self.title.to_string(),
            season: entry.season,
            kind,
            field,
            from: change.0,
            to: change.1,
            note: entry.entry.note.clone(),
        });
    }
}

/// The events a show's history records: what it was added with, renewals, status changes,
/// premiere changes within a season (a new season's first date is announced, never slipped)
/// and notes alone. Each line a change caused carries its note.
fn history_events(show: &Show, out: &mut Vec<Event>) {
    let mut events = Events {
        title: &show.title,
        out,
    };
    let mut status: Option<Status> = None;
    let mut premiere = Premiere::Tba;
    let mut added = false;
    // The season of the entry before: a renewal says which season it left.
    let mut was: Option<u32> = None;
    for (i, placed) in show.placed_history().iter().enumerate() {
        let entry = placed.entry;
        let before = std::mem::replace(&mut was, placed.season);
        // The first "added" entry is the show's arrival, wherever facts dated before it (and
        // recorded later) put it: what it knew does not undo them.
        if entry.is_added() && !added {
            added = true;
            events.push(placed, Kind::Added, (None, Some(known(placed))));
            if i == 0 {
                status = entry.status;
                premiere = entry.premiere.unwrap_or_default();
            } else {
                status = status.or(entry.status);
                if premiere.is_tba() {
                    premiere = entry.premiere.unwrap_or_default();
                }
            }
            continue;
        }
        let mut said = false;
        if placed.changed {
            said = true;
            let from = before.map(|n| n.to_string());
            let to = placed.season.map(|n| n.to_string());
            events.push(placed, Kind::Renewed, (from, to));
            premiere = Premiere::Tba;
        }
        if let Some(new) = entry.status
            && status != Some(new)
            && (!placed.changed || new.is_over())
        {
            // With nothing recorded before, only a status that is news on its own is said.
            let kind = status_kind(status.unwrap_or(new), new);
            if status.is_some() || kind != Kind::Status {
                said = true;
                let old = status.map(|s| s.to_string());
                events.push(placed, kind, (old, Some(new.to_string())));
            }
        }
        if let Some(new) = entry.premiere
            && new != premiere
        {
            said = true;
            let kind = premiere_kind(premiere, new);
            events.push(
                placed,
                kind,
                (Some(premiere.to_string()), Some(new.to_string())),
            );
            premiere = new;
        }
        if !said && entry.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
            events.push(placed, Kind::Note, (None, None));
        }
        status = entry.status.or(status);
    }
}

/// What a show was added with: "season 3, announced, premiere 2025-Q1".
fn known(placed: &Placed) -> String {
    let entry = placed.entry;
    let mut known: Vec<String> = placed
        .season
        .map(|n| format!("season {n}"))
        .into_iter()
        .collect();
    known.extend(entry.status.map(|s| s.to_string()));
    known.extend(entry.premiere.map(|p| format!("premiere {p}")));
    known.join(", ")
}

/// The premiere and finale days of every season: each is news on its day.
fn day_events(show: &Show, out: &mut Vec<Event>) {
    for season in show.seasons_view() {
        let mut day = |date: NaiveDate, kind: Kind, field: &'static str, note: Option<&str>| {
            out.push(Event {
                date,
                title: show.title.clone(),
                season: season.number,
                kind,
                field: Some(field),
                from: None,
                to: Some(date.to_string()),
                note: note.map(str::to_string),
            });
        };
        if let Premiere::Day(date) = season.premiere {
            day(date, Kind::Premiere, "premiere", None);
        }
        if let Some(date) = season.finale {
            let provisional = (!season.finale_confirmed).then_some("provisional");
            day(date, Kind::Finale, "finale", provisional);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_written_by_their_names() {
        // `news --json` prints these: scripts match on them.
        assert_eq!(
            serde_json::to_string(&Kind::ALL).unwrap(),
            r#"["premiere","finale","date-announced","date-narrowed","date-moved","date-slipped","date-withdrawn","renewed","cancelled","ended","hiatus","resumed","status","note","added","removed"]"#
        );
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
