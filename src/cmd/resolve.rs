//! `resolve [--delete] [--dry-run]`: merges the conflict copies Syncthing and Dropbox left
//! beside the watchlist into it, oldest first, each as one change airdate makes (locked,
//! atomic, kept for `undo`), then moves each merged copy out of the way.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Context;
use super::merge::{count, report};
use crate::cli::Resolve;
use crate::cli::usage::shell_word;
use crate::store::{ConflictCopy, Merged, merge_guessed, undo};
use crate::term::clean;

/// Why a copy was left where it is.
enum Left {
    /// Merged, but something needs the user's look.
    Look,
    /// It could not be merged at all.
    Failed(String),
    /// Its merge landed, but the copy could not be moved away (or deleted).
    Stuck(String),
}

pub fn run(args: Resolve, ctx: &Context) -> Result<()> {
    let copies = ctx.store.conflict_copies();
    let name = ctx.store.path().display().to_string();
    if copies.is_empty() {
        crate::term::say(&format!("No conflicted copies of `{name}` beside it."));
        return Ok(());
    }
    let kept = ctx.store.kept_versions();
    let mut left = 0;
    let mut text = String::new();
    // A dry run merges each copy into what the ones before it would have made.
    let mut preview = None;
    for copy in &copies {
        let (lines, outcome) = one(copy, &kept, &args, &mut preview, ctx);
        text.push_str(&lines);
        match outcome {
            Ok(()) => {}
            Err(Left::Look) => {
                left += 1;
                text.push_str(&format!(
                    "  left `{}` where it is, so that you can compare: look at the shows \
                     above in the watchlist, then delete the copy\n",
                    copy.name()
                ));
            }
            Err(Left::Failed(why)) => {
                left += 1;
                text.push_str(&format!(
                    "  not merged: {why}; the copy and the watchlist were left as they were\n"
                ));
            }
            Err(Left::Stuck(why)) => {
                left += 1;
                text.push_str(&format!(
                    "  the merge is in the watchlist, but {why}; delete the copy once you no \
                     longer need it\n"
                ));
            }
        }
    }
    ctx.done(&text)?;
    if left > 0 {
        anyhow::bail!(
            "{} of {} need{} a look (see above); run `airdate resolve` again once settled",
            count(left, "copy", "copies"),
            copies.len(),
            if left == 1 { "s" } else { "" }
        );
    }
    Ok(())
}

/// Merges one copy into the watchlist (or, in a dry run, into `preview`, the watchlist as the
/// copies before would have left it): the report's lines and whether the copy went.
fn one(
    copy: &ConflictCopy,
    kept: &[String],
    args: &Resolve,
    preview: &mut Option<String>,
    ctx: &Context,
) -> (String, Result<(), Left>) {
    let verb = if args.dry_run {
        "Would merge"
    } else {
        "Merged"
    };
    // A copy that was not merged is named alone, above why.
    let head = || format!("`{}` ({}):\n", copy.name(), copy.describe());
    let theirs = match std::fs::read(&copy.path)
        .map_err(anyhow::Error::from)
        .and_then(|b| crate::store::text(&copy.path, b))
    {
        Ok(text) => text,
        // Gone since the folder was read: another `resolve` took it. (Two that read a copy
        // at once both merge it, one after the other under the lock: the second changes
        // nothing.)
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
        {
            return (format!("{}  gone meanwhile\n", head()), Ok(()));
        }
        Err(e) => {
            let why = format!("it could not be read: {e:#}");
            return (head(), Err(Left::Failed(why)));
        }
    };
    if let Err(invalid) = ctx.store.validate(&copy.path, &theirs) {
        let first = invalid.errors().next().map(|p| invalid.locate(p));
        let why = format!(
            "it is not a valid watchlist ({}); fix it (`airdate --file {} check`), or delete \
             it if it holds nothing you need",
            first.unwrap_or_default(),
            clean(&shell_word(&copy.path.display().to_string()))
        );
        return (head(), Err(Left::Failed(why)));
    }
    let names = [
        "this device's watchlist".to_string(),
        format!("the conflicted copy from {}", copy.device),
    ];
    let mut based = false;
    let mut merged = |ours: &str| -> Result<Merged, String> {
        let base = undo::closest(kept, ours, &theirs);
        based = base.is_some();
        merge_guessed(base, ours, &theirs, [&names[0], &names[1]], ctx.today).map_err(|c| c.message)
    };
    let outcome: Result<Result<Merged, String>> = if args.dry_run {
        let ours = match preview.take() {
            Some(text) => Ok(text),
            None => ctx.store.read_bytes().and_then(|b| match b {
                Some(b) => crate::store::text(ctx.store.path(), b),
                None => Ok(crate::store::NEW_FILE.to_string()),
            }),
        };
        ours.map(|ours| {
            let result = merged(&ours);
            *preview = Some(result.as_ref().map_or(ours, |m| m.text.clone()));
            result
        })
    } else {
        ctx.store.rewrite(|ours| {
            let result = merged(ours);
            let text = result.as_ref().ok().map(|m| m.text.clone());
            Ok((text, result))
        })
    };
    let merged = match outcome {
        Ok(Ok(merged)) => merged,
        Ok(Err(why)) => return (head(), Err(Left::Failed(why))),
        Err(e) => return (head(), Err(Left::Failed(format!("{e:#}")))),
    };
    // A line each, so that the copy's long name still fits a terminal of 80 columns.
    let mut lines = format!(
        "{verb} `{}`\n  ({})\n  {}\n",
        copy.name(),
        copy.describe(),
        if based {
            "against an earlier version airdate kept"
        } else {
            "two-way: airdate kept no earlier version to compare with"
        }
    );
    let from = &merged.changed_in_theirs;
    lines.push_str(&match from.len() {
        0 => "  from it: nothing the watchlist did not have\n".to_string(),
        _ => format!(
            "  from it: {}\n",
            from.iter()
                .map(|t| format!("\"{}\"", clean(t)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    });
    for line in report(&merged) {
        lines.push_str(&format!("  {line}\n"));
    }
    if !merged.look.is_empty() {
        return (lines, Err(Left::Look));
    }
    match away(copy, args, ctx) {
        Ok(line) => {
            lines.push_str(&line);
            (lines, Ok(()))
        }
        // Another `resolve` merged it too, and moved it first.
        Err(_) if copy.path.symlink_metadata().is_err() => {
            lines.push_str("  gone meanwhile\n");
            (lines, Ok(()))
        }
        Err(e) => (lines, Err(Left::Stuck(format!("{e:#}")))),
    }
}

/// Moves the merged copy to the state folder's `resolved/` (beside the watchlist in
/// `.airdate-resolved/` when there is none), or deletes it; the line that says which.
fn away(copy: &ConflictCopy, args: &Resolve, ctx: &Context) -> Result<String> {
    let (would, did) = if args.dry_run {
        ("would be ", "would be ")
    } else {
        ("", "")
    };
    if args.delete {
        if !args.dry_run {
            std::fs::remove_file(&copy.path)
                .with_context(|| format!("it could not be deleted: `{}`", copy.path.display()))?;
        }
        return Ok(format!("  {would}deleted `{}`\n", copy.name()));
    }
    let to = free_name(&resolved_folder(ctx), &copy.name());
    if !args.dry_run {
        move_file(&copy.path, &to)
            .with_context(|| format!("it could not be moved to `{}`", to.display()))?;
    }
    Ok(format!("  {did}moved to `{}`\n", to.display()))
}

/// Where merged copies go: the state folder's `resolved/`, else `.airdate-resolved/` beside
/// the watchlist.
pub(super) fn resolved_folder(ctx: &Context) -> PathBuf {
    match crate::config::state_dir() {
        Some(state) => state.join("resolved"),
        None => ctx.store.beside().resolved_folder(),
    }
}

/// `folder/name`, or `folder/name.1`, `.2`, … when that is taken.
pub(super) fn free_name(folder: &Path, name: &str) -> PathBuf {
    let mut to = folder.join(name);
    let mut n = 1;
    while to.symlink_metadata().is_ok() {
        to = folder.join(format!("{name}.{n}"));
        n += 1;
    }
    to
}

/// Renames `from` to `to`; across file systems, copies then removes.
pub(super) fn move_file(from: &Path, to: &Path) -> std::io::Result<()> {
    crate::store::fsio::create_dirs(to.parent().unwrap_or(Path::new(".")))?;
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)?;
    std::fs::remove_file(from)
}
