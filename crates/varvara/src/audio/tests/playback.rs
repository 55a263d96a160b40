//! Looping and one-shot notes, volume per side, and mixing the four channels.

use super::{FULL, Play, Rig, SAMPLE, SQUARE, expected, side};

fn ramp(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 13 % 256) as u8 | 0x81).collect()
}

#[test]
fn a_looping_sample_wraps_to_its_start() {
    let mut rig = Rig::new();
    let sample = ramp(300);
    rig.load(SAMPLE, &sample);
    rig.play(0, Play::looping(300, 0x3c));
    let left = side(&rig.render(1000), 0);
    for (k, &v) in left.iter().enumerate() {
        assert_eq!(v, expected(sample[(k + 1) % 300], FULL, 15), "frame {k}");
    }
    assert!(rig.audio.active());
    assert!(rig.audio.take_finished().is_empty());
}

#[test]
fn a_one_shot_sample_plays_once() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &ramp(300));
    rig.play(0, Play::once(300, 0x3c));
    let left = side(&rig.render(1000), 0);
    assert!(left[..299].iter().all(|&v| v != 0));
    assert!(left[299..].iter().all(|&v| v == 0));
    assert!(!rig.audio.active());
    assert_eq!(rig.audio.take_finished(), [0]);
}

#[test]
fn without_envelope_a_looping_note_plays_forever() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &SQUARE);
    rig.play(3, Play::looping(16, 0x45));
    for _ in 0..10 {
        rig.render(44_100);
    }
    let last = rig.render(512);
    assert!(
        last.iter().any(|&v| v != 0),
        "still sounding after ten seconds"
    );
    assert!(rig.audio.active());
    assert!(rig.audio.take_finished().is_empty());
}

#[test]
fn volume_is_set_per_side() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &SQUARE);
    rig.play(
        0,
        Play {
            volume: 0xf0,
            ..Play::looping(16, 0x45)
        },
    );
    let out = rig.render(1000);
    assert!(side(&out, 0).iter().any(|&v| v != 0));
    assert!(side(&out, 1).iter().all(|&v| v == 0), "right is silent");
    assert_eq!(rig.dei(0x34), 0xf0);

    rig.play(
        0,
        Play {
            volume: 0x07,
            ..Play::looping(16, 0x45)
        },
    );
    let out = rig.render(1000);
    assert!(side(&out, 0).iter().all(|&v| v == 0), "left is silent");
    assert!(side(&out, 1).contains(&expected(0xff, FULL, 7)));
    assert_eq!(rig.dei(0x34), 0x08);
}

#[test]
fn channels_add_up_in_16_bits_without_saturation() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &[0xff]);
    for channel in 0..4 {
        rig.play(channel, Play::looping(1, 0x3c));
    }
    let one = i32::from(expected(0xff, FULL, 15));
    assert_eq!(one, 10_834);
    let out = rig.render(10);
    // 4 × 10 834 = 43 336 wraps around to 43 336 − 65 536.
    assert!(out.iter().all(|&v| i32::from(v) == 4 * one - 0x10000));
}

#[test]
fn each_channel_plays_its_own_note() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &[0xc0]);
    rig.load(SAMPLE + 1, &[0x40]);
    rig.play(
        0,
        Play {
            volume: 0xf0,
            ..Play::looping(1, 0x3c)
        },
    );
    rig.play(
        2,
        Play {
            addr: SAMPLE + 1,
            volume: 0x0f,
            ..Play::looping(1, 0x3c)
        },
    );
    let out = rig.render(4);
    for frame in out.chunks(2) {
        assert_eq!(frame, [expected(0xc0, FULL, 15), expected(0x40, FULL, 15)]);
    }
}
