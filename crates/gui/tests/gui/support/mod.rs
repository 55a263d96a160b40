//! Shared machinery of the desktop tests: a private X server per test, the app process,
//! test ROMs and the pictures they draw, image comparison, an XDND drag source and helpers
//! to run the X command-line tools.

pub mod app;
pub mod image;
pub mod pictures;
pub mod poll;
pub mod roms;
pub mod tools;
pub mod xdnd;
pub mod xserver;

use std::time::Duration;

/// How long the app may take to show its window. Generous because the suite runs several
/// X servers and apps at once on a small machine; a working app needs well under a second.
pub const START: Duration = Duration::from_secs(20);
/// How long a reaction to one input (a key, a drop, a resize) may take.
pub const REACT: Duration = Duration::from_secs(10);
