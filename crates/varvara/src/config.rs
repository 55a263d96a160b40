//! How a [`crate::Varvara`] is put together: device set, CPU engine, limits and sinks.

use std::io::Write;
use std::path::PathBuf;

use uxn_core::{Backend, Budget};

use crate::datetime::DateTime;

/// Which device set is present.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The desktop emulator (`uxnemu`): every device.
    Gui,
    /// The terminal runner (`uxncli`): System (without palette), Console, File × 2 and
    /// Datetime. The Screen, Audio, Controller and Mouse ports are plain memory.
    Console,
}

/// Where the Datetime device takes the time from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The host's local time, read anew on every access.
    Local,
    /// Always the same moment (tests, reproducible runs); daylight saving is off.
    Fixed(DateTime),
}

/// Everything [`crate::Varvara::new`] needs.
pub struct Config {
    pub kind: Kind,
    /// CPU engine; both behave identically.
    pub backend: Backend,
    /// Step budget of every single vector call.
    pub budget: Budget,
    /// Sandbox root of both File devices.
    pub file_root: PathBuf,
    pub clock: Clock,
    /// Receives Console/write bytes, flushed after each byte.
    pub stdout: Box<dyn Write + Send>,
    /// Receives Console/error bytes, System/debug dumps and device warnings.
    pub stderr: Box<dyn Write + Send>,
}

impl Config {
    /// Defaults for the desktop emulator.
    pub fn gui() -> Config {
        Config::with_kind(Kind::Gui)
    }

    /// Defaults for the terminal runner.
    pub fn console() -> Config {
        Config::with_kind(Kind::Console)
    }

    fn with_kind(kind: Kind) -> Config {
        Config {
            kind,
            backend: Backend::TailCall,
            budget: Budget::REFERENCE,
            // An unreadable working directory leaves a relative root, which still
            // resolves against whatever the process can see.
            file_root: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            clock: Clock::Local,
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
        }
    }
}
