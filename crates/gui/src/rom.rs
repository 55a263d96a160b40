//! Reading a ROM from disk: a `.rom` image as it is, a `.tal` source assembled in
//! memory. Every way of opening (command line, dialog, drop, launcher, `--watch`) goes
//! through [`read`], so they all refuse the same files with the same messages.

use std::fmt;
use std::path::{Path, PathBuf};

use uxn_core::MAX_ROM_SIZE;

use crate::watch::{self, Stamp};

/// Why a file cannot be run.
#[derive(Debug)]
pub enum OpenError {
    /// Missing, unreadable, not a regular file or too large.
    File(userfile::Error),
    Empty,
    /// The assembler's message, with file and line.
    Assembly(String),
    Rom(uxn_core::RomError),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::File(err) => write!(f, "{err}"),
            OpenError::Empty => f.write_str("empty file"),
            OpenError::Assembly(message) => f.write_str(message),
            OpenError::Rom(err) => write!(f, "{err}"),
        }
    }
}

impl From<userfile::Error> for OpenError {
    fn from(err: userfile::Error) -> OpenError {
        OpenError::File(err)
    }
}

/// A ROM image, and the stamp of the file it came from (see [`watch`]).
#[derive(Debug)]
pub struct RomFile {
    pub bytes: Vec<u8>,
    pub stamp: Stamp,
}

/// A `.tal` file (any case) is assembled; anything else is taken as a ROM image.
pub fn is_source(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tal"))
}

/// The ROM image at `path`, assembling it first if it is Uxntal source. Only a regular
/// file is read, and no more than a ROM or a source can hold (see `userfile`): this may
/// take a while on a slow disk, but never forever and never without bound.
pub fn read(path: &Path) -> Result<RomFile, OpenError> {
    let limit = if is_source(path) {
        uxn_asm::MAX_SOURCE_SIZE
    } else {
        MAX_ROM_SIZE as u64
    };
    let file = userfile::open(path)?;
    // Stamped from the file that is read, so that a change made while reading shows.
    let stamp = watch::stamp_of(file.metadata());
    let bytes = file.read(limit)?;
    if bytes.is_empty() {
        return Err(OpenError::Empty);
    }
    let bytes = if is_source(path) {
        assemble(&bytes, path)?
    } else {
        bytes
    };
    Ok(RomFile { bytes, stamp })
}

fn assemble(source: &[u8], path: &Path) -> Result<Vec<u8>, OpenError> {
    let name = path.to_string_lossy();
    match uxn_asm::assemble(source, &name) {
        Ok(assembly) => Ok(assembly.rom),
        Err(err) => Err(OpenError::Assembly(
            err.to_string().trim_end().replace('\n', "; "),
        )),
    }
}

/// The name a ROM is known by in titles: its file name.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// `path` made absolute against the working directory at start, so that it keeps
/// naming the same file whatever happens later.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn a_rom_is_read_as_is() {
        let d = dir();
        let p = d.path().join("a.rom");
        fs::write(&p, [0x80, 0x01, 0x00]).unwrap();
        let rom = read(&p).unwrap();
        assert_eq!(rom.bytes, [0x80, 0x01, 0x00]);
        assert_eq!(rom.stamp, watch::stamp(&p));
    }

    #[test]
    fn a_tal_is_assembled() {
        let d = dir();
        let p = d.path().join("a.TAL");
        fs::write(&p, "|0100 #12 #3456\n").unwrap();
        assert_eq!(read(&p).unwrap().bytes, [0x80, 0x12, 0xa0, 0x34, 0x56]);
    }

    #[test]
    fn assembly_errors_name_file_and_line() {
        let d = dir();
        let p = d.path().join("bad.tal");
        fs::write(&p, "|0100\n\n nowhere\n").unwrap();
        let msg = read(&p).unwrap_err().to_string();
        assert!(msg.starts_with("Label unknown: nowhere"), "{msg}");
        assert!(msg.ends_with("bad.tal:3"), "{msg}");
    }

    #[test]
    fn refusals() {
        let d = dir();
        let empty = d.path().join("e.rom");
        fs::write(&empty, b"").unwrap();
        assert_eq!(read(&empty).unwrap_err().to_string(), "empty file");
        let empty_tal = d.path().join("e.tal");
        fs::write(&empty_tal, b"").unwrap();
        assert_eq!(read(&empty_tal).unwrap_err().to_string(), "empty file");
        assert_eq!(
            read(d.path()).unwrap_err().to_string(),
            "not a regular file (a directory)"
        );
        let big = d.path().join("big.rom");
        fs::write(&big, vec![1u8; MAX_ROM_SIZE + 1]).unwrap();
        assert_eq!(
            read(&big).unwrap_err().to_string(),
            format!(
                "too large ({} bytes; at most {MAX_ROM_SIZE})",
                MAX_ROM_SIZE + 1
            )
        );
        let missing = d.path().join("missing.rom");
        assert!(matches!(read(&missing), Err(OpenError::File(e)) if e.is_not_found()));
        // A ROM of exactly the largest size is fine.
        fs::write(&big, vec![1u8; MAX_ROM_SIZE]).unwrap();
        assert_eq!(read(&big).unwrap().bytes.len(), MAX_ROM_SIZE);
        // A source may be larger than a ROM, up to its own bound.
        let big_tal = d.path().join("big.tal");
        let mut source = b"|0100 #01 ".to_vec();
        source.resize(uxn_asm::MAX_SOURCE_SIZE as usize, b' ');
        fs::write(&big_tal, &source).unwrap();
        assert_eq!(read(&big_tal).unwrap().bytes, [0x80, 0x01]);
        source.push(b' ');
        fs::write(&big_tal, &source).unwrap();
        assert!(matches!(
            read(&big_tal),
            Err(OpenError::File(userfile::Error::TooLarge { .. }))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_unread() {
        let d = dir();
        let fifo = d.path().join("fifo.rom");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        assert_eq!(
            read(&fifo).unwrap_err().to_string(),
            "not a regular file (a FIFO)"
        );
        assert_eq!(
            read(Path::new("/dev/zero")).unwrap_err().to_string(),
            "not a regular file (a character device)"
        );
    }

    #[test]
    fn names_and_paths() {
        assert_eq!(display_name(Path::new("/x/y/orca.rom")), "orca.rom");
        assert!(absolute(Path::new("a.rom")).is_absolute());
        assert!(
            is_source(Path::new("x.tal"))
                && !is_source(Path::new("x.rom"))
                && !is_source(Path::new("tal"))
        );
    }
}
