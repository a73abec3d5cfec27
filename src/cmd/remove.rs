use anyhow::Result;

use super::{Context, UsageError, describe, find};
use crate::cli::Remove;
use crate::term::clean;

pub fn run(args: Remove, ctx: &Context) -> Result<()> {
    let confirmed = if args.yes {
        None
    } else {
        let shows = ctx.shows()?;
        let show = &shows[find(shows, &args.show)?];
        if !crate::term::interactive() {
            return Err(UsageError(format!(
                "not removing \"{}\" without confirmation: pass --yes",
                show.title
            ))
            .into());
        }
        if !crate::term::confirm(&format!(
            "Remove {} from the watchlist? [y/N] ",
            describe(show)
        ))? {
            crate::term::say("Nothing removed.");
            return Ok(());
        }
        // Asked about this very show: found again by its whole title under the lock, in
        // case the file changed while we asked, and only by it.
        Some(show.title.clone())
    };
    // The watchlist keeps no trace of a removed show: a line in a log beside it does, for
    // `news`, written under the same lock so that the log follows the file's order. Losing it
    // loses only that line of news.
    let log = ctx.store.beside().removal_log();
    let note = |removed: &crate::model::Show| {
        let line = format!(
            "{}\t{}\n",
            ctx.today,
            removed.title.replace(['\n', '\t'], " ")
        );
        if let Err(e) = ctx.store.append_beside(&log, &line) {
            crate::term::say(&format!(
                "warning: could not note the removal in `{}`: {e}",
                log.display()
            ));
        }
    };
    let removed = ctx.store.edit_then(
        |editor| {
            let index = match &confirmed {
                None => editor.find(&args.show)?,
                Some(title) => editor.find_exact(title).ok_or_else(|| {
                    anyhow::anyhow!(
                        "\"{}\" is no longer in the watchlist (another program changed it while \
                         you were asked); nothing was removed",
                        clean(title)
                    )
                })?,
            };
            Ok(editor.remove(index))
        },
        note,
    )?;
    ctx.done(&format!("Removed {}\n", describe(&removed)))
}
