//! Pitch: single-cycle buffers give the note's frequency, longer samples are stepped at
//! 44 100 · 2^((note − 60)/12) bytes per second.

use super::{Play, Rig, SAMPLE, SQUARE, side};

/// Frequency of `samples` at `rate` from the first and last upward zero crossings.
fn frequency(samples: &[i16], rate: f64) -> f64 {
    let rises: Vec<usize> = (1..samples.len())
        .filter(|&i| samples[i - 1] < 0 && samples[i] >= 0)
        .collect();
    assert!(rises.len() > 2, "no tone in the output");
    let (first, last) = (rises[0], rises[rises.len() - 1]);
    (rises.len() - 1) as f64 * rate / (last - first) as f64
}

/// Plays `wave` as a looping single-cycle note for `seconds` and measures its frequency.
fn tone(wave: &[u8], pitch: u8, seconds: usize) -> f64 {
    let mut rig = Rig::new();
    rig.load(SAMPLE, wave);
    rig.play(0, Play::looping(wave.len() as u16, pitch));
    frequency(&side(&rig.render(44_100 * seconds), 0), 44_100.0)
}

fn equal_tempered(note: u8) -> f64 {
    440.0 * 2f64.powf((f64::from(note) - 69.0) / 12.0)
}

#[test]
fn single_cycle_notes_sound_at_their_frequency() {
    // Measured on the reference with a 16-byte square wave.
    for (note, measured) in [(0x45, 440.6), (0x3c, 262.0), (0x48, 524.0)] {
        let f = tone(&SQUARE, note, 1);
        assert!(
            (f - measured).abs() < 1.0,
            "note {note:#x}: {f} Hz, reference {measured}"
        );
        let ideal = equal_tempered(note);
        assert!(
            (f / ideal - 1.0).abs() < 0.002,
            "note {note:#x}: {f} Hz, ideal {ideal}"
        );
    }
}

#[test]
fn single_cycle_frequency_does_not_depend_on_the_length() {
    let long: Vec<u8> = [[0xff; 128], [0x00; 128]].concat();
    let short = [0xff, 0xff, 0x00, 0x00];
    let f16 = tone(&SQUARE, 0x45, 1);
    for wave in [&long[..], &short[..]] {
        let f = tone(wave, 0x45, 1);
        assert!(
            (f - f16).abs() < 0.5,
            "{} bytes: {f} Hz vs {f16} Hz",
            wave.len()
        );
    }
}

#[test]
fn note_zero_is_a_very_low_tone_not_silence() {
    let f = tone(&SQUARE, 0x00, 3);
    let ideal = equal_tempered(0);
    assert!((f - ideal).abs() < 0.1, "{f} Hz, ideal {ideal}");
}

/// Renders one frame at a time until the note ends; returns the frame it ended in
/// (1-based) and the output up to then.
fn frames_until_end(rig: &mut Rig, limit: usize) -> (usize, Vec<i16>) {
    let mut heard = Vec::new();
    for frame in 1..=limit {
        heard.extend(rig.render(1));
        if rig.audio.take_finished() == [0] {
            return (frame, heard);
        }
    }
    panic!("the note did not end within {limit} frames");
}

/// A 1000-byte sample whose bytes all differ from their neighbours.
fn ramp() -> Vec<u8> {
    (0..1000u32).map(|i| (i * 7 % 251) as u8 | 1).collect()
}

#[test]
fn sample_mode_plays_middle_c_one_byte_per_frame() {
    let mut rig = Rig::new();
    let sample = ramp();
    rig.load(SAMPLE, &sample);
    rig.play(0, Play::once(1000, 0x3c));
    let (end, heard) = frames_until_end(&mut rig, 2000);
    assert_eq!(end, 1000);
    // The position advances before each frame is played, so byte 0 is skipped.
    let left = side(&heard, 0);
    for (k, &v) in left.iter().take(999).enumerate() {
        assert_eq!(
            v,
            super::expected(sample[k + 1], super::FULL, 15),
            "frame {k}"
        );
    }
    assert_eq!(left[999], 0);
}

#[test]
fn sample_mode_plays_an_octave_up_at_double_speed() {
    let mut rig = Rig::new();
    let sample = ramp();
    rig.load(SAMPLE, &sample);
    rig.play(0, Play::once(1000, 0x48));
    let (end, heard) = frames_until_end(&mut rig, 2000);
    assert_eq!(end, 500);
    let left = side(&heard, 0);
    for (k, &v) in left.iter().take(499).enumerate() {
        assert_eq!(
            v,
            super::expected(sample[2 * k + 2], super::FULL, 15),
            "frame {k}"
        );
    }
}

#[test]
fn lengths_up_to_256_are_single_cycle_and_longer_ones_are_samples() {
    let mut rig = Rig::new();
    // Note 60 steps a 257-byte sample once per frame …
    rig.play(0, Play::looping(257, 0x3c));
    // … but goes through a 256-byte cycle 261.7 times a second: 1.52 bytes per frame.
    rig.play(1, Play::looping(256, 0x3c));
    rig.render(100);
    assert_eq!(rig.dei2(0x32), 100);
    assert_eq!(rig.dei2(0x42), 151);
}
