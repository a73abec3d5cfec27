use std::collections::{HashMap, HashSet};

use anyhow::{Context as _, Result, anyhow};

use super::{Context, UsageError};
use crate::cli::{Import, ImportFormat};
use crate::formats::import::{Imported, MAX_REPORTED};
use crate::formats::tracker;
use crate::model::change::{self, first_entry};
use crate::model::{Show, title_key};
use crate::tvmaze::find::{self, Resolution};
use crate::tvmaze::{Client, FetchError};

pub fn run(args: Import, ctx: &Context) -> Result<()> {
    if args.lookup {
        return from_tracker(&args, ctx);
    }
    let format = match args.format {
        Some(format) => format,
        None => match args
            .source
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("json") => ImportFormat::Json,
            Some("csv") => ImportFormat::Csv,
            _ => {
                return Err(UsageError(format!(
                    "cannot tell the format of `{}` from its name; pass --format json or --format csv",
                    args.source.display()
                ))
                .into());
            }
        },
    };
    let text = std::fs::read_to_string(&args.source)
        .with_context(|| format!("failed to read `{}`", args.source.display()))?;
    let records = match format {
        ImportFormat::Json => crate::formats::json::read(&text),
        ImportFormat::Csv => crate::formats::csv::read(&text),
    }
    .map_err(|errors| {
        // Every bad record at once, up to a limit, each naming the file.
        let source = args.source.display();
        let mut lines: Vec<String> = errors
            .0
            .iter()
            .take(MAX_REPORTED)
            .map(|e| format!("`{source}`, {e}"))
            .collect();
        if errors.0.len() > MAX_REPORTED {
            lines.push(format!(
                "(and {} more bad records)",
                errors.0.len() - MAX_REPORTED
            ));
        }
        anyhow!("{}; nothing was imported", lines.join("\n"))
    })?;

    let (mut added, mut updated, mut skipped) = (0, 0, 0);
    // What each show would get, for a dry run; a real one only counts.
    let mut report = String::new();
    // Runs again from the start if the watchlist is saved by another program meanwhile.
    let mut apply = |editor: &mut crate::store::Editor, records: &[Imported]| {
        (added, updated, skipped) = (0, 0, 0);
        report.clear();
        // Looked up once per record: an import of many shows stays linear.
        let mut index_of: HashMap<String, usize> = editor
            .titles()
            .iter()
            .enumerate()
            .map(|(i, t)| (title_key(t), i))
            .collect();
        for record in records {
            let mut record = record.clone();
            let key = title_key(&record.show.title);
            match index_of.get(&key).copied() {
                Some(index) if args.update => {
                    let old = editor.show(index);
                    let mut show = old.clone();
                    record.update(&mut show);
                    if !record.carried.contains(&"history") {
                        // Recorded as `set` records them, so that slips are tracked.
                        show.history.extend(change::entry(
                            &old,
                            &show,
                            ctx.today,
                            Some("imported"),
                        ));
                    }
                    if show != old {
                        updated += 1;
                        if args.dry_run {
                            report.push_str(&format!("would update \"{}\":\n", old.title));
                            for change in change::changes(&old, &show) {
                                report.push_str(&format!("  {change}\n"));
                            }
                        }
                    } else {
                        skipped += 1;
                    }
                    editor.update(index, show);
                }
                Some(_) => skipped += 1,
                None => {
                    if !record.carried.contains(&"added") {
                        record.show.added = Some(ctx.today);
                    }
                    if !record.carried.contains(&"history") {
                        let date = record.show.added.unwrap_or(ctx.today);
                        record
                            .show
                            .history
                            .push(first_entry(&record.show, date, "added"));
                    }
                    if args.dry_run {
                        report.push_str(&format!("would add \"{}\"\n", record.show.title));
                    }
                    // Titles are unique, so there is one key per show: the new one's index.
                    index_of.insert(key, index_of.len());
                    editor.push(record.show);
                    added += 1;
                }
            }
        }
    };
    if args.dry_run {
        let mut editor = ctx.store.preview()?;
        apply(&mut editor, &records);
    } else {
        ctx.store.edit(|editor| {
            apply(editor, &records);
            Ok(())
        })?;
    }
    let what = if args.dry_run { "would be " } else { "" };
    let mut summary = format!(
        "{}: {added} {what}added, {updated} {what}updated, {skipped} skipped",
        args.source.display()
    );
    if skipped > 0 && !args.update {
        summary.push_str(" (already in the watchlist; --update replaces them)");
    }
    if args.dry_run {
        summary.push_str("; nothing was written (--dry-run)");
        return ctx.print(&crate::term::clean_lines(&format!("{report}{summary}\n")));
    }
    ctx.done(&format!("{summary}\n"))
}

/// How many shows found on TVmaze are written at once: an import stopped half-way keeps what it
/// wrote, and the next run skips those.
const BATCH: usize = 20;

/// `import --lookup`: each show of another tracker's list is found on TVmaze (by IMDb or TVDB
/// id first, else by title) and added with its data; the report says what became of each.
fn from_tracker(args: &Import, ctx: &Context) -> Result<()> {
    let text = std::fs::read_to_string(&args.source)
        .with_context(|| format!("failed to read `{}`", args.source.display()))?;
    let wanted = tracker::read(&text)
        .map_err(|e| anyhow!("`{}`: {e}; nothing was imported", args.source.display()))?;
    let mut client = Client::new();
    let mut have: Vec<(String, Option<u32>)> = ctx
        .shows()?
        .iter()
        .map(|s| (title_key(&s.title), s.tvmaze))
        .collect();
    let (mut report, mut pending) = (String::new(), Vec::new());
    let mut counts = [0usize; 5];
    let [added, present, missing, ambiguous, skipped] = [0, 1, 2, 3, 4];
    let verb = if args.dry_run { "would add" } else { "added" };
    for want in &wanted {
        let name = want.name();
        let mut line = |i: usize, text: String| {
            counts[i] += 1;
            report.push_str(&format!("{text}\n"));
        };
        if let Some(why) = &want.skip {
            line(skipped, format!("skipped: {name} ({}: {why})", want.place));
            continue;
        }
        let found = if let Some(imdb) = &want.imdb {
            client.by_imdb(imdb).map(Some)
        } else if let Some(tvdb) = want.tvdb {
            client.by_tvdb(tvdb).map(Some)
        } else {
            Ok(None)
        };
        let found = match found {
            Ok(Some(tv)) => Ok(Some(tv)),
            Ok(None) | Err(FetchError::NotFound) => match &want.title {
                Some(title) => match find::resolve(&mut client, title) {
                    Ok(Resolution::Found(id)) => client.show(id).map(Some),
                    Ok(Resolution::NotFound) => Ok(None),
                    Ok(Resolution::Ambiguous(hits)) => {
                        let names: Vec<String> =
                            hits.iter().map(|h| find::candidate(&h.show)).collect();
                        line(
                            ambiguous,
                            format!("ambiguous: {name} ({}): {}", want.place, names.join("; ")),
                        );
                        continue;
                    }
                    Err(FetchError::NotFound) => Ok(None),
                    Err(e) => Err(e),
                },
                None => Ok(None),
            },
            Err(e) => Err(e),
        };
        let tv = match found {
            Ok(Some(tv)) => tv,
            Ok(None) => {
                line(missing, format!("not found: {name} ({})", want.place));
                continue;
            }
            Err(e) => {
                // Nothing more can be found now; what was found is kept.
                save(ctx, args.dry_run, &mut pending)?;
                crate::term::say(&report);
                return Err(anyhow!(
                    "{name} ({}): {e}; run the import again to go on",
                    want.place
                ));
            }
        };
        let title = want
            .title
            .clone()
            .filter(|_| want.imdb.is_none() && want.tvdb.is_none())
            .unwrap_or(tv.name.clone());
        let key = title_key(&title);
        if have.iter().any(|(k, id)| *k == key || *id == Some(tv.id)) {
            line(
                present,
                format!("already present: {}", find::candidate(&tv)),
            );
            continue;
        }
        let mut show = find::from_tvmaze(title, &tv, ctx.today);
        show.added = Some(ctx.today);
        show.history
            .push(first_entry(&show, ctx.today, "added from TVmaze"));
        line(added, format!("{verb}: {}", find::candidate(&tv)));
        have.push((key, Some(tv.id)));
        pending.push(show);
        if pending.len() >= BATCH {
            save(ctx, args.dry_run, &mut pending)?;
        }
    }
    save(ctx, args.dry_run, &mut pending)?;
    let what = if args.dry_run {
        "would be added"
    } else {
        "added"
    };
    report.push_str(&format!(
        "{}: {} {what}, {} already present, {} not found, {} ambiguous, {} skipped{}\n{}\n",
        args.source.display(),
        counts[added],
        counts[present],
        counts[missing],
        counts[ambiguous],
        counts[skipped],
        if args.dry_run {
            "; nothing was written (--dry-run)"
        } else {
            ""
        },
        crate::tvmaze::CREDIT
    ));
    ctx.done(&report)
}

/// Writes the shows found so far, in one write (none on a dry run).
fn save(ctx: &Context, dry_run: bool, pending: &mut Vec<Show>) -> Result<()> {
    if dry_run || pending.is_empty() {
        pending.clear();
        return Ok(());
    }
    let shows = std::mem::take(pending);
    ctx.store.edit(|editor| {
        let mut have: HashSet<String> = editor.titles().into_iter().map(title_key).collect();
        for show in &shows {
            // Another program may have added it meanwhile.
            if have.insert(title_key(&show.title)) {
                editor.push(show.clone());
            }
        }
        Ok(())
    })
}
