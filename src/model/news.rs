//! What happened in a period, from each show's history and dates: premieres and finales that
//! fell in it, premiere dates announced, narrowed, moved or slipped, status changes, renewals
//! and shows added. Pure: shows and a period in, events out.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::premiere::Premiere;
use crate::model::{Show, Status, is_slip};

/// One thing that happened, as `news --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: NaiveDate,
    pub title: String,
    /// What kind of news: `premiere`, `finale`, `date-announced`, `date-narrowed`,
    /// `date-moved`, `date-slipped`, `date-withdrawn`, `renewed`, `cancelled`, `ended`,
    /// `hiatus`, `resumed`, `status`, `added`, `removed`.
    pub kind: &'static str,
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
            "premiere" | "finale" => {
                let which = self
                    .note
                    .as_deref()
                    .map_or(String::new(), |n| format!("{n} "));
                return format!("{which}{}", self.kind);
            }
            "date-announced" => format!("premiere date announced: {change}"),
            "date-narrowed" => format!("premiere narrowed: {change}"),
            "date-moved" => format!("premiere moved earlier: {change}"),
            "date-slipped" => format!("premiere SLIPPED: {change}"),
            "date-withdrawn" => format!("premiere date withdrawn: {change}"),
            "renewed" => format!("renewed for season {change}"),
            "added" => "added to the watchlist".to_string(),
            "removed" => "removed from the watchlist".to_string(),
            "cancelled" => "cancelled".to_string(),
            "ended" => "ended".to_string(),
            "hiatus" => "production paused".to_string(),
            "resumed" => "back in production".to_string(),
            _ => format!("status: {change}"),
        };
        match &self.note {
            Some(note)
                if !note.is_empty() && !what.contains(note.as_str()) && self.kind != "added" =>
            {
                format!("{what} ({note})")
            }
            _ => what,
        }
    }
}

/// The kind of a status change from `old` to `new`.
fn status_kind(old: Status, new: Status) -> &'static str {
    match new {
        Status::Cancelled => "cancelled",
        Status::Ended => "ended",
        Status::OnHiatus => "hiatus",
        Status::InProduction | Status::PostProduction if old == Status::OnHiatus => "resumed",
        _ => "status",
    }
}

/// The kind of a premiere change from `old` to `new`.
fn premiere_kind(old: Premiere, new: Premiere) -> &'static str {
    match (old.window(), new.window()) {
        (None, _) => "date-announced",
        (Some(_), None) => "date-withdrawn",
        _ if is_slip(old, new) => "date-slipped",
        (Some((os, oe)), Some((ns, ne))) if ns >= os && ne <= oe => "date-narrowed",
        _ => "date-moved",
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
                kind: "removed",
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
                    "renewed",
                    Some("season"),
                    None,
                    Some(season.to_string()),
                    note.clone(),
                ));
            } else if status.is_none() && note.as_deref().is_some_and(|n| n.starts_with("added")) {
                said = true;
                out.push(event(entry.date, "added", None, None, None, note.clone()));
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
                "premiere",
                Some("premiere"),
                None,
                Some(day.to_string()),
                season.clone(),
            ));
        }
        if let Some(day) = show.finale {
            out.push(event(
                day,
                "finale",
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
