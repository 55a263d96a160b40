//! The stat port (varvara.md §7.4): always fills the requested length.

use std::fs;

use super::{BUF_AT, Rig};

fn stat_str(r: &mut Rig, len: u16) -> String {
    let (n, bytes) = r.stat(len);
    assert_eq!(n, len);
    // Neither the byte before nor the byte after the buffer is touched.
    assert_eq!(r.peek(BUF_AT - 1, 1), [0xee]);
    assert_eq!(r.peek(BUF_AT + len, 1), [0xee]);
    String::from_utf8(bytes).unwrap()
}

#[test]
fn missing_file() {
    let mut r = Rig::new();
    r.name("nope");
    assert_eq!(stat_str(&mut r, 4), "!!!!");
    assert_eq!(stat_str(&mut r, 1), "!");
    assert_eq!(stat_str(&mut r, 9), "!!!!!!!!!");
}

#[test]
fn directory() {
    let mut r = Rig::new();
    fs::create_dir(r.root().join("d")).unwrap();
    for name in ["d", "d/", "."] {
        r.name(name);
        assert_eq!(stat_str(&mut r, 4), "----", "{name}");
    }
    assert_eq!(stat_str(&mut r, 2), "--");
}

#[test]
fn file_size_in_hex() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), [0u8; 14]).unwrap();
    r.name("f");
    assert_eq!(stat_str(&mut r, 4), "000e");
    assert_eq!(stat_str(&mut r, 1), "e");
    assert_eq!(stat_str(&mut r, 2), "0e");
    assert_eq!(stat_str(&mut r, 8), "0000000e");
}

#[test]
fn file_too_large_for_the_length_fills_with_question_marks() {
    let mut r = Rig::new();
    fs::File::create(r.root().join("f"))
        .unwrap()
        .set_len(0x11170)
        .unwrap();
    r.name("f");
    // The intended rule: the buffer itself is filled (stat_str checks both neighbours).
    assert_eq!(stat_str(&mut r, 2), "??");
    assert_eq!(stat_str(&mut r, 4), "????");
    assert_eq!(stat_str(&mut r, 5), "11170");
    assert_eq!(stat_str(&mut r, 6), "011170");
}

/// The examples of varvara.md §7.4: size `5a` with lengths 1, 2 and 3.
#[test]
fn too_large_for_one_digit() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), [0u8; 0x5a]).unwrap();
    r.name("f");
    assert_eq!(stat_str(&mut r, 1), "?");
    assert_eq!(stat_str(&mut r, 2), "5a");
    assert_eq!(stat_str(&mut r, 3), "05a");
}

#[test]
fn sizes_beyond_32_bits() {
    let mut r = Rig::new();
    fs::File::create(r.root().join("f"))
        .unwrap()
        .set_len(0x1_0000_0000)
        .unwrap();
    r.name("f");
    assert_eq!(stat_str(&mut r, 8), "????????");
    assert_eq!(stat_str(&mut r, 9), "100000000");
    assert_eq!(stat_str(&mut r, 20), "00000000000100000000");
}

#[test]
fn zero_length_writes_nothing() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"abc").unwrap();
    r.name("f");
    assert_eq!(r.stat(0).0, 0);
    assert_eq!(r.peek(BUF_AT - 1, 2), [0xee, 0xee]);
}

#[test]
fn clamped_at_the_end_of_ram() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), [0u8; 0x1234]).unwrap();
    r.name("f");
    r.set_length(0x0004);
    r.deo2(0x4, 0xfffe);
    assert_eq!(r.success(), 2);
    // Two digits cannot hold 1234.
    assert_eq!(&r.vm.ram[0xfffe..], b"??");
    assert_eq!(r.vm.ram[0], 0, "no wrap to the zero page");
    r.set_length(0xffff);
    r.deo2(0x4, 0xfffc);
    assert_eq!(r.success(), 4);
    assert_eq!(&r.vm.ram[0xfffc..], b"1234");
}

#[test]
fn empty_name_and_file_with_a_slash_are_missing() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"abc").unwrap();
    r.name("");
    assert_eq!(stat_str(&mut r, 4), "!!!!");
    r.name("f/");
    assert_eq!(stat_str(&mut r, 4), "!!!!");
}

#[cfg(unix)]
#[test]
fn follows_links_inside_the_sandbox() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), [0u8; 0x2a]).unwrap();
    std::os::unix::fs::symlink("f", r.root().join("link")).unwrap();
    r.name("link");
    assert_eq!(stat_str(&mut r, 4), "002a");
}
