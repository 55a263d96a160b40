//! uxnemu: the Varvara computer in a desktop window.
//!
//! `uxnemu [-v | -2x | -3x | -f] [--] [file.rom [args..]]` as the reference emulator,
//! plus `--backend tailcall|match` and `--watch`. Without a ROM it runs `boot.rom`
//! from the working directory, or else the built-in launcher.
//!
//! A ROM named on the command line that cannot be loaded is an error (status 2): it
//! was asked for explicitly, so falling back to the launcher would hide the mistake.
//!
//! The first ROM is read on another thread like every later one (see `loader`). The
//! start waits for it a moment, so that the window opens with the ROM in it at the ROM's
//! size and a ROM that cannot be opened ends the app before any window shows; a ROM that
//! takes longer gets an empty window titled "loading" until it is ready, and still ends
//! the app with status 2 if it fails.

// Defining the variadic ALSA error handler (src/alsa.rs).
#![cfg_attr(target_os = "linux", feature(c_variadic))]

#[macro_use]
mod log;
mod action;
#[cfg(target_os = "linux")]
mod alsa;
mod app;
mod audio;
mod cli;
mod console;
mod dialog;
mod fit;
mod input;
mod launcher;
mod loader;
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

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc;
use std::time::Duration;

use winit::event_loop::EventLoop;

use app::{App, Program, Settings, Startup, UserEvent};
use loader::{Loader, Purpose, Request};
use runner::Runner;

/// How long the start waits for the first ROM before opening the window without it:
/// far more than reading and assembling any ordinary ROM takes, short enough not to
/// look stuck.
const STARTUP_WAIT: Duration = Duration::from_millis(500);

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(err) => {
            say!("uxnemu: {err}\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.version {
        say!(
            "Uxn(gui) - Varvara Emulator: uxnemu {}.",
            env!("CARGO_PKG_VERSION")
        );
        return ExitCode::SUCCESS;
    }
    #[cfg(target_os = "linux")]
    alsa::quiet();
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));

    // Until there is an event loop, results come back on a channel.
    let (sender, results) = mpsc::channel();
    let mut loader = Loader::new(move |loaded| {
        let _ = sender.send(loaded);
    });
    let first = first_request(&options, &cwd);
    loader.open(first.clone());
    let mut runner = Runner::new(options.backend, runner::STEP_BUDGET);
    let startup = match results.recv_timeout(STARTUP_WAIT) {
        Ok(loaded) => {
            // The only request so far: it is the newest.
            loader.accept(&loaded);
            match loaded.result.and_then(|opened| opened.start(&mut runner)) {
                Ok((program, stamp)) => Startup::Running(program, stamp),
                Err(err) => {
                    say!("uxnemu: cannot open {}: {err}", loaded.path.display());
                    return ExitCode::from(2);
                }
            }
        }
        Err(_) => Startup::Loading(Program::File {
            path: first.path,
            args: first.args,
        }),
    };

    let mut builder = EventLoop::<UserEvent>::with_user_event();
    platform::choose_backend(&mut builder);
    let event_loop = match builder.build() {
        Ok(event_loop) => event_loop,
        Err(err) => {
            say!("uxnemu: cannot reach the display: {err}");
            return ExitCode::from(1);
        }
    };

    // From now on results wake the event loop; one that came after the wait is passed on.
    let proxy = event_loop.create_proxy();
    loader.deliver_to(move |loaded| {
        let _ = proxy.send_event(UserEvent::Loaded(loaded));
    });
    let proxy = event_loop.create_proxy();
    for late in results.try_iter() {
        let _ = proxy.send_event(UserEvent::Loaded(late));
    }

    let stdin_taken = Arc::new(AtomicU64::new(0));
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
        startup,
        loader,
        settings,
        event_loop.create_proxy(),
        stdin_taken,
    );
    let run = event_loop.run_app(&mut app);
    if let Some(line) = app.summary() {
        say!("{line}");
    }
    if let Err(err) = run {
        say!("uxnemu: {err}");
        return ExitCode::from(1);
    }
    ExitCode::from(app.exit_code().clamp(0, 255) as u8)
}

/// The ROM to start with: the one named on the command line, else `boot.rom` in the
/// working directory, else (when that is missing) the launcher.
fn first_request(options: &cli::Options, cwd: &Path) -> Request {
    match &options.rom {
        Some(given) => Request {
            path: rom::absolute(given),
            args: options.args.clone(),
            purpose: Purpose::Argument,
        },
        None => Request {
            path: cwd.join("boot.rom"),
            args: Vec::new(),
            purpose: Purpose::Boot,
        },
    }
}
