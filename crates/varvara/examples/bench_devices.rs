//! The device rows of `scripts/bench`: frames per second of the sprite-heavy ROM
//! headless on each engine, and the cost of one second of four-channel audio.
//!
//! Usage: `bench_devices [--runs N]` (best of N timed runs, default 5). Prints
//! `sprites ENGINE FRAME-MS COMPOSED-MS FPS` and `audio RATE MS` lines for the script.

use std::hint::black_box;
use std::time::{Duration, Instant};

use uxn_core::Backend;

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

    for rate in [44_100u32, 48_000] {
        let mut vm = rigs::booted("audio", Backend::TailCall);
        let mut output = vm.audio_output(rate);
        let mut block = [0i16; 512 * 2];
        // Each run starts the four notes afresh: some would have ended after a second.
        let second = best_of(runs, || {
            vm.reboot(false);
            for _ in 0..rate.div_ceil(512) {
                output.render(&mut block);
            }
            black_box(block[0]);
        });
        println!("audio {rate} {:.3}", second.as_secs_f64() * 1e3);
    }
}
