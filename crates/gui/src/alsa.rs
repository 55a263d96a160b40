//! ALSA's own messages on stderr.
//!
//! alsa-lib prints a line for every error it meets, on whatever thread meets it. A
//! sound device that fails while playing makes it print one per period until the stream
//! is closed: over a hundred lines for a failure the app already reports in one
//! ("audio: the sound device stopped (…)"). So the app turns them off, unless
//! `UXNEMU_LOG=1` asks for everything.

use std::ffi::{c_char, c_int};

/// Turns ALSA's messages off. Called once at start, before any sound thread exists
/// (the handler is one process-wide setting).
pub fn quiet() {
    if crate::log::enabled() {
        return;
    }
    // SAFETY: `ignore` has the handler's signature and touches none of its arguments;
    // no other thread uses ALSA yet.
    unsafe {
        alsa_sys::snd_lib_error_set_handler(Some(ignore));
    }
}

/// An ALSA error handler that prints nothing.
unsafe extern "C" fn ignore(
    _file: *const c_char,
    _line: c_int,
    _function: *const c_char,
    _err: c_int,
    _fmt: *const c_char,
    _args: ...
) {
}
