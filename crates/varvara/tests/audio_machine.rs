//! The audio devices inside the whole machine: note-end vectors run at the next frame,
//! the Screen vector sees the level ports move, and a host's output handle keeps
//! working across reboots and loads.

use std::path::Path;

use varvara::{AudioOutput, Config, Varvara};

fn rom(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../roms/tests/audio")
        .join(name);
    uxn_asm::assemble_file(&path)
        .expect("test ROM assembles")
        .rom
}

fn boot(name: &str) -> Varvara {
    let mut vm = Varvara::new(Config::gui());
    vm.load(&rom(name), false).expect("test ROM loads");
    vm.boot();
    vm
}

/// One host iteration: an audio buffer of 512 frames, then a 60 Hz frame.
fn step(vm: &mut Varvara, out: &mut AudioOutput) -> Vec<i16> {
    let mut buf = vec![0; 1024];
    out.render(&mut buf);
    vm.frame();
    buf
}

#[test]
fn note_end_vectors_chain_a_melody() {
    let mut vm = boot("sequence.tal");
    let mut out = vm.audio_output(44_100);
    assert!(vm.audio_active());
    for _ in 0..7 {
        step(&mut vm, &mut out);
    }
    assert_eq!(
        vm.uxn().ram[0..2],
        [4, 4],
        "four notes played, four vectors ran"
    );
    assert_eq!(
        vm.uxn().ram[2..10],
        [0x01, 0xf5, 0x01, 0xf6, 0x01, 0xf5, 0x01, 0xf5]
    );
    assert!(!vm.audio_active());
}

#[test]
fn the_screen_vector_reads_the_output_level() {
    let mut vm = boot("level_log.tal");
    let mut out = vm.audio_output(44_100);
    for _ in 0..12 {
        step(&mut vm, &mut out);
    }
    assert_eq!(
        vm.uxn().ram[1..13],
        [
            0x02, 0x03, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0c, 0x0d, 0x0e, 0x0f, 0x00
        ]
    );
}

#[test]
fn an_output_keeps_playing_across_reboot_and_load() {
    let mut vm = boot("sequence.tal");
    let mut out = vm.audio_output(48_000);
    assert!(step(&mut vm, &mut out).iter().any(|&v| v != 0));
    vm.reboot(false);
    assert_eq!(
        vm.uxn().ram[0..2],
        [1, 0],
        "the reset vector started the first note again"
    );
    assert!(
        step(&mut vm, &mut out).iter().any(|&v| v != 0),
        "heard after the reboot"
    );
    vm.load(&rom("level_log.tal"), false).expect("loads");
    assert!(!vm.audio_active(), "loading silences the old ROM's notes");
    // Only the first two output frames still interpolate from the last model frame.
    assert!(step(&mut vm, &mut out)[4..].iter().all(|&v| v == 0));
    vm.boot();
    assert!(
        step(&mut vm, &mut out).iter().any(|&v| v != 0),
        "heard after the load"
    );
}
