//! The versions kept for `airdate undo`: for each change airdate wrote to a watchlist, the file
//! as it was before and the bytes airdate wrote.
//!
//! Each watchlist has its own folder in the state folder (`undo/` and a hash of the
//! watchlist's full path), so two watchlists never share a log. A change is one file there,
//! `00000001.undo`, `00000002.undo`, …, numbered in the order the changes landed; only the
//! newest [`KEEP`] are kept. An entry is written only after the change it records has landed
//! (and under the watchlist's lock), replaced whole by a rename, never changed in place; an
//! undo that landed removes its entry. An entry's first line names the format and holds a hash
//! of the rest, which is JSON: an entry that is damaged, cut short, of another format or for
//! another watchlist is ignored with a warning, never trusted.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::fsio;
use crate::model::Show;

/// The first word of an entry; a new format gets a new word.
const MAGIC: &str = "airdate-undo-1";

/// How many changes are kept for each watchlist; the oldest goes first.
pub const KEEP: usize = 20;

/// An entry larger than this is not read: no watchlist's is.
const MAX_LEN: u64 = 1 << 31;

/// One change airdate wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The watchlist's full path (see [`identity`]), so that an entry is never used for another.
    pub watchlist: String,
    /// When the change landed, in seconds since 1970 (UTC).
    pub time: i64,
    /// The command line that made it: `airdate set severance --premiere 'Jan 17'`.
    pub command: String,
    /// What it changed, in a few words: `changed "Severance"`, `added 3 shows`.
    pub what: String,
    /// The file before the change; `None` when there was no file.
    pub before: Option<String>,
    /// The file as airdate wrote it.
    pub after: String,
}

/// An entry as found in the log: its number and file, and the entry or why it is not trusted.
pub struct Found {
    pub number: u64,
    pub path: PathBuf,
    pub entry: Result<Entry, String>,
}

/// The full path that names a watchlist in the log: its folder's canonical path and its name,
/// so that `watchlist.toml` and `./x/../watchlist.toml` are one watchlist. `target` is the
/// file its links lead to.
pub fn identity(target: &Path) -> PathBuf {
    let folder = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (fs::canonicalize(folder), target.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf()),
    }
}

/// The undo log of one watchlist.
pub struct Log {
    dir: PathBuf,
    watchlist: String,
}

impl Log {
    /// The log of the watchlist at `target` (links followed), in the state folder `state`.
    pub fn of(state: &Path, target: &Path) -> Log {
        let identity = identity(target);
        let key = xxh3_64(identity.as_os_str().as_encoded_bytes());
        Log {
            dir: state.join("undo").join(format!("{key:016x}")),
            watchlist: identity.to_string_lossy().into_owned(),
        }
    }

    pub fn watchlist(&self) -> &str {
        &self.watchlist
    }

    /// The numbers of the entries, newest first.
    fn numbers(&self) -> Vec<u64> {
        let mut numbers: Vec<u64> = fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| number(&e.file_name().to_string_lossy()))
            .collect();
        numbers.sort_unstable_by(|a, b| b.cmp(a));
        numbers
    }

    /// Every entry, newest first.
    pub fn entries(&self) -> Vec<Found> {
        self.numbers()
            .into_iter()
            .map(|number| {
                let path = self.file(number);
                let entry = self.read(&path);
                Found {
                    number,
                    path,
                    entry,
                }
            })
            .collect()
    }

    fn file(&self, number: u64) -> PathBuf {
        self.dir.join(format!("{number:08}.undo"))
    }

    /// The entry in the file at `path`, when it is whole, of this format and this watchlist's.
    fn read(&self, path: &Path) -> Result<Entry, String> {
        // Only a regular file is opened: a FIFO would block, and a link may lead anywhere.
        let meta = fs::symlink_metadata(path).map_err(|e| e.to_string())?;
        if !meta.is_file() || meta.len() > MAX_LEN {
            return Err("it is not a regular file of an undo entry's size".into());
        }
        let mut data = Vec::new();
        File::open(path)
            .and_then(|f| f.take(MAX_LEN).read_to_end(&mut data))
            .map_err(|e| e.to_string())?;
        let split = data
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("it is cut short")?;
        let (head, body) = (&data[..split], &data[split + 1..]);
        let head = String::from_utf8_lossy(head);
        let mut words = head.split(' ');
        if words.next() != Some(MAGIC) {
            return Err("it was written by another version of airdate".into());
        }
        if words.next() != Some(&format!("{:016x}", xxh3_64(body))) || words.next().is_some() {
            return Err("it is damaged".into());
        }
        let entry: Entry = serde_json::from_slice(body).map_err(|_| "it is damaged")?;
        if entry.watchlist != self.watchlist {
            return Err(format!(
                "it is for another watchlist, `{}`",
                entry.watchlist
            ));
        }
        Ok(entry)
    }

    /// Adds `entry` as the newest, and drops the oldest beyond [`KEEP`]. Called under the
    /// watchlist's lock, once the change it records has landed.
    pub fn record(&self, entry: &Entry) -> std::io::Result<()> {
        // Only the names are read: a write never pays for reading the kept versions.
        let existing = self.numbers();
        let next = existing.first().map_or(1, |n| n + 1);
        let body = serde_json::to_vec(entry)?;
        let mut data = format!("{MAGIC} {:016x}\n", xxh3_64(&body)).into_bytes();
        data.extend_from_slice(&body);
        fsio::write_cache(&self.file(next), &data)?;
        for old in existing.iter().skip(KEEP - 1) {
            let _ = fs::remove_file(self.file(*old));
        }
        Ok(())
    }

    /// Removes the entry numbered `number` (an undo of it landed).
    pub fn remove(&self, number: u64) -> std::io::Result<()> {
        fs::remove_file(self.file(number))
    }
}

/// The versions of the watchlist the log keeps (each entry's `before` and `after`), oldest to
/// newest, each once, and only those that are valid watchlists: the bases `resolve` chooses
/// from. Entries that cannot be trusted are left out.
pub fn versions(entries: &[Entry]) -> Vec<String> {
    let mut versions: Vec<String> = Vec::new();
    // `entries` are newest first; within an entry, `before` came first.
    for entry in entries.iter().rev() {
        for text in entry.before.iter().chain([&entry.after]) {
            if !versions.contains(text) && super::read::parse(text).is_ok() {
                versions.push(text.clone());
            }
        }
    }
    versions
}

/// The kept version to merge `ours` and `theirs` against: the one closest to the other
/// device's side, by the fields of its shows (by title key) that differ from it, a list's
/// entries each, the oldest of equals. The other device's side is theirs (the copy), unless
/// theirs is a version this device wrote (this device's save lost to the other's), when it is
/// ours. `None` when none is kept (or a side does not parse).
///
/// Not the one closest to both: the versions this device wrote after the two parted are
/// always as close to both as the one they parted from, or closer (ours itself is), and each
/// would take this device's changes since for the base's, so that the other side's version of
/// those shows would win unseen. Seen from the other device's side, each of this device's
/// later changes only adds a field that differs. By shows alone, the version before a show was
/// added would be as close as the one after: fields tell them apart. A version that is one of
/// the sides is never the base: sides that conflict both changed since they parted.
pub fn closest<'v>(versions: &'v [String], ours: &str, theirs: &str) -> Option<&'v str> {
    let shows = |text: &str| -> Option<HashMap<String, Show>> {
        let parsed = super::read::parse(text).ok()?;
        Some(
            parsed
                .shows
                .into_iter()
                .map(|s| (crate::model::title_key(&s.title), s))
                .collect(),
        )
    };
    let differ = |a: &HashMap<String, Show>, b: &HashMap<String, Show>| -> usize {
        let gone: usize = a
            .iter()
            .filter(|(k, _)| !b.contains_key(*k))
            .map(|(_, s)| fields_apart(Some(s), None))
            .sum();
        gone + b
            .iter()
            .map(|(k, s)| fields_apart(a.get(k), Some(s)))
            .sum::<usize>()
    };
    let other = if versions.iter().any(|v| v == theirs) {
        ours
    } else {
        theirs
    };
    shows(ours)?;
    shows(theirs)?;
    let other = shows(other)?;
    let mut best: Option<(usize, &str)> = None;
    for version in versions.iter().filter(|v| *v != ours && *v != theirs) {
        let Some(base) = shows(version) else { continue };
        let distance = differ(&base, &other);
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, version));
        }
    }
    best.map(|(_, v)| v)
}

/// How far apart two versions of a show are (`None`: none): the fields that differ, a list's
/// entries each.
fn fields_apart(a: Option<&Show>, b: Option<&Show>) -> usize {
    use serde_json::Value as Json;
    if a == b {
        return 0;
    }
    let fields = |s: Option<&Show>| s.map(Show::fields).unwrap_or_default();
    let (a, b) = (fields(a), fields(b));
    let get = |f: &crate::model::KeyValues, k: &str| {
        f.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone())
    };
    crate::model::SHOW_KEYS
        .iter()
        .map(|k| match (get(&a, k), get(&b, k)) {
            (Some(Json::Array(x)), Some(Json::Array(y))) => {
                x.iter().filter(|e| !y.contains(e)).count()
                    + y.iter().filter(|e| !x.contains(e)).count()
            }
            (Some(Json::Array(x)), None) | (None, Some(Json::Array(x))) => x.len(),
            (x, y) => usize::from(x != y),
        })
        .sum()
}

/// The number of an entry's file name: `00000012.undo` is 12.
fn number(name: &str) -> Option<u64> {
    let digits = name.strip_suffix(".undo")?;
    (digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// What a change did to the shows, in a few words: `added "Severance"`, `removed 2 shows`,
/// `changed 3 shows`, or `changed the text` when no show changed (a comment, say).
pub fn what(before: &[Show], after: &[Show]) -> String {
    let key = |s: &Show| s.title.to_lowercase();
    let old: HashMap<String, &Show> = before.iter().map(|s| (key(s), s)).collect();
    let new: HashMap<String, &Show> = after.iter().map(|s| (key(s), s)).collect();
    let added: Vec<&Show> = after
        .iter()
        .filter(|s| !old.contains_key(&key(s)))
        .collect();
    let removed: Vec<&Show> = before
        .iter()
        .filter(|s| !new.contains_key(&key(s)))
        .collect();
    let changed: Vec<&Show> = after
        .iter()
        .filter(|s| old.get(&key(s)).is_some_and(|o| *o != *s))
        .collect();
    let one = |verb: &str, shows: &[&Show]| match shows {
        [show] => format!("{verb} \"{}\"", show.title),
        many => format!("{verb} {} shows", many.len()),
    };
    match (added.len(), removed.len(), changed.len()) {
        (0, 0, 0) => "changed the text".into(),
        (_, 0, 0) => one("added", &added),
        (0, _, 0) => one("removed", &removed),
        (0, 0, _) => one("changed", &changed),
        (a, r, c) => format!("changed {} shows", a + r + c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(before: Option<&str>, after: &str) -> Entry {
        Entry {
            watchlist: String::new(),
            time: 0,
            command: String::new(),
            what: String::new(),
            before: before.map(str::to_string),
            after: after.to_string(),
        }
    }

    #[test]
    fn the_kept_version_closest_to_theirs_is_the_base_the_oldest_of_equals() {
        let v = |shows: &str| {
            let mut text = "version = 1\n".to_string();
            for (i, title) in shows.split(' ').filter(|t| !t.is_empty()).enumerate() {
                text.push_str(&format!(
                    "\n[[show]]\ntitle = \"{title}\"\nseason = {}\n",
                    i + 1
                ));
            }
            text
        };
        // Newest first, as the log lists them; an invalid version is never a base.
        let entries = [
            entry(Some(&v("A B")), &v("A B C")),
            entry(Some("not = [toml"), &v("A B")),
            entry(None, &v("A")),
        ];
        let versions = versions(&entries);
        assert_eq!(versions, [v("A"), v("A B"), v("A B C")]);
        // Ours added D to A B C, theirs removed C: A B C is one from each (A B, as near, is
        // theirs itself).
        let (ours, theirs) = (v("A B C D"), v("A B"));
        assert_eq!(
            closest(&versions, &ours, &theirs),
            Some(v("A B C").as_str())
        );
        assert_eq!(closest(&[], &ours, &theirs), None);
        // A version that is one of the sides is never the base.
        assert_eq!(
            closest(&versions, &v("A"), &v("A B")),
            Some(v("A B C").as_str())
        );
    }

    #[test]
    fn the_base_is_where_the_sides_parted_when_both_changed_one_show() {
        let show = |keys: &str| format!("version = 1\n\n[[show]]\ntitle = \"A\"\n{keys}");
        // This device wrote v1 (synced), then its status; the other changed the network.
        let v1 = show("");
        let v2 = show("status = \"scheduled\"\n");
        let theirs = show("network = \"HBO\"\n");
        let versions = [v1.clone(), v2.clone()];
        assert_eq!(closest(&versions, &v2, &theirs), Some(v1.as_str()));
        // This device lost: its own version is the copy.
        assert_eq!(closest(&versions, &theirs, &v2), Some(v1.as_str()));
    }

    #[test]
    fn only_numbered_entry_files_are_entries() {
        assert_eq!(number("00000012.undo"), Some(12));
        assert_eq!(number("12.undo"), None);
        assert_eq!(number(".00000012.undo.tmp"), None);
        assert_eq!(number("0000001x.undo"), None);
    }
}
