//! `uxncli` refuses, at once, with one line on stderr and exit status 2, a ROM, source,
//! include or input script that is not a regular file or is too large: `/dev/zero`, a
//! FIFO nobody writes to, a directory, a file over the bound. Each run must end within a
//! second, and one that hangs (waiting on the FIFO, reading `/dev/zero` without end) is
//! killed and reported as a hang instead of holding up the suite.
#![cfg(unix)]

use std::ffi::OsStr;
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

/// The bound on input scripts, as documented.
const MAX_SCRIPT_SIZE: u64 = 16 << 20;

/// Runs uxncli, failing if it took more than [`PROMPTLY`] and killing it if it hangs.
fn uxncli_promptly(args: &[&OsStr]) -> Output {
    // Under a 4 GiB address-space limit, so that a regression that reads `/dev/zero`
    // without a bound fails at once instead of filling the machine's memory until the kill.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_uxncli"))
        .args(args)
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
            panic!("uxncli {args:?} hangs: still running after {HANG:?}, killed");
        }
        sleep(Duration::from_millis(5));
    }
    let took = start.elapsed();
    assert!(
        took <= PROMPTLY,
        "uxncli {args:?} took {took:?}, more than {PROMPTLY:?}"
    );
    child.wait_with_output().unwrap()
}

/// Checks that `args` fail with status 2 and exactly `line` on stderr.
fn refused(args: &[&OsStr], line: &str) {
    let out = uxncli_promptly(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, format!("uxncli: {line}\n"), "uxncli {args:?}");
    assert_eq!(out.status.code(), Some(2), "uxncli {args:?}");
    assert!(out.stdout.is_empty(), "uxncli {args:?}");
}

/// The four kinds of file that must be refused, made in `dir` as `<kind>.<extension>`,
/// `too_large` bytes for the large one, with the reason each is refused for.
fn unreadable(dir: &Path, extension: &str, too_large: u64) -> Vec<(PathBuf, String)> {
    let fifo = dir.join(format!("fifo.{extension}"));
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = dir.join(format!("folder.{extension}"));
    std::fs::create_dir(&folder).unwrap();
    let big = dir.join(format!("big.{extension}"));
    std::fs::File::create(&big)
        .unwrap()
        .set_len(too_large)
        .unwrap();
    // A link gives /dev/zero the extension that decides how it is read.
    let zero = dir.join(format!("zero.{extension}"));
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    vec![
        (zero, "not a regular file (a character device)".into()),
        (fifo, "not a regular file (a FIFO)".into()),
        (folder, "not a regular file (a directory)".into()),
        (
            big,
            format!("too large ({too_large} bytes; at most {})", too_large - 1),
        ),
    ]
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
