//! The step budget: how a runaway vector is stopped without a counter per instruction.
//!
//! A vector can only run forever by jumping backwards or by running off the end of
//! memory and wrapping to `0000`. So instead of counting every instruction, the budget is
//! charged one unit by exactly these *chargeable* instructions:
//!
//! * every jump or call that is taken (`JMP`, `JCN` when its condition is non-zero,
//!   `JSR`, in every mode, and `JCI` when taken, `JMI`, `JSI`);
//! * every other instruction whose next sequential address wraps past `ffff` (a one-byte
//!   opcode at `ffff`, a `LIT` at `fffe`, a `LIT2`/not-taken `JCI` at `fffd`…).
//!
//! Between two chargeable instructions at most 65 536 bytes of code run straight through,
//! so a budget of `n` bounds a vector to fewer than `(n + 1) × 65 536` instructions.
//! When a chargeable instruction finds the budget empty the vector stops *before* it:
//! nothing has changed and [`crate::Uxn::pc`] points at that instruction.
//! Both engines charge identically, which the differential tests check.

/// Units of budget for one vector call (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Budget(pub u32);

impl Budget {
    /// Roughly the reference emulator's `STEP_MAX` (2³¹ instructions): typical loops take
    /// one charged jump every 4–10 instructions, so this stops a stuck vector after a few
    /// seconds, as the reference does.
    pub const REFERENCE: Budget = Budget(1 << 28);
    /// No practical limit.
    pub const UNLIMITED: Budget = Budget(u32::MAX);
}

impl Default for Budget {
    fn default() -> Self {
        Budget::REFERENCE
    }
}

/// Why [`crate::Uxn::eval`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stop {
    /// The vector reached `BRK`; [`crate::Uxn::pc`] is the address of that `BRK`.
    Break,
    /// Nothing ran: the vector address was `0000`, or the machine is halted
    /// (System/state is non-zero).
    NotRun,
    /// The step budget ran out; [`crate::Uxn::pc`] is the instruction that would have
    /// been executed next.
    OutOfBudget,
}
