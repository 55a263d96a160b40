//! Host sample rates other than the model's, render_f32, and several outputs.

use super::{Play, Rig, SAMPLE, SQUARE, side};

#[test]
fn at_48_khz_a_tone_keeps_its_pitch() {
    let mut rig = Rig::new();
    rig.out = rig.audio.output(48_000);
    assert_eq!(rig.out.sample_rate(), 48_000);
    rig.load(SAMPLE, &SQUARE);
    rig.play(0, Play::looping(16, 0x45));
    let left = side(&rig.render(48_000), 0);
    let rises: Vec<usize> = (1..left.len())
        .filter(|&i| left[i - 1] < 0 && left[i] >= 0)
        .collect();
    let f = (rises.len() - 1) as f64 * 48_000.0 / (rises[rises.len() - 1] - rises[0]) as f64;
    assert!((f - 440.16).abs() < 0.1, "{f} Hz");
}

#[test]
fn at_other_rates_a_sample_lasts_as_long_in_seconds() {
    for rate in [22_050, 48_000, 96_000] {
        let mut rig = Rig::new();
        rig.out = rig.audio.output(rate);
        rig.load(SAMPLE, &[0xff; 1000]);
        rig.play(0, Play::once(1000, 0x3c));
        let left = side(&rig.render(rate as usize), 0);
        let sounding = left.iter().filter(|&&v| v != 0).count();
        let expected = 999 * rate as usize / 44_100;
        assert!(
            sounding.abs_diff(expected) <= 2,
            "{rate} Hz: {sounding} frames, ~{expected}"
        );
        assert_eq!(rig.audio.take_finished(), [0]);
    }
}

#[test]
fn resampling_interpolates_between_model_frames() {
    let mut rig = Rig::new();
    rig.out = rig.audio.output(88_200);
    let mut sample = vec![0x80; 600];
    sample[1] = 0xc0;
    sample[2] = 0x40;
    rig.load(SAMPLE, &sample);
    rig.play(0, Play::once(600, 0x3c));
    let left = side(&rig.render(8), 0);
    let (hi, lo) = (
        super::expected(0xc0, super::FULL, 15),
        super::expected(0x40, super::FULL, 15),
    );
    // Two output frames per model frame: each model frame, then the midpoint to the next.
    assert_eq!(left[..6], [hi, (hi + lo) / 2, lo, lo / 2, 0, 0]);
}

#[test]
fn render_f32_is_render_scaled() {
    let mut a = Rig::new();
    let mut b = Rig::new();
    for rig in [&mut a, &mut b] {
        rig.load(SAMPLE, &SQUARE);
        rig.play(
            0,
            Play {
                adsr: 0x1234,
                ..Play::looping(16, 0x45)
            },
        );
    }
    let ints = a.render(3000);
    let mut floats = vec![0.0; 6000];
    b.out.render_f32(&mut floats);
    assert!(ints.iter().any(|&v| v != 0));
    for (i, f) in ints.iter().zip(&floats) {
        assert_eq!(f32::from(*i) / 32768.0, *f);
    }
}

#[test]
fn an_odd_trailing_sample_is_zeroed() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &[0xff]);
    rig.play(0, Play::looping(1, 0x3c));
    let mut out = [0x55i16; 5];
    rig.out.render(&mut out);
    assert_eq!(out[4], 0);
    assert!(out[..4].iter().all(|&v| v > 0));
}

#[test]
fn rate_zero_means_the_model_rate() {
    let rig = Rig::new();
    assert_eq!(rig.audio.output(0).sample_rate(), 44_100);
}

#[test]
fn the_newest_output_drives_and_older_ones_fall_silent() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &[0xff; 16]);
    rig.play(0, Play::looping(0x1000, 0x3c));
    rig.render(300);
    let mut old = std::mem::replace(&mut rig.out, rig.audio.output(44_100));
    let mut buf = [1i16; 200];
    old.render(&mut buf);
    assert!(
        buf.iter().all(|&v| v == 0),
        "the older output renders silence"
    );
    assert_eq!(rig.dei2(0x32), 300, "and does not advance the model");
    assert!(rig.render(100).iter().all(|&v| v != 0));
    assert_eq!(rig.dei2(0x32), 400, "the newer one continues the note");
}
