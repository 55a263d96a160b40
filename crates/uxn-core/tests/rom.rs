//! ROM loading: bank 0 from 0100, the rest spilling into expansion banks.

use uxn_core::{MAX_ROM_SIZE, RomError, Uxn};

#[test]
fn a_large_rom_spills_into_the_expansion_banks() {
    let mut rom = vec![0u8; MAX_ROM_SIZE];
    rom[0] = 0x11;
    rom[0xfeff] = 0x22;
    rom[0xff00..0xff04].copy_from_slice(b"ABCD");
    rom[0xff00 + 14 * 0x10000..][..4].copy_from_slice(b"WXYZ");
    let mut vm = Uxn::new();
    vm.load_rom(&rom).unwrap();
    assert_eq!(vm.ram[0x100], 0x11);
    assert_eq!(vm.ram[0xffff], 0x22);
    assert_eq!(&vm.bank(1).unwrap()[..4], b"ABCD");
    assert_eq!(&vm.bank(15).unwrap()[..4], b"WXYZ");
    assert_eq!(vm.bank(16), None);
    assert_eq!(vm.bank_byte(1, 3), Some(b'D'));
}

#[test]
fn empty_and_oversized_roms_are_refused() {
    let mut vm = Uxn::new();
    assert_eq!(vm.load_rom(&[]), Err(RomError::Empty));
    let big = vec![1u8; MAX_ROM_SIZE + 1];
    assert_eq!(
        vm.load_rom(&big),
        Err(RomError::TooLarge {
            len: MAX_ROM_SIZE + 1
        })
    );
    assert!(
        vm.ram.iter().all(|&b| b == 0),
        "a refused ROM leaves memory untouched"
    );
}

#[test]
fn a_soft_reset_keeps_the_zero_page() {
    let mut vm = Uxn::new();
    vm.ram[0x10] = 7;
    vm.ram[0x200] = 9;
    vm.dev[0x20] = 1;
    vm.wst.push(5);
    vm.reset(true);
    assert_eq!(
        (vm.ram[0x10], vm.ram[0x200], vm.dev[0x20], vm.wst.ptr),
        (7, 0, 0, 0)
    );
    vm.reset(false);
    assert_eq!(vm.ram[0x10], 0);
    assert_eq!(vm.wst.dat[0], 5, "stack contents survive a reboot");
}
