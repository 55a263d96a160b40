//! Machines for the device benchmarks, shared by `cargo bench` and the
//! `bench_devices` example that `scripts/bench` runs.

use std::path::Path;

use uxn_core::Backend;
use varvara::{Config, Varvara};

/// A machine that has loaded and booted `roms/bench/NAME.tal`, with its console
/// output thrown away.
pub fn booted(name: &str, backend: Backend) -> Varvara {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../roms/bench")
        .join(format!("{name}.tal"));
    let rom = uxn_asm::assemble_file(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .rom;
    let mut config = Config::gui();
    config.backend = backend;
    config.stdout = Box::new(std::io::sink());
    config.stderr = Box::new(std::io::sink());
    let mut vm = Varvara::new(config);
    vm.load(&rom, false).expect("benchmark ROM loads");
    vm.boot();
    vm
}
