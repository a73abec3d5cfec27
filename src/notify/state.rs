//! What `notify` sent: for each watchlist one file in the state folder
//! (`notify/<hash of the watchlist's path>.json`), and in it, for each channel, the ids of the
//! events it acknowledged (with the day, pruned after [`KEEP_DAYS`]), the day of its last
//! successful run, and the message being sent, if any (`pending`).
//!
//! A message is recorded as pending before it is sent and moved to `sent` once the channel
//! acknowledged it; each step replaces the whole file atomically (written, synced, renamed).
//! A run killed in between leaves the pending record, which the next run settles (see
//! [`super`]). The file's first line names the format and holds a hash of the rest: a file
//! that is damaged, of another format or for another watchlist is taken as empty, with a
//! warning, never trusted. A lock beside it keeps two runs from sending at once.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::store::fsio;
use crate::store::undo::identity;

const MAGIC: &str = "airdate-notify-1";

/// Ids sent this many days ago or more are forgotten: no window reaches back that far.
pub const KEEP_DAYS: i64 = 60;

/// A message recorded before it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The message's id, which it carries to the channel.
    pub message: String,
    /// The ids of the events in it.
    pub events: Vec<String>,
    /// When it was sent, in seconds since 1970 (the real clock: the server's).
    pub time: i64,
}

/// One channel's record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// The ids of the events the channel acknowledged, with the day.
    #[serde(default)]
    pub sent: BTreeMap<String, NaiveDate>,
    /// The day of the channel's first run: no news from before it is sent (without
    /// `--since`).
    #[serde(default)]
    pub first_run: Option<NaiveDate>,
    /// The day of the last run that left nothing unsent.
    #[serde(default)]
    pub last_run: Option<NaiveDate>,
    #[serde(default)]
    pub pending: Option<Pending>,
}

impl Channel {
    /// The pending message was acknowledged: its events are sent.
    pub fn settle(&mut self, today: NaiveDate) {
        if let Some(pending) = self.pending.take() {
            for id in pending.events {
                self.sent.insert(id, today);
            }
        }
    }

    /// Forgets the ids sent [`KEEP_DAYS`] ago or more.
    pub fn prune(&mut self, today: NaiveDate) {
        let oldest = today - chrono::Days::new(KEEP_DAYS as u64);
        let oldest = match self.last_run {
            // A channel that has not run for long keeps what its next window reaches.
            Some(last) => oldest.min(last - chrono::Days::new(super::OVERLAP_DAYS + 1)),
            None => oldest,
        };
        self.sent.retain(|_, day| *day >= oldest);
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File_ {
    watchlist: String,
    channels: BTreeMap<String, Channel>,
}

/// The record of one watchlist, held under its lock while the run lasts.
pub struct Book {
    path: PathBuf,
    file: File_,
    _lock: Option<File>,
}

impl Book {
    /// The record of the watchlist at `target`, in the state folder `state`, locked. A record
    /// that cannot be trusted is empty, and why is the warning.
    pub fn open(state: &Path, target: &Path) -> Result<(Book, Option<String>)> {
        let identity = identity(target);
        let watchlist = identity.to_string_lossy().into_owned();
        let key = xxh3_64(identity.as_os_str().as_encoded_bytes());
        let dir = state.join("notify");
        let path = dir.join(format!("{key:016x}.json"));
        fsio::create_dirs(&dir)
            .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
        let lock_path = dir.join(format!("{key:016x}.lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("failed to open the lock file `{}`", lock_path.display()))?;
        lock.lock()
            .with_context(|| format!("failed to lock `{}`", lock_path.display()))?;
        let (file, warning) = match read(&path, &watchlist) {
            Ok(file) => (file, None),
            Err(why) => (
                File_ {
                    watchlist: watchlist.clone(),
                    channels: BTreeMap::new(),
                },
                why.map(|why| {
                    format!(
                        "warning: the record of notifications sent, `{}`, is not used: {why}; \
                         starting afresh (events of today may be sent again)",
                        path.display()
                    )
                }),
            ),
        };
        Ok((
            Book {
                path,
                file,
                _lock: Some(lock),
            },
            warning,
        ))
    }

    /// An empty record that is never saved: for `--dry-run` without a state folder.
    pub fn none() -> Book {
        Book {
            path: PathBuf::new(),
            file: File_::default(),
            _lock: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The record of the channel named `key`.
    pub fn channel(&mut self, key: &str) -> &mut Channel {
        self.file.channels.entry(key.to_string()).or_default()
    }

    /// Replaces the file with the record as it is now, atomically.
    pub fn save(&self) -> Result<()> {
        let body = serde_json::to_vec(&self.file)?;
        let mut data = format!("{MAGIC} {:016x}\n", xxh3_64(&body)).into_bytes();
        data.extend_from_slice(&body);
        fsio::write_state(&self.path, &data).with_context(|| {
            format!(
                "failed to write the record of notifications sent, `{}`",
                self.path.display()
            )
        })
    }
}

/// The record in the file at `path`; `Err(None)` when there is none yet, `Err(Some(why))`
/// when it cannot be trusted.
fn read(path: &Path, watchlist: &str) -> Result<File_, Option<String>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(None),
        Err(e) => return Err(Some(e.to_string())),
    };
    if !meta.is_file() || meta.len() > 1 << 26 {
        return Err(Some("it is not a regular file of a record's size".into()));
    }
    let data = fs::read(path).map_err(|e| Some(e.to_string()))?;
    let split = data
        .iter()
        .position(|b| *b == b'\n')
        .ok_or_else(|| Some("it is cut short".to_string()))?;
    let (head, body) = (&data[..split], &data[split + 1..]);
    let head = String::from_utf8_lossy(head);
    let mut words = head.split(' ');
    if words.next() != Some(MAGIC) {
        return Err(Some("it was written by another version of airdate".into()));
    }
    if words.next() != Some(&format!("{:016x}", xxh3_64(body))) || words.next().is_some() {
        return Err(Some("it is damaged".into()));
    }
    let file: File_ = serde_json::from_slice(body).map_err(|_| Some("it is damaged".into()))?;
    if file.watchlist != watchlist {
        return Err(Some(format!(
            "it is for another watchlist, `{}`",
            file.watchlist
        )));
    }
    Ok(file)
}
