use anyhow::Result;

use super::Context;
use crate::cli::Upcoming;
use crate::model::{Show, title_key};
use crate::render;

pub fn run(args: Upcoming, ctx: &Context) -> Result<()> {
    let watchlist = ctx.watchlist()?;
    let today = ctx.today;
    let last_start = args.within.map(|span| span.end(today));
    let mut shows: Vec<&Show> = watchlist
        .shows
        .iter()
        .filter(|s| !s.status.is_over())
        .filter(|s| match s.premiere.window() {
            None => args.tba,
            Some((start, end)) => end >= today && last_start.is_none_or(|last| start <= last),
        })
        .collect();
    shows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    let empty = if args.tba || watchlist.shows.iter().all(|s| !s.premiere.is_tba()) {
        "No upcoming premieres.".to_string()
    } else {
        "No dated premieres coming; `airdate upcoming --tba` also lists the shows without a date."
            .to_string()
    };
    ctx.print_view(
        &shows,
        args.output.format(),
        |shows| render::upcoming_table(shows, today, ctx.style),
        &empty,
    )
}
