use anyhow::{Result, bail};

use super::{Context, UsageError, apply_fields, text_option};
use crate::cli::Set;
use crate::model::{HistoryEntry, Status, title_key};

pub fn run(args: Set, ctx: &Context) -> Result<()> {
    let summary = ctx.store.edit(|editor| {
        let index = editor.find(&args.show)?;
        let old = editor.show(index);
        let mut show = old.clone();
        if let Some(title) = &args.title {
            let title = title.trim();
            if title.is_empty() {
                return Err(UsageError("the new title is empty".into()).into());
            }
            let key = title_key(title);
            if let Some((_, other)) = editor
                .titles()
                .iter()
                .enumerate()
                .find(|(i, t)| *i != index && title_key(t) == key)
            {
                bail!("\"{other}\" is already in the watchlist");
            }
            show.title = title.to_string();
        }
        apply_fields(&mut show, &args.fields)?;
        if let Some(notes) = text_option(&args.notes) {
            show.notes = notes;
        }

        let status_changed = show.status != old.status;
        let premiere_changed = show.premiere != old.premiere;
        if status_changed || premiere_changed || args.note.is_some() {
            let entering_hiatus = status_changed && show.status == Status::OnHiatus;
            let note = args.note.clone().or_else(|| {
                entering_hiatus
                    .then(|| show.hiatus_reason.clone())
                    .flatten()
            });
            show.history.push(HistoryEntry {
                date: ctx.today,
                status: Some(show.status),
                season: None,
                premiere: premiere_changed.then_some(show.premiere),
                note,
            });
        }

        let mut changes = Vec::new();
        if show.title != old.title {
            changes.push(format!("title \"{}\" → \"{}\"", old.title, show.title));
        }
        if status_changed {
            changes.push(format!("status {} → {}", old.status, show.status));
        }
        if premiere_changed {
            changes.push(format!("premiere {} → {}", old.premiere, show.premiere));
        }
        let summary = if show == old {
            format!(
                "\"{}\" already had those values; nothing changed\n",
                old.title
            )
        } else if changes.is_empty() {
            format!("Updated \"{}\"\n", show.title)
        } else {
            format!("Updated \"{}\": {}\n", show.title, changes.join(", "))
        };
        editor.update(index, show);
        Ok(summary)
    })?;
    ctx.done(&summary)
}
