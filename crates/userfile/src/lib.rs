//! Reading a file a user named: a ROM, a source, an include, an input script.
//!
//! Such a path can name anything: a FIFO nobody writes to, `/dev/zero`, a directory, a
//! file of many gigabytes. Read naively, the first blocks forever and the second fills
//! memory until the process is killed. [`read`] only reads what can be a document, and
//! never more than a bound:
//!
//! - The file is opened without waiting: `O_NONBLOCK`, so that opening a FIFO returns at
//!   once instead of waiting for a writer, and `O_NOCTTY`, so that a terminal device never
//!   becomes the process's controlling terminal.
//! - The opened handle, not the path (which may name something else a moment later), must
//!   be a regular file; anything else is refused, saying what it is.
//! - A file larger than the bound is refused before reading, and the read stops one byte
//!   past the bound, so a file that grows meanwhile (or claims a size of 0, as files under
//!   `/proc` do) is still refused instead of being read without end.
//!
//! Elsewhere than on Unix the file is opened as usual: directories are refused and the
//! bound holds, but a pipe is not recognised.

#[cfg(all(unix, feature = "test-support"))]
pub mod hostile;

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Error {
    /// It could not be opened: missing, not allowed, …
    Open(io::Error),
    /// It is not a regular file.
    NotRegular(Kind),
    /// It holds more than `limit` bytes; `size` is how many when the file said so.
    TooLarge { limit: u64, size: Option<u64> },
    /// Reading it failed.
    Read(io::Error),
}

/// What a path that is not a regular file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Directory,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl Error {
    /// Nothing exists at the path.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Open(err) if err.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Open(err) => write!(f, "{err}"),
            Error::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            Error::TooLarge {
                limit,
                size: Some(size),
            } => write!(f, "too large ({size} bytes; at most {limit})"),
            Error::TooLarge { limit, size: None } => {
                write!(f, "too large (more than {limit} bytes)")
            }
            Error::Read(err) => write!(f, "read failed: {err}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Open(err) | Error::Read(err) => Some(err),
            Error::NotRegular(_) | Error::TooLarge { .. } => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Directory => "a directory",
            Kind::Fifo => "a FIFO",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Socket => "a socket",
            Kind::Other => "a special file",
        })
    }
}

/// A regular file, open for reading.
#[derive(Debug)]
pub struct UserFile {
    file: File,
    metadata: Metadata,
}

/// Opens `path` if it is a regular file.
pub fn open(path: &Path) -> Result<UserFile, Error> {
    let file = open_without_waiting(path).map_err(|err| open_failed(path, err))?;
    let metadata = file.metadata().map_err(Error::Open)?;
    if !metadata.is_file() {
        return Err(Error::NotRegular(kind(&metadata)));
    }
    reads_may_wait(&file).map_err(Error::Read)?;
    Ok(UserFile { file, metadata })
}

/// Says what `path` is when that is why it could not be opened (a socket cannot be
/// opened at all on Linux). The path is looked at only to word the message.
fn open_failed(path: &Path, err: io::Error) -> Error {
    match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => Error::NotRegular(kind(&metadata)),
        _ => Error::Open(err),
    }
}

/// The whole of the regular file at `path`, if it holds at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    open(path)?.read(limit)
}

impl UserFile {
    /// The file's metadata, as it was when opened.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The open file itself, for a reader that reads it in pieces as it needs them.
    pub fn into_file(self) -> File {
        self.file
    }

    /// The whole file, if it holds at most `limit` bytes.
    pub fn read(self, limit: u64) -> Result<Vec<u8>, Error> {
        let size = self.metadata.len();
        if size > limit {
            return Err(Error::TooLarge {
                limit,
                size: Some(size),
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        self.file
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(Error::Read)?;
        if bytes.len() as u64 > limit {
            return Err(Error::TooLarge { limit, size: None });
        }
        Ok(bytes)
    }
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Clears `O_NONBLOCK` once the file is known to be regular, so that its reads behave as
/// usual on every system.
#[cfg(unix)]
fn reads_may_wait(file: &File) -> io::Result<()> {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    let flags = fcntl_getfl(file)?;
    fcntl_setfl(file, flags - OFlags::NONBLOCK)?;
    Ok(())
}

#[cfg(not(unix))]
fn reads_may_wait(_file: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn kind(metadata: &Metadata) -> Kind {
    use std::os::unix::fs::FileTypeExt;
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        Kind::Directory
    } else if file_type.is_fifo() {
        Kind::Fifo
    } else if file_type.is_char_device() {
        Kind::CharDevice
    } else if file_type.is_block_device() {
        Kind::BlockDevice
    } else if file_type.is_socket() {
        Kind::Socket
    } else {
        Kind::Other
    }
}

#[cfg(not(unix))]
fn kind(metadata: &Metadata) -> Kind {
    if metadata.is_dir() {
        Kind::Directory
    } else {
        Kind::Other
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;

    fn mkfifo(dir: &Path) -> PathBuf {
        let path = dir.join("fifo");
        let status = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success());
        path
    }

    #[test]
    fn a_regular_file_is_read_whole_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rom");
        std::fs::write(&path, [1, 2, 3]).unwrap();
        assert_eq!(read(&path, 3).unwrap(), [1, 2, 3]);
        assert_eq!(read(&path, 100).unwrap(), [1, 2, 3]);
        let err = read(&path, 2).unwrap_err();
        assert!(matches!(
            err,
            Error::TooLarge {
                limit: 2,
                size: Some(3)
            }
        ));
        assert_eq!(err.to_string(), "too large (3 bytes; at most 2)");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read(&path, 0).unwrap(), b"");
    }

    #[test]
    fn a_huge_sparse_file_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.rom");
        File::create(&path).unwrap().set_len(1 << 40).unwrap();
        assert!(matches!(
            read(&path, 1 << 20),
            Err(Error::TooLarge { size: Some(s), .. }) if s == 1 << 40
        ));
    }

    #[test]
    fn an_opened_file_reads_as_usual() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tal");
        std::fs::write(&path, b"|0100").unwrap();
        let file = open(&path).unwrap();
        let flags = rustix::fs::fcntl_getfl(&file.file).unwrap();
        assert!(!flags.contains(rustix::fs::OFlags::NONBLOCK));
        assert_eq!(file.metadata().len(), 5);
        assert_eq!(file.read(5).unwrap(), b"|0100");
    }

    #[test]
    fn an_opened_file_can_be_read_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data");
        std::fs::write(&path, b"abcdef").unwrap();
        let mut file = open(&path).unwrap().into_file();
        let mut piece = [0; 4];
        assert_eq!(file.read(&mut piece).unwrap(), 4);
        assert_eq!(&piece, b"abcd");
        assert_eq!(file.read(&mut piece).unwrap(), 2);
        assert_eq!(&piece[..2], b"ef");
    }

    #[test]
    fn anything_but_a_regular_file_is_refused_by_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = mkfifo(dir.path());
        for (path, kind, text) in [
            (
                dir.path(),
                Kind::Directory,
                "not a regular file (a directory)",
            ),
            (&fifo, Kind::Fifo, "not a regular file (a FIFO)"),
            (
                Path::new("/dev/zero"),
                Kind::CharDevice,
                "not a regular file (a character device)",
            ),
        ] {
            let err = read(path, 1 << 20).unwrap_err();
            assert!(
                matches!(err, Error::NotRegular(k) if k == kind),
                "{}: {err:?}",
                path.display()
            );
            assert_eq!(err.to_string(), text);
        }
    }

    #[test]
    fn a_fifo_with_a_silent_writer_is_refused_too() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = mkfifo(dir.path());
        // Opening for reading and writing never waits, and keeps a writer on the FIFO.
        let _writer = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        assert!(matches!(
            read(&fifo, 10),
            Err(Error::NotRegular(Kind::Fifo))
        ));
    }

    #[test]
    fn a_socket_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let err = read(&path, 10).unwrap_err();
        assert!(matches!(err, Error::NotRegular(Kind::Socket)), "{err:?}");
        assert_eq!(err.to_string(), "not a regular file (a socket)");
    }

    #[test]
    fn missing_files_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let err = read(&dir.path().join("none"), 10).unwrap_err();
        assert!(err.is_not_found(), "{err:?}");
        assert!(!Error::NotRegular(Kind::Fifo).is_not_found());
    }

    /// Files under /proc say they are empty and are not: the bound holds on the bytes
    /// read, not on the size the file claims.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_bound_holds_on_what_is_read() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        let whole = read(path, 1 << 20).unwrap();
        assert!(whole.len() > 10);
        let err = read(path, 10).unwrap_err();
        assert!(
            matches!(
                err,
                Error::TooLarge {
                    limit: 10,
                    size: None
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.to_string(), "too large (more than 10 bytes)");
    }
}
