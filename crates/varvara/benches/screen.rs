//! Screen throughput: a frame of `roms/bench/sprites.tal` (two full-screen fills and
//! 1000 sprites in every mode), with and without composing the picture.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use uxn_core::Backend;

mod rigs;

fn screen(c: &mut Criterion) {
    let mut vm = rigs::booted("sprites", Backend::TailCall);
    c.bench_function("sprites: frame vector", |b| {
        b.iter(|| black_box(vm.frame()))
    });
    let mut vm = rigs::booted("sprites", Backend::TailCall);
    c.bench_function("sprites: frame vector + composition", |b| {
        b.iter(|| {
            vm.frame();
            black_box(vm.pixels()[0])
        })
    });
}

criterion_group!(benches, screen);
criterion_main!(benches);
