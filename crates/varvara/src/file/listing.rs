//! Reading a directory (varvara.md §7.3): one text line per entry, the buffer filled.
//!
//! Lines are `hhhh<TAB>name` (size in hex), `????<TAB>name` (65 536 bytes or more),
//! `----<TAB>name/` (directory) and `!!!!<TAB>name` (cannot be stat'ed, or a link
//! leading out of the sandbox, whose target is not revealed), each ending in `0a`.
//! Entries come in the host's `readdir` order; `.` and `..` are never listed (the
//! standard library does not report them), nor are the temporary files of saves in
//! progress (see [`super::save`]).
//!
//! A read copies lines until the buffer is full or no entry is left. The line that
//! does not fit is cut at the end of the buffer and the rest of it dropped: the next
//! read starts with the following entry. A `00` follows the data, uncounted, only when
//! the buffer was not filled, so nothing is ever written past it.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::sandbox::resolve_in;
use super::save::is_temp_name;
use super::stat::{Kind, hex_digit, kind_of};

/// The names of a directory's entries, in the order they are listed.
type Names = Box<dyn Iterator<Item = io::Result<OsString>> + Send>;

/// An open directory being listed across several reads.
pub(super) struct Listing {
    dir: PathBuf,
    root: PathBuf,
    /// `None` once every entry has been returned (or the host reported an error).
    entries: Option<Names>,
}

impl Listing {
    /// `dir` and `root` are resolved paths, `dir` inside `root`.
    pub(super) fn open(dir: PathBuf, root: PathBuf) -> io::Result<Listing> {
        let names = fs::read_dir(&dir)?.map(|entry| entry.map(|e| e.file_name()));
        Ok(Listing::of(dir, root, Box::new(names)))
    }

    /// Lists `names` as if the host returned them in that order.
    pub(super) fn of(dir: PathBuf, root: PathBuf, names: Names) -> Listing {
        Listing {
            dir,
            root,
            entries: Some(names),
        }
    }

    /// The next entry's line.
    fn next_line(&mut self) -> Option<Vec<u8>> {
        loop {
            let next = self.entries.as_mut()?.next();
            match next {
                Some(Ok(name)) => {
                    if !is_temp_name(&name) {
                        return Some(line(&super::os_bytes(&name), self.entry_kind(&name)));
                    }
                }
                // An error from the host ends the listing rather than risking a loop.
                Some(Err(_)) | None => {
                    self.entries = None;
                    return None;
                }
            }
        }
    }

    /// Fills `buf` with lines, the last one possibly cut, and returns the number of
    /// bytes produced.
    pub(super) fn read(&mut self, buf: &mut [u8]) -> u16 {
        let mut n = 0;
        while n < buf.len() {
            let Some(line) = self.next_line() else { break };
            let k = line.len().min(buf.len() - n);
            buf[n..n + k].copy_from_slice(&line[..k]);
            n += k;
        }
        if let Some(end) = buf.get_mut(n) {
            *end = 0;
        }
        // The buffer is at most 0xffff bytes long (the device clamps it).
        n as u16
    }

    fn entry_kind(&self, name: &OsStr) -> Kind {
        let path = self.dir.join(name);
        match fs::symlink_metadata(&path) {
            Err(_) => Kind::Missing,
            Ok(m) if m.file_type().is_symlink() => {
                match resolve_in(&self.root, &self.dir, Path::new(name)) {
                    Some(target) => kind_of(&target),
                    None => Kind::Missing,
                }
            }
            Ok(m) if m.is_dir() => Kind::Dir,
            Ok(m) => Kind::File(m.len()),
        }
    }
}

/// One whole line: four detail characters, a TAB, the name (with `/` for a
/// directory) and a line feed.
fn line(name: &[u8], kind: Kind) -> Vec<u8> {
    let mut line = Vec::with_capacity(name.len() + 7);
    match kind {
        Kind::Missing => line.extend_from_slice(b"!!!!"),
        Kind::Dir => line.extend_from_slice(b"----"),
        Kind::File(size) if size >= 0x10000 => line.extend_from_slice(b"????"),
        Kind::File(size) => line.extend((0..4).rev().map(|i| hex_digit(size >> (4 * i)))),
    }
    line.push(b'\t');
    line.extend_from_slice(name);
    if kind == Kind::Dir {
        line.push(b'/');
    }
    line.push(b'\n');
    line
}
