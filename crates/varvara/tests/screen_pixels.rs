//! Screen pixel port: single pixels, auto-increment, fill quadrants, clipping, size.

mod common;

use common::{Harness, rows};
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
fn pixels_layers_auto_increment_and_bounds() {
    let h = Harness::boot("tests/screen/pixels.tal");
    let expected = rows(&[
        "............b...",
        ".a2..........b..",
        "..........1...b.",
        "..cccc....1.....",
        "..........1.....",
        "................",
        "................",
        "a...............",
    ]);
    assert_eq!(h.char_map(0, 0, 16, 8), expected);
    assert_eq!(
        h.ram_short(0x00),
        0x0001,
        "x after three auto-x pixels from -2"
    );
    assert_eq!(
        h.ram_short(0x02),
        0x0100,
        "x register carries into the high byte"
    );
    assert_eq!(
        h.ram_short(0x04),
        0x0005,
        "a low-byte write uses the last written high byte"
    );
    assert_eq!(h.ram_short(0x06), 0x0101);
    assert_eq!(h.ram_short(0x08), 0x0105);
}

#[test]
fn fills_from_far_outside_are_clipped() {
    let h = Harness::boot("tests/screen/fill-bounds.tal");
    let expected: Vec<&str> =
        [["aaaaaaaaaaaaaaaa"; 6].as_slice(), &["2222222222222222"; 2]].concat();
    assert_eq!(h.char_map(0, 0, 16, 8), rows(&expected));
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
