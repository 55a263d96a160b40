//! `uxnasm` refuses, at once and with one line, a source or include that is not a regular
//! file or is too large: `/dev/zero`, a FIFO nobody writes to, a directory, a file over
//! `MAX_SOURCE_SIZE`. Each run must end within a second, and one that hangs (waiting on
//! the FIFO, reading `/dev/zero` without end) is killed and reported as a hang instead of
//! holding up the suite.
#![cfg(unix)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use userfile::hostile::{names_in, run_promptly, unreadable};

/// Runs uxnasm in `dir` (see [`run_promptly`]).
fn uxnasm_promptly(dir: &Path, args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_promptly(Path::new(env!("CARGO_BIN_EXE_uxnasm")), &args, Some(dir))
}

/// The files that must be refused, as sources.
fn unreadable_sources(dir: &Path) -> Vec<(PathBuf, String)> {
    unreadable(dir, "tal", uxn_asm::MAX_SOURCE_SIZE + 1)
}

#[test]
fn a_source_that_is_not_a_regular_file_or_too_large_is_refused_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut sources = unreadable_sources(dir.path());
    sources.push((
        PathBuf::from("/dev/zero"),
        "not a regular file (a character device)".into(),
    ));
    let before = names_in(dir.path());
    for (path, reason) in sources {
        let name = path.strip_prefix(dir.path()).unwrap_or(&path);
        let name = name.to_str().unwrap();
        let out = uxnasm_promptly(dir.path(), &[name, "out.rom"]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout, format!("File refused: {name}: {reason}\n"));
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(names_in(dir.path()), before, "nothing written for {name}");
    }
}

#[test]
fn an_include_that_is_not_a_regular_file_or_too_large_is_refused_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let includes = unreadable_sources(dir.path());
    for (path, reason) in includes {
        let name = path.file_name().unwrap().to_str().unwrap();
        std::fs::write(
            dir.path().join("main.tal"),
            format!("|0100 #01\n~{name} #02\n"),
        )
        .unwrap();
        let out = uxnasm_promptly(dir.path(), &["main.tal", "out.rom"]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            stdout,
            format!("Include refused: ~{name}: {reason}, main.tal:2\n")
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(!dir.path().join("out.rom").exists());
    }
}

#[test]
fn a_missing_source_keeps_the_reference_message_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = uxnasm_promptly(dir.path(), &["none.tal", "out.rom"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "File missing: none.tal\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// An include that is found relative to the working directory but refused is not looked
/// for beside the including file: the user's file is the one in the way.
#[test]
fn a_refused_include_ends_the_search() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::create_dir(dir.path().join("inc.tal")).unwrap();
    std::fs::write(dir.path().join("src/inc.tal"), "#03\n").unwrap();
    std::fs::write(dir.path().join("src/main.tal"), "|0100 ~inc.tal\n").unwrap();
    let out = uxnasm_promptly(dir.path(), &["src/main.tal", "out.rom"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Include refused: ~inc.tal: not a regular file (a directory), src/main.tal:1\n"
    );
    assert_eq!(out.status.code(), Some(2));
}
