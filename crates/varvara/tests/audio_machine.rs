//! The audio devices inside the whole machine: every frame renders 1/60 s of sound after
//! its vectors, note-end vectors run at the next frame, the Screen vector sees the level
//! ports move, and reboots and loads start the sound afresh.

use std::path::Path;

use varvara::{Config, FRAME_SAMPLES, Varvara};

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

/// One frame and the sound it rendered.
fn frame(vm: &mut Varvara) -> Vec<i16> {
    vm.frame();
    vm.take_audio().expect("a frame renders sound").to_vec()
}

#[test]
fn every_frame_renders_one_sixtieth_of_a_second_once() {
    let mut vm = boot("sequence.tal");
    assert_eq!(vm.take_audio(), None, "no frame yet");
    let block = frame(&mut vm);
    assert_eq!(block.len(), 2 * FRAME_SAMPLES);
    assert!(block.iter().any(|&v| v != 0));
    assert_eq!(vm.take_audio(), None, "taken already");
}

#[test]
fn note_end_vectors_chain_a_melody() {
    let mut vm = boot("sequence.tal");
    assert!(vm.audio_active());
    for _ in 0..6 {
        frame(&mut vm);
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
    for _ in 0..16 {
        frame(&mut vm);
    }
    // Frame k's Screen vector reads the note at age 735·k; the attack (adsr 2000, volume
    // 0f) lasts 5880 frames and is the whole envelope (varvara.md §4.2, §4.5).
    let level = |age: u32| 1 + (0x888 * age / 5880) * 15 / 0x800;
    let expected: Vec<u8> = (0..16u32)
        .map(|k| match 735 * k {
            age if age < 5880 => level(age) as u8,
            // The read at age 5880, when the envelope has just ended, stops the note:
            // envelope 0 reads 1, and from then on the channel is silent.
            5880 => 0x01,
            _ => 0x00,
        })
        .collect();
    assert_eq!(vm.uxn().ram[0x00], 16);
    assert_eq!(vm.uxn().ram[0x01..0x11], expected[..]);
}

#[test]
fn reboot_and_load_start_the_sound_afresh() {
    let mut vm = boot("sequence.tal");
    let first = frame(&mut vm);
    frame(&mut vm);
    vm.reboot(false);
    assert_eq!(
        vm.uxn().ram[0..2],
        [1, 0],
        "the reset vector started the first note again"
    );
    assert_eq!(frame(&mut vm), first, "the same phase as the first time");
    vm.load(&rom("level_log.tal"), false).expect("loads");
    assert!(!vm.audio_active(), "loading silences the old ROM's notes");
    assert!(frame(&mut vm).iter().all(|&v| v == 0));
    vm.boot();
    assert!(
        frame(&mut vm).iter().any(|&v| v != 0),
        "heard after the load"
    );
}
