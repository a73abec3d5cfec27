//! The quick way to read a valid watchlist: serde straight into plain structs, with none of
//! the layout-keeping machinery that edits need.
//!
//! It accepts only what the strict reader (`decode`) accepts, and answers `None` at the first
//! doubt; the caller then reads the file the strict way, which explains every problem. So this
//! path only ever makes valid files faster, and never changes what is valid.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::decode::VERSION;
use crate::model::{HistoryEntry, Show, Status, title_key};
use crate::premiere::{self, Premiere};

#[derive(Deserialize)]
struct RawFile {
    version: Option<i64>,
    #[serde(default)]
    show: Vec<RawShow>,
}

/// A show's table as written, before its values are checked.
#[derive(Deserialize, Default)]
pub(super) struct RawShow {
    pub title: Option<String>,
    pub network: Option<String>,
    pub season: Option<i64>,
    pub status: Option<String>,
    pub premiere: Option<DateText>,
    pub hiatus_reason: Option<String>,
    #[serde(default)]
    pub creators: Vec<String>,
    #[serde(default)]
    pub cast: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub added: Option<DateText>,
    #[serde(default)]
    pub history: Vec<RawEntry>,
}

#[derive(Deserialize, Default)]
pub(super) struct RawEntry {
    pub date: Option<DateText>,
    pub status: Option<String>,
    pub season: Option<i64>,
    pub premiere: Option<DateText>,
    pub note: Option<String>,
}

/// A date written as a string or as a TOML date.
pub(super) enum DateText {
    Text(String),
    Toml(toml::value::Datetime),
}

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date string or a TOML date")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<DateText, E> {
                Ok(DateText::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateText, A::Error> {
                toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(DateText::Toml)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl DateText {
    fn day(&self) -> Option<NaiveDate> {
        match self {
            DateText::Text(text) => premiere::parse_day(text).ok(),
            DateText::Toml(dt) => toml_day(dt),
        }
    }

    fn premiere(&self) -> Option<Premiere> {
        match self {
            DateText::Text(text) => text.parse().ok(),
            DateText::Toml(dt) => toml_day(dt).map(Premiere::Day),
        }
    }
}

fn toml_day(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
        }
        _ => None,
    }
}

/// The shows of `text`, or `None` when anything is not plainly valid.
pub fn read(text: &str) -> Option<Vec<Show>> {
    if has_inline_show_array(text) {
        return None;
    }
    let raw: RawFile = toml::from_str(text).ok()?;
    finish(raw.version, raw.show)
}

/// The shows of a file with `version` and these tables, or `None` when any value is not
/// plainly valid or two titles are the same.
pub(super) fn finish(version: Option<i64>, raw: Vec<RawShow>) -> Option<Vec<Show>> {
    if version.is_some_and(|v| v != VERSION) {
        return None;
    }
    let mut titles = HashSet::with_capacity(raw.len());
    let mut shows = Vec::with_capacity(raw.len());
    for raw in raw {
        let show = convert(raw)?;
        if !titles.insert(title_key(&show.title)) {
            return None;
        }
        shows.push(show);
    }
    Some(shows)
}

/// `show = [...]` parses as well as `[[show]]` tables, but airdate edits only the tables; the
/// strict reader says so. Any line that might assign `show` sends the file there.
fn has_inline_show_array(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        let rest = line
            .strip_prefix("show")
            .or_else(|| line.strip_prefix("\"show\""))
            .or_else(|| line.strip_prefix("'show'"));
        rest.is_some_and(|rest| rest.trim_start().starts_with('='))
    })
}

fn season(value: Option<i64>) -> Option<Option<u32>> {
    match value {
        None => Some(None),
        Some(n) if n >= 1 => u32::try_from(n).ok().map(Some),
        Some(_) => None,
    }
}

fn status(value: Option<String>) -> Option<Option<Status>> {
    match value {
        None => Some(None),
        Some(text) => text.parse().ok().map(Some),
    }
}

pub(super) fn convert(raw: RawShow) -> Option<Show> {
    let title = raw.title.filter(|t| !t.trim().is_empty())?;
    let mut show = Show::new(title);
    show.network = raw.network;
    show.season = season(raw.season)?;
    show.status = status(raw.status)?.unwrap_or(Status::Announced);
    show.premiere = match raw.premiere {
        None => Premiere::Tba,
        Some(p) => p.premiere()?,
    };
    show.hiatus_reason = raw.hiatus_reason;
    show.creators = raw.creators;
    show.cast = raw.cast;
    show.tags = raw.tags;
    show.notes = raw.notes;
    show.added = match raw.added {
        None => None,
        Some(d) => Some(d.day()?),
    };
    show.history = raw
        .history
        .into_iter()
        .map(|entry| {
            Some(HistoryEntry {
                date: entry.date?.day()?,
                status: status(entry.status)?,
                season: season(entry.season)?,
                premiere: match entry.premiere {
                    None => None,
                    Some(p) => Some(p.premiere()?),
                },
                note: entry.note,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(show)
}
