//! Ctrl+O: the system's file chooser, through the XDG desktop portal (no GTK needed)
//! or zenity. It runs on its own thread, since it blocks until the user answers; the
//! chosen path comes back to the event loop as an event.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// An answer quicker than this cannot have come from a person: the dialog failed.
const TOO_QUICK: Duration = Duration::from_millis(250);

#[derive(Default)]
pub struct Dialog {
    showing: Arc<AtomicBool>,
    warned: Arc<AtomicBool>,
}

impl Dialog {
    /// Shows the dialog unless one is already up; `send` gets the chosen file (nothing
    /// when cancelled or when no dialog could be shown, which is said once on stderr).
    pub fn open(&self, start_in: PathBuf, send: impl FnOnce(PathBuf) + Send + 'static) {
        if !available() {
            self.warn_once("no desktop portal or zenity to show it");
            return;
        }
        if self.showing.swap(true, Ordering::SeqCst) {
            return;
        }
        let showing = self.showing.clone();
        let warned = self.warned.clone();
        let spawned = thread::Builder::new()
            .name("open dialog".into())
            .spawn(move || {
                let asked = Instant::now();
                let picked = rfd::FileDialog::new()
                    .set_title("Open a ROM")
                    .add_filter("Uxn ROM or Uxntal source", &["rom", "tal"])
                    .add_filter("All files", &["*"])
                    .set_directory(start_in)
                    .pick_file();
                showing.store(false, Ordering::SeqCst);
                match picked {
                    Some(path) => send(path),
                    None if asked.elapsed() < TOO_QUICK && !warned.swap(true, Ordering::SeqCst) => {
                        say!(
                            "open dialog: it could not be shown; drop a ROM on the window instead"
                        );
                    }
                    None => {}
                }
            });
        if spawned.is_err() {
            self.showing.store(false, Ordering::SeqCst);
            self.warn_once("cannot start its thread");
        }
    }

    fn warn_once(&self, why: &str) {
        if !self.warned.swap(true, Ordering::SeqCst) {
            say!("open dialog: {why}; drop a ROM on the window instead");
        }
        crate::log::state(&format!("open failed: no dialog ({why})"));
    }
}

/// A session bus (for the portal) or zenity on PATH.
fn available() -> bool {
    if !cfg!(unix) || cfg!(target_os = "macos") {
        return true;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("zenity").is_file()));
    bus || zenity
}
