//! Audio cost: the first second of `roms/bench/audio.tal` (four busy channels) as 60
//! frames, at the model rate and converted to 48 kHz by each resampler. Every round
//! reboots the ROM, which starts the four notes afresh (its reset vector is a few dozen
//! instructions).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use uxn_core::Backend;
use varvara::{ResampleMethod, Resampler};

mod rigs;

fn audio(c: &mut Criterion) {
    let mut vm = rigs::booted("audio", Backend::TailCall);
    c.bench_function("audio: one second of four channels at 44100 Hz", |b| {
        b.iter(|| {
            vm.reboot(false);
            for _ in 0..60 {
                vm.frame();
                black_box(vm.take_audio());
            }
        })
    });
    for method in [ResampleMethod::Fft, ResampleMethod::Linear] {
        let mut resampler = Resampler::new(48_000, method);
        let mut out = Vec::with_capacity(48_000 * 2);
        c.bench_function(
            &format!("audio: one second of four channels at 48000 Hz, {method:?}"),
            |b| {
                b.iter(|| {
                    vm.reboot(false);
                    out.clear();
                    for _ in 0..60 {
                        vm.frame();
                        if let Some(block) = vm.take_audio() {
                            resampler.process(block, &mut out);
                        }
                    }
                    black_box(out.len())
                })
            },
        );
    }
}

criterion_group!(benches, audio);
criterion_main!(benches);
