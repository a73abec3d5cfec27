use std::collections::HashMap;

use anyhow::{Context as _, Result, anyhow};
use chrono::NaiveDate;

use super::{Context, UsageError, tracker_import};
use crate::cli::{Import, ImportFormat};
use crate::formats::import::{Imported, MAX_REPORTED};
use crate::model::change::{self, first_entry};
use crate::model::links::{Links, Taken};
use crate::model::title_key;
use crate::store::Editor;

pub fn run(args: Import, ctx: &Context) -> Result<()> {
    if args.lookup {
        return tracker_import::run(&args, ctx);
    }
    let records = read(&args, format(&args)?)?;
    let tally = if args.dry_run {
        Tally::of(&mut ctx.store.preview()?, &records, &args, ctx.today)?
    } else {
        // Worked out again from the start if another program saves the watchlist meanwhile.
        ctx.store
            .edit(|editor| Tally::of(editor, &records, &args, ctx.today))?
    };
    tally.report(&args, ctx)
}

/// The format `--format` names, else the one the file's name says.
fn format(args: &Import) -> Result<ImportFormat> {
    if let Some(format) = args.format {
        return Ok(format);
    }
    let extension = args.source.extension().and_then(|e| e.to_str());
    match extension.map(str::to_lowercase).as_deref() {
        Some("json") => Ok(ImportFormat::Json),
        Some("csv") => Ok(ImportFormat::Csv),
        _ => Err(UsageError(format!(
            "cannot tell the format of `{}` from its name; pass --format json or --format csv",
            args.source.display()
        ))
        .into()),
    }
}

/// Every record of the file, or every bad one at once (up to a limit), each naming the file.
fn read(args: &Import, format: ImportFormat) -> Result<Vec<Imported>> {
    let text = std::fs::read_to_string(&args.source)
        .with_context(|| format!("failed to read `{}`", args.source.display()))?;
    let read = match format {
        ImportFormat::Json => crate::formats::json::read_all(&text),
        ImportFormat::Csv => crate::formats::csv::read_all(&text),
    };
    let read = read.map_err(|errors| {
        let source = args.source.display();
        let mut lines: Vec<String> = errors
            .0
            .iter()
            .take(MAX_REPORTED)
            .map(|e| format!("`{source}`, {e}"))
            .collect();
        if errors.0.len() > MAX_REPORTED {
            lines.push(format!(
                "(and {} more problems)",
                errors.0.len() - MAX_REPORTED
            ));
        }
        anyhow!("{}; nothing was imported", lines.join("\n"))
    })?;
    // A key airdate does not know is not imported, and said so.
    for unknown in &read.unknown {
        crate::term::say(&unknown.warning(&args.source));
    }
    Ok(read.records)
}

/// Why `record` may not be imported, if a show other than the one it adds or updates (at `at`,
/// `None` for a new one) has its TVmaze or IMDb id. A show that keeps the link it had is left
/// alone, even where the file already links that id twice.
fn linked_elsewhere(
    editor: &Editor,
    links: &Links,
    record: &Imported,
    at: Option<usize>,
) -> Option<String> {
    let carries = |key| at.is_none() || record.carried.contains(&key);
    let tvmaze = record.show.tvmaze.filter(|_| carries("tvmaze"));
    let imdb = record.show.imdb.as_deref().filter(|_| carries("imdb"));
    let taken = links.taken(tvmaze, imdb, at)?;
    if let Some(index) = at {
        let old = editor.show(index);
        let kept = match &taken {
            Taken::Tvmaze { id, .. } => old.tvmaze == Some(*id),
            Taken::Imdb { id, .. } => old.imdb.as_deref() == Some(id.as_str()),
        };
        if kept {
            return None;
        }
    }
    let owner = editor.show(taken.owner());
    Some(format!(
        "{}; a TVmaze or IMDb id links one show only",
        taken.describe(&owner)
    ))
}

/// The error that names the records refused (up to a limit), if any.
fn refuse(source: &std::path::Path, refused: &[String]) -> Result<()> {
    if refused.is_empty() {
        return Ok(());
    }
    let mut lines: Vec<String> = refused
        .iter()
        .take(MAX_REPORTED)
        .map(|why| format!("`{}`: {why}", source.display()))
        .collect();
    if refused.len() > MAX_REPORTED {
        let more = refused.len() - MAX_REPORTED;
        lines.push(format!("(and {more} more records like these)"));
    }
    Err(anyhow!("{}; nothing was imported", lines.join("\n")))
}

/// What an import did: shows added, updated and skipped, and for a dry run what each would
/// get.
#[derive(Default)]
struct Tally {
    added: usize,
    updated: usize,
    skipped: usize,
    report: String,
    /// Records left out, with why (a season before the watchlist's).
    warnings: Vec<String>,
}

impl Tally {
    /// Applies `records` to the shows in `editor`: a new title is added, one already there is
    /// skipped, or replaced field by field with `--update`. A record that would link a second
    /// show to a TVmaze or IMDb id refuses the whole import, as a bad record does.
    fn of(
        editor: &mut Editor,
        records: &[Imported],
        args: &Import,
        today: NaiveDate,
    ) -> Result<Tally> {
        let mut tally = Tally::default();
        // Looked up once per record: an import of many shows stays linear.
        let mut index_of: HashMap<String, usize> = editor
            .titles()
            .iter()
            .enumerate()
            .map(|(i, t)| (title_key(t), i))
            .collect();
        let mut links = Links::of(editor.shows());
        let mut refused = Vec::new();
        for record in records {
            let key = title_key(&record.show.title);
            let at = index_of.get(&key).copied();
            // A record that is skipped links nothing.
            if (at.is_none() || args.update)
                && let Some(why) = linked_elsewhere(editor, &links, record, at)
            {
                refused.push(format!("\"{}\": {why}", record.show.title));
                continue;
            }
            match at {
                Some(index) if args.update => tally.update(editor, index, record, args, today),
                Some(_) => tally.skipped += 1,
                None => {
                    // Titles are unique, so there is one key per show: the new one's index.
                    let (tvmaze, imdb) = (record.show.tvmaze, record.show.imdb.as_deref());
                    links.insert(index_of.len(), tvmaze, imdb);
                    index_of.insert(key, index_of.len());
                    tally.add(editor, record.clone(), args, today);
                }
            }
        }
        refuse(&args.source, &refused)?;
        Ok(tally)
    }

    /// Replaces the fields `record` carries in the show at `index`, with a history entry for
    /// what changed (as `set` records it, so that slips are tracked) unless it carries one.
    fn update(
        &mut self,
        editor: &mut Editor,
        index: usize,
        record: &Imported,
        args: &Import,
        today: NaiveDate,
    ) {
        let old = editor.show(index);
        let mut show = old.clone();
        if record.carried.contains(&"season") {
            match (old.season, record.show.season) {
                (Some(was), Some(season)) if season < was => {
                    self.warnings.push(format!(
                        "warning: \"{}\" was not updated: the record is of season {season}, and \
                         the watchlist is at season {was} (a season never steps back)",
                        crate::term::clean(&old.title)
                    ));
                    self.skipped += 1;
                    return;
                }
                // A new season starts clean; what the record says of it comes next.
                (Some(was), Some(season)) if season > was => {
                    show.start_season(season);
                    show.set_status(crate::model::Status::Announced);
                }
                _ => {}
            }
        }
        record.update(&mut show);
        if !record.carried.contains(&"history") {
            show.history
                .extend(change::entry(&old, &show, today, Some("imported")));
        }
        if show == old {
            self.skipped += 1;
            return;
        }
        self.updated += 1;
        if args.dry_run {
            self.report
                .push_str(&format!("would update \"{}\":\n", old.title));
            for change in change::changes(&old, &show) {
                self.report.push_str(&format!("  {change}\n"));
            }
        }
        editor.update(index, show);
    }

    /// Adds the show of `record`, added today and with a first history entry unless it
    /// carries them.
    fn add(&mut self, editor: &mut Editor, mut record: Imported, args: &Import, today: NaiveDate) {
        if !record.carried.contains(&"added") {
            record.show.added = Some(today);
        }
        if !record.carried.contains(&"history") {
            let date = record.show.added.unwrap_or(today);
            let first = first_entry(&record.show, date, "added");
            record.show.history.push(first);
        }
        if args.dry_run {
            self.report
                .push_str(&format!("would add \"{}\"\n", record.show.title));
        }
        editor.push(record.show);
        self.added += 1;
    }

    /// The summary line; a dry run also says what each show would get.
    fn report(&self, args: &Import, ctx: &Context) -> Result<()> {
        for warning in &self.warnings {
            crate::term::say(warning);
        }
        let what = if args.dry_run { "would be " } else { "" };
        let mut summary = format!(
            "{}: {} {what}added, {} {what}updated, {} skipped",
            args.source.display(),
            self.added,
            self.updated,
            self.skipped
        );
        if self.skipped > 0 && !args.update {
            summary.push_str(" (already in the watchlist; --update replaces them)");
        }
        if args.dry_run {
            summary.push_str("; nothing was written (--dry-run)");
            let text = format!("{}{summary}\n", self.report);
            return ctx.print(&crate::term::clean_lines(&text));
        }
        ctx.done(&format!("{summary}\n"))
    }
}
