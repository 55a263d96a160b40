//! A uxntal program drives both File devices through real `DEO`/`DEI` instructions.

use std::fs;

use uxn_core::{Budget, Device, Stop, Uxn};

use super::{Captured, Files, files};

const SOURCE: &[u8] = include_bytes!("../../../../../roms/tests/file/file.tal");

/// Just the two File devices; every other port is plain memory.
struct OnlyFiles(Files);

impl Device for OnlyFiles {
    fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        self.0.dei(vm, port)
    }

    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        if matches!(port >> 4, 0xa | 0xb) {
            self.0.deo(vm, port);
        }
    }
}

fn short(vm: &Uxn, addr: usize) -> u16 {
    u16::from_be_bytes([vm.ram[addr], vm.ram[addr + 1]])
}

#[test]
fn rom_writes_reads_lists_and_stats() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    fs::create_dir(&root).unwrap();
    let warnings = Captured::default();
    let mut files = OnlyFiles(files(&root, &warnings));
    let rom = uxn_asm::assemble(SOURCE, "file.tal")
        .expect("file.tal assembles")
        .rom;
    let mut vm = Uxn::new();
    vm.load_rom(&rom).unwrap();
    assert_eq!(vm.eval(&mut files, 0x0100, Budget::REFERENCE), Stop::Break);

    let results: Vec<u16> = (0..6).map(|i| short(&vm, 0x8000 + 2 * i)).collect();
    // write, append, read, list, stat, escape
    assert_eq!(results, [5, 6, 11, 13, 4, 0]);
    assert_eq!(fs::read(root.join("t/out.txt")).unwrap(), b"hello world");
    assert_eq!(&vm.ram[0x8100..0x810c], b"hello world\0");
    assert_eq!(&vm.ram[0x8200..0x820e], b"000b\tout.txt\n\0");
    assert_eq!(&vm.ram[0x8300..0x8304], b"000b");
    assert!(!tmp.path().join("escape.txt").exists());
    assert_eq!(
        String::from_utf8(warnings.0.lock().unwrap().clone()).unwrap(),
        "file warning: blocked attempt to access ../escape.txt outside of sandbox\n"
    );
}
