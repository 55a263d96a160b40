//! The 31 moded operations, each written once against [`Frame`] and instantiated for
//! every mode, for fast and slow frames, and with or without a literal handed over.

use super::Ctx;
use super::frame::Frame;
use crate::Uxn;

/// Stack traffic of one instruction, in bytes: what it pops from the source stack, pushes
/// onto it, and pushes onto the other stack. The handler derives from it the range of
/// stack pointers for which no access wraps around the 256-byte ring.
#[derive(Clone, Copy)]
pub(super) struct Shape {
    pub pops: usize,
    pub pushes: usize,
    pub other: usize,
}

pub(super) trait Body {
    /// `[byte mode, short mode]`.
    const SHAPE: [Shape; 2];
    /// Jumps charge the budget themselves (also for the wrap at `ffff`) and see the
    /// unwrapped `pc` (see [`Frame::wrapped`]): a taken jump does not care where it was.
    const JUMP: bool = false;
    /// Device calls may move the stack pointers, so these always run in a slow frame.
    const DEVICE: bool = false;
    /// The operation ends by pushing a condition byte (the comparisons); see
    /// `fast` for what follows from that.
    const FLAG: bool = false;
    /// The operation is `DUP`: see `fast` for what follows from that.
    const DUP: bool = false;

    /// Runs the instruction; `false` when the budget is spent (nothing has changed then).
    fn exec<const K: bool, const R: bool, const W: bool, const IMM: usize, const FAST: bool>(
        f: &mut Frame<K, R, W, IMM, FAST>,
        vm: &mut Uxn,
        ctx: &mut Ctx<'_, '_>,
    ) -> bool;
}

macro_rules! shape {
    ($p:expr, $q:expr, $o:expr) => {
        Shape {
            pops: $p,
            pushes: $q,
            other: $o,
        }
    };
}

/// An operation: its byte-mode and short-mode shapes and its body.
macro_rules! op {
    ($(#[$doc:meta])* $name:ident, $byte:expr, $short:expr, $(const $c:ident = $v:expr;)*
     |$f:ident, $vm:ident, $ctx:ident| $body:block) => {
        $(#[$doc])*
        pub(super) struct $name;
        impl Body for $name {
            const SHAPE: [Shape; 2] = [$byte, $short];
            $(const $c: bool = $v;)*
            #[inline(always)]
            #[allow(unused_variables)]
            fn exec<const K: bool, const R: bool, const W: bool, const IMM: usize, const FAST: bool>(
                $f: &mut Frame<K, R, W, IMM, FAST>,
                $vm: &mut Uxn,
                $ctx: &mut Ctx<'_, '_>,
            ) -> bool $body
        }
    };
}

/// A two-operand operation pushing a result of the operand size.
macro_rules! arith {
    ($name:ident, |$a:ident, $b:ident| $result:expr) => {
        op!($name, shape!(2, 1, 0), shape!(4, 2, 0), |f, vm, ctx| {
            let $b = f.pop(vm);
            let $a = f.pop(vm);
            f.commit();
            f.push(vm, $result);
            true
        });
    };
}

/// A comparison: always a one-byte result.
macro_rules! compare {
    ($name:ident, |$a:ident, $b:ident| $result:expr) => {
        op!($name, shape!(2, 1, 0), shape!(4, 1, 0), const FLAG = true; |f, vm, ctx| {
            let $b = f.pop(vm);
            let $a = f.pop(vm);
            f.commit();
            f.push8(vm, $result as u8);
            true
        });
    };
}

// --- Stack ------------------------------------------------------------------------------------

op!(Inc, shape!(1, 1, 0), shape!(2, 2, 0), |f, vm, ctx| {
    let a = f.pop(vm);
    f.commit();
    f.push(vm, a.wrapping_add(1));
    true
});

op!(Pop, shape!(1, 0, 0), shape!(2, 0, 0), |f, vm, ctx| {
    f.pop(vm);
    f.commit();
    true
});

op!(Nip, shape!(2, 1, 0), shape!(4, 2, 0), |f, vm, ctx| {
    let b = f.pop(vm);
    f.pop(vm);
    f.commit();
    f.push(vm, b);
    true
});

op!(Swp, shape!(2, 2, 0), shape!(4, 4, 0), |f, vm, ctx| {
    let b = f.pop(vm);
    let a = f.pop(vm);
    f.commit();
    f.push(vm, b);
    f.push(vm, a);
    true
});

op!(Rot, shape!(3, 3, 0), shape!(6, 6, 0), |f, vm, ctx| {
    let c = f.pop(vm);
    let b = f.pop(vm);
    let a = f.pop(vm);
    f.commit();
    f.push(vm, b);
    f.push(vm, c);
    f.push(vm, a);
    true
});

op!(Dup, shape!(1, 2, 0), shape!(2, 4, 0), const DUP = true; |f, vm, ctx| {
    let a = f.pop(vm);
    f.commit();
    if K {
        f.push(vm, a);
    } else {
        f.skip(vm, if W { 2 } else { 1 });
    }
    f.push(vm, a);
    true
});

op!(Ovr, shape!(2, 3, 0), shape!(4, 6, 0), |f, vm, ctx| {
    let b = f.pop(vm);
    let a = f.pop(vm);
    f.commit();
    if K {
        f.push(vm, a);
        f.push(vm, b);
    } else {
        f.skip(vm, if W { 4 } else { 2 });
    }
    f.push(vm, a);
    true
});

// --- Logic ------------------------------------------------------------------------------------

compare!(Equ, |a, b| a == b);
compare!(Neq, |a, b| a != b);
compare!(Gth, |a, b| a > b);
compare!(Lth, |a, b| a < b);

// --- Control flow and stash -------------------------------------------------------------------

op!(Jmp, shape!(1, 0, 0), shape!(2, 0, 0), const JUMP = true; |f, vm, ctx| {
    let addr = f.pop(vm);
    if !ctx.charge() {
        return false;
    }
    f.commit();
    f.pc = f.target(addr);
    true
});

op!(
    /// The address is popped first, then the condition byte.
    Jcn, shape!(2, 0, 0), shape!(3, 0, 0), const JUMP = true; |f, vm, ctx| {
    let addr = f.pop(vm);
    let cond = f.pop8(vm);
    if (cond != 0 || f.wrapped()) && !ctx.charge() {
        return false;
    }
    f.commit();
    if cond != 0 {
        f.pc = f.target(addr);
    }
    true
});

op!(
    /// The return address goes to the other stack.
    Jsr, shape!(1, 0, 2), shape!(2, 0, 2), const JUMP = true; |f, vm, ctx| {
    let addr = f.pop(vm);
    if !ctx.charge() {
        return false;
    }
    f.commit();
    f.push_other16(vm, f.next_pc());
    f.pc = f.target(addr);
    true
});

op!(Sth, shape!(1, 0, 1), shape!(2, 0, 2), |f, vm, ctx| {
    let a = f.pop(vm);
    f.commit();
    if W {
        f.push_other16(vm, a);
    } else {
        f.push_other8(vm, a as u8);
    }
    true
});

// --- Memory -----------------------------------------------------------------------------------

/// Pushes the byte, or in short mode the short, at `addr`; `mask` wraps the second byte.
///
/// Unless the short wraps, it is moved as one 16-bit access on both sides, in memory
/// order: no byte swap, and a short variable written by `STZ2`/`STA2` is read back from
/// the same single store (see `frame::access` on why that matters).
#[inline(always)]
fn load<const K: bool, const R: bool, const W: bool, const IMM: usize, const FAST: bool>(
    f: &mut Frame<K, R, W, IMM, FAST>,
    vm: &mut Uxn,
    addr: usize,
    mask: usize,
) {
    if W && addr < mask {
        f.push_bytes(vm, super::load_pair(&vm.ram, addr));
    } else if W {
        f.push_bytes(vm, [vm.ram[addr], vm.ram[(addr + 1) & mask]]);
    } else {
        f.push8(vm, vm.ram[addr]);
    }
}

#[inline(always)]
fn store<const W: bool>(vm: &mut Uxn, addr: usize, mask: usize, v: u16) {
    let [hi, lo] = v.to_be_bytes();
    if W && addr < mask {
        super::store_pair(&mut vm.ram, addr, [hi, lo]);
    } else if W {
        // Low byte first, so that the compiler does not hoist the high byte's store out of
        // both branches (which splits the 16-bit store above into two).
        vm.ram[(addr + 1) & mask] = lo;
        vm.ram[addr] = hi;
    } else {
        vm.ram[addr] = lo;
    }
}

op!(
    /// The second byte wraps inside the zero page.
    Ldz, shape!(1, 1, 0), shape!(1, 2, 0), |f, vm, ctx| {
    let addr = f.pop8(vm) as usize;
    f.commit();
    load(f, vm, addr, 0xff);
    true
});

op!(Stz, shape!(2, 0, 0), shape!(3, 0, 0), |f, vm, ctx| {
    let addr = f.pop8(vm) as usize;
    let v = f.pop(vm);
    f.commit();
    store::<W>(vm, addr, 0xff, v);
    true
});

op!(Ldr, shape!(1, 1, 0), shape!(1, 2, 0), |f, vm, ctx| {
    let offset = f.pop8(vm);
    f.commit();
    let addr = f.relative(offset);
    load(f, vm, addr, 0xffff);
    true
});

op!(Str, shape!(2, 0, 0), shape!(3, 0, 0), |f, vm, ctx| {
    let offset = f.pop8(vm);
    let v = f.pop(vm);
    f.commit();
    store::<W>(vm, f.relative(offset), 0xffff, v);
    true
});

op!(
    /// The address is a short in both modes.
    Lda, shape!(2, 1, 0), shape!(2, 2, 0), |f, vm, ctx| {
    let addr = f.pop16(vm) as usize;
    f.commit();
    load(f, vm, addr, 0xffff);
    true
});

op!(Sta, shape!(3, 0, 0), shape!(4, 0, 0), |f, vm, ctx| {
    let addr = f.pop16(vm) as usize;
    let v = f.pop(vm);
    f.commit();
    store::<W>(vm, addr, 0xffff, v);
    true
});

// --- Devices ----------------------------------------------------------------------------------

op!(
    /// Varvara 79K: each result byte's slot is taken before the device is asked for it,
    /// so a read of System/wst sees the pointer past the slot (uxn.md §6.6). A short is
    /// two such reads, high byte first.
    Dei, shape!(1, 1, 0), shape!(1, 2, 0), const DEVICE = true; |f, vm, ctx| {
    let port = f.pop8(vm);
    f.commit();
    for i in 0..if W { 2 } else { 1 } {
        let slot = f.take_slot(vm);
        let v = ctx.io.dei(vm, port.wrapping_add(i));
        f.sync_in(vm);
        f.fill_slot(vm, slot, v);
    }
    true
});

op!(
    /// Each byte is stored in the device page, then the device hears of it.
    Deo, shape!(2, 0, 0), shape!(3, 0, 0), const DEVICE = true; |f, vm, ctx| {
    let port = f.pop8(vm);
    let v = f.pop(vm);
    f.commit();
    f.sync_out(vm);
    if W {
        vm.dev[port as usize] = (v >> 8) as u8;
        ctx.io.deo(vm, port);
        let port = port.wrapping_add(1);
        vm.dev[port as usize] = v as u8;
        ctx.io.deo(vm, port);
    } else {
        vm.dev[port as usize] = v as u8;
        ctx.io.deo(vm, port);
    }
    f.sync_in(vm);
    true
});

// --- Arithmetic -------------------------------------------------------------------------------

arith!(Add, |a, b| a.wrapping_add(b));
arith!(Sub, |a, b| a.wrapping_sub(b));
arith!(Mul, |a, b| a.wrapping_mul(b));
arith!(Div, |a, b| a.checked_div(b).unwrap_or(0));
arith!(And, |a, b| a & b);
arith!(Ora, |a, b| a | b);
arith!(Eor, |a, b| a ^ b);

op!(
    /// The shift byte is popped first; right shift, then left shift.
    Sft, shape!(2, 1, 0), shape!(3, 2, 0), |f, vm, ctx| {
    let shift = f.pop8(vm);
    let a = f.pop(vm) as u32;
    f.commit();
    f.push(vm, ((a >> (shift & 0x0f)) << (shift >> 4)) as u16);
    true
});
