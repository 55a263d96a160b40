//! Note-end events: reported when a note ends by itself, never when a pitch write
//! replaces or stops it.

use super::{Play, Rig};

#[test]
fn a_one_shot_reaching_its_end_is_reported_once() {
    let mut rig = Rig::new();
    rig.play(2, Play::once(1000, 0x3c));
    rig.render(999);
    assert!(rig.audio.take_finished().is_empty());
    rig.render(1);
    assert_eq!(rig.audio.take_finished(), [2]);
    rig.render(1000);
    assert!(rig.audio.take_finished().is_empty());
}

#[test]
fn a_looping_note_whose_envelope_ends_is_reported() {
    let mut rig = Rig::new();
    rig.play(
        1,
        Play {
            adsr: 0x0001,
            ..Play::looping(16, 0x45)
        },
    );
    rig.render(2940);
    assert!(rig.audio.take_finished().is_empty());
    rig.render(1);
    assert_eq!(rig.audio.take_finished(), [1]);
}

#[test]
fn every_ended_note_is_reported_in_channel_order() {
    let mut rig = Rig::new();
    rig.play(3, Play::once(300, 0x3c));
    rig.play(0, Play::once(300, 0x3c));
    rig.render(512);
    rig.play(3, Play::once(300, 0x3c));
    rig.render(512);
    assert_eq!(rig.audio.take_finished(), [0, 3, 3]);
}

#[test]
fn a_replaced_note_is_not_reported() {
    let mut rig = Rig::new();
    rig.play(0, Play::once(1000, 0x3c));
    rig.render(500);
    rig.play(0, Play::once(4000, 0x3c));
    rig.render(2000);
    assert!(
        rig.audio.take_finished().is_empty(),
        "the first note never reached its end"
    );
    rig.render(2000);
    assert_eq!(rig.audio.take_finished(), [0], "the second one did");
}

#[test]
fn a_note_stopped_by_a_pitch_write_is_not_reported() {
    // Notes 108 and up stop the channel, looping or not; so does a zero length.
    for (pitch, length) in [
        (0x6c, 1000),
        (0xec, 1000),
        (0x7f, 1000),
        (0xff, 1000),
        (0x3c, 0),
    ] {
        let mut rig = Rig::new();
        rig.play(1, Play::once(1000, 0x3c));
        rig.render(500);
        rig.play(
            1,
            Play {
                pitch,
                ..Play::once(length, 0x3c)
            },
        );
        assert!(!rig.audio.active(), "pitch {pitch:02x} length {length}");
        let out = rig.render(1000);
        assert!(out.iter().all(|&v| v == 0));
        assert!(
            rig.audio.take_finished().is_empty(),
            "pitch {pitch:02x} length {length}"
        );
    }
}

#[test]
fn stop_all_silences_everything_and_forgets_ends() {
    let mut rig = Rig::new();
    for channel in 0..4 {
        rig.play(channel, Play::looping(16, 0x30 + channel));
    }
    rig.play(0, Play::once(100, 0x3c));
    rig.render(512);
    rig.audio.stop_all();
    assert!(!rig.audio.active());
    assert!(rig.audio.take_finished().is_empty());
    assert_eq!(rig.dei2(0x42), 0, "positions are back to 0");
    assert!(rig.render(512).iter().all(|&v| v == 0));
    assert_eq!(rig.dei2(0x52), 0);
}
