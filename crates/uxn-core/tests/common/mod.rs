//! A small device for the CPU tests: the System stack-pointer ports (`04`/`05`) and the
//! Console output ports (`18`/`19`) as in `uxncli`, plus a log of every device access.
#![allow(dead_code)]

use uxn_core::{Device, Uxn};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    Read { port: u8, value: u8 },
    Write { port: u8, value: u8 },
}

#[derive(Default)]
pub struct TestDevice {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub log: Vec<Access>,
    /// Whether unhandled ports answer history-dependent values instead of plain memory.
    pub scramble: bool,
}

impl Device for TestDevice {
    fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let value = match port {
            0x04 => vm.wst.ptr,
            0x05 => vm.rst.ptr,
            // Other ports answer something that depends on the history, so that two engines
            // only agree if they make the same calls in the same order.
            _ if self.scramble => vm.dev[port as usize] ^ (self.log.len() as u8).wrapping_mul(37),
            _ => vm.dev[port as usize],
        };
        self.log.push(Access::Read { port, value });
        value
    }

    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let value = vm.dev[port as usize];
        self.log.push(Access::Write { port, value });
        match port {
            0x04 => vm.wst.ptr = value,
            0x05 => vm.rst.ptr = value,
            0x18 => self.stdout.push(value),
            0x19 => self.stderr.push(value),
            _ => {}
        }
    }
}

/// Parses "12 ab 3f" into bytes.
pub fn hex_bytes(text: &str) -> Vec<u8> {
    text.split_whitespace()
        .map(|h| u8::from_str_radix(h, 16).expect("hex byte"))
        .collect()
}

/// A random starting point for the differential tests: program bytes placed at `pc` over
/// background memory drawn from `seed`, random stacks and device page, and a budget.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub program: Vec<u8>,
    pub pc: u16,
    pub seed: u64,
    /// Out of 256: how much of the background memory is zero (`BRK`).
    pub zero_density: u8,
    pub wst_ptr: u8,
    pub rst_ptr: u8,
    pub budget: u32,
    /// Forces the byte on top of the working stack (a condition for `JCN`/`JCI`).
    pub wst_top: Option<u8>,
}

/// Everything observable after a run.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub stop: uxn_core::Stop,
    pub pc: u16,
    pub ram: Vec<u8>,
    pub wst: uxn_core::Stack,
    pub rst: uxn_core::Stack,
    pub dev: Vec<u8>,
    pub log: Vec<Access>,
}

/// A small xorshift generator: fast enough to fill 64 KiB per case.
pub struct Xorshift(pub u64);

impl Xorshift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

pub fn build(s: &Scenario, backend: uxn_core::Backend) -> Box<Uxn> {
    let mut vm = Uxn::new();
    vm.set_backend(backend);
    let mut rng = Xorshift(s.seed | 1);
    for byte in vm.ram.iter_mut() {
        let r = rng.next();
        *byte = if (r & 0xff) < s.zero_density as u64 {
            0
        } else {
            (r >> 8) as u8
        };
    }
    for (i, b) in s.program.iter().enumerate() {
        vm.ram[s.pc.wrapping_add(i as u16) as usize] = *b;
    }
    for i in 0..256 {
        vm.wst.dat[i] = rng.next() as u8;
        vm.rst.dat[i] = rng.next() as u8;
        vm.dev[i] = rng.next() as u8;
    }
    vm.dev[0x0f] = 0; // not halted
    vm.wst.ptr = s.wst_ptr;
    if let Some(top) = s.wst_top {
        vm.wst.dat[s.wst_ptr.wrapping_sub(1) as usize] = top;
    }
    vm.rst.ptr = s.rst_ptr;
    vm
}

pub fn run(s: &Scenario, backend: uxn_core::Backend) -> Outcome {
    let mut vm = build(s, backend);
    let mut dev = TestDevice {
        scramble: true,
        ..TestDevice::default()
    };
    // Start at the program; pc 0000 is "no vector", so move it.
    let start = if s.pc == 0 { 1 } else { s.pc };
    let stop = vm.eval(&mut dev, start, uxn_core::Budget(s.budget));
    Outcome {
        stop,
        pc: vm.pc,
        ram: vm.ram.to_vec(),
        wst: vm.wst.clone(),
        rst: vm.rst.clone(),
        dev: vm.dev.to_vec(),
        log: dev.log,
    }
}
