//! Port semantics: the position latch, reads right after a pitch write, plain memory
//! ports, the moment parameters are read, and arbitrary port values.

use super::{Play, Rig, SAMPLE, SQUARE, side};

#[test]
fn reading_the_position_high_byte_latches_both_bytes() {
    let mut rig = Rig::new();
    rig.play(1, Play::looping(0x1000, 0x3c));
    rig.render(300);
    assert_eq!(rig.dei(0x43), 0x00, "the low byte alone is plain memory");
    assert_eq!(rig.dei(0x42), 0x01);
    assert_eq!(rig.vm.dev[0x42..0x44], [0x01, 0x2c]);
    rig.render(300);
    assert_eq!(
        rig.dei(0x43),
        0x2c,
        "not refreshed until the high byte is read"
    );
    assert_eq!(rig.dei2(0x42), 600);
}

#[test]
fn the_position_wraps_with_a_looping_sample() {
    let mut rig = Rig::new();
    rig.play(0, Play::looping(300, 0x3c));
    rig.render(1000);
    assert_eq!(rig.dei2(0x32), 1000 % 300);
}

#[test]
fn reads_right_after_a_pitch_write_see_the_new_note() {
    let mut rig = Rig::new();
    rig.play(
        0,
        Play {
            adsr: 0x0001,
            ..Play::looping(0x1000, 0x3c)
        },
    );
    rig.render(700);
    rig.play(
        0,
        Play {
            adsr: 0x1000,
            volume: 0x8f,
            ..Play::looping(0x1000, 0x3c)
        },
    );
    // Nothing rendered since: the answers come from the note's start.
    assert_eq!(rig.dei2(0x32), 0);
    assert_eq!(rig.dei(0x34), 0x11);
    assert!(rig.audio.active());
    rig.render(512);
    assert_eq!(rig.dei2(0x32), 512);
}

#[test]
fn a_stopping_pitch_write_keeps_the_position_and_zeroes_the_level() {
    let mut rig = Rig::new();
    rig.play(0, Play::looping(0x1000, 0x3c));
    rig.render(300);
    rig.deo(0x3f, 0x6c);
    assert!(!rig.audio.active());
    assert_eq!(rig.dei(0x34), 0);
    rig.render(300);
    assert_eq!(rig.dei2(0x32), 300);
}

#[test]
fn a_one_shot_ends_past_the_last_byte() {
    let mut rig = Rig::new();
    rig.play(0, Play::once(1000, 0x3c));
    rig.render(2000);
    assert_eq!(rig.dei2(0x32), 1000);
    assert_eq!(rig.dei(0x34), 0);
}

#[test]
fn the_level_port_is_computed_and_other_ports_are_memory() {
    let mut rig = Rig::new();
    rig.deo(0x54, 0xaa);
    assert_eq!(
        rig.dei(0x54),
        0x00,
        "output reads the level of a silent channel"
    );
    assert_eq!(rig.vm.dev[0x54], 0xaa, "and leaves the written byte alone");
    for port in [
        0x50, 0x51, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e,
    ] {
        rig.deo(port, port ^ 0x5a);
        assert_eq!(rig.dei(port), port ^ 0x5a, "port {port:02x}");
    }
    assert!(!rig.audio.active(), "only the pitch port starts a note");
}

#[test]
fn parameters_are_read_at_the_pitch_write() {
    let mut rig = Rig::new();
    rig.load(SAMPLE, &SQUARE);
    rig.play(0, Play::looping(16, 0x45));
    let before = rig.render(1000);
    // Changing the ports afterwards does not touch the playing note.
    rig.deo2(0x38, 0x0001);
    rig.deo2(0x3a, 0x0001);
    rig.deo2(0x3c, 0x9000);
    rig.deo(0x3e, 0x00);
    let after = rig.render(1000);
    assert!(after.iter().any(|&v| v != 0));
    let mut fresh = Rig::new();
    fresh.load(SAMPLE, &SQUARE);
    fresh.play(0, Play::looping(16, 0x45));
    assert_eq!([before, after].concat(), fresh.render(2000));
}

#[test]
fn a_sample_running_past_ffff_is_cut_there() {
    let mut rig = Rig::new();
    rig.load(0xfe00, &[0xff; 0x200]);
    rig.play(
        0,
        Play {
            addr: 0xfe00,
            ..Play::once(0x1000, 0x3c)
        },
    );
    let left = side(&rig.render(1000), 0);
    assert!(left[..511].iter().all(|&v| v > 0));
    assert!(
        left[511..].iter().all(|&v| v == 0),
        "length clipped to 512 bytes"
    );
    assert_eq!(rig.audio.take_finished(), [0]);
}

/// A small deterministic generator for port values.
struct Lcg(u64);

impl Lcg {
    fn byte(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 56) as u8
    }
}

#[test]
fn no_port_values_panic() {
    let mut rig = Rig::new();
    let mut rng = Lcg(7);
    for i in 0..rig.vm.ram.len() {
        rig.vm.ram[i] = rng.byte();
    }
    let edges: [u16; 7] = [0x0000, 0x0001, 0x00ff, 0x0100, 0x0101, 0xfffe, 0xffff];
    for round in 0..3000 {
        let channel = rng.byte() & 3;
        let base = 0x30 + 0x10 * channel;
        for port in 0x8..0xe {
            let value = if rng.byte() < 0x40 {
                edges[usize::from(rng.byte()) % edges.len()].to_be_bytes()[usize::from(port & 1)]
            } else {
                rng.byte()
            };
            rig.deo(base + port, value);
        }
        rig.deo(base + 0xe, rng.byte());
        rig.deo(base + 0xf, rng.byte());
        if round % 16 == 0 {
            rig.deo(rng.byte(), rng.byte());
        }
        rig.render(usize::from(rng.byte()));
        let port = rng.byte();
        rig.dei(port);
        rig.dei2(base + 2);
        rig.dei(base + 4);
        rig.audio.take_finished();
    }
}
