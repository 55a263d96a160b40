//! `uxnasm` refuses, at once and with one line, a source or include that is not a regular
//! file or is too large: `/dev/zero`, a FIFO nobody writes to, a directory, a file over
//! `MAX_SOURCE_SIZE`. Each run must end within a second, and one that hangs (waiting on
//! the FIFO, reading `/dev/zero` without end) is killed and reported as a hang instead of
//! holding up the suite.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A refusal needs no more than opening the file; a second is plenty even on a busy
/// machine, and far less than reading `/dev/zero` up to any memory limit.
const PROMPTLY: Duration = Duration::from_secs(1);

/// A run still going after this long is taken for a hang (waiting on the FIFO, reading
/// `/dev/zero` without end) and killed; far enough past [`PROMPTLY`] that a run that was
/// merely slow is reported with the time it took.
const HANG: Duration = Duration::from_secs(30);

/// Runs uxnasm in `dir`, failing if it took more than [`PROMPTLY`] and killing it if it
/// hangs.
fn uxnasm_promptly(dir: &Path, args: &[&str]) -> Output {
    // Under a 4 GiB address-space limit, so that a regression that reads `/dev/zero`
    // without a bound fails at once instead of filling the machine's memory until the kill.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_uxnasm"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("uxnasm {args:?} hangs: still running after {HANG:?}, killed");
        }
        sleep(Duration::from_millis(5));
    }
    let took = start.elapsed();
    assert!(
        took <= PROMPTLY,
        "uxnasm {args:?} took {took:?}, more than {PROMPTLY:?}"
    );
    child.wait_with_output().unwrap()
}

/// The four kinds of file that must be refused, made in `dir` under names ending in
/// `.tal`, with the reason each is refused for.
fn unreadable_sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let fifo = dir.join("fifo.tal");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = dir.join("folder.tal");
    std::fs::create_dir(&folder).unwrap();
    let big = dir.join("big.tal");
    let size = uxn_asm::MAX_SOURCE_SIZE + 1;
    std::fs::File::create(&big).unwrap().set_len(size).unwrap();
    let zero = dir.join("zero.tal");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    vec![
        (zero, "not a regular file (a character device)".into()),
        (fifo, "not a regular file (a FIFO)".into()),
        (folder, "not a regular file (a directory)".into()),
        (
            big,
            format!("too large ({size} bytes; at most {})", size - 1),
        ),
    ]
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_source_that_is_not_a_regular_file_or_too_large_is_refused_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut sources = unreadable_sources(dir.path());
    sources.push((
        PathBuf::from("/dev/zero"),
        "not a regular file (a character device)".into(),
    ));
    let before = files_in(dir.path());
    for (path, reason) in sources {
        let name = path.strip_prefix(dir.path()).unwrap_or(&path);
        let name = name.to_str().unwrap();
        let out = uxnasm_promptly(dir.path(), &[name, "out.rom"]);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout, format!("File refused: {name}: {reason}\n"));
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(files_in(dir.path()), before, "nothing written for {name}");
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
