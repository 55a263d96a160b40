//! The operand view one handler has of the stacks.
//!
//! A [`Frame`] is built fresh by every handler and lives only in registers: all its
//! offsets start as constants and move by constants, so after inlining every pop and push
//! becomes one load or store at a fixed displacement from the stack pointer, a short being
//! one 16-bit access (see [`access`]).
//!
//! Offsets are relative to the source pointer at entry and wrap like the 8-bit pointers.
//! In a fast frame (`FAST`) the handler has checked up front that no access of this
//! instruction crosses the ends of the 256-byte stack, so `pointer + offset` is used as is;
//! in a slow frame every index is reduced modulo 256.
//!
//! `IMM` bytes (one or two) are the literal of the `LIT`/`LIT2` just before, which did not
//! push it: the handler has read it from the program into a register, and the first pops
//! take it from there. It is still written to the stack memory (bytes above the stack
//! pointer stay observable), but never read back from it.

use crate::Uxn;

pub(super) struct Frame<
    const K: bool,
    const R: bool,
    const W: bool,
    const IMM: usize,
    const FAST: bool,
> {
    /// Address after the opcode; the next instruction unless a jump changes it. For a
    /// jump it may be `10000` (the opcode sat at `ffff`, see [`Frame::wrapped`]); for
    /// every other operation the handler has dealt with that already.
    pub pc: usize,
    /// Source stack pointer at entry (before the literal bytes).
    s: usize,
    /// Other stack pointer at entry.
    o: usize,
    /// The literal handed over by `LIT`/`LIT2`, its bytes in memory order (see
    /// [`Frame::imm_byte`]).
    imm: u16,
    /// Pop cursor, relative to `s`.
    cur: usize,
    /// Push position on the source stack, relative to `s`.
    top: usize,
    /// Push position on the other stack, relative to `o`.
    otop: usize,
    /// The byte pushed last (for the condition of a comparison).
    pub last: u8,
    /// Bytes pushed on the source stack but not yet stored (fast frames only; see
    /// [`Frame::push8`]): `held_n` of them, from offset `held_at` on.
    held: (u8, u8),
    held_at: usize,
    held_n: usize,
}

impl<const K: bool, const R: bool, const W: bool, const IMM: usize, const FAST: bool>
    Frame<K, R, W, IMM, FAST>
{
    #[inline(always)]
    pub fn new(pc: usize, s: usize, o: usize, imm: u16) -> Self {
        Frame {
            pc,
            s,
            o,
            imm,
            cur: IMM,
            top: IMM,
            otop: 0,
            last: 0,
            held: (0, 0),
            held_at: 0,
            held_n: 0,
        }
    }

    /// The opcode sat at `ffff`: the next address wraps to `0000`.
    #[inline(always)]
    pub fn wrapped(&self) -> bool {
        self.pc > 0xffff
    }

    /// The address after the opcode, wrapped to 16 bits.
    #[inline(always)]
    pub fn next_pc(&self) -> u16 {
        self.pc as u16
    }

    #[inline(always)]
    fn at(base: usize, offset: usize) -> usize {
        let i = base.wrapping_add(offset);
        if FAST { i } else { i & 0xff }
    }

    #[inline(always)]
    fn src(vm: &mut Uxn) -> &mut [u8; 256] {
        if R { &mut vm.rst.dat } else { &mut vm.wst.dat }
    }

    #[inline(always)]
    fn other(vm: &mut Uxn) -> &mut [u8; 256] {
        if R { &mut vm.wst.dat } else { &mut vm.rst.dat }
    }

    /// Byte `i` of the literal. A one-byte literal is the low byte of `imm`; a two-byte
    /// one is kept as it lies in memory (loaded with one unswapped 16-bit load), so that
    /// storing it is one 16-bit store and only the consumers that compute with it pay for
    /// the byte swap.
    #[inline(always)]
    fn imm_byte(&self, i: usize) -> u8 {
        if IMM == 2 {
            self.imm.to_ne_bytes()[i]
        } else {
            self.imm as u8
        }
    }

    /// Writes the literal to stack memory where `LIT`/`LIT2` would have pushed it.
    #[inline(always)]
    pub fn store_literal(&self, vm: &mut Uxn) {
        if FAST && IMM == 2 {
            access::store16(&mut vm.wst.dat, self.s, self.imm.to_ne_bytes());
        } else {
            for i in 0..IMM {
                let at = Self::at(self.s, i);
                Self::store8(&mut vm.wst.dat, at, self.imm_byte(i));
            }
        }
    }

    /// Whether the byte at offset `c` is a literal byte rather than stack memory.
    #[inline(always)]
    fn is_imm(c: usize) -> bool {
        !R && c < IMM
    }

    #[inline(always)]
    fn load8(dat: &[u8; 256], i: usize) -> u8 {
        if FAST { access::load8(dat, i) } else { dat[i] }
    }

    #[inline(always)]
    fn store8(dat: &mut [u8; 256], i: usize, v: u8) {
        if FAST {
            access::store8(dat, i, v)
        } else {
            dat[i] = v
        }
    }

    #[inline(always)]
    pub fn pop8(&mut self, vm: &mut Uxn) -> u8 {
        self.cur = self.cur.wrapping_sub(1);
        if Self::is_imm(self.cur) {
            self.imm_byte(self.cur)
        } else {
            Self::load8(Self::src(vm), Self::at(self.s, self.cur))
        }
    }

    #[inline(always)]
    pub fn pop16(&mut self, vm: &mut Uxn) -> u16 {
        let c = self.cur.wrapping_sub(2);
        if FAST && IMM == 2 && c == 0 {
            // Exactly the literal.
            self.cur = c;
            u16::from_be_bytes(self.imm.to_ne_bytes())
        } else if FAST && !Self::is_imm(c) && !Self::is_imm(c.wrapping_add(1)) {
            self.cur = c;
            u16::from_be_bytes(access::load16(Self::src(vm), self.s.wrapping_add(c)))
        } else {
            let lo = self.pop8(vm) as u16;
            let hi = self.pop8(vm) as u16;
            hi << 8 | lo
        }
    }

    /// A byte, or a short in short mode.
    #[inline(always)]
    pub fn pop(&mut self, vm: &mut Uxn) -> u16 {
        if W {
            self.pop16(vm)
        } else {
            self.pop8(vm) as u16
        }
    }

    /// End of the pop phase: popped bytes leave the stack unless in keep mode.
    #[inline(always)]
    pub fn commit(&mut self) {
        if !K {
            self.top = self.cur;
        }
    }

    /// Pushes a byte. In a fast frame the last two bytes an instruction pushes are stored
    /// together, as one 16-bit store (see [`Frame::finish`]): the top two bytes are what
    /// the next instruction reads when it pops a short (`ROT ROT STA`, `#00 SWP ADD2`), and
    /// a 16-bit load can only be served by one earlier store (see [`access`]). A byte load
    /// from within a 16-bit store is served as well, so nothing reads such a pair slower.
    #[inline(always)]
    pub fn push8(&mut self, vm: &mut Uxn, v: u8) {
        self.last = v;
        if FAST {
            match self.held_n {
                0 => {
                    self.held_at = self.top;
                    self.held.0 = v;
                    self.held_n = 1;
                }
                1 => {
                    self.held.1 = v;
                    self.held_n = 2;
                }
                _ => {
                    let at = self.s.wrapping_add(self.held_at);
                    Self::store8(Self::src(vm), at, self.held.0);
                    self.held = (self.held.1, v);
                    self.held_at = self.held_at.wrapping_add(1);
                }
            }
        } else {
            Self::store8(Self::src(vm), Self::at(self.s, self.top), v);
        }
        self.top = self.top.wrapping_add(1);
    }

    /// Stores the bytes [`Frame::push8`] held back: two as one 16-bit store. Every
    /// handler calls it once its operation is done; the offsets are constants after
    /// inlining, so this costs no more than storing each byte when it is pushed.
    #[inline(always)]
    pub fn finish(&mut self, vm: &mut Uxn) {
        let at = self.s.wrapping_add(self.held_at);
        match self.held_n {
            2 => access::store16(Self::src(vm), at, [self.held.0, self.held.1]),
            1 => Self::store8(Self::src(vm), at, self.held.0),
            _ => {}
        }
        self.held_n = 0;
    }

    /// Moves the push position over `n` bytes that already hold what would be pushed:
    /// they were just popped from there (`DUP`, `OVR` outside keep mode).
    #[inline(always)]
    pub fn skip(&mut self, vm: &mut Uxn, n: usize) {
        debug_assert!(!K);
        self.finish(vm);
        self.top = self.top.wrapping_add(n);
    }

    #[inline(always)]
    pub fn push16(&mut self, vm: &mut Uxn, v: u16) {
        if FAST {
            self.finish(vm);
            access::store16(
                Self::src(vm),
                self.s.wrapping_add(self.top),
                v.to_be_bytes(),
            );
            self.top = self.top.wrapping_add(2);
        } else {
            self.push8(vm, (v >> 8) as u8);
            self.push8(vm, v as u8);
        }
    }

    /// Two bytes, in the order they lie in memory.
    #[inline(always)]
    pub fn push_bytes(&mut self, vm: &mut Uxn, v: [u8; 2]) {
        self.push16(vm, u16::from_be_bytes(v));
    }

    /// A byte, or a short in short mode.
    #[inline(always)]
    pub fn push(&mut self, vm: &mut Uxn, v: u16) {
        if W {
            self.push16(vm, v)
        } else {
            self.push8(vm, v as u8)
        }
    }

    #[inline(always)]
    pub fn push_other8(&mut self, vm: &mut Uxn, v: u8) {
        Self::store8(Self::other(vm), Self::at(self.o, self.otop), v);
        self.otop = self.otop.wrapping_add(1);
    }

    #[inline(always)]
    pub fn push_other16(&mut self, vm: &mut Uxn, v: u16) {
        if FAST {
            access::store16(
                Self::other(vm),
                self.o.wrapping_add(self.otop),
                v.to_be_bytes(),
            );
            self.otop = self.otop.wrapping_add(2);
        } else {
            self.push_other8(vm, (v >> 8) as u8);
            self.push_other8(vm, v as u8);
        }
    }

    /// Target of `JMP`/`JCN`/`JSR`: relative in byte mode, absolute in short mode.
    #[inline(always)]
    pub fn target(&self, addr: u16) -> usize {
        if W {
            addr as usize
        } else {
            self.relative(addr as u8)
        }
    }

    /// `pc` moved by a signed byte, wrapping at 16 bits.
    #[inline(always)]
    pub fn relative(&self, offset: u8) -> usize {
        self.pc.wrapping_add(offset as i8 as usize) & 0xffff
    }

    /// `(wp, rp)` after the instruction.
    #[inline(always)]
    pub fn out(&self) -> (usize, usize) {
        let s = Self::at(self.s, self.top);
        let o = Self::at(self.o, self.otop);
        if R { (o, s) } else { (s, o) }
    }

    /// Hands the stack pointers to the machine before a device call.
    #[inline(always)]
    pub fn sync_out(&mut self, vm: &mut Uxn) {
        self.finish(vm);
        let (wp, rp) = self.out();
        vm.wst.ptr = wp as u8;
        vm.rst.ptr = rp as u8;
    }

    /// Takes the next slot on the source stack for a byte the device is about to supply,
    /// and hands the pointer past it to the machine (see [`Frame::sync_out`]); returns the
    /// slot's index for [`Frame::fill_slot`]. Slow frames only.
    #[inline(always)]
    pub fn take_slot(&mut self, vm: &mut Uxn) -> usize {
        debug_assert!(!FAST);
        let slot = Self::at(self.s, self.top);
        self.top = self.top.wrapping_add(1);
        self.sync_out(vm);
        slot
    }

    /// Stores the byte for a slot taken with [`Frame::take_slot`].
    #[inline(always)]
    pub fn fill_slot(&mut self, vm: &mut Uxn, slot: usize, v: u8) {
        Self::src(vm)[slot] = v;
        self.last = v;
    }

    /// Takes them back afterwards: the device may have moved them. Only slow frames make
    /// device calls, so the new pointers need no range guarantee.
    #[inline(always)]
    pub fn sync_in(&mut self, vm: &Uxn) {
        debug_assert!(!FAST);
        let (s, o) = if R {
            (vm.rst.ptr, vm.wst.ptr)
        } else {
            (vm.wst.ptr, vm.rst.ptr)
        };
        self.s = s as usize;
        self.o = o as usize;
        self.top = 0;
        self.otop = 0;
    }
}

/// Stack memory accesses of fast frames, each exactly as wide as the value it moves.
///
/// A load that an earlier store still in flight fully contains is served from that store
/// (about 6 cycles on this machine's Zen 3); a load that needs bytes of two different
/// stores waits until both reach the cache (18 to 25 cycles, measured with a chain of
/// dependent store/load pairs). So the widths of stores and loads have to match up:
///
/// * Left alone, the compiler merges neighbouring accesses: `SWP2` becomes one 32-bit load
///   and store, a byte `ROT` moves two of its bytes as a short. The next instruction then
///   often reads a value whose bytes come from two different stores. Measured on
///   `sieve.tal`: the marking loop ran 45% and the counting loop 60% slower than with exact
///   widths. A compiler fence after each access keeps them apart and costs no
///   instruction. (Volatile accesses would too, but the compiler splits a volatile pair of
///   bytes into two loads.)
/// * Byte operations that push two or more bytes store the top two as one short (see
///   [`Frame::push8`]), because the short popped next starts there: `ROTk ROT ROT STA`
///   in `sieve.tal` spent two thirds of its `STA` waiting for an address assembled from two
///   byte stores; pairing them made `sieve` 6% faster (18 of 21 paired runs).
mod access {
    use core::sync::atomic::{Ordering, compiler_fence};

    #[inline(always)]
    pub fn load8(dat: &[u8; 256], i: usize) -> u8 {
        let v = dat[i];
        compiler_fence(Ordering::SeqCst);
        v
    }

    #[inline(always)]
    pub fn store8(dat: &mut [u8; 256], i: usize, v: u8) {
        dat[i] = v;
        compiler_fence(Ordering::SeqCst);
    }

    /// Bytes `i` and `i + 1` (the callers have checked that `i + 1` does not wrap), as one
    /// 16-bit load.
    #[inline(always)]
    pub fn load16(dat: &[u8; 256], i: usize) -> [u8; 2] {
        let v = super::super::load_pair(dat, i);
        compiler_fence(Ordering::SeqCst);
        v
    }

    #[inline(always)]
    pub fn store16(dat: &mut [u8; 256], i: usize, v: [u8; 2]) {
        super::super::store_pair(dat, i, v);
        compiler_fence(Ordering::SeqCst);
    }
}
