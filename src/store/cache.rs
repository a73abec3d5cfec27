//! A cache of the parsed watchlist, so that reads need not parse the TOML again.
//!
//! One regular file per watchlist in the cache folder: a first line that names the format and
//! the build's schema, the watchlist's length and hash, and the hash of the rest, which is the
//! shows and their layout as JSON. A cache written by any other build of airdate (whose shows
//! may have other keys) is no cache. It is used only when all of that matches the watchlist's bytes and its own; any
//! doubt (a missing, short, damaged or foreign file, a folder, a link, a FIFO) means "no
//! cache", and the file is parsed as if there were none. It is replaced whole, never changed
//! in place. With `AIRDATE_CACHE_DIR` set empty there is none, which changes nothing but speed.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use super::fsio;
use super::read::Layout;
use crate::model::{HISTORY_KEYS, SHOW_KEYS, Show};

/// The first word of a cache file; a new format gets a new word.
const MAGIC: &str = "airdate-cache-2";

/// This build's schema: its version and the keys its shows and history entries have.
fn schema() -> u64 {
    fingerprint(env!("CARGO_PKG_VERSION"), &[&SHOW_KEYS, &HISTORY_KEYS])
}

/// A hash of a build's version and key lists: a cache holds shows as that build wrote them.
fn fingerprint(version: &str, keys: &[&[&str]]) -> u64 {
    let words: Vec<String> = keys.iter().map(|list| list.join(",")).collect();
    xxh3_64(format!("{version};{}", words.join(";")).as_bytes())
}

/// A cache file larger than this is not read: no watchlist's is.
const MAX_LEN: u64 = 1 << 30;

/// The cache file in the folder `dir` for the watchlist at `watchlist`.
pub fn file_for(watchlist: &Path, dir: &Path) -> PathBuf {
    let name = watchlist.as_os_str().as_encoded_bytes();
    dir.join(format!("watchlist-{:016x}.json", xxh3_64(name)))
}

/// The first line of the cache of `watchlist` (bytes) holding `body`, by a build of `schema`.
fn header(schema: u64, watchlist: &[u8], body: &[u8]) -> String {
    format!(
        "{MAGIC} {schema:016x} {} {:016x} {:016x}\n",
        watchlist.len(),
        xxh3_64(watchlist),
        xxh3_64(body)
    )
}

/// The shows and layout in the cache file `cache` of a watchlist whose bytes are `bytes`, when
/// a whole cache of exactly these bytes is there.
pub fn load(cache: &Path, bytes: &[u8]) -> Option<(Vec<Show>, Layout)> {
    read(cache, schema(), bytes)
}

/// The shows and layout in the cache file at `path`, when a build of `schema` wrote it for
/// `bytes`.
fn read(path: &Path, schema: u64, bytes: &[u8]) -> Option<(Vec<Show>, Layout)> {
    // Only a regular file is opened: a FIFO would block, and a link may lead anywhere.
    if !fs::symlink_metadata(path).ok()?.is_file() {
        return None;
    }
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_LEN {
        return None;
    }
    let mut data = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_LEN).read_to_end(&mut data).ok()?;
    let split = data.iter().position(|b| *b == b'\n')? + 1;
    let (head, body) = data.split_at(split);
    if head != header(schema, bytes, body).as_bytes() {
        return None;
    }
    let (shows, layout): (Vec<Show>, Layout) = serde_json::from_slice(body).ok()?;
    sound(&layout, shows.len(), bytes).then_some((shows, layout))
}

/// Whether a layout can belong to `text` with `shows` shows: every range in order, in the
/// text and on character boundaries, so that nothing can panic on it. (The hashes make a wrong
/// layout all but impossible; before an edit splices by it, [`Layout::fits`] checks it against
/// the text's lines, and the edit's proof catches the rest.)
fn sound(layout: &Layout, shows: usize, text: &[u8]) -> bool {
    // In the text, and not inside a UTF-8 character (not before a continuation byte).
    let fits = |at: usize| at == text.len() || text.get(at).is_some_and(|b| (*b as i8) >= -0x40);
    layout.shows.len() == shows
        && layout.shows.iter().all(|segments| !segments.is_empty())
        && (layout.shows.iter().flatten().chain(&layout.others)).all(|s| {
            s.gap <= s.start && s.start <= s.end && fits(s.gap) && fits(s.start) && fits(s.end)
        })
}

/// Saves the cache file `cache` of a watchlist whose bytes are `bytes`. Best
/// effort: a cache that cannot be written is no cache.
pub fn save(cache: &Path, bytes: &[u8], shows: &[Show], layout: &Layout) {
    write(cache, schema(), bytes, shows, layout);
}

fn write(path: &Path, schema: u64, bytes: &[u8], shows: &[Show], layout: &Layout) {
    let Ok(body) = serde_json::to_vec(&(shows, layout)) else {
        return;
    };
    let mut data = header(schema, bytes, &body).into_bytes();
    data.extend_from_slice(&body);
    let _ = fsio::write_cache(path, &data);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_written_by_a_build_with_other_keys_is_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.json");
        let bytes = b"[[show]]\ntitle = \"A\"\n";
        let parsed = super::super::read::parse(std::str::from_utf8(bytes).unwrap()).unwrap();
        let older = fingerprint("0.1.0", &[&["title", "network"], &["date"]]);
        let newer = fingerprint("0.1.0", &[&["title", "network", "tvmaze"], &["date"]]);
        assert_ne!(older, newer);
        write(&path, older, bytes, &parsed.shows, &parsed.layout);
        assert!(
            read(&path, older, bytes).is_some(),
            "the same build reads its cache"
        );
        assert!(
            read(&path, newer, bytes).is_none(),
            "another key list reads none"
        );
        let other_version = fingerprint("0.2.0", &[&["title", "network"], &["date"]]);
        assert!(
            read(&path, other_version, bytes).is_none(),
            "another version reads none"
        );
        assert_ne!(schema(), older, "this build is neither");
    }
}
