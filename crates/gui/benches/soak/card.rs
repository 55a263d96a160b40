//! A sound card without sound hardware, with a real clock.
//!
//! ALSA's `null` PCM takes samples as fast as they come: a callback runs again the moment
//! the last one returns, so the app's frames would follow it at hundreds per second and
//! underruns would mean nothing. Here the app's default PCM converts to 32-bit float
//! stereo at 44.1 kHz (`plug`) and writes into a FIFO (`file` plugin, over `null`), and
//! this module reads the FIFO at 44 100 frames a second, 512 frames (one 4 KiB page) at a
//! time. A pipe frees room a page at a time, so each of the app's 512-frame callbacks
//! waits for one read: callbacks come every 11.6 ms, as from a card with 512-frame periods.
//! The pipe holds up to 16 pages (186 ms) ahead of the clock.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Frames a second.
const RATE: u64 = 44_100;
/// Bytes of one frame: two 32-bit floats.
const FRAME_BYTES: u64 = 8;
/// One read: 512 frames, a page of the pipe.
const READ_BYTES: usize = 4096;

/// The ALSA configuration (for `ALSA_CONFIG_PATH`, which replaces all of alsa-lib's own)
/// that makes the default PCM write into `fifo`.
pub fn alsa_config(fifo: &Path) -> String {
    format!(
        "pcm.!default {{ type plug slave {{ pcm \"fifo\" format FLOAT_LE rate {RATE} channels 2 }} }}\n\
         pcm.fifo {{ type file slave.pcm \"discard\" file \"{}\" format \"raw\" }}\n\
         pcm.discard {{ type null }}\n",
        fifo.display()
    )
}

/// What the card has taken so far.
#[derive(Default)]
pub struct Played {
    bytes: AtomicU64,
    opens: AtomicU64,
}

impl Played {
    /// Seconds of sound the card has played.
    pub fn seconds(&self) -> f64 {
        self.bytes.load(Ordering::Relaxed) as f64 / (RATE * FRAME_BYTES) as f64
    }

    /// How many times the app opened the card.
    pub fn opens(&self) -> u64 {
        self.opens.load(Ordering::Relaxed)
    }
}

/// Makes the FIFO and starts the thread that plays it; the thread lasts as long as the
/// process.
pub fn start(fifo: PathBuf) -> Result<Arc<Played>, String> {
    crate::files::mkfifo(&fifo)?;
    let played = Arc::new(Played::default());
    let counts = Arc::clone(&played);
    thread::Builder::new()
        .name("card".into())
        .spawn(move || {
            // Each open by the app is one stream; it ends when the app closes the PCM.
            while let Ok(stream) = File::open(&fifo) {
                counts.opens.fetch_add(1, Ordering::Relaxed);
                play(stream, &counts.bytes);
            }
        })
        .map_err(|e| format!("cannot start the card thread: {e}"))?;
    Ok(played)
}

/// Reads `stream` at the card's rate until it ends.
fn play(mut stream: File, bytes: &AtomicU64) {
    let start = Instant::now();
    let mut taken: u64 = 0;
    let mut buffer = [0u8; READ_BYTES];
    loop {
        let due = start + Duration::from_nanos(taken * 1_000_000_000 / (RATE * FRAME_BYTES));
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            thread::sleep(wait);
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                taken += n as u64;
                bytes.fetch_add(n as u64, Ordering::Relaxed);
            }
        }
    }
}
