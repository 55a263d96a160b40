//! Reading a directory: one text line per entry, whole lines only.
//!
//! Lines are `hhhh name` (size in hex), `???? name` (65 536 bytes or more),
//! `---- name/` (directory) and `!!!! name` (cannot be stat'ed, or a link leading out
//! of the sandbox, whose target is not revealed), each ending in `0a`. Entries come in
//! the host's `readdir` order, except that `..` (listed for every directory but the
//! sandbox root) comes first: the standard library never reports `.` or `..`, so
//! there is no host position to keep for it.

use std::ffi::{OsStr, OsString};
use std::fs::{self, ReadDir};
use std::io;
use std::path::{Path, PathBuf};

use super::sandbox::resolve_in;
use super::stat::{Kind, hex_digit, kind_of};

/// An open directory being listed across several reads.
pub(super) struct Listing {
    dir: PathBuf,
    root: PathBuf,
    entries: ReadDir,
    /// The entry that did not fit into the previous read.
    pending: Option<OsString>,
    done: bool,
}

impl Listing {
    /// `dir` and `root` are resolved paths, `dir` inside `root`.
    pub(super) fn open(dir: PathBuf, root: PathBuf) -> io::Result<Listing> {
        let entries = fs::read_dir(&dir)?;
        let pending = (dir != root).then(|| OsString::from(".."));
        Ok(Listing {
            dir,
            root,
            entries,
            pending,
            done: false,
        })
    }

    fn next_name(&mut self) -> Option<OsString> {
        if let Some(name) = self.pending.take() {
            return Some(name);
        }
        if self.done {
            return None;
        }
        match self.entries.next() {
            Some(Ok(entry)) => Some(entry.file_name()),
            // An error from the host ends the listing rather than risking a loop.
            Some(Err(_)) | None => {
                self.done = true;
                None
            }
        }
    }

    /// Fills `buf` with as many whole lines as fit and returns their length. An entry
    /// is emitted only if at least `strlen(name) + 8` bytes are left, which also leaves
    /// room for the `00` stored after the last line (not counted). When not even the
    /// first pending entry fits, nothing is written and the result is 0.
    pub(super) fn read(&mut self, buf: &mut [u8]) -> u16 {
        let mut pos = 0;
        while let Some(name) = self.next_name() {
            let bytes = super::os_bytes(&name);
            if buf.len() - pos < bytes.len() + 8 {
                self.pending = Some(name);
                break;
            }
            let kind = if name == ".." {
                Kind::Dir
            } else {
                self.entry_kind(&name)
            };
            pos += line(&mut buf[pos..], &bytes, kind);
        }
        if pos > 0 {
            buf[pos] = 0;
        }
        // The buffer is at most 0xffff bytes long (the device clamps it).
        pos as u16
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

/// Writes one line into `out` (which has room for it) and returns its length.
fn line(out: &mut [u8], name: &[u8], kind: Kind) -> usize {
    let mut head = [0u8; 5];
    match kind {
        Kind::Missing => head[..4].copy_from_slice(b"!!!!"),
        Kind::Dir => head[..4].copy_from_slice(b"----"),
        Kind::File(size) if size >= 0x10000 => head[..4].copy_from_slice(b"????"),
        Kind::File(size) => {
            for (i, b) in head[..4].iter_mut().enumerate() {
                *b = hex_digit(size >> (4 * (3 - i)));
            }
        }
    }
    head[4] = b' ';
    let mut len = 0;
    let slash: &[u8] = if kind == Kind::Dir { b"/" } else { b"" };
    for part in [&head[..], name, slash, b"\n"] {
        out[len..len + part.len()].copy_from_slice(part);
        len += part.len();
    }
    len
}
