//! Reads never block: FIFOs and devices are neither read nor written, at once, and a
//! directory is listed, never read as a file.

#![cfg(unix)]

use std::fs::{self, OpenOptions};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use super::{Captured, Rig, files};

/// Runs `f` on a thread and gives its result, or `None` if it is still waiting after
/// five seconds.
fn at_once<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5)).ok()
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

/// A plain open of a FIFO without a writer waits for one forever; one with a writer
/// that never writes would block the first read.
#[test]
fn a_fifo_reads_as_nothing_at_once_with_or_without_a_writer() {
    let mut r = Rig::new();
    let fifo = r.root().join("fifo");
    mkfifo(&fifo);
    let outcome = at_once(move || {
        r.name("fifo");
        let alone = r.read(4).0;
        // Opening for reading and writing never waits, and keeps a writer on the FIFO.
        let _writer = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&fifo)
            .unwrap();
        r.name("fifo");
        (alone, r.read(4).0, r.write(b"x", true))
    });
    assert_eq!(outcome, Some((0, 0, 0)));
}

/// `/dev/null` and `/dev/zero` under a root of `/dev`: opened, the first would read
/// as empty and take writes, the second would fill the buffer with zeros.
#[test]
fn devices_are_neither_read_nor_written() {
    let outcome = at_once(|| {
        let warnings = Captured::default();
        let mut r = Rig::new();
        r.files = files(Path::new("/dev"), &warnings);
        let mut seen = Vec::new();
        for name in ["null", "zero"] {
            r.name(name);
            seen.push((r.read(4), r.write(b"x", false), r.write(b"x", true)));
        }
        r.end_of_vector();
        seen
    });
    assert_eq!(outcome, Some(vec![((0, vec![]), 0, 0); 2]));
}

#[test]
fn a_directory_is_listed_not_read() {
    let mut r = Rig::new();
    fs::create_dir(r.root().join("d")).unwrap();
    fs::write(r.root().join("d/x"), b"1").unwrap();
    for name in ["d", "d/"] {
        r.name(name);
        assert_eq!(r.read_text(0x100), (7, "0001\tx\n".into()));
    }
}
