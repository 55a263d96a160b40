//! The command line: `uxnemu [-v | -2x | -3x | -f] [--] [file.rom [args..]]`.
//!
//! The reference rule is kept exactly: if the first argument starts with `-` it is
//! consumed as the one and only flag, recognised or not, so `uxnemu -- -2x` runs a ROM
//! named `-2x` and in `uxnemu -2x -f game.rom` the ROM is `-f`. The two extras,
//! `--backend tailcall|match` and `--watch`, are exact words accepted anywhere before
//! the ROM path (but not after `--`); no ROM is ever named like them, so they break
//! none of those habits.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use varvara::Backend;

pub const USAGE: &str = "usage: uxnemu [-v | -2x | -3x | -f] [--backend tailcall|match] [--watch] [--] [file.rom [args..]]";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `-v`: print the version and exit.
    pub version: bool,
    /// Starting zoom (1, or 2/3 from `-2x`/`-3x`).
    pub zoom: u8,
    /// `-f`: start in fullscreen.
    pub fullscreen: bool,
    pub backend: Backend,
    /// `--watch`: reload the ROM (re-assemble a `.tal`) when the file changes.
    pub watch: bool,
    pub rom: Option<PathBuf>,
    /// Everything after the ROM path, for the ROM's Console.
    pub args: Vec<OsString>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            version: false,
            zoom: 1,
            fullscreen: false,
            backend: Backend::TailCall,
            watch: false,
            rom: None,
            args: Vec::new(),
        }
    }
}

/// A command line that cannot be run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliError {
    MissingBackend,
    UnknownBackend(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::MissingBackend => write!(f, "--backend needs a value (tailcall or match)"),
            CliError::UnknownBackend(name) => {
                write!(f, "unknown backend `{name}` (expected tailcall or match)")
            }
        }
    }
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Options, CliError> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    let mut flag_taken = false;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--watch" {
            options.watch = true;
        } else if text == "--backend" {
            let value = args.next().ok_or(CliError::MissingBackend)?;
            options.backend = backend(&value.to_string_lossy())?;
        } else if let Some(value) = text.strip_prefix("--backend=") {
            options.backend = backend(value)?;
        } else if !flag_taken && text.starts_with('-') {
            flag_taken = true;
            match &*text {
                "-v" => options.version = true,
                "-2x" => options.zoom = 2,
                "-3x" => options.zoom = 3,
                "-f" => options.fullscreen = true,
                // `--` forces the next argument to be the ROM, whatever it looks like.
                "--" => {
                    options.rom = args.next().map(PathBuf::from);
                    break;
                }
                // Consumed and ignored, as the reference does.
                _ => {}
            }
        } else {
            options.rom = Some(PathBuf::from(arg));
            break;
        }
    }
    options.args = args.collect();
    Ok(options)
}

fn backend(name: &str) -> Result<Backend, CliError> {
    name.parse()
        .map_err(|_| CliError::UnknownBackend(name.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Options {
        parse(args.iter().map(OsString::from)).unwrap()
    }

    fn rom(o: &Options) -> Option<&str> {
        o.rom.as_deref().and_then(|p| p.to_str())
    }

    fn args(o: &Options) -> Vec<&str> {
        o.args.iter().map(|a| a.to_str().unwrap()).collect()
    }

    #[test]
    fn no_arguments_means_no_rom() {
        assert_eq!(run(&[]), Options::default());
    }

    #[test]
    fn rom_and_its_arguments() {
        let o = run(&["game.rom", "a", "-2x", "--watch"]);
        assert_eq!(rom(&o), Some("game.rom"));
        assert_eq!(args(&o), ["a", "-2x", "--watch"]);
        assert!(!o.watch);
        assert_eq!(o.zoom, 1);
    }

    #[test]
    fn zoom_flags() {
        assert_eq!(run(&["-2x", "g.rom"]).zoom, 2);
        assert_eq!(run(&["-3x", "g.rom"]).zoom, 3);
        assert_eq!(rom(&run(&["-3x", "g.rom"])), Some("g.rom"));
    }

    #[test]
    fn fullscreen_and_version() {
        let o = run(&["-f", "g.rom"]);
        assert!(o.fullscreen && !o.version);
        let o = run(&["-v"]);
        assert!(o.version);
        assert_eq!(o.rom, None);
    }

    #[test]
    fn only_the_first_flag_counts() {
        let o = run(&["-2x", "-f", "game.rom"]);
        assert_eq!(o.zoom, 2);
        assert!(!o.fullscreen);
        assert_eq!(rom(&o), Some("-f"));
        assert_eq!(args(&o), ["game.rom"]);
    }

    #[test]
    fn double_dash_forces_the_rom_name() {
        let o = run(&["--", "-2x"]);
        assert_eq!(o.zoom, 1);
        assert_eq!(rom(&o), Some("-2x"));
        let o = run(&["--", "--watch", "x"]);
        assert!(!o.watch);
        assert_eq!(rom(&o), Some("--watch"));
        assert_eq!(args(&o), ["x"]);
    }

    #[test]
    fn unknown_flags_are_consumed_and_ignored() {
        let o = run(&["-x", "g.rom"]);
        assert_eq!(
            o,
            Options {
                rom: Some("g.rom".into()),
                ..Options::default()
            }
        );
        // `-vv` is not `-v`.
        assert!(!run(&["-vv"]).version);
    }

    #[test]
    fn extras_before_or_after_the_flag() {
        let o = run(&["--watch", "-2x", "--backend", "match", "g.rom"]);
        assert!(o.watch);
        assert_eq!(o.zoom, 2);
        assert_eq!(o.backend, Backend::Match);
        assert_eq!(rom(&o), Some("g.rom"));
        let o = run(&["--backend=tailcall", "-f"]);
        assert_eq!(o.backend, Backend::TailCall);
        assert!(o.fullscreen);
    }

    #[test]
    fn bad_backends_are_errors() {
        let bad = |a: &[&str]| parse(a.iter().map(OsString::from)).unwrap_err();
        assert_eq!(bad(&["--backend"]), CliError::MissingBackend);
        assert_eq!(
            bad(&["--backend", "jit"]),
            CliError::UnknownBackend("jit".into())
        );
        assert_eq!(
            bad(&["--backend=", "g.rom"]),
            CliError::UnknownBackend(String::new())
        );
    }
}
