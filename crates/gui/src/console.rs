//! Standard input → Console events: a thread reads stdin and hands the bytes to the
//! event loop as they come, then reports the end once (emulator.md §10). It stays at
//! most [`AHEAD`] bytes ahead of what the machine has taken, so piping a large file
//! in does not pile it all up in memory.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

/// Bytes read but not yet taken by the machine before the reader waits.
const AHEAD: u64 = 64 * 1024;

pub enum Stdin {
    Bytes(Vec<u8>),
    End,
}

/// Starts the reader. `taken` is kept up to date by the event loop: how many bytes the
/// machine has taken (or dropped) so far.
pub fn spawn(taken: Arc<AtomicU64>, send: impl Fn(Stdin) -> bool + Send + 'static) {
    let spawned = thread::Builder::new().name("stdin".into()).spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buf = [0u8; 4096];
        let mut sent: u64 = 0;
        loop {
            // The same pace as the reference's full event queue: look again every 25 ms.
            while sent.saturating_sub(taken.load(Ordering::Relaxed)) > AHEAD {
                thread::sleep(Duration::from_millis(25));
            }
            match stdin.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    sent += n as u64;
                    // `false`: the event loop is gone, nobody listens any more.
                    if !send(Stdin::Bytes(buf[..n].to_vec())) {
                        return;
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        send(Stdin::End);
    });
    if let Err(err) = spawned {
        say!("console: cannot read standard input ({err})");
    }
}
