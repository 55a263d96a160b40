//! Crash-safe saves through the `uxncli` binary, on both engines: a save killed with
//! SIGKILL half way leaves the old file byte for byte (or no file, if there was none),
//! a finished save leaves the new file, appends keep the old content, reads in the
//! same vector see the new data, and what a kill left behind is cleaned up by the next
//! save of the same file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const OLD: &[u8] = b"OLD CONTENT, KEEP ME\n";
const FIRST: &[u8] = b"NEW-FIRST-HALF-\n";
const BOTH: &[u8] = b"NEW-FIRST-HALF-\nNEW-SECOND-HALF\n";
const BACKENDS: [&str; 2] = ["tailcall", "match"];

fn rom(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../roms/tests/file")
        .join(name)
}

/// `uxncli --backend <backend> <rom>` with the sandbox (the working directory) in `dir`.
fn uxncli(dir: &Path, backend: &str, rom_name: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_uxncli"));
    command
        .args(["--backend", backend])
        .arg(rom(rom_name))
        .current_dir(dir)
        .stdin(Stdio::null());
    command
}

fn run(dir: &Path, backend: &str, rom_name: &str) -> Output {
    let out = uxncli(dir, backend, rom_name).output().unwrap();
    assert!(
        out.status.success(),
        "{rom_name}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The temporary files of saves in `dir`, with their content.
fn temps(dir: &Path) -> Vec<Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".save.txt.uxnsave-")
        })
        .map(|e| fs::read(e.path()).unwrap())
        .collect()
}

/// Starts save-half.tal and kills it with SIGKILL once the first half of the save is
/// in its temporary file.
fn kill_half_way(dir: &Path, backend: &str) {
    let mut child: Child = uxncli(dir, backend, "save-half.tal")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while temps(dir) != [FIRST] {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("uxncli ended by itself with {status:?}");
        }
        assert!(Instant::now() < deadline, "the first half never appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL");
    }
    #[cfg(not(unix))]
    assert!(!status.success());
}

#[test]
fn a_killed_save_leaves_the_old_file_and_the_next_save_cleans_up() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        let save = tmp.path().join("save.txt");
        fs::write(&save, OLD).unwrap();
        kill_half_way(tmp.path(), backend);
        assert_eq!(fs::read(&save).unwrap(), OLD, "{backend}");
        // The kill left the temporary file behind.
        assert_eq!(temps(tmp.path()), [FIRST]);

        run(tmp.path(), backend, "save-whole.tal");
        assert_eq!(fs::read(&save).unwrap(), BOTH, "{backend}");
        assert!(temps(tmp.path()).is_empty(), "leftover removed");
    }
}

#[test]
fn a_killed_first_save_leaves_no_file() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        kill_half_way(tmp.path(), backend);
        assert!(!tmp.path().join("save.txt").exists(), "{backend}");
    }
}

#[test]
fn a_finished_save_leaves_the_new_file() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("save.txt"), OLD).unwrap();
        run(tmp.path(), backend, "save-whole.tal");
        assert_eq!(fs::read(tmp.path().join("save.txt")).unwrap(), BOTH);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}

#[test]
fn an_append_keeps_the_old_content() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("log.txt"), b"line 1\n").unwrap();
        run(tmp.path(), backend, "save-append.tal");
        run(tmp.path(), backend, "save-append.tal");
        assert_eq!(
            fs::read(tmp.path().join("log.txt")).unwrap(),
            b"line 1\nappended line\nappended line\n"
        );
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}

#[test]
fn reads_after_writes_in_the_same_vector_see_the_new_data() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("save.txt"), b"old old old old old\n").unwrap();
        let out = run(tmp.path(), backend, "save-read-back.tal");
        assert_eq!(out.stdout, b"fresh data\nfresh data\n");
        assert_eq!(
            fs::read(tmp.path().join("save.txt")).unwrap(),
            b"fresh data\n"
        );
    }
}
