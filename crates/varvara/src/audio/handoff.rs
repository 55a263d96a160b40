//! What the CPU side and the renderer share: one mailbox, one status word and one
//! note-end counter per channel, plus the renderer's own state.
//!
//! * CPU → renderer: the mailbox holds at most one command (the newest wins). The CPU
//!   locks it only to swap a pointer; the renderer only ever `try_lock`s it, so it never
//!   waits for the CPU and picks a command up at the next block if the lock was busy.
//! * renderer → CPU: a status word (`AtomicU64`) per channel, stored after every rendered
//!   block, so one load gives a consistent position, age and playing flag; and a counter
//!   of notes that ended by themselves.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::mixer::Mixer;
use super::model::Note;

/// Channels per machine.
pub(crate) const CHANNELS: usize = 4;

/// Sequence numbers live in 23 bits of the status word; they only need to tell the
/// newest command from the one before it.
pub(crate) const SEQ_MASK: u32 = (1 << 23) - 1;

/// Ages are published saturated to 24 bits; every envelope ends well before that.
const AGE_MAX: u32 = (1 << 24) - 1;

/// An order for one channel.
#[derive(Debug)]
pub(crate) enum Command {
    /// Start this note from its beginning.
    Play(Box<Note>),
    /// Silence the channel, keeping its position (pitch ≥ 108 or zero length).
    Stop,
    /// Silence the channel and zero its position (reboot).
    Reset,
}

/// One channel's slot between the two sides.
#[derive(Debug, Default)]
pub(crate) struct Mailbox {
    /// The newest command not yet picked up, with its sequence number.
    pub(crate) command: Option<(u32, Command)>,
    /// A note the renderer is done with, handed back so the CPU side reuses its
    /// allocation and the audio thread never frees memory in the common case.
    pub(crate) spare: Option<Box<Note>>,
}

/// What the renderer last published about a channel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Status {
    /// Sequence number of the last command applied.
    pub(crate) seq: u32,
    pub(crate) playing: bool,
    pub(crate) age: u32,
    pub(crate) pos: u16,
}

impl Status {
    fn pack(self) -> u64 {
        u64::from(self.pos)
            | u64::from(self.age.min(AGE_MAX)) << 16
            | u64::from(self.playing) << 40
            | u64::from(self.seq & SEQ_MASK) << 41
    }

    fn unpack(word: u64) -> Status {
        Status {
            pos: word as u16,
            age: (word >> 16) as u32 & AGE_MAX,
            playing: word >> 40 & 1 != 0,
            seq: (word >> 41) as u32 & SEQ_MASK,
        }
    }
}

/// Everything both sides reach through an `Arc`.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    pub(crate) mailboxes: [Mutex<Mailbox>; CHANNELS],
    status: [AtomicU64; CHANNELS],
    finished: [AtomicU32; CHANNELS],
    /// The renderer's channel state. Only outputs lock it (see `AudioOutput`); the CPU
    /// side never does.
    pub(crate) mixer: Mutex<Mixer>,
    /// Id of the output that drives the model; older outputs render silence.
    pub(crate) driver: AtomicU64,
}

impl Shared {
    pub(crate) fn status(&self, channel: usize) -> Status {
        Status::unpack(self.status[channel].load(Ordering::Acquire))
    }

    pub(crate) fn publish(&self, channel: usize, status: Status) {
        self.status[channel].store(status.pack(), Ordering::Release);
    }

    /// Records that `channel`'s note ended by itself.
    pub(crate) fn note_ended(&self, channel: usize) {
        self.finished[channel].fetch_add(1, Ordering::AcqRel);
    }

    /// How many notes of `channel` ended since the last call.
    pub(crate) fn take_ended(&self, channel: usize) -> u32 {
        self.finished[channel].swap(0, Ordering::AcqRel)
    }
}

/// Locks a mutex whose data stays valid even if a holder panicked (none of the critical
/// sections can leave it half-updated).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_word_round_trips() {
        let s = Status {
            seq: SEQ_MASK,
            playing: true,
            age: 176_400,
            pos: 0xfedc,
        };
        assert_eq!(Status::unpack(s.pack()), s);
        let s = Status {
            seq: 5,
            playing: false,
            age: u32::MAX,
            pos: 0,
        };
        assert_eq!(Status::unpack(s.pack()), Status { age: AGE_MAX, ..s });
    }
}
