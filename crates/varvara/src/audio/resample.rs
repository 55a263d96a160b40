//! Conversion of the model's 44 100 Hz blocks to a sound card's rate.
//!
//! Two converters, compared by `cargo run --release -p varvara --example audio_resamplers`
//! (aliasing of a high note against an ideal band-limited reference, and CPU time):
//!
//! * [`Method::Fft`]: `rubato`'s synchronous FFT resampler, a band-limited converter that
//!   filters out the images above the lower of the two Nyquist frequencies. The one the
//!   desktop app uses.
//! * [`Method::Linear`]: straight lines between neighbouring model frames. Cheaper, but
//!   every harmonic near the top of the band comes back as an audible alias.
//!
//! At the model rate itself nothing is converted: the host gets the model's samples.

use audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler as _};

use super::{FRAME_SAMPLES, MODEL_RATE};

/// How to convert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `rubato`'s FFT resampler.
    Fft,
    /// Linear interpolation.
    Linear,
}

/// Converts a stream of model blocks ([`FRAME_SAMPLES`] interleaved stereo frames each)
/// to another rate, block by block.
pub struct Resampler {
    kind: Kind,
}

enum Kind {
    Fft(Box<FftConverter>),
    Linear(Linear),
}

impl Resampler {
    /// A converter from [`MODEL_RATE`] to `rate` (which must not be 0).
    pub fn new(rate: u32, method: Method) -> Resampler {
        let kind = match method {
            Method::Fft => match FftConverter::new(rate) {
                Some(fft) => Kind::Fft(Box::new(fft)),
                // Rates rubato refuses (none in practice) still get sound.
                None => Kind::Linear(Linear::new(rate)),
            },
            Method::Linear => Kind::Linear(Linear::new(rate)),
        };
        Resampler { kind }
    }

    /// Output frames by which the converter delays its input.
    pub fn delay(&self) -> usize {
        match &self.kind {
            Kind::Fft(fft) => fft.fft.output_delay(),
            Kind::Linear(_) => 0,
        }
    }

    /// Converts one block of model frames (`input.len()` must be `2 · FRAME_SAMPLES`),
    /// appending the frames at the new rate to `out`.
    pub fn process(&mut self, input: &[i16], out: &mut Vec<i16>) {
        match &mut self.kind {
            Kind::Fft(fft) => fft.process(input, out),
            Kind::Linear(linear) => linear.process(input, out),
        }
    }
}

/// `rubato`'s FFT resampler with its buffers. Its chunks on both sides are fixed, as
/// whole multiples of the two rates' smallest ratio (147 → 160 frames for 48 kHz), so
/// that each call turns out the same amount of sound; model frames wait in `pending`
/// until a chunk is full.
struct FftConverter {
    fft: Fft<f32>,
    /// Model frames not converted yet, interleaved, as −1..1.
    pending: Vec<f32>,
    output: Vec<f32>,
}

impl FftConverter {
    fn new(rate: u32) -> Option<FftConverter> {
        let fft = Fft::<f32>::new(
            MODEL_RATE as usize,
            rate as usize,
            FRAME_SAMPLES,
            2,
            FixedSync::Both,
        )
        .ok()?;
        let output = vec![0.0; fft.output_frames_max() * 2];
        Some(FftConverter {
            pending: Vec::with_capacity(2 * (fft.input_frames_max() + FRAME_SAMPLES)),
            fft,
            output,
        })
    }

    fn process(&mut self, input: &[i16], out: &mut Vec<i16>) {
        self.pending
            .extend(input.iter().map(|&s| f32::from(s) / 32768.0));
        loop {
            let needed = self.fft.input_frames_next();
            if self.pending.len() < needed * 2 {
                return;
            }
            let frames_out = self.output.len() / 2;
            let (Ok(source), Ok(mut sink)) = (
                InterleavedSlice::new(&self.pending, 2, needed),
                InterleavedSlice::new_mut(&mut self.output, 2, frames_out),
            ) else {
                return;
            };
            // The buffers are sized from the resampler's own figures: it cannot fail.
            let Ok((read, written)) = self.fft.process_into_buffer(&source, &mut sink, None) else {
                return;
            };
            out.extend(
                self.output[..written * 2]
                    .iter()
                    .map(|&f| (f * 32768.0).round().clamp(-32768.0, 32767.0) as i16),
            );
            self.pending.drain(..read * 2);
        }
    }
}

/// One in 32.32 fixed point.
const ONE: u64 = 1 << 32;

/// Linear interpolation between model frames; output frame 0 is model frame 0.
struct Linear {
    /// Model frames per output frame, 32.32 fixed point.
    step: u64,
    /// Position of the next output frame, in model frames counted from `prev` (the last
    /// frame of the previous block).
    pos: u64,
    prev: [i16; 2],
}

impl Linear {
    fn new(rate: u32) -> Linear {
        Linear {
            step: (u64::from(MODEL_RATE) << 32) / u64::from(rate.max(1)),
            pos: ONE,
            prev: [0; 2],
        }
    }

    fn process(&mut self, input: &[i16], out: &mut Vec<i16>) {
        let frames = input.len() / 2;
        if frames == 0 {
            return;
        }
        let frame = |i: usize| -> [i16; 2] {
            if i == 0 {
                self.prev
            } else {
                [input[2 * i - 2], input[2 * i - 1]]
            }
        };
        // Frames 0 (prev) ..= frames are available: interpolate up to the last one.
        while (self.pos >> 32) < frames as u64 {
            let i = (self.pos >> 32) as usize;
            let t = ((self.pos & (ONE - 1)) >> 16) as i64;
            let (a, b) = (frame(i), frame(i + 1));
            for side in 0..2 {
                let (a, b) = (i64::from(a[side]), i64::from(b[side]));
                out.push((a + (((b - a) * t) >> 16)) as i16);
            }
            self.pos += self.step;
        }
        self.pos -= (frames as u64) << 32;
        self.prev = frame(frames);
    }
}
