//! System device: expansion commands, stack pointer ports, debug output, metadata,
//! halt and the palette.

mod common;

use common::{BACKENDS, Harness};
use varvara::{Event, Kind, Stop};

#[test]
fn expansion_commands() {
    for backend in BACKENDS {
        let h = Harness::boot_on(backend, "tests/system/expansion.tal");
        let vm = h.vm.uxn();
        let bank = |b, a| vm.bank_byte(b, a).unwrap();
        assert_eq!(
            [0, 1, 2, 3].map(|a| bank(1, a)),
            [0x5a; 4],
            "fill of bank 1"
        );
        assert_eq!(bank(1, 4), 0);
        assert_eq!(
            h.ram_slice(0x1010, 4),
            [0x5a; 4],
            "copy from bank 1 into RAM"
        );
        // Varvara 79K: a command stops at the end of its bank.
        assert_eq!(
            [0xfffe, 0xffff, 0x0000, 0x0001].map(|a| bank(0, a)),
            [0x33, 0x33, 0, 0],
            "{backend}: a fill stops at the end of bank 0"
        );
        assert_eq!(
            (bank(15, 0xffff), bank(15, 0x0000), bank(15, 0x0001)),
            (0x66, 0, 0),
            "{backend}: and at the end of bank 15"
        );
        assert_eq!(
            h.ram_slice(0x100c, 4),
            [0x11, 0x22, 0x33, 0x44],
            "bank 16, length 0, unknown op"
        );
        assert_eq!(
            h.ram_slice(0x1000, 6),
            [1, 1, 1, 1, 1, 6],
            "cpyl smears forward"
        );
        assert_eq!(
            h.ram_slice(0x1006, 6),
            [1, 1, 2, 3, 4, 6],
            "cpyr moves the block up"
        );
        assert_eq!(h.err.text(), "Unknown command: 07\n");
    }
}

#[test]
fn stack_pointer_ports_and_debug_dump() {
    for backend in BACKENDS {
        let mut h = Harness::boot_on(backend, "tests/system/stacks.tal");
        // Varvara 79K: each read sees its own result slot (an empty stack reads 01).
        assert_eq!(h.ram_slice(0, 4), [0x03, 0x02, 0x01, 0x00], "{backend}");
        // Varvara 79K: the writes of 00 and 02 print nothing, 01 and ff print.
        let empty = "WST 00 00 00 00 00 00 00 00|<00\nRST 00 00 00 00 00 00 00 00|<00\n";
        let expected = format!(
            "WST 00 00 00 00 00 00|12 34 <02\nRST 00 00 00 00 00 00 00 00|<00\n{empty}\
             WST 03 04 05 06 07 08 09 0a <0a\nRST 00 00 00 00 00 00 00 00|<00\n"
        );
        assert_eq!(h.err.text(), expected, "{backend}");
        // The host's debug key prints the same without touching the stacks.
        h.err.clear();
        h.vm.debug_dump();
        assert_eq!(
            h.err.text(),
            "WST 03 04 05 06 07 08 09 0a <0a\nRST 00 00 00 00 00 00 00 00|<00\n"
        );
        assert_eq!(h.vm.uxn().wst.ptr, 0x0a);
    }
}

#[test]
fn metadata_title() {
    assert_eq!(
        Harness::boot("tests/system/metadata.tal")
            .vm
            .title()
            .as_deref(),
        Some("Test App")
    );
    assert_eq!(
        Harness::boot("tests/system/metadata-version.tal")
            .vm
            .title(),
        None
    );
    assert_eq!(
        Harness::boot("tests/system/halt.tal").vm.title(),
        None,
        "no metadata at all"
    );
}

#[test]
fn halt_lets_the_vector_finish_then_stops() {
    let mut h = Harness::boot("tests/system/halt.tal");
    assert_eq!(h.vm.exit_code(), None);
    assert_eq!(h.vm.frame(), Stop::Break);
    assert_eq!(h.vm.frame(), Stop::Break);
    assert_eq!(h.vm.exit_code(), Some(0), "state 80 is exit status 0");
    assert_eq!(h.ram(0x00), 0x2a, "the halting vector ran on to its BRK");
    assert_eq!(h.vm.frame(), Stop::NotRun);
    assert_eq!(h.ram(0x01), 2, "no frame after the halt");
    h.vm.halt(0xff);
    assert_eq!(h.vm.exit_code(), Some(127));
    h.vm.halt(0x01);
    assert_eq!(h.vm.exit_code(), Some(1));
}

#[test]
fn palette_colours_the_layers() {
    let mut h = Harness::boot("tests/system/palette.tal");
    let row0 = [
        0xffffff, 0x000000, 0x77ddbb, 0xff6622, 0xff6622, 0x77ddbb, 0xffffff, 0xffffff,
    ];
    assert_eq!(h.vm.pixels()[..8], row0);
    assert!(h.vm.pixels()[8..].iter().all(|&p| p == 0xffffff));
    h.vm.take_dirty();
    // One byte of red changes colours 0 and 1 everywhere.
    h.vm.handle(Event::Key(b'k'));
    let dirty = h.vm.take_dirty().unwrap();
    assert_eq!((dirty.x, dirty.y, dirty.width, dirty.height), (0, 0, 8, 8));
    let row0 = [
        0x00ffff, 0x000000, 0x77ddbb, 0xff6622, 0xff6622, 0x77ddbb, 0x00ffff, 0x00ffff,
    ];
    assert_eq!(h.vm.pixels()[..8], row0);
}

#[test]
fn console_machines_have_no_palette() {
    let mut h = Harness::load(Kind::Console, "tests/system/palette.tal");
    h.vm.boot();
    assert!(h.vm.pixels().iter().all(|&p| p == 0));
    assert_eq!(
        h.vm.uxn().dev[0x08..0x0e],
        [0xf0, 0x7f, 0xf0, 0xd6, 0xf0, 0xb2],
        "plain memory"
    );
}
