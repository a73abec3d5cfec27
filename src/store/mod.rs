//! The watchlist file: where it lives, typed reads, and locked, atomic, in-place edits.
//!
//! A read never creates the file. A write takes an exclusive lock on a lock file beside the
//! watchlist, reads and validates the file afresh, splices the change into the text, proves the
//! new text means exactly that change, and replaces the file atomically. A file that does not
//! validate is never written.
//!
//! `read` parses and validates, `edit` changes and proves, `cache` keeps parsed shows between
//! runs, `fsio` locks and writes, `merge` puts two versions made from one base together.

mod beside;
mod cache;
mod diff3;
mod edit;
pub mod episodes;
pub(crate) mod fsio;
mod merge;
mod read;
pub(crate) mod undo;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

pub use beside::{Beside, ConflictCopy, CopyKind};
pub use edit::Editor;
pub use fsio::text;
pub use merge::{Conflict, Decision, Merged, Rule, merge, merge_guessed, merge_or_mark};
pub use read::Problem;
pub use undo::Entry as UndoEntry;

use crate::model::Show;

/// How often a change starts again when another program saves the watchlist meanwhile.
const ATTEMPTS: usize = 3;

/// What a new watchlist starts with.
pub const NEW_FILE: &str = "\
# My shows: one [[show]] table each. Edit freely; `airdate check` validates the file.
version = 1
";

/// Whether `text` reads as a watchlist (shows, whether or not they validate).
pub fn parses(text: &str) -> bool {
    read::parse(text).is_ok()
}

/// What `check` found in a watchlist: every problem, errors and warnings, with the text they
/// point into.
#[derive(Debug)]
pub struct Report {
    pub path: PathBuf,
    pub text: String,
    /// The shows, when the file is valid; none when it is not.
    pub shows: Vec<Show>,
    pub problems: Vec<Problem>,
}

impl Report {
    /// `path:line:column: message` for one problem, lines and columns counted from 1,
    /// columns in characters.
    pub fn locate(&self, problem: &Problem) -> String {
        let path = self.path.display();
        let Some(span) = &problem.span else {
            return format!("{path}: {}", problem.message);
        };
        let before = &self.text[..self.text.floor_char_boundary(span.start)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        format!("{path}:{line}:{column}: {}", problem.message)
    }

    /// Says every problem on stderr, `error: …` or `warning: …` with its place.
    pub fn say_all(&self) {
        for problem in &self.problems {
            let kind = if problem.is_error() {
                "error"
            } else {
                "warning"
            };
            crate::term::say(&format!("{kind}: {}", self.locate(problem)));
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

/// The entry of a kept change when it can be trusted; else a warning says why it is ignored.
fn trusted(found: undo::Found) -> Option<UndoEntry> {
    found
        .entry
        .map_err(|why| {
            crate::term::say(&format!(
                "warning: ignored the undo entry `{}`: {why}",
                found.path.display()
            ));
        })
        .ok()
}

/// As an error: a watchlist that does not parse or validate, with every problem found.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Problem> = self.errors().collect();
        let first = errors.first().expect("an invalid watchlist has an error");
        write!(f, "{}", self.locate(first))?;
        if errors.len() > 1 {
            write!(f, "\n(and {} more problems)", errors.len() - 1)?;
        }
        write!(
            f,
            "\nthe file was left as it was; fix it, then run `airdate check` to see every problem"
        )
    }
}

impl std::error::Error for Report {}

/// The watchlist file at one path, its cache file (none when caching is off), and where the
/// versions kept for `undo` go (none when they are not kept).
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    cache: Option<PathBuf>,
    undo: Option<Undo>,
}

/// Where a store keeps the versions for `undo`, and the command line its changes are kept as.
#[derive(Debug, Clone)]
struct Undo {
    state: PathBuf,
    command: String,
}

/// What `undo` took back.
#[derive(Debug)]
pub struct Undone {
    pub entry: UndoEntry,
    /// How many older changes can still be taken back.
    pub left: usize,
    /// The watchlist already held the version from before the change (an undo cut short
    /// before its entry was removed, or the change taken back by hand): only the entry went,
    /// nothing was written.
    pub already: bool,
}

/// What `undo --list` shows: the kept changes, newest first, and whether the watchlist still
/// holds what the newest of them wrote (else `undo` would refuse).
#[derive(Debug)]
pub struct UndoList {
    pub entries: Vec<UndoEntry>,
    pub current: bool,
}

impl Store {
    /// The watchlist at `path`, cached in the user's cache folder (see
    /// [`config::cache_dir`](crate::config::cache_dir)).
    /// Each change it writes is kept for `undo` in the state folder (see
    /// [`config::state_dir`](crate::config::state_dir)).
    pub fn new(path: PathBuf) -> Self {
        let dir = crate::config::cache_dir();
        let mut store = Store::with_cache_dir(path, dir.as_deref());
        store.undo = crate::config::state_dir().map(|state| Undo {
            state,
            command: "airdate".into(),
        });
        store
    }

    /// The watchlist at `path`, cached in the folder `dir` (`None`: not cached), its changes
    /// not kept for `undo`.
    pub fn with_cache_dir(path: PathBuf, dir: Option<&Path>) -> Self {
        let cache = dir.map(|dir| cache::file_for(&path, dir));
        Store {
            path,
            cache,
            undo: None,
        }
    }

    /// The same store, whose changes are kept for `undo` as made by `command` (the command
    /// line, as `undo --list` shows it).
    pub fn made_by(mut self, command: String) -> Self {
        if let Some(undo) = &mut self.undo {
            undo.command = command;
        }
        self
    }

    fn cached(&self, bytes: &[u8]) -> Option<(Vec<Show>, read::Layout)> {
        cache::load(self.cache.as_deref()?, bytes)
    }

    fn save_cache(&self, text: &str, parsed: &read::Parsed) {
        if let Some(cache) = &self.cache {
            cache::save(cache, text.as_bytes(), &parsed.shows, &parsed.layout);
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The files beside the watchlist.
    pub fn beside(&self) -> Beside<'_> {
        Beside::new(&self.path)
    }

    /// Every problem in the file, errors and warnings; none when there is no file.
    pub fn check(&self) -> Result<Report> {
        let text = match fsio::read_bytes(&self.path)? {
            Some(bytes) => fsio::text(&self.path, bytes)?,
            None => String::new(),
        };
        let (shows, problems) = match read::parse(&text) {
            Ok(parsed) => (parsed.shows, parsed.warnings),
            Err(problems) => (Vec::new(), problems),
        };
        Ok(Report {
            path: self.path.clone(),
            text,
            shows,
            problems,
        })
    }

    /// Reads and validates the watchlist: from the cache when it holds exactly the file's
    /// bytes, else parsed (which caches it). A missing file is an empty watchlist.
    pub fn load(&self) -> Result<Vec<Show>> {
        let Some(bytes) = fsio::read_bytes(&self.path)? else {
            return Ok(Vec::new());
        };
        if let Some((shows, _)) = self.cached(&bytes) {
            return Ok(shows);
        }
        let text = fsio::text(&self.path, bytes)?;
        let parsed = self.parse(&self.path, &text)?;
        self.save_cache(&text, &parsed);
        Ok(parsed.shows)
    }

    /// Appends `line` to the file at `path` beside the watchlist, which keeps the watchlist's
    /// owner.
    pub fn append_beside(&self, path: &Path, line: &str) -> std::io::Result<()> {
        fsio::append_beside(path, &fsio::real_path(&self.path), line)
    }

    /// Writes the file at `path` beside the watchlist (a copy for the user), which keeps the
    /// watchlist's owner.
    pub fn write_beside(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        fsio::write_beside(path, &fsio::real_path(&self.path), bytes)
    }

    /// Replaces a file beside the watchlist that holds the user's work, atomically (see
    /// [`fsio::replace_beside`]).
    pub fn replace_beside(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        fsio::replace_beside(path, &fsio::real_path(&self.path), bytes)
    }

    /// The file's bytes as they are now, or `None` when there is no file.
    pub fn read_bytes(&self) -> Result<Option<Vec<u8>>> {
        fsio::read_bytes(&self.path)
    }

    /// Parses `text`, naming `source` in its problems.
    fn parse(&self, source: &Path, text: &str) -> Result<read::Parsed, Report> {
        read::parse(text).map_err(|problems| Report {
            path: source.to_path_buf(),
            text: text.to_string(),
            shows: Vec::new(),
            problems,
        })
    }

    /// Checks a whole new text for the watchlist, as `edit` has it from the user's editor;
    /// `source` names it in the problems.
    pub fn validate(&self, source: &Path, text: &str) -> Result<(), Report> {
        self.parse(source, text).map(|_| ())
    }

    /// Replaces the watchlist with `text`, which `validate` passed, under the lock and
    /// atomically, provided the file still holds `expected` (its bytes when the edit began;
    /// `None` when there was no file) until the moment it is replaced.
    pub fn replace(&self, text: &str, expected: Option<&[u8]>) -> Result<()> {
        let target = fsio::real_path(&self.path);
        let _lock = fsio::lock(&target)?;
        fsio::check_writable(&target, &self.path)?;
        let parsed = self.parse(&self.path, text)?;
        let what = || {
            let before = expected.and_then(|b| std::str::from_utf8(b).ok());
            let shows = before.and_then(|b| read::parse(b).ok());
            undo::what(&shows.map(|p| p.shows).unwrap_or_default(), &parsed.shows)
        };
        self.written(self.land(&target, text, &parsed, expected, what))
    }

    /// The one way a change reaches the watchlist: writes `text` (which parses to `parsed`)
    /// over the watchlist at `target` if it still holds `before` (`None`: there was no file),
    /// then, once it has landed, caches it and keeps `before` for `undo`, with `what` it
    /// changed. Called under the lock.
    fn land(
        &self,
        target: &Path,
        text: &str,
        parsed: &read::Parsed,
        before: Option<&[u8]>,
        what: impl FnOnce() -> String,
    ) -> Result<()> {
        fsio::write_atomic(target, text.as_bytes(), before)?;
        self.save_cache(text, parsed);
        self.keep_for_undo(target, before, text, what);
        Ok(())
    }

    /// Keeps a change that landed for `undo`; best effort: a change that cannot be kept is
    /// still made, and says so.
    fn keep_for_undo(
        &self,
        target: &Path,
        before: Option<&[u8]>,
        after: &str,
        what: impl FnOnce() -> String,
    ) {
        let Some(undo) = &self.undo else { return };
        // The watchlist airdate read is UTF-8 text; were it not, there is nothing to keep.
        let Ok(before) = before.map(|b| String::from_utf8(b.to_vec())).transpose() else {
            return;
        };
        let log = undo::Log::of(&undo.state, target);
        let entry = UndoEntry {
            watchlist: log.watchlist().to_string(),
            time: chrono::Utc::now().timestamp(),
            command: undo.command.clone(),
            what: what(),
            before,
            after: after.to_string(),
        };
        if let Err(e) = log.record(&entry) {
            crate::term::say(&format!(
                "warning: the change was saved, but `airdate undo` cannot take it back: the \
                 copy for it could not be kept in `{}`: {e}",
                undo.state.display()
            ));
        }
    }

    /// What a write's outcome means for the user.
    fn written(&self, outcome: Result<()>) -> Result<()> {
        outcome.map_err(|e| {
            if e.is::<fsio::Changed>() {
                anyhow::anyhow!(
                    "`{}` was changed by another program while airdate was changing it, so \
                     nothing was written (the other program's version is kept); run the \
                     command again",
                    self.path.display()
                )
            } else {
                e.context(format!("failed to write `{}`", self.path.display()))
            }
        })
    }

    /// Replaces the watchlist with what `change` makes of its text now (a new watchlist's when
    /// there is none), the way every change lands: under the lock, validated, atomic, never
    /// over a save it did not see, and kept for `undo`. `change` returns the new text, or
    /// `None` to write nothing, and what to hand back.
    pub fn rewrite<T>(
        &self,
        change: impl FnOnce(&str) -> Result<(Option<String>, T)>,
    ) -> Result<T> {
        let target = fsio::real_path(&self.path);
        let _lock = fsio::lock(&target)?;
        fsio::check_writable(&target, &self.path)?;
        fsio::remove_stale_temp_files(&target);
        let before = fsio::read_bytes(&target)?;
        let now = match &before {
            Some(bytes) => fsio::text(&self.path, bytes.clone())?,
            None => NEW_FILE.to_string(),
        };
        let old = self.parse(&self.path, &now)?;
        let (text, result) = change(&now)?;
        let Some(text) = text.filter(|t| *t != now) else {
            return Ok(result);
        };
        let parsed = self.parse(&self.path, &text)?;
        let what = || undo::what(&old.shows, &parsed.shows);
        self.written(self.land(&target, &text, &parsed, before.as_deref(), what))?;
        Ok(result)
    }

    /// The conflict copies a sync tool left beside the watchlist, oldest first (see
    /// [`Beside::conflict_copies`]).
    pub fn conflict_copies(&self) -> Vec<ConflictCopy> {
        Beside::new(&fsio::real_path(&self.path)).conflict_copies()
    }

    /// The versions of the watchlist kept for `undo`, oldest to newest, each once and valid:
    /// the bases `resolve` chooses from (sync tools keep none). None when none are kept.
    pub fn kept_versions(&self) -> Vec<String> {
        let target = fsio::real_path(&self.path);
        let Ok(log) = self.undo_log(&target) else {
            return Vec::new();
        };
        let entries: Vec<UndoEntry> = log.entries().into_iter().filter_map(trusted).collect();
        undo::versions(&entries)
    }

    /// The watchlist opened for a change that will not be saved (a dry run): validated like an
    /// edit, but neither locked nor written.
    pub fn preview(&self) -> Result<Editor> {
        self.open(&fsio::real_path(&self.path))
    }

    /// Runs `change` on the watchlist under the write lock and, if it changed anything, saves
    /// the result atomically once it is proven to mean exactly that change (see
    /// [`edit`](self::edit)). An error from `change`, or a failed proof, writes nothing.
    pub fn edit<T>(&self, change: impl FnMut(&mut Editor) -> Result<T>) -> Result<T> {
        self.edit_then(change, |_| ())
    }

    /// Like [`edit`](Self::edit), and `landed` runs once the change is written, still under
    /// the lock (for what must follow the change in the same order, such as a log line).
    ///
    /// When another program saves the watchlist while the change is made (an editor or a sync
    /// tool, which do not take the lock), the change starts again from the file it saved, a
    /// few times; so `change` may run more than once, and must start from what the editor
    /// holds each time.
    pub fn edit_then<T>(
        &self,
        mut change: impl FnMut(&mut Editor) -> Result<T>,
        landed: impl FnOnce(&T),
    ) -> Result<T> {
        let target = fsio::real_path(&self.path);
        let _lock = fsio::lock(&target)?;
        fsio::check_writable(&target, &self.path)?;
        fsio::remove_stale_temp_files(&target);
        for attempt in 1.. {
            let mut editor = self.open(&target)?;
            let result = change(&mut editor)?;
            if !editor.changed() {
                return Ok(result);
            }
            let (text, parsed) = self.finish(&mut editor)?;
            let before = editor.existed.then_some(editor.text.as_bytes());
            let what = || undo::what(editor.before(), &parsed.shows);
            match self.land(&target, &text, &parsed, before, what) {
                Err(e) if e.is::<fsio::Changed>() && attempt < ATTEMPTS => continue,
                written => self.written(written)?,
            }
            landed(&result);
            return Ok(result);
        }
        unreachable!("the last attempt returns")
    }

    /// The undo log of the watchlist at `target`, or why there is none.
    fn undo_log(&self, target: &Path) -> Result<undo::Log> {
        let undo = self.undo.as_ref().ok_or_else(|| {
            anyhow::anyhow!(
                "airdate keeps no versions for undo, because AIRDATE_STATE_DIR is set empty (or \
                 there is no home folder); nothing was undone"
            )
        })?;
        Ok(undo::Log::of(&undo.state, target))
    }

    /// The changes `undo` can take back, newest first; an entry that cannot be trusted is
    /// left out with a warning.
    pub fn undo_list(&self) -> Result<UndoList> {
        let target = fsio::real_path(&self.path);
        let log = self.undo_log(&target)?;
        let entries: Vec<UndoEntry> = log.entries().into_iter().filter_map(trusted).collect();
        let current = match entries.first() {
            Some(newest) => fsio::read_bytes(&target)?.as_deref() == Some(newest.after.as_bytes()),
            None => true,
        };
        Ok(UndoList { entries, current })
    }

    /// Takes back the newest change airdate made that is not taken back yet: the file as it was
    /// before it, provided the watchlist still holds exactly what that change wrote. Like every
    /// write, under the lock and atomic, and never over a save it did not see. The change that
    /// made a new watchlist is taken back to what a new watchlist starts with ([`NEW_FILE`]):
    /// the watchlist is never deleted.
    pub fn undo(&self) -> Result<Undone> {
        let target = fsio::real_path(&self.path);
        let _lock = fsio::lock(&target)?;
        fsio::check_writable(&target, &self.path)?;
        fsio::remove_stale_temp_files(&target);
        let log = self.undo_log(&target)?;
        let now = fsio::read_bytes(&target)?;
        let mut found = log.entries().into_iter();
        while let Some(kept) = found.next() {
            let number = kept.number;
            let Some(entry) = trusted(kept) else { continue };
            let restored = entry.before.as_deref().unwrap_or(NEW_FILE);
            // An undo that landed, whose entry a crash kept, or the change taken back by hand:
            // it is done. The entry goes, and this undo stops there: going on would take back
            // an older change the user did not ask for (and could not get back).
            if now.as_deref() == Some(restored.as_bytes()) && restored != entry.after {
                let _ = log.remove(number);
                let left = found.filter(|f| f.entry.is_ok()).count();
                return Ok(Undone {
                    entry,
                    left,
                    already: true,
                });
            }
            if now.as_deref() != Some(entry.after.as_bytes()) {
                let why = if now.is_none() {
                    "it is gone"
                } else {
                    "an editor or another program saved it"
                };
                anyhow::bail!(
                    "`{}` changed since `{}` wrote it ({why}); nothing was undone. Make that \
                     change by hand, with `airdate edit` or a command",
                    self.path.display(),
                    crate::term::clean(&entry.command)
                );
            }
            let parsed = self.parse(&self.path, restored).map_err(|report| {
                anyhow::anyhow!(
                    "the version kept from before `{}` is not a valid watchlist for this airdate \
                     ({}); nothing was undone",
                    crate::term::clean(&entry.command),
                    report.errors().next().map_or("", |p| p.message.as_str())
                )
            })?;
            let written =
                fsio::write_atomic(&target, restored.as_bytes(), Some(entry.after.as_bytes()));
            self.written(written)?;
            self.save_cache(restored, &parsed);
            if let Err(e) = log.remove(number) {
                crate::term::say(&format!(
                    "warning: the change was undone, but its entry could not be removed: {e}"
                ));
            }
            let left = found.filter(|f| f.entry.is_ok()).count();
            return Ok(Undone {
                entry,
                left,
                already: false,
            });
        }
        anyhow::bail!(
            "nothing to undo: airdate has kept no change to `{}` (it keeps the last {}, from \
             the commands that write)",
            self.path.display(),
            undo::KEEP
        )
    }

    /// The editor's new text, proven, and what it parses to.
    fn finish(&self, editor: &mut Editor) -> Result<(String, read::Parsed)> {
        let mut finished = editor.finish();
        // A cache that matched the file's bytes but not its meaning (only tampering can make
        // one) gives way to a fresh parse.
        if finished.is_err() && editor.cached {
            let parsed = self.parse(&self.path, &editor.text)?;
            if editor.rebase(parsed) {
                finished = editor.finish();
            }
        }
        match finished {
            Err(e) if e.is::<edit::Unsupported>() => Err(e),
            finished => finished.with_context(|| {
                format!(
                    "airdate did not write `{}`: the change could not be proven safe, which is \
                     a bug in airdate (please report it); the file is unchanged",
                    self.path.display()
                )
            }),
        }
    }

    /// The file at `target` opened for a change: from the cache when it holds exactly these
    /// bytes, else parsed and validated whole.
    fn open(&self, target: &Path) -> Result<Editor> {
        let Some(bytes) = fsio::read_bytes(target)? else {
            // A new watchlist starts with a line that says what it is.
            let parsed = self.parse(&self.path, NEW_FILE)?;
            let mut editor = Editor::new(NEW_FILE.to_string(), parsed.shows, parsed.layout, false);
            editor.existed = false;
            return Ok(editor);
        };
        // Splices follow the cached layout only once it fits the file's lines.
        let cached = self
            .cached(&bytes)
            .filter(|(_, layout)| layout.fits(&bytes));
        let text = fsio::text(&self.path, bytes)?;
        if let Some((shows, layout)) = cached {
            return Ok(Editor::new(text, shows, layout, true));
        }
        let parsed = self.parse(&self.path, &text)?;
        Ok(Editor::new(text, parsed.shows, parsed.layout, false))
    }
}
