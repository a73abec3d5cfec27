//! File system work for the store: reading, the write lock, and atomic replacement.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

/// How long a writer waits for another one before giving up, unless `AIRDATE_LOCK_TIMEOUT`
/// (seconds) says otherwise.
const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a writer waits for another before it says so.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(100);

/// The file's bytes, or `None` when it does not exist; other failures say what to do.
pub fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) if path.is_dir() => bail!(
            "`{}` is a folder, not a watchlist file ({e}); pass --file with the path of a file",
            path.display()
        ),
        Err(e) => Err(e).with_context(|| format!("failed to read `{}`", path.display())),
    }
}

/// The file's bytes as text; the watchlist must be UTF-8.
pub fn text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        anyhow::anyhow!(
            "`{}` is not UTF-8 text (invalid byte on line {line}); save it as UTF-8 and try again",
            path.display()
        )
    })
}

/// The file a path finally names, following symbolic links (also to a file that does not
/// exist yet), so that a linked watchlist is replaced where it lives instead of having its
/// link replaced by a plain file.
pub fn real_path(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links as the system itself follows before it gives up.
    for _ in 0..40 {
        let Ok(target) = fs::read_link(&path) else {
            break;
        };
        // A relative target is relative to the link's folder (`join` keeps an absolute one).
        path = path.parent().unwrap_or(Path::new("")).join(target);
    }
    path
}

/// Refuses to change a watchlist that its owner made read-only.
pub fn check_writable(target: &Path, shown: &Path) -> Result<()> {
    let read_only = fs::metadata(target).is_ok_and(|meta| meta.permissions().readonly());
    anyhow::ensure!(
        !read_only,
        "`{}` is read-only, so airdate leaves it as it is; make it writable (`chmod u+w`) to change it",
        shown.display()
    );
    Ok(())
}

/// The folder a file is in (`.` for a bare name) and its name.
fn folder_and_name(target: &Path) -> (&Path, String) {
    let folder = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "watchlist.toml".to_string());
    (folder, name)
}

/// Temporary files for the watchlist at `target`: written by `write_atomic`, removed by
/// `remove_stale_temp_files`.
fn temp_prefix(target: &Path) -> String {
    super::Beside::new(target).temp_prefix()
}

const TEMP_SUFFIX: &str = ".tmp";

/// Holds the write lock until dropped.
pub struct Lock {
    _file: File,
}

/// Takes the exclusive write lock for `target`, creating its folder when needed. Waits for
/// another writer, saying so once on stderr, and gives up after the timeout.
pub fn lock(target: &Path) -> Result<Lock> {
    let (dir, _) = folder_and_name(target);
    create_dirs(dir).with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
    let lock_path = super::Beside::new(target).lock();
    let file = beside()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .with_context(|| format!("failed to open the lock file `{}`", lock_path.display()))?;
    // The lock file belongs to whoever owns the watchlist (or its folder), also when root
    // made it: else its owner could not lock it again.
    if let Some(owner) = owner_of(target) {
        keep_owner(&file, &owner);
    }
    let timeout = crate::config::lock_timeout()?.unwrap_or(LOCK_TIMEOUT);
    let started = Instant::now();
    let mut pause = Duration::from_millis(1);
    let mut said = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("failed to lock `{}`", lock_path.display()));
            }
        }
        // A wait too short to notice is not announced.
        if !said && started.elapsed() >= ANNOUNCE_AFTER {
            crate::term::say(&format!(
                "airdate: waiting for another airdate to finish writing `{}`",
                target.display()
            ));
            said = true;
        }
        if started.elapsed() >= timeout {
            bail!(
                "gave up after {:.1}s waiting for another airdate to finish writing `{}`; \
                 nothing was written. Try again when it is done (the lock is `{}`)",
                timeout.as_secs_f64(),
                target.display(),
                lock_path.display()
            );
        }
        std::thread::sleep(pause.min(timeout.saturating_sub(started.elapsed())));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// A temporary file in `dir` named `PREFIX…tmp`, holding `bytes`.
fn temp_with(dir: &Path, prefix: &str, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    Ok(temp)
}

/// Why a write did not land although nothing failed: the watchlist is no longer the file the
/// change was made to.
#[derive(Debug)]
pub struct Changed;

impl std::fmt::Display for Changed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the file was changed by another program meanwhile")
    }
}

impl std::error::Error for Changed {}

/// Replaces `target` with `bytes` atomically, provided `target` still holds `expected` (its
/// bytes when the change was read; `None`: there was no file). A temporary file in the same
/// folder is written, synced, given the original's permissions, owner and group, then
/// swapped in. Readers see the old file or the new one, never a mixture; a failure leaves the
/// old file as it was.
///
/// Another program may save the watchlist without taking airdate's lock (an editor or a sync
/// tool that saves by rename). So the file is checked just before the swap, and the swap is an
/// exchange (`RENAME_EXCHANGE`): the file it replaced comes out under the temporary name, and
/// if that is not `expected` after all, it is swapped back and the write fails with
/// [`Changed`]. Where the file system cannot exchange, a plain rename follows the check.
/// (A hard link to the old file keeps the old bytes: the name `target` gets a new file.)
pub fn write_atomic(target: &Path, bytes: &[u8], expected: Option<&[u8]>) -> Result<()> {
    let (dir, _) = folder_and_name(target);
    let temp = temp_with(dir, &temp_prefix(target), bytes)?;
    // The data, and the size needed to read it back, reach the disk before the rename;
    // fdatasync is enough for that and skips the times that fsync would also write.
    temp.as_file().sync_data()?;
    match fs::metadata(target) {
        Ok(meta) => {
            temp.as_file().set_permissions(meta.permissions())?;
            keep_owner(temp.as_file(), &meta);
        }
        // A new watchlist is readable by all, as files made with the usual umask are, and
        // belongs to whoever owns its folder.
        Err(_) => {
            temp.as_file()
                .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))?;
            if let Ok(folder) = fs::metadata(dir) {
                keep_owner(temp.as_file(), &folder);
            }
        }
    }
    let Some(expected) = expected else {
        // There was no file: one that appeared meanwhile is not replaced.
        return match temp.persist_noclobber(target) {
            Ok(_) => {
                sync_folder(dir);
                Ok(())
            }
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(Changed.into()),
            Err(e) => Err(e.error.into()),
        };
    };
    if read_bytes(target)?.as_deref() != Some(expected) {
        return Err(Changed.into());
    }
    match exchange(temp.path(), target) {
        Ok(()) => {
            // `temp`'s name now holds the file that was replaced.
            if read_bytes(temp.path())?.as_deref() != Some(expected) {
                if let Err(e) = exchange(temp.path(), target) {
                    // The other program's version must outlive `temp`.
                    let kept = temp.into_temp_path().keep().map_err(|e| e.error)?;
                    bail!(
                        "another program saved `{}` while airdate wrote it, and its version, \
                         kept as `{}`, could not be put back: {e}",
                        target.display(),
                        kept.display()
                    );
                }
                // A second save may have landed on airdate's file in the meantime: then the
                // temporary name holds that one, newer than what was put back, and it goes
                // back in its place instead.
                if read_bytes(temp.path())?.as_deref() != Some(bytes) {
                    let _ = exchange(temp.path(), target);
                }
                return Err(Changed.into());
            }
            // Dropping `temp` removes the old file.
        }
        Err(e) if exchange_unsupported(&e) => {
            temp.persist(target).map_err(|e| e.error)?;
        }
        Err(e) => return Err(e.into()),
    }
    sync_folder(dir);
    Ok(())
}

/// Swaps the files at `a` and `b`, atomically.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Whether the file system or kernel cannot exchange two files.
fn exchange_unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(code) if code == rustix::io::Errno::INVAL.raw_os_error()
            || code == rustix::io::Errno::NOSYS.raw_os_error()
            || code == rustix::io::Errno::OPNOTSUPP.raw_os_error()
    )
}

/// Makes a rename in `dir` durable; best effort.
fn sync_folder(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Replaces the cache file at `path` with `bytes`: atomically, so that a reader never sees
/// half of it, but not synced, since a lost cache is only a slower read. The file belongs to
/// whoever owns the cache folder. A killed writer's temporary cache file is removed once it is
/// ten minutes old (any other writer is done with its own by then).
pub fn write_cache(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, _) = folder_and_name(path);
    create_dirs(dir)?;
    remove_temp_files(dir, ".cache-", Duration::from_secs(600));
    let temp = temp_with(dir, ".cache-", bytes)?;
    if let Ok(folder) = fs::metadata(dir) {
        keep_owner(temp.as_file(), &folder);
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Replaces the state file at `path` with `bytes`: atomically and synced, so that after a
/// crash it holds the old bytes or the new ones, and once this returns, the new ones. For
/// records that must not be lost, such as what `notify` sent.
pub fn write_state(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, _) = folder_and_name(path);
    create_dirs(dir)?;
    remove_temp_files(dir, ".state-", Duration::from_secs(600));
    let temp = temp_with(dir, ".state-", bytes)?;
    temp.as_file().sync_all()?;
    if let Ok(folder) = fs::metadata(dir) {
        keep_owner(temp.as_file(), &folder);
    }
    temp.persist(path).map_err(|e| e.error)?;
    // The rename itself is made durable by syncing the folder.
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The owner and group that the files beside the watchlist at `target` get: the watchlist's,
/// else its folder's.
fn owner_of(target: &Path) -> Option<fs::Metadata> {
    let (dir, _) = folder_and_name(target);
    fs::metadata(target).or_else(|_| fs::metadata(dir)).ok()
}

/// How a file beside the watchlist is opened: never through a symbolic link, which another
/// user could have put there for root to follow.
fn beside() -> fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = File::options();
    options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    options
}

/// Creates the folder `dir` and any missing parents, each owned like the folder it is made
/// in: root making a folder in a user's home leaves it the user's, and one in its own, its own.
pub fn create_dirs(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, lchown};
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err())
        .collect();
    let Some(outermost) = missing.last() else {
        return Ok(());
    };
    let parent = outermost.parent().filter(|p| !p.as_os_str().is_empty());
    let like = fs::metadata(parent.unwrap_or(Path::new("."))).ok();
    fs::create_dir_all(dir)?;
    if let Some(like) = like {
        for created in missing {
            let _ = lchown(created, Some(like.uid()), Some(like.gid()));
        }
    }
    Ok(())
}

/// Appends `line` to the file at `path` beside the watchlist at `target`, creating it owned
/// like the watchlist.
pub fn append_beside(path: &Path, target: &Path, line: &str) -> io::Result<()> {
    let mut file = beside().create(true).append(true).open(path)?;
    file.write_all(line.as_bytes())?;
    if let Some(like) = owner_of(target) {
        keep_owner(&file, &like);
    }
    Ok(())
}

/// Replaces the file at `path` beside the watchlist at `target` with `bytes`, atomically and
/// synced, owned like the watchlist and with its permissions: for a file the user's work is
/// in (the copy `edit` works on), which a full disk or a kill part way must leave as it was
/// or whole.
pub fn replace_beside(path: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, _) = folder_and_name(path);
    create_dirs(dir)?;
    // Named like the watchlist's own temporary files (so what keeps those out of git and sync
    // keeps these out too), but left alone by its writers: this write takes no lock.
    let prefix = copy_temp_prefix(target);
    remove_temp_files(dir, &prefix, Duration::from_secs(600));
    let temp = temp_with(dir, &prefix, bytes)?;
    temp.as_file().sync_data()?;
    let mode = fs::metadata(path)
        .or_else(|_| fs::metadata(target))
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::os::unix::fs::PermissionsExt::from_mode(0o644));
    temp.as_file().set_permissions(mode)?;
    if let Some(like) = owner_of(target) {
        keep_owner(temp.as_file(), &like);
    }
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(dir);
    Ok(())
}

/// Writes the file at `path` beside the watchlist at `target` (not atomically: a copy for the
/// user), owned like the watchlist.
pub fn write_beside(path: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_dirs(dir)?;
    }
    let mut file = beside()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    if let Some(like) = owner_of(target) {
        keep_owner(&file, &like);
    }
    Ok(())
}

/// Gives `file` the owner and group of `like`, as far as this process may: root can, an owner
/// can at least keep the group. A file already theirs is left alone.
fn keep_owner(file: &File, like: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    let Ok(meta) = file.metadata() else { return };
    if (meta.uid(), meta.gid()) != (like.uid(), like.gid())
        && fchown(file, Some(like.uid()), Some(like.gid())).is_err()
    {
        let _ = fchown(file, None, Some(like.gid()));
    }
}

/// Removes temporary files left by a writer that was killed mid-write. Only called under the
/// write lock, when no other writer can be using one.
pub fn remove_stale_temp_files(target: &Path) {
    let (dir, _) = folder_and_name(target);
    let copies = copy_temp_prefix(target);
    remove_temp_files_but(dir, &temp_prefix(target), Duration::ZERO, Some(&copies));
}

/// What the temporary files of [`replace_beside`] begin with: `.watchlist.toml.copy-`.
fn copy_temp_prefix(target: &Path) -> String {
    format!("{}copy-", temp_prefix(target))
}

/// Removes the temporary files `PREFIX…tmp` in `dir` that are at least `age` old.
fn remove_temp_files(dir: &Path, prefix: &str, age: Duration) {
    remove_temp_files_but(dir, prefix, age, None);
}

/// Like [`remove_temp_files`], leaving those whose names begin with `spared`.
fn remove_temp_files_but(dir: &Path, prefix: &str, age: Duration, spared: Option<&str>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if spared.is_some_and(|p| name.starts_with(p)) {
            continue;
        }
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        let old = modified
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|e| e >= age);
        if name.starts_with(prefix) && name.ends_with(TEMP_SUFFIX) && (old || age.is_zero()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
