//! `merge BASE OURS THEIRS [PATH]`: git's merge driver. It works on the three files it is given
//! (no watchlist, no lock): the result replaces OURS, atomically, as git expects of a driver.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::Merge;
use crate::cli::usage::shell_word;
use crate::store::{Merged, fsio, merge};
use crate::term::clean;

pub fn run(args: Merge, ctx: &Context) -> Result<()> {
    // A side that is missing is refused: taken as empty, it would remove every show.
    let ours_bytes = Some(needed(&args.ours)?);
    let ours = crate::store::text(&args.ours, ours_bytes.clone().unwrap_or_default())?;
    let theirs = crate::store::text(&args.theirs, needed(&args.theirs)?)?;
    // git gives an empty %O when the two sides share no ancestor.
    let base = match read(&args.base)? {
        Some(bytes) if !bytes.trim_ascii().is_empty() => {
            Some(crate::store::text(&args.base, bytes)?)
        }
        _ => None,
    };
    let shown = args
        .path
        .as_deref()
        .unwrap_or(&args.ours)
        .display()
        .to_string();
    let out = args.output.as_deref().unwrap_or(&args.ours);
    match merge(
        base.as_deref(),
        &ours,
        &theirs,
        // git's OURS is the version in this checkout (in a rebase, the branch rebased onto).
        ["the local version", "the incoming version"],
        ctx.today,
    ) {
        Ok(merged) => {
            write(out, &args.ours, &merged.text, &ours_bytes)?;
            let lines = report(&merged);
            for line in &lines {
                crate::term::say(line);
            }
            if !merged.look.is_empty() {
                let things = count(merged.look.len(), "thing", "things");
                // Run by git (a PATH, no -o): git puts the result in PATH, and waits for `git add`.
                if let (Some(path), None) = (&args.path, &args.output) {
                    let path = clean(&shell_word(&path.display().to_string())).into_owned();
                    anyhow::bail!(
                        "merged `{}`, but {things} to look at (above); once git is done, look at \
                         the file (`airdate --file {path} check`), then `git add {path}`",
                        clean(&shown),
                    );
                }
                anyhow::bail!(
                    "merged `{}`, but {things} to look at (above); the result is in `{}`: check \
                     it, then `airdate --file {} check`",
                    clean(&shown),
                    clean(&out.display().to_string()),
                    clean(&shell_word(&out.display().to_string()))
                );
            }
            if !lines.is_empty() {
                crate::term::say(&format!(
                    "merged `{}`: {} settled by the rules",
                    clean(&shown),
                    count(merged.decisions.len(), "difference", "differences")
                ));
            }
            Ok(())
        }
        Err(conflict) => {
            let Some(marked) = conflict.marked else {
                anyhow::bail!(
                    "`{}` could not be merged: {}; `{}` was left as it was",
                    clean(&shown),
                    clean(&conflict.message),
                    clean(&args.ours.display().to_string())
                );
            };
            write(out, &args.ours, &marked, &ours_bytes)?;
            anyhow::bail!(
                "`{}` could not be merged: {}. Both versions of each are in `{}`, between \
                 `# <<<<<<<` and `# >>>>>>>` lines; keep one of each, delete the marker lines, \
                 and check the file with `airdate --file {} check`",
                clean(&shown),
                clean(&conflict.message),
                clean(&out.display().to_string()),
                clean(&shell_word(&out.display().to_string()))
            )
        }
    }
}

/// What the merge decided and what the user should look at, a line each, naming the show.
pub(super) fn report(merged: &Merged) -> Vec<String> {
    // Each decision's message says what was kept over what, and why (the pin, the later
    // entry, or that nothing told them apart and the local version's was kept).
    let decided = merged
        .decisions
        .iter()
        .map(|d| format!("decided \"{}\": {}", clean(&d.title), clean(&d.message)));
    let look = merged.look.iter().map(|l| format!("look: {}", clean(l)));
    decided.chain(look).collect()
}

/// `1 thing`, `2 things`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The file's bytes, or `None` when there is none.
fn read(path: &Path) -> Result<Option<Vec<u8>>> {
    fsio::read_bytes(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// The bytes of a side that must be there.
fn needed(path: &Path) -> Result<Vec<u8>> {
    read(path)?.ok_or_else(|| {
        anyhow::anyhow!(
            "`{}` is not there; nothing was merged (an empty BASE may be missing, OURS and \
             THEIRS may not)",
            path.display()
        )
    })
}

/// Writes `text` to `out` (`-`: standard output); over OURS, atomically and only while it
/// still holds `ours`, as every write of a watchlist.
fn write(out: &Path, ours_path: &Path, text: &str, ours: &Option<Vec<u8>>) -> Result<()> {
    if out == Path::new("-") {
        return crate::term::write(|w| w.write_all(text.as_bytes()));
    }
    let target = fsio::real_path(out);
    let expected = if out == ours_path {
        ours.clone()
    } else {
        fsio::read_bytes(&target)?
    };
    fsio::write_atomic(&target, text.as_bytes(), expected.as_deref())
        .with_context(|| format!("failed to write `{}`", out.display()))
}
