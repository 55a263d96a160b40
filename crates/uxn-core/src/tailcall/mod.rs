//! The tail-call engine.
//!
//! Every opcode has its own handler, specialised at compile time for its keep/return/short
//! bits (const generics), so mode bits cost nothing at run time. A handler does its work and
//! ends with `become` into the handler of the next opcode: the machine registers (pc and
//! both stack pointers) travel from handler to handler in CPU registers
//! (`extern "rust-preserve-none"` leaves every register to the arguments), and every handler
//! has its own indirect jump, which gives the branch predictor one history per opcode.
//!
//! What keeps a handler short. The numbers are host instructions per Uxn instruction on
//! recursive `fib` under callgrind (`scripts/bench`), from 24.7 for a straightforward
//! version of this design down to 12:
//!
//! * **One range check instead of wrapping arithmetic** (24.7 → 15). The stacks are 256-byte
//!   rings, so every access at `ptr ± k` would need its own `& 0xff`. Each handler instead
//!   checks once that none of its accesses wraps (one compare and branch, with bounds
//!   derived at compile time from the operation's [`ops::Shape`]); the fast path then
//!   reaches every operand at a fixed displacement and moves a short in one 16-bit access.
//!   An instruction near the ends of a stack runs the same code compiled with wrapping
//!   indices, in a separate cold handler.
//! * **The budget costs nothing in straight-line code.** It is charged only by taken
//!   jumps and by the wrap at `ffff` (see `budget.rs`); the fast path rules out an opcode at
//!   `ffff` with one compare, which doubles as the bounds check of the next opcode fetch
//!   that would be needed anyway. Jumps skip even that: a taken jump is charged regardless
//!   of where it sat.
//! * **Literals fused with their consumer** (15 → 13.5). `LIT`/`LIT2` are a third of all
//!   instructions in typical code (`#0002 SUB2`, `.x LDZ2`, `;f JSR2`, `.Port DEO`). Their
//!   handler only looks up the next opcode in a second table, whose handlers read the
//!   literal from the program themselves and use it as their top operand. The literal is
//!   still written to the stack memory (it stays observable above the stack pointer), but
//!   the separate push, pointer update and reload disappear. Operations on the return
//!   stack, and the special opcodes, get a small handler that pushes the literal and
//!   carries on normally.
//! * **The bounds the compiler cannot see** (13.5 → 12.5), stated once per handler (see
//!   [`assume_registers`]; the only `unsafe` of the engine).
//! * **A comparison runs the `JCI` after it** (12.5 → 12), branching on the condition it
//!   just computed instead of dispatching to the `JCI` handler (see [`fast`]).
//! * **`DUP` skips a literal's handler** (fib 11.95 → 11.79, sieve 13.28 → 13.16). The
//!   loop test `DUP2 ;end LTH2 ?&loop` and the recursion test `DUP2 #0002 LTH2 ?{` start
//!   with `DUP` and a literal, so `DUP` looks at the opcode after it and, for a literal of
//!   its own width, goes straight to the literal table (see [`fast`]). The check is one
//!   compare on the opcode `DUP` loads anyway; the end-of-memory bound it needs is folded
//!   into `DUP`'s existing one. A first version that checked that bound separately cost
//!   more than it saved (`fib` 13.84), because the compiler merged the two tests into flag
//!   arithmetic. Over 21 paired runs `sieve` got 14% faster (every pair), `fib` stayed
//!   the same.
//!
//! Two things matter beyond the instruction count. Every stack access is exactly as wide
//! as the value it moves, so that a load is served by a single earlier store (see
//! `frame::access`), and cold paths are marked as such, so that the fast path of a handler
//! is straight-line code ending in its one indirect jump.
//!
//! Tried and dropped: caching the top short of the working stack in a seventh register
//! (written through to memory, so that the next handler need not reload what the last one
//! stored; a store-to-load round trip costs about 7 cycles on this machine's Zen 3). It
//! removed the loads from `DUP2` and from literal arithmetic, but the new top after a pop
//! still comes from memory, and the bookkeeping cost instructions: `fib` went from 11.95 to
//! 12.11 host instructions per Uxn instruction, `sieve` from 13.09 to 13.76, and over 30
//! interleaved runs `fib` got slower (fastest run 287 → 324 ms) while `sieve` gained 4%.
//! Also dropped: byte-only stack accesses and volatile accesses (see `frame::access`), and
//! fetching the next opcode before the current one's work. And a guard byte after memory
//! (a `BRK` at `10000` whose handler charges the wrap to `0000`, so that no handler has to
//! test whether it sat at `ffff`): it took the test out of nearly every handler (`fib`
//! 11.79 → 11.58 host instructions per Uxn instruction, `sieve` 13.16 → 12.18), yet over
//! 21 to 31 paired runs `fib` was 2–13% slower whatever the guard's size, and `sieve` no
//! faster.
//!
//! Wall times on this machine move by up to 10% with nothing but the placement of the
//! handlers in the binary (aligning them to 32 or 64 bytes made `sieve` 4–10% faster and
//! `fib` up to 5% slower), so every change above was judged by paired runs (`A B`, `B A`,
//! … on the same ROM, comparing neighbours) and by the instruction count together.
//!
//! The chain is left only for `BRK` and when the budget runs out. Device calls happen in
//! place: the stack pointers are written back to [`Uxn`] before the call and reloaded after.

mod frame;
mod ops;
#[cfg(test)]
mod tests;

use crate::{Device, Stop, Uxn};
use frame::Frame;
use ops::Body;

/// The device, as the handlers pass it on: one thin pointer (to the fat one on [`run`]'s
/// stack), so that no handler rebuilds a `&mut dyn` from two registers.
type Io<'d> = &'d mut dyn Device;

/// What a handler hands to its operation besides the machine and the stacks: the device
/// and the remaining budget. Built afresh in every handler from its arguments, and taken
/// apart again for the next one; it lives in registers.
///
/// The budget travels as an argument of its own, in a register, rather than in memory
/// behind a pointer: charging is then one register decrement instead of a
/// read-modify-write of memory, and successive charges do not form a chain through memory
/// (each waiting about 6 cycles for the one before). The host instruction count does not
/// change, and neither, within what this machine can resolve, does the time: over 41
/// paired runs `fib` was 4% faster (25 of 41 pairs), over 21 pairs `sieve` was the same.
/// It is kept because it takes two memory accesses off every taken jump.
struct Ctx<'a, 'd> {
    io: &'a mut Io<'d>,
    /// Signed, so that charging is a decrement and a sign test; it starts from a `u32`, so
    /// it never overflows.
    fuel: isize,
}

impl Ctx<'_, '_> {
    /// Charges one unit of budget; `false` when it is spent.
    #[inline(always)]
    fn charge(&mut self) -> bool {
        self.fuel -= 1;
        self.fuel >= 0
    }
}

/// Every handler has this exact signature, as `become` requires: the machine, the device,
/// the dispatch tables, `pc`, the working and return stack pointers (below 256; passed as
/// `usize` so that no handler has to zero-extend them), and the remaining budget. For the
/// handlers of the plain table `pc` is the address after the opcode (`10000` when the
/// opcode sat at `ffff`); for those of the literal tables it is the address of the
/// literal, which `LIT` has checked to leave the literal, the opcode and three more bytes
/// (a `JCI`) below `ffff`.
type Handler = for<'v, 'c, 'd> extern "rust-preserve-none" fn(
    &'v mut Uxn,
    &'c mut Io<'d>,
    &'static Tables,
    usize,
    usize,
    usize,
    isize,
) -> Stop;

/// `plain[op]` runs opcode `op`; `lit[n - 1][op]` runs it after an `n`-byte literal, which
/// it reads itself (see [`lit`]).
struct Tables {
    plain: [Handler; 256],
    lit: [[Handler; 256]; 2],
}

pub(crate) fn run<D: Device>(vm: &mut Uxn, device: &mut D, pc: u16, fuel: u32) -> Stop {
    let mut io: Io<'_> = device;
    let (wp, rp) = (vm.wst.ptr as usize, vm.rst.ptr as usize);
    let op = vm.ram[pc as usize];
    (TABLES.plain[op as usize])(
        vm,
        &mut io,
        &TABLES,
        pc as usize + 1,
        wp,
        rp,
        isize::try_from(fuel).unwrap_or(isize::MAX),
    )
}

/// Dispatches to the handler of the opcode at `pc` (which is below `10000`; the mask
/// costs nothing where the compiler can see that).
macro_rules! next {
    ($vm:ident, $ctx:ident, $t:ident, $pc:expr, $wp:expr, $rp:expr) => {{
        let pc: usize = $pc & 0xffff;
        let op = $vm.ram[pc];
        become $t.plain[op as usize]($vm, $ctx.io, $t, pc + 1, $wp, $rp, $ctx.fuel)
    }};
}

/// Leaves the chain because the budget is spent: stores the registers back into the
/// machine, with `pc` at the instruction that was not run. It has the handlers' signature
/// so that reaching it is a plain jump: a call with the ordinary calling convention would
/// make the compiler shuffle the hot path's registers around it.
#[cold]
#[inline(never)]
extern "rust-preserve-none" fn out_of_budget(
    vm: &mut Uxn,
    _io: &mut Io<'_>,
    _t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    _fuel: isize,
) -> Stop {
    store_registers(vm, pc, wp, rp);
    Stop::OutOfBudget
}

#[inline(always)]
fn store_registers(vm: &mut Uxn, pc: usize, wp: usize, rp: usize) {
    vm.pc = pc as u16;
    vm.wst.ptr = wp as u8;
    vm.rst.ptr = rp as u8;
}

/// Tells the compiler what every caller guarantees: stack pointers below 256 and `pc` at
/// most `max` (`10000` for the plain table, `fffb` less the literal size for the literal
/// tables).
///
/// The registers cross from handler to handler as arguments, so the compiler cannot see
/// these bounds; without them it keeps a bounds check on every stack and memory access and
/// needs both bounds in every range check. Measured without this: 16.0 instead of 12.0
/// host instructions per Uxn instruction on recursive `fib` (callgrind), and 8–10% more
/// time on `fib` and `sieve`.
#[inline(always)]
fn assume_registers(pc: usize, wp: usize, rp: usize, max: usize) {
    debug_assert!(wp < 256 && rp < 256 && pc <= max);
    // SAFETY: `run` starts with `pc + 1 <= 10000` and both pointers read from `u8`s. Every
    // handler passes on a `pc` that is `(x & ffff) + 1` (`next!`), or one that its own
    // check put below `fffb` (`LIT` into a literal table), and stack pointers that are
    // either masked with `ff` or were range-checked so that the result stays below 256.
    unsafe { core::hint::assert_unchecked(wp < 256 && rp < 256 && pc <= max) };
}

/// The stack pointers for which no stack access of this instruction wraps around a
/// stack's ends (see [`ops::Shape`]): `(low, high, other_high)`, the source pointer must lie
/// in `low..=high` and the other one at most at `other_high`.
#[inline(always)]
fn bounds<O: Body, const K: bool, const W: bool, const IMM: usize>() -> (usize, usize, usize) {
    let shape = O::SHAPE[W as usize];
    // Reads reach down to `s + IMM - pops`; the literal and the pushes reach up to
    // `s + extent`, which is also where the pointer may end.
    let low = shape.pops.saturating_sub(IMM);
    let after = if K {
        IMM + shape.pushes
    } else {
        (IMM + shape.pushes).saturating_sub(shape.pops)
    };
    let extent = if after > IMM { after } else { IMM };
    (low, 255 - extent, 255 - shape.other)
}

/// The literal of a fused handler, in memory order (see [`Frame`]), read from the program
/// at `at`.
#[inline(always)]
fn literal<const IMM: usize>(vm: &Uxn, at: usize) -> u16 {
    match IMM {
        0 => 0,
        1 => vm.ram[at & 0xffff] as u16,
        _ => u16::from_ne_bytes([vm.ram[at & 0xffff], vm.ram[(at + 1) & 0xffff]]),
    }
}

/// The fast handler of a moded operation: no stack access wraps and the opcode is not at
/// `ffff` (with a literal, `LIT` has made sure of that). Anything else goes to [`slow`].
extern "rust-preserve-none" fn fast<
    O: Body,
    const K: bool,
    const R: bool,
    const W: bool,
    const IMM: usize,
>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let mut ctx = Ctx { io, fuel };
    assume_registers(pc, wp, rp, if IMM == 0 { 0x10000 } else { 0xfffb - IMM });
    // The opcode sat at `ffff`; for a comparison anywhere from `fffc`, so that a `JCI` after
    // it ends inside memory, and for `DUP` near enough to the end that a literal after it
    // would not fit the literal tables (see below).
    let last_pc = if O::FLAG {
        0xfffc
    } else if O::DUP && !K && !R {
        0xfffa - if W { 2 } else { 1 }
    } else {
        0xffff
    };
    if IMM == 0 && !O::JUMP && pc > last_pc {
        core::hint::cold_path();
        become slow::<O, K, R, W, IMM>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    let (s, o) = if R { (rp, wp) } else { (wp, rp) };
    // Both bounds in one unsigned comparison. It has to stay a comparison of the full
    // register: the compiler derives from it that no stack index needs a bounds check.
    let (low, high, other_high) = bounds::<O, K, W, IMM>();
    let outside = match (low, high) {
        (0, _) => s > high,
        (_, 255) => s < low,
        _ => s.wrapping_sub(low) > high - low,
    };
    if outside {
        core::hint::cold_path();
        become slow::<O, K, R, W, IMM>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    if o > other_high {
        core::hint::cold_path();
        become slow::<O, K, R, W, IMM>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    let here = if IMM == 0 { pc } else { pc + IMM + 1 };
    let mut f = Frame::<K, R, W, IMM, true>::new(here, s, o, literal::<IMM>(vm, pc));
    f.store_literal(vm);
    if !O::exec(&mut f, vm, &mut ctx) {
        // A jump found the budget spent: stop in front of it. A literal handed over has
        // been pushed (its `LIT` ran), the jump itself has not.
        core::hint::cold_path();
        become out_of_budget(vm, ctx.io, t, here - 1, (wp + IMM) & 0xff, rp, ctx.fuel);
    }
    f.finish(vm);
    let (wp, rp) = f.out();
    if O::DUP && !K && !R {
        // `DUP` then a literal of the same width (`DUP2 #0002 LTH2`): skip the `LIT`
        // handler, whose only work is this lookup. The check at entry left the literal,
        // the opcode after it and a `JCI` below `ffff`, as the literal tables require.
        let at = f.pc;
        let len = if W { 2 } else { 1 };
        if vm.ram[at] == if W { 0xa0 } else { 0x80 } {
            let op = vm.ram[at + 1 + len];
            become t.lit[len - 1][op as usize](vm, ctx.io, t, at + 1, wp, rp, ctx.fuel);
        }
    }
    if O::FLAG && !R {
        // A comparison is nearly always followed by `JCI` (`?{`, `?&label`): run it right
        // here, branching on the condition still in a register. That saves the `JCI`
        // handler's dispatch and its checks (the condition is certainly on the working
        // stack); only the end-of-memory check stays.
        let at = f.pc;
        if vm.ram[at] == 0x20 {
            if f.last != 0 {
                if !ctx.charge() {
                    core::hint::cold_path();
                    become out_of_budget(vm, ctx.io, t, at, wp, rp, ctx.fuel);
                }
                let target = ((at + 3) as u16).wrapping_add(short_at(vm, at + 1));
                next!(vm, ctx, t, target as usize, wp - 1, rp)
            }
            next!(vm, ctx, t, at + 3, wp - 1, rp)
        }
    }
    next!(vm, ctx, t, f.pc, wp, rp)
}

/// The same operation with every stack index wrapped, including the budget charge for an
/// opcode at `ffff`.
#[inline(never)]
extern "rust-preserve-none" fn slow<
    O: Body,
    const K: bool,
    const R: bool,
    const W: bool,
    const IMM: usize,
>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let mut ctx = Ctx { io, fuel };
    let (s, o) = if R { (rp, wp) } else { (wp, rp) };
    let mut here = if IMM == 0 { pc } else { pc + IMM + 1 };
    if here > 0xffff && !O::JUMP {
        if !ctx.charge() {
            core::hint::cold_path();
            become out_of_budget(vm, ctx.io, t, 0xffff, wp, rp, ctx.fuel);
        }
        here = 0;
    }
    let mut f = Frame::<K, R, W, IMM, false>::new(here, s, o, literal::<IMM>(vm, pc));
    f.store_literal(vm);
    if !O::exec(&mut f, vm, &mut ctx) {
        core::hint::cold_path();
        become out_of_budget(vm, ctx.io, t, here - 1, (wp + IMM) & 0xff, rp, ctx.fuel);
    }
    f.finish(vm);
    let (wp, rp) = f.out();
    next!(vm, ctx, t, f.pc, wp, rp)
}

// --- Special opcodes (low five bits zero) -------------------------------------------------------

extern "rust-preserve-none" fn brk(
    vm: &mut Uxn,
    _io: &mut Io<'_>,
    _t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    _fuel: isize,
) -> Stop {
    store_registers(vm, pc - 1, wp, rp);
    Stop::Break
}

/// Bytes `i` and `i + 1` of `memory` as one 16-bit load. Taken as a `u16`: two byte loads
/// would only be merged by the compiler if it then computes with the value, and a short
/// that is only moved should be moved as one piece too.
#[inline(always)]
fn load_pair(memory: &[u8], i: usize) -> [u8; 2] {
    match memory.get(i..i + 2) {
        Some(pair) => u16::from_ne_bytes([pair[0], pair[1]]).to_ne_bytes(),
        None => [0; 2],
    }
}

/// Writes bytes `i` and `i + 1` of `memory` with one 16-bit store.
#[inline(always)]
fn store_pair(memory: &mut [u8], i: usize, v: [u8; 2]) {
    if let Some(pair) = memory.get_mut(i..i + 2) {
        pair.copy_from_slice(&u16::from_ne_bytes(v).to_ne_bytes());
    }
}

/// The big-endian short at `addr` (which must leave room for the second byte).
#[inline(always)]
fn short_at(vm: &Uxn, addr: usize) -> u16 {
    u16::from_be_bytes([vm.ram[addr], vm.ram[addr + 1]])
}

/// `LIT`, `LIT2`, `LITr`, `LIT2r`. A literal for the working stack is not pushed here:
/// the handler only looks up the opcode that follows it in the literal table, and that
/// handler reads the literal from the program itself (see the module documentation).
extern "rust-preserve-none" fn lit<const R: bool, const W: bool>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let ctx = Ctx { io, fuel };
    assume_registers(pc, wp, rp, 0x10000);
    let len = if W { 2 } else { 1 };
    // Three bytes of room beyond the next opcode, for a `JCI` after a comparison.
    if R || pc >= 0xfffc - len {
        core::hint::cold_path();
        become lit_slow::<R, W>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    // The literal, the next opcode and the one after lie below `ffff`: nothing wraps.
    let op = vm.ram[pc + len];
    become t.lit[len - 1][op as usize](vm, ctx.io, t, pc, wp, rp, ctx.fuel)
}

/// A literal for the return stack, or one near the end of memory: push it.
#[inline(never)]
extern "rust-preserve-none" fn lit_slow<const R: bool, const W: bool>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let mut ctx = Ctx { io, fuel };
    let len = if W { 2 } else { 1 };
    // The instruction ends past `ffff` when its operand bytes reach the end of memory.
    if pc + len > 0xffff && !ctx.charge() {
        core::hint::cold_path();
        become out_of_budget(vm, ctx.io, t, pc - 1, wp, rp, ctx.fuel);
    }
    let (mut wp, mut rp) = (wp, rp);
    let sp = if R { &mut rp } else { &mut wp };
    let dat = if R { &mut vm.rst.dat } else { &mut vm.wst.dat };
    for i in 0..len {
        dat[*sp & 0xff] = vm.ram[(pc + i) & 0xffff];
        *sp = (*sp + 1) & 0xff;
    }
    next!(vm, ctx, t, pc + len, wp, rp)
}

/// An opcode without a fused variant after a literal: push the literal (at `pc`), then
/// run the opcode normally.
extern "rust-preserve-none" fn lit_then<const IMM: usize>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let ctx = Ctx { io, fuel };
    let mut wp = wp;
    for i in 0..IMM {
        vm.wst.dat[wp & 0xff] = vm.ram[(pc + i) & 0xffff];
        wp = (wp + 1) & 0xff;
    }
    next!(vm, ctx, t, pc + IMM, wp, rp)
}

/// `JCI`, `JMI`, `JSI`: a 16-bit offset from the end of the three-byte instruction.
/// `COND`: pop a condition byte from the working stack; `CALL`: push the return address.
extern "rust-preserve-none" fn immediate_jump<const COND: bool, const CALL: bool>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let mut ctx = Ctx { io, fuel };
    assume_registers(pc, wp, rp, 0x10000);
    // Fast: the instruction ends below `ffff` and no stack access wraps. (Separate
    // branches: merged into one condition they compile to flag arithmetic.)
    if pc >= 0xfffe {
        core::hint::cold_path();
        become immediate_jump_slow::<COND, CALL>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    if COND && wp == 0 {
        core::hint::cold_path();
        become immediate_jump_slow::<COND, CALL>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    if CALL && rp > 253 {
        core::hint::cold_path();
        become immediate_jump_slow::<COND, CALL>(vm, ctx.io, t, pc, wp, rp, ctx.fuel);
    }
    let next = (pc + 2) as u16;
    let taken = !COND || vm.wst.dat[wp - 1] != 0;
    if taken && !ctx.charge() {
        core::hint::cold_path();
        become out_of_budget(vm, ctx.io, t, pc - 1, wp, rp, ctx.fuel);
    }
    let wp = if COND { wp - 1 } else { wp };
    let mut rp = rp;
    if CALL {
        vm.rst.dat[rp..rp + 2].copy_from_slice(&next.to_be_bytes());
        rp += 2;
    }
    let target = if taken {
        pc + 2 + short_at(vm, pc) as usize
    } else {
        pc + 2
    };
    next!(vm, ctx, t, target, wp, rp)
}

/// [`immediate_jump`] near the end of memory or the ends of a stack.
#[inline(never)]
extern "rust-preserve-none" fn immediate_jump_slow<const COND: bool, const CALL: bool>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    t: &'static Tables,
    pc: usize,
    wp: usize,
    rp: usize,
    fuel: isize,
) -> Stop {
    let mut ctx = Ctx { io, fuel };
    let next = pc + 2;
    let wraps = next > 0xffff;
    let taken = !COND || vm.wst.dat[wp.wrapping_sub(1) & 0xff] != 0;
    if (taken || wraps) && !ctx.charge() {
        core::hint::cold_path();
        become out_of_budget(vm, ctx.io, t, pc - 1, wp, rp, ctx.fuel);
    }
    let wp = if COND { wp.wrapping_sub(1) & 0xff } else { wp };
    let mut rp = rp;
    if CALL {
        vm.rst.dat[rp & 0xff] = (next >> 8) as u8;
        vm.rst.dat[(rp + 1) & 0xff] = next as u8;
        rp = (rp + 2) & 0xff;
    }
    let target = if taken {
        let offset = u16::from_be_bytes([vm.ram[pc & 0xffff], vm.ram[(pc + 1) & 0xffff]]);
        next + offset as usize
    } else {
        next
    };
    next!(vm, ctx, t, target, wp, rp)
}

// --- The dispatch tables ------------------------------------------------------------------------

/// The eight mode variants of one base operation, indexed by `opcode >> 5`
/// (bit 0 = short, bit 1 = return, bit 2 = keep). Device operations always take the slow
/// handler, which reloads the stack pointers after the call. With a literal, only the
/// working-stack variants are fused.
macro_rules! modes {
    ($o:ty, $imm:literal) => {{
        let mut modes: [Handler; 8] = if <$o as Body>::DEVICE {
            [
                slow::<$o, false, false, false, $imm>,
                slow::<$o, false, false, true, $imm>,
                slow::<$o, false, true, false, 0>,
                slow::<$o, false, true, true, 0>,
                slow::<$o, true, false, false, $imm>,
                slow::<$o, true, false, true, $imm>,
                slow::<$o, true, true, false, 0>,
                slow::<$o, true, true, true, 0>,
            ]
        } else {
            [
                fast::<$o, false, false, false, $imm>,
                fast::<$o, false, false, true, $imm>,
                fast::<$o, false, true, false, 0>,
                fast::<$o, false, true, true, 0>,
                fast::<$o, true, false, false, $imm>,
                fast::<$o, true, false, true, $imm>,
                fast::<$o, true, true, false, 0>,
                fast::<$o, true, true, true, 0>,
            ]
        };
        if $imm != 0 {
            // Return mode: the literal is not an operand.
            modes[2] = lit_then::<$imm>;
            modes[3] = lit_then::<$imm>;
            modes[6] = lit_then::<$imm>;
            modes[7] = lit_then::<$imm>;
        }
        modes
    }};
}

/// One dispatch table; `$imm` is the size of the literal handed over (0: none).
macro_rules! table {
    ($imm:literal) => {{
        let specials: [Handler; 8] = if $imm == 0 {
            [
                brk,
                immediate_jump::<true, false>,
                immediate_jump::<false, false>,
                immediate_jump::<false, true>,
                lit::<false, false>,
                lit::<false, true>,
                lit::<true, false>,
                lit::<true, true>,
            ]
        } else {
            [lit_then::<$imm>; 8]
        };
        let bases: [[Handler; 8]; 32] = [
            specials,
            modes!(ops::Inc, $imm),
            modes!(ops::Pop, $imm),
            modes!(ops::Nip, $imm),
            modes!(ops::Swp, $imm),
            modes!(ops::Rot, $imm),
            modes!(ops::Dup, $imm),
            modes!(ops::Ovr, $imm),
            modes!(ops::Equ, $imm),
            modes!(ops::Neq, $imm),
            modes!(ops::Gth, $imm),
            modes!(ops::Lth, $imm),
            modes!(ops::Jmp, $imm),
            modes!(ops::Jcn, $imm),
            modes!(ops::Jsr, $imm),
            modes!(ops::Sth, $imm),
            modes!(ops::Ldz, $imm),
            modes!(ops::Stz, $imm),
            modes!(ops::Ldr, $imm),
            modes!(ops::Str, $imm),
            modes!(ops::Lda, $imm),
            modes!(ops::Sta, $imm),
            modes!(ops::Dei, $imm),
            modes!(ops::Deo, $imm),
            modes!(ops::Add, $imm),
            modes!(ops::Sub, $imm),
            modes!(ops::Mul, $imm),
            modes!(ops::Div, $imm),
            modes!(ops::And, $imm),
            modes!(ops::Ora, $imm),
            modes!(ops::Eor, $imm),
            modes!(ops::Sft, $imm),
        ];
        let mut table = [specials[0]; 256];
        let mut op = 0;
        while op < 256 {
            table[op] = bases[op & 0x1f][op >> 5];
            op += 1;
        }
        table
    }};
}

static TABLES: Tables = Tables {
    plain: table!(0),
    lit: [table!(1), table!(2)],
};
