use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::store::NEW_FILE;

pub fn run(ctx: &Context) -> Result<()> {
    let path = ctx.store.path();
    let original = ctx.store.read_bytes()?;
    let start = match &original {
        Some(bytes) => String::from_utf8(bytes.clone())
            .with_context(|| format!("`{}` is not UTF-8 text", path.display()))?,
        None => NEW_FILE.to_string(),
    };
    let copy = tempfile::Builder::new()
        .prefix("airdate-watchlist-")
        .suffix(".toml")
        .tempfile()
        .context("failed to create a copy to edit")?;
    std::fs::write(copy.path(), &start).context("failed to write the copy to edit")?;

    loop {
        open_editor(copy.path())?;
        let text =
            std::fs::read_to_string(copy.path()).context("failed to read the edited copy back")?;
        if text == start {
            crate::config::say("No changes.");
            return Ok(());
        }
        match ctx.store.validate(copy.path(), &text) {
            Ok(()) => {
                if let Err(err) = ctx.store.replace(&text, original.as_deref()) {
                    let (_, kept) = copy.keep().context("failed to keep the edited copy")?;
                    bail!("{err:#}; your edit is kept in `{}`", kept.display());
                }
                return ctx.print(&format!("Saved `{}`\n", path.display()));
            }
            Err(invalid) => {
                for problem in &invalid.0.problems {
                    let kind = if problem.is_error() {
                        "error"
                    } else {
                        "warning"
                    };
                    crate::config::say(&format!("{kind}: {}", invalid.0.locate(problem)));
                }
                if !(std::io::stdin().is_terminal() && ask("Edit again? [Y/n] ")?) {
                    bail!(
                        "the edit is not valid, so it was not saved; `{}` is unchanged",
                        path.display()
                    );
                }
            }
        }
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on `file`, through the shell so that an editor
/// given with options (`code --wait`) works.
fn open_editor(file: &Path) -> Result<()> {
    let editor = crate::config::editor();
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .with_context(|| format!("failed to start the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` failed ({status}); the watchlist is unchanged");
    }
    Ok(())
}

fn ask(question: &str) -> Result<bool> {
    crate::config::prompt(question);
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(!matches!(answer.trim().to_lowercase().as_str(), "n" | "no"))
}
