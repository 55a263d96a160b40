//! Shared helpers: assembling test ROMs, capturing the output sinks, reading layers.
#![allow(dead_code)]

pub mod snapshot;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use varvara::{Backend, Clock, Config, Kind, Layer, Varvara};

/// The verified Datetime example: Sunday 22 Nov 2026 02:39:12.
pub const FIXED_TIME: &str = "2026-11-22T02:39:12";

/// Both CPU engines, for tests that run a ROM on each.
pub const BACKENDS: [Backend; 2] = [Backend::TailCall, Backend::Match];

/// An output sink the test can read back.
#[derive(Clone, Default)]
pub struct Sink(Arc<Mutex<Vec<u8>>>);

impl Sink {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The workspace's `roms` folder.
pub fn roms_dir() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .nth(2)
        .unwrap_or(crate_dir)
        .join("roms")
}

/// Assembles `roms/<path>`.
pub fn assemble(path: &str) -> Vec<u8> {
    let file = roms_dir().join(path);
    match uxn_asm::assemble_file(&file) {
        Ok(assembly) => assembly.rom,
        Err(e) => panic!("{}: {e}", file.display()),
    }
}

/// A machine with captured sinks.
pub struct Harness {
    pub vm: Varvara,
    pub out: Sink,
    pub err: Sink,
}

impl Harness {
    pub fn new(kind: Kind) -> Harness {
        Harness::configured(kind, |_| {})
    }

    /// A machine of `kind` with a fixed clock and captured sinks, after `adjust` had its
    /// say on the configuration.
    pub fn configured(kind: Kind, adjust: impl FnOnce(&mut Config)) -> Harness {
        let (out, err) = (Sink::default(), Sink::default());
        let mut config = match kind {
            Kind::Gui => Config::gui(),
            Kind::Console => Config::console(),
        };
        config.clock = Clock::Fixed(FIXED_TIME.parse().unwrap());
        config.stdout = Box::new(out.clone());
        config.stderr = Box::new(err.clone());
        config.file_root = std::env::temp_dir();
        adjust(&mut config);
        Harness {
            vm: Varvara::new(config),
            out,
            err,
        }
    }

    /// Loads `roms/<path>` without running it.
    pub fn load(kind: Kind, path: &str) -> Harness {
        let mut h = Harness::new(kind);
        h.vm.load(&assemble(path), false).unwrap();
        h
    }

    /// Loads `roms/<path>` into a GUI machine and runs the reset vector.
    pub fn boot(path: &str) -> Harness {
        let mut h = Harness::load(Kind::Gui, path);
        h.vm.boot();
        h
    }

    /// [`Harness::boot`] on the given CPU engine.
    pub fn boot_on(backend: Backend, path: &str) -> Harness {
        let mut h = Harness::configured(Kind::Gui, |config| config.backend = backend);
        h.vm.load(&assemble(path), false).unwrap();
        h.vm.boot();
        h
    }

    pub fn ram(&self, addr: u16) -> u8 {
        self.vm.uxn().ram[addr as usize]
    }

    pub fn ram_short(&self, addr: u16) -> u16 {
        u16::from_be_bytes([self.ram(addr), self.ram(addr.wrapping_add(1))])
    }

    pub fn ram_slice(&self, addr: u16, len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| self.ram(addr.wrapping_add(i as u16)))
            .collect()
    }

    /// The layers of the area as text: `.`/`a`/`b`/`c` = background 0–3 where the
    /// foreground is 0, `1`/`2`/`3` = foreground colour. One line per row.
    pub fn char_map(&self, x: u16, y: u16, width: u16, height: u16) -> String {
        let mut map = String::new();
        for py in y..y + height {
            for px in x..x + width {
                let fg = self.vm.layer_pixel(Layer::Foreground, px, py).unwrap();
                let bg = self.vm.layer_pixel(Layer::Background, px, py).unwrap();
                map.push(match fg {
                    0 => b".abc"[bg as usize] as char,
                    _ => (b'0' + fg) as char,
                });
            }
            map.push('\n');
        }
        map
    }
}

/// Joins rows written as a list into the `char_map` format.
pub fn rows(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}
