//! `--watch`: notices when the running ROM's file (`.rom` or `.tal`) changes on disk.
//!
//! The file's modification time and size are polled twice a second rather than
//! subscribed to: editors save by writing in place, by renaming a new file over the old
//! one or by deleting and recreating it, and a poll sees all of these the same way. A
//! change is reported once the file has stayed the same for one more poll, so a file
//! caught half-written is not loaded.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

pub const INTERVAL: Duration = Duration::from_millis(500);

/// What a poll saw; `None` when the file could not be read (e.g. mid-save).
pub type Stamp = Option<(SystemTime, u64)>;

pub fn stamp(path: &Path) -> Stamp {
    let meta = fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Decides from successive stamps when to reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settle {
    loaded: Stamp,
    pending: Option<Stamp>,
}

impl Settle {
    /// `loaded` is the stamp of the version running now.
    pub fn new(loaded: Stamp) -> Settle {
        Settle {
            loaded,
            pending: None,
        }
    }

    /// Feeds one poll; true when a new version has settled and should be loaded.
    pub fn poll(&mut self, now: Stamp) -> bool {
        if now == self.loaded || now.is_none() {
            self.pending = None;
            return false;
        }
        if self.pending == Some(now) {
            self.loaded = now;
            self.pending = None;
            return true;
        }
        self.pending = Some(now);
        false
    }
}

/// Polls one file at [`INTERVAL`].
pub struct Watcher {
    pub path: PathBuf,
    settle: Settle,
    next: Instant,
}

impl Watcher {
    pub fn new(path: PathBuf) -> Watcher {
        let settle = Settle::new(stamp(&path));
        Watcher {
            path,
            settle,
            next: Instant::now() + INTERVAL,
        }
    }

    /// When the next poll is due.
    pub fn deadline(&self) -> Instant {
        self.next
    }

    /// Polls if it is time; true when the file changed and settled.
    pub fn check(&mut self, now: Instant) -> bool {
        if now < self.next {
            return false;
        }
        self.next = now + INTERVAL;
        self.settle.poll(stamp(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, len: u64) -> Stamp {
        Some((SystemTime::UNIX_EPOCH + Duration::from_secs(secs), len))
    }

    #[test]
    fn reload_after_the_file_settles() {
        let mut s = Settle::new(at(1, 10));
        assert!(!s.poll(at(1, 10)));
        assert!(!s.poll(at(2, 5))); // changed: wait one more poll
        assert!(!s.poll(at(2, 9))); // still being written
        assert!(s.poll(at(2, 9))); // settled
        assert!(!s.poll(at(2, 9))); // reported once
    }

    #[test]
    fn a_vanished_file_is_not_a_change() {
        let mut s = Settle::new(at(1, 10));
        assert!(!s.poll(None));
        assert!(!s.poll(None));
        // Recreated identical: nothing to do; recreated different: reload once settled.
        assert!(!s.poll(at(1, 10)));
        assert!(!s.poll(at(3, 10)));
        assert!(s.poll(at(3, 10)));
    }

    #[test]
    fn watching_a_real_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tal");
        fs::write(&path, b"|0100 #01").unwrap();
        let mut w = Watcher::new(path.clone());
        let t0 = Instant::now();
        assert!(!w.check(t0)); // not due yet
        assert!(!w.check(t0 + INTERVAL));
        fs::write(&path, b"|0100 #01 #02 #03").unwrap();
        assert!(!w.check(t0 + INTERVAL * 2));
        assert!(w.check(t0 + INTERVAL * 3));
    }
}
