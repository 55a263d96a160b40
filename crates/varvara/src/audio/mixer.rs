//! The renderer's side: four voices mixed into 16-bit stereo at the model rate.

use std::sync::TryLockError;

use super::handoff::{CHANNELS, Command, Shared, Status};
use super::model::{Note, Voice};

/// Frames rendered between two looks at the mailboxes: the reference's buffer size, so
/// notes start and end-of-note events are posted with the same granularity.
pub(crate) const BLOCK: usize = 512;

/// The state of all four channels, owned by whichever output renders.
#[derive(Debug, Default)]
pub(crate) struct Mixer {
    voices: [Voice; CHANNELS],
    /// Sequence number of the last command each voice applied.
    seq: [u32; CHANNELS],
}

impl Mixer {
    /// Fills interleaved stereo `out` (an even length) with model frames, block by block:
    /// before each block it applies pending commands, after it publishes each channel's
    /// status and then its note-end events.
    pub(crate) fn render(&mut self, shared: &Shared, out: &mut [i16]) {
        for block in out.chunks_mut(BLOCK * 2) {
            self.collect(shared);
            block.fill(0);
            let mut ended = [false; CHANNELS];
            for (channel, voice) in self.voices.iter_mut().enumerate() {
                if let Some(note) = voice.render(block) {
                    ended[channel] = true;
                    give_back(shared, channel, note);
                }
            }
            for (channel, &ended) in ended.iter().enumerate() {
                self.publish(shared, channel);
                if ended {
                    shared.note_ended(channel);
                }
            }
        }
    }

    /// Applies the newest command of every channel whose mailbox is free right now.
    fn collect(&mut self, shared: &Shared) {
        for channel in 0..CHANNELS {
            let mut surplus = None;
            let mut mailbox = match shared.mailboxes[channel].try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(e)) => e.into_inner(),
                // The CPU side is swapping the command in: take it next block.
                Err(TryLockError::WouldBlock) => continue,
            };
            let Some((seq, command)) = mailbox.command.take() else {
                continue;
            };
            let voice = &mut self.voices[channel];
            let old = match command {
                Command::Play(note) => voice.start(note),
                Command::Stop => voice.stop(),
                Command::Reset => voice.reset(),
            };
            self.seq[channel] = seq;
            if let Some(old) = old {
                if mailbox.spare.is_none() {
                    mailbox.spare = Some(old);
                } else {
                    surplus = Some(old);
                }
            }
            drop(mailbox);
            drop(surplus);
            self.publish(shared, channel);
        }
    }

    fn publish(&self, shared: &Shared, channel: usize) {
        let voice = &self.voices[channel];
        let status = Status {
            seq: self.seq[channel],
            playing: voice.playing(),
            age: voice.age(),
            pos: voice.pos(),
        };
        shared.publish(channel, status);
    }
}

/// Hands a finished note back to the CPU side for reuse, if its slot is free.
fn give_back(shared: &Shared, channel: usize, note: Box<Note>) {
    if let Ok(mut mailbox) = shared.mailboxes[channel].try_lock()
        && mailbox.spare.is_none()
    {
        mailbox.spare = Some(note);
    }
}
