//! Console device: output sinks and the argument/stdin delivery protocol.

mod common;

use common::{BACKENDS, Harness};
use varvara::{Event, Kind, Stop};

fn log(h: &Harness, count: usize) -> Vec<(u8, u8)> {
    assert_eq!(h.ram(0x01) as usize, count, "vector calls");
    h.ram_slice(0x1000, count * 2)
        .chunks(2)
        .map(|p| (p[0], p[1]))
        .collect()
}

#[test]
fn arguments_then_stdin() {
    for (kind, backend) in [Kind::Console, Kind::Gui]
        .into_iter()
        .flat_map(|kind| BACKENDS.map(|backend| (kind, backend)))
    {
        let mut h = Harness::configured(kind, |config| config.backend = backend);
        h.vm.load(&common::assemble("tests/console/protocol.tal"), true)
            .unwrap();
        h.vm.boot();
        assert_eq!(
            h.ram(0x00),
            0x01,
            "type during the reset vector with arguments"
        );
        assert!(h.vm.has_console_vector());
        assert_eq!(h.vm.send_args(&["ab", "c"]), Stop::Break);
        assert_eq!(h.vm.handle(Event::ConsoleByte(b'x')), Stop::Break);
        assert_eq!(h.vm.handle(Event::ConsoleEnd), Stop::Break);
        let expected = [
            (0x61, 0x02),
            (0x62, 0x02),
            (0x0a, 0x03),
            (0x63, 0x02),
            (0x0a, 0x04),
            (0x78, 0x01),
            // Varvara 79K: the end of stdin is a line feed too.
            (0x0a, 0x04),
        ];
        assert_eq!(log(&h, 7), expected);
    }
}

#[test]
fn no_arguments_and_empty_arguments() {
    let mut h = Harness::load(Kind::Console, "tests/console/protocol.tal");
    h.vm.boot();
    assert_eq!(
        h.ram(0x00),
        0x00,
        "type during the reset vector without arguments"
    );
    assert_eq!(h.vm.send_args(&[] as &[&str]), Stop::NotRun);
    assert_eq!(h.vm.send_args(&[b"".as_slice(), b"\xc3\xa9"]), Stop::Break);
    assert_eq!(
        log(&h, 4),
        [(0x0a, 0x03), (0xc3, 0x02), (0xa9, 0x02), (0x0a, 0x04)]
    );
}

#[test]
fn write_and_error_go_to_their_sinks() {
    let mut h = Harness::load(Kind::Console, "tests/console/write.tal");
    h.vm.boot();
    assert_eq!(h.out.text(), "hello\n");
    assert_eq!(h.err.text(), "oops!");
    assert!(!h.vm.has_console_vector(), "latched on the low byte only");
    assert_eq!(h.vm.handle(Event::ConsoleByte(b'a')), Stop::NotRun);
}
