//! The device rows of `scripts/bench`: frames per second of the sprite-heavy ROM
//! headless on each engine, and the cost of one second of four-channel audio.
//!
//! Usage: `bench_devices [--runs N]` (best of N timed runs, default 5). Prints
//! `sprites ENGINE FRAME-MS COMPOSED-MS FPS` and `audio RATE[-RESAMPLER] MS` lines for
//! the script.

use std::hint::black_box;
use std::time::{Duration, Instant};

use uxn_core::Backend;
use varvara::{ResampleMethod, Resampler};

#[path = "../benches/rigs/mod.rs"]
mod rigs;

const FRAMES: u32 = 300;

fn best_of(runs: u32, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = match args.as_slice() {
        [] => 5,
        [flag, n] if flag == "--runs" => match n.parse() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!("bench_devices: --runs needs a positive number, not {n:?}");
                std::process::exit(2);
            }
        },
        _ => {
            eprintln!("usage: bench_devices [--runs N]");
            std::process::exit(2);
        }
    };

    for backend in Backend::ALL {
        let mut vm = rigs::booted("sprites", backend);
        let vector = best_of(runs, || {
            for _ in 0..FRAMES {
                black_box(vm.frame());
            }
        });
        let composed = best_of(runs, || {
            for _ in 0..FRAMES {
                vm.frame();
                black_box(vm.pixels()[0]);
            }
        });
        let ms = |d: Duration| d.as_secs_f64() * 1e3 / f64::from(FRAMES);
        println!(
            "sprites {backend} {:.3} {:.3} {:.0}",
            ms(vector),
            ms(composed),
            1e3 / ms(composed)
        );
    }

    // One second of sound is 60 frames of a ROM with no vectors: only rendering (and
    // converting) runs. Each run starts the four notes afresh: some would have ended.
    for method in [
        None,
        Some(ResampleMethod::Fft),
        Some(ResampleMethod::Linear),
    ] {
        let mut vm = rigs::booted("audio", Backend::TailCall);
        let mut resampler = method.map(|m| Resampler::new(48_000, m));
        let mut out = Vec::with_capacity(48_000 * 2);
        let second = best_of(runs, || {
            vm.reboot(false);
            out.clear();
            for _ in 0..60 {
                vm.frame();
                if let (Some(block), Some(r)) = (vm.take_audio(), resampler.as_mut()) {
                    r.process(block, &mut out);
                }
            }
            black_box(out.len());
        });
        let label = match method {
            None => "44100".to_owned(),
            Some(m) => format!("48000-{m:?}").to_lowercase(),
        };
        println!("audio {label} {:.3}", second.as_secs_f64() * 1e3);
    }
}
