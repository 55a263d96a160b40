//! Audio cost: the first second of `roms/bench/audio.tal` (four busy channels) rendered in
//! 512-frame blocks, at the model rate and resampled to 48 kHz. Every round reboots the
//! ROM, which starts the four notes afresh (its reset vector is a few dozen instructions).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use uxn_core::Backend;

mod rigs;

fn audio(c: &mut Criterion) {
    for rate in [44_100, 48_000] {
        let mut vm = rigs::booted("audio", Backend::TailCall);
        let mut output = vm.audio_output(rate);
        let mut block = [0i16; 512 * 2];
        c.bench_function(
            &format!("audio: one second of four channels at {rate} Hz"),
            |b| {
                b.iter(|| {
                    vm.reboot(false);
                    for _ in 0..rate.div_ceil(512) {
                        output.render(&mut block);
                    }
                    black_box(block[0])
                })
            },
        );
    }
}

criterion_group!(benches, audio);
criterion_main!(benches);
