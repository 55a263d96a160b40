//! The three reference rules of varvara.md §4.1 and §4.5: the phase carries over between
//! notes, notes play live RAM, and a level read after the envelope stops the note.

use super::{FULL, Play, Rig, SAMPLE, expected, side};

/// Phase units per whole 256-byte cycle, divided by the length (varvara.md §4.1).
const PERIOD_256: u64 = 11_042_816 / 256;

/// Note 60 advances the phase by 0x10000 per frame.
const ADVANCE_60: u64 = 0x10000;

/// A 256-byte cycle whose bytes all differ: 0x00, 0x01, … 0xff.
fn ramp() -> Vec<u8> {
    (0..=255).collect()
}

/// What a note 60 over the 256-byte ramp plays in its first `frames` frames when it
/// starts with phase `frac`: frame k plays byte ⌊(frac + (k+1)·advance) / period⌋ mod 256.
fn from_phase(frac: u64, frames: u64) -> Vec<i16> {
    (1..=frames)
        .map(|k| {
            let byte = ((frac + k * ADVANCE_60) / PERIOD_256 % 256) as u8;
            expected(byte, FULL, 15)
        })
        .collect()
}

#[test]
fn the_phase_carries_over_to_the_next_note() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &ramp());
    rig.play(0, Play::looping(256, 0x3c));
    // After 100 frames the phase is 100 · 0x10000 mod period (the position wrapped).
    rig.render(100);
    let frac = 100 * ADVANCE_60 % PERIOD_256;
    assert_ne!(frac, 0);
    rig.play(0, Play::looping(256, 0x3c));
    let second = side(&rig.render(50), 0);
    assert_eq!(second, from_phase(frac, 50));
    assert_ne!(second, from_phase(0, 50), "a fresh phase sounds different");
}

#[test]
fn a_stopping_write_keeps_the_phase_and_a_reset_clears_it() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &ramp());
    rig.play(0, Play::looping(256, 0x3c));
    rig.render(100);
    rig.deo(0x3f, 0x6c);
    rig.render(100);
    rig.play(0, Play::looping(256, 0x3c));
    let frac = 100 * ADVANCE_60 % PERIOD_256;
    assert_eq!(side(&rig.render(50), 0), from_phase(frac, 50));

    rig.audio.stop_all();
    rig.play(0, Play::looping(256, 0x3c));
    assert_eq!(side(&rig.render(50), 0), from_phase(0, 50));
}

#[test]
fn a_note_plays_the_bytes_in_ram_as_they_are_now() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &[0xc0; 300]);
    rig.play(0, Play::looping(300, 0x3c));
    let left = side(&rig.render(100), 0);
    assert!(left.iter().all(|&v| v == expected(0xc0, FULL, 15)));
    // Rewrite the whole sample: the very next frame plays the new bytes.
    rig.load(SAMPLE, &[0x20; 300]);
    let left = side(&rig.render(100), 0);
    assert!(left.iter().all(|&v| v == expected(0x20, FULL, 15)));
    // Bytes outside the note's range are not heard.
    rig.load(SAMPLE + 300, &[0xff; 100]);
    let left = side(&rig.render(1000), 0);
    assert!(left.iter().all(|&v| v == expected(0x20, FULL, 15)));
}

/// A looping note whose envelope is one release unit: it ends at age 2940.
fn release_only(rig: &mut Rig) {
    rig.load(SAMPLE, &[0xff]);
    rig.play(
        0,
        Play {
            adsr: 0x0001,
            ..Play::looping(1, 0x3c)
        },
    );
}

#[test]
fn reading_the_level_when_the_envelope_is_over_stops_the_note_silently() {
    let mut rig = Rig::new();
    release_only(&mut rig);
    rig.render(2940);
    // The renderer has not seen the end yet: the note still plays.
    assert!(rig.audio.active());
    // Envelope 0 at age 2940: each side with a volume reads 1, and the read stops the note.
    assert_eq!(rig.dei(0x34), 0x11);
    assert!(!rig.audio.active());
    assert_eq!(rig.dei(0x34), 0x00);
    assert!(rig.render(1000).iter().all(|&v| v == 0));
    assert!(
        rig.audio.take_finished().is_empty(),
        "no end of note is reported"
    );
}

#[test]
fn without_the_read_the_note_ends_by_itself() {
    let mut rig = Rig::new();
    release_only(&mut rig);
    rig.render(2940);
    assert!(rig.audio.take_finished().is_empty());
    rig.render(1);
    assert_eq!(rig.audio.take_finished(), [0]);
}

#[test]
fn a_level_read_before_the_end_changes_nothing() {
    let mut rig = Rig::new();
    release_only(&mut rig);
    rig.render(2939);
    // 1 + 0x444 · (2940 − 2939) / 2940 · 15 / 0x800 = 1 on both sides.
    assert_eq!(rig.dei(0x34), 0x11);
    assert!(rig.audio.active());
    rig.render(2);
    assert_eq!(rig.audio.take_finished(), [0]);
}

#[test]
fn a_silent_channel_level_read_has_no_side_effect() {
    // Volume 00: the reference never evaluates the envelope, so the note keeps playing.
    let mut rig = Rig::new();
    release_only(&mut rig);
    rig.deo(0x3e, 0x00);
    rig.deo(0x3f, 0x3c);
    rig.render(2940);
    assert_eq!(rig.dei(0x34), 0x00);
    assert!(rig.audio.active());
    rig.render(1);
    assert_eq!(rig.audio.take_finished(), [0]);
}
