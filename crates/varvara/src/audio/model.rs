//! The reference integer model of one channel (varvara.md §4.1–4.2).
//!
//! Everything here is plain single-threaded arithmetic at 44 100 frames per second, with
//! the reference's integer widths and C truncation, so that rendering at that rate
//! reproduces the reference output sample for sample.

/// The rate the model is defined at.
pub const MODEL_RATE: u32 = 44_100;

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
const SINGLE_CYCLE_MAX: u32 = 0x100;

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

    /// The note this write starts, or `None` when it stops the channel instead (note ≥
    /// 108 or an empty sample).
    pub(crate) fn note(&self) -> Option<Note> {
        let note = self.pitch & 0x7f;
        // The sample never runs past ffff.
        let len = u32::from(self.length).min(0x10000 - u32::from(self.addr));
        if note >= FIRST_SILENT_NOTE || len == 0 {
            return None;
        }
        let period = if len <= SINGLE_CYCLE_MAX {
            CYCLE_PERIOD / len
        } else {
            SAMPLE_PERIOD
        };
        Some(Note {
            addr: self.addr,
            len,
            advance: ADV[usize::from(note % 12)] >> (8 - u32::from(note / 12)),
            period,
            envelope: Envelope::new(self.adsr),
            volume: [i32::from(self.volume >> 4), i32::from(self.volume & 0xf)],
            repeat: self.pitch & 0x80 == 0,
        })
    }
}

/// A playing note: where its sample is in RAM and how to step through it. The bytes
/// themselves are read from RAM as they are played (varvara.md §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Note {
    addr: u16,
    /// Sample length in bytes, 1 to `0x10000 - addr`.
    len: u32,
    advance: u32,
    period: u32,
    envelope: Envelope,
    volume: [i32; 2],
    repeat: bool,
}

/// One channel: the note it plays and how far it got.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Voice {
    note: Option<Note>,
    /// Phase within the current sample step, below the period of the note that last
    /// played. A new note keeps it (varvara.md §4.1); only a reset clears it.
    frac: u32,
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

    /// Starts `note` from its beginning, replacing what played; the phase carries over.
    pub(crate) fn start(&mut self, note: Note) {
        self.note = Some(note);
        self.pos = 0;
        self.age = 0;
    }

    /// Silences the channel, keeping position and phase (the reference's stopping pitch
    /// write leaves them alone).
    pub(crate) fn stop(&mut self) {
        self.note = None;
    }

    /// The output level port (varvara.md §4.5). Like the reference, reading it once the
    /// envelope is over stops the note there, silently: the renderer never sees it end,
    /// so no vector is called.
    pub(crate) fn level(&mut self) -> u8 {
        let Some(note) = self.note else {
            return 0;
        };
        // The reference evaluates the envelope only for a side with a volume.
        if note.volume == [0, 0] {
            return 0;
        }
        let e = match note.envelope.at(self.age) {
            Some(e) => e as i32,
            None => {
                self.note = None;
                0
            }
        };
        let side = |v: i32| {
            if v == 0 {
                0
            } else {
                (1 + e * v / 0x800).min(15)
            }
        };
        (side(note.volume[0]) << 4 | side(note.volume[1])) as u8
    }

    /// Adds this channel's frames into the interleaved stereo `out` (16-bit wrap-around,
    /// as the reference adds into `Sint16`), reading the sample from `ram` as it goes.
    /// Returns whether the note ended by itself during these frames; it is then silent.
    pub(crate) fn render(&mut self, ram: &[u8; 0x10000], out: &mut [i16]) -> bool {
        let Some(note) = self.note else {
            return false;
        };
        let mut ended = false;
        for frame in out.chunks_exact_mut(2) {
            // frac < period ≤ 11 042 816 and advance < 2^20: no overflow.
            self.frac += note.advance;
            self.pos = self.pos.wrapping_add((self.frac / note.period) as u16);
            self.frac %= note.period;
            if u32::from(self.pos) >= note.len {
                if !note.repeat {
                    ended = true;
                    break;
                }
                self.pos = (u32::from(self.pos) % note.len) as u16;
            }
            let Some(e) = note.envelope.at(self.age) else {
                ended = true;
                break;
            };
            self.age = self.age.wrapping_add(1);
            // pos < len ≤ 0x10000 - addr: always inside RAM.
            let byte = ram[usize::from(note.addr) + usize::from(self.pos)];
            let s = (i32::from(byte) - 0x80) * e as i32;
            frame[0] = frame[0].wrapping_add((s * note.volume[0] / 0x180) as i16);
            frame[1] = frame[1].wrapping_add((s * note.volume[1] / 0x180) as i16);
        }
        if ended {
            self.note = None;
        }
        ended
    }
}
