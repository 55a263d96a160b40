//! The three reference rules of the audio devices (varvara.md §4.1, §4.5), each on its
//! own ROM in `roms/tests/audio/`: the phase carries over from one note to the next,
//! a note plays live RAM, and reading the level when the envelope has just ended stops
//! the note without its vector.
//!
//! The expected sound is computed here by a reference renderer written from the
//! specification's pseudocode (§4.1, §4.2, §4.5), independent of the crate's model, and
//! driven by the same frame timeline as the machine: at the start of each frame the
//! vectors of notes that ended, then the Screen vector, then 735 rendered frames. The
//! ROMs' vectors are mirrored by the tests' own steps.

mod common;

use common::{Sink, roms_dir};
use varvara::{Config, FRAME_SAMPLES, Varvara};

/// §4.1: the phase increment of notes 96–107.
const ADV: [u32; 12] = [
    0x80000, 0x879c8, 0x8facd, 0x9837f, 0xa1451, 0xaadc1, 0xb504f, 0xbfc88, 0xcb2ff, 0xd7450,
    0xe411f, 0xf1a1c,
];

/// One channel as varvara.md §4 describes it.
#[derive(Clone, Debug, Default)]
struct Channel {
    playing: bool,
    addr: u32,
    len: u32,
    advance: u32,
    period: u32,
    a: u32,
    d: u32,
    s: u32,
    r: u32,
    vol: [i32; 2],
    looping: bool,
    frac: u32,
    pos: u32,
    age: u32,
    /// Set when the note ended by itself (§4.4): its vector runs next frame.
    ended: bool,
}

/// What a pitch write reads from the channel's ports.
#[derive(Clone, Copy)]
struct Ports {
    adsr: u16,
    length: u16,
    addr: u16,
    volume: u8,
    pitch: u8,
}

impl Channel {
    /// §4.1. With `fresh_phase` the phase is reset too, which the reference does not do.
    fn start(&mut self, p: Ports, fresh_phase: bool) {
        let note = u32::from(p.pitch & 0x7f);
        let len = u32::from(p.length).min(0x10000 - u32::from(p.addr));
        if note >= 108 || len == 0 {
            self.playing = false;
            return;
        }
        self.playing = true;
        self.looping = p.pitch & 0x80 == 0;
        self.addr = u32::from(p.addr);
        self.len = len;
        self.advance = ADV[(note % 12) as usize] >> (8 - note / 12);
        let adsr = u32::from(p.adsr);
        self.a = 2940 * (adsr >> 12);
        self.d = self.a + 2940 * ((adsr >> 8) & 0xf);
        self.s = self.d + 2940 * ((adsr >> 4) & 0xf);
        self.r = self.s + 2940 * (adsr & 0xf);
        self.period = if len <= 256 { 11_042_816 / len } else { 65_536 };
        self.vol = [i32::from(p.volume >> 4), i32::from(p.volume & 0xf)];
        self.pos = 0;
        self.age = 0;
        if fresh_phase {
            self.frac = 0;
        }
    }

    /// §4.2's envelope; past the release the channel ends and the level is 0.
    fn envelope(&mut self, age: u32) -> i32 {
        let (a, d, s, r) = (self.a, self.d, self.s, self.r);
        let e = if r == 0 {
            0x888
        } else if age < a {
            0x888 * age / a
        } else if age < d {
            0x444 * (2 * d - a - age) / (d - a)
        } else if age < s {
            0x444
        } else if age < r {
            0x444 * (r - age) / (r - s)
        } else {
            self.playing = false;
            self.ended = true;
            0
        };
        e as i32
    }

    /// §4.2, one output frame: what this channel adds to the left and right samples.
    fn frame(&mut self, ram: &[u8]) -> [i32; 2] {
        if !self.playing {
            return [0, 0];
        }
        self.frac += self.advance;
        self.pos = (self.pos + self.frac / self.period) & 0xffff;
        self.frac %= self.period;
        if self.pos >= self.len {
            if !self.looping {
                self.playing = false;
                self.ended = true;
                return [0, 0];
            }
            self.pos %= self.len;
        }
        let s = i32::from(ram[(self.addr + self.pos) as usize]) - 128;
        let e = self.envelope(self.age);
        self.age += 1;
        [s * e * self.vol[0] / 0x180, s * e * self.vol[1] / 0x180]
    }

    /// §4.5, with its side effect.
    fn level(&mut self) -> u8 {
        if !self.playing {
            return 0;
        }
        let mut sides = [0; 2];
        for (side, &vol) in sides.iter_mut().zip(&self.vol.clone()) {
            if vol != 0 {
                let e = self.envelope(self.age);
                // A note stopped by the read never reports its end.
                self.ended = false;
                *side = (1 + e * vol / 0x800).min(15);
            }
        }
        (sides[0] << 4 | sides[1]) as u8
    }
}

/// Four reference channels over a copy of RAM.
struct Reference {
    channels: [Channel; 4],
    ram: Vec<u8>,
    fresh_phase: bool,
}

impl Reference {
    fn new(rom: &[u8]) -> Reference {
        let mut ram = vec![0; 0x10000];
        ram[0x100..0x100 + rom.len()].copy_from_slice(rom);
        Reference {
            channels: Default::default(),
            ram,
            fresh_phase: false,
        }
    }

    fn start(&mut self, channel: usize, ports: Ports) {
        self.channels[channel].start(ports, self.fresh_phase);
    }

    /// Channels whose note ended during the last frame, in order; clears the marks.
    fn take_ended(&mut self) -> Vec<usize> {
        (0..4)
            .filter(|&c| std::mem::take(&mut self.channels[c].ended))
            .collect()
    }

    /// One video frame of sound: the channels summed into 16 bits, wrapping.
    fn render(&mut self) -> Vec<i16> {
        let mut out = Vec::with_capacity(2 * FRAME_SAMPLES);
        for _ in 0..FRAME_SAMPLES {
            let mut sum = [0i32; 2];
            for channel in &mut self.channels {
                let [l, r] = channel.frame(&self.ram);
                sum[0] += l;
                sum[1] += r;
            }
            out.extend([sum[0] as i16, sum[1] as i16]);
        }
        out
    }
}

/// The ROM's bytes and the address of each label, from the assembler's symbol file.
struct Rom {
    bytes: Vec<u8>,
    symbols: Vec<(String, u16)>,
}

impl Rom {
    fn assemble(name: &str) -> Rom {
        let path = roms_dir().join("tests/audio").join(name);
        let assembly = uxn_asm::assemble_file(&path).expect("test ROM assembles");
        let mut symbols = Vec::new();
        let mut rest = &assembly.symbols[..];
        while rest.len() > 2 {
            let addr = u16::from_be_bytes([rest[0], rest[1]]);
            let end = rest[2..]
                .iter()
                .position(|&b| b == 0)
                .unwrap_or(rest.len() - 2);
            symbols.push((
                String::from_utf8_lossy(&rest[2..2 + end]).into_owned(),
                addr,
            ));
            rest = &rest[(3 + end).min(rest.len())..];
        }
        Rom {
            bytes: assembly.rom,
            symbols,
        }
    }

    fn label(&self, name: &str) -> u16 {
        self.symbols
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no label {name}"))
            .1
    }

    /// A GUI machine that has run the reset vector, its Console output captured.
    fn boot(&self) -> (Varvara, Sink) {
        let out = Sink::default();
        let mut config = Config::gui();
        config.stdout = Box::new(out.clone());
        let mut vm = Varvara::new(config);
        vm.load(&self.bytes, false).expect("test ROM loads");
        vm.boot();
        (vm, out)
    }
}

/// The machine's sound over `frames` frames.
fn play(vm: &mut Varvara, frames: usize) -> Vec<Vec<i16>> {
    (0..frames)
        .map(|_| {
            vm.frame();
            vm.take_audio().expect("a frame renders sound").to_vec()
        })
        .collect()
}

/// The first frame and sample where two recordings differ.
fn first_difference(a: &[Vec<i16>], b: &[Vec<i16>]) -> Option<(usize, usize)> {
    a.iter().zip(b).enumerate().find_map(|(f, (x, y))| {
        x.iter()
            .zip(y)
            .position(|(p, q)| p != q)
            .map(|i| (f, i / 2))
    })
}

/// `phase_carry.tal` in the reference: a one-shot whose end starts a 256-byte cycle,
/// replaced by a 7-byte cycle in the tenth frame.
fn phase_carry_reference(rom: &Rom, frames: usize, fresh_phase: bool) -> Vec<Vec<i16>> {
    let mut reference = Reference::new(&rom.bytes);
    reference.fresh_phase = fresh_phase;
    let mut ports = Ports {
        adsr: 0,
        length: 1000,
        addr: 0x0100,
        volume: 0xff,
        pitch: 0xbd,
    };
    reference.start(0, ports);
    let mut screen_calls = 0;
    (0..frames)
        .map(|_| {
            if reference.take_ended() == [0] {
                ports.length = 0x100;
                ports.addr = rom.label("wave256");
                ports.volume = 0x8f;
                ports.pitch = 0x3e;
                reference.start(0, ports);
            }
            screen_calls += 1;
            if screen_calls == 10 {
                ports.length = 7;
                ports.addr = rom.label("wave7");
                ports.volume = 0xf4;
                ports.pitch = 0x50;
                reference.start(0, ports);
            }
            reference.render()
        })
        .collect()
}

#[test]
fn a_note_starts_from_the_phase_the_previous_note_left() {
    let rom = Rom::assemble("phase_carry.tal");
    let (mut vm, _) = rom.boot();
    let heard = play(&mut vm, 16);
    let expected = phase_carry_reference(&rom, 16, false);
    assert_eq!(first_difference(&heard, &expected), None);
    assert!(heard[15].iter().any(|&v| v != 0), "the third note sounds");
    // Resetting the phase at each note would sound different from the second note on.
    let fresh = phase_carry_reference(&rom, 16, true);
    let (frame, _) = first_difference(&heard, &fresh).expect("the phase matters here");
    assert!(frame >= 1, "the first note is the same either way");
}

#[test]
fn a_rewritten_waveform_is_heard_while_the_note_plays() {
    let rom = Rom::assemble("live_wave.tal");
    let (mut vm, _) = rom.boot();
    let heard = play(&mut vm, 12);

    let wave = usize::from(rom.label("wave"));
    let mut reference = Reference::new(&rom.bytes);
    reference.start(
        1,
        Ports {
            adsr: 0,
            length: 16,
            addr: wave as u16,
            volume: 0xf8,
            pitch: 0x48,
        },
    );
    let mut copy_at_start = Vec::new();
    let expected: Vec<Vec<i16>> = (1..=12u32)
        .map(|n| {
            // The n-th Screen vector rewrites the 16 bytes before the frame is rendered.
            for i in 0..16u32 {
                reference.ram[wave + i as usize] = (n * 0x25 + i * 0x11) as u8;
            }
            if n == 1 {
                copy_at_start = reference.ram[wave..wave + 16].to_vec();
            }
            reference.render()
        })
        .collect();
    assert_eq!(first_difference(&heard, &expected), None);

    // A copy of the bytes taken when the note started would sound different.
    let mut frozen = Reference::new(&rom.bytes);
    frozen.ram[wave..wave + 16].copy_from_slice(&copy_at_start);
    frozen.start(
        1,
        Ports {
            adsr: 0,
            length: 16,
            addr: wave as u16,
            volume: 0xf8,
            pitch: 0x48,
        },
    );
    let frozen: Vec<Vec<i16>> = (0..12).map(|_| frozen.render()).collect();
    assert_eq!(heard[0], frozen[0]);
    assert_ne!(heard[1], frozen[1]);
}

#[test]
fn reading_the_level_as_the_envelope_ends_stops_the_note_without_its_vector() {
    let rom = Rom::assemble("level_end.tal");
    let (mut vm, out) = rom.boot();
    let heard = play(&mut vm, 12);

    let square = rom.label("square");
    let mut reference = Reference::new(&rom.bytes);
    for (channel, volume) in [(0, 0xff), (1, 0x3f)] {
        reference.start(
            channel,
            Ports {
                adsr: 0x0001,
                length: 16,
                addr: square,
                volume,
                pitch: 0x3c,
            },
        );
    }
    let mut printed = String::new();
    let expected: Vec<Vec<i16>> = (1..=12)
        .map(|n| {
            for channel in reference.take_ended() {
                printed += &format!("end {channel}\n");
            }
            if n <= 8 {
                printed += &format!("L{:02x}\n", reference.channels[0].level());
            }
            reference.render()
        })
        .collect();

    assert_eq!(out.text(), printed);
    assert_eq!(first_difference(&heard, &expected), None);
    // What the reference renderer says the ROM sees: the release falls in four frames,
    // the read at age 2940 finds envelope 0 (level 1) and stops channel 0, so only
    // channel 1 reports its end.
    assert_eq!(
        printed, "L88\nL66\nL44\nL22\nL11\nend 1\nL00\nL00\nL00\n",
        "the reference renderer's own reading of the ROM"
    );
}
