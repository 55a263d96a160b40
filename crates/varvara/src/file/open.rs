//! Opening a file for reading without ever blocking.
//!
//! Opening a FIFO waits until another process opens its other end, and opening a
//! device can have effects of its own, so only regular files are opened. The type is
//! checked before opening, and the open itself does not wait (`O_NONBLOCK` on unix), so
//! a FIFO put in place between the check and the open is refused too: the opened
//! handle's own type is checked again.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::Path;

/// The regular file at `path`, opened for reading.
pub(super) fn open_regular(path: &Path) -> io::Result<fs::File> {
    if !fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    open_checked(path)
}

/// Opens `path` without waiting and keeps it only if it turns out to be a regular file.
pub(super) fn open_checked(path: &Path) -> io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.read(true);
    // Reading a regular file is not affected by the flag, so it can stay set.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

fn not_regular() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "not a regular file")
}
