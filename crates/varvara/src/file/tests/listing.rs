//! Directory listings (varvara.md §7.3): TAB lines, no `.` or `..`, the buffer filled
//! with the last line cut, a `00` only when the buffer is not full.

use std::ffi::OsString;
use std::fs;
use std::path::Path;

use super::super::listing::Listing;
use super::{BUF_AT, Rig};

/// The example directory of the spec: `f291` (291 bytes), `inner/`, `a.txt` (5 bytes).
fn example(r: &Rig) {
    let sub = r.root().join("sub");
    fs::create_dir_all(sub.join("inner")).unwrap();
    fs::write(sub.join("f291"), vec![b'x'; 291]).unwrap();
    fs::write(sub.join("a.txt"), b"hello").unwrap();
}

/// A listing of `dir` that meets the entries in the given order.
fn listing_in_order(r: &Rig, dir: &str, names: &[&str]) -> Listing {
    let root = fs::canonicalize(r.root()).unwrap();
    let names: Vec<std::io::Result<OsString>> = names.iter().map(|n| Ok(n.into())).collect();
    Listing::of(root.join(dir), root, Box::new(names.into_iter()))
}

/// Reads `len` bytes into a buffer of `ee` one byte longer; returns the success value
/// and the whole buffer.
fn read_listing(listing: &mut Listing, len: usize) -> (u16, Vec<u8>) {
    let mut buf = vec![0xee; len + 1];
    let n = listing.read(&mut buf[..len]);
    (n, buf)
}

#[test]
fn worked_example_read_whole() {
    let r = Rig::new();
    example(&r);
    let mut listing = listing_in_order(&r, "sub", &["f291", "inner", "a.txt"]);
    let (n, buf) = read_listing(&mut listing, 0x100);
    assert_eq!(n, 0x0021);
    assert_eq!(&buf[..0x22], b"0123\tf291\n----\tinner/\n0005\ta.txt\n\0");
    assert_eq!(buf[0x22], 0xee);
}

#[test]
fn worked_example_read_in_fourteen_byte_pieces() {
    let r = Rig::new();
    example(&r);
    let mut listing = listing_in_order(&r, "sub", &["f291", "inner", "a.txt"]);
    // The `inner` line is cut; the buffer is full, so no terminator follows.
    let (n, buf) = read_listing(&mut listing, 0x0e);
    assert_eq!((n, &buf[..]), (0x000e, &b"0123\tf291\n----\xee"[..]));
    // The next read starts with the following entry.
    let (n, buf) = read_listing(&mut listing, 0x0e);
    assert_eq!(n, 0x000b);
    assert_eq!(&buf[..0x0d], b"0005\ta.txt\n\0\xee");
    let (n, _) = read_listing(&mut listing, 0x0e);
    assert_eq!(n, 0x0000);
}

#[test]
fn temporary_files_of_saves_are_not_listed() {
    let r = Rig::new();
    example(&r);
    fs::write(r.root().join("sub/.a.txt.uxnsave-Ab12Cd"), b"partial").unwrap();
    let mut listing = listing_in_order(&r, "sub", &[".a.txt.uxnsave-Ab12Cd", "a.txt", "inner"]);
    let (n, buf) = read_listing(&mut listing, 0x100);
    assert_eq!(&buf[..n as usize], b"0005\ta.txt\n----\tinner/\n");
}

/// The lines of `dir` in the host's order, computed from the files themselves.
fn host_lines(dir: &Path) -> Vec<Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                format!("----\t{name}/\n").into_bytes()
            } else {
                format!("{:04x}\t{name}\n", meta.len()).into_bytes()
            }
        })
        .collect()
}

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    lines.sort();
    lines
}

#[test]
fn whole_listing_through_the_ports() {
    let mut r = Rig::new();
    example(&r);
    r.name("sub");
    let (n, text) = r.read_text(0x100);
    assert_eq!(n, 0x21);
    assert_eq!(
        sorted_lines(&text),
        ["----\tinner/\n", "0005\ta.txt\n", "0123\tf291\n"]
    );
    assert_eq!(
        r.peek(BUF_AT + n, 2),
        [0x00, 0xee],
        "terminator, not counted"
    );
    // Done: nothing more, with a terminator at the start of the buffer.
    assert_eq!(r.read(0x100).0, 0);
    assert_eq!(r.peek(BUF_AT, 1), [0x00]);
    assert_eq!(r.read(0x100).0, 0);
}

#[test]
fn every_piece_size_cuts_lines_and_continues_with_the_next_entry() {
    let mut r = Rig::new();
    example(&r);
    let lines = host_lines(&r.root().join("sub"));
    for len in 1..=0x22usize {
        r.name("sub");
        // What the rule gives: each read takes entries in order and keeps what fits.
        let mut expected = Vec::new();
        let mut pending = lines.iter();
        loop {
            let mut piece = Vec::new();
            while piece.len() < len {
                let Some(line) = pending.next() else { break };
                let k = line.len().min(len - piece.len());
                piece.extend_from_slice(&line[..k]);
            }
            let done = piece.is_empty();
            expected.push(piece);
            if done {
                break;
            }
        }
        for piece in &expected {
            let (n, data) = r.read(len as u16);
            assert_eq!(&data, piece, "length {len}");
            let after = r.peek(BUF_AT + n, 1)[0];
            if (n as usize) < len {
                assert_eq!(after, 0x00, "terminator, length {len}");
            } else {
                assert_eq!(after, 0xee, "nothing past the buffer, length {len}");
            }
        }
    }
}

#[test]
fn no_dot_entries_anywhere() {
    let mut r = Rig::new();
    fs::write(r.root().join("a"), b"1").unwrap();
    fs::create_dir(r.root().join("d")).unwrap();
    // Every way of naming the root.
    for name in [".", "./", "d/..", "d/../."] {
        r.name(name);
        let (_, text) = r.read_text(0x100);
        assert_eq!(
            sorted_lines(&text),
            ["----\td/\n", "0001\ta\n"],
            "listing {name}"
        );
    }
    // A subdirectory lists no `..` either: an empty one gives nothing at all.
    r.name("d");
    assert_eq!(r.read(0x100).0, 0);
    assert_eq!(r.peek(BUF_AT, 1), [0x00]);
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
            "0000\tempty\n",
            "????\tbig\n",
            "????\thuge\n",
            "ffff\tmax\n"
        ]
    );
}

#[test]
fn a_zero_length_read_takes_no_entry() {
    let mut r = Rig::new();
    fs::write(r.root().join("abc"), b"x").unwrap();
    r.name(".");
    for _ in 0..3 {
        assert_eq!(r.read(0).0, 0);
        assert_eq!(r.peek(BUF_AT, 1), [0xee], "nothing written");
    }
    assert_eq!(r.read_text(0x10), (9, "0001\tabc\n".into()));
}

#[test]
fn a_one_byte_read_takes_one_entry() {
    let mut r = Rig::new();
    let d = r.root().join("d");
    fs::create_dir(&d).unwrap();
    for name in ["a", "bb", "ccc"] {
        fs::write(d.join(name), name).unwrap();
    }
    r.name("d");
    for _ in 0..3 {
        assert_eq!(r.read(1), (1, b"0".to_vec()));
        assert_eq!(r.peek(BUF_AT + 1, 1), [0xee]);
    }
    assert_eq!(r.read(1).0, 0);
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
        ["!!!!\tdangling\n", "----\tto-dir/\n", "0005\tto-file\n"]
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
    assert_eq!(r.read(0x100), (8, b"0000\tx\xff\n".to_vec()));
}

#[test]
fn listing_clamped_at_the_end_of_ram() {
    let mut r = Rig::new();
    fs::write(r.root().join("abc"), b"x").unwrap();
    r.name(".");
    r.vm.ram[0xfff0..].fill(0xee);
    r.vm.ram[0] = 0x55;
    r.set_length(0xffff);
    // Ten bytes to the end of RAM: the nine-byte line and its terminator.
    r.deo2(0xc, 0xfff6);
    assert_eq!(r.success(), 9);
    assert_eq!(&r.vm.ram[0xfff5..], b"\xee0001\tabc\n\0");
    // Eight bytes: the line is cut and nothing wraps to the zero page.
    r.name(".");
    r.vm.ram[0xfff0..].fill(0xee);
    r.deo2(0xc, 0xfff8);
    assert_eq!(r.success(), 8);
    assert_eq!(&r.vm.ram[0xfff7..], b"\xee0001\tabc");
    assert_eq!(r.vm.ram[0], 0x55);
}
