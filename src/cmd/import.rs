use std::collections::HashMap;

use anyhow::{Context as _, Result, anyhow};

use super::{Context, UsageError};
use crate::cli::{Import, ImportFormat};
use crate::import::{self, Imported};
use crate::model::title_key;

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
    .map_err(|e| anyhow!("`{}`, {e}; nothing was imported", args.source.display()))?;

    let (mut added, mut updated, mut skipped) = (0, 0, 0);
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
                    if show != old {
                        updated += 1;
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
    }
    ctx.done(&format!("{summary}\n"))
}
