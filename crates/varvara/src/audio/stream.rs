//! From the machine's thread to a sound card's callback: a short lock-free ring, and the
//! pacing of frames by the card's clock.
//!
//! [`AudioStream`] stays with the machine: after each frame the host hands it the block
//! the frame rendered ([`crate::Varvara::take_audio`]), converted to the card's rate if
//! that is not the model's. [`AudioSink`] goes to the card's callback, which only copies
//! out of the ring: when the ring holds less than asked for, the rest is silence and an
//! underrun is counted. The callback never waits for the machine, locks or allocates.
//!
//! # Pacing
//!
//! Blocks are only ever whole frames, so rendering ahead means running the next frame
//! early: the sound stays tied to frames and to the input that came before each one.
//! While the card pulls, the next frame is due when the sound queued for it falls below
//! one callback's worth plus one video frame ([`AudioStream::due_at`]): the queued sound
//! counts the ring and an estimate of what is left of the block the callback last took,
//! which falls smoothly at the card's rate. Frames thus follow the card's clock, not the
//! 60 Hz timer: no drift between the two clocks can fill the ring or empty it, the ring
//! never holds more than one callback's worth and two video frames, and after a stall
//! the machine catches up only that much, then plays on at the usual latency. The frame
//! of margin absorbs the host's wake-up delays (half a frame was measured to underrun
//! on a loaded two-core machine, see the `audio_stream` example). When the card stops
//! pulling (no callback for [`STALE`]), or asks for more than the ring was sized for
//! (see [`AudioStream::new`]), the host paces frames by the wall clock again; blocks
//! that do not fit then are dropped.
//!
//! A card's clock is trusted only within bounds: card-paced frames may run at most
//! [`LEAD`] ahead of a wall-clock schedule that allows cards up to 0.1 % fast. A device
//! without a clock of its own (ALSA's `null` device takes whatever it is given at once)
//! would otherwise run frames as fast as the machine can, and the ROM's time with them;
//! bounded, it gets frames at the video rate and underruns instead.
//!
//! # Time
//!
//! Apart from taking its origin when it is created, the stream never reads the clock:
//! both ends are told the time (`now`, never earlier than the stream's creation) by
//! their caller, which a host takes from [`Instant::now`] and a test from a clock of its
//! own. What the stream decides thus depends on the times given, not on how the threads
//! happen to be scheduled.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rtrb::{Consumer, Producer, RingBuffer};

use super::resample::{Method, Resampler};
use super::{FRAME_SAMPLES, MODEL_RATE};

/// A card that has not pulled for this long is not pacing frames.
pub const STALE: Duration = Duration::from_millis(250);

/// Callback size assumed until the first callback tells, for a card that did not say
/// (frames).
const DEFAULT_PULL: u32 = 1024;

/// Callbacks up to this size (frames) always fit in the ring, whatever size the card
/// announced: some change their callback size while they play.
const ROOM_PULL: u32 = 8192;

/// What both ends share besides the ring.
#[derive(Debug)]
struct Shared {
    /// Time origin of `pulled_at`.
    epoch: Instant,
    /// Nanoseconds after `epoch` of the last callback, plus one (0: none yet).
    pulled_at: AtomicU64,
    /// Frames the last callback asked for.
    pull_size: AtomicU32,
    /// Frames handed to the card so far, sound or silence.
    pulled: AtomicU64,
    underruns: AtomicU64,
    /// While set, the callback plays silence and leaves the ring alone.
    paused: AtomicBool,
}

/// The machine's end: queues each frame's sound and says when the next frame is due.
pub struct AudioStream {
    producer: Producer<i16>,
    shared: Arc<Shared>,
    rate: u32,
    resampler: Option<Resampler>,
    converted: Vec<i16>,
    /// Frames at the card's rate of one video frame (rounded up).
    frame_len: u32,
    /// The largest callback whose share of the queue the ring has room for (frames).
    max_pull: u32,
    dropped: u64,
}

/// The card's end, for its callback thread.
pub struct AudioSink {
    consumer: Consumer<i16>,
    shared: Arc<Shared>,
}

impl AudioStream {
    /// A stream to a card that plays `rate` frames per second (0 means the model rate),
    /// converting with `method` when that is not [`MODEL_RATE`], and that asks for
    /// `callback` frames per callback, if known (cpal tells once the device's stream is
    /// built). The ring is sized for that callback (at least 8192 frames, at most
    /// a second's worth). A card whose callbacks outgrow the ring cannot pace frames: they
    /// then follow the wall clock, as without a card, the card gets what the ring holds
    /// and an underrun for the rest, and blocks that do not fit are dropped.
    pub fn new(rate: u32, method: Method, callback: Option<u32>) -> (AudioStream, AudioSink) {
        let rate = if rate == 0 { MODEL_RATE } else { rate };
        let callback = callback.filter(|&n| n > 0);
        let frame_len =
            (FRAME_SAMPLES as u64 * u64::from(rate)).div_ceil(u64::from(MODEL_RATE)) as u32;
        let max_pull = callback.unwrap_or(0).min(rate).max(ROOM_PULL);
        // The longest queue pacing allows is a callback's share and two video frames;
        // two more frames leave room for the resampler's runs and the silence queued
        // ahead.
        let capacity = 2 * (max_pull as usize + 4 * frame_len as usize);
        let (producer, consumer) = RingBuffer::new(capacity);
        let shared = Arc::new(Shared {
            epoch: Instant::now(),
            pulled_at: AtomicU64::new(0),
            pull_size: AtomicU32::new(callback.unwrap_or(DEFAULT_PULL)),
            pulled: AtomicU64::new(0),
            underruns: AtomicU64::new(0),
            paused: AtomicBool::new(false),
        });
        let stream = AudioStream {
            producer,
            shared: Arc::clone(&shared),
            rate,
            resampler: (rate != MODEL_RATE).then(|| Resampler::new(rate, method)),
            converted: Vec::with_capacity(2 * (frame_len as usize + 64)),
            frame_len,
            max_pull,
            dropped: 0,
        };
        (stream, AudioSink { consumer, shared })
    }

    /// Frames per second at the card.
    pub fn rate(&self) -> u32 {
        self.rate
    }

    /// Queues one frame's block ([`FRAME_SAMPLES`] interleaved stereo frames at the
    /// model rate) at `now`. While the card does not pace frames, a block that would take
    /// the queue past one callback and two video frames is dropped whole. While it paces,
    /// it keeps the queue that short (give or take the resampler's output, which comes in
    /// runs of a few hundred frames), and every block is kept: dropping one would let the
    /// machine run ahead of the card.
    pub fn push(&mut self, block: &[i16], now: Instant) {
        let pacing = self.pacing(now);
        let samples = match &mut self.resampler {
            None => block,
            Some(resampler) => {
                self.converted.clear();
                resampler.process(block, &mut self.converted);
                &self.converted[..]
            }
        };
        let frames = samples.len() / 2;
        let over = (self.producer.buffer().capacity() - self.producer.slots()) / 2 + frames
            > self.limit() as usize;
        if (over && !pacing) || self.producer.push_entire_slice(samples).is_err() {
            self.dropped += 1;
        }
    }

    /// Queues `frames` frames of silence (before a card starts, so that its first
    /// callbacks find sound queued).
    pub fn push_silence(&mut self, frames: usize) {
        let free = self.producer.slots() / 2;
        let n = 2 * frames.min(free);
        if let Ok(chunk) = self.producer.write_chunk_uninit(n) {
            chunk.fill_from_iter(std::iter::repeat(0));
        }
    }

    /// Frames in the ring.
    pub fn queued(&self) -> usize {
        (self.producer.buffer().capacity() - self.producer.slots()) / 2
    }

    /// Most frames the ring may hold: the callback's share, plus two video frames.
    fn limit(&self) -> u32 {
        self.pull_share() + 2 * self.frame_len
    }

    /// Frames the last callback asked for.
    fn pull_size(&self) -> u32 {
        self.shared.pull_size.load(Ordering::Relaxed)
    }

    /// The callback's share of the queue: what it asks for, as far as the ring has room.
    fn pull_share(&self) -> u32 {
        self.pull_size().min(self.max_pull)
    }

    /// When the card last pulled, if it ever did.
    fn pulled_at(&self) -> Option<Instant> {
        match self.shared.pulled_at.load(Ordering::Acquire) {
            0 => None,
            ns => Some(self.shared.epoch + Duration::from_nanos(ns - 1)),
        }
    }

    /// Frames queued for the card and not yet played at `now`, estimated: the ring, and
    /// what is left of the last callback's block, which the card plays at its rate.
    pub(crate) fn buffered(&self, now: Instant) -> f64 {
        let playing = self.pulled_at().map_or(0.0, |at| {
            let played = now.saturating_duration_since(at).as_secs_f64() * f64::from(self.rate);
            (f64::from(self.pull_size()) - played).max(0.0)
        });
        self.queued() as f64 + playing
    }

    /// Whether the card pulled within [`STALE`] of `now`.
    pub(crate) fn live(&self, now: Instant) -> bool {
        self.pulled_at()
            .is_some_and(|at| now.saturating_duration_since(at) < STALE)
    }

    /// Whether the card paces frames at `now`: it pulls, and its callbacks fit in the ring.
    fn pacing(&self, now: Instant) -> bool {
        self.live(now) && self.pull_size() <= self.max_pull
    }

    /// The level below which the next frame is due: one callback's worth, and a video
    /// frame of margin for the host's wake-up delays.
    pub fn low_water(&self) -> f64 {
        f64::from(self.pull_share()) + f64::from(self.frame_len)
    }

    /// When the next frame is due to keep the card fed: now or later. `None` when the
    /// card is not pacing (or paused): the host then paces frames by the wall clock.
    pub fn due_at(&self, now: Instant) -> Option<Instant> {
        if !self.pacing(now) || self.shared.paused.load(Ordering::Relaxed) {
            return None;
        }
        let spare = self.buffered(now) - self.low_water();
        if spare <= 0.0 {
            Some(now)
        } else {
            Some(now + Duration::from_secs_f64(spare / f64::from(self.rate)))
        }
    }

    /// The card plays silence without taking from the queue while paused.
    pub fn set_paused(&self, paused: bool) {
        self.shared.paused.store(paused, Ordering::Relaxed);
    }

    /// Callbacks that found less sound queued than they needed.
    pub fn underruns(&self) -> u64 {
        self.shared.underruns.load(Ordering::Relaxed)
    }

    /// Frames the card has taken so far, sound or silence.
    pub fn pulled(&self) -> u64 {
        self.shared.pulled.load(Ordering::Relaxed)
    }

    /// Blocks dropped because the queue was full (see [`AudioStream::push`]).
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

impl AudioSink {
    /// Hands `frames` stereo frames to `write`, in order: what the ring holds, then
    /// silence; returns how many came from the ring. `now` is the time of the callback.
    /// Runs on the card's callback thread; never blocks or allocates.
    pub fn pull(&mut self, frames: usize, now: Instant, mut write: impl FnMut([i16; 2])) -> usize {
        let shared = &self.shared;
        let stamp = now.saturating_duration_since(shared.epoch).as_nanos() as u64 + 1;
        shared
            .pull_size
            .store(frames.min(u32::MAX as usize) as u32, Ordering::Relaxed);
        shared.pulled.fetch_add(frames as u64, Ordering::Relaxed);
        let mut given = 0;
        if !shared.paused.load(Ordering::Relaxed) {
            let available = self.consumer.slots() / 2;
            let n = frames.min(available);
            if let Ok(chunk) = self.consumer.read_chunk(2 * n) {
                let (a, b) = chunk.as_slices();
                // Frames never straddle the two slices: both hold whole frames.
                for pair in a.chunks_exact(2).chain(b.chunks_exact(2)) {
                    write([pair[0], pair[1]]);
                }
                chunk.commit_all();
                given = n;
            }
            if given < frames {
                shared.underruns.fetch_add(1, Ordering::Relaxed);
            }
        }
        for _ in given..frames {
            write([0, 0]);
        }
        shared.pulled_at.store(stamp, Ordering::Release);
        given
    }
}

/// The wall-clock frame period, 1/60 s.
pub const FRAME: Duration = Duration::from_nanos(1_000_000_000 / 60);

/// How far ahead of the wall clock card-paced frames may run: bursts of a card with
/// large callbacks fit, a card without a clock does not.
pub const LEAD: Duration = Duration::from_nanos(4 * 1_000_000_000 / 60);

/// The wall-clock schedule advances this much per card-paced frame: a little less than a
/// frame, so that a card up to 0.1 % fast never accumulates lead.
pub(crate) const CARD_STEP: Duration = Duration::from_nanos(999 * 1_000_000_000 / 60 / 1000);

/// Whether a host should run its next frame at `now`. While `stream`'s card pulls, that
/// is when the queued sound runs low (see the module documentation), but no more than
/// [`LEAD`] ahead of `next_tick`; otherwise it is `next_tick`, the 60 Hz wall-clock
/// tick, which this moves on (after a stall it starts again from now rather than running
/// the missed frames in a burst).
pub fn frame_due(now: Instant, next_tick: &mut Instant, stream: Option<&AudioStream>) -> bool {
    if let Some(at) = stream.and_then(|s| s.due_at(now)) {
        if now < at.max(earliest_paced(*next_tick)) {
            return false;
        }
        *next_tick = (*next_tick).max(now) + CARD_STEP;
        return true;
    }
    if now < *next_tick {
        return false;
    }
    *next_tick += FRAME;
    if *next_tick < now {
        *next_tick = now + FRAME;
    }
    true
}

/// When a host should look again whether a frame is due (see [`frame_due`]).
pub fn next_wake(now: Instant, next_tick: Instant, stream: Option<&AudioStream>) -> Instant {
    match stream.and_then(|s| s.due_at(now)) {
        Some(at) => at.max(earliest_paced(next_tick)),
        None => next_tick,
    }
}

/// The earliest a card-paced frame may run, given the wall-clock schedule.
fn earliest_paced(next_tick: Instant) -> Instant {
    next_tick.checked_sub(LEAD).unwrap_or(next_tick)
}
