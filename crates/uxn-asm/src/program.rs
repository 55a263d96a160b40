//! Reading a program a user named to run it: a ROM image as it is, a Uxntal source
//! (`.tal`, in any case) assembled in memory. `uxncli` and `uxnemu` both read through
//! [`read_program`], so they take the same files for sources and refuse the same ones
//! with the same messages.

use std::fmt;
use std::fs::Metadata;
use std::path::Path;

use crate::{AsmError, MAX_SOURCE_SIZE, assemble};

/// A program ready to load: its ROM image, and the metadata of the file it was read from,
/// taken from the opened file (so a change made while reading shows against it).
#[derive(Debug)]
pub struct Program {
    pub rom: Vec<u8>,
    pub metadata: Metadata,
}

/// Why a file cannot be run.
#[derive(Debug)]
pub enum ProgramError {
    /// Missing, unreadable, not a regular file or over its bound.
    File(userfile::Error),
    /// The file holds no bytes.
    Empty,
    /// The source does not assemble.
    Assembly(AsmError),
}

impl ProgramError {
    /// Nothing exists at the path.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ProgramError::File(err) if err.is_not_found())
    }
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgramError::File(err) => write!(f, "{err}"),
            ProgramError::Empty => f.write_str("empty file"),
            // One line, so that it fits a window title and a single line of stderr.
            ProgramError::Assembly(err) => {
                f.write_str(&err.to_string().trim_end().replace('\n', "; "))
            }
        }
    }
}

impl std::error::Error for ProgramError {}

/// A `.tal` file, whatever the case of its extension, is a source to assemble.
pub fn is_source(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("tal"))
}

/// The ROM image at `path`, assembled first if it is a source. Only a regular file is
/// read, and no more than `rom_limit` bytes for a ROM or [`MAX_SOURCE_SIZE`] for a
/// source (its includes are read the same careful way): this may take a while on a slow
/// disk, but never forever and never without bound.
pub fn read_program(path: &Path, rom_limit: u64) -> Result<Program, ProgramError> {
    let source = is_source(path);
    let file = userfile::open(path).map_err(ProgramError::File)?;
    let metadata = file.metadata().clone();
    let limit = if source { MAX_SOURCE_SIZE } else { rom_limit };
    let bytes = file.read(limit).map_err(ProgramError::File)?;
    if bytes.is_empty() {
        return Err(ProgramError::Empty);
    }
    let rom = if source {
        assemble(&bytes, &path.to_string_lossy())
            .map_err(ProgramError::Assembly)?
            .rom
    } else {
        bytes
    };
    Ok(Program { rom, metadata })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const ROM_LIMIT: u64 = 16;

    fn read(path: &Path) -> Result<Vec<u8>, ProgramError> {
        read_program(path, ROM_LIMIT).map(|program| program.rom)
    }

    #[test]
    fn a_rom_is_read_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rom");
        fs::write(&path, [0x80, 0x01, 0x00]).unwrap();
        let program = read_program(&path, ROM_LIMIT).unwrap();
        assert_eq!(program.rom, [0x80, 0x01, 0x00]);
        assert_eq!(program.metadata.len(), 3);
    }

    #[test]
    fn a_source_is_assembled_whatever_the_case_of_its_extension() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.tal", "b.TAL", "c.Tal"] {
            let path = dir.path().join(name);
            fs::write(&path, "|0100 #12 #3456\n").unwrap();
            assert_eq!(
                read(&path).unwrap(),
                [0x80, 0x12, 0xa0, 0x34, 0x56],
                "{name}"
            );
        }
        assert!(!is_source(Path::new("x.rom")) && !is_source(Path::new("tal")));
    }

    #[test]
    fn assembly_errors_are_one_line_naming_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.tal");
        // The missing include adds a line before the error's own.
        fs::write(&path, "|0100\n~nowhere.tal\n").unwrap();
        let message = read(&path).unwrap_err().to_string();
        assert!(!message.contains('\n'), "{message}");
        assert!(
            message.starts_with("File missing: nowhere.tal; "),
            "{message}"
        );
        assert!(message.ends_with("bad.tal:2."), "{message}");
        fs::write(&path, "|0100\n\n nowhere\n").unwrap();
        let message = read(&path).unwrap_err().to_string();
        assert!(message.starts_with("Label unknown: nowhere"), "{message}");
        assert!(message.ends_with("bad.tal:3"), "{message}");
    }

    #[test]
    fn empty_missing_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["e.rom", "e.tal"] {
            let path = dir.path().join(name);
            fs::write(&path, b"").unwrap();
            assert_eq!(read(&path).unwrap_err().to_string(), "empty file");
        }
        assert_eq!(
            read(dir.path()).unwrap_err().to_string(),
            "not a regular file (a directory)"
        );
        assert!(
            read(&dir.path().join("missing.rom"))
                .unwrap_err()
                .is_not_found()
        );
        // A ROM is bounded by the caller's limit...
        let rom = dir.path().join("big.rom");
        fs::write(&rom, [1u8; ROM_LIMIT as usize]).unwrap();
        assert_eq!(read(&rom).unwrap().len(), ROM_LIMIT as usize);
        fs::write(&rom, [1u8; ROM_LIMIT as usize + 1]).unwrap();
        assert_eq!(
            read(&rom).unwrap_err().to_string(),
            format!("too large ({} bytes; at most {ROM_LIMIT})", ROM_LIMIT + 1)
        );
        // ...a source by its own.
        let source = dir.path().join("big.tal");
        let mut text = b"|0100 #01 ".to_vec();
        text.resize(MAX_SOURCE_SIZE as usize, b' ');
        fs::write(&source, &text).unwrap();
        assert_eq!(read(&source).unwrap(), [0x80, 0x01]);
        text.push(b' ');
        fs::write(&source, &text).unwrap();
        assert!(matches!(
            read(&source),
            Err(ProgramError::File(userfile::Error::TooLarge { .. }))
        ));
    }
}
