//! For the tests of programs that read files a user named: the files they must refuse,
//! and a way to run them that turns a hang or runaway read into a clear failure.
//!
//! Only built with the `test-support` feature, which the other crates enable for their
//! tests alone.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A refusal needs no more than opening the file; a second is plenty even on a busy
/// machine, and far less than reading `/dev/zero` up to any memory limit.
pub const PROMPTLY: Duration = Duration::from_secs(1);

/// A run still going after this long is taken for a hang (waiting on a FIFO, reading
/// `/dev/zero` without end) and killed; far enough past [`PROMPTLY`] that a run that was
/// merely slow is reported with the time it took.
pub const HANG: Duration = Duration::from_secs(30);

/// The four kinds of file a program must refuse, made in `dir` as `<kind>.<extension>`
/// (`too_large` bytes for the large one), each with the reason [`crate::Error`] gives:
/// a link to `/dev/zero` (the extension may decide how a file is read), a FIFO nobody
/// writes to, a directory and a file one byte over the bound.
pub fn unreadable(dir: &Path, extension: &str, too_large: u64) -> Vec<(PathBuf, String)> {
    let fifo = dir.join(format!("fifo.{extension}"));
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|status| status.success()), "mkfifo {fifo:?}");
    let folder = dir.join(format!("folder.{extension}"));
    fs::create_dir(&folder).unwrap();
    let big = dir.join(format!("big.{extension}"));
    fs::File::create(&big).unwrap().set_len(too_large).unwrap();
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

/// Runs `program` with `args` in `dir` (or here), with no input, and returns what it
/// printed. Fails if it took more than [`PROMPTLY`]; kills it and fails if it is still
/// running after [`HANG`].
///
/// It runs under a 4 GiB address-space limit, so that a regression that reads
/// `/dev/zero` without a bound fails at once instead of filling the machine's memory.
pub fn run_promptly(program: &Path, args: &[&OsStr], dir: Option<&Path>) -> Output {
    let name = program.file_name().unwrap_or(program.as_os_str()).display();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name} {args:?} hangs: still running after {HANG:?}, killed");
        }
        sleep(Duration::from_millis(5));
    }
    let took = start.elapsed();
    assert!(
        took <= PROMPTLY,
        "{name} {args:?} took {took:?}, more than {PROMPTLY:?}"
    );
    child.wait_with_output().unwrap()
}

/// The names in `dir`, sorted: what a refused run must leave as it found it.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
