//! Busy channels: four at once for a whole second, and a note with the longest sample.
//! What they cost to render is measured by `cargo bench -p varvara --bench audio`.

use super::{Play, Rig, SAMPLE, SQUARE};

fn four_channels() -> Rig {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &SQUARE);
    rig.play(0, Play::looping(16, 0x45));
    rig.play(
        1,
        Play {
            adsr: 0xffff,
            ..Play::looping(16, 0x30)
        },
    );
    rig.play(
        2,
        Play {
            addr: 0,
            ..Play::looping(0x4000, 0x43)
        },
    );
    rig.play(
        3,
        Play {
            addr: 0,
            adsr: 0x2484,
            ..Play::once(0xffff, 0x3c)
        },
    );
    rig
}

#[test]
fn four_channels_sound_for_a_whole_second() {
    let mut rig = four_channels();
    let mut sounding = 0;
    for _ in 0..60 {
        sounding += rig.render(735).iter().filter(|&&v| v != 0).count();
    }
    assert!(sounding > 44_100, "the four channels are heard");
    assert_eq!(
        (0..4).filter(|c| rig.dei(0x34 + 0x10 * c) != 0).count(),
        4,
        "all four still play after one second"
    );
}

#[test]
fn a_note_plays_a_sample_of_the_greatest_length() {
    let mut rig = Rig::new();
    rig.vm.ram.fill(0xc0);
    let play = Play {
        addr: 0,
        ..Play::looping(0xffff, 0x3c)
    };
    for _ in 0..100 {
        rig.play(
            0,
            Play {
                pitch: 0x6c,
                ..play
            },
        );
        rig.render(512);
        rig.play(0, play);
        rig.render(512);
    }
    assert!(
        rig.render(512)
            .iter()
            .all(|&v| v == super::expected(0xc0, super::FULL, 15))
    );
}
