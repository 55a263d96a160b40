//! `uxncli` refuses, at once, with one line on stderr and exit status 2, a ROM, source,
//! include or input script that is not a regular file or is too large: `/dev/zero`, a
//! FIFO nobody writes to, a directory, a file over the bound. Each run must end within a
//! second, and one that hangs (waiting on the FIFO, reading `/dev/zero` without end) is
//! killed and reported as a hang instead of holding up the suite.
#![cfg(unix)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use userfile::hostile::{run_promptly, unreadable};

/// The bound on input scripts, as documented.
const MAX_SCRIPT_SIZE: u64 = 16 << 20;

fn uxncli_promptly(args: &[&OsStr]) -> Output {
    run_promptly(Path::new(env!("CARGO_BIN_EXE_uxncli")), args, None)
}

/// Checks that `args` fail with status 2 and exactly `line` on stderr.
fn refused(args: &[&OsStr], line: &str) {
    let out = uxncli_promptly(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, format!("uxncli: {line}\n"), "uxncli {args:?}");
    assert_eq!(out.status.code(), Some(2), "uxncli {args:?}");
    assert!(out.stdout.is_empty(), "uxncli {args:?}");
}

#[test]
fn roms_that_are_not_regular_files_or_too_large_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut roms = unreadable(dir.path(), "rom", uxn_core::MAX_ROM_SIZE as u64 + 1);
    roms.push((
        PathBuf::from("/dev/zero"),
        "not a regular file (a character device)".into(),
    ));
    for (path, reason) in roms {
        let line = format!("cannot open {}: {reason}", path.display());
        refused(&[path.as_os_str()], &line);
        // The headless runner reads ROMs the same way.
        refused(
            &["--frames".as_ref(), "1".as_ref(), path.as_os_str()],
            &line,
        );
    }
}

#[test]
fn sources_that_are_not_regular_files_or_too_large_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (path, reason) in unreadable(dir.path(), "tal", uxn_asm::MAX_SOURCE_SIZE + 1) {
        refused(
            &[path.as_os_str()],
            &format!("cannot open {}: {reason}", path.display()),
        );
    }
}

#[test]
fn includes_that_are_not_regular_files_or_too_large_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tal");
    for (path, reason) in unreadable(dir.path(), "tal", uxn_asm::MAX_SOURCE_SIZE + 1) {
        let include = path.display();
        std::fs::write(&main, format!("|0100 #01\n~{include} #02\n")).unwrap();
        refused(
            &[main.as_os_str()],
            &format!(
                "Include refused: ~{include}: {reason}, {}:2",
                main.display()
            ),
        );
    }
}

#[test]
fn input_scripts_that_are_not_regular_files_or_too_large_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let rom = dir.path().join("a.rom");
    let assembly = uxn_asm::assemble(b"|0100 #01 POP BRK", "a.tal").unwrap();
    std::fs::write(&rom, assembly.rom).unwrap();
    let mut scripts = unreadable(dir.path(), "txt", MAX_SCRIPT_SIZE + 1);
    scripts.push((
        PathBuf::from("/dev/zero"),
        "not a regular file (a character device)".into(),
    ));
    for (path, reason) in scripts {
        refused(
            &[
                "--frames".as_ref(),
                "1".as_ref(),
                "--input".as_ref(),
                path.as_os_str(),
                rom.as_os_str(),
            ],
            &format!("cannot open input script {}: {reason}", path.display()),
        );
    }
    // The same ROM with a real script runs.
    let script = dir.path().join("script.txt");
    std::fs::write(&script, "0 press a\n").unwrap();
    let out = uxncli_promptly(&[
        "--frames".as_ref(),
        "1".as_ref(),
        "--input".as_ref(),
        script.as_os_str(),
        rom.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0));
}
