//! Reads never block: FIFOs, devices and directories are refused without waiting.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use super::super::open::{open_checked, open_regular};

/// Runs `open` on `path` in a thread and gives its verdict, or `None` if it is still
/// waiting after five seconds.
fn opens(open: fn(&Path) -> std::io::Result<std::fs::File>, path: &Path) -> Option<bool> {
    let (tx, rx) = mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(open(&path).is_ok());
    });
    rx.recv_timeout(Duration::from_secs(5)).ok()
}

/// A FIFO with no writer: a plain open would wait for one forever. The check that
/// follows the open refuses it, so even a FIFO put in place after the type check
/// cannot hang the machine.
#[cfg(unix)]
#[test]
fn a_fifo_without_a_writer_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(opens(open_checked, &fifo), Some(false), "open of the FIFO");
    assert_eq!(opens(open_regular, &fifo), Some(false));
}

#[cfg(unix)]
#[test]
fn devices_and_directories_are_refused() {
    assert_eq!(opens(open_checked, Path::new("/dev/null")), Some(false));
    assert_eq!(opens(open_regular, Path::new("/dev/zero")), Some(false));
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(opens(open_checked, tmp.path()), Some(false));
    std::fs::write(tmp.path().join("f"), b"x").unwrap();
    assert_eq!(opens(open_checked, &tmp.path().join("f")), Some(true));
}
