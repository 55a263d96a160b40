//! The ADSR envelope: 0 → 100 % → 50 % → 50 % → 0 in sections of 1/15 s (2940 frames)
//! per unit, and the output level port that follows it.

use super::{FULL, Play, Rig, SAMPLE, expected, side};

/// A constant full-scale sample (one byte, single cycle) under envelope `adsr`.
fn enveloped(adsr: u16, frames: usize) -> (Rig, Vec<i16>) {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &[0xff]);
    rig.play(
        0,
        Play {
            adsr,
            ..Play::looping(1, 0x3c)
        },
    );
    let left = side(&rig.render(frames), 0);
    (rig, left)
}

#[test]
fn attack_decay_sustain_release() {
    // One unit per section: a = 2940, d = 5880, s = 8820, r = 11760 frames.
    let (mut rig, left) = enveloped(0x1111, 12_000);
    let at = |e: i32| expected(0xff, e, 15);
    // Frame k is played at age k.
    assert_eq!(left[0], 0);
    assert!(
        left[..=2940].windows(2).all(|w| w[0] <= w[1]),
        "attack rises"
    );
    assert_eq!(left[1470], at(FULL / 2));
    assert_eq!(left[2940], at(FULL), "peak at the end of the attack");
    assert!(
        left[2940..=5880].windows(2).all(|w| w[0] >= w[1]),
        "decay falls"
    );
    assert_eq!(left[4410], at(FULL * 3 / 4));
    assert!(
        left[5880..8820].iter().all(|&v| v == at(FULL / 2)),
        "sustain at 50 %"
    );
    assert!(
        left[8820..11760].windows(2).all(|w| w[0] >= w[1]),
        "release falls"
    );
    assert_eq!(left[10290], at(FULL / 4));
    assert_eq!(left[11759], 0);
    assert!(left[11760..].iter().all(|&v| v == 0));
    assert_eq!(
        rig.audio.take_finished(),
        [0],
        "the end of the release ends the note"
    );
    assert!(!rig.audio.active());
}

#[test]
fn sections_of_zero_length_are_skipped() {
    // Decay only: starts at 100 % and falls to 50 %, then the note ends.
    let (mut rig, left) = enveloped(0x0100, 3000);
    assert_eq!(left[0], expected(0xff, FULL, 15));
    assert_eq!(left[2939], expected(0xff, 0x444 * 2941 / 2940, 15));
    assert!(left[2940..].iter().all(|&v| v == 0));
    assert_eq!(rig.audio.take_finished(), [0]);
}

#[test]
fn ffff_lasts_four_seconds() {
    let (mut rig, _) = enveloped(0xffff, 4 * 44_100);
    assert!(rig.audio.active(), "still playing after 176 400 frames");
    assert!(rig.audio.take_finished().is_empty());
    rig.render(1);
    assert_eq!(rig.audio.take_finished(), [0]);
    assert!(!rig.audio.active());
}

#[test]
fn output_level_follows_the_attack() {
    // Measured on the reference: adsr 2000, volume 0f, read every 512 frames.
    let mut rig = Rig::new();
    rig.load(SAMPLE, &super::SQUARE);
    rig.play(
        0,
        Play {
            adsr: 0x2000,
            volume: 0x0f,
            ..Play::looping(16, 0x3c)
        },
    );
    assert_eq!(
        rig.dei(0x34),
        0x01,
        "age 0: envelope 0, but a side with volume reads ≥ 1"
    );
    let mut levels = Vec::new();
    for _ in 0..8 {
        rig.render(512);
        levels.push(rig.dei(0x34));
    }
    assert_eq!(levels, [0x02, 0x03, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0c]);
}

#[test]
fn output_level_of_both_sides_saturates_at_f() {
    let mut rig = Rig::new();
    rig.play(
        1,
        Play {
            volume: 0xf8,
            ..Play::looping(16, 0x3c)
        },
    );
    // No envelope: 1 + 0x888 · 15 / 0x800 = 16 → f; 1 + 0x888 · 8 / 0x800 = 9.
    assert_eq!(rig.dei(0x44), 0xf9);
    rig.render(1000);
    assert_eq!(rig.dei(0x44), 0xf9);
    rig.play(
        1,
        Play {
            volume: 0x00,
            ..Play::looping(16, 0x3c)
        },
    );
    assert_eq!(rig.dei(0x44), 0x00, "a side with volume 0 reads 0");
    assert!(rig.audio.active(), "but the channel plays");
}
