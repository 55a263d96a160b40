//! The test ROMs: uxntal sources in roms/tests/gui, assembled by the tests themselves.

use std::path::{Path, PathBuf};

/// The directory of the test ROM sources.
pub fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/tests/gui")
}

/// The path of `<name>.tal`.
pub fn source(name: &str) -> PathBuf {
    source_dir().join(format!("{name}.tal"))
}

/// Assembles `<name>.tal`.
pub fn assemble(name: &str) -> Vec<u8> {
    let path = source(name);
    match uxn_asm::assemble_file(&path) {
        Ok(assembly) => assembly.rom,
        Err(e) => panic!("test ROM {} does not assemble: {e}", path.display()),
    }
}

/// Assembles `<name>.tal` into `dir/file_name` and returns that path.
pub fn write(dir: &Path, name: &str, file_name: &str) -> PathBuf {
    let path = dir.join(file_name);
    std::fs::write(&path, assemble(name)).expect("write test ROM");
    path
}
