//! The command line.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;
use varvara::{Backend, Clock, DateTime};

/// Run a Uxn ROM in the terminal, or headless with screenshots and audio capture.
#[derive(Parser, Debug, Clone)]
#[command(name = "uxncli", disable_version_flag = true)]
pub struct Options {
    /// Print the version and exit.
    #[arg(short = 'v', long = "version")]
    pub version: bool,

    /// CPU engine: `tailcall` (default) or `match`.
    #[arg(long, default_value = "tailcall", value_parser = parse_backend)]
    pub backend: Backend,

    /// Fix the Datetime device to this local time (e.g. 2026-01-02T03:04:05).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub time: Option<DateTime>,

    /// Run headless with every device for N frames of the screen vector (60 per second).
    #[arg(long, value_name = "N")]
    pub frames: Option<u64>,

    /// With --frames: write the screen at 1x as a PNG when the run ends.
    #[arg(long, value_name = "PNG")]
    pub screenshot: Option<PathBuf>,

    /// With --frames: deliver the input events of this script (format in the README).
    #[arg(long, value_name = "SCRIPT")]
    pub input: Option<PathBuf>,

    /// With --frames: write the audio the ROM produced as a 44.1 kHz stereo WAV.
    #[arg(long, value_name = "WAV")]
    pub wav: Option<PathBuf>,

    /// The ROM to run.
    #[arg(value_name = "file.rom")]
    pub rom: Option<PathBuf>,

    /// Arguments for the ROM, delivered through the Console.
    #[arg(
        value_name = "args",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<OsString>,
}

impl Options {
    /// Headless mode is asked for by any of its options.
    pub fn is_headless(&self) -> bool {
        self.frames.is_some()
            || self.screenshot.is_some()
            || self.wav.is_some()
            || self.input.is_some()
    }

    /// The Datetime source: the host clock unless `--time` fixed it.
    pub fn clock(&self) -> Clock {
        match self.time {
            Some(time) => Clock::Fixed(time),
            None => Clock::Local,
        }
    }

    /// The ROM's arguments as raw bytes (UTF-8 arrives as several bytes, as in the reference).
    pub fn arg_bytes(&self) -> Vec<Vec<u8>> {
        self.args
            .iter()
            .map(|a| a.as_encoded_bytes().to_vec())
            .collect()
    }
}

fn parse_backend(s: &str) -> Result<Backend, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn parse_time(s: &str) -> Result<DateTime, String> {
    s.parse()
        .map_err(|_| format!("`{s}` is not a time like 2026-01-02T03:04:05"))
}
