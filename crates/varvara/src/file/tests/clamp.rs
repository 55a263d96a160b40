//! Buffers never pass the end of RAM: `len = min(length, 0x10000 - address)`.

use std::fs;

use super::Rig;

#[test]
fn read_stops_at_the_end_of_ram_and_continues_next_time() {
    let mut r = Rig::new();
    let data: Vec<u8> = (0..=255).collect();
    fs::write(r.root().join("f"), &data).unwrap();
    r.name("f");
    r.set_length(0xffff);
    r.deo2(0xc, 0xfff0);
    assert_eq!(r.success(), 0x10);
    assert_eq!(&r.vm.ram[0xfff0..], &data[..0x10]);
    assert_eq!(r.vm.ram[0], 0, "no wrap to the zero page");
    r.deo2(0xc, 0x0000);
    assert_eq!(r.success(), 0xf0);
    assert_eq!(&r.vm.ram[..0xf0], &data[0x10..]);
}

#[test]
fn write_takes_only_the_bytes_up_to_the_end_of_ram() {
    let mut r = Rig::new();
    r.vm.ram[0xfffc..].copy_from_slice(b"tail");
    r.vm.ram[..4].copy_from_slice(b"head");
    r.name("f");
    r.set_length(0x0100);
    r.deo2(0xe, 0xfffc);
    assert_eq!(r.success(), 4);
    r.end_of_vector();
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"tail");
}

#[test]
fn largest_buffers() {
    let mut r = Rig::new();
    for (i, b) in r.vm.ram.iter_mut().enumerate() {
        *b = i as u8;
    }
    r.name("big");
    r.set_length(0xffff);
    r.deo2(0xe, 0x0000);
    assert_eq!(r.success(), 0xffff);
    r.end_of_vector();
    let on_disk = fs::read(r.root().join("big")).unwrap();
    assert_eq!(on_disk, r.vm.ram[..0xffff]);

    r.vm.ram.fill(0);
    r.name("big");
    r.set_length(0xffff);
    r.deo2(0xc, 0x0001);
    assert_eq!(r.success(), 0xffff);
    assert_eq!(r.vm.ram[1..], on_disk[..]);
}
