//! Crash-safe saves: a file being written is never changed in place.
//!
//! The bytes a ROM writes go to a new temporary file beside the target, named
//! `.<name>.uxnsave-XXXXXX` (six random letters or digits). When the ROM's write
//! sequence is over, the temporary file is flushed to the disk and renamed over the
//! target in one step, and the directory is flushed too (on unix). A kill, crash or power
//! loss at any moment therefore leaves either the old file or the new one, whole; at
//! worst a temporary file stays behind. Such a leftover is hidden from directory
//! listings and removed when the same file is next saved (see below).
//!
//! Appending starts the temporary file as a copy of the old one. The new file keeps the
//! old one's permissions; a new file gets the usual ones (`0666` less the umask). As with
//! any replace-by-rename, a file with several hard links is split from the others.
//!
//! Both File devices of a machine share one [`Saves`], which the machine owns and lends
//! to the device an operation is for: an operation on one device that
//! touches the target of the other's save (or lists its directory) commits that save
//! first, so it sees the new content. Operations elsewhere leave it open, so a ROM can
//! copy a file piece by piece from one device to the other in a single save. A file
//! the other device already has open for reading keeps reading the content it had
//! when it was opened.
//!
//! Leftovers are looked for once per target and machine: the first time a file is
//! saved, its directory is read and every `.<name>.uxnsave-XXXXXX` nobody holds is
//! removed (later saves skip that directory read). A save in progress holds an advisory lock on its temporary file for as long
//! as it lasts, so the cleaning never takes the temporary file of a save another
//! emulator (or this one) is making of the same file at the same time.
//!
//! Committing costs a flush to the disk, and a sequence that goes on after a commit
//! starts from a copy of the committed file: a ROM that appends a little in every
//! vector copies the file each time.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::fs::{self, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::os_bytes;
use super::store::write_whole;

/// Marks a temporary file: `.<name>` + this + [`RANDOM_LEN`] random characters.
const MARK: &str = ".uxnsave-";
const RANDOM_LEN: usize = 6;
/// Bytes of the target's name kept in a temporary name, so that it stays within the
/// usual 255-byte limit of a file name.
const NAME_KEPT: usize = 200;
/// Targets remembered as cleaned. Past this many the memory is dropped, so a ROM that
/// saves ever new names keeps it bounded; forgetting costs one more directory read.
const CLEANED_MAX: usize = 4096;
/// Temporary files tried in turn when another emulator's cleaning takes the new one
/// away before it is locked.
const CREATE_ATTEMPTS: usize = 4;

/// The saves in progress on the File devices of one machine.
#[derive(Default)]
pub(super) struct Saves {
    open: Vec<Save>,
    /// Targets whose leftovers have been removed since the machine started.
    cleaned: HashSet<PathBuf>,
}

/// A save that failed to commit: the old file is left as it was.
pub(super) struct Failed {
    /// The name the ROM gave, for the warning.
    pub name: Vec<u8>,
    pub error: io::Error,
}

struct Save {
    /// The device (its base port) writing it.
    owner: u8,
    name: Vec<u8>,
    /// The resolved path it replaces.
    target: PathBuf,
    /// Locked while the save lasts (see [`create_locked`]).
    temp: NamedTempFile,
}

impl Saves {
    /// No save is in progress.
    pub(super) fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// Starts a save of `target` (a resolved path that is missing or a regular file)
    /// for the device `owner`, which has none in progress; with `append` it begins as
    /// a copy of the current file. The first time `target` is saved, leftover
    /// temporary files of it are removed first.
    pub(super) fn start(
        &mut self,
        owner: u8,
        name: &[u8],
        target: &Path,
        append: bool,
    ) -> io::Result<()> {
        let (dir, file_name) = match (target.parent(), target.file_name()) {
            (Some(dir), Some(file_name)) => (dir, file_name),
            _ => return Err(io::ErrorKind::InvalidInput.into()),
        };
        let prefix = temp_prefix(file_name);
        if !self.cleaned.contains(target) {
            if self.cleaned.len() >= CLEANED_MAX {
                self.cleaned.clear();
            }
            self.cleaned.insert(target.to_path_buf());
            remove_leftovers(dir, &prefix);
        }
        let old = fs::metadata(target).ok();
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(RANDOM_LEN);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut temp = create_locked(&builder, dir)?;
        if let Some(old) = old {
            // Not subject to the umask, unlike the mode given at creation.
            temp.as_file().set_permissions(old.permissions())?;
            if append {
                // The whole old file is copied, a cost in proportion to its size paid
                // by every save that appends; it is what leaves the old file whole
                // until the rename.
                let old = userfile::open(target).map_err(io::Error::other)?;
                io::copy(&mut old.into_file(), temp.as_file_mut())?;
            }
        }
        self.open.push(Save {
            owner,
            name: name.to_vec(),
            target: target.to_path_buf(),
            temp,
        });
        Ok(())
    }

    /// Writes `data` at the end of `owner`'s save, all or nothing (see [`write_whole`]);
    /// `None` when it has no save in progress.
    pub(super) fn write(&mut self, owner: u8, data: &[u8]) -> Option<u16> {
        let save = self.open.iter_mut().find(|s| s.owner == owner)?;
        Some(write_whole(save.temp.as_file_mut(), data))
    }

    /// Commits the save of `owner`, if any.
    pub(super) fn commit_owner(&mut self, owner: u8) -> Result<(), Failed> {
        self.commit_where(|s| s.owner == owner)
    }

    /// Commits every save whose target is `path` or lies directly in the directory
    /// `path`: an operation on `path` is about to see them.
    pub(super) fn commit_at(&mut self, path: &Path) -> Result<(), Failed> {
        self.commit_where(|s| s.target == path || s.target.parent() == Some(path))
    }

    fn commit_where(&mut self, pick: impl Fn(&Save) -> bool) -> Result<(), Failed> {
        let mut result = Ok(());
        let mut i = 0;
        while i < self.open.len() {
            if pick(&self.open[i]) {
                let save = self.open.swap_remove(i);
                let name = save.name.clone();
                if let Err(error) = save.commit() {
                    result = Err(Failed { name, error });
                }
            } else {
                i += 1;
            }
        }
        result
    }
}

impl Save {
    /// Flushes the new content to the disk, then puts it in place of the target. On
    /// failure the temporary file is removed and the target left alone.
    fn commit(self) -> io::Result<()> {
        let Save {
            target, mut temp, ..
        } = self;
        temp.as_file_mut().flush()?;
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|e| e.error)?;
        sync_dir(target.parent());
        Ok(())
    }
}

/// A new temporary file in `dir`, locked. Another emulator cleaning leftovers of the
/// same target may find it in the moment between its creation and the lock and remove
/// it; then another one is made.
fn create_locked(builder: &tempfile::Builder, dir: &Path) -> io::Result<NamedTempFile> {
    for _ in 0..CREATE_ATTEMPTS {
        let temp = builder.tempfile_in(dir)?;
        match temp.as_file().try_lock() {
            Ok(()) if owns_its_name(&temp) => return Ok(temp),
            Ok(()) | Err(TryLockError::WouldBlock) => {}
            // The file system has no locks: the save goes on, unprotected.
            Err(TryLockError::Error(_)) => return Ok(temp),
        }
    }
    Err(io::Error::other(
        "the temporary file kept being removed by another program",
    ))
}

/// Whether the temporary file's name still leads to the file held open.
#[cfg(unix)]
fn owns_its_name(temp: &NamedTempFile) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(temp.path()), temp.as_file().metadata()) {
        (Ok(named), Ok(held)) => named.dev() == held.dev() && named.ino() == held.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the name is still its own.
#[cfg(not(unix))]
fn owns_its_name(_temp: &NamedTempFile) -> bool {
    true
}

/// Makes the rename itself durable. Some file systems cannot flush a directory; the
/// rename has happened either way, so a failure here is not reported.
#[cfg(unix)]
fn sync_dir(dir: Option<&Path>) {
    if let Some(dir) = dir {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: Option<&Path>) {}

/// `.<name>.uxnsave-`, with the name cut to [`NAME_KEPT`] bytes.
fn temp_prefix(file_name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(cut_name(file_name));
    prefix.push(MARK);
    prefix
}

#[cfg(unix)]
fn cut_name(name: &OsStr) -> &OsStr {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    OsStr::from_bytes(&bytes[..bytes.len().min(NAME_KEPT)])
}

#[cfg(not(unix))]
fn cut_name(name: &OsStr) -> OsString {
    name.to_string_lossy()
        .chars()
        .take(NAME_KEPT / 4)
        .collect::<String>()
        .into()
}

/// Whether a directory entry is a save's temporary file (of any target).
pub(super) fn is_temp_name(name: &OsStr) -> bool {
    let bytes = os_bytes(name);
    let Some(rest) = bytes.strip_prefix(b".") else {
        return false;
    };
    let mark = MARK.as_bytes();
    rest.len() > mark.len() + RANDOM_LEN
        && rest[..rest.len() - RANDOM_LEN].ends_with(mark)
        && random_part(&rest[rest.len() - RANDOM_LEN..])
}

fn random_part(bytes: &[u8]) -> bool {
    bytes.len() == RANDOM_LEN && bytes.iter().all(u8::is_ascii_alphanumeric)
}

/// Removes the temporary files in `dir` that start with `prefix` and that no save
/// holds: a crash or kill left them during an earlier save of the same file. Only the
/// entries themselves are unlinked, never what a link points to.
fn remove_leftovers(dir: &Path, prefix: &OsStr) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = os_bytes(prefix);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_leftover = os_bytes(&name)
            .strip_prefix(&prefix[..])
            .is_some_and(random_part);
        if !is_leftover {
            continue;
        }
        let path = entry.path();
        match entry.file_type() {
            // The lock is held until the name is gone, so that a save starting at this
            // moment cannot take the file for its own (see `create_locked`).
            Ok(kind) if kind.is_file() => {
                if let Some(_unused) = lock_unused(&path) {
                    let _ = fs::remove_file(&path);
                }
            }
            // Not a file a save made (a link, a FIFO…): unlinked unopened.
            Ok(_) => {
                let _ = fs::remove_file(&path);
            }
            Err(_) => {}
        }
    }
}

/// The regular file at `path`, locked, if no save holds it. A file that cannot be
/// opened or locked is left alone: it may be a save in progress.
fn lock_unused(path: &Path) -> Option<fs::File> {
    let file = userfile::open(path).ok()?.into_file();
    file.try_lock().ok()?;
    Some(file)
}
