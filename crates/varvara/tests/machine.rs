//! The machine as a whole: loading, reboots, frame order, budgets, and robustness.

mod common;

use common::{Harness, assemble};
use varvara::{Budget, Event, Kind, Rect, RomError, Stop};

#[test]
fn the_machine_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<varvara::Varvara>();
    assert_send::<varvara::AudioStream>();
    assert_send::<varvara::AudioSink>();
}

#[test]
fn a_new_machine_shows_a_black_default_screen() {
    let mut h = Harness::new(Kind::Gui);
    assert_eq!(h.vm.screen_size(), (512, 320));
    assert_eq!(
        h.vm.take_dirty(),
        Some(Rect {
            x: 0,
            y: 0,
            width: 512,
            height: 320
        })
    );
    assert_eq!(h.vm.take_dirty(), None);
    assert!(h.vm.pixels().len() == 512 * 320 && h.vm.pixels().iter().all(|&p| p == 0));
    assert_eq!(h.vm.exit_code(), None);
    assert_eq!(h.vm.title(), None);
    assert!(!h.vm.audio_active());
}

#[test]
fn refused_roms_leave_the_machine_alone() {
    let mut h = Harness::boot("tests/controller/log.tal");
    h.vm.handle(Event::ButtonDown(1));
    assert_eq!(h.vm.load(&[], false), Err(RomError::Empty));
    let huge = vec![1u8; uxn_core::MAX_ROM_SIZE + 1];
    assert!(matches!(
        h.vm.load(&huge, false),
        Err(RomError::TooLarge { .. })
    ));
    assert_eq!(
        h.vm.handle(Event::ButtonDown(2)),
        Stop::Break,
        "vectors still installed"
    );
    assert_eq!(h.ram(0x00), 2);
    assert_eq!(h.ram_slice(0x1000, 4), [0xf1, 0, 0xf3, 0]);
}

#[test]
fn a_large_rom_spills_into_the_expansion_banks() {
    let mut rom = vec![0u8; 0xff00];
    rom.extend_from_slice(b"ABCD");
    rom[0] = 0x01; // INC on an empty stack, then BRK at 0101.
    let mut h = Harness::new(Kind::Console);
    h.vm.load(&rom, false).unwrap();
    assert_eq!(h.vm.boot(), Stop::Break);
    let vm = h.vm.uxn();
    assert_eq!(
        (0..4)
            .map(|a| vm.bank_byte(1, a).unwrap())
            .collect::<Vec<_>>(),
        b"ABCD"
    );
}

#[test]
fn loading_starts_from_scratch() {
    let mut h = Harness::boot("tests/machine/reboot.tal");
    h.vm.frame();
    h.vm.load(&assemble("tests/controller/log.tal"), true)
        .unwrap();
    assert_eq!(h.vm.frame(), Stop::NotRun, "the old screen vector is gone");
    assert_eq!(h.ram(0x00), 0, "RAM cleared");
    assert_eq!(
        h.vm.uxn().dev[0x17],
        0x01,
        "Console/type announces arguments"
    );
    assert!(
        h.vm.pixels().iter().all(|&p| p == 0),
        "layers and palette cleared"
    );
}

#[test]
fn reboots_reset_vectors_registers_and_palette() {
    let mut h = Harness::configured(Kind::Gui, |_| {});
    h.vm.load(&assemble("tests/machine/reboot.tal"), true)
        .unwrap();
    h.vm.boot();
    assert_eq!(
        (h.ram(0x00), h.ram(0x02)),
        (1, 0x01),
        "first boot, with arguments"
    );
    assert_eq!(h.vm.frame(), Stop::Break);
    assert_eq!(h.ram(0x01), 1);
    assert_eq!(h.vm.pixels()[0x10], 0xff0000);

    // Soft: the zero page survives, so this is the second boot, which installs nothing.
    assert_eq!(h.vm.reboot(true), Stop::Break);
    assert_eq!((h.ram(0x00), h.ram(0x01), h.ram(0x02)), (2, 1, 0x00));
    assert_eq!(h.ram_short(0x03), 0x0000, "the x register was reset");
    assert_eq!(h.vm.frame(), Stop::NotRun, "the screen vector was reset");
    assert_eq!(h.vm.pixels()[0x10], 0x000000, "the palette was reset");
    assert_eq!(
        h.vm.layer_pixel(varvara::Layer::Background, 0x10, 0),
        Some(1),
        "same size"
    );

    // Hard: everything from scratch, so the first-boot branch runs again.
    h.vm.reboot(false);
    assert_eq!((h.ram(0x00), h.ram(0x01)), (1, 0));
    assert_eq!(h.vm.frame(), Stop::Break);
    assert_eq!(h.ram(0x01), 1);
}

#[test]
fn frames_run_finished_audio_vectors_before_the_screen_vector() {
    let mut h = Harness::boot("tests/machine/frame-order.tal");
    assert!(h.vm.audio_active());
    // 1024 bytes of sample at middle C: the note ends inside the second frame's 735
    // rendered frames, and its vector runs first thing in the third frame.
    assert_eq!(h.vm.frame(), Stop::Break);
    assert!(h.vm.audio_active());
    assert_eq!(h.vm.frame(), Stop::Break);
    assert!(!h.vm.audio_active());
    assert_eq!(h.vm.frame(), Stop::Break);
    let count = h.ram(0x00) as usize;
    assert_eq!(
        h.ram_slice(0x1000, count),
        b"ssbs",
        "vector read when the note ended"
    );
}

#[test]
fn console_machines_have_no_frames() {
    let mut h = Harness::load(Kind::Console, "tests/machine/frame-order.tal");
    h.vm.boot();
    assert!(!h.vm.audio_active(), "audio ports are plain memory");
    assert_eq!(h.vm.frame(), Stop::NotRun);
}

#[test]
fn a_runaway_vector_is_stopped_and_the_machine_goes_on() {
    let mut h = Harness::configured(Kind::Gui, |config| config.budget = Budget(1000));
    h.vm.load(&assemble("tests/machine/forever.tal"), false)
        .unwrap();
    assert_eq!(h.vm.boot(), Stop::OutOfBudget);
    assert_eq!(h.vm.handle(Event::ButtonDown(1)), Stop::Break);
    assert_eq!(h.ram(0x00), 1);
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u8 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as u8
    }
}

#[test]
fn random_roms_never_panic() {
    let root = tempfile::tempdir().unwrap();
    let mut rng = Lcg(0x5eed);
    for _ in 0..150 {
        let mut h = Harness::configured(Kind::Gui, |config| {
            config.budget = Budget(16);
            config.file_root = root.path().to_path_buf();
        });
        // Bias towards device traffic: DEO/DEO2/DEI/DEI2 and short literals.
        let rom: Vec<u8> = (0..400)
            .map(|_| match rng.next() % 8 {
                0 => [0x17, 0x37, 0x16, 0x36][rng.next() as usize % 4],
                1 => 0xa0,
                _ => rng.next(),
            })
            .collect();
        h.vm.load(&rom, true).unwrap();
        h.vm.boot();
        h.vm.send_args(&["arg"]);
        for event in [
            Event::ButtonDown(0xff),
            Event::Key(b'a'),
            Event::MouseMove { x: 1, y: 2 },
            Event::MouseDown(1),
            Event::Scroll { dx: 1, dy: -1 },
            Event::ConsoleByte(b'z'),
            Event::ConsoleEnd,
        ] {
            h.vm.handle(event);
            h.vm.frame();
        }
        h.vm.pixels();
        h.vm.take_dirty();
        h.vm.title();
        h.vm.reboot(true);
    }
}

#[test]
fn an_interrupted_vector_resumes_where_it_stopped() {
    let mut h = Harness::configured(Kind::Gui, |config| config.budget = Budget(100));
    h.vm.load(&assemble("tests/machine/long-frame.tal"), false)
        .unwrap();
    assert_eq!(h.vm.boot(), Stop::Break);
    assert_eq!(h.vm.resume(), Stop::NotRun, "nothing to resume after a BRK");
    // 999 taken jumps at 100 per turn: nine interrupted turns, then the tenth finishes.
    assert_eq!(h.vm.frame(), Stop::OutOfBudget);
    let mut turns = 1;
    while h.vm.interrupted() {
        assert_ne!(h.vm.resume(), Stop::NotRun);
        turns += 1;
    }
    assert_eq!(turns, 10);
    assert_eq!(
        (h.ram(0x00), h.ram(0x01), h.ram(0x02)),
        (0x03, 0xe8, 1),
        "count 1000, one frame"
    );
}

#[test]
fn file_sandbox_warnings_go_to_the_configured_stderr() {
    let root = tempfile::tempdir().unwrap();
    let mut h = Harness::configured(Kind::Console, |config| {
        config.file_root = root.path().to_path_buf()
    });
    h.vm.load(&assemble("tests/machine/escape.tal"), false)
        .unwrap();
    h.vm.boot();
    assert_eq!(
        h.err.text(),
        "file warning: blocked attempt to access ../outside.txt outside of sandbox\n"
    );
}
