//! Directory listings (varvara.md §7.3).

use std::fs;

use super::{BUF_AT, Rig};

/// The example directory of the spec: `f291` (291 bytes), `inner/`, `a.txt` (5 bytes).
fn example(r: &Rig) {
    let sub = r.root().join("sub");
    fs::create_dir_all(sub.join("inner")).unwrap();
    fs::write(sub.join("f291"), vec![b'x'; 291]).unwrap();
    fs::write(sub.join("a.txt"), b"hello").unwrap();
}

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    lines.sort();
    lines
}

#[test]
fn whole_listing_in_one_read() {
    let mut r = Rig::new();
    example(&r);
    r.name("sub");
    let (n, text) = r.read_text(0x100);
    assert_eq!(n, 0x2a);
    assert_eq!(
        sorted_lines(&text),
        ["---- ../\n", "---- inner/\n", "0005 a.txt\n", "0123 f291\n"]
    );
    // `..` has no host position to keep, so it is listed first.
    assert!(text.starts_with("---- ../\n"));
    assert_eq!(
        r.peek(BUF_AT + n, 2),
        [0x00, 0xee],
        "terminator, not counted"
    );
    assert_eq!(r.read(0x100).0, 0);
}

#[test]
fn one_line_per_short_read() {
    let mut r = Rig::new();
    example(&r);
    r.name("sub/");
    let mut got = Vec::new();
    loop {
        let (n, text) = r.read_text(0x0e);
        if n == 0 {
            break;
        }
        assert_eq!(r.peek(BUF_AT + n, 1), [0x00]);
        got.push((n, text));
    }
    got.sort();
    let expected: Vec<(u16, String)> = [
        (0x09, "---- ../\n"),
        (0x0a, "0123 f291\n"),
        (0x0b, "0005 a.txt\n"),
        (0x0c, "---- inner/\n"),
    ]
    .iter()
    .map(|&(n, t)| (n, t.to_string()))
    .collect();
    assert_eq!(got, expected);
    assert_eq!(r.read(0x0e).0, 0);
}

#[test]
fn no_parent_entry_at_the_root() {
    let mut r = Rig::new();
    fs::write(r.root().join("a"), b"1").unwrap();
    fs::create_dir(r.root().join("d")).unwrap();
    // Every way of naming the root.
    for name in [".", "./", "d/..", "d/../."] {
        r.name(name);
        let (_, text) = r.read_text(0x100);
        assert_eq!(
            sorted_lines(&text),
            ["---- d/\n", "0001 a\n"],
            "listing {name}"
        );
    }
    r.name("d");
    assert_eq!(r.read_text(0x100), (9, "---- ../\n".into()));
}

#[test]
fn sizes_and_kinds() {
    let mut r = Rig::new();
    let d = r.root().join("d");
    fs::create_dir(&d).unwrap();
    fs::File::create(d.join("max"))
        .unwrap()
        .set_len(0xffff)
        .unwrap();
    fs::File::create(d.join("big"))
        .unwrap()
        .set_len(0x10000)
        .unwrap();
    fs::File::create(d.join("huge"))
        .unwrap()
        .set_len(0x1_0000_0000)
        .unwrap();
    fs::write(d.join("empty"), b"").unwrap();
    r.name("d");
    let (_, text) = r.read_text(0x100);
    assert_eq!(
        sorted_lines(&text),
        [
            "---- ../\n",
            "0000 empty\n",
            "???? big\n",
            "???? huge\n",
            "ffff max\n"
        ]
    );
}

#[test]
fn only_whole_lines_with_room_for_the_terminator() {
    let mut r = Rig::new();
    // The root lists only `0001 abc\n` (9 bytes), which needs strlen + 8 = 11 bytes.
    fs::write(r.root().join("abc"), b"x").unwrap();
    r.name(".");
    for _ in 0..3 {
        assert_eq!(r.read(10).0, 0);
        assert_eq!(
            r.peek(BUF_AT, 1),
            [0xee],
            "nothing written when nothing fits"
        );
    }
    assert_eq!(r.read_text(11), (9, "0001 abc\n".into()));
    assert_eq!(r.peek(BUF_AT + 9, 2), [0x00, 0xee]);
    assert_eq!(r.read(11).0, 0);
}

#[test]
fn directory_line_needs_its_slash_and_terminator() {
    let mut r = Rig::new();
    fs::create_dir(r.root().join("d")).unwrap();
    r.name(".");
    assert_eq!(r.read(8).0, 0);
    assert_eq!(r.read_text(9), (8, "---- d/\n".into()));
    assert_eq!(r.peek(BUF_AT + 8, 1), [0x00]);
}

#[test]
fn reading_stops_at_the_first_entry_that_does_not_fit() {
    let mut r = Rig::new();
    let d = r.root().join("d");
    fs::create_dir(&d).unwrap();
    for name in ["a", "bb", "ccc", "dddd"] {
        fs::write(d.join(name), name).unwrap();
    }
    r.name("d");
    // Lines are 8–11 bytes; 20 bytes hold one or two of them, never a partial one.
    let mut all = String::new();
    loop {
        let (n, text) = r.read_text(20);
        if n == 0 {
            break;
        }
        assert!(text.ends_with('\n') && text.len() <= 19);
        all.push_str(&text);
    }
    assert_eq!(
        sorted_lines(&all),
        [
            "---- ../\n",
            "0001 a\n",
            "0002 bb\n",
            "0003 ccc\n",
            "0004 dddd\n"
        ]
    );
}

#[test]
fn setting_the_name_rewinds_the_listing() {
    let mut r = Rig::new();
    example(&r);
    r.name("sub");
    let first = r.read_text(0x100);
    assert_eq!(r.read(0x100).0, 0);
    r.name("sub");
    assert_eq!(r.read_text(0x100), first);
}

#[cfg(unix)]
#[test]
fn links_and_unreadable_entries() {
    use std::os::unix::fs::symlink;
    let mut r = Rig::new();
    let d = r.root().join("d");
    fs::create_dir(&d).unwrap();
    fs::write(r.root().join("target"), b"12345").unwrap();
    symlink("../target", d.join("to-file")).unwrap();
    symlink("..", d.join("to-dir")).unwrap();
    symlink("nowhere", d.join("dangling")).unwrap();
    r.name("d");
    let (_, text) = r.read_text(0x100);
    assert_eq!(
        sorted_lines(&text),
        [
            "!!!! dangling\n",
            "---- ../\n",
            "---- to-dir/\n",
            "0005 to-file\n"
        ]
    );
}

#[cfg(unix)]
#[test]
fn names_are_listed_as_raw_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let mut r = Rig::new();
    fs::write(r.root().join(OsStr::from_bytes(b"x\xff")), b"").unwrap();
    r.name(".");
    assert_eq!(r.read(0x100), (8, b"0000 x\xff\n".to_vec()));
}

#[test]
fn listing_clamped_at_the_end_of_ram() {
    let mut r = Rig::new();
    fs::write(r.root().join("abc"), b"x").unwrap();
    r.name(".");
    r.vm.ram[0xfff0..].fill(0xee);
    r.set_length(0xffff);
    // Only 10 bytes to the end of RAM: one short of the 11 needed.
    r.deo2(0xc, 0xfff6);
    assert_eq!(r.success(), 0);
    r.deo2(0xc, 0xfff5);
    assert_eq!(r.success(), 9);
    assert_eq!(&r.vm.ram[0xfff5..], b"0001 abc\n\0\xee");
}
