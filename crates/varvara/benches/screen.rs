//! Screen throughput: a frame of `roms/bench/sprites.tal` (two full-screen fills and
//! 1000 sprites in every mode), with and without composing the picture.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use varvara::{Config, Varvara};

fn machine() -> Varvara {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/bench/sprites.tal");
    let rom = uxn_asm::assemble_file(&path)
        .expect("benchmark ROM assembles")
        .rom;
    let mut config = Config::gui();
    config.stdout = Box::new(std::io::sink());
    config.stderr = Box::new(std::io::sink());
    let mut vm = Varvara::new(config);
    vm.load(&rom, false).expect("benchmark ROM loads");
    vm.boot();
    vm
}

fn screen(c: &mut Criterion) {
    let mut vm = machine();
    c.bench_function("sprites: frame vector", |b| {
        b.iter(|| black_box(vm.frame()))
    });
    let mut vm = machine();
    c.bench_function("sprites: frame vector + composition", |b| {
        b.iter(|| {
            vm.frame();
            black_box(vm.pixels()[0])
        })
    });
}

criterion_group!(benches, screen);
criterion_main!(benches);
