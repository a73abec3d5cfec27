//! A derived copy of a valid watchlist's shows in a compact binary form, kept in the cache
//! folder, so that reading a large watchlist does not mean parsing its TOML every time.
//!
//! The index can never be stale: it is stored with the length and a 64-bit hash of the file's
//! bytes, and used only when both match the file read now, whatever its modification time
//! says. It is written by whoever has just read or written a valid file, and is only ever a
//! shortcut: a missing, unreadable, foreign or corrupt index is ignored and rebuilt.
//!
//! The file: a header; a blob of UTF-8 text holding every string (each checked when it is
//! read); a table of where each show's record starts; the records, whose strings are ranges of
//! the blob; and the layout of the watchlist. A show's record can be read alone (a write needs
//! the titles and one show), and an edit writes the next index by copying the records it did
//! not change and appending the new text to the blob, instead of encoding every show again.

use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use super::Parts;
use super::layout::{Layout, Segment};
use crate::model::{HistoryEntry, Show, Status};
use crate::premiere::Premiere;

const MAGIC: &[u8; 8] = b"AIRDIX04";
const HEADER: usize = 8 + 8 + 8 + 4 + 4 + 4;

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

    /// The key of the file at `path`, read a piece at a time; `None` when there is no file.
    pub fn of_file(path: &Path) -> anyhow::Result<Option<Key>> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0;
        let read = super::fsio::read_pieces(path, |piece| {
            hasher.update(piece);
            len += piece.len() as u64;
        })?;
        Ok(read.map(|()| Key {
            len,
            hash: hasher.digest(),
        }))
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

/// An index read from the cache, checked to belong to the file's current bytes.
pub struct Index {
    bytes: memmap2::Mmap,
    count: usize,
    blob: Range<usize>,
    starts: Range<usize>,
    records: Range<usize>,
    layout: Option<Layout>,
}

/// The index of the file whose bytes have `key`, if there is one of exactly those bytes.
pub fn load(watchlist: &Path, key: Key) -> Option<Index> {
    let file = fs::File::open(index_path(watchlist)?).ok()?;
    // Mapped rather than read: a large view reads only part of it, and mapped pages cost no
    // fresh memory.
    // SAFETY: airdate never changes an index file in place: a new index is written beside
    // the old one and renamed into place, so the mapped bytes stay as they are (another
    // program truncating the cache file meanwhile could end the process, but not harm data).
    let bytes = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let mut header = Reader::new(&bytes, b"");
    if header.take(8)? != MAGIC || header.u64()? != key.len || header.u64()? != key.hash {
        return None;
    }
    let count = header.u32()? as usize;
    let blob_len = header.u32()? as usize;
    let records_len = header.u32()? as usize;
    let blob = HEADER..HEADER.checked_add(blob_len)?;
    let starts = blob.end
        ..blob
            .end
            .checked_add(count.checked_add(1)?.checked_mul(4)?)?;
    let records = starts.end..starts.end.checked_add(records_len)?;
    bytes.get(blob.clone())?;
    let mut tail = Reader::new(&bytes, b"");
    tail.at = records.end;
    let layout = match tail.u8()? {
        0 => None,
        1 => {
            let end = tail.u64()? as usize;
            let mut shows = Vec::with_capacity(count);
            for _ in 0..count {
                let (prefix, header, end) = (tail.u64()?, tail.u64()?, tail.u64()?);
                if !(prefix <= header && header <= end && end <= key.len) {
                    return None;
                }
                shows.push(Segment {
                    prefix: prefix as usize,
                    header: header as usize,
                    end: end as usize,
                });
            }
            Some(Layout { shows, tail: end })
        }
        _ => return None,
    };
    if tail.at != bytes.len() {
        return None;
    }
    let index = Index {
        bytes,
        count,
        blob,
        starts,
        records,
        layout,
    };
    // Every record must lie inside the records, in order.
    let mut previous = 0;
    for i in 0..=count {
        let start = index.start(i)?;
        if start < previous || start > index.records.len() {
            return None;
        }
        previous = start;
    }
    Some(index)
}

impl Index {
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn layout(&self) -> Option<&Layout> {
        self.layout.as_ref()
    }

    /// Where record `i` starts, relative to the records.
    fn start(&self, i: usize) -> Option<usize> {
        let at = self.starts.start + i * 4;
        Some(u32::from_le_bytes(self.bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    }

    /// The text of every string; each is checked to be UTF-8 as it is read.
    fn blob(&self) -> &[u8] {
        &self.bytes[self.blob.clone()]
    }

    fn record(&self, i: usize) -> Option<Reader<'_>> {
        let (start, end) = (self.start(i)?, self.start(i + 1)?);
        let records = self.bytes.get(self.records.clone())?;
        Some(Reader::new(records.get(start..end)?, self.blob()))
    }

    /// The title of show `i`.
    pub fn title(&self, i: usize) -> Option<String> {
        self.record(i)?.string()
    }

    /// Show `i`, whole.
    pub fn show(&self, i: usize) -> Option<Show> {
        self.show_parts(i, Parts::Whole)
    }

    fn show_parts(&self, i: usize, parts: Parts) -> Option<Show> {
        let mut reader = self.record(i)?;
        let show = reader.show(parts)?;
        reader.at_end().then_some(show)
    }

    /// The shows whose status and premiere pass `keep`, in file order, with the `parts` asked
    /// for; the others are not read past those two fields.
    pub fn shows_where(
        &self,
        keep: impl Fn(Status, Premiere) -> bool,
        parts: Parts,
    ) -> Option<Vec<Show>> {
        // Room for every show: only the pages used cost memory, and no show is moved.
        let mut shows = Vec::with_capacity(self.count);
        for i in 0..self.count {
            let mut reader = self.record(i)?;
            reader.take(8)?;
            if reader.u8()? == 1 {
                reader.take(8)?;
            }
            if reader.u8()? == 1 {
                reader.take(4)?;
            }
            let status = reader.status()??;
            let premiere = reader.premiere()??;
            if keep(status, premiere) {
                shows.push(self.show_parts(i, parts)?);
            }
        }
        Some(shows)
    }
}

/// A show of an edited watchlist: unchanged since the index was read, or new.
pub enum Record {
    Kept(usize),
    New(Box<Show>),
}

/// Saves the index of a valid file; best effort, as the index is only a shortcut.
pub fn save(watchlist: &Path, key: Key, shows: &[Show], layout: Option<&Layout>) {
    let mut builder = Builder::default();
    for show in shows {
        builder.push(show);
    }
    builder.save(watchlist, key, layout);
}

/// The index of a file being read, a show at a time.
#[derive(Default)]
pub struct Builder {
    out: Out,
    starts: Vec<u32>,
}

impl Builder {
    /// A builder for the shows of a file of `len` bytes: their text takes no more room than
    /// the file, so the blob never grows by copying.
    pub fn for_file(len: usize) -> Self {
        Builder {
            out: Out {
                records: Vec::with_capacity(len / 4),
                blob: Vec::with_capacity(len),
            },
            starts: Vec::new(),
        }
    }

    pub fn push(&mut self, show: &Show) {
        self.starts.push(self.out.records.len() as u32);
        self.out.show(show);
    }

    /// Saves the index; best effort, as the index is only a shortcut.
    pub fn save(mut self, watchlist: &Path, key: Key, layout: Option<&Layout>) {
        self.starts.push(self.out.records.len() as u32);
        write_index(watchlist, key, &self.out, &self.starts, layout);
    }
}

/// Saves the index of an edited file, copying the records it kept from `base`. When most of
/// the blob would be text no record uses any more, every show is encoded afresh instead.
pub fn save_edited(
    watchlist: &Path,
    key: Key,
    base: &Index,
    shows: &[Record],
    layout: Option<&Layout>,
) {
    let kept: usize = shows
        .iter()
        .filter_map(|r| match r {
            Record::Kept(i) => Some(base.start(i + 1)? - base.start(*i)?),
            Record::New(_) => None,
        })
        .sum();
    if kept * 2 < base.records.len() {
        if let Some(all) = shows
            .iter()
            .map(|r| match r {
                Record::Kept(i) => base.show(*i),
                Record::New(show) => Some(Show::clone(show)),
            })
            .collect::<Option<Vec<Show>>>()
        {
            save(watchlist, key, &all, layout);
        }
        return;
    }
    let blob = base.blob();
    let mut out = Out {
        records: Vec::with_capacity(base.records.len() + 1024),
        blob: Vec::with_capacity(blob.len() + 1024),
    };
    out.blob.extend_from_slice(blob);
    let mut starts = Vec::with_capacity(shows.len() + 1);
    for record in shows {
        starts.push(out.records.len() as u32);
        match record {
            Record::Kept(i) => {
                let (Some(start), Some(end)) = (base.start(*i), base.start(i + 1)) else {
                    return;
                };
                let from = base.records.start;
                out.records
                    .extend_from_slice(&base.bytes[from + start..from + end]);
            }
            Record::New(show) => out.show(show),
        }
    }
    starts.push(out.records.len() as u32);
    write_index(watchlist, key, &out, &starts, layout);
}

fn write_index(watchlist: &Path, key: Key, out: &Out, starts: &[u32], layout: Option<&Layout>) {
    let Some(path) = index_path(watchlist) else {
        return;
    };
    let count = starts.len() - 1;
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&key.len.to_le_bytes());
    head.extend_from_slice(&key.hash.to_le_bytes());
    head.extend_from_slice(&(count as u32).to_le_bytes());
    head.extend_from_slice(&(out.blob.len() as u32).to_le_bytes());
    head.extend_from_slice(&(out.records.len() as u32).to_le_bytes());
    let starts: Vec<u8> = starts.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut tail = Vec::new();
    match layout.filter(|l| l.shows.len() == count) {
        None => tail.push(0),
        Some(layout) => {
            tail.reserve(9 + layout.shows.len() * 24);
            tail.push(1);
            tail.extend_from_slice(&(layout.tail as u64).to_le_bytes());
            for segment in &layout.shows {
                for at in [segment.prefix, segment.header, segment.end] {
                    tail.extend_from_slice(&(at as u64).to_le_bytes());
                }
            }
        }
    }
    // Written in parts, so that a large index is never copied whole in memory.
    let parts: [&[u8]; 5] = [&head, &out.blob, &starts, &out.records, &tail];
    let _ = write(&path, &parts);
}

fn write(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    remove_stale_temp_files(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    for part in parts {
        temp.write_all(part)?;
    }
    // Renaming over an existing file makes some file systems (ext4) flush it first; the index
    // needs no such care, and a reader that finds no index just reads the watchlist.
    let _ = fs::remove_file(path);
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// How the temporary files of an index being written are named.
const TEMP_PREFIX: &str = ".index-";

/// An index temporary file this old was left by a process killed while writing it.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary files that killed writers left in the cache folder `dir`.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The index being written: fixed-size fields in `records`, text in `blob`.
#[derive(Default)]
struct Out {
    records: Vec<u8>,
    blob: Vec<u8>,
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

    fn str(&mut self, s: &str) {
        self.u32(self.blob.len() as u32);
        self.u32(s.len() as u32);
        self.blob.extend_from_slice(s.as_bytes());
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

    /// The title comes first, so that it can be read alone.
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
    blob: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], blob: &'a [u8]) -> Self {
        Reader { bytes, at: 0, blob }
    }

    fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

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
        let bytes = self.blob.get(start..start.checked_add(len)?)?;
        std::str::from_utf8(bytes).ok().map(str::to_string)
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

    fn show(&mut self, parts: Parts) -> Option<Show> {
        let whole = parts == Parts::Whole;
        let mut show = Show::new(self.string()?);
        show.network = self.opt(Self::string)?;
        show.season = self.opt(Self::u32)?;
        show.status = self.status()??;
        show.premiere = self.premiere()??;
        show.hiatus_reason = self.opt(Self::string)?;
        if whole {
            show.creators = self.list()?;
            show.cast = self.list()?;
            show.tags = self.list()?;
            show.notes = self.opt(Self::string)?;
        } else {
            for _ in 0..3 {
                let count = self.u32()? as usize;
                self.take(count.checked_mul(8)?)?;
            }
            self.opt(|r| r.take(8))?;
        }
        show.added = self.opt(Self::day)?;
        let count = self.u32()? as usize;
        show.history = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            show.history.push(HistoryEntry {
                date: self.day()?,
                status: self.status()?,
                season: self.opt(Self::u32)?,
                premiere: self.premiere()?,
                note: if whole {
                    self.opt(Self::string)?
                } else {
                    self.opt(|r| r.take(8))?;
                    None
                },
            });
        }
        Some(show)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_in_pieces_has_the_key_of_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("w.toml");
        // Longer than one piece, and not a whole number of them.
        let bytes: Vec<u8> = (0..700_001u32).map(|i| (i * 7 % 251) as u8).collect();
        fs::write(&file, &bytes).unwrap();
        assert_eq!(Key::of_file(&file).unwrap(), Some(Key::of(&bytes)));
        assert_eq!(Key::of_file(&dir.path().join("none")).unwrap(), None);
        assert!(Key::of_file(dir.path()).is_err());
    }

    #[test]
    fn shows_survive_the_round_trip_and_edits() {
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
        show.creators = vec!["Dan Erickson".into()];
        show.tags = vec!["drama".into()];
        show.notes = Some("Lumon".into());
        show.added = "2024-01-10".parse().ok();
        show.history.push(HistoryEntry {
            date: "2023-05-02".parse().unwrap(),
            status: Some(Status::OnHiatus),
            season: Some(2),
            premiere: Some(Premiere::Tba),
            note: Some("WGA strike".into()),
        });
        let shows = vec![show, Show::new("Andor"), Show::new("Silo")];
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
                    end: 3,
                },
                Segment {
                    prefix: 3,
                    header: 3,
                    end: 4,
                },
            ],
            tail: 4,
        };
        save(&file, key, &shows, Some(&layout));
        let index = load(&file, key).unwrap();
        assert_eq!(index.shows_where(|_, _| true, Parts::Whole).unwrap(), shows);
        // The summary: the same shows without their lists, notes and history notes.
        let mut summary = shows[0].clone();
        summary.cast.clear();
        summary.creators.clear();
        summary.tags.clear();
        summary.notes = None;
        summary.history[0].note = None;
        assert_eq!(
            index.shows_where(|s, _| s == Status::OnHiatus, Parts::Summary),
            Some(vec![summary])
        );
        assert_eq!(index.layout(), Some(&layout));
        assert_eq!(index.title(1).as_deref(), Some("Andor"));
        assert_eq!(index.show(0).as_ref(), Some(&shows[0]));
        assert!(load(&file, Key::of(b"other text")).is_none());
        assert!(load(&file, Key::of(b"texT")).is_none());

        // An edit: Andor changed, Silo removed, The Bear added; Severance copied as it was.
        let mut andor = Show::new("Andor");
        andor.season = Some(2);
        let edited = [
            Record::Kept(0),
            Record::New(Box::new(andor.clone())),
            Record::New(Box::new(Show::new("The Bear"))),
        ];
        let next = Key::of(b"next");
        save_edited(&file, next, &index, &edited, None);
        let again = load(&file, next).unwrap();
        assert_eq!(
            again.shows_where(|_, _| true, Parts::Whole).unwrap(),
            [shows[0].clone(), andor, Show::new("The Bear")]
        );
        assert_eq!(again.layout(), None);
    }
}
