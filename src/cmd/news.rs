use anyhow::Result;

use super::Context;
use crate::cli::News;
use crate::model::news;
use crate::view;

pub fn run(args: News, ctx: &Context) -> Result<()> {
    let since = args.since.start(ctx.today);
    let log = std::fs::read_to_string(ctx.store.beside().removal_log()).unwrap_or_default();
    let events = news::events(ctx.shows()?, news::removals(&log), since, ctx.today);
    if args.json {
        return ctx.write(|out| crate::formats::json::write(out, &events));
    }
    if events.is_empty() {
        crate::term::say(&format!("Nothing happened since {since}."));
        return Ok(());
    }
    ctx.print(&view::news_table(&events, ctx.style))
}
