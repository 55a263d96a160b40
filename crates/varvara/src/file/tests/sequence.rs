//! The state machine: the verified sequence of varvara.md §7.2 and how handles are
//! kept, switched and closed.

use std::fs;

use super::Rig;

#[test]
fn verified_sequence() {
    let mut r = Rig::new();
    assert_eq!(r.name("out.txt"), 0x0000);
    assert_eq!(r.write(b"hello", false), 0x0005);
    assert_eq!(r.write(b" world", false), 0x0006);
    assert_eq!(r.name("out.txt"), 0x0000);
    assert_eq!(r.write(b"abc", true), 0x0003);
    assert_eq!(r.read_text(0x20), (0x000e, "hello worldabc".into()));
    assert_eq!(
        fs::read(r.root().join("out.txt")).unwrap(),
        b"hello worldabc"
    );
    assert_eq!(r.delete(), 0x0001);
    assert!(!r.root().join("out.txt").exists());
    assert_eq!(r.delete(), 0x0000);
    assert_eq!(r.name("missing.txt"), 0x0000);
    assert_eq!(r.read(0x20).0, 0x0000);
    assert_eq!(r.name("newdir/"), 0x0000);
    assert_eq!(r.write(b"x", false), 0x0001);
    assert!(r.root().join("newdir").is_dir());
    assert_eq!(r.name("d1/d2/f.txt"), 0x0000);
    assert_eq!(r.write(b"abc", false), 0x0003);
    assert_eq!(fs::read(r.root().join("d1/d2/f.txt")).unwrap(), b"abc");
    assert!(r.warnings().is_empty());
}

#[test]
fn reads_continue_until_the_name_is_set_again() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"0123456789").unwrap();
    r.name("f");
    assert_eq!(r.read_text(4), (4, "0123".into()));
    assert_eq!(r.read_text(4), (4, "4567".into()));
    assert_eq!(r.read_text(4), (2, "89".into()));
    assert_eq!(r.read(4).0, 0);
    assert_eq!(r.read(4).0, 0);
    r.name("f");
    assert_eq!(r.read_text(3), (3, "012".into()));
}

#[test]
fn append_flag_counts_only_when_the_file_is_opened() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"old").unwrap();
    r.name("f");
    // Opened without append: truncated; later writes append whatever the flag says.
    assert_eq!(r.write(b"a", false), 1);
    assert_eq!(r.write(b"b", true), 1);
    assert_eq!(r.write(b"c", false), 1);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"abc");
    r.name("f");
    assert_eq!(r.write(b"d", true), 1);
    assert_eq!(r.write(b"e", false), 1);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"abcde");
}

#[test]
fn switching_between_reading_and_writing_reopens() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"abcdef").unwrap();
    r.name("f");
    assert_eq!(r.read_text(2), (2, "ab".into()));
    // A write after reads truncates (append clear)…
    assert_eq!(r.write(b"XY", false), 2);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"XY");
    // …and a read after writes starts from the beginning.
    assert_eq!(r.read_text(0x10), (2, "XY".into()));
    // With append set, the write after reads keeps the content.
    assert_eq!(r.write(b"Z", true), 1);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"XYZ");
}

#[test]
fn writing_nothing_still_creates_or_truncates() {
    let mut r = Rig::new();
    r.name("empty");
    assert_eq!(r.write(b"", false), 0);
    assert_eq!(fs::read(r.root().join("empty")).unwrap(), b"");
    fs::write(r.root().join("full"), b"data").unwrap();
    r.name("full");
    assert_eq!(r.write(b"", false), 0);
    assert_eq!(fs::read(r.root().join("full")).unwrap(), b"");
}

#[test]
fn directory_write_reports_whether_it_exists() {
    let mut r = Rig::new();
    r.name("a/b/");
    assert_eq!(r.write(b"", false), 1);
    assert!(r.root().join("a/b").is_dir());
    assert_eq!(r.write(b"", false), 1);
    // A file in the way: the directory cannot be made.
    fs::write(r.root().join("plain"), b"").unwrap();
    r.name("plain/");
    assert_eq!(r.write(b"", false), 0);
    assert!(r.root().join("plain").is_file());
}

// Unix semantics: an unlinked file stays readable through an open handle.
#[cfg(unix)]
#[test]
fn stat_and_delete_keep_the_open_handle() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"0123456789").unwrap();
    r.name("f");
    assert_eq!(r.read_text(3), (3, "012".into()));
    assert_eq!(r.stat(4), (4, b"000a".to_vec()));
    // The open handle survives the unlink and keeps reading.
    assert_eq!(r.delete(), 1);
    assert_eq!(r.read_text(3), (3, "345".into()));
}

#[test]
fn success_is_reset_by_a_new_name() {
    let mut r = Rig::new();
    r.name("f");
    assert_eq!(r.write(b"abc", false), 3);
    assert_eq!(r.name("f"), 0);
}

#[test]
fn two_instances_are_independent() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"abcdef").unwrap();
    r.name("f");
    assert_eq!(r.read_text(2), (2, "ab".into()));
    // File 1 uses its own ports and handle: reading through it does not move File 0.
    let name_at = super::NAME_AT;
    r.vm.dev[0xb8..0xbc].copy_from_slice(&[(name_at >> 8) as u8, name_at as u8, 0x00, 0x03]);
    r.files.deo(&mut r.vm, 0xb9);
    r.vm.dev[0xbc] = 0x70;
    r.vm.dev[0xbd] = 0x00;
    r.files.deo(&mut r.vm, 0xbd);
    assert_eq!(r.vm.dev[0xb2..0xb4], [0, 3]);
    assert_eq!(&r.vm.ram[0x7000..0x7003], b"abc");
    assert_eq!(r.success(), 2, "File 0's success is untouched");
    assert_eq!(r.read_text(2), (2, "cd".into()));
}

#[test]
fn reset_closes_and_forgets_the_name() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"abcdef").unwrap();
    r.name("f");
    assert_eq!(r.read_text(2), (2, "ab".into()));
    r.files.reset();
    // No name any more: nothing to read, and a write has nowhere to go.
    assert_eq!(r.read(2).0, 0);
    assert_eq!(r.write(b"x", false), 0);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), b"abcdef");
}

#[test]
fn ports_without_handlers_are_plain_memory() {
    let mut r = Rig::new();
    for offset in [0x0, 0x1, 0x2, 0x3, 0x7, 0xa, 0xb] {
        r.deo(offset, 0x5a);
        assert_eq!(r.files.dei(&r.vm, 0xa0 + offset), 0x5a);
    }
    assert!(r.tree().iter().all(|p| p == "root" || p == "outside"));
}
