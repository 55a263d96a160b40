//! The 121 test vectors of uxn.md §12 (measured on the reference; rows 60–62 give the
//! Varvara 79K reads of System/wst), run on both engines.

mod common;

use common::{TestDevice, hex_bytes};
use uxn_core::{Backend, Budget, Stack, Stop, Uxn};

struct Vector {
    number: u32,
    program: String,
    rom: Vec<u8>,
    wst: String,
    rst: String,
}

fn vectors() -> Vec<Vector> {
    include_str!("data/vectors.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Vector {
                number: f[0].parse().unwrap(),
                program: f[1].to_string(),
                rom: hex_bytes(f[2]),
                wst: f[3].to_string(),
                rst: f[4].to_string(),
            }
        })
        .collect()
}

/// Checks a stack against a table cell: `(empty)`, `12 34`, or for wrap-around rows
/// `[dat[0..ptr]] ptr=xx, dat[f8..ff]=…`.
fn check_stack(cell: &str, stack: &Stack, what: &str) {
    if cell == "(empty)" {
        assert_eq!(stack.ptr, 0, "{what}: expected an empty stack");
    } else if let Some(pos) = cell.find("ptr=") {
        let prefix = hex_bytes(&cell[..pos]);
        let rest = &cell[pos + 4..];
        let ptr = u8::from_str_radix(&rest[..2], 16).unwrap();
        let tail = hex_bytes(rest.split('=').nth(1).unwrap());
        assert_eq!(stack.ptr, ptr, "{what}: pointer");
        assert_eq!(&stack.dat[0xf8..], &tail[..], "{what}: dat[f8..ff]");
        assert_eq!(&stack.dat[..prefix.len()], &prefix[..], "{what}: dat[00..]");
    } else {
        assert_eq!(stack.live(), &hex_bytes(cell)[..], "{what}");
    }
}

fn run_vectors(backend: Backend) {
    let all = vectors();
    assert_eq!(all.len(), 121);
    for v in all {
        let mut vm = Uxn::new();
        vm.set_backend(backend);
        vm.load_rom(&v.rom).unwrap();
        let mut dev = TestDevice::default();
        let stop = vm.eval(&mut dev, 0x100, Budget(1000));
        let what = format!("{backend} vector {} `{}`", v.number, v.program);
        assert_eq!(stop, Stop::Break, "{what}");
        check_stack(&v.wst, &vm.wst, &format!("{what} WST"));
        check_stack(&v.rst, &vm.rst, &format!("{what} RST"));
        match v.number {
            119 => assert_eq!((&dev.stdout[..], &dev.stderr[..]), (&b"A"[..], &b"B"[..])),
            120 => assert_eq!((&dev.stdout[..], &dev.stderr[..]), (&b"A"[..], &b""[..])),
            _ => assert!(dev.stdout.is_empty() && dev.stderr.is_empty(), "{what}"),
        }
    }
}

#[test]
fn reference_vectors_tailcall() {
    run_vectors(Backend::TailCall);
}

#[test]
fn reference_vectors_match() {
    run_vectors(Backend::Match);
}
