//! The files beside the watchlist, named in one place: the lock and the temporary files (see
//! [`super::fsio`]), the copy `edit` works on and the base it was made from, and the log of
//! removed shows that `news` reads, and the conflict copies a sync tool leaves (which airdate
//! only finds, reads and moves away). Each is written as the watchlist's owner's (see
//! [`super::fsio::append_beside`]).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

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

/// The sync tool that left a conflict copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CopyKind {
    Syncthing,
    Dropbox,
}

impl std::fmt::Display for CopyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CopyKind::Syncthing => "Syncthing",
            CopyKind::Dropbox => "Dropbox",
        })
    }
}

/// A conflict copy of the watchlist: another device's version, which a sync tool kept beside it
/// when both devices changed the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictCopy {
    pub path: PathBuf,
    pub kind: CopyKind,
    /// Syncthing's short device id (`K3X2R2T`), or the device name Dropbox gives.
    pub device: String,
    /// When the conflict was found: Syncthing gives the time too, Dropbox only the day.
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Dropbox's counter for a second copy of one day (`… conflicted copy 2026-04-13 1`).
    pub counter: Option<u32>,
}

impl ConflictCopy {
    /// The copy's file name.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// `Syncthing, device K3X2R2T, 2026-04-13 09:15:23`.
    pub fn describe(&self) -> String {
        let when = match self.time {
            Some(time) => format!("{} {time}", self.date),
            None => self.date.to_string(),
        };
        format!("{}, device {}, {when}", self.kind, self.device)
    }
}

impl<'a> Beside<'a> {
    /// The conflict copies of the watchlist in its folder, oldest first, as Syncthing
    /// (`watchlist.sync-conflict-20260413-091523-K3X2R2T.toml`) and Dropbox
    /// (`watchlist (laptop's conflicted copy 2026-04-13).toml`, with ` 1` before the `)` for a
    /// second one) name them. Names are matched strictly, so `watchlist.edit.toml` or a copy of
    /// another file is never one. One read of the folder; none when it cannot be read.
    pub fn conflict_copies(&self) -> Vec<ConflictCopy> {
        let folder = self
            .watchlist
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let (stem, ext) = self.stem_and_ext();
        let mut copies: Vec<ConflictCopy> = std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            // A sync tool leaves files: a folder or a pipe of such a name is none (reading a
            // pipe would wait for ever).
            .filter(|entry| {
                entry
                    .file_type()
                    .is_ok_and(|t| t.is_file() || t.is_symlink())
            })
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let copy = conflict_copy(&name, &stem, ext.as_deref())?;
                Some(ConflictCopy {
                    path: self.watchlist.with_file_name(&name),
                    ..copy
                })
            })
            .collect();
        copies.sort_by_key(|c| {
            let at = NaiveDateTime::new(c.date, c.time.unwrap_or(NaiveTime::MIN));
            (at, c.counter, c.name())
        });
        copies
    }

    /// The name's stem and extension: `watchlist` and `toml` for `watchlist.toml`.
    fn stem_and_ext(&self) -> (String, Option<String>) {
        let name = self.name();
        match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), Some(ext.to_string())),
            _ => (name, None),
        }
    }

    /// Where `resolve` moves a conflict copy it merged when airdate has no state folder:
    /// `.airdate-resolved/` beside the watchlist.
    pub fn resolved_folder(&self) -> PathBuf {
        self.watchlist.with_file_name(".airdate-resolved")
    }
}

/// The conflict copy `name` is, of the watchlist named `stem` and `ext`; its path is left empty.
fn conflict_copy(name: &str, stem: &str, ext: Option<&str>) -> Option<ConflictCopy> {
    let rest = name.strip_prefix(stem)?;
    let rest = match ext {
        Some(ext) => rest.strip_suffix(ext)?.strip_suffix('.')?,
        None => rest,
    };
    syncthing(rest).or_else(|| dropbox(rest))
}

/// `.sync-conflict-20260413-091523-K3X2R2T`.
fn syncthing(rest: &str) -> Option<ConflictCopy> {
    let rest = rest.strip_prefix(".sync-conflict-")?;
    let mut parts = rest.split('-');
    let (day, time, device) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let id = device.len() == 7
        && device
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if parts.next().is_some() || !digits(day, 8) || !digits(time, 6) || !id {
        return None;
    }
    Some(ConflictCopy {
        path: PathBuf::new(),
        kind: CopyKind::Syncthing,
        device: device.to_string(),
        date: NaiveDate::parse_from_str(day, "%Y%m%d").ok()?,
        time: Some(NaiveTime::parse_from_str(time, "%H%M%S").ok()?),
        counter: None,
    })
}

/// ` (laptop's conflicted copy 2026-04-13)` or ` (laptop's conflicted copy 2026-04-13 1)`.
fn dropbox(rest: &str) -> Option<ConflictCopy> {
    let inner = rest.strip_prefix(" (")?.strip_suffix(')')?;
    let (device, when) = inner.rsplit_once("'s conflicted copy ")?;
    let (day, counter) = match when.split_once(' ') {
        Some((day, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (day, Some(n.parse().ok()?))
        }
        Some(_) => return None,
        None => (when, None),
    };
    let iso = day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-';
    if device.trim().is_empty() || !iso {
        return None;
    }
    Some(ConflictCopy {
        path: PathBuf::new(),
        kind: CopyKind::Dropbox,
        device: device.to_string(),
        date: NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?,
        time: None,
        counter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str) -> Option<(CopyKind, String, String, Option<u32>)> {
        conflict_copy(name, "watchlist", Some("toml"))
            .map(|c| (c.kind, c.device, c.date.to_string(), c.counter))
    }

    #[test]
    fn conflict_copies_are_matched_strictly() {
        assert_eq!(
            kind("watchlist.sync-conflict-20260413-091523-K3X2R2T.toml"),
            Some((
                CopyKind::Syncthing,
                "K3X2R2T".into(),
                "2026-04-13".into(),
                None
            ))
        );
        assert_eq!(
            kind("watchlist (Ann's laptop's conflicted copy 2026-04-13 2).toml"),
            Some((
                CopyKind::Dropbox,
                "Ann's laptop".into(),
                "2026-04-13".into(),
                Some(2)
            ))
        );
        assert!(kind("watchlist (laptop's conflicted copy 2026-04-13).toml").is_some());
        for not in [
            "watchlist.toml",
            "watchlist.edit.toml",
            "watchlist.sync-conflict-20260413-091523-K3X2R2.toml",
            "watchlist.sync-conflict-20260413-091523-k3x2r2t.toml",
            "watchlist.sync-conflict-20261313-091523-K3X2R2T.toml",
            "watchlist.sync-conflict-20260413-091523-K3X2R2T.toml.tmp",
            "shows.sync-conflict-20260413-091523-K3X2R2T.toml",
            "watchlist (laptop's conflicted copy 2026-04-13 x).toml",
            "watchlist (laptop's conflicted copy 2026-4-13).toml",
            "watchlist ('s conflicted copy 2026-04-13).toml",
            "watchlist (laptop's conflicted copy 2026-04-13).txt",
        ] {
            assert_eq!(kind(not), None, "{not}");
        }
    }
}
