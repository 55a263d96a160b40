//! `--watch`: notices when the running ROM's file (`.rom` or `.tal`) changes on disk.
//!
//! The file's modification time and size are polled twice a second rather than
//! subscribed to: editors save by writing in place, by renaming a new file over the old
//! one or by deleting and recreating it, and a poll sees all of these the same way. A
//! change is reported once the file has stayed the same for one more poll, so a file
//! caught half-written is not loaded. The polls run on a thread of their own, since
//! even looking at a file can take long (a stuck network mount) and the window must not
//! wait for it; the thread wakes the event loop only when there is something to reload.

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, SystemTime};

pub const INTERVAL: Duration = Duration::from_millis(500);

/// What a poll saw; `None` when the file could not be read (e.g. mid-save).
pub type Stamp = Option<(SystemTime, u64)>;

pub fn stamp(path: &Path) -> Stamp {
    stamp_of(&fs::metadata(path).ok()?)
}

pub fn stamp_of(meta: &Metadata) -> Stamp {
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

/// Polls one file at [`INTERVAL`] on its own thread, which ends soon after the watcher
/// is dropped or once the change cannot be told any more.
pub struct Watcher {
    stop: Arc<AtomicBool>,
}

impl Watcher {
    /// Watches `path`, whose running version was read with the stamp `loaded`, and calls
    /// `changed` on the watching thread each time a new version has settled; `changed`
    /// returns false when nobody listens any more (the event loop has ended).
    pub fn new(
        path: PathBuf,
        loaded: Stamp,
        changed: impl Fn() -> bool + Send + 'static,
    ) -> Watcher {
        Watcher::every(INTERVAL, path, loaded, changed)
    }

    fn every(
        interval: Duration,
        path: PathBuf,
        loaded: Stamp,
        changed: impl Fn() -> bool + Send + 'static,
    ) -> Watcher {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let name = path.display().to_string();
        let spawned = thread::Builder::new().name("watch".into()).spawn(move || {
            let mut settle = Settle::new(loaded);
            loop {
                thread::sleep(interval);
                if stopped.load(Ordering::Relaxed) {
                    return;
                }
                if settle.poll(stamp(&path)) && !changed() {
                    return;
                }
            }
        });
        if let Err(err) = spawned {
            say!("uxnemu: cannot watch {name}: {err}");
        }
        Watcher { stop }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
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
        let tick = Duration::from_millis(10);
        let (sender, changes) = std::sync::mpsc::channel();
        let watcher = Watcher::every(tick, path.clone(), stamp(&path), move || {
            sender.send(()).is_ok()
        });
        assert!(changes.recv_timeout(tick * 10).is_err(), "unchanged");
        fs::write(&path, b"|0100 #01 #02 #03").unwrap();
        assert!(
            changes.recv_timeout(Duration::from_secs(10)).is_ok(),
            "no change seen"
        );
        assert!(changes.recv_timeout(tick * 10).is_err(), "reported once");
        // Dropped, it says nothing more.
        drop(watcher);
        thread::sleep(tick * 2);
        fs::write(&path, b"|0100 #04").unwrap();
        assert!(changes.recv_timeout(tick * 10).is_err(), "stopped");
    }
}
