use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context as _, Result};

use super::{Context, UsageError};
use crate::cli::{Export, ExportFormat};
use crate::formats::ics;
use crate::model::{Show, title_key};
use crate::view::Style;

pub fn run(args: Export, ctx: &Context) -> Result<()> {
    for (given, flag) in [
        (args.windows, "--windows"),
        (args.premieres_only, "--premieres-only"),
        (args.all_day, "--all-day"),
        (args.episodes, "--episodes"),
    ] {
        if given && args.format != ExportFormat::Ics {
            return Err(UsageError(format!("{flag} goes with --format ics")).into());
        }
    }
    // Which days of a show a calendar holds is the calendar's to say (see `ics::calendar`).
    let mut shows: Vec<&Show> = ctx.shows()?.iter().collect();
    if args.format == ExportFormat::Ics {
        shows.sort_by_cached_key(|s| (s.premiere_order(), title_key(&s.title)));
    }
    let export = |out: &mut dyn Write, style: Style| match args.format {
        ExportFormat::Ics => {
            let options = ics::Options {
                windows: args.windows,
                finales: !args.premieres_only,
                all_day: args.all_day,
                episodes: args.episodes,
                refresh: &args.refresh_interval,
            };
            out.write_all(ics::calendar(&shows, &ctx.sight(), &options).as_bytes())
        }
        ExportFormat::Json => crate::formats::json::json_array(out, &shows, &ctx.sight()),
        ExportFormat::Csv => {
            crate::formats::csv::write_csv(out, &shows, &ctx.sight(), style.terminal)
        }
    };
    match &args.output {
        None => ctx.write(|out| export(out, ctx.style)),
        // A file gets the exact text, never a terminal's escapes.
        Some(path) => File::create(path)
            .and_then(|file| {
                let mut out = BufWriter::new(file);
                export(&mut out, Style::default())?;
                out.flush()
            })
            .with_context(|| format!("failed to write `{}`", path.display())),
    }
}
