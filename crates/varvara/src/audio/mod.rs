//! Audio devices (ports `30`–`6f`): four channels of the reference model (varvara.md §4).
//!
//! # Where the sound is made
//!
//! The channels are rendered on the machine's own thread, by the machine: each 60 Hz
//! frame ([`crate::Varvara::frame`]) runs the end-of-note vectors, then the Screen
//! vector, then renders [`FRAME_SAMPLES`] stereo frames at [`MODEL_RATE`] into a block
//! the host takes. So the renderer reads RAM directly, between two vectors, and:
//!
//! * a playing note reads **live RAM** (`addr`, `len` are kept, not the bytes): a ROM
//!   that rewrites its waveform while a note sounds is heard from the next frame on;
//! * the fractional phase carries over from one note to the next on a channel (only a
//!   reset clears it);
//! * reading the output level once the envelope is over stops the note there, silently,
//!   and its vector never runs (varvara.md §4.5).
//!
//! # Time
//!
//! Model time is frames: frame `n` renders model frames `735·n … 735·n + 734`, after the
//! input delivered before it and its vectors. A note started by any vector is heard from
//! the start of the next block rendered; a note that ends inside a block has its vector
//! called at the start of the next frame. The samples are therefore a function of the
//! ROM and of which frame each input came before, whatever the host's timing: the
//! headless runner and the desktop app produce the same sound for the same input
//! timeline. The desktop app queues the blocks for its sound card through
//! [`stream`], which also decides when the next frame is due.

mod model;
pub mod resample;
pub mod stream;
#[cfg(test)]
mod tests;

use uxn_core::Uxn;

pub use model::MODEL_RATE;
use model::{Request, Voice};

/// Channels per machine.
const CHANNELS: usize = 4;

/// Stereo frames rendered per 60 Hz video frame: 1/60 s at the model rate.
pub const FRAME_SAMPLES: usize = MODEL_RATE as usize / 60;

/// The four channels, and the block the last frame rendered.
#[derive(Debug)]
pub(crate) struct Audio {
    voices: [Voice; CHANNELS],
    /// Notes that ended by themselves per channel, not yet taken.
    ended: [u32; CHANNELS],
    /// Interleaved stereo frames of the last video frame.
    block: Vec<i16>,
    /// Whether `block` was rendered since the host last took it.
    fresh: bool,
}

/// Channel number of an audio port, `None` outside `30`–`6f`.
fn channel_of(port: u8) -> Option<usize> {
    usize::from(port >> 4)
        .checked_sub(3)
        .filter(|&c| c < CHANNELS)
}

impl Audio {
    pub(crate) fn new() -> Self {
        Audio {
            voices: Default::default(),
            ended: [0; CHANNELS],
            block: vec![0; FRAME_SAMPLES * 2],
            fresh: false,
        }
    }

    /// `DEI` on an audio port: `B+2` latches the position into `B+2..B+3` and returns its
    /// high byte, `B+4` is the output level (which may stop the note, see
    /// [`Voice::level`]), the rest is device memory.
    pub(crate) fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let Some(channel) = channel_of(port) else {
            return vm.dev[usize::from(port)];
        };
        let base = usize::from(port & 0xf0);
        match port & 0xf {
            0x2 => {
                let [hi, lo] = self.voices[channel].pos().to_be_bytes();
                vm.dev[base + 2] = hi;
                vm.dev[base + 3] = lo;
                hi
            }
            0x4 => self.voices[channel].level(),
            _ => vm.dev[usize::from(port)],
        }
    }

    /// `DEO` on an audio port: only the pitch port acts, starting (or stopping) a note
    /// from the channel's ports.
    pub(crate) fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let Some(channel) = channel_of(port) else {
            return;
        };
        if port & 0xf != 0xf {
            return;
        }
        let base = usize::from(port & 0xf0);
        let mut ports = [0; 16];
        ports.copy_from_slice(&vm.dev[base..base + 16]);
        let voice = &mut self.voices[channel];
        match Request::from_ports(&ports).note() {
            Some(note) => voice.start(note),
            None => voice.stop(),
        }
    }

    /// Mixes the four channels into interleaved stereo `out` (its length even), reading
    /// the samples from `ram`, and notes which channels ended by themselves.
    pub(crate) fn render(&mut self, ram: &[u8; 0x10000], out: &mut [i16]) {
        out.fill(0);
        for (voice, ended) in self.voices.iter_mut().zip(&mut self.ended) {
            if voice.render(ram, out) {
                *ended += 1;
            }
        }
    }

    /// Renders one video frame's block ([`FRAME_SAMPLES`] stereo frames).
    pub(crate) fn render_frame(&mut self, ram: &[u8; 0x10000]) {
        let mut block = std::mem::take(&mut self.block);
        self.render(ram, &mut block);
        self.block = block;
        self.fresh = true;
    }

    /// The block of the last frame, once: `None` if no frame rendered one since.
    pub(crate) fn take_frame(&mut self) -> Option<&[i16]> {
        std::mem::take(&mut self.fresh).then_some(&self.block[..])
    }

    /// Channels (0–3) whose note ended by itself since the last call, once per ended
    /// note, in channel order.
    pub(crate) fn take_finished(&mut self) -> Vec<usize> {
        let mut finished = Vec::new();
        for (channel, ended) in self.ended.iter_mut().enumerate() {
            for _ in 0..std::mem::take(ended) {
                finished.push(channel);
            }
        }
        finished
    }

    /// Silences every channel and clears positions and phases (reboot); note ends not
    /// yet taken are dropped.
    pub(crate) fn stop_all(&mut self) {
        self.voices = Default::default();
        self.ended = [0; CHANNELS];
    }

    /// Whether any channel is playing.
    pub(crate) fn active(&self) -> bool {
        self.voices.iter().any(Voice::playing)
    }
}
