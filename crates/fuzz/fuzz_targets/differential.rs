//! Differential fuzzing: a random machine (program bytes placed anywhere in memory over
//! random background memory, random stacks and device page, a random budget) must end in
//! exactly the same state on the tail-call engine as on the match engine: RAM, stacks,
//! device page, every device access in order, pc and stop reason.
//!
//! The machine is built by the scenario code of the differential tests.
//!
//! Run with `scripts/fuzz differential`, or from `crates/fuzz` with
//! `cargo fuzz run -s none differential -- -max_len=272`. The sanitizer is off because
//! AddressSanitizer cannot instrument the tail-call handlers (LLVM does not support its
//! stack realignment under their calling convention); the engines are safe Rust apart from
//! stated invariants, and the oracle here is the other engine.
#![no_main]

#[path = "../../uxn-core/tests/common/mod.rs"]
mod common;

use common::{Scenario, run};
use libfuzzer_sys::fuzz_target;
use uxn_core::Backend;

/// Bytes of setup in front of the program.
const HEADER: usize = 16;

/// Reads a scenario from the fuzzer's bytes; `None` when there are too few.
fn scenario(data: &[u8]) -> Option<Scenario> {
    let (head, program) = data.split_at_checked(HEADER)?;
    if program.is_empty() {
        return None;
    }
    let u16_at = |i: usize| u16::from_le_bytes([head[i], head[i + 1]]);
    let seed = u64::from_le_bytes(head[2..10].try_into().ok()?);
    // Mostly mid-range stack pointers (the fast paths), sometimes the ends of the stacks.
    let pointer = |b: u8| if b & 0x80 != 0 { b } else { 0x40 + (b & 0x7f) };
    Some(Scenario {
        program: program.iter().copied().take(256).collect(),
        pc: u16_at(0),
        seed,
        zero_density: [0, 2, 16, 64][head[10] as usize & 3],
        wst_ptr: pointer(head[11]),
        rst_ptr: pointer(head[12]),
        // Small enough that a run takes milliseconds: a budget unit can cost 65 536 steps.
        budget: u16_at(13) as u32 % 256,
        wst_top: (head[15] & 1 != 0).then_some(head[15] >> 1),
    })
}

fuzz_target!(|data: &[u8]| {
    if let Some(s) = scenario(data) {
        let tail = run(&s, Backend::TailCall);
        let matched = run(&s, Backend::Match);
        assert!(
            tail == matched,
            "engines differ at {:04x}: tailcall {:?} pc {:04x}, match {:?} pc {:04x}",
            s.pc,
            tail.stop,
            tail.pc,
            matched.stop,
            matched.pc
        );
    }
});
