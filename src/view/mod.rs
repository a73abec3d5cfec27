//! Turning shows into text for people: tables, one show's page, the countdown words, and
//! the timeline. (What programs read is in [`crate::formats`].)
//!
//! Everything here is pure: shows, today and the terminal's traits in, text out. Nothing reads
//! or writes the watchlist.

pub mod timeline;

use std::borrow::Cow;

use chrono::NaiveDate;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ContentArrangement, LineStyle, Row, Table, TableStyle,
};
use unicode_width::UnicodeWidthStr;

use crate::model::episode::{AgendaItem, AgendaKind, Break, Episode, Progress, Sight};
use crate::model::moment::{Clock, Moment, origin_words};
use crate::model::news::{Event, Kind};
use crate::model::premiere::{Premiere, days_between, iso_day};
use crate::model::{Show, Status};
use crate::term::clean;

/// What the output goes to: whether to colour it, how wide it may be, and whether it is a
/// terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// The width to fit tables to; `None` leaves them as wide as their content.
    pub width: Option<u16>,
    /// A terminal shows CSV and TSV escaped like every other text (see [`crate::term`]);
    /// a file or another program gets their exact text.
    pub terminal: bool,
}

/// How far away a premiere is, in words that never claim more certainty than the date has:
/// for a day "today", "tomorrow", "in 12 days", "in ~3 months"; for a window to come, the
/// window itself ("in Q1 2025", "in fall 2026", "in 2026"); for one that has begun, "this
/// month" (quarter, half, year) or "by Nov 30"; "-" for TBA.
pub fn countdown(premiere: &Premiere, today: NaiveDate) -> String {
    let Some((start, end)) = premiere.window() else {
        return "-".to_string();
    };
    let days = days_between(today, start);
    if end < today {
        return match days {
            -1 if premiere.is_day() => "yesterday".to_string(),
            ..-1 if premiere.is_day() => format!("{} days ago", -days),
            _ => "passed".to_string(),
        };
    }
    if !premiere.is_day() {
        return match premiere {
            _ if days > 0 => format!("in {}", premiere.label()),
            Premiere::Month(..)
            | Premiere::Quarter(..)
            | Premiere::Half(..)
            | Premiere::Year(_) => {
                format!("this {}", premiere.precision())
            }
            _ => format!("by {}", end.format("%b %-d")),
        };
    }
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        2..=59 => format!("in {days} days"),
        60..=547 => format!("in ~{} months", (days as f64 / 30.44).round()),
        _ => format!("in ~{} years", (days as f64 / 365.25).round()),
    }
}

/// One cell of a table: its text, and how it looks on a terminal with colour.
struct CellText<'a> {
    text: Cow<'a, str>,
    color: Option<Color>,
    bold: bool,
    /// The text only repeats another column of its row (the When of a window to come says the
    /// window again): the first thing left out when the table does not fit.
    spare: bool,
}

impl<'a> CellText<'a> {
    fn new(text: impl Into<Cow<'a, str>>) -> Self {
        CellText {
            text: text.into(),
            color: None,
            bold: false,
            spare: false,
        }
    }

    fn bold(mut self, bold: bool) -> Self {
        self.bold = bold;
        self
    }

    fn spare(mut self, spare: bool) -> Self {
        self.spare = spare;
        self
    }
}

/// A table before it is laid out.
///
/// When it does not fit the terminal, it gives way in this order: cells that only repeat
/// another column are emptied; text columns (networks, reasons, notes) are cut with "…" to
/// [`NARROW`]; the `drop` columns are left out one by one; and only then is the title cut.
/// Short values (dates, statuses, numbers) are never cut.
struct Grid<'a> {
    header: Vec<&'static str>,
    rows: Vec<Vec<CellText<'a>>>,
    /// Columns whose data is right-aligned.
    right: Vec<usize>,
    /// Columns of short values (dates, statuses, numbers) that are never cut when the table is
    /// fitted to the terminal; titles, networks and reasons are cut with "…" instead.
    whole: Vec<usize>,
    /// Columns left out, in this order, while the table cannot fit the terminal even with its
    /// text columns cut to [`NARROW`]: the least useful first.
    drop: Vec<usize>,
    /// The column the eye looks for (the title): cut last, after every other column has given
    /// way.
    title: Option<usize>,
    /// Cells may hold several lines (`show`'s wrapped fields); else one line per row.
    lines: bool,
}

/// How narrow a text column may be cut before columns are left out instead.
const NARROW: usize = 12;

/// How narrow a title may be cut when nothing else can give way.
const NARROWEST_TITLE: usize = 5;

impl<'a> Grid<'a> {
    fn new(header: &[&'static str], right: &[usize], whole: &[usize]) -> Self {
        Grid {
            header: header.to_vec(),
            rows: Vec::new(),
            right: right.to_vec(),
            whole: whole.to_vec(),
            drop: Vec::new(),
            title: None,
            lines: false,
        }
    }

    fn dropping(mut self, columns: &[usize]) -> Self {
        self.drop = columns.to_vec();
        self
    }

    fn title(mut self, column: usize) -> Self {
        self.title = Some(column);
        self
    }

    fn count(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }

    /// The width of column `i` as its content would have it: its widest line.
    fn widest(&self, i: usize) -> usize {
        let cells = self
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .flat_map(|c| c.text.lines().map(|l| l.width()).max());
        cells
            .chain(self.header.get(i).map(|h| h.width()))
            .max()
            .unwrap_or(0)
    }

    fn is_text(&self, i: usize) -> bool {
        !self.whole.contains(&i) && self.title != Some(i)
    }

    /// The width the columns `kept` need with the title whole and the other text columns at
    /// their narrowest.
    fn needed(&self, kept: &[usize]) -> usize {
        kept.iter()
            .map(|&i| match self.is_text(i) {
                true => self.widest(i).min(NARROW),
                false => self.widest(i),
            })
            .sum::<usize>()
            + 2 * kept.len().saturating_sub(1)
    }

    /// Makes the table fit `width` (see [`Grid`]); the columns left out.
    fn fit(&mut self, width: usize) -> Vec<usize> {
        let all: Vec<usize> = (0..self.count()).collect();
        let natural: usize =
            all.iter().map(|&i| self.widest(i)).sum::<usize>() + 2 * all.len().saturating_sub(1);
        if natural <= width {
            return Vec::new();
        }
        for row in &mut self.rows {
            for cell in row.iter_mut().filter(|c| c.spare) {
                cell.text = Cow::Borrowed("");
            }
        }
        let mut out = Vec::new();
        let kept = |out: &[usize]| -> Vec<usize> {
            all.iter().copied().filter(|c| !out.contains(c)).collect()
        };
        for &i in &self.drop {
            if self.needed(&kept(&out)) <= width {
                break;
            }
            out.push(i);
        }
        self.cut_text(width, &kept(&out));
        out
    }

    /// Cuts the cells of the text columns and then the title with "…" so that the columns
    /// `kept` fit `width`: the short columns keep their width; the title keeps all it can once
    /// the other text columns are at [`NARROW`]; the rest goes where it is wanted most.
    fn cut_text(&mut self, width: usize, kept: &[usize]) {
        let fixed: usize = kept
            .iter()
            .filter(|&&i| self.whole.contains(&i))
            .map(|&i| self.widest(i))
            .sum::<usize>()
            + 2 * kept.len().saturating_sub(1);
        let room = width.saturating_sub(fixed);
        let text: Vec<usize> = kept.iter().copied().filter(|&i| self.is_text(i)).collect();
        let wanted: Vec<usize> = text.iter().map(|&i| self.widest(i)).collect();
        let title = self.title.filter(|t| kept.contains(t));
        let title_wanted = title.map_or(0, |t| self.widest(t));
        if wanted.iter().sum::<usize>() + title_wanted <= room {
            return;
        }
        let least: usize = wanted.iter().map(|w| (*w).min(NARROW)).sum();
        let title_given = title_wanted
            .min(room.saturating_sub(least))
            .max(title_wanted.min(NARROWEST_TITLE));
        let mut room = room.saturating_sub(title_given);
        let mut given = vec![0; text.len()];
        // First each text column up to NARROW, a column at a time, then the rest to the one
        // that lacks the most.
        while room > 0 {
            let Some(k) = (0..given.len())
                .filter(|&k| given[k] < wanted[k].min(NARROW))
                .min_by_key(|&k| given[k])
                .or_else(|| {
                    (0..given.len())
                        .filter(|&k| given[k] < wanted[k])
                        .max_by_key(|&k| wanted[k] - given[k])
                })
            else {
                break;
            };
            given[k] += 1;
            room -= 1;
        }
        let mut cuts: Vec<(usize, usize)> = text.iter().copied().zip(given).collect();
        if let Some(t) = title {
            cuts.push((t, title_given));
        }
        for (i, limit) in cuts {
            for row in &mut self.rows {
                if let Some(cell) = row.get_mut(i) {
                    cell.text = Cow::Owned(cut(&cell.text, limit, "…"));
                }
            }
        }
    }

    /// The table as text, fitted to the terminal.
    fn render(mut self, style: Style) -> String {
        let left_out = match style.width {
            Some(width) => self.fit(usize::from(width)),
            None => Vec::new(),
        };
        let kept: Vec<usize> = (0..self.count())
            .filter(|c| !left_out.contains(c))
            .collect();
        let header: Vec<&str> = kept
            .iter()
            .filter_map(|&i| self.header.get(i).copied())
            .collect();
        // The cells are cut to fit already: comfy-table lays them out as they are.
        let mut table = new_table(
            Style {
                width: None,
                ..style
            },
            &header,
        );
        for row in self.rows {
            let mut cells: Vec<Option<CellText>> = row.into_iter().map(Some).collect();
            let mut row = Row::from(kept.iter().filter_map(|&i| {
                let field = cells.get_mut(i)?.take()?;
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
                Some(cell)
            }));
            if !self.lines {
                row.max_height(1);
            }
            table.add_row(row);
        }
        comfy(table)
    }
}

/// `text` folded into lines of at most `width` terminal columns, at spaces where it can be
/// and within a word only when the word is wider than a line.
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let joined = match line.is_empty() {
            true => word.to_string(),
            false => format!("{line} {word}"),
        };
        if joined.width() <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word;
        while rest.width() > width {
            let head = prefix(rest, width).max(rest.chars().next().map_or(0, char::len_utf8));
            lines.push(rest[..head].to_string());
            rest = &rest[head..];
        }
        line = rest.to_string();
    }
    lines.push(line);
    lines.join("\n")
}

/// The length in bytes of the longest start of `text` at most `width` terminal columns wide,
/// measured as a whole (so that emoji sequences and combining marks count as they show).
fn prefix(text: &str, width: usize) -> usize {
    let mut end = 0;
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        if text[..next].width() > width {
            break;
        }
        end = next;
    }
    end
}

/// `text` in at most `width` terminal columns, ending in `ellipsis` ("…", or "..." where only
/// ASCII will do) when it was cut. The one cutter of every view.
pub fn cut(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(ellipsis.width());
    text[..prefix(text, room)].trim_end().to_string() + ellipsis
}

/// The colour of a status, in tables and the timeline alike.
pub fn status_color(status: Status) -> crossterm::style::Color {
    use crossterm::style::Color::*;
    match status {
        Status::Announced | Status::InDevelopment => Cyan,
        Status::InProduction | Status::PostProduction => Blue,
        Status::OnHiatus => Yellow,
        Status::Scheduled | Status::Airing => Green,
        Status::Finished => Reset,
        Status::Ended | Status::Cancelled => DarkGrey,
    }
}

/// A terminal colour as comfy-table names it (its own copy of crossterm's colours).
fn table_color(color: crossterm::style::Color) -> Color {
    use crossterm::style::Color as C;
    match color {
        C::Cyan => Color::Cyan,
        C::Blue => Color::Blue,
        C::Yellow => Color::Yellow,
        C::Green => Color::Green,
        C::DarkGrey => Color::DarkGrey,
        C::Red => Color::Red,
        _ => Color::Reset,
    }
}

/// A table of plain cells, for data that is not a show (TVmaze's answers, a refresh's changes).
pub fn plain_table(
    header: &[&'static str],
    rows: &[Vec<String>],
    right: &[usize],
    style: Style,
) -> String {
    let mut grid = Grid::new(header, right, &[]);
    for row in rows {
        grid.rows.push(
            row.iter()
                .map(|cell| CellText::new(clean(cell).into_owned()))
                .collect(),
        );
    }
    grid.render(style)
}

/// The table for `news`: a line per event, its words coloured by kind on a terminal.
pub fn news_table(events: &[Event], style: Style) -> String {
    let mut grid = Grid::new(&["Date", "Show", "News"], &[], &[0]).title(1);
    for event in events {
        let color = match event.kind {
            Kind::DateSlipped | Kind::DateWithdrawn | Kind::Cancelled | Kind::Ended => {
                Some(Color::Red)
            }
            Kind::Hiatus => Some(Color::Yellow),
            Kind::Premiere | Kind::DateAnnounced | Kind::Renewed | Kind::Resumed => {
                Some(Color::Green)
            }
            _ => None,
        };
        grid.rows.push(vec![
            CellText::new(event.date.to_string()),
            CellText::new(clean(&event.title).into_owned()),
            CellText {
                color,
                ..CellText::new(clean(&event.words()).into_owned())
            },
        ]);
    }
    grid.render(style)
}

/// The table for `list`.
/// A status that the premiere contradicts (see [`Show::stale`]) is marked with `!`; an airing
/// season on a break says so beside its status.
pub fn list_table(shows: &[&Show], sight: &Sight, style: Style) -> String {
    let (clock, today) = (&sight.clock, sight.clock.today);
    let slips: Vec<usize> = shows.iter().map(|s| s.slips()).collect();
    let with_slips = slips.iter().any(|n| *n > 0);
    let mut header = vec!["Title", "Season", "Network", "Status", "Premiere"];
    if with_slips {
        header.push("Slips");
    }
    let mut grid = Grid::new(&header, &[1, 5], &[1, 3, 4, 5])
        .dropping(&[5, 2, 1, 3])
        .title(0);
    for (show, slips) in shows.iter().zip(slips) {
        let mut row = vec![
            CellText::new(clean(&show.title)),
            season_field(show),
            CellText::new(clean(show.network.as_deref().unwrap_or(""))),
            match show.stale(today) {
                Some(_) => CellText {
                    text: format!("{}!", show.status).into(),
                    ..status_field(show.status)
                },
                None => on_break(shown_status(show, today), show, sight),
            },
            CellText::new(premiere_cell(show, clock)),
        ];
        if with_slips {
            row.push(slips_field(slips));
        }
        grid.rows.push(row);
    }
    grid.render(style)
}

/// A status cell, with "(break)" after it when the show airs and its season is on a break.
fn on_break(status: CellText<'static>, show: &Show, sight: &Sight) -> CellText<'static> {
    let airing = show.status_on(sight.clock.today) == Status::Airing;
    match sight.progress(show).and_then(|p| p.on_break) {
        Some(_) if airing => CellText {
            text: format!("{} (break)", status.text).into(),
            ..status
        },
        _ => status,
    }
}

/// The premiere as a table shows it: with the time of day on the user's clock when its
/// moment is known (`2025-01-18 03:00`; the show's day is the user's day already, see
/// [`Clock::localise`]).
fn premiere_cell(show: &Show, clock: &Clock) -> String {
    match show.moment() {
        Some(moment) => format!("{} {}", show.premiere, clock.local_time(&moment)),
        None => show.premiere.to_string(),
    }
}

/// The number of slips, blank for none.
fn slips_field(slips: usize) -> CellText<'static> {
    CellText::new(if slips == 0 {
        String::new()
    } else {
        slips.to_string()
    })
}

/// Whether the words of a countdown only say the window again ("in summer 2026" for
/// `2026-summer`): a window's premiere is shown once when the room is wanted.
fn repeats_window(premiere: &Premiere, when: &str) -> bool {
    !premiere.is_day() && when.strip_prefix("in ") == Some(premiere.label().as_str())
}

/// The table for `upcoming`: days and countdowns are the user's (see [`Clock::localise`]).
pub fn upcoming_table(shows: &[&Show], clock: &Clock, style: Style) -> String {
    let today = clock.today;
    let slips: Vec<usize> = shows.iter().map(|s| s.slips()).collect();
    let with_slips = slips.iter().any(|n| *n > 0);
    let mut header = vec!["Premiere", "When", "Title", "Season", "Network", "Status"];
    if with_slips {
        header.push("Slips");
    }
    let mut grid = Grid::new(&header, &[3, 6], &[0, 1, 3, 5, 6])
        .dropping(&[6, 4, 3, 5])
        .title(2);
    for (show, slips) in shows.iter().zip(slips) {
        let soon = show
            .premiere
            .start()
            .is_some_and(|s| days_between(today, s) <= 7);
        let when = countdown(&show.premiere, today);
        let repeats = repeats_window(&show.premiere, &when);
        let mut row = vec![
            CellText::new(premiere_cell(show, clock)),
            CellText::new(when).bold(soon).spare(repeats),
            CellText::new(clean(&show.title)),
            season_field(show),
            CellText::new(clean(show.network.as_deref().unwrap_or(""))),
            shown_status(show, today),
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
    )
    .dropping(&[2, 1, 4])
    .title(0);
    for show in shows {
        let since = show.hiatus_since();
        grid.rows.push(vec![
            CellText::new(clean(&show.title)),
            season_field(show),
            CellText::new(clean(show.network.as_deref().unwrap_or(""))),
            CellText::new(clean(show.hiatus_reason.as_deref().unwrap_or("-"))),
            CellText::new(since.map_or("-".to_string(), iso_day)),
            CellText::new(since.map_or("-".to_string(), |d| days_between(d, today).to_string())),
        ]);
    }
    grid.render(style)
}

/// Every field of one show, then its history. `progress` is where its airing season stands,
/// when episodes are known.
pub fn show_detail(
    show: &Show,
    clock: &Clock,
    progress: Option<&Progress>,
    style: Style,
) -> String {
    let today = clock.today;
    // Nothing is cut here: `show` is where the whole of every field is read. A value too long
    // for the terminal is folded under itself.
    let mut fields = Grid::new(&[], &[], &[0, 1]);
    fields.lines = true;
    let mut row = |name: &'static str, value: CellText<'static>| {
        fields
            .rows
            .push(vec![CellText::new(name).bold(true), value]);
    };
    row("Title", CellText::new(clean(&show.title).into_owned()));
    let text = |v: &Option<String>| CellText::new(clean(v.as_deref().unwrap_or("-")).into_owned());
    let list = |v: &[String]| match v {
        [] => CellText::new("-"),
        _ => CellText::new(clean(&v.join(", ")).into_owned()),
    };
    row("Network", text(&show.network));
    row(
        "Season",
        CellText::new(show.season.map_or("-".into(), |n| n.to_string())),
    );
    row(
        "Status",
        match show.implied_status(today) {
            Some(implied) => CellText {
                text: format!(
                    "{implied} (implied by its dates; recorded: {})",
                    show.status
                )
                .into(),
                ..status_field(implied)
            },
            None => status_field(show.status),
        },
    );
    let when = countdown(&show.premiere, today);
    let premiere = match show.premiere.window() {
        None => "TBA".to_string(),
        Some(_) if repeats_window(&show.premiere, &when) => show.premiere.to_string(),
        Some(_) => format!("{} ({when})", premiere_cell(show, clock)),
    };
    row("Premiere", CellText::new(premiere));
    if let Some(moment) = show.moment() {
        row("Airs", CellText::new(airs_words(show, &moment, clock)));
    }
    if let Some(progress) = progress {
        for (name, value) in progress_rows(progress, clock) {
            row(name, CellText::new(value));
        }
    }
    // The season's episodes stand together: next, break, finale, how many.
    let finale_episode = progress.and_then(|p| p.finale.as_ref());
    if let Some(finale) = finale_episode.and_then(|e| episode_words(e, clock)) {
        row("Finale", CellText::new(finale));
    } else if let Some(finale) = show.current_finale() {
        let finale = if show.finale_confirmed() {
            finale.to_string()
        } else {
            format!("{finale} (provisional: the last episode listed so far)")
        };
        row("Finale", CellText::new(finale));
    }
    let counted = progress.and_then(count_words);
    if let Some(episodes) = counted.or(show.episodes.map(|n| n.to_string())) {
        row("Episodes", CellText::new(episodes));
    }
    if let Some(note) = show.stale(today) {
        row("Stale", CellText::new(clean(&note).into_owned()));
    }
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
            CellText::new(format!("{}, {slipped}", steps.join(" → "))),
        );
    }
    if show.status == Status::OnHiatus || show.hiatus_reason.is_some() {
        row("Hiatus", text(&show.hiatus_reason));
        if let Some(since) = show.hiatus_since() {
            row(
                "Since",
                CellText::new(format!("{since} ({} days)", days_between(since, today))),
            );
        }
    }
    row("Creators", list(&show.creators));
    row("Cast", list(&show.cast));
    row("Tags", list(&show.tags));
    row("Notes", text(&show.notes));
    row(
        "Added",
        CellText::new(show.added.map_or("-".into(), |d| d.to_string())),
    );
    if let Some(id) = show.tvmaze {
        row(
            "TVmaze",
            CellText::new(format!("https://www.tvmaze.com/shows/{id}")),
        );
    }
    if !show.pinned.is_empty() {
        row("Pinned", CellText::new(show.pinned.join(", ")));
    }
    if let Some(width) = style.width {
        let label = fields.widest(0) + 2;
        let room = usize::from(width).saturating_sub(label);
        for row in &mut fields.rows {
            if let Some(value) = row.get_mut(1) {
                value.text = Cow::Owned(wrap(&value.text, room));
            }
        }
    }
    let mut out = fields.render(style);
    if let Some(seasons) = seasons_grid(show, style) {
        out.push_str("\nSeasons\n");
        out.push_str(&seasons);
    }
    if !show.history.is_empty() {
        out.push_str("\nHistory\n");
        out.push_str(&history_grid(show, style));
    }
    out
}

/// Both clocks of a premiere's moment, and where it airs: "Sat 18 Jan 03:00 CET — Fri 17 Jan
/// 21:00 EST, Apple TV+"; one clock when the user's is the origin's.
fn airs_words(show: &Show, moment: &Moment, clock: &Clock) -> String {
    let origin = origin_words(moment);
    let mut words = match clock.zone == moment.zone {
        true => origin,
        false => format!("{} — {origin}", clock.local_words(moment)),
    };
    if let Some(network) = &show.network {
        words.push_str(&format!(", {}", clean(network)));
    }
    words
}

/// The rows of an airing season: the next episode and its countdown, a break and when it
/// ends.
fn progress_rows(progress: &Progress, clock: &Clock) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(next) = progress.next.as_ref().and_then(|e| episode_words(e, clock)) {
        rows.push(("Next", next));
    }
    match progress.on_break {
        Some(Break::Returns(day)) => rows.push(("Break", format!("on a break, returns {day}"))),
        Some(Break::Tba) => rows.push(("Break", "on a break, returns TBA".to_string())),
        None => {}
    }
    rows
}

/// "5 of 10 (5 left)", "5 aired": the season's episodes so far.
fn count_words(progress: &Progress) -> Option<String> {
    let words = progress.count_words()?;
    Some(match progress.left() {
        Some(left) => format!("{words} ({left} left)"),
        None => words,
    })
}

/// `S2E5 “Name” — Sat 8 Feb 03:00 CET (in 3 days)`: an episode, when it airs on the user's
/// clock (its day as it is when it has no time), and the countdown to the user's day of it.
/// `None` when nobody knows when it airs.
fn episode_words(episode: &Episode, clock: &Clock) -> Option<String> {
    let day = episode.local_day(clock)?;
    let when = match episode.at {
        Some(moment) => clock.local_words(&moment),
        None => day.to_string(),
    };
    let countdown = countdown(&Premiere::Day(day), clock.today);
    let code = match episode.number {
        Some(_) => episode.code(),
        None => format!("S{}", episode.season),
    };
    Some(
        clean(&format!(
            "{code}{} — {when} ({countdown})",
            quoted(episode.name.as_deref())
        ))
        .into_owned(),
    )
}

/// ` “Name”`, or nothing for an episode without a name.
fn quoted(name: Option<&str>) -> String {
    name.map_or(String::new(), |name| format!(" “{name}”"))
}

/// What an agenda line is, in words: "premiere S3", "S2E5 “Name”", "finale S2".
pub fn agenda_words(item: &AgendaItem) -> String {
    let name = quoted(item.name.as_deref());
    let season = item.season.map_or(String::new(), |s| format!(" S{s}"));
    let code = match (item.season, item.episode) {
        (Some(s), Some(e)) => format!("S{s}E{e}"),
        (Some(s), None) => format!("S{s}"),
        _ => String::new(),
    };
    let words = match item.kind {
        AgendaKind::Premiere => format!("premiere{season}{name}"),
        AgendaKind::Finale => format!("finale {code}{name}"),
        AgendaKind::Episode if item.episode.is_some() => format!("{code}{name}"),
        AgendaKind::Episode => format!("next episode{season}{name}"),
    };
    words.trim().to_string()
}

/// The table for `week`: a line for each premiere, episode and finale, by the user's day
/// (named once, on its first line) and time.
pub fn week_table(items: &[AgendaItem], clock: &Clock, style: Style) -> String {
    let mut grid = Grid::new(&["Day", "Time", "Show", "What"], &[], &[0, 1]).title(2);
    let mut last = None;
    for item in items {
        let day = match last == Some(item.date) {
            true => String::new(),
            false => item.date.format("%a %Y-%m-%d").to_string(),
        };
        last = Some(item.date);
        let time = item.at.map_or(String::new(), |m| clock.local_time(&m));
        grid.rows.push(vec![
            CellText::new(day).bold(item.date == clock.today),
            CellText::new(time),
            CellText::new(clean(&item.show.title).into_owned()),
            CellText::new(clean(&agenda_words(item)).into_owned()),
        ]);
    }
    grid.render(style)
}

/// Every season airdate knows of, oldest first, with its dates and the path its premiere took;
/// `None` when there is only the one being waited for.
fn seasons_grid(show: &Show, style: Style) -> Option<String> {
    let seasons = show.seasons_view();
    if seasons.len() < 2 {
        return None;
    }
    let mut grid = Grid::new(
        &["Season", "Premiere", "Finale", "Episodes", "Path"],
        &[0, 3],
        &[0, 1, 3],
    )
    .dropping(&[3, 4]);
    for season in seasons {
        let finale = match season.finale {
            Some(day) if !season.finale_confirmed => format!("{day} (provisional)"),
            Some(day) => day.to_string(),
            None => "-".to_string(),
        };
        let steps: Vec<String> = season.path.iter().map(|p| p.to_string()).collect();
        let slips = match season.slips {
            0 => String::new(),
            1 => ", slipped once".to_string(),
            n => format!(", slipped {n} times"),
        };
        grid.rows.push(vec![
            CellText::new(season.number.map_or("?".into(), |n| n.to_string())),
            CellText::new(season.premiere.to_string()),
            CellText::new(finale),
            CellText::new(season.episodes.map_or(String::new(), |n| n.to_string())),
            CellText::new(format!("{}{slips}", steps.join(" → "))),
        ]);
    }
    Some(grid.render(style))
}

/// The history in date order, each entry with the season it is about.
fn history_grid(show: &Show, style: Style) -> String {
    let mut history = Grid::new(
        &["Date", "Status", "Season", "Premiere", "Note"],
        &[2],
        &[0, 1, 2, 3],
    )
    .dropping(&[2, 3]);
    for placed in show.placed_history() {
        let entry = placed.entry;
        history.rows.push(vec![
            CellText::new(entry.date.to_string()),
            entry.status.map_or(CellText::new(""), status_field),
            CellText::new(placed.season.map(|s| s.to_string()).unwrap_or_default()),
            CellText::new(entry.premiere.map(|p| p.to_string()).unwrap_or_default()),
            CellText::new(clean(entry.note.as_deref().unwrap_or(""))),
        ]);
    }
    history.render(style)
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
        let mut header = Row::from(
            header
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
        header.max_height(1);
        table.set_header(header);
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
        .map(|line| trim_end(&line))
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    out
}

/// `line` without the spaces at its end, also those that a colour's closing escape sequence
/// follows (comfy-table pads a coloured cell inside its colour).
fn trim_end(line: &str) -> String {
    let mut line = line.trim_end();
    let mut codes = Vec::new();
    while line.ends_with('m') {
        let Some(at) = line.rfind('\x1b') else {
            break;
        };
        let code = &line[at..];
        if !code[1..].starts_with('[')
            || !code[2..code.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b';')
        {
            break;
        }
        codes.push(code);
        line = line[..at].trim_end();
    }
    codes.reverse();
    let mut out = line.to_string();
    out.extend(codes);
    out
}

fn season_field(show: &Show) -> CellText<'static> {
    CellText::new(show.season.map(|n| n.to_string()).unwrap_or_default())
}

/// The status a show has on `today`: one its dates imply is marked `*` (the file still says
/// the recorded one until a command writes it).
fn shown_status(show: &Show, today: NaiveDate) -> CellText<'static> {
    match show.implied_status(today) {
        Some(implied) => CellText {
            text: format!("{implied}*").into(),
            ..status_field(implied)
        },
        None => status_field(show.status),
    }
}

fn status_field(status: Status) -> CellText<'static> {
    CellText {
        color: Some(table_color(status_color(status))),
        ..CellText::new(status.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_episode_name_from_tvmaze_reaches_the_terminal_escaped() {
        let show = Show::new("Hacks\u{1b}[2J");
        let clock = Clock::on(day("2025-01-17"));
        let item = AgendaItem {
            date: day("2025-01-18"),
            at: None,
            show: &show,
            kind: AgendaKind::Episode,
            season: Some(2),
            episode: Some(5),
            name: Some("Pilot\u{1b}]0;owned\u{7}\u{202e}".to_string()),
        };
        let table = week_table(&[item], &clock, Style::default());
        assert!(!table.contains('\u{1b}'), "{table:?}");
        assert!(!table.contains('\u{202e}'), "{table:?}");
        assert!(table.contains("S2E5 “Pilot"), "{table}");
        let episode = Episode {
            season: 2,
            number: Some(5),
            special: false,
            name: Some("Bad\u{9b}31m".to_string()),
            day: Some(day("2025-01-18")),
            at: None,
            runtime: None,
        };
        let words = episode_words(&episode, &clock).unwrap();
        assert!(!words.contains('\u{9b}'), "{words:?}");
        assert!(words.ends_with("— 2025-01-18 (tomorrow)"), "{words}");
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
            ("2025-01", "in Jan 2025"),
            ("2025-Q1", "in Q1 2025"),
            ("2025", "in 2025"),
            ("2026-fall", "in fall 2026"),
            ("2025-early", "in early 2025"),
            ("2025-winter", "by Feb 28"),
            ("2024-late", "by Dec 31"),
            ("2024-11-30", "yesterday"),
            ("2024-11-20", "11 days ago"),
            ("2024-10", "passed"),
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
}
