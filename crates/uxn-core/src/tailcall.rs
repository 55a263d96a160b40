//! The tail-call engine.
//!
//! Each of the 256 opcodes has its own handler, specialised at compile time for its
//! keep/return/short bits (const generics), so mode bits cost nothing at run time. A
//! handler does its work and ends with `become` into the handler of the next opcode, so
//! the machine registers (pc, both stack pointers, the remaining budget) travel from
//! handler to handler in CPU registers and every handler has its own indirect jump, which
//! gives the branch predictor one history per opcode. The `rust-preserve-none` calling
//! convention leaves every register to the arguments.
//!
//! The chain is only left for `BRK` and when the budget runs out. Device calls happen in
//! place: the stack pointers are written back to [`Uxn`] before the call and reloaded after.

use crate::{Device, Stop, Uxn};

/// The device as one thin pointer, so it takes a single argument register.
type Io<'d> = &'d mut dyn Device;

/// Every handler has this exact signature, as `become` requires.
type Handler = for<'v, 'i, 'd> extern "rust-preserve-none" fn(
    &'v mut Uxn,
    &'i mut Io<'d>,
    u16,
    u8,
    u8,
    u32,
) -> Stop;

pub(crate) fn run<D: Device>(vm: &mut Uxn, device: &mut D, pc: u16, fuel: u32) -> Stop {
    let mut io: Io<'_> = device;
    let (wp, rp) = (vm.wst.ptr, vm.rst.ptr);
    let op = vm.ram[pc as usize];
    HANDLERS[op as usize](vm, &mut io, pc.wrapping_add(1), wp, rp, fuel)
}

/// Dispatches to the handler of the opcode at `pc`.
macro_rules! next {
    ($vm:ident, $io:ident, $pc:expr, $wp:expr, $rp:expr, $fuel:expr) => {{
        let pc: u16 = $pc;
        let op = $vm.ram[pc as usize];
        become HANDLERS[op as usize]($vm, $io, pc.wrapping_add(1), $wp, $rp, $fuel)
    }};
}

/// Leaves the chain: stores the registers back into the machine.
#[cold]
#[inline(never)]
fn leave(vm: &mut Uxn, pc: u16, wp: u8, rp: u8, why: Stop) -> Stop {
    vm.pc = pc;
    vm.wst.ptr = wp;
    vm.rst.ptr = rp;
    why
}

/// The registers of one instruction, seen from its mode: `src` is the pointer of the
/// stack operands come from (the return stack in return mode), `other` the opposite
/// one, and `cursor` the scratch pointer pops move (committed unless in keep mode).
struct Regs<const K: bool, const R: bool, const W: bool> {
    pc: u16,
    src: u8,
    other: u8,
    cursor: u8,
}

impl<const K: bool, const R: bool, const W: bool> Regs<K, R, W> {
    #[inline(always)]
    fn new(pc: u16, wp: u8, rp: u8) -> Self {
        let (src, other) = if R { (rp, wp) } else { (wp, rp) };
        Regs { pc, src, other, cursor: src }
    }

    /// `(pc, wp, rp)` for the next handler.
    #[inline(always)]
    fn out(&self) -> (u16, u8, u8) {
        if R { (self.pc, self.other, self.src) } else { (self.pc, self.src, self.other) }
    }

    #[inline(always)]
    fn src_dat(vm: &mut Uxn) -> &mut [u8; 256] {
        if R { &mut vm.rst.dat } else { &mut vm.wst.dat }
    }

    #[inline(always)]
    fn other_dat(vm: &mut Uxn) -> &mut [u8; 256] {
        if R { &mut vm.wst.dat } else { &mut vm.rst.dat }
    }

    #[inline(always)]
    fn pop8(&mut self, vm: &mut Uxn) -> u8 {
        self.cursor = self.cursor.wrapping_sub(1);
        Self::src_dat(vm)[self.cursor as usize]
    }

    #[inline(always)]
    fn pop16(&mut self, vm: &mut Uxn) -> u16 {
        let lo = self.pop8(vm) as u16;
        let hi = self.pop8(vm) as u16;
        hi << 8 | lo
    }

    /// A byte, or a short in short mode.
    #[inline(always)]
    fn pop(&mut self, vm: &mut Uxn) -> u16 {
        if W { self.pop16(vm) } else { self.pop8(vm) as u16 }
    }

    /// End of the pop phase: popped bytes leave the stack unless in keep mode.
    #[inline(always)]
    fn commit(&mut self) {
        if !K {
            self.src = self.cursor;
        }
    }

    #[inline(always)]
    fn push8(&mut self, vm: &mut Uxn, v: u8) {
        Self::src_dat(vm)[self.src as usize] = v;
        self.src = self.src.wrapping_add(1);
    }

    #[inline(always)]
    fn push(&mut self, vm: &mut Uxn, v: u16) {
        if W {
            self.push8(vm, (v >> 8) as u8);
        }
        self.push8(vm, v as u8);
    }

    #[inline(always)]
    fn push_other(&mut self, vm: &mut Uxn, v: u16, short: bool) {
        let dat = Self::other_dat(vm);
        if short {
            dat[self.other as usize] = (v >> 8) as u8;
            self.other = self.other.wrapping_add(1);
        }
        dat[self.other as usize] = v as u8;
        self.other = self.other.wrapping_add(1);
    }

    /// Jump target of `JMP`/`JCN`/`JSR`: relative in byte mode, absolute in short mode.
    #[inline(always)]
    fn target(&self, addr: u16) -> u16 {
        if W { addr } else { self.pc.wrapping_add(addr as u8 as i8 as u16) }
    }

    /// Hands the stack pointers to the machine before a device call.
    #[inline(always)]
    fn store(&self, vm: &mut Uxn) {
        let (_, wp, rp) = self.out();
        vm.wst.ptr = wp;
        vm.rst.ptr = rp;
    }

    /// Takes them back afterwards: the device may have moved them.
    #[inline(always)]
    fn reload(&mut self, vm: &Uxn) {
        let (wp, rp) = (vm.wst.ptr, vm.rst.ptr);
        (self.src, self.other) = if R { (rp, wp) } else { (wp, rp) };
    }
}

/// Defines the handler of one base operation, generic over the three mode bits. The
/// body sees the machine, the device, the mode-aware registers, the remaining budget and
/// the raw incoming registers (`pc` already points past the opcode).
macro_rules! op {
    ($name:ident, |$vm:ident, $io:ident, $r:ident, $fuel:ident, $pc:ident, $wp:ident, $rp:ident| $body:block) => {
        extern "rust-preserve-none" fn $name<const K: bool, const R: bool, const W: bool>(
            $vm: &mut Uxn,
            $io: &mut Io<'_>,
            $pc: u16,
            $wp: u8,
            $rp: u8,
            fuel: u32,
        ) -> Stop {
            #[allow(unused_mut)]
            let mut $fuel = fuel;
            let mut $r = Regs::<K, R, W>::new($pc, $wp, $rp);
            $body
            let (pc, wp, rp) = $r.out();
            next!($vm, $io, pc, wp, rp, $fuel)
        }
    };
}

/// Charges one unit of budget for an instruction at `ffff` (its successor wraps to
/// `0000`), or leaves the chain in front of it when the budget is spent.
macro_rules! wrap_guard {
    ($vm:ident, $fuel:ident, $pc:expr, $wp:expr, $rp:expr) => {
        if $pc == 0 {
            if $fuel == 0 {
                return leave($vm, 0xffff, $wp, $rp, Stop::OutOfBudget);
            }
            $fuel -= 1;
        }
    };
}

/// Charges one unit for a taken jump, or leaves in front of the instruction.
macro_rules! charge {
    ($vm:ident, $fuel:ident, $at:expr, $wp:expr, $rp:expr) => {
        if $fuel == 0 {
            return leave($vm, $at, $wp, $rp, Stop::OutOfBudget);
        }
        $fuel -= 1;
    };
}

/// An ordinary (non-jump) operation: charges for the wrap at `ffff`, then runs `$body`.
macro_rules! plain_op {
    ($name:ident, |$vm:ident, $io:ident, $r:ident| $body:block) => {
        op!($name, |$vm, $io, $r, fuel, pc, wp, rp| {
            wrap_guard!($vm, fuel, pc, wp, rp);
            $body
        });
    };
}

/// A two-operand arithmetic or comparison operation.
macro_rules! binary_op {
    ($name:ident, |$a:ident, $b:ident| $result:expr, $push:ident) => {
        plain_op!($name, |vm, _io, r| {
            let $b = r.pop(vm);
            let $a = r.pop(vm);
            r.commit();
            r.$push(vm, $result);
        });
    };
}

// --- Special opcodes (low five bits zero) -------------------------------------------------

extern "rust-preserve-none" fn brk(
    vm: &mut Uxn,
    _io: &mut Io<'_>,
    pc: u16,
    wp: u8,
    rp: u8,
    _fuel: u32,
) -> Stop {
    leave(vm, pc.wrapping_sub(1), wp, rp, Stop::Break)
}

/// `JCI`, `JMI`, `JSI`: a 16-bit offset from the end of the three-byte instruction.
/// `COND`: pop a condition byte from the working stack; `CALL`: push the return address.
extern "rust-preserve-none" fn immediate_jump<const COND: bool, const CALL: bool>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    pc: u16,
    wp: u8,
    rp: u8,
    fuel: u32,
) -> Stop {
    let mut fuel = fuel;
    let at = pc.wrapping_sub(1);
    let next = pc.wrapping_add(2);
    let taken = !COND || vm.wst.dat[wp.wrapping_sub(1) as usize] != 0;
    if taken || pc >= 0xfffe || pc == 0 {
        charge!(vm, fuel, at, wp, rp);
    }
    let wp = if COND { wp.wrapping_sub(1) } else { wp };
    let mut rp = rp;
    if CALL {
        vm.rst.dat[rp as usize] = (next >> 8) as u8;
        vm.rst.dat[rp.wrapping_add(1) as usize] = next as u8;
        rp = rp.wrapping_add(2);
    }
    let target = if taken {
        let offset = (vm.ram[pc as usize] as u16) << 8 | vm.ram[pc.wrapping_add(1) as usize] as u16;
        next.wrapping_add(offset)
    } else {
        next
    };
    next!(vm, io, target, wp, rp, fuel)
}

/// `LIT`, `LIT2`, `LITr`, `LIT2r`: push the bytes that follow the opcode.
extern "rust-preserve-none" fn lit<const R: bool, const W: bool>(
    vm: &mut Uxn,
    io: &mut Io<'_>,
    pc: u16,
    wp: u8,
    rp: u8,
    fuel: u32,
) -> Stop {
    let mut fuel = fuel;
    let len = if W { 2 } else { 1 };
    // The instruction ends past `ffff` when its operand bytes reach the end of memory
    // (an opcode at `ffff` itself means `pc == 0`: the operand then starts at `0000`).
    if pc != 0 && pc.checked_add(len).is_none() {
        charge!(vm, fuel, pc.wrapping_sub(1), wp, rp);
    }
    wrap_guard!(vm, fuel, pc, wp, rp);
    let mut r = Regs::<false, R, W>::new(pc, wp, rp);
    r.push8(vm, vm.ram[pc as usize]);
    if W {
        r.push8(vm, vm.ram[pc.wrapping_add(1) as usize]);
    }
    r.pc = pc.wrapping_add(len);
    let (pc, wp, rp) = r.out();
    next!(vm, io, pc, wp, rp, fuel)
}

// --- Stack operations -----------------------------------------------------------------------

plain_op!(inc, |vm, _io, r| {
    let a = r.pop(vm);
    r.commit();
    r.push(vm, a.wrapping_add(1));
});

plain_op!(pop, |vm, _io, r| {
    r.pop(vm);
    r.commit();
});

plain_op!(nip, |vm, _io, r| {
    let b = r.pop(vm);
    r.pop(vm);
    r.commit();
    r.push(vm, b);
});

plain_op!(swp, |vm, _io, r| {
    let b = r.pop(vm);
    let a = r.pop(vm);
    r.commit();
    r.push(vm, b);
    r.push(vm, a);
});

plain_op!(rot, |vm, _io, r| {
    let c = r.pop(vm);
    let b = r.pop(vm);
    let a = r.pop(vm);
    r.commit();
    r.push(vm, b);
    r.push(vm, c);
    r.push(vm, a);
});

plain_op!(dup, |vm, _io, r| {
    let a = r.pop(vm);
    r.commit();
    r.push(vm, a);
    r.push(vm, a);
});

plain_op!(ovr, |vm, _io, r| {
    let b = r.pop(vm);
    let a = r.pop(vm);
    r.commit();
    r.push(vm, a);
    r.push(vm, b);
    r.push(vm, a);
});

// --- Logic ----------------------------------------------------------------------------------

binary_op!(equ, |a, b| (a == b) as u8, push8);
binary_op!(neq, |a, b| (a != b) as u8, push8);
binary_op!(gth, |a, b| (a > b) as u8, push8);
binary_op!(lth, |a, b| (a < b) as u8, push8);

// --- Control flow and stash -------------------------------------------------------------------

op!(jmp, |vm, _io, r, fuel, pc, wp, rp| {
    let addr = r.pop(vm);
    charge!(vm, fuel, pc.wrapping_sub(1), wp, rp);
    r.commit();
    r.pc = r.target(addr);
});

op!(jcn, |vm, _io, r, fuel, pc, wp, rp| {
    let addr = r.pop(vm);
    let cond = r.pop8(vm);
    if cond != 0 || pc == 0 {
        charge!(vm, fuel, pc.wrapping_sub(1), wp, rp);
    }
    r.commit();
    if cond != 0 {
        r.pc = r.target(addr);
    }
});

op!(jsr, |vm, _io, r, fuel, pc, wp, rp| {
    let addr = r.pop(vm);
    charge!(vm, fuel, pc.wrapping_sub(1), wp, rp);
    r.commit();
    r.push_other(vm, r.pc, true);
    r.pc = r.target(addr);
});

plain_op!(sth, |vm, _io, r| {
    let a = r.pop(vm);
    r.commit();
    r.push_other(vm, a, W);
});

// --- Memory -----------------------------------------------------------------------------------

plain_op!(ldz, |vm, _io, r| {
    let addr = r.pop8(vm);
    r.commit();
    let hi = vm.ram[addr as usize];
    if W {
        let lo = vm.ram[addr.wrapping_add(1) as usize];
        r.push(vm, (hi as u16) << 8 | lo as u16);
    } else {
        r.push8(vm, hi);
    }
});

plain_op!(stz, |vm, _io, r| {
    let addr = r.pop8(vm);
    let v = r.pop(vm);
    r.commit();
    if W {
        vm.ram[addr as usize] = (v >> 8) as u8;
        vm.ram[addr.wrapping_add(1) as usize] = v as u8;
    } else {
        vm.ram[addr as usize] = v as u8;
    }
});

/// Pushes the byte, or in short mode the short, at `addr` (second byte wraps at 16 bits).
#[inline(always)]
fn load<const K: bool, const R: bool, const W: bool>(
    vm: &mut Uxn,
    r: &mut Regs<K, R, W>,
    addr: u16,
) {
    let hi = vm.ram[addr as usize];
    if W {
        let lo = vm.ram[addr.wrapping_add(1) as usize];
        r.push(vm, (hi as u16) << 8 | lo as u16);
    } else {
        r.push8(vm, hi);
    }
}

#[inline(always)]
fn store<const W: bool>(vm: &mut Uxn, addr: u16, v: u16) {
    if W {
        vm.ram[addr as usize] = (v >> 8) as u8;
        vm.ram[addr.wrapping_add(1) as usize] = v as u8;
    } else {
        vm.ram[addr as usize] = v as u8;
    }
}

plain_op!(ldr, |vm, _io, r| {
    let offset = r.pop8(vm);
    r.commit();
    let addr = r.pc.wrapping_add(offset as i8 as u16);
    load(vm, &mut r, addr);
});

plain_op!(str, |vm, _io, r| {
    let offset = r.pop8(vm);
    let v = r.pop(vm);
    r.commit();
    store::<W>(vm, r.pc.wrapping_add(offset as i8 as u16), v);
});

plain_op!(lda, |vm, _io, r| {
    let addr = r.pop16(vm);
    r.commit();
    load(vm, &mut r, addr);
});

plain_op!(sta, |vm, _io, r| {
    let addr = r.pop16(vm);
    let v = r.pop(vm);
    r.commit();
    store::<W>(vm, addr, v);
});

// --- Devices ----------------------------------------------------------------------------------

plain_op!(dei, |vm, io, r| {
    let port = r.pop8(vm);
    r.commit();
    r.store(vm);
    let hi = io.dei(vm, port);
    let v = if W { (hi as u16) << 8 | io.dei(vm, port.wrapping_add(1)) as u16 } else { hi as u16 };
    r.reload(vm);
    r.push(vm, v);
});

plain_op!(deo, |vm, io, r| {
    let port = r.pop8(vm);
    let v = r.pop(vm);
    r.commit();
    r.store(vm);
    if W {
        vm.dev[port as usize] = (v >> 8) as u8;
        io.deo(vm, port);
        let port = port.wrapping_add(1);
        vm.dev[port as usize] = v as u8;
        io.deo(vm, port);
    } else {
        vm.dev[port as usize] = v as u8;
        io.deo(vm, port);
    }
    r.reload(vm);
});

// --- Arithmetic -------------------------------------------------------------------------------

binary_op!(add, |a, b| a.wrapping_add(b), push);
binary_op!(sub, |a, b| a.wrapping_sub(b), push);
binary_op!(mul, |a, b| a.wrapping_mul(b), push);
binary_op!(div, |a, b| a.checked_div(b).unwrap_or(0), push);
binary_op!(and, |a, b| a & b, push);
binary_op!(ora, |a, b| a | b, push);
binary_op!(eor, |a, b| a ^ b, push);

plain_op!(sft, |vm, _io, r| {
    let shift = r.pop8(vm);
    let a = r.pop(vm) as u32;
    r.commit();
    r.push(vm, ((a >> (shift & 0x0f)) << (shift >> 4)) as u16);
});

// --- The dispatch table -------------------------------------------------------------------------

/// The eight mode variants of one base operation, indexed by `opcode >> 5`
/// (bit 0 = short, bit 1 = return, bit 2 = keep).
macro_rules! modes {
    ($f:ident) => {
        [
            $f::<false, false, false>,
            $f::<false, false, true>,
            $f::<false, true, false>,
            $f::<false, true, true>,
            $f::<true, false, false>,
            $f::<true, false, true>,
            $f::<true, true, false>,
            $f::<true, true, true>,
        ]
    };
}

static HANDLERS: [Handler; 256] = {
    let specials: [Handler; 8] = [
        brk,
        immediate_jump::<true, false>,
        immediate_jump::<false, false>,
        immediate_jump::<false, true>,
        lit::<false, false>,
        lit::<false, true>,
        lit::<true, false>,
        lit::<true, true>,
    ];
    let bases: [[Handler; 8]; 32] = [
        specials,
        modes!(inc),
        modes!(pop),
        modes!(nip),
        modes!(swp),
        modes!(rot),
        modes!(dup),
        modes!(ovr),
        modes!(equ),
        modes!(neq),
        modes!(gth),
        modes!(lth),
        modes!(jmp),
        modes!(jcn),
        modes!(jsr),
        modes!(sth),
        modes!(ldz),
        modes!(stz),
        modes!(ldr),
        modes!(str),
        modes!(lda),
        modes!(sta),
        modes!(dei),
        modes!(deo),
        modes!(add),
        modes!(sub),
        modes!(mul),
        modes!(div),
        modes!(and),
        modes!(ora),
        modes!(eor),
        modes!(sft),
    ];
    let mut table = [specials[0]; 256];
    let mut op = 0;
    while op < 256 {
        table[op] = bases[op & 0x1f][op >> 5];
        op += 1;
    }
    table
};
