use std::collections::HashMap;

use anyhow::{Context as _, Result, anyhow};

use super::{Context, UsageError, changed_fields};
use crate::cli::{Import, ImportFormat};
use crate::import::{self, Imported, MAX_REPORTED};
use crate::model::{HistoryEntry, Show, title_key};

pub fn run(args: Import, ctx: &Context) -> Result<()> {
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
        ImportFormat::Json => import::from_json(&text),
        ImportFormat::Csv => import::from_csv(&text),
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
    let mut report = String::new();
    let verb = if args.dry_run { "would " } else { "" };
    let mut apply = |editor: &mut crate::store::Editor, records: Vec<Imported>| {
        let mut index_of: HashMap<String, usize> = editor
            .titles()
            .iter()
            .enumerate()
            .map(|(i, t)| (title_key(t), i))
            .collect();
        for mut record in records {
            let key = title_key(&record.show.title);
            match index_of.get(&key).copied() {
                Some(index) if args.update => {
                    let old = editor.show(index);
                    let mut show = old.clone();
                    record.update(&mut show);
                    if !record.carried.contains(&"history") {
                        record_changes(&old, &mut show, ctx.today);
                    }
                    if show != old {
                        updated += 1;
                        report.push_str(&format!("{verb}update \"{}\":\n", old.title));
                        for change in changed_fields(&old, &show) {
                            report.push_str(&format!("  {change}\n"));
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
                        let show = &record.show;
                        record.show.history.push(HistoryEntry {
                            date: show.added.unwrap_or(ctx.today),
                            status: Some(show.status),
                            season: None,
                            premiere: (!show.premiere.is_tba()).then_some(show.premiere),
                            note: Some("added".into()),
                        });
                    }
                    report.push_str(&format!("{verb}add \"{}\"\n", record.show.title));
                    index_of.insert(key, editor.titles().len());
                    editor.push(record.show);
                    added += 1;
                }
            }
        }
    };
    if args.dry_run {
        let mut editor = ctx.store.preview()?;
        apply(&mut editor, records);
    } else {
        ctx.store.edit(|editor| {
            apply(editor, records);
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
        // A dry run says what each show would get; a real one only counts.
        return ctx.print(&crate::escape::clean_lines(&format!("{report}{summary}\n")));
    }
    ctx.done(&format!("{summary}\n"))
}

/// Records a status, season or premiere change that an import made, as `set` does, in a
/// history entry dated today with the note "imported".
fn record_changes(old: &Show, show: &mut Show, today: chrono::NaiveDate) {
    let season = show.season != old.season;
    let premiere = show.premiere != old.premiere;
    if show.status != old.status || season || premiere {
        show.history.push(HistoryEntry {
            date: today.max(show.history.iter().map(|e| e.date).max().unwrap_or(today)),
            status: Some(show.status),
            season: season.then_some(show.season).flatten(),
            premiere: premiere.then_some(show.premiere),
            note: Some("imported".into()),
        });
    }
}
