use anyhow::Result;

use super::Context;
use crate::cli::Hiatus;
use crate::model::{Show, Status, title_key};
use crate::view;

pub fn run(args: Hiatus, ctx: &Context) -> Result<()> {
    let format = args.output.format();
    let mut shows: Vec<&Show> = ctx
        .shows()?
        .iter()
        .filter(|s| s.status == Status::OnHiatus)
        .collect();
    // The longest hiatus first; those with no recorded start last.
    shows.sort_by_cached_key(|s| {
        let since = s.hiatus_since();
        (since.is_none(), since, title_key(&s.title))
    });
    ctx.print_view(
        &shows,
        format,
        |shows| view::hiatus_table(shows, ctx.today, ctx.style),
        "No show is on hiatus.",
    )
}
