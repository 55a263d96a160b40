//! Converting model blocks to other rates: pitch and duration are kept, linear output
//! lies between model frames, and the FFT converter's error against an ideal
//! band-limited resampling is far below linear interpolation's.

use super::{Play, Rig, SAMPLE, SQUARE, side};
use crate::audio::FRAME_SAMPLES;
use crate::audio::resample::{Method, Resampler};

const METHODS: [Method; 2] = [Method::Fft, Method::Linear];

/// Renders `blocks` model blocks of `rig` and converts them with `resampler`.
fn convert(rig: &mut Rig, resampler: &mut Resampler, blocks: usize) -> Vec<i16> {
    let mut out = Vec::new();
    for _ in 0..blocks {
        let block = rig.render(FRAME_SAMPLES);
        resampler.process(&block, &mut out);
    }
    out
}

fn rising_crossings(samples: &[i16]) -> Vec<usize> {
    (1..samples.len())
        .filter(|&i| samples[i - 1] < 0 && samples[i] >= 0)
        .collect()
}

#[test]
fn at_48_khz_a_tone_keeps_its_pitch() {
    for method in METHODS {
        let mut rig = Rig::new();
        rig.load(SAMPLE, &SQUARE);
        rig.play(0, Play::looping(16, 0x45));
        let mut resampler = Resampler::new(48_000, method);
        let left = side(&convert(&mut rig, &mut resampler, 60), 0);
        let rises = rising_crossings(&left[1000..]);
        let (first, last) = (rises[0], rises[rises.len() - 1]);
        let f = (rises.len() - 1) as f64 * 48_000.0 / (last - first) as f64;
        assert!((f - 440.16).abs() < 0.2, "{method:?}: {f} Hz");
    }
}

#[test]
fn every_block_becomes_its_share_of_the_new_rate() {
    for method in METHODS {
        for rate in [22_050, 48_000] {
            let mut resampler = Resampler::new(rate, method);
            let mut out = Vec::new();
            let mut second = || {
                out.clear();
                for _ in 0..60 {
                    resampler.process(&[0; FRAME_SAMPLES * 2], &mut out);
                }
                out.len() / 2
            };
            // The first second includes the converter's start-up delay; the next ones
            // show there is no drift (the FFT converter hands out whole sub-blocks of a
            // few hundred frames, so a second may end inside one).
            let first = second();
            let expected = rate as usize;
            assert!(first <= expected, "{method:?} at {rate} Hz: {first} frames");
            let next: usize = (0..3).map(|_| second()).sum();
            assert!(
                next.abs_diff(3 * expected) <= 256,
                "{method:?} at {rate} Hz: {next} frames for three seconds"
            );
        }
    }
}

#[test]
fn at_other_rates_a_sample_lasts_as_long_in_seconds() {
    for rate in [22_050, 48_000, 96_000] {
        let mut rig = Rig::new();
        rig.load(SAMPLE, &[0xff; 1000]);
        rig.play(0, Play::once(1000, 0x3c));
        let mut resampler = Resampler::new(rate, Method::Linear);
        let left = side(&convert(&mut rig, &mut resampler, 3), 0);
        let sounding = left.iter().filter(|&&v| v != 0).count();
        let expected = 999 * rate as usize / 44_100;
        assert!(
            sounding.abs_diff(expected) <= 2,
            "{rate} Hz: {sounding} frames, ~{expected}"
        );
    }
}

#[test]
fn linear_output_lies_between_model_frames() {
    let mut block = vec![0i16; FRAME_SAMPLES * 2];
    let (hi, lo) = (8000i16, -6000i16);
    block[0..4].copy_from_slice(&[hi, hi, lo, lo]);
    let mut resampler = Resampler::new(88_200, Method::Linear);
    let mut out = Vec::new();
    resampler.process(&block, &mut out);
    // Two output frames per model frame: each model frame, then the midpoint to the next.
    assert_eq!(side(&out, 0)[..6], [hi, (hi + lo) / 2, lo, lo / 2, 0, 0]);
}

/// Signal-to-error ratio in dB of converting a pure tone of `hz` from the model rate to
/// 48 kHz, against the same tone sampled at 48 kHz (its ideal band-limited resampling),
/// at the delay that fits best.
fn tone_snr(method: Method, hz: f64) -> f64 {
    let mut resampler = Resampler::new(48_000, method);
    let amplitude = 16_000.0;
    let mut out = Vec::new();
    for b in 0..30 {
        let block: Vec<i16> = (0..FRAME_SAMPLES)
            .flat_map(|i| {
                let n = (b * FRAME_SAMPLES + i) as f64;
                let s = (amplitude * (std::f64::consts::TAU * hz * n / 44_100.0).sin()) as i16;
                [s, s]
            })
            .collect();
        resampler.process(&block, &mut out);
    }
    // Skip the first 100 ms, where the converter fills up.
    let left = &side(&out, 0)[4800..];
    let snr = |delay: f64| {
        let (mut signal, mut error) = (0.0, 0.0);
        for (m, &v) in left.iter().enumerate() {
            let t = (m + 4800) as f64 - delay;
            let ideal = amplitude * (std::f64::consts::TAU * hz * t / 48_000.0).sin();
            signal += ideal * ideal;
            error += (f64::from(v) - ideal).powi(2);
        }
        10.0 * (signal / error).log10()
    };
    // The best delay to within a thousandth of a frame, near the reported one.
    let mut best = resampler.delay() as f64;
    for step in [0.1, 0.01, 0.001] {
        best = (-10..=10)
            .map(|k| best + f64::from(k) * step)
            .max_by(|&a, &b| snr(a).total_cmp(&snr(b)))
            .unwrap_or(best);
    }
    snr(best)
}

#[test]
fn the_fft_converter_leaves_far_fewer_aliases_than_linear() {
    for hz in [3_000.0, 12_000.0] {
        let fft = tone_snr(Method::Fft, hz);
        let linear = tone_snr(Method::Linear, hz);
        eprintln!("{hz}: fft {fft:.1} linear {linear:.1}");
        assert!(fft > 60.0, "{hz} Hz: fft {fft:.1} dB");
        assert!(
            fft > linear + 20.0,
            "{hz} Hz: fft {fft:.1} dB, linear {linear:.1} dB"
        );
    }
}
