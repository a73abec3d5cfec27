use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::store::NEW_FILE;

/// Where an edit is made, next to the watchlist: `watchlist.edit.toml` for `watchlist.toml`.
/// A copy the watchlist's checks rejected is kept there for the next `airdate edit`.
fn copy_path(watchlist: &Path) -> PathBuf {
    let stem = watchlist
        .file_stem()
        .map_or("watchlist".into(), |s| s.to_string_lossy());
    watchlist.with_file_name(format!("{stem}.edit.toml"))
}

pub fn run(ctx: &Context) -> Result<()> {
    let path = ctx.store.path();
    let original = ctx.store.read_bytes()?;
    let start = match &original {
        Some(bytes) => String::from_utf8(bytes.clone())
            .with_context(|| format!("`{}` is not UTF-8 text", path.display()))?,
        None => NEW_FILE.to_string(),
    };
    let copy = copy_path(path);
    let terminal = std::io::stdin().is_terminal();
    // A rejected edit is offered again; off a terminal, where nobody can be asked, it is
    // resumed, so that it is never lost.
    let resume = copy.exists() && {
        let question = format!(
            "Resume the edit that was not saved, kept in `{}`? [Y/n] ",
            copy.display()
        );
        !terminal || ask(&question)?
    };
    if resume {
        crate::config::say(&format!("Resuming the edit kept in `{}`", copy.display()));
    } else {
        if let Some(folder) = copy.parent().filter(|f| !f.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("failed to create the folder `{}`", folder.display()))?;
        }
        std::fs::write(&copy, &start)
            .with_context(|| format!("failed to write the copy to edit, `{}`", copy.display()))?;
    }

    loop {
        open_editor(&copy)?;
        let text = std::fs::read_to_string(&copy).context("failed to read the edited copy back")?;
        if text == start {
            let _ = std::fs::remove_file(&copy);
            crate::config::say("No changes.");
            return Ok(());
        }
        match ctx.store.validate(&copy, &text) {
            Ok(()) => {
                if let Err(err) = ctx.store.replace(&text, original.as_deref()) {
                    bail!("{err:#}; your edit is kept in `{}`", copy.display());
                }
                let _ = std::fs::remove_file(&copy);
                return ctx.print(&format!("Saved `{}`\n", path.display()));
            }
            Err(invalid) => {
                for problem in &invalid.problems {
                    let kind = if problem.is_error() {
                        "error"
                    } else {
                        "warning"
                    };
                    crate::config::say(&format!("{kind}: {}", invalid.locate(problem)));
                }
                if !(terminal && ask("Edit again? [Y/n] ")?) {
                    crate::config::say(&format!(
                        "Your edit is kept in `{}`: `airdate edit` offers to resume it.",
                        copy.display()
                    ));
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
