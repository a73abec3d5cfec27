//! The episodes TVmaze lists for the shows that air, kept between refreshes so that the next
//! episode, the count aired and a break are worked out from the clock on every run, without a
//! request: an episode that aired yesterday is behind today even when TVmaze changed nothing.
//!
//! One JSON file per watchlist in the state folder, `episodes-<hash of the watchlist's path>.json`,
//! replaced whole by a rename. It holds, for each linked show fetched, the TVmaze change time
//! its episodes are of, the season they are of, and the episodes. It is not the user's data:
//! a missing, damaged, foreign or too large file is no episodes, and the next `refresh`
//! fetches them again. With `AIRDATE_STATE_DIR` set empty none is kept.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::fsio;
use crate::model::episode::Listings;

/// The format's name, in the file; a new format gets a new name.
const FORMAT: &str = "airdate-episodes-1";

/// A file larger than this is not read: no watchlist's episodes fill it.
const MAX_LEN: u64 = 64 << 20;

/// The file's form.
#[derive(Serialize, Deserialize)]
struct Form {
    format: String,
    shows: Listings,
}

/// The file of the episodes of the watchlist at `watchlist`, in the state folder.
fn file_for(watchlist: &Path) -> Option<PathBuf> {
    Some(file_in(&crate::config::state_dir()?, watchlist))
}

/// The file of the episodes of the watchlist at `watchlist`, in the state folder `dir`: where
/// a test puts the episodes a refresh would have kept.
pub fn file_in(dir: &Path, watchlist: &Path) -> PathBuf {
    let name = super::undo::identity(&fsio::real_path(watchlist));
    let hash = xxh3_64(name.as_os_str().as_encoded_bytes());
    dir.join(format!("episodes-{hash:016x}.json"))
}

/// The episodes kept for the watchlist at `watchlist`: none when there is no file, or any
/// doubt about it.
pub fn load(watchlist: &Path) -> Listings {
    file_for(watchlist)
        .and_then(|path| read(&path))
        .unwrap_or_default()
}

/// Replaces the file with these episodes. A failure is only a cost: the next refresh fetches
/// them again.
pub fn save(listings: &Listings, watchlist: &Path) -> std::io::Result<()> {
    match file_for(watchlist) {
        Some(path) => write(&path, listings),
        None => Ok(()),
    }
}

/// Replaces the file at `path` with these episodes.
pub fn write(path: &Path, listings: &Listings) -> std::io::Result<()> {
    let form = Form {
        format: FORMAT.to_string(),
        shows: listings.clone(),
    };
    let bytes = serde_json::to_vec(&form).map_err(std::io::Error::other)?;
    fsio::write_cache(path, &bytes)
}

/// The episodes in the file at `path`, when it reads as one of this format.
fn read(path: &Path) -> Option<Listings> {
    let file = File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(MAX_LEN + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_LEN {
        return None;
    }
    let form: Form = serde_json::from_slice(&bytes).ok()?;
    (form.format == FORMAT).then_some(form.shows)
}
