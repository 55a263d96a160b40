//! What the app prints on stderr.
//!
//! Every line goes out in one write ([`say!`]): `eprintln!` writes a formatted line
//! piece by piece, and ALSA prints its own messages from the sound thread, so a line
//! written in pieces could come out cut in two by one of them.
//!
//! `UXNEMU_LOG=1` adds one line per notable state change ("loaded <path>", "zoom 2",
//! "fullscreen on", …), for tests and scripts that drive the app.

use std::io::Write;
use std::sync::OnceLock;

/// `eprintln!`, but the whole line in a single write.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::log::line(&format!($($arg)*))
    };
}

/// Writes `text` and a newline on stderr at once; a failing stderr is ignored.
pub fn line(text: &str) {
    let _ = std::io::stderr().write_all(format!("{text}\n").as_bytes());
}

pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("UXNEMU_LOG").is_some_and(|v| v == "1"))
}

pub fn state(line: &str) {
    if enabled() {
        say!("{line}");
    }
}
