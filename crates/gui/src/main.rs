//! uxnemu: the Varvara computer in a desktop window.
//!
//! `uxnemu [-v | -2x | -3x | -f] [--] [file.rom [args..]]` as the reference emulator,
//! plus `--backend tailcall|match` and `--watch`. Without a ROM it runs `boot.rom`
//! from the working directory, or else the built-in launcher.
//!
//! A ROM named on the command line that cannot be loaded is an error (status 2): it
//! was asked for explicitly, so falling back to the launcher would hide the mistake.

mod action;
mod app;
mod audio;
mod cli;
mod console;
mod dialog;
mod fit;
mod input;
mod launcher;
mod log;
mod measure;
mod platform;
mod present;
mod renderer;
mod rom;
mod runner;
mod screenshot;
mod title;
mod view;
mod watch;
mod window;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use winit::event_loop::EventLoop;

use app::{App, Program, Settings, UserEvent};
use runner::Runner;

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(err) => {
            eprintln!("uxnemu: {err}\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.version {
        eprintln!(
            "Uxn(gui) - Varvara Emulator: uxnemu {}.",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));

    let (rom, program) = match first_program(&options, &cwd) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let args = match &program {
        Program::File { args, .. } => args.iter().map(|a| a.as_encoded_bytes().to_vec()).collect(),
        Program::Launcher => Vec::new(),
    };
    let mut runner = Runner::new(options.backend, runner::STEP_BUDGET);
    let is_launcher = matches!(program, Program::Launcher);
    if let Err(err) = runner.start(&rom, args, is_launcher) {
        eprintln!("uxnemu: cannot run {}: {err}", program_name(&program));
        return ExitCode::from(2);
    }

    let mut builder = EventLoop::<UserEvent>::with_user_event();
    platform::choose_backend(&mut builder);
    let event_loop = match builder.build() {
        Ok(event_loop) => event_loop,
        Err(err) => {
            eprintln!("uxnemu: cannot reach the display: {err}");
            return ExitCode::from(1);
        }
    };

    let stdin_taken = Arc::new(AtomicU64::new(0));
    let proxy = event_loop.create_proxy();
    console::spawn(stdin_taken.clone(), move |stdin| {
        proxy.send_event(UserEvent::Stdin(stdin)).is_ok()
    });
    let proxy = event_loop.create_proxy();
    input::gamepad::spawn(move |event| {
        let _ = proxy.send_event(UserEvent::Gamepad(event));
    });

    let settings = Settings {
        zoom: options.zoom,
        fullscreen: options.fullscreen,
        watch: options.watch,
        cwd,
    };
    let mut app = App::new(
        runner,
        program,
        settings,
        event_loop.create_proxy(),
        stdin_taken,
    );
    if let Err(err) = event_loop.run_app(&mut app) {
        eprintln!("uxnemu: {err}");
        return ExitCode::from(1);
    }
    ExitCode::from(app.exit_code().clamp(0, 255) as u8)
}

/// The ROM to start with: the one named on the command line, else `boot.rom` in the
/// working directory, else the launcher.
fn first_program(
    options: &cli::Options,
    cwd: &std::path::Path,
) -> Result<(Vec<u8>, Program), ExitCode> {
    if let Some(given) = &options.rom {
        let path = rom::absolute(given);
        return match rom::read(&path) {
            Ok(bytes) => Ok((
                bytes,
                Program::File {
                    path,
                    args: options.args.clone(),
                },
            )),
            Err(err) => {
                eprintln!("uxnemu: cannot open {}: {err}", given.display());
                Err(ExitCode::from(2))
            }
        };
    }
    let boot = cwd.join("boot.rom");
    if boot.is_file() {
        match rom::read(&boot) {
            Ok(bytes) => {
                return Ok((
                    bytes,
                    Program::File {
                        path: boot,
                        args: Vec::new(),
                    },
                ));
            }
            Err(err) => eprintln!("uxnemu: cannot open boot.rom: {err}; starting the launcher"),
        }
    }
    Ok((launcher::ROM.to_vec(), Program::Launcher))
}

fn program_name(program: &Program) -> String {
    match program {
        Program::File { path, .. } => path.display().to_string(),
        Program::Launcher => "the launcher".into(),
    }
}
