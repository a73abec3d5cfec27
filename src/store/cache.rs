//! A cache of the parsed watchlist, so that reads need not parse the TOML again.
//!
//! One regular file per watchlist in the cache folder: a first line that names the format, the
//! watchlist's length and hash, and the hash of the rest, which is the shows and their layout
//! as JSON. It is used only when all of that matches the watchlist's bytes and its own; any
//! doubt (a missing, short, damaged or foreign file, a folder, a link, a FIFO) means "no
//! cache", and the file is parsed as if there were none. It is replaced whole, never changed
//! in place. With `AIRDATE_CACHE_DIR` set empty there is none, which changes nothing but speed.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use super::fsio;
use super::read::Layout;
use crate::config;
use crate::model::Show;

/// The first word of a cache file; a new format gets a new word.
const MAGIC: &str = "airdate-cache-1";

/// A cache file larger than this is not read: no watchlist's is.
const MAX_LEN: u64 = 1 << 30;

/// The cache file for the watchlist at `watchlist`, or `None` when caching is off.
fn path(watchlist: &Path) -> Option<PathBuf> {
    let dir = config::cache_dir()?;
    let name = watchlist.as_os_str().as_encoded_bytes();
    Some(dir.join(format!("watchlist-{:016x}.json", xxh3_64(name))))
}

/// The first line of the cache of `watchlist` (bytes) holding `body`.
fn header(watchlist: &[u8], body: &[u8]) -> String {
    format!(
        "{MAGIC} {} {:016x} {:016x}\n",
        watchlist.len(),
        xxh3_64(watchlist),
        xxh3_64(body)
    )
}

/// The cached shows and layout of the watchlist at `watchlist`, whose bytes are `bytes`, when
/// a whole cache of exactly these bytes is there.
pub fn load(watchlist: &Path, bytes: &[u8]) -> Option<(Vec<Show>, Layout)> {
    let path = path(watchlist)?;
    // Only a regular file is opened: a FIFO would block, and a link may lead anywhere.
    if !fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let file = File::open(&path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_LEN {
        return None;
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_LEN).read_to_end(&mut data).ok()?;
    let split = data.iter().position(|b| *b == b'\n')? + 1;
    let (head, body) = data.split_at(split);
    if head != header(bytes, body).as_bytes() {
        return None;
    }
    let (shows, layout): (Vec<Show>, Layout) = serde_json::from_slice(body).ok()?;
    sound(&layout, shows.len(), bytes).then_some((shows, layout))
}

/// Whether a layout can belong to `text` with `shows` shows: every range in order, in the
/// text and on character boundaries, so that no edit can panic on it. (The hashes make a wrong
/// layout all but impossible; the edit's proof catches the rest.)
fn sound(layout: &Layout, shows: usize, text: &[u8]) -> bool {
    // In the text, and not inside a UTF-8 character (not before a continuation byte).
    let fits = |at: usize| at == text.len() || text.get(at).is_some_and(|b| (*b as i8) >= -0x40);
    layout.shows.len() == shows
        && layout.shows.iter().all(|segments| !segments.is_empty())
        && (layout.shows.iter().flatten().chain(&layout.others)).all(|s| {
            s.gap <= s.start && s.start <= s.end && fits(s.gap) && fits(s.start) && fits(s.end)
        })
}

/// Saves the cache of the watchlist at `watchlist` for its bytes `bytes`. Best effort: a cache
/// that cannot be written is no cache.
pub fn save(watchlist: &Path, bytes: &[u8], shows: &[Show], layout: &Layout) {
    let Some(path) = path(watchlist) else { return };
    let Ok(body) = serde_json::to_vec(&(shows, layout)) else {
        return;
    };
    let mut data = header(bytes, &body).into_bytes();
    data.extend_from_slice(&body);
    if let Some(dir) = path.parent()
        && fs::create_dir_all(dir).is_ok()
    {
        let _ = fsio::write_cache(&path, &data);
    }
}
