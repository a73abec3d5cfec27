use std::io::{BufRead, IsTerminal};

use anyhow::{Context as _, Result};

use super::{Context, UsageError, describe, find};
use crate::cli::Remove;
use crate::model::title_key;

pub fn run(args: Remove, ctx: &Context) -> Result<()> {
    let query = if args.yes {
        args.show
    } else {
        let shows = ctx.shows()?;
        let show = &shows[find(shows, &args.show)?];
        if !std::io::stdin().is_terminal() {
            return Err(UsageError(format!(
                "not removing \"{}\" without confirmation: pass --yes",
                show.title
            ))
            .into());
        }
        if !confirm(&format!(
            "Remove {} from the watchlist? [y/N] ",
            describe(show)
        ))? {
            crate::config::say("Nothing removed.");
            return Ok(());
        }
        // Asked about this very show: found again by its whole title under the lock, in
        // case the file changed while we asked.
        title_key(&show.title)
    };
    let removed = ctx.store.edit(|editor| {
        let index = editor.find(&query)?;
        Ok(editor.remove(index))
    })?;
    // The watchlist keeps no trace of a removed show: a line in a log beside it does, for
    // `news`. Losing it loses only that line of news.
    let log = crate::news::removed_log(ctx.store.path());
    let line = format!(
        "{}\t{}\n",
        ctx.today,
        removed.title.replace(['\n', '\t'], " ")
    );
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .and_then(|mut file| std::io::Write::write_all(&mut file, line.as_bytes()));
    if let Err(e) = appended {
        crate::config::say(&format!(
            "warning: could not note the removal in `{}`: {e}",
            log.display()
        ));
    }
    ctx.done(&format!("Removed {}\n", describe(&removed)))
}

fn confirm(question: &str) -> Result<bool> {
    crate::config::prompt(question);
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("failed to read the answer")?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
