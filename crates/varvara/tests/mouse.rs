//! Mouse device: position, state bits in the ROM's own byte, scroll only during the call.

mod common;

use common::Harness;
use varvara::{Event, Kind, Stop};

/// Ports 92–9d as the vector saw them, one record per call.
fn records(h: &Harness) -> Vec<Vec<u8>> {
    (0..h.ram(0x00) as u16)
        .map(|n| h.ram_slice(0x1000 + n * 16, 12))
        .collect()
}

#[test]
fn moves_buttons_and_wheel() {
    let mut h = Harness::boot("tests/mouse/log.tal");
    let events = [
        Event::MouseMove { x: 300, y: 200 },
        Event::MouseDown(0x01),
        Event::MouseDown(0x04),
        Event::MouseUp(0x01),
        Event::Scroll { dx: 0, dy: 1 },
        Event::Scroll { dx: -2, dy: -1 },
        Event::MouseMove { x: 0xffff, y: 3 },
    ];
    for event in events {
        assert_eq!(h.vm.handle(event), Stop::Break, "{event:?}");
    }
    let r = |x: u16, y: u16, state: u8, sx: u16, sy: u16| {
        let [x, y, sx, sy] = [x, y, sx, sy].map(u16::to_be_bytes);
        vec![
            x[0], x[1], y[0], y[1], state, 0, 0, 0, sx[0], sx[1], sy[0], sy[1],
        ]
    };
    let expected = [
        r(300, 200, 0x20, 0, 0),
        r(300, 200, 0x21, 0, 0),
        r(300, 200, 0x25, 0, 0),
        r(300, 200, 0x24, 0, 0),
        r(300, 200, 0x24, 0x0000, 0xffff),
        r(300, 200, 0x24, 0xfffe, 0x0001),
        r(0xffff, 3, 0x24, 0, 0),
    ];
    assert_eq!(records(&h), expected);
    assert_eq!(
        h.vm.uxn().dev[0x9a..0x9e],
        [0; 4],
        "scroll cleared after its vector"
    );
}

#[test]
fn console_machines_have_no_mouse() {
    let mut h = Harness::load(Kind::Console, "tests/mouse/log.tal");
    h.vm.boot();
    assert_eq!(h.vm.handle(Event::MouseDown(1)), Stop::NotRun);
    assert_eq!(h.vm.handle(Event::Scroll { dx: 1, dy: 1 }), Stop::NotRun);
    assert_eq!(h.vm.uxn().dev[0x96], 0x20);
    assert_eq!(h.vm.uxn().dev[0x9a..0x9e], [0; 4]);
}
