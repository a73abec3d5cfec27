//! Turning shows into text: tables for people, JSON, CSV and TSV for programs.
//!
//! Everything here is pure: shows, today and the terminal's traits in, text out. Nothing reads
//! or writes the watchlist.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::NaiveDate;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle,
};
#[cfg(test)]
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::{HistoryEntry, Show, Status};
use crate::premiere::{Premiere, days_between, iso_day};

/// What the output goes to: whether to colour it and how wide it may be.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// The width to fit tables to; `None` leaves them as wide as their content.
    pub width: Option<u16>,
}

/// The JSON form of a show: every key always present, `null` where unknown.
#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct Record<'a> {
    pub title: &'a str,
    pub network: Option<&'a str>,
    pub season: Option<u32>,
    pub status: &'static str,
    pub premiere: String,
    pub premiere_start: Option<String>,
    pub premiere_end: Option<String>,
    pub days_until: Option<i64>,
    pub slips: usize,
    pub hiatus_reason: Option<&'a str>,
    pub hiatus_since: Option<String>,
    pub creators: &'a [String],
    pub cast: &'a [String],
    pub tags: &'a [String],
    pub notes: Option<&'a str>,
    pub added: Option<String>,
    pub history: Vec<HistoryRecord<'a>>,
}

#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
pub struct HistoryRecord<'a> {
    pub date: String,
    pub status: Option<&'static str>,
    pub season: Option<u32>,
    pub premiere: Option<String>,
    pub note: Option<&'a str>,
}

impl<'a> Record<'a> {
    pub fn new(show: &'a Show, today: NaiveDate) -> Self {
        let window = show.premiere.window();
        Record {
            title: &show.title,
            network: show.network.as_deref(),
            season: show.season,
            status: show.status.as_str(),
            premiere: show.premiere.to_string(),
            premiere_start: window.map(|(start, _)| iso_day(start)),
            premiere_end: window.map(|(_, end)| iso_day(end)),
            days_until: window.map(|(start, _)| days_between(today, start)),
            slips: show.slips(),
            hiatus_reason: show.hiatus_reason.as_deref(),
            hiatus_since: show.hiatus_since().map(iso_day),
            creators: &show.creators,
            cast: &show.cast,
            tags: &show.tags,
            notes: show.notes.as_deref(),
            added: show.added.map(iso_day),
            history: show.history.iter().map(HistoryRecord::new).collect(),
        }
    }
}

impl<'a> HistoryRecord<'a> {
    fn new(entry: &'a HistoryEntry) -> Self {
        HistoryRecord {
            date: iso_day(entry.date),
            status: entry.status.map(Status::as_str),
            season: entry.season,
            premiere: entry.premiere.map(|p| p.to_string()),
            note: entry.note.as_deref(),
        }
    }
}

/// A JSON array of shows, pretty-printed with a final newline, written a record at a time.
pub fn json_array(out: &mut dyn Write, shows: &[&Show], today: NaiveDate) -> io::Result<()> {
    const CHUNK: usize = 1 << 16;
    let mut buf = Vec::with_capacity(CHUNK + 4096);
    buf.push(b'[');
    for (i, show) in shows.iter().enumerate() {
        buf.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        indent(&mut buf, 1);
        Record::new(show, today).write_pretty(&mut buf, 1);
        if buf.len() >= CHUNK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    if !shows.is_empty() {
        buf.push(b'\n');
    }
    buf.extend_from_slice(b"]\n");
    out.write_all(&buf)
}

pub fn json_object(show: &Show, today: NaiveDate) -> String {
    let mut out = Vec::new();
    Record::new(show, today).write_pretty(&mut out, 0);
    out.push(b'\n');
    String::from_utf8(out).expect("JSON written from strings is UTF-8")
}

/// JSON as serde_json's pretty printer writes it, byte for byte (a test holds the two
/// equal), without its generic machinery: JSON of thousands of shows is written several
/// times quicker.
impl Record<'_> {
    fn write_pretty(&self, out: &mut Vec<u8>, level: usize) {
        let mut object = Object::begin(out, level);
        json_str(object.key("title"), self.title);
        json_opt_str(object.key("network"), self.network);
        json_opt_int(object.key("season"), self.season.map(i64::from));
        json_str(object.key("status"), self.status);
        json_str(object.key("premiere"), &self.premiere);
        json_opt_str(object.key("premiere_start"), self.premiere_start.as_deref());
        json_opt_str(object.key("premiere_end"), self.premiere_end.as_deref());
        json_opt_int(object.key("days_until"), self.days_until);
        json_opt_int(object.key("slips"), Some(self.slips as i64));
        json_opt_str(object.key("hiatus_reason"), self.hiatus_reason);
        json_opt_str(object.key("hiatus_since"), self.hiatus_since.as_deref());
        for (key, list) in [
            ("creators", self.creators),
            ("cast", self.cast),
            ("tags", self.tags),
        ] {
            let out = object.key(key);
            json_array_of(out, level + 1, list, |out, item, _| json_str(out, item));
        }
        json_opt_str(object.key("notes"), self.notes);
        json_opt_str(object.key("added"), self.added.as_deref());
        let out = object.key("history");
        json_array_of(out, level + 1, &self.history, |out, entry, level| {
            let mut object = Object::begin(out, level);
            json_str(object.key("date"), &entry.date);
            json_opt_str(object.key("status"), entry.status);
            json_opt_int(object.key("season"), entry.season.map(i64::from));
            json_opt_str(object.key("premiere"), entry.premiere.as_deref());
            json_opt_str(object.key("note"), entry.note);
            object.end();
        });
        object.end();
    }
}

fn indent(out: &mut Vec<u8>, level: usize) {
    const SPACES: &[u8; 16] = b"                ";
    match SPACES.get(..2 * level) {
        Some(spaces) => out.extend_from_slice(spaces),
        None => out.extend(std::iter::repeat_n(b' ', 2 * level)),
    }
}

/// A JSON object being written at nesting `level`.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    level: usize,
    empty: bool,
}

impl<'a> Object<'a> {
    fn begin(out: &'a mut Vec<u8>, level: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            level,
            empty: true,
        }
    }

    /// Starts the entry `name`; its value is written to what this returns.
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        indent(self.out, self.level + 1);
        // Keys are airdate's own, with nothing to escape.
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\": ");
        self.out
    }

    fn end(self) {
        if !self.empty {
            self.out.push(b'\n');
            indent(self.out, self.level);
        }
        self.out.push(b'}');
    }
}

/// An array at nesting `level`, each item written by `item` (given the item's level).
fn json_array_of<T>(
    out: &mut Vec<u8>,
    level: usize,
    items: &[T],
    item: impl Fn(&mut Vec<u8>, &T, usize),
) {
    out.push(b'[');
    for (i, value) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        indent(out, level + 1);
        item(out, value, level + 1);
    }
    if !items.is_empty() {
        out.push(b'\n');
        indent(out, level);
    }
    out.push(b']');
}

/// A JSON string, escaped as serde_json escapes it: quotes, backslashes and control
/// characters only.
fn json_str(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    const ESCAPED: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 0x20 {
            table[byte] = true;
            byte += 1;
        }
        table[b'"' as usize] = true;
        table[b'\\' as usize] = true;
        table
    };
    let bytes = text.as_bytes();
    out.push(b'"');
    // Most strings need no escape; this test of every byte, without an early exit, is
    // vectorised.
    let plain = !bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    while let Some(skip) = bytes[start..].iter().position(|b| ESCAPED[usize::from(*b)]) {
        let at = start + skip;
        out.extend_from_slice(&bytes[start..at]);
        let byte = bytes[at];
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ],
        };
        out.extend_from_slice(escape);
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn json_opt_str(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(text) => json_str(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

fn json_opt_int(out: &mut Vec<u8>, n: Option<i64>) {
    match n {
        Some(n) => out.extend_from_slice(n.to_string().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

/// The columns of CSV and TSV output: the JSON keys but `history`, which only JSON carries.
pub const COLUMNS: [&str; 16] = [
    "title",
    "network",
    "season",
    "status",
    "premiere",
    "premiere_start",
    "premiere_end",
    "days_until",
    "slips",
    "hiatus_reason",
    "hiatus_since",
    "creators",
    "cast",
    "tags",
    "notes",
    "added",
];

/// Lists inside one CSV or TSV field are joined with this.
pub const LIST_SEPARATOR: &str = "; ";

fn fields(show: &Show, today: NaiveDate) -> [String; 16] {
    let r = Record::new(show, today);
    let text = |s: Option<&str>| s.unwrap_or_default().to_string();
    let shown = |v: Option<String>| v.unwrap_or_default();
    [
        r.title.to_string(),
        text(r.network),
        r.season.map(|n| n.to_string()).unwrap_or_default(),
        r.status.to_string(),
        r.premiere,
        shown(r.premiere_start),
        shown(r.premiere_end),
        r.days_until.map(|n| n.to_string()).unwrap_or_default(),
        r.slips.to_string(),
        text(r.hiatus_reason),
        shown(r.hiatus_since),
        r.creators.join(LIST_SEPARATOR),
        r.cast.join(LIST_SEPARATOR),
        r.tags.join(LIST_SEPARATOR),
        text(r.notes),
        shown(r.added),
    ]
}

/// RFC 4180 CSV with a header row and CRLF line ends.
pub fn csv(out: &mut dyn Write, shows: &[&Show], today: NaiveDate) -> io::Result<()> {
    let quote = |field: &str| {
        if field.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", field.replace('"', "\"\""))
        } else {
            field.to_string()
        }
    };
    let mut line = |fields: &mut dyn Iterator<Item = String>| {
        let quoted: Vec<String> = fields.map(|f| quote(&f)).collect();
        write!(out, "{}\r\n", quoted.join(","))
    };
    line(&mut COLUMNS.iter().map(|c| c.to_string()))?;
    for show in shows {
        line(&mut fields(show, today).into_iter())?;
    }
    Ok(())
}

/// Tab-separated values with a header row; tabs, newlines and backslashes inside a field are
/// written as `\t`, `\n`, `\r` and `\\`.
pub fn tsv(out: &mut dyn Write, shows: &[&Show], today: NaiveDate) -> io::Result<()> {
    let escape = |field: &str| {
        field
            .replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    };
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    for show in shows {
        let escaped: Vec<String> = fields(show, today).iter().map(|f| escape(f)).collect();
        writeln!(out, "{}", escaped.join("\t"))?;
    }
    Ok(())
}

/// How far away a premiere is, in words: "today", "tomorrow", "in 12 days", "in ~3 months";
/// for a window that has begun, "this month" (quarter, half, year); "-" for TBA. Windows are
/// approximate, and say so with "~".
pub fn countdown(premiere: &Premiere, today: NaiveDate) -> String {
    let Some((start, end)) = premiere.window() else {
        return "-".to_string();
    };
    let days = days_between(today, start);
    if end < today {
        return "passed".to_string();
    }
    if days < 0 || (days == 0 && !premiere.is_day()) {
        return format!("this {}", premiere.precision());
    }
    let approx = if premiere.is_day() { "" } else { "~" };
    // Put together without `format!`: `upcoming` writes one for every row.
    let words = |approx: &str, n: i64, unit: &str| {
        let mut out = String::with_capacity(16);
        out.push_str("in ");
        out.push_str(approx);
        out.push_str(&n.to_string());
        out.push_str(unit);
        out
    };
    match days {
        0 => "today".to_string(),
        1 if premiere.is_day() => "tomorrow".to_string(),
        1 => "from tomorrow".to_string(),
        2..=59 => words(approx, days, " days"),
        60..=547 => words("~", (days as f64 / 30.44).round() as i64, " months"),
        _ => words("~", (days as f64 / 365.25).round() as i64, " years"),
    }
}

/// One cell of a table: its text, and how it looks on a terminal with colour.
struct Field<'a> {
    /// Borrowed from the show where it can be: a large table is thousands of cells.
    text: Cow<'a, str>,
    /// The terminal columns `text` takes, worked out once.
    width: usize,
    color: Option<Color>,
    bold: bool,
}

impl<'a> Field<'a> {
    fn new(text: impl Into<Cow<'a, str>>) -> Self {
        let text = text.into();
        Field {
            width: display_width(&text),
            text,
            color: None,
            bold: false,
        }
    }

    fn bold(mut self, bold: bool) -> Self {
        self.bold = bold;
        self
    }
}

/// A table before it is laid out.
struct Grid<'a> {
    header: Vec<&'static str>,
    rows: Vec<Vec<Field<'a>>>,
    /// Columns whose data is right-aligned.
    right: Vec<usize>,
    /// Columns of short values (dates, statuses, numbers) that must not wrap when the table
    /// is fitted to the terminal; titles, networks and reasons wrap instead.
    whole: Vec<usize>,
}

impl<'a> Grid<'a> {
    fn new(header: &[&'static str], right: &[usize], whole: &[usize]) -> Self {
        Grid {
            header: header.to_vec(),
            rows: Vec::new(),
            right: right.to_vec(),
            whole: whole.to_vec(),
        }
    }

    /// The table as text. One that needs no colour and no wrapping is laid out here
    /// directly, as comfy-table would lay it out but several times faster, which matters for
    /// thousands of rows; others go through comfy-table, which fits them to the terminal.
    fn render(self, style: Style) -> String {
        if !style.color
            && let Some(out) = self.plain(style.width)
        {
            return out;
        }
        let mut table = new_table(style, &self.header);
        for row in self.rows {
            table.add_row(row.into_iter().enumerate().map(|(i, field)| {
                let mut cell = Cell::new(field.text);
                if self.right.contains(&i) {
                    cell = cell.set_alignment(CellAlignment::Right);
                }
                if let Some(color) = field.color.filter(|_| style.color) {
                    cell = cell.fg(color);
                }
                if field.bold && style.color {
                    cell = cell.add_attribute(Attribute::Bold);
                }
                cell
            }));
        }
        for &i in &self.whole {
            if let Some(column) = table.column_mut(i) {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        comfy(table)
    }

    /// Every column as wide as its widest cell, two spaces between columns; `None` when that
    /// is wider than `width`.
    fn plain(&self, width: Option<u16>) -> Option<String> {
        let count = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()?;
        let mut widths = vec![0; count];
        for (i, title) in self.header.iter().enumerate() {
            widths[i] = display_width(title);
        }
        for row in &self.rows {
            for (i, field) in row.iter().enumerate() {
                if field.text.contains('\n') {
                    return None;
                }
                widths[i] = widths[i].max(field.width);
            }
        }
        let total = widths.iter().sum::<usize>() + 2 * (count - 1);
        if width.is_some_and(|w| total > usize::from(w)) {
            return None;
        }
        let mut out = String::with_capacity((self.rows.len() + 2) * (total + 1));
        let spaces = " ".repeat(widths.iter().max().copied().unwrap_or(0) + 2);
        let right: Vec<bool> = (0..count).map(|i| self.right.contains(&i)).collect();
        if !self.header.is_empty() {
            let header = self.header.iter().map(|h| (*h, display_width(h)));
            line(&mut out, &widths, &spaces, None, header);
            out.push_str(&"─".repeat(total));
            out.push('\n');
        }
        for row in &self.rows {
            let cells = row.iter().map(|f| (f.text.as_ref(), f.width));
            line(&mut out, &widths, &spaces, Some(&right), cells);
        }
        Some(out)
    }
}

/// One line of a plain table: each cell padded to its column's `widths` (on the left in the
/// columns `right` marks, for data lines), two spaces between columns, no trailing blanks.
fn line<'a>(
    out: &mut String,
    widths: &[usize],
    spaces: &str,
    right: Option<&[bool]>,
    mut cells: impl Iterator<Item = (&'a str, usize)>,
) {
    let start = out.len();
    for (i, width) in widths.iter().enumerate() {
        let (cell, cell_width) = cells.next().unwrap_or(("", 0));
        let pad = &spaces[..width - cell_width];
        if right.is_some_and(|right| right[i]) {
            out.push_str(pad);
            out.push_str(cell);
        } else {
            out.push_str(cell);
            out.push_str(pad);
        }
        if i + 1 < widths.len() {
            out.push_str("  ");
        }
    }
    let end = out[start..].trim_end().len();
    out.truncate(start + end);
    out.push('\n');
}

/// How many terminal columns `text` takes.
fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.width()
    }
}

/// The table for `list`.
pub fn list_table(shows: &[&Show], style: Style) -> String {
    let slips: Vec<usize> = shows.iter().map(|s| s.slips()).collect();
    let with_slips = slips.iter().any(|n| *n > 0);
    let mut header = vec!["Title", "Season", "Network", "Status", "Premiere"];
    if with_slips {
        header.push("Slips");
    }
    let mut grid = Grid::new(&header, &[1, 5], &[1, 3, 4, 5]);
    for (show, slips) in shows.iter().zip(slips) {
        let mut row = vec![
            Field::new(clean(&show.title)),
            season_field(show),
            Field::new(clean(show.network.as_deref().unwrap_or(""))),
            status_field(show.status),
            Field::new(show.premiere.to_string()),
        ];
        if with_slips {
            row.push(slips_field(slips));
        }
        grid.rows.push(row);
    }
    grid.render(style)
}

/// The number of slips, blank for none.
fn slips_field(slips: usize) -> Field<'static> {
    Field::new(if slips == 0 {
        String::new()
    } else {
        slips.to_string()
    })
}

/// The table for `upcoming`.
pub fn upcoming_table(shows: &[&Show], today: NaiveDate, style: Style) -> String {
    let slips: Vec<usize> = shows.iter().map(|s| s.slips()).collect();
    let with_slips = slips.iter().any(|n| *n > 0);
    let mut header = vec!["Premiere", "When", "Title", "Season", "Network", "Status"];
    if with_slips {
        header.push("Slips");
    }
    let mut grid = Grid::new(&header, &[3, 6], &[0, 1, 3, 5, 6]);
    for (show, slips) in shows.iter().zip(slips) {
        let soon = show
            .premiere
            .start()
            .is_some_and(|s| days_between(today, s) <= 7);
        let mut row = vec![
            Field::new(show.premiere.to_string()),
            Field::new(countdown(&show.premiere, today)).bold(soon),
            Field::new(clean(&show.title)),
            season_field(show),
            Field::new(clean(show.network.as_deref().unwrap_or(""))),
            status_field(show.status),
        ];
        if with_slips {
            row.push(slips_field(slips));
        }
        grid.rows.push(row);
    }
    grid.render(style)
}

/// The table for `hiatus`.
pub fn hiatus_table(shows: &[&Show], today: NaiveDate, style: Style) -> String {
    let mut grid = Grid::new(
        &["Title", "Season", "Network", "Reason", "Since", "Days"],
        &[1, 5],
        &[1, 4, 5],
    );
    for show in shows {
        let since = show.hiatus_since();
        grid.rows.push(vec![
            Field::new(clean(&show.title)),
            season_field(show),
            Field::new(clean(show.network.as_deref().unwrap_or(""))),
            Field::new(clean(show.hiatus_reason.as_deref().unwrap_or("-"))),
            Field::new(since.map_or("-".to_string(), iso_day)),
            Field::new(since.map_or("-".to_string(), |d| days_between(d, today).to_string())),
        ]);
    }
    grid.render(style)
}

/// Every field of one show, then its history.
pub fn show_detail(show: &Show, today: NaiveDate, style: Style) -> String {
    let mut fields = Grid::new(&[], &[], &[]);
    let mut row = |name: &'static str, value: Field<'static>| {
        fields.rows.push(vec![Field::new(name).bold(true), value]);
    };
    row("Title", Field::new(clean(&show.title).into_owned()));
    let text = |v: &Option<String>| Field::new(clean(v.as_deref().unwrap_or("-")).into_owned());
    let list = |v: &[String]| match v {
        [] => Field::new("-"),
        _ => Field::new(clean(&v.join(", ")).into_owned()),
    };
    row("Network", text(&show.network));
    row(
        "Season",
        Field::new(show.season.map_or("-".into(), |n| n.to_string())),
    );
    row("Status", status_field(show.status));
    let premiere = match show.premiere.window() {
        None => "TBA".to_string(),
        Some(_) => format!("{} ({})", show.premiere, countdown(&show.premiere, today)),
    };
    row("Premiere", Field::new(premiere));
    let path = show.premiere_path();
    if path.len() > 1 {
        let steps: Vec<String> = path.iter().map(|p| p.to_string()).collect();
        let slipped = match show.slips() {
            0 => "never slipped".to_string(),
            1 => "slipped once".to_string(),
            2 => "slipped twice".to_string(),
            n => format!("slipped {n} times"),
        };
        row(
            "Path",
            Field::new(format!("{}, {slipped}", steps.join(" → "))),
        );
    }
    if show.status == Status::OnHiatus || show.hiatus_reason.is_some() {
        row("Hiatus", text(&show.hiatus_reason));
        if let Some(since) = show.hiatus_since() {
            row(
                "Since",
                Field::new(format!("{since} ({} days)", days_between(since, today))),
            );
        }
    }
    row("Creators", list(&show.creators));
    row("Cast", list(&show.cast));
    row("Tags", list(&show.tags));
    row("Notes", text(&show.notes));
    row(
        "Added",
        Field::new(show.added.map_or("-".into(), |d| d.to_string())),
    );
    let mut out = fields.render(style);
    if !show.history.is_empty() {
        let mut history = Grid::new(&["Date", "Status", "Premiere", "Note"], &[], &[]);
        for entry in show.history_by_date() {
            history.rows.push(vec![
                Field::new(entry.date.to_string()),
                entry.status.map_or(Field::new(""), status_field),
                Field::new(entry.premiere.map(|p| p.to_string()).unwrap_or_default()),
                Field::new(clean(entry.note.as_deref().unwrap_or(""))),
            ]);
        }
        out.push_str("\nHistory\n");
        out.push_str(&history.render(style));
    }
    out
}

/// Columns apart by white space, a rule under the header, nothing else: quiet to read, easy
/// to copy from.
const TABLE_STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

fn new_table(style: Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_style(TABLE_STYLE);
    table.force_no_tty();
    if style.color {
        table.enforce_styling();
    }
    match style.width {
        Some(width) => {
            table.set_width(width);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    if !header.is_empty() {
        table.set_header(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    }
    table
}

/// Lays a table out with comfy-table: two spaces between columns, none at the edges.
fn comfy(mut table: Table) -> String {
    let last = table.column_count().saturating_sub(1);
    for (i, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, u16::from(i < last)));
    }
    let mut out: String = table
        .lines()
        .map(|line| line.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

fn season_field(show: &Show) -> Field<'static> {
    Field::new(show.season.map(|n| n.to_string()).unwrap_or_default())
}

fn status_field(status: Status) -> Field<'static> {
    let color = match status {
        Status::Announced | Status::InDevelopment => Color::Cyan,
        Status::InProduction | Status::PostProduction => Color::Blue,
        Status::OnHiatus => Color::Yellow,
        Status::Scheduled | Status::Airing => Color::Green,
        Status::Finished => Color::Reset,
        Status::Ended | Status::Cancelled => Color::DarkGrey,
    };
    Field {
        color: Some(color),
        ..Field::new(status.as_str())
    }
}

/// Text safe to put on a terminal: control characters and bidirectional overrides, which
/// could garble or disguise a table, are shown escaped (`\u{202e}`). The file and JSON keep
/// the exact text.
pub fn clean(text: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    // Printable ASCII, the common case, needs no look at characters.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if unsafe_char(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => "[a-zA-Z0-9 ]{0,8}",
                1 => Just("\"\\\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}".to_string()),
                1 => Just("é漢🎬\u{202e}".to_string()),
            ],
            0..4,
        )
        .prop_map(|parts| parts.concat())
    }

    fn show() -> impl Strategy<Value = Show> {
        let list = || proptest::collection::vec(text(), 0..3);
        (
            (
                text(),
                proptest::option::of(text()),
                proptest::option::of(1..30u32),
            ),
            (0..Status::ALL.len(), 0..400i64, any::<bool>()),
            (proptest::option::of(text()), list(), list(), list()),
            proptest::collection::vec(
                (
                    0..900i64,
                    proptest::option::of(1..9u32),
                    proptest::option::of(text()),
                ),
                0..3,
            ),
        )
            .prop_map(
                |((title, network, season), (status, offset, dated), lists, history)| {
                    let start = day("2024-06-01");
                    let mut show = Show::new(title);
                    show.network = network;
                    show.season = season;
                    show.status = Status::ALL[status];
                    if dated {
                        show.premiere = Premiere::Day(start + chrono::Days::new(offset as u64));
                    }
                    (show.notes, show.creators, show.cast, show.tags) = lists;
                    show.added = dated.then_some(start);
                    show.history = history
                        .into_iter()
                        .map(|(offset, season, note)| HistoryEntry {
                            date: start - chrono::Days::new(offset as u64),
                            status: Some(show.status),
                            season,
                            premiere: Some(Premiere::Year(2025)),
                            note,
                        })
                        .collect();
                    show
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// JSON is written as serde_json's pretty printer writes it, byte for byte.
        #[test]
        fn json_is_written_as_serde_json_writes_it(shows in proptest::collection::vec(show(), 0..4)) {
            let today = day("2024-12-01");
            let shows: Vec<&Show> = shows.iter().collect();
            let records: Vec<Record> = shows.iter().map(|s| Record::new(s, today)).collect();
            let mut out = Vec::new();
            json_array(&mut out, &shows, today).unwrap();
            let expected = serde_json::to_string_pretty(&records).unwrap() + "\n";
            prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
            for (show, record) in shows.iter().zip(&records) {
                let expected = serde_json::to_string_pretty(record).unwrap() + "\n";
                prop_assert_eq!(json_object(show, today), expected);
            }
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn countdown_words() {
        let today = day("2024-12-01");
        let cases = [
            ("2024-12-01", "today"),
            ("2024-12-02", "tomorrow"),
            ("2024-12-13", "in 12 days"),
            ("2025-03-01", "in ~3 months"),
            ("2027-01-01", "in ~2 years"),
            ("2024-12", "this month"),
            ("2024-H2", "this half"),
            ("2024", "this year"),
            ("2024-Q4", "this quarter"),
            ("2025-01", "in ~31 days"),
            ("2025-Q1", "in ~31 days"),
            ("2025", "in ~31 days"),
            ("2024-11-30", "passed"),
            ("TBA", "-"),
        ];
        for (premiere, words) in cases {
            assert_eq!(
                countdown(&premiere.parse().unwrap(), today),
                words,
                "{premiere}"
            );
        }
    }

    #[test]
    fn plain_tables_are_laid_out_as_comfy_table_lays_them_out() {
        let build = |header: &[&'static str]| {
            let mut grid = Grid::new(header, &[1], &[]);
            for (title, season, note) in [
                ("Shōgun", "2", "東京 and more"),
                ("The Last of Us", "", ""),
                ("進撃の巨人", "12", "x"),
            ] {
                grid.rows.push(vec![
                    Field::new(title),
                    Field::new(season),
                    Field::new(note),
                ]);
            }
            grid
        };
        for header in [&["Title", "Season", "Note"][..], &[]] {
            let fast = build(header).plain(None).expect("it fits");
            let grid = build(header);
            let mut table = new_table(Style::default(), &grid.header);
            for row in grid.rows {
                table.add_row(row.into_iter().enumerate().map(|(i, f)| {
                    let cell = Cell::new(f.text);
                    if i == 1 {
                        cell.set_alignment(CellAlignment::Right)
                    } else {
                        cell
                    }
                }));
            }
            assert_eq!(fast, comfy(table));
        }
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\u{202e}b\tc"), "a\\u{202e}b\\u{9}c");
    }
}
