use anyhow::{Result, bail};

use super::{
    Context, UsageError, apply_fields, change_day, contradictions, describe, history_entry,
};
use crate::cli::Add;
use crate::model::{HistoryEntry, Show, is_visible, title_key};
use crate::render::clean;

pub fn run(args: Add, ctx: &Context) -> Result<()> {
    let title = args.title.trim();
    if !is_visible(title) {
        return Err(UsageError("the title has no visible character".into()).into());
    }
    let mut show = Show::new(title);
    let year_note = apply_fields(&mut show, &args.fields, ctx.today)?;
    show.notes = args.note.filter(|n| !n.trim().is_empty());
    show.added = Some(ctx.today);
    let day = change_day(args.on, ctx.today)?;
    show.history.push(HistoryEntry {
        status: Some(show.status),
        premiere: (!show.premiere.is_tba()).then_some(show.premiere),
        note: Some("added".into()),
        ..history_entry(&show, day)?
    });
    let mut summary = format!(
        "Added {}: {}, premiere {}\n",
        describe(&show),
        show.status,
        show.premiere
    );
    if let Some(note) = year_note {
        summary.push_str(&format!("{note}\n"));
    }
    let warning = contradictions(&show, ctx.today);
    ctx.store.edit(|editor| {
        let key = title_key(&show.title);
        if let Some(existing) = editor.titles().iter().find(|t| title_key(t) == key) {
            let existing = clean(existing);
            bail!(
                "\"{existing}\" is already in the watchlist; change it with `airdate set \"{existing}\" ...`"
            );
        }
        editor.push(show);
        Ok(())
    })?;
    if let Some(warning) = warning {
        crate::config::say(&warning);
    }
    ctx.done(&summary)
}
