//! How well and how fast each resampler converts the model's 44 100 Hz sound to 48 kHz.
//!
//! Quality: signal-to-error ratio (dB) against an ideal band-limited resampling of the
//! same 44 100 Hz samples, in the audible band (both low-passed at 20 kHz), over one
//! second after a 100 ms start. The error is what the converter adds there: images of
//! the spectrum folded back as aliases, and droop. Signals: pure tones, and high notes
//! of the model (a 16-byte square cycle, whose harmonics fill the band). The filters
//! are windowed sincs of 2 × 256 taps (Blackman–Harris) computed in f64; each converter
//! is aligned with the reference at the delay that fits best.
//!
//! Cost: CPU time to convert one second of stereo, best of 5.
//!
//! Usage: `cargo run --release -p varvara --example audio_resamplers`

use std::f64::consts::{PI, TAU};
use std::hint::black_box;
use std::time::{Duration, Instant};

use varvara::{Config, FRAME_SAMPLES, MODEL_RATE, ResampleMethod, Resampler, Varvara};

const RATE: u32 = 48_000;
const SECONDS: usize = 2;
const SKIP: usize = RATE as usize / 10;
const TAPS: i64 = 256;
/// The top of the band compared: what can be heard.
const AUDIBLE: f64 = 20_000.0;

/// The left channel of the model playing `pitch` on a 16-byte square cycle, volume f.
fn model_note(pitch: u8) -> Vec<f64> {
    let tal = format!(
        "|30 @Audio0 &vector $2 &position $2 &output $1 &pad $3 &adsr $2 &length $2 &addr $2 &volume $1 &pitch $1 \
         |0100 #0010 .Audio0/length DEO2 ;square .Audio0/addr DEO2 #ff .Audio0/volume DEO #{pitch:02x} .Audio0/pitch DEO BRK \
         @square ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00"
    );
    let rom = uxn_asm::assemble(tal.as_bytes(), "note.tal")
        .expect("assembles")
        .rom;
    let mut vm = Varvara::new(Config::gui());
    vm.load(&rom, false).expect("loads");
    vm.boot();
    let mut left = Vec::new();
    for _ in 0..60 * SECONDS {
        vm.frame();
        let block = vm.take_audio().expect("a block");
        left.extend(block.iter().step_by(2).map(|&s| f64::from(s)));
    }
    left
}

/// A pure tone at `hz`, amplitude 16 000, rounded to 16 bits as the model's are.
fn tone(hz: f64) -> Vec<f64> {
    (0..MODEL_RATE as usize * SECONDS)
        .map(|n| (16_000.0 * (TAU * hz * n as f64 / f64::from(MODEL_RATE)).sin()).round())
        .collect()
}

/// A windowed sinc low-pass over ±TAPS samples, tabulated finely enough to
/// interpolate: `cutoff` is the cut-off over half the sampling rate.
struct Kernel {
    table: Vec<f64>,
}

impl Kernel {
    const STEPS: i64 = 1024;

    fn new(cutoff: f64) -> Kernel {
        let table = (0..=2 * TAPS * Self::STEPS)
            .map(|i| {
                let d = i as f64 / Self::STEPS as f64 - TAPS as f64;
                let x = PI * cutoff * d;
                let sinc = if x.abs() < 1e-12 { 1.0 } else { x.sin() / x };
                // Blackman–Harris window.
                let w = (d / TAPS as f64 + 1.0) / 2.0;
                let window = 0.35875 - 0.48829 * (TAU * w).cos() + 0.14128 * (2.0 * TAU * w).cos()
                    - 0.01168 * (3.0 * TAU * w).cos();
                cutoff * sinc * window
            })
            .collect();
        Kernel { table }
    }

    fn at(&self, d: f64) -> f64 {
        let x = (d + TAPS as f64) * Self::STEPS as f64;
        if x < 0.0 {
            return 0.0;
        }
        let i = x.floor() as usize;
        if i + 1 >= self.table.len() {
            return 0.0;
        }
        let f = x - i as f64;
        self.table[i] * (1.0 - f) + self.table[i + 1] * f
    }

    /// `signal` filtered by this kernel at (fractional) position `t`.
    fn apply(&self, signal: &[f64], t: f64) -> f64 {
        let centre = t.floor() as i64;
        ((centre - TAPS + 1).max(0)..=(centre + TAPS).min(signal.len() as i64 - 1))
            .map(|k| signal[k as usize] * self.at(t - k as f64))
            .sum()
    }
}

/// Runs `x` through a converter in model blocks; returns the output and its delay.
fn convert(x: &[f64], method: ResampleMethod) -> (Vec<f64>, usize) {
    let mut resampler = Resampler::new(RATE, method);
    let mut out = Vec::new();
    for chunk in x.chunks(FRAME_SAMPLES) {
        let block: Vec<i16> = chunk.iter().flat_map(|&s| [s as i16, s as i16]).collect();
        resampler.process(&block, &mut out);
    }
    (
        out.iter().step_by(2).map(|&s| f64::from(s)).collect(),
        resampler.delay(),
    )
}

/// Signal-to-error ratio in dB of `y` against the ideal resampling of `x`, both
/// limited to the audible band (up to 20 kHz), at the delay near `delay` (output
/// frames) that fits best.
fn snr(x: &[f64], y: &[f64], delay: usize) -> f64 {
    let input = Kernel::new(2.0 * AUDIBLE / f64::from(MODEL_RATE));
    let output = Kernel::new(2.0 * AUDIBLE / f64::from(RATE));
    let frames: Vec<usize> = (SKIP..SKIP + RATE as usize).step_by(11).collect();
    let heard: Vec<f64> = frames.iter().map(|&m| output.apply(y, m as f64)).collect();
    let ratio = f64::from(MODEL_RATE) / f64::from(RATE);
    let at = |shift: f64| {
        let (mut signal, mut error) = (0.0, 0.0);
        for (&m, &v) in frames.iter().zip(&heard) {
            let r = input.apply(x, (m as f64 - shift) * ratio);
            signal += r * r;
            error += (v - r) * (v - r);
        }
        10.0 * (signal / error).log10()
    };
    // The error is smooth in the delay: narrow it down by ternary search.
    let (mut lo, mut hi) = (delay as f64 - 1.0, delay as f64 + 1.0);
    for _ in 0..24 {
        let (a, b) = (lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0);
        if at(a) < at(b) {
            lo = a;
        } else {
            hi = b;
        }
    }
    at((lo + hi) / 2.0)
}

fn cost(method: ResampleMethod) -> Duration {
    let block: Vec<i16> = (0..FRAME_SAMPLES * 2)
        .map(|i| ((i * 7919) % 20_000) as i16 - 10_000)
        .collect();
    let mut resampler = Resampler::new(RATE, method);
    let mut out = Vec::with_capacity(2 * RATE as usize + 4096);
    (0..5)
        .map(|_| {
            out.clear();
            let start = Instant::now();
            for _ in 0..60 {
                resampler.process(&block, &mut out);
            }
            black_box(out.len());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let methods = [ResampleMethod::Fft, ResampleMethod::Linear];
    println!(
        "# 44100 -> {RATE} Hz: signal-to-error ratio below 20 kHz against ideal resampling (dB; higher is better)"
    );
    println!("{:<34} {:>10} {:>10}", "signal", "fft", "linear");
    let mut signals: Vec<(String, Vec<f64>)> = [1_000.0, 5_000.0, 10_000.0, 15_000.0, 19_000.0]
        .iter()
        .map(|&hz| (format!("tone {hz} Hz"), tone(hz)))
        .collect();
    for (pitch, name) in [(0x45, "A4"), (0x51, "A5"), (0x5d, "A6"), (0x69, "A7")] {
        signals.push((
            format!("model square note {pitch:02x} ({name})"),
            model_note(pitch),
        ));
    }
    for (name, x) in &signals {
        let row: Vec<f64> = methods
            .iter()
            .map(|&m| {
                let (y, delay) = convert(x, m);
                snr(x, &y, delay)
            })
            .collect();
        println!("{name:<34} {:>10.1} {:>10.1}", row[0], row[1]);
    }
    println!();
    println!("# CPU time to convert one second of stereo (best of 5), and delay");
    for method in methods {
        let resampler = Resampler::new(RATE, method);
        println!(
            "{:<8} {:>8.3} ms   delay {} frames ({:.1} ms)",
            format!("{method:?}").to_lowercase(),
            cost(method).as_secs_f64() * 1e3,
            resampler.delay(),
            resampler.delay() as f64 * 1e3 / f64::from(RATE)
        );
    }
}
