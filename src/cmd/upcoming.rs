use anyhow::Result;

use super::Context;
use crate::cli::Upcoming;
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
    shows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    let tba_left_out = !args.tba && all.iter().any(|s| s.premiere.is_tba());
    let empty = if all.is_empty() {
        super::list::empty_watchlist(ctx)
    } else if args.filters.any() {
        "No upcoming premieres match those filters.".to_string()
    } else if !shows.is_empty() || !tba_left_out {
        "No upcoming premieres.".to_string()
    } else {
        "No dated premieres coming; `airdate upcoming --tba` also lists the shows without a date."
            .to_string()
    };
    ctx.print_view(
        &shows,
        format,
        |shows| view::upcoming_table(shows, today, ctx.style),
        &empty,
    )
}
