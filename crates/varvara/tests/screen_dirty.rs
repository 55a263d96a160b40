//! Changed-area tracking and compositing of the screen.

mod common;

use common::Harness;
use varvara::{Event, Rect};

fn rect(x: u16, y: u16, width: u16, height: u16) -> Option<Rect> {
    Some(Rect {
        x,
        y,
        width,
        height,
    })
}

#[test]
fn each_command_reports_the_area_it_touched() {
    let mut h = Harness::boot("tests/screen/dirty.tal");
    assert_eq!(
        h.vm.take_dirty(),
        rect(0, 0, 512, 320),
        "a new screen is all new"
    );
    assert_eq!(h.vm.take_dirty(), None);
    let cases = [
        (b'p', rect(10, 20, 1, 1)),
        (b's', rect(100, 50, 8, 8)),
        (b'c', rect(0, 0, 4, 5)),
        (b'f', rect(500, 300, 12, 20)),
        (b'n', None),
        (b'r', rect(0, 0, 512, 320)),
    ];
    for (key, expected) in cases {
        h.vm.handle(Event::Key(key));
        assert_eq!(h.vm.take_dirty(), expected, "key {}", key as char);
    }
}

#[test]
fn areas_add_up_until_taken() {
    let mut h = Harness::boot("tests/screen/dirty.tal");
    h.vm.take_dirty();
    h.vm.handle(Event::Key(b'p'));
    h.vm.handle(Event::Key(b's'));
    assert_eq!(h.vm.take_dirty(), rect(10, 20, 98, 38));
}

#[test]
fn composition_follows_the_layers_whenever_asked() {
    let mut h = Harness::boot("tests/screen/dirty.tal");
    h.vm.handle(Event::Key(b'r'));
    // Red 1234: colour 1 is 220000, colour 0 is 110000; the sprite is in the
    // foreground, the pixel in the background.
    assert!(h.vm.pixels().iter().all(|&p| p == 0x110000));
    h.vm.handle(Event::Key(b'p'));
    h.vm.handle(Event::Key(b's'));
    let w = 512;
    let pixels = h.vm.pixels();
    assert_eq!(pixels[20 * w + 10], 0x220000);
    assert_eq!(pixels[50 * w + 100], 0x220000, "box corner");
    assert_eq!(
        pixels[51 * w + 101],
        0x110000,
        "inside the box: foreground 0 shows background"
    );
    assert_eq!(pixels.iter().filter(|&&p| p != 0x110000).count(), 1 + 28);
    // Nothing new to compose: the same picture.
    assert_eq!(h.vm.pixels()[20 * w + 10], 0x220000);
}
