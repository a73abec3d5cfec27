use anyhow::{Result, bail};

use super::{
    Context, UsageError, apply_fields, change_day, check_day, contradictions, text_option,
};
use crate::cli::Set;
use crate::model::premiere::{self, Premiere};
use crate::model::{change, is_visible};
use crate::term::clean;

pub fn run(args: Set, ctx: &Context) -> Result<()> {
    let day = change_day(args.on, ctx.today)?;
    let (summary, warning) = ctx.store.edit(|editor| {
        let index = editor.find(&args.show)?;
        let old = editor.show(index);
        let mut show = old.clone();
        if let Some(title) = &args.title {
            let title = title.trim();
            if !is_visible(title) {
                return Err(UsageError("the new title has no visible character".into()).into());
            }
            if let Some(other) = editor.title_taken(title, Some(index)) {
                bail!("\"{}\" is already in the watchlist", clean(other));
            }
            show.title = title.to_string();
        }
        let year_note = apply_fields(&mut show, &args.fields, ctx.today)?;
        if let Some(notes) = text_option(&args.notes) {
            show.notes = notes;
        }
        for (list, add, remove) in [
            (&mut show.tags, &args.add_tags, &args.remove_tags),
            (&mut show.cast, &args.add_cast, &args.remove_cast),
            (
                &mut show.creators,
                &args.add_creators,
                &args.remove_creators,
            ),
        ] {
            let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
            list.retain(|item| !remove.iter().any(|r| same(item, r)));
            for item in add.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
                if !list.iter().any(|have| same(have, item)) {
                    list.push(item.to_string());
                }
            }
        }

        if let Some(finale) = &args.finale {
            show.finale = match finale.trim() {
                "" => None,
                text => match premiere::Input::parse(text).map(|input| input.on(ctx.today)) {
                    Ok((Premiere::Day(day), _)) => Some(day),
                    _ => {
                        return Err(UsageError(format!(
                            "--finale takes a day, such as 2025-03-21, not \"{finale}\""
                        ))
                        .into());
                    }
                },
            };
        }
        if let Some(id) = args.tvmaze {
            if show.tvmaze != Some(id) {
                // Fetched afresh by the next refresh.
                show.tvmaze_updated = None;
            }
            show.tvmaze = Some(id);
        }
        for field in &args.pin {
            if !show.pinned.contains(field) {
                show.pinned.push(field.clone());
            }
        }
        show.pinned.retain(|p| !args.unpin.contains(p));

        let note = args.note.as_deref();
        let entry = change::entry(&old, &show, day, note)
            .or_else(|| note.map(|note| change::note_entry(&show, day, note)));
        if let Some(entry) = entry {
            check_day(&old, day, ctx.today)?;
            show.history.push(entry);
        }

        let changes = change::changes(&old, &show);
        let title = clean(&show.title);
        let mut summary = if show == old {
            format!("\"{title}\" already had those values; nothing changed\n")
        } else if changes.is_empty() {
            format!("Updated \"{title}\": a history entry was added\n")
        } else {
            let lines: Vec<String> = changes.iter().map(|c| format!("  {c}\n")).collect();
            format!("Updated \"{title}\":\n{}", lines.concat())
        };
        if let Some(note) = year_note {
            summary.push_str(&format!("{note}\n"));
        }
        let warning = (show.status != old.status || show.premiere != old.premiere)
            .then(|| contradictions(&show, ctx.today))
            .flatten();
        editor.update(index, show);
        Ok((summary, warning))
    })?;
    if let Some(warning) = warning {
        crate::term::say(&warning);
    }
    ctx.done(&summary)
}
