//! Uxntal assembler implementing Uxntal 54K (scope-relative padding
//! `|/name` and `$/name`, writing over earlier bytes, `/name` macro calls,
//! comments and `%` in macro bodies, named comments `(doc`, 62-byte tokens,
//! 65 536 lambdas). On every program the 2025 reference `uxnasm` accepts, its
//! ROM, `.sym` file and messages are byte-identical to that reference's.
//!
//! ```
//! let a = uxn_asm::assemble(b"|0100 #12 #3456", "a.tal").unwrap();
//! assert_eq!(a.rom, [0x80, 0x12, 0xa0, 0x34, 0x56]);
//! assert_eq!(uxn_asm::summary("a.rom", &a), "Assembled a.rom in 5 bytes(0.01% used), 0 labels, 0 macros.");
//! ```

mod assembler;
mod comments;
mod error;
mod hex;
mod image;
mod labels;
mod lambdas;
mod macros;
mod names;
mod opcodes;
mod program;
mod references;
mod source;

use std::path::Path;

pub use error::{AsmError, ErrorKind};
pub use program::{Program, ProgramError, is_source, read_program};

/// The result of a successful assembly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assembly {
    /// The ROM file: memory from `0100` to the last non-zero byte of the
    /// final image.
    pub rom: Vec<u8>,
    /// The `.sym` file.
    pub symbols: Vec<u8>,
    /// Informational lines, in the order the reference prints them:
    /// deprecation warnings, then `-- Unused label: NAME` lines. The final
    /// `Assembled ...` line is [`summary`].
    pub messages: Vec<String>,
    /// Number of labels, sublabels and lambda labels.
    pub labels: usize,
    /// Number of macros.
    pub macros: usize,
}

/// Assembles `source`. `file_name` is used in messages, and its directory is
/// the fallback for includes that are not found relative to the working
/// directory.
pub fn assemble(source: &[u8], file_name: &str) -> Result<Assembly, AsmError> {
    assembler::Assembler::new(source, file_name).run()
}

/// The largest source file read, main file or include: 64 times the 64 KiB an assembled
/// ROM can fill, which leaves room for any amount of comments, and keeps the sources
/// open at once (at most 64 nested includes) well below a gigabyte.
pub const MAX_SOURCE_SIZE: u64 = 4 << 20;

/// Reads a source file: a regular file of at most [`MAX_SOURCE_SIZE`] bytes. A FIFO, a
/// device or a directory is refused at once rather than read.
pub fn read_source(path: &Path) -> Result<Vec<u8>, userfile::Error> {
    userfile::read(path, MAX_SOURCE_SIZE)
}

/// Reads and assembles a file. One that cannot be opened is `File missing: <path>`, as
/// in the reference; one that is not a regular file or is too large is
/// `File refused: <path>: <reason>`.
pub fn assemble_file(path: &Path) -> Result<Assembly, AsmError> {
    let name = path.to_string_lossy();
    let text = read_source(path).map_err(|err| match err {
        userfile::Error::Open(_) => AsmError::top(ErrorKind::FileMissing, &name),
        refused => AsmError::refused_file(&name, &refused.to_string()),
    })?;
    assemble(&text, &name)
}

/// The reference's closing line:
/// `Assembled out.rom in N bytes(P% used), L labels, M macros.`
pub fn summary(rom_path: &str, assembly: &Assembly) -> String {
    let size = assembly.rom.len();
    format!(
        "Assembled {rom_path} in {size} bytes({:.2}% used), {} labels, {} macros.",
        size as f64 / 652.80,
        assembly.labels,
        assembly.macros
    )
}
