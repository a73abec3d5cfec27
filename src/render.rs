//! Turning shows into text: tables for people, JSON, CSV and TSV for programs.
//!
//! Everything here is pure: shows, today and the terminal's traits in, text out. Nothing reads
//! or writes the watchlist.

use std::borrow::Cow;

use chrono::NaiveDate;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, LineStyle, Table,
    TableStyle,
};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::model::{HistoryEntry, Show, Status};
use crate::premiere::{Premiere, days_between};

/// What the output goes to: whether to colour it and how wide it may be.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// The width to fit tables to; `None` leaves them as wide as their content.
    pub width: Option<u16>,
}

/// The JSON form of a show: every key always present, `null` where unknown.
#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
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
            premiere_start: window.map(|(start, _)| start.to_string()),
            premiere_end: window.map(|(_, end)| end.to_string()),
            days_until: window.map(|(start, _)| days_between(today, start)),
            slips: show.slips(),
            hiatus_reason: show.hiatus_reason.as_deref(),
            hiatus_since: show.hiatus_since().map(|d| d.to_string()),
            creators: &show.creators,
            cast: &show.cast,
            tags: &show.tags,
            notes: show.notes.as_deref(),
            added: show.added.map(|d| d.to_string()),
            history: show.history.iter().map(HistoryRecord::new).collect(),
        }
    }
}

impl<'a> HistoryRecord<'a> {
    fn new(entry: &'a HistoryEntry) -> Self {
        HistoryRecord {
            date: entry.date.to_string(),
            status: entry.status.map(Status::as_str),
            season: entry.season,
            premiere: entry.premiere.map(|p| p.to_string()),
            note: entry.note.as_deref(),
        }
    }
}

/// A JSON array of shows, one per line would be harder to read; pretty-printed with a final
/// newline.
pub fn json_array(shows: &[&Show], today: NaiveDate) -> String {
    let records: Vec<Record> = shows.iter().map(|s| Record::new(s, today)).collect();
    let mut out = serde_json::to_string_pretty(&records).expect("records serialise");
    out.push('\n');
    out
}

pub fn json_object(show: &Show, today: NaiveDate) -> String {
    let mut out =
        serde_json::to_string_pretty(&Record::new(show, today)).expect("records serialise");
    out.push('\n');
    out
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
pub fn csv(shows: &[&Show], today: NaiveDate) -> String {
    let quote = |field: &str| {
        if field.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", field.replace('"', "\"\""))
        } else {
            field.to_string()
        }
    };
    let mut out = String::new();
    let mut line = |fields: &mut dyn Iterator<Item = String>| {
        let quoted: Vec<String> = fields.map(|f| quote(&f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(&mut COLUMNS.iter().map(|c| c.to_string()));
    for show in shows {
        line(&mut fields(show, today).into_iter());
    }
    out
}

/// Tab-separated values with a header row; tabs, newlines and backslashes inside a field are
/// written as `\t`, `\n`, `\r` and `\\`.
pub fn tsv(shows: &[&Show], today: NaiveDate) -> String {
    let escape = |field: &str| {
        field
            .replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    };
    let mut out = COLUMNS.join("\t");
    out.push('\n');
    for show in shows {
        let escaped: Vec<String> = fields(show, today).iter().map(|f| escape(f)).collect();
        out.push_str(&escaped.join("\t"));
        out.push('\n');
    }
    out
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
    match days {
        0 => "today".to_string(),
        1 if premiere.is_day() => "tomorrow".to_string(),
        1 => "from tomorrow".to_string(),
        2..=59 => format!("in {approx}{days} days"),
        60..=547 => {
            let months = (days as f64 / 30.44).round() as i64;
            format!("in ~{months} months")
        }
        _ => {
            let years = (days as f64 / 365.25).round() as i64;
            format!("in ~{years} years")
        }
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
    let mut table = new_table(style, &header);
    for (show, slips) in shows.iter().zip(slips) {
        let mut row = vec![
            Cell::new(clean(&show.title)),
            season_cell(show),
            Cell::new(clean(show.network.as_deref().unwrap_or(""))),
            status_cell(show.status, style),
            Cell::new(show.premiere),
        ];
        if with_slips {
            row.push(slips_cell(slips));
        }
        table.add_row(row);
    }
    keep_whole(&mut table, &[1, 3, 4, 5]);
    finish(table, &[1, 5])
}

/// The number of slips, blank for none.
fn slips_cell(slips: usize) -> Cell {
    let text = if slips == 0 {
        String::new()
    } else {
        slips.to_string()
    };
    Cell::new(text).set_alignment(CellAlignment::Right)
}

/// The table for `upcoming`.
pub fn upcoming_table(shows: &[&Show], today: NaiveDate, style: Style) -> String {
    let slips: Vec<usize> = shows.iter().map(|s| s.slips()).collect();
    let with_slips = slips.iter().any(|n| *n > 0);
    let mut header = vec!["Premiere", "When", "Title", "Season", "Network", "Status"];
    if with_slips {
        header.push("Slips");
    }
    let mut table = new_table(style, &header);
    for (show, slips) in shows.iter().zip(slips) {
        let when = countdown(&show.premiere, today);
        let mut when_cell = Cell::new(&when);
        if style.color
            && show
                .premiere
                .start()
                .is_some_and(|s| days_between(today, s) <= 7)
        {
            when_cell = when_cell.add_attribute(Attribute::Bold);
        }
        let mut row = vec![
            Cell::new(show.premiere),
            when_cell,
            Cell::new(clean(&show.title)),
            season_cell(show),
            Cell::new(clean(show.network.as_deref().unwrap_or(""))),
            status_cell(show.status, style),
        ];
        if with_slips {
            row.push(slips_cell(slips));
        }
        table.add_row(row);
    }
    keep_whole(&mut table, &[0, 1, 3, 5, 6]);
    finish(table, &[3, 6])
}

/// The table for `hiatus`.
pub fn hiatus_table(shows: &[&Show], today: NaiveDate, style: Style) -> String {
    let mut table = new_table(
        style,
        &["Title", "Season", "Network", "Reason", "Since", "Days"],
    );
    for show in shows {
        let since = show.hiatus_since();
        table.add_row(vec![
            Cell::new(clean(&show.title)),
            season_cell(show),
            Cell::new(clean(show.network.as_deref().unwrap_or(""))),
            Cell::new(clean(show.hiatus_reason.as_deref().unwrap_or("-"))),
            Cell::new(since.map_or("-".to_string(), |d| d.to_string())),
            Cell::new(since.map_or("-".to_string(), |d| days_between(d, today).to_string()))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    keep_whole(&mut table, &[1, 4, 5]);
    finish(table, &[1, 5])
}

/// Every field of one show, then its history.
pub fn show_detail(show: &Show, today: NaiveDate, style: Style) -> String {
    let mut fields = new_table(style, &[]);
    let mut row = |name: &str, value: Cell| {
        fields.add_row(vec![Cell::new(name).add_attribute(Attribute::Bold), value]);
    };
    row("Title", Cell::new(clean(&show.title)));
    let text = |v: &Option<String>| Cell::new(clean(v.as_deref().unwrap_or("-")));
    let list = |v: &[String]| match v {
        [] => Cell::new("-"),
        _ => Cell::new(clean(&v.join(", "))),
    };
    row("Network", text(&show.network));
    row(
        "Season",
        Cell::new(show.season.map_or("-".into(), |n| n.to_string())),
    );
    row("Status", status_cell(show.status, style));
    let premiere = match show.premiere.window() {
        None => "TBA".to_string(),
        Some(_) => format!("{} ({})", show.premiere, countdown(&show.premiere, today)),
    };
    row("Premiere", Cell::new(premiere));
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
            Cell::new(format!("{}, {slipped}", steps.join(" → "))),
        );
    }
    if show.status == Status::OnHiatus || show.hiatus_reason.is_some() {
        row("Hiatus", text(&show.hiatus_reason));
        if let Some(since) = show.hiatus_since() {
            row(
                "Since",
                Cell::new(format!("{since} ({} days)", days_between(since, today))),
            );
        }
    }
    row("Creators", list(&show.creators));
    row("Cast", list(&show.cast));
    row("Tags", list(&show.tags));
    row("Notes", text(&show.notes));
    row(
        "Added",
        Cell::new(show.added.map_or("-".into(), |d| d.to_string())),
    );
    let mut out = finish(fields, &[]);
    if !show.history.is_empty() {
        let mut history = new_table(style, &["Date", "Status", "Premiere", "Note"]);
        for entry in show.history_by_date() {
            history.add_row(vec![
                Cell::new(entry.date),
                entry
                    .status
                    .map_or(Cell::new(""), |s| status_cell(s, style)),
                Cell::new(entry.premiere.map(|p| p.to_string()).unwrap_or_default()),
                Cell::new(clean(entry.note.as_deref().unwrap_or(""))),
            ]);
        }
        out.push_str("\nHistory\n");
        out.push_str(&finish(history, &[]));
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

/// Columns of short values (dates, statuses, numbers) that must not wrap when the table is
/// fitted to the terminal; titles, networks and reasons wrap instead.
fn keep_whole(table: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

/// The table as text. `right` names the columns whose data cells are right-aligned.
///
/// A table that needs no colour and no wrapping is laid out here directly, as comfy-table
/// would lay it out but several times faster, which matters for thousands of rows; others go
/// through comfy-table, which fits them to the terminal.
fn finish(table: Table, right: &[usize]) -> String {
    if !table.should_style()
        && let Some(out) = plain(&table, right)
    {
        return out;
    }
    comfy(table)
}

fn comfy(mut table: Table) -> String {
    // Two spaces between columns, none at the edges.
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

/// The table laid out with every column as wide as its widest cell and two spaces between
/// columns, if that fits the width; `None` when it must be fitted.
fn plain(table: &Table, right: &[usize]) -> Option<String> {
    let header: Option<Vec<String>> = table
        .header()
        .map(|h| h.cell_iter().map(Cell::content).collect());
    let rows: Vec<Vec<String>> = table
        .row_iter()
        .map(|row| row.cell_iter().map(Cell::content).collect())
        .collect();
    let count = header.iter().chain(&rows).map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; count];
    for row in header.iter().chain(&rows) {
        for (i, cell) in row.iter().enumerate() {
            if cell.contains('\n') {
                return None;
            }
            widths[i] = widths[i].max(cell.width());
        }
    }
    let total = widths.iter().sum::<usize>() + 2 * count.saturating_sub(1);
    if table.width().is_some_and(|w| total > usize::from(w)) {
        return None;
    }
    let mut out = String::with_capacity((rows.len() + 2) * (total + 1));
    let mut line = |cells: &[String], align_right: bool| {
        let start = out.len();
        for (i, width) in widths.iter().enumerate() {
            let cell = cells.get(i).map_or("", String::as_str);
            let pad = width - cell.width();
            if align_right && right.contains(&i) {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', pad));
            }
            if i + 1 < count {
                out.push_str("  ");
            }
        }
        let end = out[start..].trim_end().len();
        out.truncate(start + end);
        out.push('\n');
    };
    if let Some(header) = &header {
        line(header, false);
    }
    for row in &rows {
        line(row, true);
    }
    if header.is_some() {
        // The rule goes under the header, above the rows.
        let rule: String = "─".repeat(total);
        let at = out.find('\n').map_or(out.len(), |i| i + 1);
        out.insert_str(at, &format!("{rule}\n"));
    }
    Some(out)
}

fn season_cell(show: &Show) -> Cell {
    Cell::new(show.season.map(|n| n.to_string()).unwrap_or_default())
        .set_alignment(CellAlignment::Right)
}

fn status_cell(status: Status, style: Style) -> Cell {
    let cell = Cell::new(status.as_str());
    if !style.color {
        return cell;
    }
    let color = match status {
        Status::Announced | Status::InDevelopment => Color::Cyan,
        Status::InProduction | Status::PostProduction => Color::Blue,
        Status::OnHiatus => Color::Yellow,
        Status::Scheduled | Status::Airing => Color::Green,
        Status::Finished => Color::Reset,
        Status::Ended | Status::Cancelled => Color::DarkGrey,
    };
    cell.fg(color)
}

/// Text safe to put on a terminal: control characters and bidirectional overrides, which
/// could garble or disguise a table, are shown escaped (`\u{202e}`). The file and JSON keep
/// the exact text.
pub fn clean(text: &str) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
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
        let build = || {
            let mut table = new_table(Style::default(), &["Title", "Season", "Note"]);
            for (title, season, note) in [
                ("Shōgun", "2", "東京 and more"),
                ("The Last of Us", "", ""),
                ("進撃の巨人", "12", "x"),
            ] {
                table.add_row(vec![
                    Cell::new(title),
                    Cell::new(season).set_alignment(CellAlignment::Right),
                    Cell::new(note),
                ]);
            }
            table
        };
        let fast = plain(&build(), &[1]).expect("it fits");
        assert_eq!(fast, comfy(build()));
        let mut bare = new_table(Style::default(), &[]);
        bare.add_row(vec![Cell::new("Title"), Cell::new("Severance")]);
        bare.add_row(vec![Cell::new("Network"), Cell::new("")]);
        assert_eq!(plain(&bare, &[]).unwrap(), comfy(bare));
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\u{202e}b\tc"), "a\\u{202e}b\\u{9}c");
    }
}
