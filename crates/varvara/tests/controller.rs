//! Controller device: buttons modify the ROM's own byte, keys live only in their vector.

mod common;

use common::Harness;
use varvara::{Event, Kind, Stop};

fn log(h: &Harness) -> Vec<(u8, u8)> {
    let count = h.ram(0x00) as usize;
    h.ram_slice(0x1000, count * 2)
        .chunks(2)
        .map(|p| (p[0], p[1]))
        .collect()
}

#[test]
fn buttons_and_keys() {
    let mut h = Harness::boot("tests/controller/log.tal");
    assert_eq!(h.vm.handle(Event::ButtonDown(0x01)), Stop::Break);
    assert_eq!(
        h.vm.handle(Event::ButtonDown(0x01)),
        Stop::Break,
        "a repeat calls again"
    );
    assert_eq!(h.vm.handle(Event::ButtonUp(0x10)), Stop::Break);
    assert_eq!(h.vm.handle(Event::Key(b'a')), Stop::Break);
    assert_eq!(h.vm.uxn().dev[0x83], 0, "key port cleared after the vector");
    assert_eq!(
        h.vm.handle(Event::ButtonDown(0x00)),
        Stop::NotRun,
        "empty mask"
    );
    assert_eq!(h.vm.handle(Event::Key(0)), Stop::NotRun, "no character");
    assert_eq!(h.vm.handle(Event::ButtonUp(0x01)), Stop::Break);
    assert_eq!(h.vm.handle(Event::ButtonDown(0x82)), Stop::Break);
    let expected = [
        (0xf1, 0),
        (0xf1, 0),
        (0xe1, 0),
        (0xe1, b'a'),
        (0xe0, 0),
        (0xe2, 0),
    ];
    assert_eq!(log(&h), expected);
}

#[test]
fn vector_is_latched_on_its_low_byte() {
    let mut h = Harness::boot("tests/controller/log.tal");
    assert_eq!(h.vm.handle(Event::Key(b'h')), Stop::Break);
    assert_eq!(
        h.vm.handle(Event::Key(b'z')),
        Stop::Break,
        "high byte alone changed nothing"
    );
    assert_eq!(h.vm.handle(Event::Key(b'x')), Stop::Break);
    assert_eq!(
        h.vm.handle(Event::Key(b'z')),
        Stop::NotRun,
        "vector removed"
    );
    assert_eq!(h.vm.handle(Event::ButtonDown(0x04)), Stop::NotRun);
    assert_eq!(
        h.vm.uxn().dev[0x82],
        0xf4,
        "the button byte still follows the host"
    );
    assert_eq!(h.vm.uxn().dev[0x83], 0);
    assert_eq!(log(&h), [(0xf0, b'h'), (0xf0, b'z'), (0xf0, b'x')]);
}

#[test]
fn console_machines_have_no_controller() {
    let mut h = Harness::load(Kind::Console, "tests/controller/log.tal");
    h.vm.boot();
    assert_eq!(h.vm.handle(Event::ButtonDown(0x01)), Stop::NotRun);
    assert_eq!(h.vm.handle(Event::Key(b'a')), Stop::NotRun);
    assert_eq!(h.vm.uxn().dev[0x82..0x84], [0xf0, 0x00]);
}
