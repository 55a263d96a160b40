//! Tests that drive a [`File`] device through its ports exactly as `DEO` does: store the
//! byte in the device page, then call the handler. Every test works in its own
//! temporary directory: the sandbox root is `<tmp>/root`, and `<tmp>/outside` is a
//! sibling that must never be touched.

mod clamp;
mod failure;
mod listing;
mod names;
mod open;
mod rom;
mod sandbox;
mod save;
mod sequence;
mod stat;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tempfile::TempDir;
use uxn_core::Uxn;

use super::Files;

/// Where the helpers put names and data in RAM.
const NAME_AT: u16 = 0x8000;
const DATA_AT: u16 = 0x9000;
const BUF_AT: u16 = 0xa000;

/// A warning sink the test can read back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The File devices of a machine rooted in `root`, warning into `warnings`.
fn files(root: &std::path::Path, warnings: &Captured) -> Files {
    Files::new(root, || Box::new(warnings.clone()))
}

/// Both File devices of a machine rooted in `<tmp>/root`. The helpers drive one of them,
/// File 0 unless inside [`Rig::on_other`].
struct Rig {
    vm: Box<Uxn>,
    files: Files,
    /// The base port of the device the helpers drive.
    base: u8,
    tmp: TempDir,
    warnings: Captured,
}

impl Rig {
    fn new() -> Rig {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("root")).unwrap();
        std::fs::create_dir(tmp.path().join("outside")).unwrap();
        let warnings = Captured::default();
        let files = files(&tmp.path().join("root"), &warnings);
        Rig {
            vm: Uxn::new(),
            files,
            base: 0xa0,
            tmp,
            warnings,
        }
    }

    /// Runs `f` driving the other File device.
    fn on_other<T>(&mut self, f: impl FnOnce(&mut Rig) -> T) -> T {
        self.swap();
        let result = f(self);
        self.swap();
        result
    }

    fn swap(&mut self) {
        self.base ^= 0xa0 ^ 0xb0;
    }

    /// The vector that was running returns.
    fn end_of_vector(&mut self) {
        self.files.end_of_vector();
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("root")
    }

    fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }

    /// `DEO` of one byte to the port at `offset` in this device.
    fn deo(&mut self, offset: u8, v: u8) {
        let port = self.base + offset;
        self.vm.dev[port as usize] = v;
        self.files.deo(&mut self.vm, port);
    }

    /// `DEO2`: high byte to `offset`, then low byte to `offset + 1`.
    fn deo2(&mut self, offset: u8, v: u16) {
        let [hi, lo] = v.to_be_bytes();
        self.deo(offset, hi);
        self.deo(offset + 1, lo);
    }

    fn success(&self) -> u16 {
        let p = (self.base + 2) as usize;
        u16::from_be_bytes([self.vm.dev[p], self.vm.dev[p + 1]])
    }

    fn poke(&mut self, addr: u16, bytes: &[u8]) {
        let a = addr as usize;
        self.vm.ram[a..a + bytes.len()].copy_from_slice(bytes);
    }

    fn peek(&self, addr: u16, len: usize) -> Vec<u8> {
        let a = addr as usize;
        self.vm.ram[a..a + len].to_vec()
    }

    /// Sets the name from a NUL-terminated copy at [`NAME_AT`].
    fn name(&mut self, name: &str) -> u16 {
        self.name_bytes(name.as_bytes())
    }

    fn name_bytes(&mut self, name: &[u8]) -> u16 {
        let mut z = name.to_vec();
        z.push(0);
        self.poke(NAME_AT, &z);
        self.deo2(0x8, NAME_AT);
        self.success()
    }

    fn set_length(&mut self, len: u16) {
        self.deo2(0xa, len);
    }

    /// Reads up to `len` bytes into [`BUF_AT`] (cleared to `ee` first); returns the
    /// success value and the bytes it counts.
    fn read(&mut self, len: u16) -> (u16, Vec<u8>) {
        self.vm.ram[BUF_AT as usize..].fill(0xee);
        self.set_length(len);
        self.deo2(0xc, BUF_AT);
        let n = self.success();
        (n, self.peek(BUF_AT, n as usize))
    }

    fn read_text(&mut self, len: u16) -> (u16, String) {
        let (n, bytes) = self.read(len);
        (n, String::from_utf8(bytes).unwrap())
    }

    /// Writes `data` from [`DATA_AT`] with the append flag set as given, as a vector
    /// of its own: the vector returns right after the write.
    fn write(&mut self, data: &[u8], append: bool) -> u16 {
        let n = self.write_in_vector(data, append);
        self.end_of_vector();
        n
    }

    /// Writes like [`Rig::write`] in a vector that goes on afterwards.
    fn write_in_vector(&mut self, data: &[u8], append: bool) -> u16 {
        self.poke(DATA_AT, data);
        self.deo(0x7, u8::from(append));
        self.set_length(data.len() as u16);
        self.deo2(0xe, DATA_AT);
        self.success()
    }

    /// Stats into [`BUF_AT`] (cleared to `ee` first) with the given length.
    fn stat(&mut self, len: u16) -> (u16, Vec<u8>) {
        self.vm.ram[BUF_AT as usize - 1..].fill(0xee);
        self.set_length(len);
        self.deo2(0x4, BUF_AT);
        let n = self.success();
        (n, self.peek(BUF_AT, len as usize))
    }

    fn delete(&mut self) -> u16 {
        self.deo(0x6, 1);
        self.success()
    }

    fn warnings(&self) -> String {
        String::from_utf8_lossy(&self.warnings.0.lock().unwrap()).into_owned()
    }

    /// Every file and directory under the temporary directory, relative to it.
    fn tree(&self) -> Vec<String> {
        fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
                let is_real_dir = std::fs::symlink_metadata(&p).unwrap().is_dir();
                if is_real_dir {
                    walk(&p, base, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.tmp.path(), self.tmp.path(), &mut out);
        out.sort();
        out
    }
}
