//! The readable baseline: fetch an opcode, decode its mode bits at run time, `match` on
//! the operation. Every rule of the instruction set is spelled out once, in the order the
//! reference performs it; the tail-call engine is tested against this one.

use crate::{Device, Stack, Stop, Uxn};

/// The operand cursor of one instruction: pops move a scratch copy of the source stack's
/// pointer, which is stored back only when the instruction is not in keep mode.
struct Operands {
    keep: bool,
    ret: bool,
    short: bool,
    ptr: u8,
}

impl Operands {
    fn new(vm: &Uxn, op: u8) -> Self {
        let ret = op & 0x40 != 0;
        let ptr = if ret { vm.rst.ptr } else { vm.wst.ptr };
        Operands {
            keep: op & 0x80 != 0,
            ret,
            short: op & 0x20 != 0,
            ptr,
        }
    }

    /// The stack operands come from and results go to.
    fn source<'a>(&self, vm: &'a mut Uxn) -> &'a mut Stack {
        if self.ret { &mut vm.rst } else { &mut vm.wst }
    }

    /// The opposite stack (return addresses of `JSR`, destination of `STH`).
    fn other<'a>(&self, vm: &'a mut Uxn) -> &'a mut Stack {
        if self.ret { &mut vm.wst } else { &mut vm.rst }
    }

    fn pop_byte(&mut self, vm: &mut Uxn) -> u8 {
        self.ptr = self.ptr.wrapping_sub(1);
        self.source(vm).dat[self.ptr as usize]
    }

    /// Pops a byte, or a short (low byte first) in short mode.
    fn pop(&mut self, vm: &mut Uxn) -> u16 {
        if self.short {
            let lo = self.pop_byte(vm) as u16;
            let hi = self.pop_byte(vm) as u16;
            hi << 8 | lo
        } else {
            self.pop_byte(vm) as u16
        }
    }

    fn pop_short(&mut self, vm: &mut Uxn) -> u16 {
        let lo = self.pop_byte(vm) as u16;
        let hi = self.pop_byte(vm) as u16;
        hi << 8 | lo
    }

    /// Ends the pop phase: the popped bytes leave the stack unless in keep mode.
    fn finish_pops(&self, vm: &mut Uxn) {
        if !self.keep {
            let ptr = self.ptr;
            self.source(vm).ptr = ptr;
        }
    }

    /// Pushes a byte, or a short (high byte first) in short mode.
    fn push(&self, vm: &mut Uxn, value: u16) {
        push_sized(self.source(vm), self.short, value);
    }

    fn push_byte(&self, vm: &mut Uxn, value: u8) {
        self.source(vm).push(value);
    }
}

fn push_sized(stack: &mut Stack, short: bool, value: u16) {
    if short {
        stack.push((value >> 8) as u8);
    }
    stack.push(value as u8);
}

fn push_short(stack: &mut Stack, value: u16) {
    push_sized(stack, true, value);
}

/// Target of `JMP`/`JCN`/`JSR`: relative in byte mode, absolute in short mode.
fn jump_target(pc: u16, short: bool, addr: u16) -> u16 {
    if short {
        addr
    } else {
        pc.wrapping_add(addr as u8 as i8 as u16)
    }
}

fn read_short(vm: &Uxn, addr: u16) -> u16 {
    (vm.ram[addr as usize] as u16) << 8 | vm.ram[addr.wrapping_add(1) as usize] as u16
}

pub(crate) fn run<D: Device>(vm: &mut Uxn, dev: &mut D, start: u16, fuel: u32) -> Stop {
    run_with::<D, false>(vm, dev, start, fuel).0
}

/// Like [`run`], also returning how many instructions ran (see `count.rs`).
pub(crate) fn run_counted<D: Device>(
    vm: &mut Uxn,
    dev: &mut D,
    start: u16,
    fuel: u32,
) -> (Stop, u64) {
    run_with::<D, true>(vm, dev, start, fuel)
}

/// The interpreter. `COUNT` is a compile-time switch so that the uncounted engine carries
/// no counter at all. The count includes the instruction being fetched, so the one that
/// ends the vector (`BRK`, or the instruction a spent budget stops in front of) is taken
/// off again when returning.
fn run_with<D: Device, const COUNT: bool>(
    vm: &mut Uxn,
    dev: &mut D,
    start: u16,
    mut fuel: u32,
) -> (Stop, u64) {
    let mut pc = start;
    let mut count: u64 = 0;
    loop {
        let at = pc;
        let op = vm.ram[pc as usize];
        pc = pc.wrapping_add(1);
        if COUNT {
            count += 1;
        }

        // Charge one unit of budget for a chargeable instruction before it has any effect
        // (see `budget.rs`); stop in front of it when the budget is spent.
        macro_rules! charge {
            () => {
                if fuel == 0 {
                    vm.pc = at;
                    return (Stop::OutOfBudget, count.saturating_sub(1));
                }
                fuel -= 1;
            };
        }
        // Whether an instruction of `len` bytes starting at `at` runs into the end of memory.
        let wraps = |len: u32| at as u32 + len > 0xffff;

        match op {
            // BRK
            0x00 => {
                vm.pc = at;
                return (Stop::Break, count.saturating_sub(1));
            }
            // JCI, JMI, JSI: 16-bit offset relative to the end of the 3-byte instruction.
            0x20 | 0x40 | 0x60 => {
                let offset = read_short(vm, pc);
                let next = pc.wrapping_add(2);
                let taken = op != 0x20 || vm.wst.dat[vm.wst.ptr.wrapping_sub(1) as usize] != 0;
                if taken || wraps(3) {
                    charge!();
                }
                if op == 0x20 {
                    vm.wst.pop();
                }
                if op == 0x60 {
                    push_short(&mut vm.rst, next);
                }
                pc = if taken {
                    next.wrapping_add(offset)
                } else {
                    next
                };
            }
            // LIT, LIT2, LITr, LIT2r
            0x80 | 0xa0 | 0xc0 | 0xe0 => {
                let short = op & 0x20 != 0;
                if wraps(if short { 3 } else { 2 }) {
                    charge!();
                }
                let stack = if op & 0x40 != 0 {
                    &mut vm.rst
                } else {
                    &mut vm.wst
                };
                stack.push(vm.ram[pc as usize]);
                pc = pc.wrapping_add(1);
                if short {
                    stack.push(vm.ram[pc as usize]);
                    pc = pc.wrapping_add(1);
                }
            }
            _ => {
                let base = op & 0x1f;
                let is_jump = matches!(base, 0x0c..=0x0e);
                if !is_jump && wraps(1) {
                    charge!();
                }
                let mut o = Operands::new(vm, op);
                match base {
                    // INC
                    0x01 => {
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        o.push(vm, a.wrapping_add(1));
                    }
                    // POP
                    0x02 => {
                        o.pop(vm);
                        o.finish_pops(vm);
                    }
                    // NIP
                    0x03 => {
                        let b = o.pop(vm);
                        o.pop(vm);
                        o.finish_pops(vm);
                        o.push(vm, b);
                    }
                    // SWP
                    0x04 => {
                        let b = o.pop(vm);
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        o.push(vm, b);
                        o.push(vm, a);
                    }
                    // ROT ( a b c -- b c a )
                    0x05 => {
                        let c = o.pop(vm);
                        let b = o.pop(vm);
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        o.push(vm, b);
                        o.push(vm, c);
                        o.push(vm, a);
                    }
                    // DUP
                    0x06 => {
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        o.push(vm, a);
                        o.push(vm, a);
                    }
                    // OVR ( a b -- a b a )
                    0x07 => {
                        let b = o.pop(vm);
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        o.push(vm, a);
                        o.push(vm, b);
                        o.push(vm, a);
                    }
                    // EQU, NEQ, GTH, LTH: the result is always one byte.
                    0x08..=0x0b => {
                        let b = o.pop(vm);
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        let result = match base {
                            0x08 => a == b,
                            0x09 => a != b,
                            0x0a => a > b,
                            _ => a < b,
                        };
                        o.push_byte(vm, result as u8);
                    }
                    // JMP
                    0x0c => {
                        let addr = o.pop(vm);
                        charge!();
                        o.finish_pops(vm);
                        pc = jump_target(pc, o.short, addr);
                    }
                    // JCN: address first, then the condition byte.
                    0x0d => {
                        let addr = o.pop(vm);
                        let cond = o.pop_byte(vm);
                        if cond != 0 || wraps(1) {
                            charge!();
                        }
                        o.finish_pops(vm);
                        if cond != 0 {
                            pc = jump_target(pc, o.short, addr);
                        }
                    }
                    // JSR: the return address goes to the other stack.
                    0x0e => {
                        let addr = o.pop(vm);
                        charge!();
                        o.finish_pops(vm);
                        push_short(o.other(vm), pc);
                        pc = jump_target(pc, o.short, addr);
                    }
                    // STH
                    0x0f => {
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        push_sized(o.other(vm), o.short, a);
                    }
                    // LDZ: the second byte wraps inside the zero page.
                    0x10 => {
                        let addr = o.pop_byte(vm);
                        o.finish_pops(vm);
                        let hi = vm.ram[addr as usize];
                        if o.short {
                            let lo = vm.ram[addr.wrapping_add(1) as usize];
                            o.push(vm, (hi as u16) << 8 | lo as u16);
                        } else {
                            o.push_byte(vm, hi);
                        }
                    }
                    // STZ
                    0x11 => {
                        let addr = o.pop_byte(vm);
                        let value = o.pop(vm);
                        o.finish_pops(vm);
                        store(vm, o.short, addr as u16, value, 0xff);
                    }
                    // LDR
                    0x12 => {
                        let offset = o.pop_byte(vm);
                        o.finish_pops(vm);
                        let addr = pc.wrapping_add(offset as i8 as u16);
                        load(vm, &o, addr);
                    }
                    // STR
                    0x13 => {
                        let offset = o.pop_byte(vm);
                        let value = o.pop(vm);
                        o.finish_pops(vm);
                        let addr = pc.wrapping_add(offset as i8 as u16);
                        store(vm, o.short, addr, value, 0xffff);
                    }
                    // LDA: the address is a short even in byte mode.
                    0x14 => {
                        let addr = o.pop_short(vm);
                        o.finish_pops(vm);
                        load(vm, &o, addr);
                    }
                    // STA
                    0x15 => {
                        let addr = o.pop_short(vm);
                        let value = o.pop(vm);
                        o.finish_pops(vm);
                        store(vm, o.short, addr, value, 0xffff);
                    }
                    // DEI: Varvara 79K takes each result byte's slot before the device is
                    // asked for it, so a read of System/wst sees the pointer past the slot
                    // (uxn.md §6.6). A short is two such reads, high byte first.
                    0x16 => {
                        let port = o.pop_byte(vm);
                        o.finish_pops(vm);
                        read_into_slot(vm, dev, o.ret, port);
                        if o.short {
                            read_into_slot(vm, dev, o.ret, port.wrapping_add(1));
                        }
                    }
                    // DEO: each byte is stored in the device page, then the handler runs.
                    0x17 => {
                        let port = o.pop_byte(vm);
                        let value = o.pop(vm);
                        o.finish_pops(vm);
                        if o.short {
                            vm.dev[port as usize] = (value >> 8) as u8;
                            dev.deo(vm, port);
                            let port = port.wrapping_add(1);
                            vm.dev[port as usize] = value as u8;
                            dev.deo(vm, port);
                        } else {
                            vm.dev[port as usize] = value as u8;
                            dev.deo(vm, port);
                        }
                    }
                    // SFT: the shift byte is popped first; right shift, then left shift.
                    0x1f => {
                        let shift = o.pop_byte(vm);
                        let a = o.pop(vm) as u32;
                        o.finish_pops(vm);
                        let result = (a >> (shift & 0x0f)) << (shift >> 4);
                        o.push(vm, result as u16);
                    }
                    // ADD SUB MUL DIV AND ORA EOR
                    _ => {
                        let b = o.pop(vm);
                        let a = o.pop(vm);
                        o.finish_pops(vm);
                        let result = match base {
                            0x18 => a.wrapping_add(b),
                            0x19 => a.wrapping_sub(b),
                            0x1a => a.wrapping_mul(b),
                            0x1b => a.checked_div(b).unwrap_or(0),
                            0x1c => a & b,
                            0x1d => a | b,
                            _ => a ^ b,
                        };
                        // Byte results are truncated to eight bits by `push`.
                        o.push(vm, result);
                    }
                }
            }
        }
    }
}

/// Takes the next slot on the result stack (the return stack if `ret`), then asks the
/// device for `port` and stores the answer in that slot. A device that moves the stack
/// pointer meanwhile keeps the pointer it set; the value still lands in the slot taken.
fn read_into_slot<D: Device>(vm: &mut Uxn, dev: &mut D, ret: bool, port: u8) {
    let stack = if ret { &mut vm.rst } else { &mut vm.wst };
    let slot = stack.ptr;
    stack.ptr = slot.wrapping_add(1);
    let value = dev.dei(vm, port);
    let stack = if ret { &mut vm.rst } else { &mut vm.wst };
    stack.dat[slot as usize] = value;
}

/// Pushes the byte (or short) at `addr`; the second byte wraps at 16 bits.
fn load(vm: &mut Uxn, o: &Operands, addr: u16) {
    let hi = vm.ram[addr as usize];
    if o.short {
        let lo = vm.ram[addr.wrapping_add(1) as usize];
        o.push(vm, (hi as u16) << 8 | lo as u16);
    } else {
        o.push_byte(vm, hi);
    }
}

/// Stores a byte (or a short, high byte first); the second address wraps within `mask`.
fn store(vm: &mut Uxn, short: bool, addr: u16, value: u16, mask: u16) {
    if short {
        vm.ram[addr as usize] = (value >> 8) as u8;
        vm.ram[(addr.wrapping_add(1) & mask) as usize] = value as u8;
    } else {
        vm.ram[addr as usize] = value as u8;
    }
}
