//! Audio devices (ports `30`–`6f`): four channels of the reference model (varvara.md §4).
//!
//! # Two threads
//!
//! The CPU writes and reads the ports on its thread ([`Audio`]); the host's audio thread
//! renders ([`AudioOutput`]). Neither waits for the other for more than a pointer swap:
//!
//! * A pitch write builds a complete note on the CPU side — the decoded parameters *and a
//!   copy of the sample bytes* — and puts it in the channel's one-slot mailbox (a newer
//!   command replaces one not yet picked up). The reference instead keeps a pointer into
//!   RAM and reads it live while the note plays. Copying makes a started note immutable,
//!   so the renderer never reads RAM the CPU is rewriting (no torn waveform and no RAM
//!   shared between threads); the only audible difference is that a ROM rewriting its
//!   sample during a note is heard from the next note on. A copy is at most 64 KiB.
//! * The CPU holds a mailbox lock only to swap the command in (no allocation, freeing or
//!   rendering inside). The renderer only `try_lock`s mailboxes; when one is busy it
//!   takes the command at the next block. Notes it is done with go back through the
//!   mailbox so their buffers are reused and the audio thread normally frees nothing.
//! * A render call is cut into blocks of at most 512 frames (the reference's buffer
//!   size, which sets the same granularity for note starts and ends). Before a block it
//!   applies pending commands; after it, it stores each channel's position, age and
//!   playing flag as one atomic word and counts notes that ended by themselves.
//! * Port reads use that word. Between a pitch write and the renderer applying it they
//!   answer from the new note's starting state (position 0, age 0), as the reference
//!   does, whose pitch write happens under the audio lock.
//! * [`Audio::take_finished`] drains the note-end counters; the machine then calls the
//!   vectors, read from the device page at that time. A note that is replaced or stopped
//!   by a pitch write is not counted.
//!
//! # Time
//!
//! Model time advances only as an output renders, as in the reference where a paused
//! audio device freezes the channels: without any output, notes never end. A host
//! without a sound device that still wants the vectors can render into a scratch buffer
//! at real-time pace.
//!
//! # Sample rate
//!
//! The model is defined at 44 100 Hz and is always run at that rate, so note lengths,
//! envelopes, positions and note ends are the same at any host rate. At 44 100 Hz the
//! output is the model's exactly; at other rates it is linearly interpolated between
//! model frames, and each render call advances the model only as far as its output
//! needs (one model frame ahead), so notes start and stop as promptly as at 44 100 Hz.
//! A rate of 0 is taken as 44 100.
//!
//! # Several outputs
//!
//! [`Audio::output`] may be called again (for example when the host reopens its stream).
//! The newest output drives the model and continues the notes in progress; older ones
//! render silence. Two outputs advancing one model would play it at double speed.

mod handoff;
mod mixer;
mod model;
mod resample;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use uxn_core::Uxn;

use handoff::{CHANNELS, Command, SEQ_MASK, Shared, lock};
use mixer::BLOCK;
use model::{Envelope, MODEL_RATE, Note, Request};
use resample::Resampler;

/// The CPU side of the four channels.
#[derive(Debug)]
pub(crate) struct Audio {
    shared: Arc<Shared>,
    channels: [Channel; CHANNELS],
}

/// What the CPU side remembers about one channel.
#[derive(Debug, Default)]
struct Channel {
    /// Sequence number of the last command sent.
    seq: u32,
    last: Last,
    /// A note buffer to fill on the next pitch write.
    spare: Option<Box<Note>>,
}

/// The last command sent to a channel.
#[derive(Clone, Copy, Debug, Default)]
enum Last {
    #[default]
    Reset,
    Stopped,
    Playing {
        envelope: Envelope,
        volume: [i32; 2],
    },
}

/// A channel's state as the ports see it.
#[derive(Clone, Copy, Debug)]
struct View {
    playing: bool,
    age: u32,
    pos: u16,
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
            shared: Arc::default(),
            channels: Default::default(),
        }
    }

    /// `DEI` on an audio port: `B+2` latches the position into `B+2..B+3` and returns its
    /// high byte, `B+4` is the output level, the rest is device memory.
    pub(crate) fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let Some(channel) = channel_of(port) else {
            return vm.dev[usize::from(port)];
        };
        let base = usize::from(port & 0xf0);
        match port & 0xf {
            0x2 => {
                let [hi, lo] = self.view(channel).pos.to_be_bytes();
                vm.dev[base + 2] = hi;
                vm.dev[base + 3] = lo;
                hi
            }
            0x4 => self.level(channel),
            _ => vm.dev[usize::from(port)],
        }
    }

    /// `DEO` on an audio port: only the pitch port acts, starting (or stopping) a note
    /// from the channel's ports and RAM.
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
        let request = Request::from_ports(&ports);
        let state = &mut self.channels[channel];
        let command = match request.sample_range() {
            Some(range) => {
                let mut note = state.spare.take().unwrap_or_default();
                note.fill(&request, &vm.ram[range]);
                state.last = Last::Playing {
                    envelope: request.envelope(),
                    volume: request.volume(),
                };
                Command::Play(note)
            }
            None => {
                state.last = Last::Stopped;
                Command::Stop
            }
        };
        self.send(channel, command);
    }

    /// Channels (0–3) whose note ended by itself since the last call, once per ended
    /// note, in channel order.
    pub(crate) fn take_finished(&mut self) -> Vec<usize> {
        let mut finished = Vec::new();
        for channel in 0..CHANNELS {
            for _ in 0..self.shared.take_ended(channel) {
                finished.push(channel);
            }
        }
        finished
    }

    /// Silences every channel and zeroes the positions (reboot). Note ends not yet taken
    /// are dropped, except one from a block being rendered at this very moment.
    pub(crate) fn stop_all(&mut self) {
        for channel in 0..CHANNELS {
            self.channels[channel].last = Last::Reset;
            self.send(channel, Command::Reset);
            self.shared.take_ended(channel);
        }
    }

    /// A handle for the host's audio thread, rendering at `sample_rate`. It becomes the
    /// one that drives the channels; handles made earlier fall silent (module docs).
    pub(crate) fn output(&self, sample_rate: u32) -> AudioOutput {
        let rate = if sample_rate == 0 {
            MODEL_RATE
        } else {
            sample_rate
        };
        let id = self.shared.driver.fetch_add(1, Ordering::AcqRel) + 1;
        AudioOutput {
            shared: Arc::clone(&self.shared),
            id,
            rate,
            resampler: (rate != MODEL_RATE).then(|| Resampler::new(rate)),
        }
    }

    /// Whether any channel is playing (or about to: a note sent but not yet picked up).
    pub(crate) fn active(&self) -> bool {
        (0..CHANNELS).any(|channel| self.view(channel).playing)
    }

    /// Puts `command` in the channel's mailbox.
    fn send(&mut self, channel: usize, command: Command) {
        let state = &mut self.channels[channel];
        state.seq = (state.seq + 1) & SEQ_MASK;
        let displaced = {
            let mut mailbox = lock(&self.shared.mailboxes[channel]);
            if state.spare.is_none() {
                state.spare = mailbox.spare.take();
            }
            mailbox.command.replace((state.seq, command))
        };
        // A note replaced before the renderer saw it is never heard: reuse its buffer.
        if let Some((_, Command::Play(note))) = displaced
            && state.spare.is_none()
        {
            state.spare = Some(note);
        }
    }

    fn view(&self, channel: usize) -> View {
        let status = self.shared.status(channel);
        let state = &self.channels[channel];
        if status.seq == state.seq {
            return View {
                playing: status.playing,
                age: status.age,
                pos: status.pos,
            };
        }
        match state.last {
            Last::Playing { .. } => View {
                playing: true,
                age: 0,
                pos: 0,
            },
            Last::Stopped => View {
                playing: false,
                age: 0,
                pos: status.pos,
            },
            Last::Reset => View {
                playing: false,
                age: 0,
                pos: 0,
            },
        }
    }

    fn level(&self, channel: usize) -> u8 {
        let view = self.view(channel);
        match self.channels[channel].last {
            Last::Playing { envelope, volume } if view.playing => {
                model::level(&envelope, volume, view.age)
            }
            _ => 0,
        }
    }
}

impl Drop for Audio {
    /// Outputs may outlive the machine: leave them silent rather than looping forever.
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// Renders the mixed stereo output; lives on the host's audio thread.
///
/// Only the newest handle made by the machine renders sound; see the crate's audio
/// module documentation for threads, timing and sample rates.
#[derive(Debug)]
pub struct AudioOutput {
    shared: Arc<Shared>,
    id: u64,
    rate: u32,
    /// `None` at the model rate, where frames are passed through untouched.
    resampler: Option<Resampler>,
}

impl AudioOutput {
    /// Fills interleaved stereo frames (left, right). An odd trailing sample is zeroed.
    pub fn render(&mut self, out: &mut [i16]) {
        let frames = out.len() / 2 * 2;
        let (out, odd) = out.split_at_mut(frames);
        odd.fill(0);
        if self.shared.driver.load(Ordering::Acquire) != self.id {
            out.fill(0);
            return;
        }
        // Only outputs take this lock, and only the driving one gets here.
        let mut mixer = lock(&self.shared.mixer);
        match &mut self.resampler {
            None => mixer.render(&self.shared, out),
            Some(resampler) => resampler.render(&mut mixer, &self.shared, out),
        }
    }

    /// Same as [`AudioOutput::render`], scaled to −1..1.
    pub fn render_f32(&mut self, out: &mut [f32]) {
        let mut buf = [0i16; BLOCK * 2];
        for chunk in out.chunks_mut(BLOCK * 2) {
            let buf = &mut buf[..chunk.len()];
            self.render(buf);
            for (o, &s) in chunk.iter_mut().zip(buf.iter()) {
                *o = f32::from(s) / 32768.0;
            }
        }
    }

    /// Frames per second this output renders.
    pub fn sample_rate(&self) -> u32 {
        self.rate
    }
}

const _: () = {
    const fn host_thread_can_own<T: Send + 'static>() {}
    host_thread_can_own::<AudioOutput>();
};
