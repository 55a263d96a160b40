//! The Uxn CPU.
//!
//! [`Uxn`] holds the whole machine state (64 KiB of RAM, the two circular stacks, the
//! 256-byte device page and the 15 expansion banks). [`Uxn::eval`] runs one vector until
//! `BRK`, handing every `DEI`/`DEO` to a [`Device`] supplied by the host.
//!
//! Two engines execute the same instruction set:
//! * [`Backend::TailCall`] (the default): every opcode is its own handler that ends by
//!   tail-calling the handler of the next opcode, so the machine registers stay in CPU
//!   registers and dispatch is spread over all handlers.
//! * [`Backend::Match`]: a plain `loop { match }` interpreter, kept as the readable
//!   baseline and as the oracle the tail-call engine is tested against.
//!
//! This crate has no dependencies beyond `core` and `alloc`.
#![no_std]
#![feature(explicit_tail_calls)]
#![feature(rust_preserve_none_cc)]
#![allow(incomplete_features)]

extern crate alloc;

mod backend;
mod budget;
mod count;
mod device;
mod machine;
mod match_engine;
mod rom;
mod tailcall;

pub use backend::{Backend, UnknownBackend};
pub use budget::{Budget, Stop};
pub use device::{Device, PlainMemory};
pub use machine::{BANK_COUNT, BANK_SIZE, Stack, Uxn};
pub use rom::{MAX_ROM_SIZE, RomError};
