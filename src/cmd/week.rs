//! `week`: what airs in the next days (premieres, episodes, finales), by the user's local day.

use anyhow::Result;

use super::Context;
use crate::cli::Week;
use crate::model::Show;
use crate::model::episode::agenda;
use crate::view;

pub fn run(args: Week, ctx: &Context) -> Result<()> {
    let shows: Vec<&Show> = ctx.shows()?.iter().collect();
    let listings = ctx.episodes();
    let items = agenda(&shows, |show| listings.of(show), &ctx.clock, args.days);
    if args.json {
        return ctx.write(|out| crate::formats::json::agenda_array(out, &items, &ctx.clock));
    }
    if items.is_empty() {
        crate::term::say(&empty(ctx, args.days)?);
        return Ok(());
    }
    ctx.print(&view::week_table(&items, &ctx.clock, ctx.style))
}

/// What `week` says when nothing airs: the span it looked at, and where to look further.
fn empty(ctx: &Context, days: u32) -> Result<String> {
    if ctx.shows()?.is_empty() {
        return Ok(super::list::empty_watchlist(ctx));
    }
    let span = match days {
        1 => "today".to_string(),
        n => format!("in the next {n} days"),
    };
    Ok(format!(
        "Nothing airs {span}; `airdate upcoming` lists the premieres to come."
    ))
}
