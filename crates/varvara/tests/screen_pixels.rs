//! Screen pixel port: single pixels, auto-increment, fill quadrants, off-screen commands, size.

mod common;

use common::{BACKENDS, Harness, rows};
use varvara::{Event, Kind, Stop};

#[test]
fn fill_in_all_four_quadrants() {
    let h = Harness::boot("tests/screen/fill-quadrants.tal");
    assert_eq!(h.vm.screen_size(), (32, 16));
    let top = "11111111cccccccccccccccccccccccc";
    let bottom = "bbbbbbbbaaaaaaaaaaaaaaaaaaaaaaaa";
    let expected: Vec<&str> = [[top; 4].as_slice(), [bottom; 12].as_slice()].concat();
    assert_eq!(h.char_map(0, 0, 32, 16), rows(&expected));
}

#[test]
fn pixels_layers_auto_increment_and_the_x_register() {
    for backend in BACKENDS {
        let h = Harness::boot_on(backend, "tests/screen/pixels.tal");
        let expected = rows(&[
            "............b...",
            ".a2..........b..",
            "..........1...b.",
            "..cccc....1.....",
            "..........1.....",
            "................",
            "................",
            ".............aaa",
        ]);
        assert_eq!(h.char_map(0, 0, 16, 8), expected, "{backend}");
        assert_eq!(
            h.ram_short(0x00),
            0x0100,
            "x register carries into the high byte"
        );
        assert_eq!(
            h.ram_short(0x02),
            0x0005,
            "a low-byte write uses the last written high byte"
        );
        assert_eq!(h.ram_short(0x04), 0x0101);
        assert_eq!(h.ram_short(0x06), 0x0105);
        assert_eq!(
            h.ram_short(0x08),
            0x0010,
            "{backend}: no auto-increment once x is off the screen"
        );
    }
}

/// Varvara 79K: a pixel or fill whose x or y is off the screen (unsigned) does nothing,
/// auto-increment included; the cells at the edges still draw.
#[test]
fn pixels_and_fills_off_the_screen_do_nothing() {
    for backend in BACKENDS {
        let h = Harness::boot_on(backend, "tests/screen/off-screen.tal");
        let expected: Vec<&str> = [
            ["333333333333333a"].as_slice(),
            &["333333333333333."; 6],
            &["...............2"],
        ]
        .concat();
        assert_eq!(h.char_map(0, 0, 16, 8), rows(&expected), "{backend}");
        let registers: Vec<u16> = (0..10).map(|i| h.ram_short(i * 2)).collect();
        assert_eq!(
            registers,
            [
                0xffff, 0x0000, // left of the screen
                0x0010, 0x0007, // right of it
                0x0003, 0x0008, // below it
                0x0010, 0x0001, // after the top right cell
                0x0010, 0x0001, // and after one more pixel
            ],
            "{backend}"
        );
    }
}

#[test]
fn size_defaults_clamps_and_clears_only_on_change() {
    let mut h = Harness::boot("tests/screen/resize.tal");
    assert_eq!(h.ram_short(0x00), 512, "default width before any resize");
    assert_eq!(h.ram_short(0x02), 320, "default height");
    assert_eq!(h.ram_short(0x04), 0x0008, "width 0004 clamps to 8");
    assert_eq!(h.ram_short(0x06), 0x0800, "height ffff clamps to 0800");
    assert_eq!(h.vm.screen_size(), (32, 16));
    assert_eq!(
        h.char_map(0, 0, 3, 2),
        rows(&["...", ".a."]),
        "same size keeps the layers"
    );
    assert_eq!(h.vm.pixels().len(), 32 * 16);

    assert_eq!(h.vm.handle(Event::ButtonDown(1)), Stop::Break);
    assert_eq!(h.vm.screen_size(), (24, 16));
    assert_eq!(
        h.char_map(0, 0, 3, 2),
        rows(&["...", "..."]),
        "a new size clears"
    );
    assert_eq!(h.vm.pixels().len(), 24 * 16);
}

#[test]
fn screen_ports_are_plain_memory_without_a_screen() {
    let mut h = Harness::load(Kind::Console, "tests/screen/resize.tal");
    h.vm.boot();
    // Nothing clamps or answers: the reads return the bytes written last.
    assert_eq!(h.ram_short(0x00), 0x0000);
    assert_eq!(h.ram_short(0x04), 0x0004);
    assert_eq!(h.ram_short(0x06), 0xffff);
    assert_eq!(h.vm.screen_size(), (512, 320));
    assert_eq!(h.vm.handle(Event::ButtonDown(1)), Stop::NotRun);
}
