//! Differential testing: random programs on random machines must end in exactly the same
//! state on the tail-call engine as on the match engine (RAM, stacks, device page, every
//! device access in order, pc and stop reason).

mod common;

use common::{Scenario, run};
use proptest::prelude::*;
use uxn_core::Backend;

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(any::<u8>(), 1..96),
        any::<u16>(),
        any::<u64>(),
        prop_oneof![Just(0u8), Just(2), Just(16), Just(64)],
        any::<u8>(),
        any::<u8>(),
        prop_oneof![0u32..4, 0u32..64, 0u32..2000],
    )
        .prop_map(
            |(program, pc, seed, zero_density, wst_ptr, rst_ptr, budget)| Scenario {
                program,
                pc,
                seed,
                zero_density,
                wst_ptr,
                rst_ptr,
                budget,
                wst_top: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn engines_agree_on_random_programs(s in scenario()) {
        let tail = run(&s, Backend::TailCall);
        let matched = run(&s, Backend::Match);
        prop_assert!(tail == matched, "engines differ: tailcall stop {:?} pc {:04x}, match stop {:?} pc {:04x}",
            tail.stop, tail.pc, matched.stop, matched.pc);
    }

    /// Programs placed at the very end of memory exercise the wrap-around rules and the
    /// budget charge for running off the end, and the handlers that look up to seven bytes
    /// ahead (`DUP2 LIT2 hi lo LTH2 JCI hi lo`).
    #[test]
    fn engines_agree_at_the_end_of_memory(mut s in scenario(), back in 1u16..16) {
        s.pc = 0u16.wrapping_sub(back);
        let tail = run(&s, Backend::TailCall);
        let matched = run(&s, Backend::Match);
        prop_assert!(tail == matched, "engines differ at {:04x}: {:?} vs {:?}", s.pc, tail.stop, matched.stop);
    }
}

/// `program` placed `back` bytes before the end of memory, with `top` on the working stack
/// (a condition for the jumps) and half of the background memory `BRK`.
fn near_the_end(program: Vec<u8>, back: u16, budget: u32, top: u8, seed: u64) -> Scenario {
    Scenario {
        program,
        pc: 0u16.wrapping_sub(back),
        seed,
        zero_density: 128,
        wst_ptr: 0x10,
        rst_ptr: 0x20,
        budget,
        wst_top: Some(top),
    }
}

/// Every opcode at each of the last three addresses, with no budget and with one unit,
/// with a true and a false condition on the stack: the wrap-around charge is exact.
#[test]
fn engines_agree_on_every_opcode_at_the_end_of_memory() {
    for op in 0..=255u8 {
        for back in 1..=3u16 {
            for budget in 0..2 {
                for condition in [0u8, 1] {
                    let s = near_the_end(
                        vec![op, 0x00, condition, 0x01],
                        back,
                        budget,
                        condition,
                        op as u64 * 7 + back as u64,
                    );
                    let mut tail = run(&s, Backend::TailCall);
                    let mut matched = run(&s, Backend::Match);
                    tail.ram.clear();
                    matched.ram.clear();
                    assert_eq!(
                        tail, matched,
                        "opcode {op:02x} at {:04x}, budget {budget}",
                        s.pc
                    );
                }
            }
        }
    }
}

/// The loop test `DUP ;end LTH ?&loop` runs in fused handlers that read the literal, the
/// comparison and the `JCI` ahead of the `DUP`: started anywhere in the last sixteen bytes
/// (so that it is cut off by the end of memory in every possible place), in both widths,
/// with the jump taken and not, with no budget and with some, both engines agree.
#[test]
fn engines_agree_on_the_fused_loop_test_near_the_end_of_memory() {
    let loop_tests: [&[u8]; 4] = [
        // DUP2 LIT2 0000 LTH2 JCI +0002, and the same with GTH2: taken and not taken.
        &[0x26, 0xa0, 0x00, 0x00, 0x2b, 0x20, 0x00, 0x02],
        &[0x26, 0xa0, 0x00, 0x00, 0x2a, 0x20, 0x00, 0x02],
        // DUP LIT 00 EQU JCI +0003, NEQ.
        &[0x06, 0x80, 0x00, 0x08, 0x20, 0x00, 0x03],
        &[0x06, 0x80, 0x00, 0x09, 0x20, 0x00, 0x03],
    ];
    for program in loop_tests {
        for back in 1..=16u16 {
            for budget in [0, 1, 5] {
                for top in [0u8, 1] {
                    let s = near_the_end(
                        program.to_vec(),
                        back,
                        budget,
                        top,
                        back as u64 * 31 + budget as u64,
                    );
                    let tail = run(&s, Backend::TailCall);
                    let matched = run(&s, Backend::Match);
                    assert!(
                        tail == matched,
                        "{program:02x?} at {:04x}, budget {budget}, top {top}: \
                         tailcall {:?} at {:04x}, match {:?} at {:04x}",
                        s.pc,
                        tail.stop,
                        tail.pc,
                        matched.stop,
                        matched.pc
                    );
                }
            }
        }
    }
}
