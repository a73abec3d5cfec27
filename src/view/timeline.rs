//! The timeline chart: the coming months across the terminal, one row per show, an exact day
//! drawn as a marker and a window as a bar over the days it spans, and a line for today.
//!
//! Pure, like the rest of rendering: shows, today and the terminal's traits in, text out.

use chrono::{Datelike, NaiveDate};
use crossterm::style::Stylize;
use unicode_width::UnicodeWidthStr;

use crate::model::premiere::{add_months, days_between};
use crate::model::{Show, Status};
use crate::term::clean;

/// What to draw and how.
#[derive(Debug, Clone, Copy)]
pub struct Chart {
    /// The first day drawn (the first of a month).
    pub from: NaiveDate,
    pub months: u32,
    pub today: NaiveDate,
    /// The width no line may exceed.
    pub width: usize,
    pub ascii: bool,
    pub color: bool,
}

/// The characters of one style of drawing.
struct Glyphs {
    day: char,
    bar: char,
    today: char,
    more_left: char,
    more_right: char,
    axis: &'static str,
    ellipsis: &'static str,
}

const UNICODE: Glyphs = Glyphs {
    day: '◆',
    bar: '▒',
    today: '┊',
    more_left: '◂',
    more_right: '▸',
    axis: "▲",
    ellipsis: "…",
};

const ASCII: Glyphs = Glyphs {
    day: '*',
    bar: '=',
    today: ':',
    more_left: '<',
    more_right: '>',
    axis: "^",
    ellipsis: "~",
};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_in_month(day: NaiveDate) -> u32 {
    let first = day.with_day(1).expect("every month has a first day");
    days_between(first, add_months(first, 1)) as u32
}

/// The first day after the chart.
pub fn end_of(chart: &Chart) -> NaiveDate {
    add_months(chart.from, chart.months)
}

/// Draws `rows` (already chosen and sorted) and lists `aside` (on hiatus, or TBA) below.
pub fn render(rows: &[&Show], aside: &[(&Show, String)], chart: &Chart) -> String {
    let glyphs = if chart.ascii { &ASCII } else { &UNICODE };
    let width = chart.width.max(40);
    // As wide as the widest premiere drawn (`2026-summer` is 11), so that every row's chart
    // starts in the same column.
    let premiere = rows
        .iter()
        .map(|s| s.premiere.to_string().width())
        .max()
        .unwrap_or(0)
        .max(10);
    // The title gives the chart the column a season window takes, so that the months keep
    // their width.
    let label = (width / 4)
        .clamp(12, 30)
        .saturating_sub(premiere - 10)
        .max(8);
    let left = label + 1 + premiere + 1;
    let columns = width - left;
    let end = end_of(chart);
    // Every month gets the same width, and a day its place within its month.
    let column_of = |day: NaiveDate| -> usize {
        let day = day.clamp(chart.from, end.pred_opt().unwrap_or(end));
        let month = (day.year() - chart.from.year()) * 12 + day.month0() as i32
            - chart.from.month0() as i32;
        let length = days_in_month(day) as f64;
        let position =
            (f64::from(month) + f64::from(day.day0()) / length) / f64::from(chart.months);
        ((position * columns as f64) as usize).min(columns - 1)
    };
    let per_month = columns / chart.months as usize;
    let today_column =
        (chart.today >= chart.from && chart.today < end).then(|| column_of(chart.today));

    let mut out = String::new();
    // Years over their first month in the chart, then the months that fit.
    let mut years = vec![' '; columns];
    let mut months = vec![' '; columns];
    let mut month_free = 0;
    let mut year_labels = Vec::new();
    for i in 0..chart.months {
        let first = add_months(chart.from, i);
        let column = column_of(first);
        let name = MONTHS[first.month0() as usize];
        let name = if per_month >= 4 { name } else { &name[..1] };
        if column >= month_free && column + name.len() <= columns {
            put(&mut months, column, name);
            month_free = column + name.len() + 1;
        }
        if i == 0 || first.month() == 1 {
            year_labels.push((column, first.year().to_string()));
        }
    }
    // Right to left, so that a January's year wins over the first month's when both cannot fit.
    let mut year_end = columns;
    for (column, year) in year_labels.into_iter().rev() {
        if column + year.len() < year_end || (year_end == columns && column + year.len() <= columns)
        {
            put(&mut years, column, &year);
            year_end = column;
        }
    }
    push_line(&mut out, &" ".repeat(left), &years);
    push_line(&mut out, &" ".repeat(left), &months);

    for show in rows {
        let mut cells: Vec<String> = vec![" ".to_string(); columns];
        if let Some(column) = today_column {
            cells[column] = dim(glyphs.today, chart.color);
        }
        if let Some((start, last)) = show.premiere.window() {
            let paint = |c: char| paint(c, show.status, chart.color);
            if show.premiere.is_day() {
                cells[column_of(start)] = paint(glyphs.day);
            } else {
                let (a, b) = (
                    column_of(start.max(chart.from)),
                    column_of(last.min(end.pred_opt().unwrap_or(end))),
                );
                for cell in &mut cells[a..=b] {
                    *cell = paint(glyphs.bar);
                }
                if start < chart.from {
                    cells[a] = paint(glyphs.more_left);
                }
                if last >= end {
                    cells[b] = paint(glyphs.more_right);
                }
            }
        }
        let head = format!(
            "{} {:<premiere$} ",
            fit(&title(show), label, glyphs.ellipsis),
            show.premiere.to_string()
        );
        out.push_str(&head);
        out.push_str(cells.concat().trim_end());
        out.push('\n');
    }
    if let Some(column) = today_column {
        let text = format!("{} today {}", glyphs.axis, chart.today);
        let line = if column + text.len() <= columns {
            format!("{}{}{text}", " ".repeat(left), " ".repeat(column))
        } else {
            let text = format!("today {} {}", chart.today, glyphs.axis);
            let start = (left + column + 1).saturating_sub(text.chars().count());
            format!("{}{text}", " ".repeat(start))
        };
        out.push_str(&line);
        out.push('\n');
    }
    if rows.is_empty() {
        out.push_str("No premiere falls in these months.\n");
    }
    if !aside.is_empty() {
        out.push_str("\nNot on the chart:\n");
        // No longer than the chart itself: the rest is counted, and `list` shows them all.
        let room = rows.len().max(ASIDE);
        let listed = match aside.len() > room + 1 {
            true => room,
            false => aside.len(),
        };
        for (show, why) in &aside[..listed] {
            let why = clean(why);
            let line = format!("  {} {why}", fit(&title(show), label, glyphs.ellipsis));
            out.push_str(fit(&line, width, glyphs.ellipsis).trim_end());
            out.push('\n');
        }
        if listed < aside.len() {
            let line = format!(
                "  and {} more (`airdate list` shows every show)",
                aside.len() - listed
            );
            out.push_str(fit(&line, width, glyphs.ellipsis).trim_end());
            out.push('\n');
        }
    }
    out
}

/// The fewest shows listed under the chart before the rest are only counted: the list may be
/// as long as the chart, or this long when the chart is shorter.
const ASIDE: usize = 8;

fn title(show: &Show) -> String {
    match show.season {
        Some(season) => format!("{} S{season}", clean(&show.title)),
        None => clean(&show.title).into_owned(),
    }
}

fn put(cells: &mut [char], at: usize, text: &str) {
    for (i, c) in text.chars().enumerate() {
        cells[at + i] = c;
    }
}

fn push_line(out: &mut String, left: &str, cells: &[char]) {
    let line: String = cells.iter().collect();
    let line = line.trim_end();
    if !line.is_empty() {
        out.push_str(left);
        out.push_str(line);
    }
    out.push('\n');
}

/// `text` cut to `width` terminal columns (see [`super::cut`]), padded to it.
fn fit(text: &str, width: usize, ellipsis: &str) -> String {
    let text = super::cut(text, width, ellipsis);
    let pad = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(pad))
}

/// `c` in the colour of `status` (see [`super::status_color`]), when colour is on.
fn paint(c: char, status: Status, color: bool) -> String {
    match color {
        true => crossterm::style::style(c)
            .with(super::status_color(status))
            .to_string(),
        false => c.to_string(),
    }
}

fn dim(c: char, color: bool) -> String {
    match color {
        true => crossterm::style::style(c).dim().to_string(),
        false => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_terminal_columns() {
        assert_eq!(fit("Severance", 12, "…"), "Severance   ");
        assert_eq!(fit("The Last of Us", 10, "…"), "The Last… ");
        assert_eq!(fit("進撃の巨人", 7, "…"), "進撃の…");
        assert_eq!(fit("進撃の巨人", 8, "…"), "進撃の… ");
        assert_eq!(fit("進撃の巨人", 7, "…").width(), 7);
    }
}
