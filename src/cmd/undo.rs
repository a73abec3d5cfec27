//! `undo`: takes back the last change airdate made, if the watchlist has not changed since;
//! `undo --list`: the changes it can take back.

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use super::Context;
use crate::cli::Undo;
use crate::store::UndoEntry;
use crate::term::clean;

pub fn run(args: Undo, ctx: &Context) -> Result<()> {
    if args.list {
        return list(ctx);
    }
    let undone = ctx.store.undo()?;
    let entry = &undone.entry;
    let mut text = if undone.already {
        format!(
            "`{}` ({}) was already taken back: the watchlist holds the version from before \
             it, so nothing was written.\n",
            entry.command,
            when(entry)
        )
    } else {
        format!(
            "Undid `{}` ({}): it {}.\n",
            entry.command,
            when(entry),
            entry.what
        )
    };
    if entry.before.is_none() && !undone.already {
        text.push_str(
            "That change made the watchlist, so it is back to empty (airdate never deletes it).\n",
        );
    }
    // The copy `resolve` merged is out of the sync tool's folder: undoing the merge leaves it
    // there, where only this tells the user to look.
    if !undone.already && subcommand(&entry.command) == Some("resolve") {
        if entry.command.split_whitespace().any(|w| w == "--delete") {
            text.push_str(
                "The copy it merged was deleted (`--delete`), and is not brought back.\n",
            );
        } else {
            text.push_str(&format!(
                "To merge the copy again, move it back beside the watchlist from\n  `{}`\n",
                super::resolve::resolved_folder(ctx).display()
            ));
        }
    }
    match undone.left {
        0 => text.push_str("No older change is kept.\n"),
        1 => text.push_str("1 older change can be undone (`airdate undo --list`).\n"),
        n => text.push_str(&format!(
            "{n} older changes can be undone (`airdate undo --list`).\n"
        )),
    }
    ctx.done(&text)
}

/// The kept changes, newest first: when, what, and the command that made it.
fn list(ctx: &Context) -> Result<()> {
    let kept = ctx.store.undo_list()?;
    if kept.entries.is_empty() {
        crate::term::say("No change is kept to undo.");
        return Ok(());
    }
    let whats: Vec<String> = kept
        .entries
        .iter()
        .map(|e| clean(&e.what).into_owned())
        .collect();
    // Measured in terminal columns (a title in CJK or emoji is wider than its characters),
    // and each line cut to the terminal, as the tables are.
    let width = whats.iter().map(|w| w.width()).max().unwrap_or(0);
    let fit = |line: String| match crate::term::width() {
        Some(columns) => crate::view::cut(&line, columns.into(), "…"),
        None => line,
    };
    let mut text = fit(format!("{:<16}  {:<width$}  Command", "When", "What")) + "\n";
    for (entry, what) in kept.entries.iter().zip(&whats) {
        let pad = width - what.width();
        let line = format!(
            "{}  {what}{}  {}",
            when(entry),
            " ".repeat(pad),
            clean(&entry.command)
        );
        text.push_str(&(fit(line) + "\n"));
    }
    ctx.print(&text)?;
    if !kept.current {
        crate::term::say(
            "The watchlist changed since the newest of these (an editor or another program saved \
             it), so `airdate undo` would refuse.",
        );
    }
    Ok(())
}

/// When a change landed, in local time: `2026-12-01 23:40`.
fn when(entry: &UndoEntry) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_opt(entry.time, 0)
        .single()
        .map_or_else(|| "?".into(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// The command of a kept command line: `resolve` for `airdate --file x.toml resolve --delete`
/// (the global options that take a value skipped with it).
fn subcommand(command: &str) -> Option<&str> {
    let mut words = command.split_whitespace().skip(1);
    while let Some(word) = words.next() {
        if matches!(word, "-f" | "--file" | "--today" | "--tz" | "--color") {
            words.next();
        } else if !word.starts_with('-') {
            return Some(word);
        }
    }
    None
}
