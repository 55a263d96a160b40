//! `uxncli`: the terminal Varvara computer.
//!
//! `uxncli [-v] [--backend tailcall|match] file.rom [args..]` behaves like the reference
//! console emulator: it runs the reset vector, delivers the arguments and then standard
//! input through the Console vector, and exits with the System/state code.
//!
//! With `--frames N` it becomes a headless Varvara with every device: it runs N frames of
//! the screen vector at a virtual 60 Hz, with scripted input, and can save the screen as
//! a PNG and the audio as a WAV file (see `headless.rs`).

mod console;
mod headless;
mod input_script;
mod options;

use std::process::ExitCode;

use clap::Parser;

use options::Options;

fn main() -> ExitCode {
    let options = match Options::try_parse() {
        Ok(options) => options,
        Err(err) => {
            // Help and version go to stdout with success, real mistakes to stderr.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if options.version {
        println!(
            "Uxn(cli) - Varvara Emulator, {}.",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
    let Some(rom) = options.rom.clone() else {
        println!("usage: uxncli [-v] file.rom [args..]");
        return ExitCode::SUCCESS;
    };
    let result = if options.is_headless() {
        headless::run(&options, &rom)
    } else {
        console::run(&options, &rom)
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("uxncli: {err:#}");
            ExitCode::from(2)
        }
    }
}
