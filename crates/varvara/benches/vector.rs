//! The fixed cost of running a vector: a Console vector that returns at once, run for
//! one input byte, with the File devices idle (what every frame, mouse move and stdin
//! byte pays besides the ROM's own work).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use varvara::{Config, Event, Varvara};

const SOURCE: &[u8] = b"|10 @Console &vector $2
|0100 ;on-byte .Console/vector DEO2 BRK
@on-byte BRK
";

fn vector(c: &mut Criterion) {
    let rom = uxn_asm::assemble(SOURCE, "empty-vector.tal")
        .expect("the benchmark ROM assembles")
        .rom;
    let mut config = Config::console();
    config.stdout = Box::new(std::io::sink());
    config.stderr = Box::new(std::io::sink());
    let mut vm = Varvara::new(config);
    vm.load(&rom, false).expect("the benchmark ROM loads");
    vm.boot();
    c.bench_function("empty Console vector", |b| {
        b.iter(|| black_box(vm.handle(Event::ConsoleByte(b'x'))))
    });
}

criterion_group!(benches, vector);
criterion_main!(benches);
