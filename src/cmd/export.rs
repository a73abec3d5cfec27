use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context as _, Result};

use super::{Context, UsageError};
use crate::cli::{Export, ExportFormat};
use crate::formats::ics;
use crate::model::{Show, title_key};
use crate::view::Style;

pub fn run(args: Export, ctx: &Context) -> Result<()> {
    if args.windows && args.format != ExportFormat::Ics {
        return Err(UsageError("--windows goes with --format ics".into()).into());
    }
    if args.premieres_only && args.format != ExportFormat::Ics {
        return Err(UsageError("--premieres-only goes with --format ics".into()).into());
    }
    // Which days of a show a calendar holds is the calendar's to say (see `ics::calendar`).
    let mut shows: Vec<&Show> = ctx.shows()?.iter().collect();
    if args.format == ExportFormat::Ics {
        shows.sort_by_cached_key(|s| (s.premiere.sort_key(), title_key(&s.title)));
    }
    let export = |out: &mut dyn Write, style: Style| match args.format {
        ExportFormat::Ics => {
            let options = ics::Options {
                windows: args.windows,
                finales: !args.premieres_only,
                refresh: &args.refresh_interval,
            };
            out.write_all(ics::calendar(&shows, ctx.today, &options).as_bytes())
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
