use anyhow::{Context as _, Result};

use super::{Context, UsageError};
use crate::cli::{Export, ExportFormat};
use crate::model::{Show, title_key};
use crate::{ics, render};

pub fn run(args: Export, ctx: &Context) -> Result<()> {
    if args.windows && args.format != ExportFormat::Ics {
        return Err(UsageError("--windows goes with --format ics".into()).into());
    }
    let watchlist = ctx.watchlist()?;
    let mut shows: Vec<&Show> = watchlist.shows.iter().collect();
    if args.format == ExportFormat::Ics {
        shows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    }
    let text = match args.format {
        ExportFormat::Ics => ics::calendar(&shows, ctx.today, args.windows),
        ExportFormat::Json => render::json_array(&shows, ctx.today),
        ExportFormat::Csv => render::csv(&shows, ctx.today),
    };
    match &args.output {
        None => ctx.print(&text),
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("failed to write `{}`", path.display())),
    }
}
