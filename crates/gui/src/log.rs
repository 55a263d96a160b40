//! `UXNEMU_LOG=1`: one line on stderr per notable state change ("loaded <path>",
//! "zoom 2", "fullscreen on", …), for tests and scripts that drive the app.

use std::sync::OnceLock;

pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("UXNEMU_LOG").is_some_and(|v| v == "1"))
}

pub fn state(line: &str) {
    if enabled() {
        eprintln!("{line}");
    }
}
