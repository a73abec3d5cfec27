use anyhow::Result;

use super::Context;
use chrono::NaiveDate;

use crate::cli::{Span, Upcoming};
use crate::model::{Show, title_key};
use crate::view;

/// How far back `--recent` looks.
const RECENT_DAYS: u64 = 14;

pub fn run(args: Upcoming, ctx: &Context) -> Result<()> {
    let today = ctx.today;
    // Within a span: exact days inside it, and windows that end inside it.
    let last = args.within.map(|span| span.end(today));
    // With --recent, also what premiered in the last two weeks.
    let since = today - chrono::Days::new(if args.recent { RECENT_DAYS } else { 0 });
    let format = args.output.format();
    let all = ctx.shows()?;
    let mut shows: Vec<&Show> = super::list::filtered(&args.filters, all, today)
        .into_iter()
        .filter(|s| {
            !s.status_on(today).is_over()
                && match s.premiere.window() {
                    None => args.tba,
                    Some((_, end)) => end >= since && last.is_none_or(|last| end <= last),
                }
        })
        .collect();
    shows.sort_by_cached_key(|s| (s.premiere_order(), title_key(&s.title)));
    let empty = if all.is_empty() {
        Some(super::list::empty_watchlist(ctx))
    } else if args.filters.any() {
        Some("No upcoming premieres match those filters.".to_string())
    } else {
        match last {
            Some(last) if shows.is_empty() => beyond(all, today, last, args.within),
            _ => None,
        }
    };
    let tba_left_out = !args.tba && all.iter().any(|s| s.premiere.is_tba());
    let empty = empty.unwrap_or_else(|| match !shows.is_empty() || !tba_left_out {
        true => "No upcoming premieres.".to_string(),
        false => "No dated premieres coming; `airdate upcoming --tba` also lists the shows \
                  without a date."
            .to_string(),
    });
    ctx.print_view(
        &shows,
        format,
        |shows| view::upcoming_table(shows, &ctx.clock, ctx.style),
        &empty,
    )
}

/// When `--within` left every dated premiere out: how many lie beyond the span (its last day
/// `last`), and a span that takes in the first of them. `None` when none does.
fn beyond(all: &[Show], today: NaiveDate, last: NaiveDate, span: Option<Span>) -> Option<String> {
    let later: Vec<NaiveDate> = all
        .iter()
        .filter(|s| !s.status_on(today).is_over())
        .filter_map(|s| s.premiere.window().map(|(_, end)| end))
        .filter(|end| *end > last && *end >= today)
        .collect();
    let first = later.iter().min()?;
    let wider = Span::WIDER
        .into_iter()
        .find(|wider| wider.end(today) >= *first)
        .map_or("`airdate upcoming`".to_string(), |wider| {
            format!("`airdate upcoming --within {wider}`")
        });
    let (count, verb) = match later.len() {
        1 => ("1 premiere is".to_string(), "it"),
        n => (format!("{n} premieres are"), "the first"),
    };
    let span = span.map_or(String::new(), |span| format!(" {}", span.words()));
    Some(format!(
        "No premieres sure to come within{span}; {count} dated after that: {wider} lists {verb}."
    ))
}
