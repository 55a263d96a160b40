//! A whole-process runner for the benchmark ROMs, as `scripts/bench` times it.
//!
//! ```text
//! bench_run [--backend tailcall|match] [--count] [--time] [--repeat N] ROM
//!                                                        run a .rom (or a .tal, assembled first)
//! bench_run --assemble IN.tal OUT.rom                    only assemble
//! ```
//!
//! The reset vector runs with a device that prints Console/write (`18`) to stdout and
//! Console/error (`19`) to stderr; every other port is plain memory. `--count` runs the
//! counting engine and prints `instructions N` to stderr; `--time` prints the time the
//! reset vector took, `eval-ns T`, to stderr. `--repeat N` runs the ROM N
//! more times on fresh machines and prints the fastest run's time, `best-ns T`, to stderr
//! (a measure that leaves out process start-up and most interference from other load).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use uxn_core::{Backend, Budget, Device, Stop, Uxn};

struct Console {
    out: Vec<u8>,
    err: Vec<u8>,
}

impl Device for Console {
    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        match port {
            0x18 => self.out.push(vm.dev[0x18]),
            0x19 => self.err.push(vm.dev[0x19]),
            _ => {}
        }
    }
}

/// A fresh machine with `rom` loaded, and a console with nothing written yet.
fn fresh(rom: &[u8], backend: Backend) -> Result<(Box<Uxn>, Console), String> {
    let mut vm = Uxn::new();
    vm.set_backend(backend);
    vm.load_rom(rom).map_err(|e| e.to_string())?;
    let console = Console {
        out: Vec::new(),
        err: Vec::new(),
    };
    Ok((vm, console))
}

fn load(path: &str) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    if path.ends_with(".tal") {
        uxn_asm::assemble(&bytes, path)
            .map(|a| a.rom)
            .map_err(|e| format!("{path}: {e}"))
    } else {
        Ok(bytes)
    }
}

fn run(args: &[String]) -> Result<(), String> {
    const USAGE: &str = "usage: bench_run [--backend tailcall|match] [--count] [--time] [--repeat N] ROM | --assemble IN.tal OUT.rom";
    if args.first().map(String::as_str) == Some("--assemble") {
        let [_, input, output] = args else {
            return Err(USAGE.into());
        };
        let rom = load(input)?;
        return std::fs::write(Path::new(output), rom).map_err(|e| format!("{output}: {e}"));
    }
    let mut backend = Backend::TailCall;
    let mut count = false;
    let mut time = false;
    let mut repeat = 0u32;
    let mut rom_path = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--backend" => {
                let name = it.next().ok_or(USAGE)?;
                backend = name.parse().map_err(|e| format!("{name}: {e}"))?;
            }
            "--count" => count = true,
            "--time" => time = true,
            "--repeat" => {
                let n = it.next().ok_or(USAGE)?;
                repeat = n.parse().map_err(|_| format!("{n}: not a number"))?;
            }
            _ if rom_path.is_none() => rom_path = Some(arg.clone()),
            _ => return Err(USAGE.into()),
        }
    }
    let rom = load(&rom_path.ok_or(USAGE)?)?;
    if repeat > 0 {
        let mut best = u128::MAX;
        for _ in 0..repeat {
            let (mut vm, mut console) = fresh(&rom, backend)?;
            let start = std::time::Instant::now();
            vm.eval(&mut console, 0x100, Budget::UNLIMITED);
            best = best.min(start.elapsed().as_nanos());
        }
        eprintln!("best-ns {best}");
    }
    let (mut vm, mut console) = fresh(&rom, backend)?;
    let stop = if count {
        let (stop, n) = vm.eval_counted(&mut console, 0x100, Budget::UNLIMITED);
        eprintln!("instructions {n}");
        stop
    } else {
        let start = std::time::Instant::now();
        let stop = vm.eval(&mut console, 0x100, Budget::UNLIMITED);
        if time {
            eprintln!("eval-ns {}", start.elapsed().as_nanos());
        }
        stop
    };
    std::io::stdout()
        .write_all(&console.out)
        .map_err(|e| e.to_string())?;
    std::io::stderr()
        .write_all(&console.err)
        .map_err(|e| e.to_string())?;
    match stop {
        Stop::Break => Ok(()),
        other => Err(format!("the reset vector did not reach BRK: {other:?}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
