//! What `import` makes of a record read from JSON ([`super::json::read`]) or CSV
//! ([`super::csv::read`]) written by `airdate export` (or by hand, or by another program), with
//! the keys of the JSON output.
//!
//! Every record is checked before anything is written; bad ones fail the whole import, each
//! named by its position (up to [`MAX_REPORTED`] of them). An empty CSV cell means "not
//! given": it never clears a field.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use super::csv::LIST_SEPARATOR;
use super::json::DERIVED_KEYS;
use crate::model::moment::{Moment, When};
use crate::model::premiere::{self, Premiere};
use crate::model::{
    HISTORY_KEYS, HistoryEntry, Kind, SHOW_KEYS, SeasonRecord, Show, Status, kind_of, suggest,
    title_key,
};
use crate::term::{clean, excerpt};

// The keys a record may carry are those of a show (`SHOW_KEYS`); the JSON form's others
// (`premiere_start`, `days_until`, …: `DERIVED_KEYS`) are derived, and ignored quietly. Any
// other key is one airdate does not know: its value is not imported, and the reader says so
// ([`UnknownKey`]).

/// One show read from the file, and which of its fields the record carried.
#[derive(Debug, Clone)]
pub struct Imported {
    pub show: Show,
    pub carried: Vec<&'static str>,
}

impl Imported {
    /// Copies the fields this record carried onto `show`.
    pub fn update(&self, show: &mut Show) {
        show.take_fields(&self.show, &self.carried);
    }
}

/// The records of an import file, and the keys in it that airdate does not know, whose values
/// were not imported.
#[derive(Debug)]
pub struct Records {
    pub records: Vec<Imported>,
    /// In the order the file first gives them a value.
    pub unknown: Vec<UnknownKey>,
}

/// A key of an import file that is neither a show's nor one the JSON form derives (a history
/// entry's is `history.KEY`), and the first record that gave it a value (a JSON `null` or an
/// empty CSV cell is none). Its values were not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub key: String,
    /// Where it was first: `record 2`, or for CSV `record 2 on line 3`.
    pub place: String,
}

impl UnknownKey {
    /// The warning line for the import file `file`, escaped for the terminal.
    pub fn warning(&self, file: &Path) -> String {
        let (entry, key) = match self.key.strip_prefix("history.") {
            Some(key) => ("history.", key),
            None => ("", self.key.as_str()),
        };
        let known: &[&str] = if entry.is_empty() {
            &SHOW_KEYS
        } else {
            &HISTORY_KEYS
        };
        let hint = match suggest::closest(key, known.iter().copied()).first() {
            Some(near) => format!(" (did you mean `{entry}{near}`?)"),
            None => String::new(),
        };
        format!(
            "warning: `{}`: the key `{}` (first in {}) is not one airdate knows{hint}; it was \
             not imported",
            clean(&file.display().to_string()),
            clean(&excerpt(&self.key, 60)),
            self.place
        )
    }
}

/// The unknown keys of a file as its records are read: each once, with the first record that
/// gave it a value.
#[derive(Debug, Default)]
pub(super) struct Unknown(Vec<UnknownKey>);

impl Unknown {
    /// Notes that the record at `place` gives the key `key` (of a show's) a value.
    pub(super) fn met(&mut self, key: &str, place: &str) {
        if !SHOW_KEYS.contains(&key) && !DERIVED_KEYS.contains(&key) {
            self.note(key, place);
        }
    }

    /// Notes that a history entry of the record at `place` gives `key` a value.
    pub(super) fn met_in_history(&mut self, key: &str, place: &str) {
        if !HISTORY_KEYS.contains(&key) {
            self.note(&format!("history.{key}"), place);
        }
    }

    fn note(&mut self, key: &str, place: &str) {
        if !self.0.iter().any(|u| u.key == key) {
            self.0.push(UnknownKey {
                key: key.to_string(),
                place: place.to_string(),
            });
        }
    }

    /// The records, with the unknown keys met.
    pub(super) fn with(self, records: Vec<Imported>) -> Records {
        Records {
            records,
            unknown: self.0,
        }
    }
}

/// How many problems of an import file one run reports.
pub const MAX_REPORTED: usize = 20;

/// The problems of an import file, in file order.
#[derive(Debug)]
pub struct ImportErrors(pub Vec<ImportError>);

impl From<ImportError> for ImportErrors {
    fn from(e: ImportError) -> Self {
        ImportErrors(vec![e])
    }
}

/// The records, or every problem with them.
pub(super) fn all_or_problems(
    results: Vec<Result<Imported, ImportErrors>>,
) -> Result<Vec<Imported>, ImportErrors> {
    let (good, bad): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if bad.is_empty() {
        let records: Vec<Imported> = good.into_iter().map(Result::unwrap).collect();
        no_repeats(&records)?;
        return Ok(records);
    }
    Err(ImportErrors(
        bad.into_iter()
            .filter_map(Result::err)
            .flat_map(|e| e.0)
            .collect(),
    ))
}

/// Whether a value was given: an empty CSV cell was not. (JSON `null` was: it says "unknown".)
pub(super) fn given(field: &Field) -> bool {
    !matches!(field, Field::Text(""))
}

/// A problem in the import file, with where it is.
#[derive(Debug)]
pub struct ImportError {
    pub place: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    pub(super) fn new(place: &str, message: impl Into<String>) -> Self {
        ImportError {
            place: place.to_string(),
            message: message.into(),
        }
    }
}

pub(super) fn fail<T>(place: &str, message: impl Into<String>) -> Result<T, ImportErrors> {
    Err(ImportError::new(place, message).into())
}

fn no_repeats(records: &[Imported]) -> Result<(), ImportErrors> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        if let Some(first) = seen.insert(title_key(&record.show.title), i) {
            return fail(
                &format!("record {}", i + 1),
                format!(
                    "the title \"{}\" is already used by record {}",
                    record.show.title,
                    first + 1
                ),
            );
        }
    }
    Ok(())
}

/// A value as JSON gives it, or as a CSV cell.
pub(super) enum Field<'a> {
    Json(&'a Value),
    Text(&'a str),
}

impl Field<'_> {
    /// The value checked against `kind`, in the show's serde form; `None` when not given.
    fn value(&self, key: &str, kind: Kind) -> Result<Option<Value>, String> {
        let text = |t: Option<String>| t.map(Value::String);
        Ok(match kind {
            Kind::Text => text(self.text(key)?),
            Kind::List => Some(Value::from(self.list(key)?)),
            Kind::Positive => self.positive(key)?.map(Value::from),
            Kind::Status => text(self.status(key)?.map(|s| s.as_str().to_string())),
            Kind::Premiere => text(self.premiere(key)?.map(|p| p.to_string())),
            Kind::Day => text(self.date(key)?.map(crate::model::premiere::iso_day)),
            Kind::Bool => self.flag(key)?.map(Value::Bool),
            Kind::Count => self.count(key)?.map(Value::from),
            Kind::Moment => text(self.parsed::<Moment>(key)?.map(|m| m.to_string())),
            Kind::When => text(self.parsed::<When>(key)?.map(|w| w.to_string())),
            Kind::Seasons => Some(serde_json::to_value(seasons(self)?).map_err(|e| e.to_string())?),
            Kind::History => Some(serde_json::to_value(history(self)?).map_err(|e| e.to_string())?),
        })
    }

    /// `None` for JSON null and an empty cell.
    fn text(&self, key: &str) -> Result<Option<String>, String> {
        match self {
            Field::Json(Value::Null) => Ok(None),
            Field::Json(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.is_empty())),
            Field::Json(other) => Err(format!("`{key}` must be a string, not {other}")),
            Field::Text(s) => Ok(Some(s.to_string()).filter(|s| !s.is_empty())),
        }
    }

    fn list(&self, key: &str) -> Result<Vec<String>, String> {
        match self {
            Field::Json(Value::Null) => Ok(Vec::new()),
            Field::Json(Value::Array(items)) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(format!("`{key}` must hold strings, not {other}")),
                })
                .collect(),
            Field::Json(other) => Err(format!("`{key}` must be a list of strings, not {other}")),
            Field::Text(s) => Ok(s
                .split(LIST_SEPARATOR.trim())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()),
        }
    }

    fn positive(&self, key: &str) -> Result<Option<u32>, String> {
        let number = match self {
            Field::Json(Value::Null) => return Ok(None),
            Field::Json(Value::Number(n)) => n.as_i64(),
            Field::Text("") => return Ok(None),
            Field::Text(s) => s.trim().parse().ok(),
            Field::Json(_) => None,
        };
        match number {
            Some(n) if n >= 1 && n <= i64::from(u32::MAX) => Ok(Some(n as u32)),
            _ => Err(format!("`{key}` must be a whole number of 1 or more")),
        }
    }

    /// A whole number from 0; `None` when not given.
    fn count(&self, key: &str) -> Result<Option<u32>, String> {
        let number = match self {
            Field::Json(Value::Null) | Field::Text("") => return Ok(None),
            Field::Json(Value::Number(n)) => n.as_i64(),
            Field::Text(s) => s.trim().parse().ok(),
            Field::Json(_) => None,
        };
        match number {
            Some(n) if (0..=i64::from(u32::MAX)).contains(&n) => Ok(Some(n as u32)),
            _ => Err(format!("`{key}` must be a whole number of 0 or more")),
        }
    }

    /// A value its type reads from text (a moment, a day or moment); `None` when not given.
    fn parsed<T: std::str::FromStr<Err = String>>(&self, key: &str) -> Result<Option<T>, String> {
        self.text(key)?
            .map(|s| s.parse().map_err(|e: String| format!("`{key}`: {e}")))
            .transpose()
    }

    /// `true` or `false` (in any letter case in a CSV cell); `None` when not given.
    fn flag(&self, key: &str) -> Result<Option<bool>, String> {
        match self {
            Field::Json(Value::Null) | Field::Text("") => Ok(None),
            Field::Json(Value::Bool(b)) => Ok(Some(*b)),
            Field::Text(s) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
            Field::Text(s) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
            _ => Err(format!("`{key}` must be true or false")),
        }
    }

    fn status(&self, key: &str) -> Result<Option<Status>, String> {
        self.text(key)?.map(|s| s.parse()).transpose()
    }

    fn premiere(&self, key: &str) -> Result<Option<Premiere>, String> {
        self.text(key)?
            .map(|s| {
                s.parse()
                    .map_err(|e: premiere::PremiereError| e.to_string())
            })
            .transpose()
    }

    fn date(&self, key: &str) -> Result<Option<NaiveDate>, String> {
        self.text(key)?
            .map(|s| premiere::parse_day(&s).map_err(|e| format!("`{key}`: {e}")))
            .transpose()
    }
}

/// The show of one record, or a problem for each of its bad values (each on a line of its own).
pub(super) fn record(
    place: &str,
    fields: HashMap<&'static str, Field>,
) -> Result<Imported, ImportErrors> {
    let within = |message: String| ImportError {
        place: place.to_string(),
        message,
    };
    let title = match fields.get("title") {
        Some(field) => field.text("title").map_err(within)?,
        None => None,
    };
    let Some(title) = title.filter(|t| crate::model::is_visible(t)) else {
        return fail(place, "the record has no `title`");
    };
    let show = Show::new(title.trim());
    let place = format!("{place} (\"{}\")", show.title);
    let within = |message: String| ImportError {
        place: place.clone(),
        message,
    };
    // Each value is checked against its key's kind, then the show is made of them through
    // its serde form: every key of the file is read without a line of its own here.
    // Every bad value of the record is said, in the order of the file's keys.
    let mut form = show.form();
    let mut keys: Vec<&&'static str> = fields.keys().collect();
    keys.sort_by_key(|k| SHOW_KEYS.iter().position(|key| key == *k));
    let mut bad = Vec::new();
    for key in keys {
        let Some(kind) = kind_of(key).filter(|_| *key != "title") else {
            continue;
        };
        match fields[*key].value(key, kind) {
            Ok(Some(value)) => {
                form.insert(key.to_string(), value);
            }
            Ok(None) => {}
            Err(message) => bad.push(within(message)),
        }
    }
    if !bad.is_empty() {
        return Err(ImportErrors(bad));
    }
    let mut show =
        Show::from_form(form).map_err(|e| within(format!("the record could not be read: {e}")))?;
    // Records are of earlier seasons: the one being waited for is the show's own keys.
    let current = show.season;
    show.seasons
        .retain(|r| current.is_none_or(|season| r.number < season));
    show.drop_derivable_records();
    // A premiere with a moment is on the origin's day of it (a view gives the user's).
    show.premiere = show.file_premiere();
    let mut carried: Vec<&'static str> = fields.keys().copied().collect();
    carried.sort_by_key(|k| SHOW_KEYS.iter().position(|key| key == k));
    Ok(Imported { show, carried })
}

/// The seasons of a JSON record, as views write them (`finale_confirmed` rather than the
/// file's `finale_provisional`; the derived `slips` ignored). The season being waited for is
/// among them; the record drops it once the show's own `season` is known.
fn seasons(field: &Field) -> Result<Vec<SeasonRecord>, String> {
    let items = json_list(field, "seasons")?;
    let mut records = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(season) = item else {
            return Err(format!("season {} must be an object", i + 1));
        };
        let get = |key: &str| Field::Json(season.get(key).unwrap_or(&Value::Null));
        let at = |e: String| format!("season {}: {e}", i + 1);
        // A season whose number is unknown cannot be kept as a record.
        let Some(number) = get("number").positive("number").map_err(at)? else {
            continue;
        };
        let finale = get("finale").date("finale").map_err(at)?;
        let confirmed = get("finale_confirmed")
            .flag("finale_confirmed")
            .map_err(at)?;
        records.push(SeasonRecord {
            number,
            premiere: get("premiere")
                .premiere("premiere")
                .map_err(at)?
                .unwrap_or_default(),
            finale,
            finale_provisional: finale.is_some() && confirmed == Some(false),
            episodes: get("episodes").positive("episodes").map_err(at)?,
        });
    }
    Ok(records)
}

/// The items of the JSON list `key` (a show's history or seasons; CSV cannot carry them).
fn json_list<'a>(field: &Field<'a>, key: &str) -> Result<&'a [Value], String> {
    let Field::Json(value) = field else {
        return Err(format!("`{key}` is JSON only"));
    };
    match value {
        Value::Null => Ok(&[]),
        Value::Array(items) => Ok(items),
        other => Err(format!("`{key}` must be a list, not {other}")),
    }
}

fn history(field: &Field) -> Result<Vec<HistoryEntry>, String> {
    let items = json_list(field, "history")?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(entry) = item else {
                return Err(format!("history entry {} must be an object", i + 1));
            };
            let get = |key: &str| Field::Json(entry.get(key).unwrap_or(&Value::Null));
            let at = |e: String| format!("history entry {}: {e}", i + 1);
            let date = get("date")
                .date("date")
                .map_err(at)?
                .ok_or_else(|| at("`date` is missing".into()))?;
            Ok(HistoryEntry {
                date,
                status: get("status").status("status").map_err(at)?,
                season: get("season").positive("season").map_err(at)?,
                premiere: get("premiere").premiere("premiere").map_err(at)?,
                note: get("note").text("note").map_err(at)?,
            })
        })
        .collect()
}

/// The premiere's moment `at` (RFC 3339, as views write it) told in the zone it was announced
/// in (`zone`, the derived `premiere_zone`), in the file's form: what `import` keeps. `None`
/// when either is missing (or `at` does not read: its own check says so), and `at` is then
/// read as it is; a zone given that is none is an error, since taking the moment in UTC
/// would move the premiere's day.
pub fn moment_in_zone(at: Option<&str>, zone: Option<&str>) -> Result<Option<String>, String> {
    let (Some(at), Some(zone)) = (at, zone.filter(|z| !z.trim().is_empty())) else {
        return Ok(None);
    };
    let zone = crate::model::moment::zone(zone).map_err(|e| format!("`premiere_zone`: {e}"))?;
    let Ok(at) = at.parse::<Moment>() else {
        return Ok(None);
    };
    Ok(Some(Moment::from_instant(at.instant(), zone).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{csv, json};

    fn unknown(read: &Records) -> Vec<(&str, &str)> {
        let pairs = read.unknown.iter();
        pairs.map(|u| (u.key.as_str(), u.place.as_str())).collect()
    }

    fn titles(read: &Records) -> Vec<&str> {
        let records = read.records.iter();
        records.map(|r| r.show.title.as_str()).collect()
    }

    #[test]
    fn json_keys_airdate_does_not_know_are_reported_with_their_first_record() {
        let read = json::read_all(
            r#"[
                {"title": "A", "premiere_start": "2025-01-01", "premiere_end": "2025-01-01",
                 "days_until": 3, "slips": 0, "hiatus_since": null, "premiere": "2025-01-01"},
                {"title": "B", "rating": 9, "netwrok": "HBO", "mood": null},
                {"title": "C", "rating": 7, "mood": "calm",
                 "history": [{"date": "2024-01-01", "status": "airing", "where": "x"}]}
            ]"#,
        )
        .unwrap();
        assert_eq!(titles(&read), ["A", "B", "C"], "the records import");
        assert_eq!(read.records[1].show.network, None);
        assert_eq!(read.records[1].carried, ["title"]);
        assert_eq!(read.records[2].show.history.len(), 1);
        assert_eq!(
            unknown(&read),
            [
                ("netwrok", "record 2"),
                ("rating", "record 2"),
                ("mood", "record 3"),
                ("history.where", "record 3")
            ],
            "the derived keys are known; a null is no value"
        );
        assert_eq!(json::read(r#"[{"title": "A", "x": 1}]"#).unwrap().len(), 1);
    }

    #[test]
    fn csv_columns_airdate_does_not_know_are_reported_with_their_first_record() {
        let text = "title,network,Rating,premiere_start,premiere_end,days_until,slips,\
                    hiatus_since,mood\n\
                    A,HBO,,2025-01-01,2025-01-01,3,0,,\n\
                    B,,9,,,,0,,\n\
                    C,,7,,,,0,,calm\n";
        let read = csv::read_all(text).unwrap();
        assert_eq!(titles(&read), ["A", "B", "C"], "the records import");
        assert_eq!(read.records[0].show.network.as_deref(), Some("HBO"));
        assert_eq!(
            unknown(&read),
            [
                ("Rating", "record 2 on line 3"),
                ("mood", "record 3 on line 4")
            ],
            "the derived columns are known; an empty cell is no value"
        );
        assert_eq!(csv::read(text).unwrap().len(), 3);
    }

    #[test]
    fn the_warning_names_the_file_the_key_and_the_record() {
        let file = Path::new("shows.json");
        let warning = |key: &str| {
            let place = "record 2".to_string();
            UnknownKey {
                key: key.into(),
                place,
            }
            .warning(file)
        };
        assert_eq!(
            warning("rating"),
            "warning: `shows.json`: the key `rating` (first in record 2) is not one airdate \
             knows; it was not imported"
        );
        assert_eq!(
            warning("netwrok"),
            "warning: `shows.json`: the key `netwrok` (first in record 2) is not one airdate \
             knows (did you mean `network`?); it was not imported"
        );
        assert_eq!(
            warning("history.nots"),
            "warning: `shows.json`: the key `history.nots` (first in record 2) is not one \
             airdate knows (did you mean `history.note`?); it was not imported"
        );
        assert!(warning("a\u{1b}[2J\n").contains("`a\\u{1b}[2J\\u{a}`"));
    }
}
