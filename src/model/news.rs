//! What happened in a period, from each show's history and dates: premieres and finales that
//! fell in it, premiere dates announced, narrowed, moved or slipped, status changes, renewals
//! and shows added. Pure: shows and a period in, events out.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::model::premiere::Premiere;
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
    /// Added to the watchlist.
    Added,
    /// Removed from the watchlist (from the removal log).
    Removed,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
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
        let what = match self.kind {
            Kind::Premiere | Kind::Finale => {
                let which = self
                    .note
                    .as_deref()
                    .map_or(String::new(), |n| format!("{n} "));
                return format!("{which}{}", self.kind);
            }
            Kind::DateAnnounced => format!("premiere date announced: {change}"),
            Kind::DateNarrowed => format!("premiere narrowed: {change}"),
            Kind::DateMoved => format!("premiere moved earlier: {change}"),
            Kind::DateSlipped => format!("premiere SLIPPED: {change}"),
            Kind::DateWithdrawn => format!("premiere date withdrawn: {change}"),
            Kind::Renewed => format!("renewed for season {change}"),
            Kind::Added => "added to the watchlist".to_string(),
            Kind::Removed => "removed from the watchlist".to_string(),
            Kind::Cancelled => "cancelled".to_string(),
            Kind::Ended => "ended".to_string(),
            Kind::Hiatus => "production paused".to_string(),
            Kind::Resumed => "back in production".to_string(),
            Kind::Status => format!("status: {change}"),
        };
        match &self.note {
            Some(note)
                if !note.is_empty()
                    && !what.contains(note.as_str())
                    && self.kind != Kind::Added =>
            {
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
    let within = |d: NaiveDate| d >= since && d <= today;
    let mut out = Vec::new();
    for show in shows {
        let event =
            |date, kind, field, from: Option<String>, to: Option<String>, note: Option<String>| {
                Event {
                    date,
                    title: show.title.clone(),
                    kind,
                    field,
                    from,
                    to,
                    note,
                }
            };
        let mut status: Option<Status> = None;
        let mut premiere = Premiere::Tba;
        for entry in show.history_by_date() {
            let note = entry.note.clone();
            let mut said = false;
            if let Some(season) = entry.season {
                said = true;
                out.push(event(
                    entry.date,
                    Kind::Renewed,
                    Some("season"),
                    None,
                    Some(season.to_string()),
                    note.clone(),
                ));
            } else if status.is_none() && note.as_deref().is_some_and(|n| n.starts_with("added")) {
                said = true;
                out.push(event(
                    entry.date,
                    Kind::Added,
                    None,
                    None,
                    None,
                    note.clone(),
                ));
            }
            if let (Some(old), Some(new)) = (status, entry.status)
                && old != new
                && !said
            {
                said = true;
                let kind = status_kind(old, new);
                out.push(event(
                    entry.date,
                    kind,
                    Some("status"),
                    Some(old.to_string()),
                    Some(new.to_string()),
                    note.clone(),
                ));
            }
            if let Some(new) = entry.premiere
                && new != premiere
            {
                let kind = premiere_kind(premiere, new);
                out.push(event(
                    entry.date,
                    kind,
                    Some("premiere"),
                    Some(premiere.to_string()),
                    Some(new.to_string()),
                    (!said).then(|| note.clone()).flatten(),
                ));
            }
            status = entry.status.or(status);
            if entry.season.is_some() {
                premiere = Premiere::Tba;
            }
            premiere = entry.premiere.unwrap_or(premiere);
        }
        let season = show.season.map(|s| format!("season {s}"));
        if let Premiere::Day(day) = show.premiere {
            out.push(event(
                day,
                Kind::Premiere,
                Some("premiere"),
                None,
                Some(day.to_string()),
                season.clone(),
            ));
        }
        if let Some(day) = show.finale {
            out.push(event(
                day,
                Kind::Finale,
                Some("finale"),
                None,
                Some(day.to_string()),
                season,
            ));
        }
    }
    out.extend(removed);
    out.retain(|e| within(e.date));
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_written_by_their_names() {
        // `news --json` prints these: scripts match on them.
        assert_eq!(
            serde_json::to_string(&Kind::ALL).unwrap(),
            r#"["premiere","finale","date-announced","date-narrowed","date-moved","date-slipped","date-withdrawn","renewed","cancelled","ended","hiatus","resumed","status","added","removed"]"#
        );
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
