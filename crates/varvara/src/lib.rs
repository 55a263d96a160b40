//! Varvara: the computer built around the Uxn CPU.
//!
//! This crate is host-independent. It draws into a framebuffer, renders audio into
//! sample slices and takes input as [`Event`]s; it never opens a window or a sound card.
//! Data flows one way: host events → [`Varvara`] → Uxn CPU → devices → frame and
//! samples → host.
//!
//! Every device lives in its own module and declares its port layout once, in a `port`
//! module at its top. Devices never run vectors themselves: [`Varvara`] writes the event
//! data into the device page and then runs the vector, one event after the other.

mod audio;
mod config;
mod console;
mod controller;
mod datetime;
mod devices;
mod event;
mod file;
mod machine;
mod mouse;
mod output;
mod ports;
mod screen;
mod system;

pub use audio::resample::{Method as ResampleMethod, Resampler};
pub use audio::stream::{self, AudioSink, AudioStream};
pub use audio::{FRAME_SAMPLES, MODEL_RATE};
pub use config::{Clock, Config, Kind};
pub use datetime::{DateTime, ParseDateTimeError};
pub use event::Event;
pub use machine::Varvara;
pub use screen::{Area, Layer, Rect};
pub use uxn_core::{Backend, Budget, RomError, Stop};
