//! What rendering costs: one second of four busy channels, at the model rate and
//! resampled (printed; run with `--release --nocapture` for meaningful numbers).

use std::time::Instant;

use super::{Play, Rig, SAMPLE, SQUARE};

fn four_channels(rate: u32) -> Rig {
    let mut rig = Rig::new();
    rig.out = rig.audio.output(rate);
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
fn rendering_one_second_of_four_channels() {
    for rate in [44_100, 48_000] {
        let mut rig = four_channels(rate);
        let mut buf = [0i16; 512 * 2];
        let mut sounding = 0;
        let start = Instant::now();
        for _ in 0..rate.div_ceil(512) {
            rig.out.render(&mut buf);
            sounding += buf.iter().filter(|&&v| v != 0).count();
        }
        let took = start.elapsed();
        assert!(sounding > rate as usize, "the four channels are heard");
        assert_eq!(
            (0..4).filter(|c| rig.dei(0x34 + 0x10 * c) != 0).count(),
            4,
            "all four still play after one second"
        );
        println!(
            "audio cost: one second of four channels at {rate} Hz rendered in {took:?} ({:.0}× real time)",
            1.0 / took.as_secs_f64()
        );
    }
}

#[test]
fn starting_a_note_copies_its_sample() {
    let mut rig = Rig::new();
    rig.vm.ram.fill(0xc0);
    let play = Play {
        addr: 0,
        ..Play::looping(0xffff, 0x3c)
    };
    let mut worst = std::time::Duration::ZERO;
    for _ in 0..100 {
        rig.play(
            0,
            Play {
                pitch: 0x6c,
                ..play
            },
        );
        rig.render(512);
        let start = Instant::now();
        rig.play(0, play);
        worst = worst.max(start.elapsed());
        rig.render(512);
    }
    assert!(
        rig.render(512)
            .iter()
            .all(|&v| v == super::expected(0xc0, super::FULL, 15))
    );
    println!("audio cost: starting a note with a 65 535-byte sample takes at most {worst:?}");
}
