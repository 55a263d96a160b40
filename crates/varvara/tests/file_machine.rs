//! The File devices inside the whole machine: the test ROM runs on both kinds of
//! Varvara with the sandbox rooted in a temporary directory.

use std::fs;

use varvara::{Config, Stop, Varvara};

const SOURCE: &[u8] = include_bytes!("../../../roms/tests/file/file.tal");

fn short(vm: &uxn_core::Uxn, addr: usize) -> u16 {
    u16::from_be_bytes([vm.ram[addr], vm.ram[addr + 1]])
}

#[test]
fn test_rom_on_both_machines() {
    let rom = uxn_asm::assemble(SOURCE, "file.tal")
        .expect("file.tal assembles")
        .rom;
    for config in [Config::console(), Config::gui()] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("root");
        fs::create_dir(&root).unwrap();
        let mut machine = Varvara::new(Config {
            file_root: root.clone(),
            ..config
        });
        machine.load(&rom, false).unwrap();
        assert_eq!(machine.boot(), Stop::Break);

        let vm = machine.uxn();
        let results: Vec<u16> = (0..6).map(|i| short(vm, 0x8000 + 2 * i)).collect();
        // write, append, read, list, stat, escape
        assert_eq!(results, [5, 6, 11, 13, 4, 0]);
        assert_eq!(fs::read(root.join("t/out.txt")).unwrap(), b"hello world");
        assert_eq!(&vm.ram[0x8200..0x820e], b"000b\tout.txt\n\0");
        assert!(!tmp.path().join("escape.txt").exists());
    }
}

#[test]
fn a_reboot_closes_the_files() {
    let source = include_bytes!("../../../roms/tests/file/reboot.tal");
    let rom = uxn_asm::assemble(source, "reboot.tal")
        .expect("reboot.tal assembles")
        .rom;
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("data.txt"), b"01234567").unwrap();
    let mut machine = Varvara::new(Config {
        file_root: tmp.path().to_path_buf(),
        ..Config::console()
    });
    machine.load(&rom, false).unwrap();
    assert_eq!(machine.boot(), Stop::Break);
    assert_eq!(short(machine.uxn(), 0x8000), 4);
    assert_eq!(&machine.uxn().ram[0x8100..0x8104], b"0123");
    // The soft reboot keeps the flag, so the ROM reads without naming the file again:
    // with the handle closed and the name forgotten there is nothing to read.
    assert_eq!(machine.reboot(true), Stop::Break);
    assert_eq!(machine.uxn().ram[0x0000], 1, "zero page kept");
    assert_eq!(short(machine.uxn(), 0x8000), 0);
}
