//! The reference integer model of one channel (varvara.md §4.1–4.2).
//!
//! Everything here is plain single-threaded arithmetic at 44 100 frames per second, with
//! the reference's integer widths and C truncation, so that rendering at that rate
//! reproduces the reference output sample for sample.

use std::ops::Range;

/// The rate the model is defined at.
pub(crate) const MODEL_RATE: u32 = 44_100;

/// One ADSR unit, 1/15 s, in output frames.
const ADSR_STEP: u32 = 2940;

/// Phase increment per output frame for notes 96–107 (`0x80000 · 2^(i/12)`); lower octaves
/// shift it right by one bit per octave.
const ADV: [u32; 12] = [
    0x80000, 0x879c8, 0x8facd, 0x9837f, 0xa1451, 0xaadc1, 0xb504f, 0xbfc88, 0xcb2ff, 0xd7450,
    0xe411f, 0xf1a1c,
];

/// Phase units per sample step in sample mode (`len > 256`).
const SAMPLE_PERIOD: u32 = 0x10000;

/// Phase units per whole buffer in single-cycle mode (`len ≤ 256`), divided by `len`.
const CYCLE_PERIOD: u32 = 0x10000 * 337 / 2;

/// Longest buffer played as one waveform period.
const SINGLE_CYCLE_MAX: usize = 0x100;

/// First note number that stops the channel instead of playing.
const FIRST_SILENT_NOTE: u8 = 108;

/// Envelope level at 100 % and 50 %.
const FULL: u32 = 0x888;
const HALF: u32 = 0x444;

/// Section ends of an envelope, in frames since the note started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Envelope {
    a: u32,
    d: u32,
    s: u32,
    r: u32,
}

impl Envelope {
    /// Decodes the adsr port: four nibbles, attack in the most significant one.
    pub(crate) fn new(adsr: u16) -> Envelope {
        let adsr = u32::from(adsr);
        let a = ADSR_STEP * (adsr >> 12);
        let d = a + ADSR_STEP * (adsr >> 8 & 0xf);
        let s = d + ADSR_STEP * (adsr >> 4 & 0xf);
        let r = s + ADSR_STEP * (adsr & 0xf);
        Envelope { a, d, s, r }
    }

    /// The level `age` frames into the note, or `None` once the release is over.
    /// `adsr = 0000` is full level forever.
    pub(crate) fn at(&self, age: u32) -> Option<u32> {
        let Envelope { a, d, s, r } = *self;
        // Every division below has a non-zero divisor: a section is only reached when it
        // is longer than zero frames.
        Some(if r == 0 {
            FULL
        } else if age < a {
            FULL * age / a
        } else if age < d {
            HALF * (2 * d - a - age) / (d - a)
        } else if age < s {
            HALF
        } else if age < r {
            HALF * (r - age) / (r - s)
        } else {
            return None;
        })
    }
}

/// The output level port value (varvara.md §4.5) of a playing note `age` frames in.
pub(crate) fn level(envelope: &Envelope, volume: [i32; 2], age: u32) -> u8 {
    let e = envelope.at(age).unwrap_or(0) as i32;
    let side = |v: i32| {
        if v == 0 {
            0
        } else {
            (1 + e * v / 0x800).min(15)
        }
    };
    (side(volume[0]) << 4 | side(volume[1])) as u8
}

/// What a pitch write asks for, read from the channel's 16 ports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    adsr: u16,
    length: u16,
    addr: u16,
    volume: u8,
    pitch: u8,
}

impl Request {
    /// Reads the ports of one channel (`ports[0]` is the vector's high byte).
    pub(crate) fn from_ports(ports: &[u8; 16]) -> Request {
        let short = |i: usize| u16::from_be_bytes([ports[i], ports[i + 1]]);
        Request {
            adsr: short(0x8),
            length: short(0xa),
            addr: short(0xc),
            volume: ports[0xe],
            pitch: ports[0xf],
        }
    }

    /// The sample's bytes in RAM, clipped at `ffff`; `None` when the write stops the
    /// channel instead (note ≥ 108 or an empty sample).
    pub(crate) fn sample_range(&self) -> Option<Range<usize>> {
        let addr = usize::from(self.addr);
        let len = usize::from(self.length).min(0x10000 - addr);
        (self.pitch & 0x7f < FIRST_SILENT_NOTE && len > 0).then_some(addr..addr + len)
    }

    pub(crate) fn envelope(&self) -> Envelope {
        Envelope::new(self.adsr)
    }

    /// Left and right volume, 0–15.
    pub(crate) fn volume(&self) -> [i32; 2] {
        [i32::from(self.volume >> 4), i32::from(self.volume & 0xf)]
    }
}

/// Everything the renderer needs to play one note, sample bytes included.
#[derive(Debug, Default)]
pub(crate) struct Note {
    samples: Vec<u8>,
    advance: u32,
    period: u32,
    envelope: Envelope,
    volume: [i32; 2],
    repeat: bool,
}

impl Note {
    /// Turns `self` into the note `request` starts, with a copy of `samples` (non-empty,
    /// at most 65 535 bytes). Reuses the sample buffer's allocation.
    pub(crate) fn fill(&mut self, request: &Request, samples: &[u8]) {
        let note = request.pitch & 0x7f;
        // Notes ≥ 108 never get here; the `min` only keeps the shift in range.
        let octave = u32::from(note / 12).min(8);
        self.samples.clear();
        self.samples.extend_from_slice(samples);
        self.advance = ADV[usize::from(note % 12)] >> (8 - octave);
        let len = samples.len().max(1);
        self.period = if len <= SINGLE_CYCLE_MAX {
            CYCLE_PERIOD / len as u32
        } else {
            SAMPLE_PERIOD
        };
        self.envelope = request.envelope();
        self.volume = request.volume();
        self.repeat = request.pitch & 0x80 == 0;
    }
}

/// One channel of the renderer: the note it plays and how far it got.
#[derive(Debug, Default)]
pub(crate) struct Voice {
    note: Option<Box<Note>>,
    /// Phase within the current sample step, always below the note's period.
    count: u32,
    /// Sample index: a 16-bit counter, as in the reference.
    pos: u16,
    /// Frames since the note started.
    age: u32,
}

impl Voice {
    pub(crate) fn playing(&self) -> bool {
        self.note.is_some()
    }

    pub(crate) fn pos(&self) -> u16 {
        self.pos
    }

    pub(crate) fn age(&self) -> u32 {
        self.age
    }

    /// Starts `note` from its beginning; returns the note it replaces.
    pub(crate) fn start(&mut self, note: Box<Note>) -> Option<Box<Note>> {
        self.count = 0;
        self.pos = 0;
        self.age = 0;
        self.note.replace(note)
    }

    /// Silences the channel, keeping the position (the reference's stopping pitch write
    /// leaves it alone); returns the note it was playing.
    pub(crate) fn stop(&mut self) -> Option<Box<Note>> {
        self.note.take()
    }

    /// Silences the channel and forgets its position (reboot).
    pub(crate) fn reset(&mut self) -> Option<Box<Note>> {
        std::mem::take(self).note
    }

    /// Adds this channel's frames into the interleaved stereo `out` (16-bit wrap-around,
    /// as the reference adds into `Sint16`). Returns the note if it ended by itself
    /// during these frames; the channel is then silent.
    pub(crate) fn render(&mut self, out: &mut [i16]) -> Option<Box<Note>> {
        let note = self.note.as_deref()?;
        let len = note.samples.len() as u32;
        let mut ended = false;
        for frame in out.chunks_exact_mut(2) {
            // count < period ≤ 11 042 816 and advance < 2^20: no overflow.
            self.count += note.advance;
            self.pos = self.pos.wrapping_add((self.count / note.period) as u16);
            self.count %= note.period;
            if u32::from(self.pos) >= len {
                if !note.repeat {
                    ended = true;
                    break;
                }
                self.pos = (u32::from(self.pos) % len) as u16;
            }
            let Some(e) = note.envelope.at(self.age) else {
                ended = true;
                break;
            };
            self.age = self.age.wrapping_add(1);
            let byte = note
                .samples
                .get(usize::from(self.pos))
                .copied()
                .unwrap_or(0x80);
            let s = (i32::from(byte) - 0x80) * e as i32;
            frame[0] = frame[0].wrapping_add((s * note.volume[0] / 0x180) as i16);
            frame[1] = frame[1].wrapping_add((s * note.volume[1] / 0x180) as i16);
        }
        if ended { self.note.take() } else { None }
    }
}
