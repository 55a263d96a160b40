//! Tests of the audio devices, driving [`Audio`] through its ports the way the CPU does
//! and rendering it at the model rate.

mod busy;
mod envelope;
mod pitch;
mod playback;
mod ports;
mod resample;
mod roms;
mod rules;
mod stream;
mod vector;

use uxn_core::{Budget, Device, Uxn};

use super::Audio;

/// Where test samples go in RAM.
pub(super) const SAMPLE: u16 = 0x8000;

/// One period of a square wave: 8 high bytes, 8 low bytes.
pub(super) const SQUARE: [u8; 16] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// The values a pitch write reads from a channel's ports.
#[derive(Clone, Copy, Debug)]
pub(super) struct Play {
    pub adsr: u16,
    pub length: u16,
    pub addr: u16,
    pub volume: u8,
    pub pitch: u8,
}

impl Play {
    /// A looping note without envelope at full volume on both sides.
    pub fn looping(length: u16, pitch: u8) -> Play {
        Play {
            adsr: 0,
            length,
            addr: SAMPLE,
            volume: 0xff,
            pitch,
        }
    }

    /// The same as a one-shot.
    pub fn once(length: u16, pitch: u8) -> Play {
        Play {
            pitch: pitch | 0x80,
            ..Play::looping(length, pitch)
        }
    }
}

/// The CPU's RAM and device page with only the audio devices attached.
pub(super) struct Rig {
    pub vm: Box<Uxn>,
    pub audio: Audio,
}

impl Rig {
    pub fn new() -> Rig {
        Rig {
            vm: Uxn::new(),
            audio: Audio::new(),
        }
    }

    pub fn load(&mut self, addr: u16, bytes: &[u8]) {
        let addr = usize::from(addr);
        self.vm.ram[addr..addr + bytes.len()].copy_from_slice(bytes);
    }

    pub fn deo(&mut self, port: u8, value: u8) {
        self.vm.dev[usize::from(port)] = value;
        self.audio.deo(&mut self.vm, port);
    }

    pub fn deo2(&mut self, port: u8, value: u16) {
        let [hi, lo] = value.to_be_bytes();
        self.deo(port, hi);
        self.deo(port.wrapping_add(1), lo);
    }

    pub fn dei(&mut self, port: u8) -> u8 {
        self.audio.dei(&mut self.vm, port)
    }

    pub fn dei2(&mut self, port: u8) -> u16 {
        let hi = self.dei(port);
        let lo = self.dei(port.wrapping_add(1));
        u16::from_be_bytes([hi, lo])
    }

    /// Writes the note's ports of `channel` in port order, the pitch last.
    pub fn play(&mut self, channel: u8, play: Play) {
        let base = 0x30 + 0x10 * channel;
        self.deo2(base + 0x8, play.adsr);
        self.deo2(base + 0xa, play.length);
        self.deo2(base + 0xc, play.addr);
        self.deo(base + 0xe, play.volume);
        self.deo(base + 0xf, play.pitch);
    }

    /// Renders `frames` stereo frames in one call.
    pub fn render(&mut self, frames: usize) -> Vec<i16> {
        let mut out = vec![0; frames * 2];
        self.audio.render(&self.vm.ram, &mut out);
        out
    }
}

/// One side of interleaved stereo samples (0 = left).
pub(super) fn side(samples: &[i16], side: usize) -> Vec<i16> {
    samples.iter().skip(side).step_by(2).copied().collect()
}

/// The value one channel adds for a sample byte at envelope level `e` and volume `v`,
/// computed the way varvara.md §4.2 writes it.
pub(super) fn expected(byte: u8, e: i32, v: i32) -> i16 {
    ((i32::from(byte) - 128) * e * v / 0x180) as i16
}

/// Envelope at 100 %.
pub(super) const FULL: i32 = 0x888;

/// Routes the audio ports to an [`Audio`]; every other port is plain memory.
pub(super) struct Bus<'a>(pub &'a mut Audio);

impl Device for Bus<'_> {
    fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        match port {
            0x30..=0x6f => self.0.dei(vm, port),
            _ => vm.dev[usize::from(port)],
        }
    }

    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        if let 0x30..=0x6f = port {
            self.0.deo(vm, port);
        }
    }
}

/// A ROM running on the CPU with the audio devices, as the machine runs it: the reset
/// vector, then a loop of rendering and calling the vectors of channels whose note
/// ended. The Screen vector (port `20`) serves as a periodic tick.
pub(super) struct RomRig {
    pub rig: Rig,
}

impl RomRig {
    /// Assembles `roms/tests/audio/<name>` and runs its reset vector.
    pub fn boot(name: &str) -> RomRig {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../roms/tests/audio")
            .join(name);
        let assembly = uxn_asm::assemble_file(&path).expect("test ROM assembles");
        let mut rig = Rig::new();
        rig.vm.load_rom(&assembly.rom).expect("test ROM loads");
        let mut rom = RomRig { rig };
        rom.eval(0x0100);
        rom
    }

    fn eval(&mut self, pc: u16) {
        let Rig { vm, audio, .. } = &mut self.rig;
        vm.eval(&mut Bus(audio), pc, Budget(1 << 20));
    }

    fn vector(&self, port: usize) -> u16 {
        u16::from_be_bytes([self.rig.vm.dev[port], self.rig.vm.dev[port + 1]])
    }

    /// Renders `frames`, then calls the vector of every channel whose note ended;
    /// returns the channels in the order their vectors ran.
    pub fn run(&mut self, frames: usize) -> Vec<usize> {
        self.rig.render(frames);
        let finished = self.rig.audio.take_finished();
        for &channel in &finished {
            let vector = self.vector(0x30 + 0x10 * channel);
            self.eval(vector);
        }
        finished
    }

    /// Calls the tick vector.
    pub fn tick(&mut self) {
        let vector = self.vector(0x20);
        self.eval(vector);
    }

    pub fn ram(&self, addr: u16, len: usize) -> &[u8] {
        &self.rig.vm.ram[usize::from(addr)..usize::from(addr) + len]
    }
}
