//! Linear resampling from the model rate to the host's rate.

use super::handoff::Shared;
use super::mixer::{BLOCK, Mixer};
use super::model::MODEL_RATE;

/// One in 32.32 fixed point.
const ONE: u64 = 1 << 32;

/// Interpolates between neighbouring model frames, rendering the model only as far as
/// the output needs it (one frame ahead), so commands take effect as soon as at the
/// model rate.
#[derive(Debug)]
pub(crate) struct Resampler {
    /// Model frames per output frame, 32.32 fixed point.
    step: u64,
    /// Position between `prev` and `next`, below `ONE`.
    phase: u64,
    prev: [i16; 2],
    next: [i16; 2],
    /// Whether `prev` and `next` hold model frames yet.
    primed: bool,
    /// Model frames rendered but not used yet: `buf[at..filled]`, interleaved.
    buf: Box<[i16]>,
    at: usize,
    filled: usize,
    /// Model frames the current `render` call still has to pull.
    due: u64,
}

impl Resampler {
    pub(crate) fn new(rate: u32) -> Resampler {
        Resampler {
            step: (u64::from(MODEL_RATE) << 32) / u64::from(rate.max(1)),
            phase: 0,
            prev: [0; 2],
            next: [0; 2],
            primed: false,
            buf: vec![0; BLOCK * 2].into_boxed_slice(),
            at: 0,
            filled: 0,
            due: 0,
        }
    }

    /// Fills interleaved stereo `out` (an even length).
    pub(crate) fn render(&mut self, mixer: &mut Mixer, shared: &Shared, out: &mut [i16]) {
        let frames = (out.len() / 2) as u64;
        if frames == 0 {
            return;
        }
        self.due = (self.phase + frames * self.step) >> 32;
        if !self.primed {
            // Output frame 0 is model frame 0: no added latency.
            self.due += 2;
            self.prev = self.pull(mixer, shared);
            self.next = self.pull(mixer, shared);
            self.primed = true;
        }
        for frame in out.chunks_exact_mut(2) {
            let t = (self.phase >> 16) as i64;
            for (side, sample) in frame.iter_mut().enumerate() {
                let a = i64::from(self.prev[side]);
                let b = i64::from(self.next[side]);
                *sample = (a + (((b - a) * t) >> 16)) as i16;
            }
            self.phase += self.step;
            while self.phase >= ONE {
                self.phase -= ONE;
                self.prev = self.next;
                self.next = self.pull(mixer, shared);
            }
        }
    }

    fn pull(&mut self, mixer: &mut Mixer, shared: &Shared) -> [i16; 2] {
        if self.at >= self.filled {
            let frames = self.due.clamp(1, BLOCK as u64) as usize;
            self.due = self.due.saturating_sub(frames as u64);
            self.filled = frames * 2;
            self.at = 0;
            mixer.render(shared, &mut self.buf[..self.filled]);
        }
        let frame = [self.buf[self.at], self.buf[self.at + 1]];
        self.at += 2;
        frame
    }
}
