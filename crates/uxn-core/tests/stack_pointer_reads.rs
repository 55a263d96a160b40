//! Varvara 79K: `DEI` of System/wst (`04`) and /rst (`05`) reads the pointer as it is once
//! the result byte's slot has been taken (varvara.md §1.2, uxn.md §6.6), on both engines
//! and in every mode: keep, return, short, and a stack that wraps.

mod common;

use common::TestDevice;
use uxn_core::{Backend, Budget, Stop, Uxn};

/// Runs `source` (uxntal, from `0100`) and returns the machine.
fn run(source: &str, backend: Backend) -> Box<Uxn> {
    let rom = uxn_asm::assemble(format!("|0100 {source}").as_bytes(), "case.tal")
        .unwrap_or_else(|e| panic!("{source}: {e}"))
        .rom;
    let mut vm = Uxn::new();
    vm.set_backend(backend);
    vm.load_rom(&rom).unwrap();
    let stop = vm.eval(&mut TestDevice::default(), 0x100, Budget(100));
    assert_eq!(stop, Stop::Break, "{backend}: {source}");
    vm
}

#[test]
fn every_mode_reads_the_pointer_past_its_own_slot() {
    // Program, then both stacks bottom to top.
    let cases: &[(&str, &[u8], &[u8])] = &[
        // The worked cases of varvara.md §1.2.
        ("#04 DEI", &[0x01], &[]),
        ("#aa #bb #04 DEI", &[0xaa, 0xbb, 0x03], &[]),
        ("#aa #bb #04 DEIk", &[0xaa, 0xbb, 0x04, 0x04], &[]),
        ("LIT2r 1234 #05 DEI", &[0x02], &[0x12, 0x34]),
        ("LITr 12 LITr 05 DEIr", &[], &[0x12, 0x02]),
        ("#04 DEI2", &[0x01, 0x00], &[]),
        ("#04 DEI2k", &[0x04, 0x02, 0x00], &[]),
        // The remaining modes. Each byte of a short is read once its own slot is taken:
        // the low byte of `#03 DEI2` (port 04) sees both slots.
        ("#03 DEI2", &[0x00, 0x02], &[]),
        ("LITr 05 DEIkr", &[], &[0x05, 0x02]),
        ("#aa LITr 04 DEI2r", &[0xaa], &[0x01, 0x02]),
        ("LITr 04 DEI2kr", &[], &[0x04, 0x00, 0x03]),
        ("#aa #bb LITr 04 DEIr", &[0xaa, 0xbb], &[0x02]),
        // The result as the top operand of the next instruction.
        ("#04 DEI #04 DEI ADD", &[0x03], &[]),
    ];
    for backend in [Backend::TailCall, Backend::Match] {
        for &(source, wst, rst) in cases {
            let vm = run(source, backend);
            assert_eq!(
                (vm.wst.live(), vm.rst.live()),
                (wst, rst),
                "{backend}: {source}"
            );
        }
    }
}

#[test]
fn the_slot_can_wrap_around_the_stack() {
    for backend in [Backend::TailCall, Backend::Match] {
        // Pointer ff: the literal lands in dat[ff], the kept read in dat[00].
        let vm = run("#ff #04 DEO #04 DEIk", backend);
        assert_eq!(vm.wst.ptr, 0x01, "{backend}");
        assert_eq!(
            (vm.wst.dat[0xff], vm.wst.dat[0x00]),
            (0x04, 0x01),
            "{backend}"
        );
        // Pointer fe, then a short read: the high byte in dat[fe] sees ff, the low byte
        // (port 05) lands in dat[ff] and reads the return stack.
        let vm = run("#fe #04 DEO LITr aa #04 DEI2", backend);
        assert_eq!(vm.wst.ptr, 0x00, "{backend}");
        assert_eq!(
            (vm.wst.dat[0xfe], vm.wst.dat[0xff]),
            (0xff, 0x01),
            "{backend}"
        );
    }
}
