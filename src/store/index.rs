//! A derived copy of a valid watchlist's shows in a compact binary form, kept in the cache
//! folder, so that reading a large watchlist does not mean parsing its TOML every time.
//!
//! The index can never be stale: it is stored with the length and a 64-bit hash of the file's
//! bytes, and used only when both match the file read now, whatever its modification time
//! says. It is written by whoever has just read or written a valid file, and is only ever a
//! shortcut: a missing, unreadable, foreign or corrupt index is ignored and rebuilt.

use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::layout::{Layout, Segment};
use crate::model::{HistoryEntry, Show, Status};
use crate::premiere::Premiere;

const MAGIC: &[u8; 8] = b"AIRDIX03";

/// What identifies the bytes an index was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    len: u64,
    hash: u64,
}

impl Key {
    pub fn of(bytes: &[u8]) -> Key {
        Key {
            len: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
        }
    }
}

/// Where the index of the watchlist at `watchlist` lives, or `None` without a cache folder.
/// `AIRDATE_CACHE_DIR` overrides the folder; set empty, it turns the index off.
fn index_path(watchlist: &Path) -> Option<PathBuf> {
    let dir = match std::env::var_os("AIRDATE_CACHE_DIR") {
        Some(dir) if dir.is_empty() => return None,
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("", "", "airdate")?
            .cache_dir()
            .to_path_buf(),
    };
    let real = fs::canonicalize(watchlist).unwrap_or_else(|_| watchlist.to_path_buf());
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(real.as_os_str().as_encoded_bytes());
    Some(dir.join(format!("index-{:016x}.bin", hasher.finish())))
}

/// What the index holds of a valid file.
pub struct Indexed {
    pub shows: Vec<Show>,
    /// Where each show lies in the file, when the scan could tell.
    pub layout: Option<Layout>,
}

/// The shows of the file whose bytes have `key`, if an index of exactly those bytes exists.
///
/// The index file: a header, then every string of every show in one UTF-8 blob (checked
/// once), then the shows, whose strings are ranges of the blob, then the layout.
pub fn load(watchlist: &Path, key: Key) -> Option<Indexed> {
    let bytes = fs::read(index_path(watchlist)?).ok()?;
    let mut header = Reader {
        bytes: &bytes,
        at: 0,
        blob: "",
    };
    if header.take(8)? != MAGIC || header.u64()? != key.len || header.u64()? != key.hash {
        return None;
    }
    let count = header.u32()? as usize;
    let blob_len = header.u32()? as usize;
    let blob = std::str::from_utf8(header.take(blob_len)?).ok()?;
    let mut reader = Reader {
        bytes: &bytes,
        at: header.at,
        blob,
    };
    let mut shows = Vec::with_capacity(count.min(bytes.len() / 8));
    for _ in 0..count {
        shows.push(reader.show()?);
    }
    let layout = match reader.u8()? {
        0 => None,
        1 => {
            let tail = reader.u64()? as usize;
            let mut segments = Vec::with_capacity(count);
            for _ in 0..count {
                let (prefix, header, end) = (reader.u64()?, reader.u64()?, reader.u64()?);
                if !(prefix <= header && header <= end && end <= key.len) {
                    return None;
                }
                segments.push(Segment {
                    prefix: prefix as usize,
                    header: header as usize,
                    end: end as usize,
                });
            }
            Some(Layout {
                shows: segments,
                tail,
            })
        }
        _ => return None,
    };
    (reader.at == bytes.len()).then_some(Indexed { shows, layout })
}

/// Saves the index of a valid file; best effort, as the index is only a shortcut.
pub fn save(watchlist: &Path, key: Key, shows: &[Show], layout: Option<&Layout>) {
    let Some(path) = index_path(watchlist) else {
        return;
    };
    let mut out = Out {
        records: Vec::with_capacity(shows.len() * 128),
        blob: String::with_capacity(shows.len() * 256),
    };
    for show in shows {
        out.show(show);
    }
    match layout.filter(|l| l.shows.len() == shows.len()) {
        None => out.u8(0),
        Some(layout) => {
            out.u8(1);
            out.u64(layout.tail as u64);
            for segment in &layout.shows {
                out.u64(segment.prefix as u64);
                out.u64(segment.header as u64);
                out.u64(segment.end as u64);
            }
        }
    }
    let mut bytes = Vec::with_capacity(32 + out.blob.len() + out.records.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.len.to_le_bytes());
    bytes.extend_from_slice(&key.hash.to_le_bytes());
    bytes.extend_from_slice(&(shows.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&(out.blob.len() as u32).to_le_bytes());
    bytes.extend_from_slice(out.blob.as_bytes());
    bytes.extend_from_slice(&out.records);
    let _ = write(&path, &bytes);
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The index being written: fixed-size fields in `records`, text in `blob`.
struct Out {
    records: Vec<u8>,
    blob: String,
}

impl Out {
    fn u8(&mut self, n: u8) {
        self.records.push(n);
    }

    fn u32(&mut self, n: u32) {
        self.records.extend_from_slice(&n.to_le_bytes());
    }

    fn i32(&mut self, n: i32) {
        self.records.extend_from_slice(&n.to_le_bytes());
    }

    fn u64(&mut self, n: u64) {
        self.records.extend_from_slice(&n.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(self.blob.len() as u32);
        self.u32(s.len() as u32);
        self.blob.push_str(s);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn list(&mut self, list: &[String]) {
        self.u32(list.len() as u32);
        for item in list {
            self.str(item);
        }
    }

    fn opt_u32(&mut self, n: Option<u32>) {
        match n {
            None => self.u8(0),
            Some(n) => {
                self.u8(1);
                self.u32(n);
            }
        }
    }

    fn day(&mut self, day: NaiveDate) {
        self.i32(day.num_days_from_ce());
    }

    fn opt_day(&mut self, day: Option<NaiveDate>) {
        match day {
            None => self.u8(0),
            Some(day) => {
                self.u8(1);
                self.day(day);
            }
        }
    }

    fn status(&mut self, status: Option<Status>) {
        let code = status.map_or(0, |s| {
            1 + Status::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
        });
        self.u8(code);
    }

    fn premiere(&mut self, premiere: Option<Premiere>) {
        let (tag, year, part) = match premiere {
            None => (0, 0, 0),
            Some(Premiere::Tba) => (1, 0, 0),
            Some(Premiere::Year(y)) => (2, y, 0),
            Some(Premiere::Half(y, h)) => (3, y, h as u32),
            Some(Premiere::Quarter(y, q)) => (4, y, q as u32),
            Some(Premiere::Month(y, m)) => (5, y, m),
            Some(Premiere::Day(d)) => (6, d.num_days_from_ce(), 0),
        };
        self.u8(tag);
        if tag >= 2 {
            self.i32(year);
            self.u32(part);
        }
    }

    fn show(&mut self, show: &Show) {
        self.str(&show.title);
        self.opt_str(show.network.as_deref());
        self.opt_u32(show.season);
        self.status(Some(show.status));
        self.premiere(Some(show.premiere));
        self.opt_str(show.hiatus_reason.as_deref());
        self.list(&show.creators);
        self.list(&show.cast);
        self.list(&show.tags);
        self.opt_str(show.notes.as_deref());
        self.opt_day(show.added);
        self.u32(show.history.len() as u32);
        for entry in &show.history {
            self.day(entry.date);
            self.status(entry.status);
            self.opt_u32(entry.season);
            self.premiere(entry.premiere);
            self.opt_str(entry.note.as_deref());
        }
    }
}

/// Reads what `Out` wrote; `None` for anything out of bounds or out of range.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    blob: &'a str,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let start = self.u32()? as usize;
        let len = self.u32()? as usize;
        self.blob
            .get(start..start.checked_add(len)?)
            .map(str::to_string)
    }

    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let count = self.u32()? as usize;
        let mut list = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            list.push(self.string()?);
        }
        Some(list)
    }

    fn day(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.i32()?)
    }

    fn status(&mut self) -> Option<Option<Status>> {
        match self.u8()? {
            0 => Some(None),
            n => Status::ALL.get(n as usize - 1).copied().map(Some),
        }
    }

    fn premiere(&mut self) -> Option<Option<Premiere>> {
        let tag = self.u8()?;
        if tag < 2 {
            return match tag {
                0 => Some(None),
                _ => Some(Some(Premiere::Tba)),
            };
        }
        let (year, part) = (self.i32()?, self.u32()?);
        let premiere = match (tag, part) {
            (2, 0) => Premiere::Year(year),
            (3, 1..=2) => Premiere::Half(year, part as u8),
            (4, 1..=4) => Premiere::Quarter(year, part as u8),
            (5, 1..=12) => Premiere::Month(year, part),
            (6, 0) => Premiere::Day(NaiveDate::from_num_days_from_ce_opt(year)?),
            _ => return None,
        };
        premiere.window()?;
        Some(Some(premiere))
    }

    fn show(&mut self) -> Option<Show> {
        let mut show = Show::new(self.string()?);
        show.network = self.opt(Self::string)?;
        show.season = self.opt(Self::u32)?;
        show.status = self.status()??;
        show.premiere = self.premiere()??;
        show.hiatus_reason = self.opt(Self::string)?;
        show.creators = self.list()?;
        show.cast = self.list()?;
        show.tags = self.list()?;
        show.notes = self.opt(Self::string)?;
        show.added = self.opt(Self::day)?;
        let count = self.u32()? as usize;
        show.history = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            show.history.push(HistoryEntry {
                date: self.day()?,
                status: self.status()?,
                season: self.opt(Self::u32)?,
                premiere: self.premiere()?,
                note: self.opt(Self::string)?,
            });
        }
        Some(show)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_survive_the_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        // SAFETY: this test is the only one in this binary that touches the variable.
        unsafe { std::env::set_var("AIRDATE_CACHE_DIR", dir.path()) };
        let file = dir.path().join("w.toml");
        let mut show = Show::new("Severance");
        show.network = Some("Apple TV+".into());
        show.season = Some(2);
        show.status = Status::OnHiatus;
        show.premiere = "2025-Q1".parse().unwrap();
        show.cast = vec!["Adam Scott".into(), "Britt Lower".into()];
        show.added = "2024-01-10".parse().ok();
        show.history.push(HistoryEntry {
            date: "2023-05-02".parse().unwrap(),
            status: Some(Status::OnHiatus),
            season: Some(2),
            premiere: Some(Premiere::Tba),
            note: Some("WGA strike".into()),
        });
        let shows = vec![show, Show::new("Andor")];
        let key = Key::of(b"text");
        let layout = Layout {
            shows: vec![
                Segment {
                    prefix: 0,
                    header: 1,
                    end: 2,
                },
                Segment {
                    prefix: 2,
                    header: 2,
                    end: 4,
                },
            ],
            tail: 4,
        };
        save(&file, key, &shows, Some(&layout));
        let indexed = load(&file, key).unwrap();
        assert_eq!(indexed.shows, shows);
        assert_eq!(indexed.layout, Some(layout));
        save(&file, key, &shows, None);
        assert_eq!(load(&file, key).unwrap().layout, None);
        assert!(load(&file, Key::of(b"other text")).is_none());
        assert!(load(&file, Key::of(b"texT")).is_none());
    }
}
