//! How the name is copied from RAM (varvara.md §7.1): up to the first `00`, at most
//! 4095 characters, never past `ffff`; without a terminator the name is empty.

use std::fs;

use super::Rig;

#[test]
fn terminator_at_the_last_byte_of_ram() {
    let mut r = Rig::new();
    r.poke(0xfffd, b"ab\0");
    r.deo2(0x8, 0xfffd);
    assert_eq!(r.success(), 0);
    assert_eq!(r.write(b"x", false), 1);
    assert_eq!(fs::read(r.root().join("ab")).unwrap(), b"x");
}

#[test]
fn no_terminator_before_the_end_of_ram_means_no_name() {
    let mut r = Rig::new();
    r.poke(0xfffd, b"abc");
    r.deo2(0x8, 0xfffd);
    assert_eq!(r.success(), 0);
    assert_eq!(r.write(b"x", false), 0);
    assert_eq!(r.read(4).0, 0);
    assert_eq!(r.stat(2), (2, b"!!".to_vec()));
    assert_eq!(r.delete(), 0x0000);
    assert!(
        fs::read_dir(r.root()).unwrap().next().is_none(),
        "nothing created"
    );
    assert!(r.warnings().is_empty());
}

#[test]
fn longest_name_is_4095_bytes() {
    let mut r = Rig::new();
    // `./` repeated keeps the path short for the host once resolved.
    let long = format!("{}f", "./".repeat(2047));
    assert_eq!(long.len(), 4095);
    r.name(&long);
    assert_eq!(r.write(b"x", false), 1);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"x");

    let too_long = format!("{}ff", "./".repeat(2047));
    r.name(&too_long);
    assert_eq!(r.write(b"y", false), 0);
    assert!(!r.root().join("ff").exists());
}

#[test]
fn empty_name() {
    let mut r = Rig::new();
    r.name("");
    assert_eq!(r.read(4).0, 0);
    assert_eq!(r.write(b"x", false), 0);
    assert_eq!(r.delete(), 0x0000);
    assert!(fs::read_dir(r.root()).unwrap().next().is_none());
    assert!(r.warnings().is_empty());
}

#[cfg(unix)]
#[test]
fn names_are_raw_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let mut r = Rig::new();
    r.name_bytes(b"\xff\xfe.bin");
    assert_eq!(r.write(b"raw", false), 3);
    assert_eq!(
        fs::read(r.root().join(OsStr::from_bytes(b"\xff\xfe.bin"))).unwrap(),
        b"raw"
    );
    r.name_bytes(b"\xff\xfe.bin");
    assert_eq!(r.read(0x10), (3, b"raw".to_vec()));
}

#[test]
fn a_directory_read_as_a_file_or_written_as_one() {
    let mut r = Rig::new();
    fs::create_dir(r.root().join("d")).unwrap();
    fs::write(r.root().join("f"), b"abc").unwrap();
    // A file named with a trailing slash is not a directory.
    r.name("f/");
    assert_eq!(r.read(0x10).0, 0);
    // A directory cannot be opened for writing, and is not deleted.
    r.name("d");
    assert_eq!(r.write(b"x", false), 0);
    assert_eq!(r.delete(), 0x0000);
    assert!(r.root().join("d").is_dir());
}
