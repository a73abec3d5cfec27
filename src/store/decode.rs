//! Reading a parsed watchlist into typed shows, collecting every problem with its place.
//!
//! Validation is strict: a watchlist with any error is refused whole, so that a command never
//! acts on half of a file. Keys the program does not know are not errors (they are kept through
//! every edit); one that looks like a typo of a known key is reported as a warning.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml_edit::{Item, Table, Value};

use crate::model::{HistoryEntry, SHOW_KEYS, Show, Status, title_key};
use crate::premiere::{self, Premiere};
use crate::suggest;

/// The file format version this program reads and writes.
pub const VERSION: i64 = 1;

const HISTORY_KEYS: [&str; 5] = ["date", "status", "season", "premiere", "note"];
const ROOT_KEYS: [&str; 2] = ["version", "show"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// Something wrong (or suspicious) in the file, at a byte range of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl Problem {
    fn error(span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            span,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The typed shows of a document, in file order, and what is wrong with it.
pub fn decode(root: &Table) -> (Vec<Show>, Vec<Problem>) {
    let mut problems = Vec::new();
    if let Some(item) = root.get("version") {
        match item.as_integer() {
            Some(VERSION) => {}
            Some(v) if v > VERSION => problems.push(Problem::error(
                item.span(),
                format!(
                    "this watchlist is version {v}, made by a newer airdate; this one reads \
                     version {VERSION}: upgrade airdate to use it"
                ),
            )),
            _ => problems.push(Problem::error(
                item.span(),
                format!("`version` must be {VERSION}"),
            )),
        }
    }
    unknown_keys(root, &ROOT_KEYS, "", &mut problems);

    let mut shows = Vec::new();
    match root.get("show") {
        None => {}
        Some(Item::ArrayOfTables(tables)) => {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for table in tables.iter() {
                let Some((show, title_span)) = decode_show(table, &mut problems) else {
                    continue;
                };
                let key = title_key(&show.title);
                if let Some(&first) = seen.get(&key) {
                    let first: &Show = &shows[first];
                    problems.push(Problem::error(
                        title_span,
                        format!(
                            "duplicate title \"{}\": \"{}\" is already in the watchlist \
                             (titles are unique in any letter case)",
                            show.title, first.title
                        ),
                    ));
                }
                seen.entry(key).or_insert(shows.len());
                shows.push(show);
            }
        }
        Some(item) => problems.push(Problem::error(
            item.span(),
            "`show` must be written as [[show]] tables, one per show",
        )),
    }
    (shows, problems)
}

fn decode_show(table: &Table, problems: &mut Vec<Problem>) -> Option<(Show, Option<Range<usize>>)> {
    let before = problems.len();
    let mut field = Field { table, problems };
    let title = field.string("title");
    let title_span = table.get("title").and_then(Item::span);
    let title = match title {
        Some(t) if !t.trim().is_empty() => t,
        Some(_) => {
            field
                .problems
                .push(Problem::error(title_span.clone(), "`title` is empty"));
            String::new()
        }
        None if table.contains_key("title") => String::new(),
        None => {
            field.problems.push(Problem::error(
                table.span(),
                "this show has no `title`; every [[show]] needs one",
            ));
            String::new()
        }
    };
    let mut show = Show::new(title);
    show.network = field.string("network");
    show.season = field.season("season");
    show.status = field.status("status").unwrap_or(Status::Announced);
    show.premiere = field.premiere("premiere").unwrap_or(Premiere::Tba);
    show.hiatus_reason = field.string("hiatus_reason");
    show.creators = field.strings("creators");
    show.cast = field.strings("cast");
    show.tags = field.strings("tags");
    show.notes = field.string("notes");
    show.added = field.date("added");
    show.history = decode_history(table.get("history"), field.problems);
    unknown_keys(table, &SHOW_KEYS, "show.", problems);
    let ok = !problems[before..].iter().any(Problem::is_error);
    ok.then_some((show, title_span))
}

fn decode_history(item: Option<&Item>, problems: &mut Vec<Problem>) -> Vec<HistoryEntry> {
    let mut entries = Vec::new();
    let mut add = |table: &Table, problems: &mut Vec<Problem>| {
        let mut field = Field { table, problems };
        let date = field.date("date");
        let status = field.status("status");
        let season = field.season("season");
        let premiere = field.premiere("premiere");
        let note = field.string("note");
        if date.is_none() && !table.contains_key("date") {
            problems.push(Problem::error(
                table.span(),
                "this history entry has no `date`",
            ));
        }
        unknown_keys(table, &HISTORY_KEYS, "history.", problems);
        if let Some(date) = date {
            entries.push(HistoryEntry {
                date,
                status,
                season,
                premiere,
                note,
            });
        }
    };
    match item {
        None => {}
        Some(Item::ArrayOfTables(tables)) => {
            for table in tables.iter() {
                add(table, problems);
            }
        }
        Some(Item::Value(Value::Array(array))) => {
            for value in array.iter() {
                match value {
                    Value::InlineTable(inline) => add(&inline.clone().into_table(), problems),
                    other => problems.push(Problem::error(
                        other.span(),
                        "each `history` entry must be a table such as { date = \"2024-01-10\", status = \"on-hiatus\" }",
                    )),
                }
            }
        }
        Some(other) => problems.push(Problem::error(
            other.span(),
            "`history` must be written as [[show.history]] tables",
        )),
    }
    entries
}

/// Typed access to the keys of one table, reporting wrong types and values as problems.
struct Field<'a> {
    table: &'a Table,
    problems: &'a mut Vec<Problem>,
}

impl Field<'_> {
    fn value(&mut self, key: &str, expected: &str) -> Option<&Value> {
        match self.table.get(key)? {
            Item::Value(value) => Some(value),
            other => {
                self.problems.push(Problem::error(
                    other
                        .span()
                        .or_else(|| self.table.key(key).and_then(|k| k.span())),
                    format!("`{key}` must be {expected}, not a table"),
                ));
                None
            }
        }
    }

    fn wrong_type(&mut self, key: &str, value: &Value, expected: &str) {
        self.problems.push(Problem::error(
            value.span(),
            format!("`{key}` must be {expected}, not {}", describe(value)),
        ));
    }

    fn string(&mut self, key: &str) -> Option<String> {
        let value = self.value(key, "a string")?.clone();
        match value.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.wrong_type(key, &value, "a string");
                None
            }
        }
    }

    fn strings(&mut self, key: &str) -> Vec<String> {
        let expected = "a list of strings such as [\"a\", \"b\"]";
        let Some(value) = self.value(key, expected).cloned() else {
            return Vec::new();
        };
        let Some(array) = value.as_array() else {
            self.wrong_type(key, &value, expected);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in array.iter() {
            match item.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.wrong_type(key, item, expected),
            }
        }
        out
    }

    fn season(&mut self, key: &str) -> Option<u32> {
        let expected = "a whole number of 1 or more";
        let value = self.value(key, expected)?.clone();
        match value.as_integer() {
            Some(n) if n >= 1 && n <= i64::from(u32::MAX) => Some(n as u32),
            Some(n) => {
                self.problems.push(Problem::error(
                    value.span(),
                    format!("`{key}` must be {expected}, not {n}"),
                ));
                None
            }
            None => {
                self.wrong_type(key, &value, expected);
                None
            }
        }
    }

    fn status(&mut self, key: &str) -> Option<Status> {
        let text = self.string(key)?;
        match text.parse() {
            Ok(status) => Some(status),
            Err(message) => {
                let span = self.table.get(key).and_then(Item::span);
                self.problems.push(Problem::error(span, message));
                None
            }
        }
    }

    fn premiere(&mut self, key: &str) -> Option<Premiere> {
        let expected = "a date string such as \"2025-01-17\", \"Q1 2025\" or \"TBA\"";
        let value = self.value(key, expected)?.clone();
        let parsed = match &value {
            Value::String(s) => s
                .value()
                .parse()
                .map_err(|e: premiere::PremiereError| e.to_string()),
            Value::Datetime(dt) => toml_day(dt.value()).map(Premiere::Day),
            other => {
                self.wrong_type(key, other, expected);
                return None;
            }
        };
        parsed
            .map_err(|message| self.problems.push(Problem::error(value.span(), message)))
            .ok()
    }

    fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let expected = "a date such as \"2024-01-10\"";
        let value = self.value(key, expected)?.clone();
        let parsed = match &value {
            Value::String(s) => premiere::parse_day(s.value()),
            Value::Datetime(dt) => toml_day(dt.value()),
            other => {
                self.wrong_type(key, other, expected);
                return None;
            }
        };
        parsed
            .map_err(|message| self.problems.push(Problem::error(value.span(), message)))
            .ok()
    }
}

/// A TOML date (`2025-01-17`, no time) as a day.
fn toml_day(value: &toml_edit::Datetime) -> Result<NaiveDate, String> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                .ok_or_else(|| format!("invalid date {value}"))
        }
        _ => Err(format!("expected a day without a time, not {value}")),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string \"{}\"", s.value()),
        Value::Integer(i) => format!("the number {}", i.value()),
        Value::Float(f) => format!("the number {}", f.value()),
        Value::Boolean(b) => format!("{}", b.value()),
        Value::Datetime(d) => format!("the date {}", d.value()),
        Value::Array(_) => "a list".to_string(),
        Value::InlineTable(_) => "a table".to_string(),
    }
}

fn unknown_keys(table: &Table, known: &[&str], prefix: &str, problems: &mut Vec<Problem>) {
    for (key, _) in table.iter() {
        if known.contains(&key) {
            continue;
        }
        if let Some(near) = suggest::closest(key, known.iter().copied()).first() {
            problems.push(Problem {
                severity: Severity::Warning,
                span: table.key(key).and_then(|k| k.span()),
                message: format!(
                    "unknown key `{prefix}{key}` (did you mean `{near}`?); it is kept as it is"
                ),
            });
        }
    }
}
