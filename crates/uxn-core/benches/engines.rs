//! Both engines on the CPU benchmark ROMs of `roms/bench`, assembled at start-up.
//!
//! The ROMs are shrunk (their size macro is rewritten) so that one iteration takes tens
//! of milliseconds; `scripts/bench` runs them at full size as whole processes.

use criterion::{Criterion, criterion_group, criterion_main};
use uxn_core::{Backend, Budget, Device, Stop, Uxn};

/// Console output is collected so that printing is part of the work but not of the noise.
#[derive(Default)]
struct Console(Vec<u8>);

impl Device for Console {
    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        if port == 0x18 {
            self.0.push(vm.dev[0x18]);
        }
    }
}

/// `(name, source file, [(size macro line, smaller replacement)])`.
type Workload = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const WORKLOADS: [Workload; 3] = [
    (
        "fib",
        "fib.tal",
        &[("%FIB-N { #0023 }", "%FIB-N { #001b }")],
    ),
    (
        "sieve",
        "sieve.tal",
        &[("%ROUNDS { #80 }", "%ROUNDS { #08 }")],
    ),
    (
        "mandelbrot",
        "mandelbrot.tal",
        &[
            ("%FRAMES { #04 }", "%FRAMES { #01 }"),
            ("%HEIGHT { #00c0 }", "%HEIGHT { #0030 }"),
        ],
    ),
];

fn rom(file: &str, resize: &[(&str, &str)]) -> Vec<u8> {
    let path = format!("{}/../../roms/bench/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    for (from, to) in resize {
        assert!(source.contains(from), "{path}: no `{from}` line to resize");
        source = source.replace(from, to);
    }
    let assembly = uxn_asm::assemble(source.as_bytes(), file);
    assembly.unwrap_or_else(|e| panic!("{path}: {e}")).rom
}

fn engines(c: &mut Criterion) {
    for (name, file, resize) in WORKLOADS {
        let rom = rom(file, resize);
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for backend in Backend::ALL {
            group.bench_function(backend.name(), |b| {
                b.iter_batched_ref(
                    || {
                        let mut vm = Uxn::new();
                        vm.set_backend(backend);
                        vm.load_rom(&rom).expect("a benchmark ROM fits");
                        vm
                    },
                    |vm| {
                        let stop = vm.eval(&mut Console::default(), 0x100, Budget::UNLIMITED);
                        assert_eq!(stop, Stop::Break);
                    },
                    criterion::BatchSize::LargeInput,
                );
            });
        }
        group.finish();
    }
}

criterion_group!(benches, engines);
criterion_main!(benches);
