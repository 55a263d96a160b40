//! The fused paths against the match engine: every opcode after `LIT`, after `LIT2` and on
//! its own, followed by a `JCI` (fused after comparisons), placed in the middle of memory
//! and at each of the last few addresses, with stack pointers in the middle and at both
//! ends of the stacks, with and without budget.

extern crate std;

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::{Backend, Budget, Device, Stop, Uxn};

/// Logs every device access; ports `04`/`05` move the stack pointers, as System does.
#[derive(Default, PartialEq, Debug)]
struct Log(Vec<(bool, u8, u8)>);

impl Device for Log {
    fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let v = match port {
            0x04 => vm.wst.ptr,
            0x05 => vm.rst.ptr,
            _ => vm.dev[port as usize] ^ self.0.len() as u8,
        };
        self.0.push((false, port, v));
        v
    }

    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let v = vm.dev[port as usize];
        self.0.push((true, port, v));
        match port {
            0x04 => vm.wst.ptr = v,
            0x05 => vm.rst.ptr = v,
            _ => {}
        }
    }
}

/// Puts `program` at `at` in a machine with patterned stacks and device page.
fn prepare(vm: &mut Uxn, program: &[u8], at: u16, wp: u8, rp: u8) {
    vm.ram.fill(0);
    for (i, b) in program.iter().enumerate() {
        vm.ram[at.wrapping_add(i as u16) as usize] = *b;
    }
    for i in 0..256 {
        vm.wst.dat[i] = (i as u8).wrapping_mul(37).wrapping_add(11);
        vm.rst.dat[i] = (i as u8).wrapping_mul(53).wrapping_add(3);
        vm.dev[i] = (i as u8).wrapping_mul(5);
    }
    vm.dev[0x0f] = 0;
    vm.wst.ptr = wp;
    vm.rst.ptr = rp;
    vm.pc = 0;
}

type State = (
    Stop,
    u16,
    Box<[u8]>,
    crate::Stack,
    crate::Stack,
    Box<[u8]>,
    Log,
);

fn run(vm: &mut Uxn, start: u16, budget: u32) -> State {
    let mut log = Log::default();
    let stop = vm.eval(&mut log, start, Budget(budget));
    let ram: Box<[u8]> = vm.ram.to_vec().into_boxed_slice();
    let dev: Box<[u8]> = vm.dev.to_vec().into_boxed_slice();
    (stop, vm.pc, ram, vm.wst.clone(), vm.rst.clone(), dev, log)
}

#[test]
fn fused_and_plain_handlers_agree_with_the_match_engine() {
    let mut tail = Uxn::new();
    let mut matched = Uxn::new();
    tail.set_backend(Backend::TailCall);
    matched.set_backend(Backend::Match);
    let positions = [
        0x0100u16, 0xfff5, 0xfff7, 0xfff8, 0xfff9, 0xfffa, 0xfffb, 0xfffc,
    ];
    let pointers = [
        (0x01u8, 0x80u8),
        (0x02, 0xff),
        (0x80, 0x01),
        (0xfe, 0x80),
        (0xff, 0xfe),
    ];
    for op in 0..=255u8 {
        for prefix in [&[][..], &[0x80, 0x02][..], &[0xa0, 0x01, 0x07][..]] {
            // The opcode, a JCI over three bytes, then two literals to tell the paths apart.
            let mut program = prefix.to_vec();
            program.extend_from_slice(&[op, 0x20, 0x00, 0x03, 0x80, 0x11, 0x00, 0x80, 0x22]);
            for at in positions {
                for (wp, rp) in pointers {
                    for budget in [0, 1, 40] {
                        prepare(&mut tail, &program, at, wp, rp);
                        prepare(&mut matched, &program, at, wp, rp);
                        // `0000` is not a vector: start at 0001 then, as the scenarios do.
                        let start = at.max(1);
                        let a = run(&mut tail, start, budget);
                        let b = run(&mut matched, start, budget);
                        assert!(
                            a == b,
                            "{program:02x?} at {at:04x}, wp {wp:02x} rp {rp:02x}, budget {budget}: \
                             tailcall {:?} {:04x}, match {:?} {:04x}",
                            a.0,
                            a.1,
                            b.0,
                            b.1
                        );
                    }
                }
            }
        }
    }
}
