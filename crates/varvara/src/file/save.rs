//! Crash-safe saves: a file being written is never changed in place.
//!
//! The bytes a ROM writes go to a new temporary file beside the target, named
//! `.<name>.uxnsave-XXXXXX` (six random letters or digits). When the ROM's write
//! sequence is over, the temporary file is flushed to the disk and renamed over the
//! target in one step, and the directory is flushed too (on unix). A kill, crash or power
//! loss at any moment therefore leaves either the old file or the new one, whole; at
//! worst a temporary file stays behind. Such a leftover is hidden from directory
//! listings and removed the next time the same file is saved.
//!
//! Appending starts the temporary file as a copy of the old one. The new file keeps the
//! old one's permissions; a new file gets the usual ones (`0666` less the umask). As with
//! any replace-by-rename, a file with several hard links is split from the others.
//!
//! Both File devices of a machine share one [`Saves`]: an operation on one device that
//! touches the target of the other's save (or lists its directory) commits that save
//! first, so it sees the new content. Operations elsewhere leave it open, so a ROM can
//! copy a file piece by piece from one device to the other in a single save. A file
//! the other device already has open for reading keeps reading the content it had
//! when it was opened.
//!
//! Committing costs a flush to the disk, and a sequence that goes on after a commit
//! starts from a copy of the committed file: a ROM that appends a little in every
//! vector copies the file each time.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tempfile::NamedTempFile;

use super::open::open_regular;
use super::os_bytes;
use super::store::write_whole;

/// Marks a temporary file: `.<name>` + this + [`RANDOM_LEN`] random characters.
const MARK: &str = ".uxnsave-";
const RANDOM_LEN: usize = 6;
/// Bytes of the target's name kept in a temporary name, so that it stays within the
/// usual 255-byte limit of a file name.
const NAME_KEPT: usize = 200;

/// The saves in progress on the File devices of one machine.
#[derive(Clone, Default)]
pub(crate) struct Saves(Arc<Mutex<Vec<Save>>>);

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
    temp: NamedTempFile,
}

impl Saves {
    fn lock(&self) -> MutexGuard<'_, Vec<Save>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts a save of `target` (a resolved path that is missing or a regular file)
    /// for the device `owner`, which has none in progress; with `append` it begins as
    /// a copy of the current file. Leftover temporary files of the same target are
    /// removed first.
    pub(super) fn start(
        &self,
        owner: u8,
        name: &[u8],
        target: &Path,
        append: bool,
    ) -> io::Result<()> {
        let mut saves = self.lock();
        let (dir, file_name) = match (target.parent(), target.file_name()) {
            (Some(dir), Some(file_name)) => (dir, file_name),
            _ => return Err(io::ErrorKind::InvalidInput.into()),
        };
        let prefix = temp_prefix(file_name);
        let live: Vec<&Path> = saves.iter().map(|s| s.temp.path()).collect();
        remove_leftovers(dir, &prefix, &live);
        let old = fs::metadata(target).ok();
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(RANDOM_LEN);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder.tempfile_in(dir)?;
        if let Some(old) = old {
            // Not subject to the umask, unlike the mode given at creation.
            temp.as_file().set_permissions(old.permissions())?;
            if append {
                io::copy(&mut open_regular(target)?, temp.as_file_mut())?;
            }
        }
        saves.push(Save {
            owner,
            name: name.to_vec(),
            target: target.to_path_buf(),
            temp,
        });
        Ok(())
    }

    /// Writes `data` at the end of `owner`'s save, all or nothing (see [`write_whole`]);
    /// `None` when it has no save in progress.
    pub(super) fn write(&self, owner: u8, data: &[u8]) -> Option<u16> {
        let mut saves = self.lock();
        let save = saves.iter_mut().find(|s| s.owner == owner)?;
        Some(write_whole(save.temp.as_file_mut(), data))
    }

    /// Commits the save of `owner`, if any.
    pub(super) fn commit_owner(&self, owner: u8) -> Result<(), Failed> {
        self.commit_where(|s| s.owner == owner)
    }

    /// Commits every save whose target is `path` or lies directly in the directory
    /// `path`: an operation on `path` is about to see them.
    pub(super) fn commit_at(&self, path: &Path) -> Result<(), Failed> {
        self.commit_where(|s| s.target == path || s.target.parent() == Some(path))
    }

    fn commit_where(&self, pick: impl Fn(&Save) -> bool) -> Result<(), Failed> {
        let mut saves = self.lock();
        let mut result = Ok(());
        let mut i = 0;
        while i < saves.len() {
            if pick(&saves[i]) {
                let save = saves.swap_remove(i);
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

/// Removes the temporary files in `dir` that start with `prefix` and are not in
/// `live`: a crash or kill left them during an earlier save of the same file. Only the
/// entries themselves are unlinked, never what a link points to.
fn remove_leftovers(dir: &Path, prefix: &OsStr, live: &[&Path]) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = os_bytes(prefix);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_leftover = os_bytes(&name)
            .strip_prefix(&prefix[..])
            .is_some_and(random_part);
        let path = entry.path();
        if is_leftover && !live.contains(&path.as_path()) {
            let _ = fs::remove_file(&path);
        }
    }
}
