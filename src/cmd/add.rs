use anyhow::{Result, bail};

use super::{Context, UsageError, apply_fields, describe};
use crate::cli::Add;
use crate::model::{HistoryEntry, Show, title_key};

pub fn run(args: Add, ctx: &Context) -> Result<()> {
    let title = args.title.trim();
    if title.is_empty() {
        return Err(UsageError("the title is empty".into()).into());
    }
    let mut show = Show::new(title);
    apply_fields(&mut show, &args.fields)?;
    show.notes = args.note.filter(|n| !n.trim().is_empty());
    show.added = Some(ctx.today);
    show.history.push(HistoryEntry {
        date: ctx.today,
        status: Some(show.status),
        season: None,
        premiere: (!show.premiere.is_tba()).then_some(show.premiere),
        note: Some("added".into()),
    });
    let summary = format!(
        "Added {}: {}, premiere {}\n",
        describe(&show),
        show.status,
        show.premiere
    );
    ctx.store.edit(|editor| {
        let key = title_key(&show.title);
        if let Some(existing) = editor.titles().iter().find(|t| title_key(t) == key) {
            bail!(
                "\"{existing}\" is already in the watchlist; change it with `airdate set \"{existing}\" ...`"
            );
        }
        editor.push(show);
        Ok(())
    })?;
    ctx.done(&summary)
}
