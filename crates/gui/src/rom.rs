//! Reading a ROM from disk: a `.rom` image as it is, a `.tal` source assembled in
//! memory, as `uxncli` reads them (`uxn_asm::read_program`). Every way of opening
//! (command line, dialog, drop, launcher, `--watch`) goes through [`read`], so they all
//! refuse the same files with the same messages.

use std::fmt;
use std::path::{Path, PathBuf};

use uxn_asm::ProgramError;
use uxn_core::MAX_ROM_SIZE;

use crate::watch::{self, Stamp};

/// Why a file cannot be run.
#[derive(Debug)]
pub enum OpenError {
    /// Missing, unreadable, not a regular file, empty, too large, or a source that does
    /// not assemble.
    Read(ProgramError),
    /// Refused by the machine.
    Rom(uxn_core::RomError),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Read(err) => write!(f, "{err}"),
            OpenError::Rom(err) => write!(f, "{err}"),
        }
    }
}

/// A ROM image, and the stamp of the file it came from (see [`watch`]).
#[derive(Debug)]
pub struct RomFile {
    pub bytes: Vec<u8>,
    pub stamp: Stamp,
}

/// The ROM image at `path`, assembling it first if it is Uxntal source. Only a regular
/// file is read, and no more than a ROM or a source can hold: this may take a while on a
/// slow disk, but never forever and never without bound.
pub fn read(path: &Path) -> Result<RomFile, OpenError> {
    let program = uxn_asm::read_program(path, MAX_ROM_SIZE as u64).map_err(OpenError::Read)?;
    Ok(RomFile {
        bytes: program.rom,
        // Stamped from the file that was read, so that a change made while reading shows.
        stamp: watch::stamp_of(&program.metadata),
    })
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

    // What is read and what is refused is tested with `uxn_asm::read_program`; here,
    // that the app reads through it with the ROM bound and the right stamp.

    #[test]
    fn a_rom_is_read_and_stamped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rom");
        fs::write(&path, [0x80, 0x01, 0x00]).unwrap();
        let rom = read(&path).unwrap();
        assert_eq!(rom.bytes, [0x80, 0x01, 0x00]);
        assert_eq!(rom.stamp, watch::stamp(&path));
    }

    #[test]
    fn a_tal_is_assembled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.TAL");
        fs::write(&path, "|0100 #12 #3456\n").unwrap();
        assert_eq!(read(&path).unwrap().bytes, [0x80, 0x12, 0xa0, 0x34, 0x56]);
    }

    #[test]
    fn roms_are_bounded_by_what_the_machine_holds() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.rom");
        fs::write(&big, vec![1u8; MAX_ROM_SIZE]).unwrap();
        assert_eq!(read(&big).unwrap().bytes.len(), MAX_ROM_SIZE);
        fs::write(&big, vec![1u8; MAX_ROM_SIZE + 1]).unwrap();
        assert_eq!(
            read(&big).unwrap_err().to_string(),
            format!(
                "too large ({} bytes; at most {MAX_ROM_SIZE})",
                MAX_ROM_SIZE + 1
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.rom");
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
    }
}
