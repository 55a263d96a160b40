use alloc::boxed::Box;
use alloc::vec;

use crate::{Backend, Budget, Device, Stop};

/// Bytes in one memory bank (the CPU's RAM is bank 0).
pub const BANK_SIZE: usize = 0x10000;
/// Banks in total: the CPU's RAM plus 15 expansion banks.
pub const BANK_COUNT: usize = 16;

/// A circular 256-byte stack. `ptr` is the next free slot and wraps without any check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Stack {
    pub dat: [u8; 256],
    pub ptr: u8,
}

impl Stack {
    const fn new() -> Self {
        Stack {
            dat: [0; 256],
            ptr: 0,
        }
    }

    /// The bytes currently on the stack, bottom first (`dat[0..ptr]`).
    pub fn live(&self) -> &[u8] {
        &self.dat[..self.ptr as usize]
    }

    pub fn push(&mut self, v: u8) {
        self.dat[self.ptr as usize] = v;
        self.ptr = self.ptr.wrapping_add(1);
    }

    pub fn pop(&mut self) -> u8 {
        self.ptr = self.ptr.wrapping_sub(1);
        self.dat[self.ptr as usize]
    }
}

/// The whole Uxn machine.
///
/// RAM, both stacks and the device page sit inline in one allocation so that the
/// tail-call engine reaches all of them from a single pointer at fixed offsets.
#[repr(C)]
pub struct Uxn {
    /// Bank 0: the 64 KiB the CPU addresses.
    pub ram: [u8; BANK_SIZE],
    /// Working stack.
    pub wst: Stack,
    /// Return stack.
    pub rst: Stack,
    /// The device page, ports `00`–`ff`.
    pub dev: [u8; 256],
    /// Where the last vector call stopped (see [`Stop`]).
    pub pc: u16,
    /// Banks 1–15, one after the other.
    banks: Box<[u8]>,
    backend: Backend,
}

impl Uxn {
    /// A machine with everything zeroed, using the default (tail-call) engine.
    pub fn new() -> Box<Uxn> {
        Box::new(Uxn {
            ram: [0; BANK_SIZE],
            wst: Stack::new(),
            rst: Stack::new(),
            dev: [0; 256],
            pc: 0,
            banks: vec![0u8; (BANK_COUNT - 1) * BANK_SIZE].into_boxed_slice(),
            backend: Backend::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn set_backend(&mut self, backend: Backend) {
        self.backend = backend;
    }

    /// Runs the vector at `pc` until `BRK`, the budget runs out, or returns at once when
    /// `pc` is `0000` or the machine is halted (System/state, port `0f`, non-zero).
    pub fn eval<D: Device>(&mut self, device: &mut D, pc: u16, budget: Budget) -> Stop {
        if pc == 0 || self.dev[0x0f] != 0 {
            return Stop::NotRun;
        }
        match self.backend {
            Backend::TailCall => crate::tailcall::run(self, device, pc, budget.0),
            Backend::Match => crate::match_engine::run(self, device, pc, budget.0),
        }
    }

    /// Whether a program asked to stop by writing a non-zero System/state.
    pub fn halted(&self) -> bool {
        self.dev[0x0f] != 0
    }

    /// Byte `addr` of `bank` (0 = RAM). Banks beyond 15 read as `None`.
    pub fn bank_byte(&self, bank: usize, addr: u16) -> Option<u8> {
        match bank {
            0 => Some(self.ram[addr as usize]),
            1..BANK_COUNT => Some(self.banks[(bank - 1) * BANK_SIZE + addr as usize]),
            _ => None,
        }
    }

    /// Writes byte `addr` of `bank` (0 = RAM); returns `false` for a bank beyond 15.
    pub fn set_bank_byte(&mut self, bank: usize, addr: u16, value: u8) -> bool {
        match bank {
            0 => self.ram[addr as usize] = value,
            1..BANK_COUNT => self.banks[(bank - 1) * BANK_SIZE + addr as usize] = value,
            _ => return false,
        }
        true
    }

    /// One whole bank (0 = RAM), or `None` beyond 15.
    pub fn bank(&self, bank: usize) -> Option<&[u8]> {
        match bank {
            0 => Some(&self.ram[..]),
            1..BANK_COUNT => Some(&self.banks[(bank - 1) * BANK_SIZE..bank * BANK_SIZE]),
            _ => None,
        }
    }

    /// Clears the machine for a reboot: the device page, RAM (from `0100` on a soft
    /// reboot, which keeps the zero page) and both stack pointers. Stack contents and
    /// expansion banks are kept, as in the reference.
    pub fn reset(&mut self, soft: bool) {
        self.dev = [0; 256];
        let start = if soft { 0x100 } else { 0 };
        self.ram[start..].fill(0);
        self.wst.ptr = 0;
        self.rst.ptr = 0;
        self.pc = 0;
    }

    /// Clears everything, expansion banks and stack contents included.
    pub fn clear(&mut self) {
        self.ram.fill(0);
        self.banks.fill(0);
        self.wst = Stack::new();
        self.rst = Stack::new();
        self.dev = [0; 256];
        self.pc = 0;
    }

    pub(crate) fn expansion_mut(&mut self) -> &mut [u8] {
        &mut self.banks
    }
}
