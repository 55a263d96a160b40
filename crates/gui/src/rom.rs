//! Reading a ROM from disk: a `.rom` image as it is, a `.tal` source assembled in
//! memory. Every way of opening (command line, dialog, drop, launcher, `--watch`) goes
//! through [`read`], so they all refuse the same files with the same messages.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use uxn_core::MAX_ROM_SIZE;

/// Sources larger than this are not assembled (no Uxntal program is near it).
const MAX_SOURCE_SIZE: u64 = 16 << 20;

/// Why a file cannot be run.
#[derive(Debug)]
pub enum OpenError {
    Directory,
    Empty,
    TooLarge(u64),
    Unreadable(io::Error),
    /// The assembler's message, with file and line.
    Assembly(String),
    Rom(uxn_core::RomError),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Directory => f.write_str("it is a directory"),
            OpenError::Empty => f.write_str("empty file"),
            OpenError::TooLarge(len) => {
                write!(
                    f,
                    "file too large ({len} bytes; a ROM holds at most {MAX_ROM_SIZE})"
                )
            }
            OpenError::Unreadable(err) => write!(f, "{err}"),
            OpenError::Assembly(message) => f.write_str(message),
            OpenError::Rom(err) => write!(f, "{err}"),
        }
    }
}

/// A `.tal` file (any case) is assembled; anything else is taken as a ROM image.
pub fn is_source(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tal"))
}

/// The ROM image at `path`, assembling it first if it is Uxntal source.
pub fn read(path: &Path) -> Result<Vec<u8>, OpenError> {
    let meta = fs::metadata(path).map_err(OpenError::Unreadable)?;
    if meta.is_dir() {
        return Err(OpenError::Directory);
    }
    let limit = if is_source(path) {
        MAX_SOURCE_SIZE
    } else {
        MAX_ROM_SIZE as u64
    };
    if meta.len() > limit {
        return Err(OpenError::TooLarge(meta.len()));
    }
    if is_source(path) {
        return assemble(path);
    }
    let bytes = fs::read(path).map_err(OpenError::Unreadable)?;
    // Checked again: the file may have changed since the metadata was read.
    match bytes.len() {
        0 => Err(OpenError::Empty),
        n if n > MAX_ROM_SIZE => Err(OpenError::TooLarge(n as u64)),
        _ => Ok(bytes),
    }
}

fn assemble(path: &Path) -> Result<Vec<u8>, OpenError> {
    // The assembler would call an unreadable file "missing"; say what really failed.
    let source = fs::read(path).map_err(OpenError::Unreadable)?;
    if source.is_empty() {
        return Err(OpenError::Empty);
    }
    let name = path.to_string_lossy();
    match uxn_asm::assemble(&source, &name) {
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

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn a_rom_is_read_as_is() {
        let d = dir();
        let p = d.path().join("a.rom");
        fs::write(&p, [0x80, 0x01, 0x00]).unwrap();
        assert_eq!(read(&p).unwrap(), [0x80, 0x01, 0x00]);
    }

    #[test]
    fn a_tal_is_assembled() {
        let d = dir();
        let p = d.path().join("a.TAL");
        fs::write(&p, "|0100 #12 #3456\n").unwrap();
        assert_eq!(read(&p).unwrap(), [0x80, 0x12, 0xa0, 0x34, 0x56]);
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
        assert_eq!(read(d.path()).unwrap_err().to_string(), "it is a directory");
        let big = d.path().join("big.rom");
        fs::write(&big, vec![1u8; MAX_ROM_SIZE + 1]).unwrap();
        assert!(matches!(read(&big), Err(OpenError::TooLarge(n)) if n == MAX_ROM_SIZE as u64 + 1));
        let missing = d.path().join("missing.rom");
        assert!(matches!(read(&missing), Err(OpenError::Unreadable(_))));
        // A ROM of exactly the largest size is fine.
        fs::write(&big, vec![1u8; MAX_ROM_SIZE]).unwrap();
        assert_eq!(read(&big).unwrap().len(), MAX_ROM_SIZE);
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
