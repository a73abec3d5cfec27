use anyhow::Result;

use super::Context;
use crate::cli::Upcoming;
use crate::model::{Show, title_key};
use crate::render;
use crate::store::Parts;

pub fn run(args: Upcoming, ctx: &Context) -> Result<()> {
    let today = ctx.today;
    let last_start = args.within.map(|span| span.end(today));
    let format = args.output.format();
    let coming = ctx.shows_where(
        |status, premiere| {
            !status.is_over()
                && match premiere.window() {
                    None => args.tba,
                    Some((start, end)) => {
                        end >= today && last_start.is_none_or(|last| start <= last)
                    }
                }
        },
        super::parts_for(format),
    )?;
    let mut shows: Vec<&Show> = coming.iter().collect();
    shows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    let tba_left_out = || -> Result<bool> {
        Ok(!args.tba
            && !ctx
                .shows_where(|_, premiere| premiere.is_tba(), Parts::Summary)?
                .is_empty())
    };
    let empty = if !shows.is_empty() || !tba_left_out()? {
        "No upcoming premieres.".to_string()
    } else {
        "No dated premieres coming; `airdate upcoming --tba` also lists the shows without a date."
            .to_string()
    };
    ctx.print_view(
        &shows,
        format,
        |shows| render::upcoming_table(shows, today, ctx.style),
        &empty,
    )
}
