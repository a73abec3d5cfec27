use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::store::{Conflict, NEW_FILE, merge_or_mark};

/// The edit under way: the copy the user edits and the text it was made from.
struct Edit {
    copy: PathBuf,
    base_file: PathBuf,
    base: String,
    terminal: bool,
    /// The base file, open and locked while this edit runs (see [`Edit::hold`]).
    held: Option<std::fs::File>,
}

pub fn run(ctx: &Context) -> Result<()> {
    let path = ctx.store.path();
    let current = watchlist_text(ctx)?;
    let terminal = crate::term::interactive();
    let beside = ctx.store.beside();
    let mut edit = Edit {
        base_file: beside.edit_base(),
        copy: beside.edit_copy(),
        base: current.clone(),
        terminal,
        held: None,
    };
    if !(edit.copy.exists() && edit.resume(&current)?) {
        ctx.store
            .replace_beside(&edit.copy, current.as_bytes())
            .with_context(|| {
                format!(
                    "failed to write the copy to edit, `{}`",
                    edit.copy.display()
                )
            })?;
        ctx.store
            .write_beside(&edit.base_file, current.as_bytes())
            .with_context(|| format!("failed to write `{}`", edit.base_file.display()))?;
        edit.hold()?;
    }
    loop {
        open_editor(&edit.copy)?;
        let text =
            std::fs::read_to_string(&edit.copy).context("failed to read the edited copy back")?;
        if text == edit.base {
            edit.finished();
            crate::term::say("No changes.");
            return Ok(());
        }
        let checked = ctx
            .store
            .validate(&edit.copy, &text)
            .map_err(|invalid| invalid.say_all())
            .and_then(|()| settled(&edit.copy, &text, &edit.base));
        match checked {
            Ok(()) => return edit.save(ctx, &text),
            Err(()) => {
                if !(terminal && crate::term::ask("Edit again? [Y/n] ")?) {
                    crate::term::say(&format!(
                        "Your edit is kept in `{}`: `airdate edit` offers to resume it.",
                        edit.copy.display()
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

/// The lines that mark both versions of a show in a copy whose save was refused.
const MARKERS: [&str; 3] = ["# <<<<<<<", "# =======", "# >>>>>>>"];

/// Whether every show marked in the copy `text` is settled: no marker line is left that the
/// text it was made from, `base`, does not hold. Else each is said, with its place, as a
/// problem of the copy at `path` (a copy with one show's version `(removed)` is valid, and
/// would be saved with both, markers and all).
fn settled(path: &Path, text: &str, base: &str) -> std::result::Result<(), ()> {
    let had: Vec<&str> = base.lines().map(str::trim).collect();
    let mut left = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        // A marker alone or with words after a space: `# ======= Dramas =======`, a heading,
        // is none.
        let marks = |m: &&&str| {
            line.strip_prefix(**m)
                .is_some_and(|rest| rest.is_empty() || (**m == MARKERS[0] && rest.starts_with(' ')))
        };
        if let Some(marker) = MARKERS.iter().find(marks)
            && !had.contains(&line)
        {
            crate::term::say(&format!(
                "error: {}:{}:1: a marker line (`{marker}`) is left: keep one version of each \
                 show between `# <<<<<<<` and `# >>>>>>>`, and delete the marker lines",
                path.display(),
                n + 1
            ));
            left = true;
        }
    }
    if left { Err(()) } else { Ok(()) }
}

/// The watchlist's text now (a new one's when there is none).
fn watchlist_text(ctx: &Context) -> Result<String> {
    match ctx.store.read_bytes()? {
        Some(bytes) => crate::store::text(ctx.store.path(), bytes),
        None => Ok(NEW_FILE.to_string()),
    }
}

impl Edit {
    /// Whether to go on with the kept copy: asked on a terminal, always off one (where nobody
    /// can be asked), so that it is never lost. It is merged with what changed meanwhile.
    fn resume(&mut self, current: &str) -> Result<bool> {
        self.hold()?;
        let Ok(base) = std::fs::read_to_string(&self.base_file) else {
            bail!(
                "the edit kept in `{}` does not say which version of the watchlist it was made \
                 from (an older airdate kept it), so it cannot be merged with what changed \
                 since; compare it with the watchlist, copy over what you need, then delete it",
                self.copy.display()
            );
        };
        let changed = base != current;
        let question = format!(
            "Resume the edit that was not saved, kept in `{}`?{} [Y/n] ",
            self.copy.display(),
            if changed {
                " The watchlist has changed since; your edit will be merged with those changes."
            } else {
                ""
            }
        );
        if self.terminal && !crate::term::ask(&question)? {
            // Not resumed is not lost: the kept edit is set aside, and a new one begins.
            let folder = match crate::config::state_dir() {
                Some(state) => state.join("edits"),
                None => self.copy.parent().unwrap_or(Path::new(".")).to_path_buf(),
            };
            let name = self
                .copy
                .file_name()
                .map_or("watchlist.edit.toml".into(), |n| n.to_string_lossy());
            let to = super::resolve::free_name(&folder, &name);
            super::resolve::move_file(&self.copy, &to).with_context(|| {
                format!(
                    "the edit kept in `{}` could not be set aside in `{}`, so it is left as it \
                     is (nothing was changed)",
                    self.copy.display(),
                    to.display()
                )
            })?;
            crate::term::say(&format!(
                "The edit that was not saved is set aside as `{}`; starting a new one",
                to.display()
            ));
            return Ok(false);
        }
        crate::term::say(&format!(
            "Resuming the edit kept in `{}`",
            self.copy.display()
        ));
        self.base = base;
        Ok(true)
    }

    /// Locks the base file until airdate exits (a lock the editor does not inherit, and that
    /// goes with airdate however it ends), so that a second `airdate edit` of the watchlist
    /// leaves a copy still open in an editor alone: it would resume it, or finish it (deleting
    /// it under the editor), and the first edit would then save what its editor wrote into a
    /// new file. A lock that cannot be taken for another reason is done without.
    fn hold(&mut self) -> Result<()> {
        if self.held.is_some() {
            return Ok(());
        }
        let Ok(file) = std::fs::File::open(&self.base_file) else {
            return Ok(());
        };
        match file.try_lock() {
            Ok(()) => self.held = Some(file),
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "another `airdate edit` of this watchlist is running, with its copy `{}` open in \
                 an editor; finish that edit first (nothing was changed)",
                self.copy.display()
            ),
            Err(std::fs::TryLockError::Error(_)) => {}
        }
        Ok(())
    }

    /// Writes over the kept copy `copy`, the copy to edit now, and then what it was made from,
    /// `base`: in that order, so that a copy that cannot be written keeps its own base (a new
    /// base for the old copy would make the changes made meanwhile look undone by the edit, and
    /// resuming it would undo them), and a base that cannot be written leaves the new copy with
    /// an older base, which merges it with those changes again.
    fn begin(&mut self, ctx: &Context, copy: &str, base: &str) -> Result<()> {
        ctx.store
            .replace_beside(&self.copy, copy.as_bytes())
            .with_context(|| {
                format!(
                    "your edit was not saved, and the copy to edit, `{}`, could not be written \
                     (it is as it was)",
                    self.copy.display()
                )
            })?;
        ctx.store
            .write_beside(&self.base_file, base.as_bytes())
            .with_context(|| format!("failed to write `{}`", self.base_file.display()))?;
        self.base = base.to_string();
        Ok(())
    }

    /// Saves the valid edited `text`: as it is when the watchlist is still the file the edit
    /// was made from, else merged show by show with what changed meanwhile.
    fn save(&mut self, ctx: &Context, text: &str) -> Result<()> {
        let path = ctx.store.path();
        let now = ctx.store.read_bytes()?;
        let now_text = match &now {
            Some(bytes) => crate::store::text(path, bytes.clone())?,
            None => NEW_FILE.to_string(),
        };
        let gone = now.as_ref().is_none_or(|b| b.trim_ascii().is_empty());
        let had = !(self.base == NEW_FILE || self.base.trim().is_empty());
        if gone && had {
            return Err(self.kept(
                path,
                "the watchlist was deleted or emptied while you edited it, and your edit holds \
                 only what you changed of it",
            ));
        }
        let (text, meanwhile) = if now_text == self.base {
            (text.to_string(), Vec::new())
        } else {
            // Without the shows it began from, a show the edit removed or changed back would
            // look new or changed meanwhile, and be kept as it is now.
            if !crate::store::parses(&self.base) {
                return Err(anyhow::anyhow!(
                    "your edit was not saved: the watchlist changed while you edited it, and the \
                     version your edit began from (kept in `{}`) is not a valid watchlist, so \
                     what changed meanwhile cannot be told from what you changed. Your edit is \
                     kept in `{}`, and `{}` is as it was; compare them (`diff -u {} {}`), copy \
                     over what you need, then delete `{}`",
                    self.base_file.display(),
                    self.copy.display(),
                    path.display(),
                    path.display(),
                    self.copy.display(),
                    self.copy.display()
                ));
            }
            let names = ["the watchlist (changed since your edit began)", "your edit"];
            let merged = match merge_or_mark(&self.base, &now_text, text, names, ctx.today) {
                Ok(merged) => merged,
                Err(conflict) => return Err(self.conflict(ctx, conflict, &now_text)),
            };
            if self.terminal
                && !crate::term::ask(
                    "The watchlist changed while you edited it; save your edit merged with \
                     those changes? [Y/n] ",
                )?
            {
                return Err(self.kept(path, "you chose not to merge"));
            }
            (merged.text, merged.changed_in_ours)
        };
        ctx.store
            .replace(&text, now.as_deref())
            .map_err(|e| self.kept(path, &format!("{e:#}")))?;
        self.finished();
        let mut message = format!("Saved `{}`\n", path.display());
        if !meanwhile.is_empty() {
            message.push_str(&format!(
                "(merged with the changes made meanwhile to {} show{})\n",
                meanwhile.len(),
                if meanwhile.len() == 1 { "" } else { "s" }
            ));
        }
        ctx.done(&message)
    }

    /// The error for an edit whose shows clashed with what changed meanwhile. The copy gets
    /// both versions of each such show, marked, and the watchlist as it is now becomes its
    /// base: choosing a version and running `airdate edit` again settles it.
    fn conflict(&mut self, ctx: &Context, conflict: Conflict, now: &str) -> anyhow::Error {
        let Some(marked) = conflict.marked else {
            return self.kept(ctx.store.path(), &conflict.message);
        };
        if let Err(e) = self.begin(ctx, &marked, now) {
            return e;
        }
        anyhow::anyhow!(
            "your edit was not saved: {}. Both versions of each are now in `{}`, between \
             `# <<<<<<<` and `# >>>>>>>` lines, and `{}` is as it was; keep one version of \
             each, delete the marker lines, and run `airdate edit` again",
            conflict.message,
            self.copy.display(),
            ctx.store.path().display()
        )
    }

    /// The error for an edit that was not saved: both files are named and left as they are.
    fn kept(&self, path: &Path, why: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "your edit was not saved: {why}. It is kept in `{}`, and `{}` is as it was; compare \
             them (`diff -u {} {}`), then run `airdate edit` again to resume",
            self.copy.display(),
            path.display(),
            path.display(),
            self.copy.display()
        )
    }

    /// The edit is over: its copy and base go.
    fn finished(&self) {
        let _ = std::fs::remove_file(&self.copy);
        let _ = std::fs::remove_file(&self.base_file);
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi` on `file`, through the shell so that an editor
/// given with options (`code --wait`) works.
fn open_editor(file: &Path) -> Result<()> {
    let editor = crate::config::editor();
    // A relative name beginning with `-` would reach the editor as an option.
    let dashed = file.as_os_str().as_encoded_bytes().starts_with(b"-");
    let file = if dashed {
        Path::new(".").join(file)
    } else {
        file.to_path_buf()
    };
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&file)
        .status()
        .with_context(|| format!("failed to start the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` failed ({status}); the watchlist is unchanged");
    }
    Ok(())
}
