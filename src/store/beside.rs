//! The files beside the watchlist, named in one place: the lock and the temporary files (see
//! [`super::fsio`]), the copy `edit` works on and the base it was made from, and the log of
//! removed shows that `news` reads. Each is written as the watchlist's owner's (see
//! [`super::fsio::append_beside`]).

use std::path::{Path, PathBuf};

/// The files beside the watchlist at one path.
pub struct Beside<'a> {
    watchlist: &'a Path,
}

impl<'a> Beside<'a> {
    pub fn new(watchlist: &'a Path) -> Self {
        Beside { watchlist }
    }

    /// The watchlist's file name (`watchlist.toml` when it has none).
    fn name(&self) -> String {
        self.watchlist
            .file_name()
            .map_or("watchlist.toml".into(), |s| {
                s.to_string_lossy().into_owned()
            })
    }

    /// The name without a `.toml` ending: `watchlist` for `watchlist.toml`, `shows.txt` for
    /// `shows.txt`, so that no two watchlists in a folder share a file.
    fn stem(&self) -> String {
        let name = self.name();
        name.strip_suffix(".toml").unwrap_or(&name).to_string()
    }

    /// The lock every writer takes: `watchlist.toml.lock`.
    pub fn lock(&self) -> PathBuf {
        self.watchlist
            .with_file_name(format!("{}.lock", self.name()))
    }

    /// What the names of the temporary files of a write begin with: `.watchlist.toml.`
    /// (they end in `.tmp`).
    pub fn temp_prefix(&self) -> String {
        format!(".{}.", self.name())
    }

    /// Where an edit is made: `watchlist.edit.toml`. A copy the watchlist's checks rejected is
    /// kept there for the next `airdate edit`.
    pub fn edit_copy(&self) -> PathBuf {
        self.watchlist
            .with_file_name(format!("{}.edit.toml", self.stem()))
    }

    /// The watchlist as it was when the edit copy was made, `.watchlist.edit.base`: what a
    /// resumed edit is merged against, so that what was written meanwhile is kept.
    pub fn edit_base(&self) -> PathBuf {
        self.watchlist
            .with_file_name(format!(".{}.edit.base", self.stem()))
    }

    /// Where `remove` notes each show it removed: `watchlist.removed.log`, a line
    /// `YYYY-MM-DD<TAB>title` each.
    pub fn removal_log(&self) -> PathBuf {
        let stem = self
            .watchlist
            .file_stem()
            .map_or("watchlist".into(), |s| s.to_string_lossy());
        self.watchlist.with_file_name(format!("{stem}.removed.log"))
    }
}
