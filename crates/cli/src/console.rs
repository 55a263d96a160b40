//! Console mode: the reference `uxncli` run loop.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use uxn_asm::ProgramError;
use uxn_core::MAX_ROM_SIZE;
use varvara::{Config, Stop, Varvara};

use crate::options::Options;

/// Loads the ROM into a machine of the given configuration and runs the reset vector.
///
/// The reference prints `Could not load <rom>.` on stdout and exits 0 for all of these;
/// here each gets its own message on stderr and a failing exit status, so scripts notice.
pub fn boot(options: &Options, rom_path: &Path, config: Config) -> Result<Varvara> {
    let rom = read_rom(rom_path)?;
    let mut machine = Varvara::new(Config {
        backend: options.backend,
        clock: options.clock(),
        ..config
    });
    machine
        .load(&rom, !options.args.is_empty())
        .with_context(|| format!("{}: cannot load", rom_path.display()))?;
    if machine.boot() == Stop::OutOfBudget {
        anyhow::bail!(
            "{}: the reset vector did not reach BRK within the step budget",
            rom_path.display()
        );
    }
    Ok(machine)
}

/// Reads a ROM file: a regular file of at most [`MAX_ROM_SIZE`] bytes, or a uxntal source
/// (`.tal`, any case) assembled in memory, as `uxnemu` reads it. What cannot be read
/// (missing, a FIFO, a device, a directory, empty, too large) is refused before reading
/// it, with a message naming the file and the reason; an assembly error names the file
/// and line itself.
pub fn read_rom(path: &Path) -> Result<Vec<u8>> {
    match uxn_asm::read_program(path, MAX_ROM_SIZE as u64) {
        Ok(program) => Ok(program.rom),
        Err(err @ ProgramError::Assembly(_)) => Err(anyhow::anyhow!("{err}")),
        Err(err) => Err(anyhow::anyhow!("cannot open {}: {err}", path.display())),
    }
}

pub fn run(options: &Options, rom_path: &Path) -> Result<u8> {
    let mut machine = boot(options, rom_path, Config::console())?;
    // Without a Console vector there is nobody to hand arguments or input to.
    if machine.has_console_vector() {
        machine.send_args(&options.arg_bytes());
        feed_stdin(&mut machine);
    }
    Ok(machine.exit_code().unwrap_or(0) as u8)
}

/// Delivers standard input byte by byte until it ends or the program halts.
fn feed_stdin(machine: &mut Varvara) {
    let mut stdin = std::io::stdin().lock();
    let mut buf = [0u8; 4096];
    loop {
        if machine.exit_code().is_some() {
            return;
        }
        let n = match stdin.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &byte in &buf[..n] {
            if machine.exit_code().is_some() {
                return;
            }
            machine.handle(varvara::Event::ConsoleByte(byte));
        }
    }
    machine.handle(varvara::Event::ConsoleEnd);
}
