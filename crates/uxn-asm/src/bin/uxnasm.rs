//! `uxnasm input.tal output.rom`: the reference command line. Every message
//! goes to stdout, as the reference prints them. A failed assembly exits with 1, a
//! source or include that is refused unread (`File refused`, `Include refused`) with 2.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use uxn_asm::ErrorKind;

const VERSION: &str = "Uxnasm - Uxntal Assembler, 15 Jan 2025.";
const USAGE: &str = "usage: uxnasm [-v] input.tal output.rom";
const UNUSED_PREFIX: &str = "-- Unused label: ";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.as_slice() {
        // The reference compares only the first two characters.
        [flag] if flag.as_encoded_bytes().starts_with(b"-v") => {
            say(VERSION);
            ExitCode::SUCCESS
        }
        [input, output] => run(Path::new(input), Path::new(output)),
        // Usage is not an error for the reference.
        _ => {
            say(USAGE);
            ExitCode::SUCCESS
        }
    }
}

fn run(input: &Path, rom_path: &Path) -> ExitCode {
    let rom_name = rom_path.to_string_lossy();
    let assembly = match uxn_asm::assemble_file(input) {
        Ok(assembly) => assembly,
        Err(error) => {
            let refused = matches!(
                error.kind(),
                ErrorKind::FileRefused | ErrorKind::IncludeRefused
            );
            let report = error.with_rom_path(&rom_name).report();
            say(report.trim_end_matches('\n'));
            // A file that is not a regular file or is too large is refused input, status
            // 2 as in the other programs; other failures keep the reference's 1.
            return ExitCode::from(if refused { 2 } else { 1 });
        }
    };
    // Deprecation warnings were printed while reading; unused labels come
    // after the ROM file is opened.
    let (unused, notes): (Vec<&String>, Vec<&String>) = assembly
        .messages
        .iter()
        .partition(|m| m.starts_with(UNUSED_PREFIX));
    for note in notes {
        say(note);
    }
    // The reference reports unwritable outputs but still exits with 0.
    if write_atomically(rom_path, &assembly.rom).is_err() {
        say(&format!("Output file invalid: {rom_name}"));
        return ExitCode::SUCCESS;
    }
    for line in unused {
        say(line);
    }
    say(&uxn_asm::summary(&rom_name, &assembly));
    let mut sym_path = rom_path.as_os_str().to_owned();
    sym_path.push(".sym");
    let sym_path = PathBuf::from(sym_path);
    if write_atomically(&sym_path, &assembly.symbols).is_err() {
        say(&format!(
            "Symbols file invalid: {}",
            sym_path.to_string_lossy()
        ));
    }
    ExitCode::SUCCESS
}

/// Prints a line to stdout; a closed stdout is not worth a panic.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Writes through a temporary file in the same directory and renames it, so a
/// failed write never leaves a partial file behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().unwrap_or(OsStr::new("out"));
    let mut temp_name = OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
