//! The watchlist file: where it lives, typed reads, and locked, atomic, in-place edits.
//!
//! A read never creates the file. A write takes an exclusive lock on a lock file beside the
//! watchlist, reads and validates the file afresh, applies the change to the TOML document in
//! place, and replaces the file atomically. A file that does not validate is never written.

mod decode;
mod encode;
mod fast;
mod fsio;
mod index;
mod layout;
mod quick;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use toml_edit::{Document, DocumentMut};

pub use decode::{Problem, Severity, VERSION};
pub use encode::Editor;
use encode::Shows;

use crate::model::{NoMatch, Show, Status, find_show};
use crate::premiere::Premiere;

/// What a new watchlist starts with.
pub const NEW_FILE: &str = "\
# My shows: one [[show]] table each. Edit freely; `airdate check` validates the file.
version = 1
";

/// The watchlist path: `--file`, else `AIRDATE_FILE` (both arrive through clap), else the
/// data folder's `watchlist.toml`.
pub fn resolve_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(path);
    }
    let dirs = directories::ProjectDirs::from("", "", "airdate").ok_or_else(|| {
        anyhow!("cannot find your home folder; pass --file PATH or set AIRDATE_FILE")
    })?;
    Ok(dirs.data_dir().join("watchlist.toml"))
}

/// How much of each show a read needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    Whole,
    /// What tables show: no creators, cast, tags or notes, and history entries without their
    /// notes. A read asked for the summary leaves those out, or may.
    Summary,
}

/// Leaves only the summary of `show` (see [`Parts::Summary`]), freeing the rest.
fn summarise(show: &mut Show) {
    show.creators = Vec::new();
    show.cast = Vec::new();
    show.tags = Vec::new();
    show.notes = None;
    for entry in &mut show.history {
        entry.note = None;
    }
}

/// The watchlist as read: its shows in file order.
#[derive(Debug, Default)]
pub struct Watchlist {
    pub shows: Vec<Show>,
}

/// What `check` found in a watchlist: every problem, errors and warnings, with the text they
/// point into.
#[derive(Debug)]
pub struct Report {
    pub path: PathBuf,
    pub text: String,
    pub shows: usize,
    pub problems: Vec<Problem>,
}

impl Report {
    /// `path:line:column: message` for one problem.
    pub fn locate(&self, problem: &Problem) -> String {
        locate(&self.path, &self.text, problem)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

/// A watchlist that does not parse or validate, with every problem found.
#[derive(Debug)]
pub struct Invalid(pub Report);

/// `path:line:column: message`, lines and columns counted from 1, columns in characters.
pub fn locate(path: &Path, text: &str, problem: &Problem) -> String {
    match &problem.span {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("{}:{line}:{column}: {}", path.display(), problem.message)
        }
        None => format!("{}: {}", path.display(), problem.message),
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Problem> = self.0.errors().collect();
        let first = errors.first().expect("an invalid watchlist has an error");
        write!(f, "{}", self.0.locate(first))?;
        if errors.len() > 1 {
            write!(f, "\n(and {} more problems)", errors.len() - 1)?;
        }
        write!(
            f,
            "\nthe file was left as it was; fix it, then run `airdate check` to see every problem"
        )
    }
}

impl std::error::Error for Invalid {}

/// The watchlist file at one path.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Store { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's text, or `None` when there is no file yet.
    fn read_text(&self) -> Result<Option<String>> {
        fsio::read_text(&self.path)
    }

    /// Every problem in the file, errors and warnings; none when there is no file.
    pub fn check(&self) -> Result<Report> {
        let text = self.read_text()?.unwrap_or_default();
        Ok(match parse(&self.path, text.clone()) {
            Ok(parsed) => Report {
                path: self.path.clone(),
                text,
                shows: parsed.shows.len(),
                problems: parsed.warnings,
            },
            Err(Invalid(report)) => report,
        })
    }

    /// Reads and validates the watchlist. A missing file is an empty watchlist.
    ///
    /// The index answers when it holds exactly these bytes; else a valid file is read the
    /// quick way, and only a file with problems is read the strict way, which explains them.
    pub fn load(&self) -> Result<Watchlist> {
        self.load_where(|_, _| true, Parts::Whole)
    }

    /// Like `load`, keeping only the shows whose status and premiere pass `keep`, with at
    /// least the `parts` asked for. Through the index only those shows are read, which makes
    /// views of a few shows quick.
    pub fn load_where(
        &self,
        keep: impl Fn(Status, Premiere) -> bool,
        parts: Parts,
    ) -> Result<Watchlist> {
        let shows = self.read(
            |index| index.shows_where(&keep, parts),
            |show| {
                let kept = keep(show.status, show.premiere);
                if kept && parts == Parts::Summary {
                    summarise(show);
                }
                kept
            },
            Ok,
        )?;
        Ok(Watchlist {
            shows: shows.unwrap_or_default(),
        })
    }

    /// The show `query` names (see [`find_show`]). Through the index only the titles and
    /// that show are read.
    pub fn find(&self, query: &str) -> Result<Show> {
        let found = self.read(
            |index| {
                let titles = (0..index.len())
                    .map(|i| index.title(i))
                    .collect::<Option<Vec<_>>>()?;
                match find_show(&titles, query) {
                    Ok(at) => index.show(at).map(Ok),
                    Err(no_match) => Some(Err(no_match)),
                }
            },
            |_| true,
            |mut shows| {
                let titles: Vec<&str> = shows.iter().map(|s| s.title.as_str()).collect();
                Ok(find_show(&titles, query).map(|at| shows.swap_remove(at)))
            },
        )?;
        // No file: no show matches.
        let found = found.unwrap_or_else(|| {
            Err(NoMatch::Unknown {
                query: query.to_string(),
                closest: Vec::new(),
            })
        });
        Ok(found?)
    }

    /// The shows whose title passes `keep`; through the index, the others are not read past
    /// their title.
    pub fn load_titled(&self, keep: impl Fn(&str) -> bool) -> Result<Vec<Show>> {
        let shows = self.read(
            |index| {
                (0..index.len())
                    .filter_map(|i| match index.title(i) {
                        Some(title) if !keep(&title) => None,
                        _ => Some(index.show(i)),
                    })
                    .collect::<Option<Vec<Show>>>()
            },
            |show| keep(&show.title),
            Ok,
        )?;
        Ok(shows.unwrap_or_default())
    }

    /// Reads the file once: through its index when one matches its bytes and `from_index`
    /// can use it, else by parsing it (which rebuilds the index) and giving the shows that
    /// pass `keep` (which may trim them to what is needed) to `from_shows`. `None` when there
    /// is no file.
    fn read<T>(
        &self,
        from_index: impl FnOnce(&index::Index) -> Option<T>,
        keep: impl Fn(&mut Show) -> bool,
        from_shows: impl FnOnce(Vec<Show>) -> Result<T>,
    ) -> Result<Option<T>> {
        // The file is hashed a piece at a time: when the index answers, it is never held whole.
        let Some(key) = index::Key::of_file(&self.path)? else {
            return Ok(None);
        };
        if let Some(found) = index::load(&self.path, key).and_then(|index| from_index(&index)) {
            return Ok(Some(found));
        }
        let Some(bytes) = fsio::read_bytes(&self.path)? else {
            return Ok(None);
        };
        // The file may have changed since it was hashed: the index is made for these bytes.
        let key = index::Key::of(&bytes);
        let text = fsio::text(&self.path, bytes)?;
        let mut kept = Vec::new();
        if self.index_quickly(&text, key, |mut show| {
            if keep(&mut show) {
                kept.push(show);
            }
        }) {
            drop(text);
            return from_shows(kept).map(Some);
        }
        drop(kept);
        let mut shows = match fast::read(&text) {
            Some(shows) => shows,
            None => parse(&self.path, text.clone())?.shows,
        };
        index::save(&self.path, key, &shows, layout::scan(&text).as_ref());
        shows.retain_mut(keep);
        from_shows(shows).map(Some)
    }

    /// Reads `text`, whose bytes have `key`, with the quick reader, handing each show to
    /// `each`, and saves its index; false when the quick reader was unsure of the text, in
    /// which case `each` was given shows that must be forgotten.
    fn index_quickly(&self, text: &str, key: index::Key, mut each: impl FnMut(Show)) -> bool {
        // Each show is indexed as it is read, so a large file is never held twice over.
        let mut builder = index::Builder::for_file(text.len());
        let layout = quick::read(text, |show| {
            builder.push(&show);
            each(show);
        });
        let Some(layout) = layout else {
            return false;
        };
        debug_assert_eq!(Some(&layout), layout::scan(text).as_ref());
        builder.save(&self.path, key, Some(&layout));
        true
    }

    /// The file's bytes as they are now, or `None` when there is no file.
    pub fn read_bytes(&self) -> Result<Option<Vec<u8>>> {
        fsio::read_bytes(&self.path)
    }

    /// Checks a whole new text for the watchlist, as `edit` has it from the user's editor;
    /// `source` names it in the problems.
    pub fn validate(&self, source: &Path, text: &str) -> Result<(), Invalid> {
        parse(source, text.to_string()).map(|_| ())
    }

    /// Replaces the watchlist with `text`, which `validate` passed, under the lock and
    /// atomically, provided the file still holds `expected` (its bytes when the edit began;
    /// `None` when there was no file).
    pub fn replace(&self, text: &str, expected: Option<&[u8]>) -> Result<()> {
        let target = fsio::real_path(&self.path);
        let _lock = fsio::lock(&target)?;
        let current = fsio::read_bytes(&target)?;
        if current.as_deref() != expected {
            bail!(
                "`{}` was changed by another program while you were editing it",
                self.path.display()
            );
        }
        let parsed = parse(&self.path, text.to_string())?;
        fsio::write_atomic(&target, text.as_bytes())
            .with_context(|| format!("failed to write `{}`", self.path.display()))?;
        let key = index::Key::of(text.as_bytes());
        index::save(&self.path, key, &parsed.shows, layout::scan(text).as_ref());
        Ok(())
    }

    /// The watchlist opened for a change that will not be saved (a dry run): validated like an
    /// edit, but neither locked nor written.
    pub fn preview(&self) -> Result<Editor> {
        self.open(&fsio::real_path(&self.path))
    }

    /// Runs `change` on the watchlist under the write lock and saves the result atomically if
    /// it changed anything. An error from `change` writes nothing.
    pub fn edit<T>(&self, change: impl FnOnce(&mut Editor) -> Result<T>) -> Result<T> {
        let target = fsio::real_path(&self.path);
        let _lock = fsio::lock(&target)?;
        fsio::remove_stale_temp_files(&target);
        let mut editor = self.open(&target)?;
        let result = change(&mut editor)?;
        if editor.changed() {
            let finished = editor.finish();
            let text = &finished.text;
            fsio::write_atomic(&target, text.as_bytes())
                .with_context(|| format!("failed to write `{}`", self.path.display()))?;
            debug_assert!(
                finished.layout.is_none() || finished.layout == layout::scan(text),
                "the edited layout matches a fresh scan"
            );
            let layout = finished.layout.clone().or_else(|| layout::scan(text));
            let key = index::Key::of(text.as_bytes());
            match &finished.shows {
                Shows::Loaded(shows) => index::save(&self.path, key, shows, layout.as_ref()),
                Shows::Indexed { base, records } => {
                    index::save_edited(&self.path, key, base, records, layout.as_ref())
                }
            }
        }
        Ok(result)
    }

    /// The file at `target` opened for a change: through its index and layout when they
    /// match its bytes, which proves it valid; else parsed and validated whole.
    fn open(&self, target: &Path) -> Result<Editor> {
        let Some(bytes) = fsio::read_bytes(target)? else {
            let parsed = parse(&self.path, NEW_FILE.to_string())?;
            return Ok(Editor::document(parsed.doc, parsed.shows));
        };
        let key = index::Key::of(&bytes);
        let text = fsio::text(&self.path, bytes)?;
        // Without an index (the file was changed by another program), one is made the quick
        // way when it can be, so that the edit need not parse the whole document.
        let mut base = index::load(&self.path, key);
        if base.is_none() && self.index_quickly(&text, key, drop) {
            base = index::load(&self.path, key);
        }
        let text = match base {
            Some(base) => match Editor::indexed(text, base) {
                Ok(editor) => return Ok(editor),
                Err(text) => text,
            },
            None => text,
        };
        let parsed = parse(&self.path, text)?;
        Ok(Editor::document(parsed.doc, parsed.shows))
    }
}

/// A valid document, ready for editing.
struct Parsed {
    doc: DocumentMut,
    shows: Vec<Show>,
    warnings: Vec<Problem>,
}

/// Parses and validates `text` strictly, keeping its layout for edits; an error carries every
/// problem found.
fn parse(path: &Path, text: String) -> Result<Parsed, Invalid> {
    let problems = match Document::parse(text.as_str()) {
        Ok(doc) => {
            let (shows, problems) = decode::decode(doc.as_table());
            if !problems.iter().any(Problem::is_error) {
                return Ok(Parsed {
                    doc: doc.into_mut(),
                    shows,
                    warnings: problems,
                });
            }
            problems
        }
        Err(e) => vec![Problem {
            severity: Severity::Error,
            span: e.span(),
            message: format!("not valid TOML: {}", e.message().trim_end()),
        }],
    };
    Err(Invalid(Report {
        path: path.to_path_buf(),
        text,
        shows: 0,
        problems,
    }))
}

/// True when `err` is a broken pipe: the reader went away, which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
