//! The Varvara 79K File rules through real ROMs (`roms/tests/file/`), on both engines
//! and both device sets: listings, delete results and stat of a too-large file.

mod common;

use std::fs;
use std::path::Path;

use common::{Harness, assemble};
use varvara::{Backend, Kind, Stop};

/// Every engine and device set, each with a fresh sandbox `<tmp>/root`.
fn each_machine(rom: &str, prepare: impl Fn(&Path), check: impl Fn(&Harness, &Path)) {
    let rom = assemble(rom);
    for backend in [Backend::TailCall, Backend::Match] {
        for kind in [Kind::Console, Kind::Gui] {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().join("root");
            fs::create_dir(&root).unwrap();
            prepare(&root);
            let mut h = Harness::configured(kind, |c| {
                c.backend = backend;
                c.file_root = root.clone();
            });
            h.vm.load(&rom, false).unwrap();
            assert_eq!(h.vm.boot(), Stop::Break, "{backend:?} {kind:?}");
            check(&h, &root);
        }
    }
}

/// The lines of `dir` in the host's order: files of five bytes and directories.
fn host_lines(dir: &Path) -> Vec<Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().into_string().unwrap();
            if e.file_type().unwrap().is_dir() {
                format!("----\t{name}/\n").into_bytes()
            } else {
                format!("0005\t{name}\n").into_bytes()
            }
        })
        .collect()
}

#[test]
fn listing_rom() {
    let prepare = |root: &Path| {
        let list = root.join("list");
        fs::create_dir(&list).unwrap();
        for name in ["a1", "b2", "c3", "e4"] {
            fs::write(list.join(name), b"12345").unwrap();
        }
        fs::create_dir(list.join("d")).unwrap();
    };
    each_machine("tests/file/listing.tal", prepare, |h, root| {
        let lines = host_lines(&root.join("list"));
        assert!(lines.iter().all(|l| l.len() == 8));
        let all = lines.concat();

        // One read: every line, TAB-separated, no `..`, then the uncounted `00`.
        assert_eq!(h.ram_short(0x8000), 0x0028);
        assert_eq!(h.ram_slice(0x8100, 0x28), all);
        assert_eq!(h.ram_slice(0x8128, 2), [0x00, 0xee]);

        // Pieces of 12 bytes: two full ones ending in a cut line, the last line with
        // its terminator, then nothing.
        let results: Vec<u16> = (0..5).map(|i| h.ram_short(0x8002 + 2 * i)).collect();
        assert_eq!(results, [0x000c, 0x000c, 0x0008, 0x0000, 0x0000]);
        let slot = |i: u16| h.ram_slice(0x8200 + 16 * i, 16);
        let mut piece = lines[0].clone();
        piece.extend_from_slice(&lines[1][..4]);
        assert_eq!(slot(0)[..13], [&piece[..], &[0xee]].concat());
        let mut piece = lines[2].clone();
        piece.extend_from_slice(&lines[3][..4]);
        assert_eq!(slot(1)[..13], [&piece[..], &[0xee]].concat());
        assert_eq!(slot(2)[..10], [&lines[4][..], &[0x00, 0xee]].concat());
        assert_eq!(slot(3)[..2], [0x00, 0xee], "done: just a terminator");
        assert_eq!(slot(4), [0xee; 16], "no fifth read");
    });
}

#[test]
fn delete_rom() {
    let prepare = |root: &Path| {
        fs::write(root.parent().unwrap().join("outside.txt"), b"keep").unwrap();
    };
    each_machine("tests/file/delete.tal", prepare, |h, root| {
        let results: Vec<u16> = (0..4).map(|i| h.ram_short(0x8000 + 2 * i)).collect();
        // removed, removed again, a directory, outside the sandbox
        assert_eq!(results, [0x0001, 0x0000, 0x0000, 0x0000]);
        assert!(!root.join("doomed.txt").exists());
        assert!(root.join("keep").is_dir());
        let outside = root.parent().unwrap().join("outside.txt");
        assert_eq!(fs::read(outside).unwrap(), b"keep");
        assert_eq!(
            h.err.text(),
            "file warning: blocked attempt to access ../outside.txt outside of sandbox\n"
        );
    });
}

#[test]
fn stat_rom() {
    let prepare = |root: &Path| {
        fs::write(root.join("s5a"), [0u8; 0x5a]).unwrap();
        fs::write(root.join("big"), vec![0u8; 0x10000]).unwrap();
    };
    each_machine("tests/file/stat.tal", prepare, |h, _| {
        let slot = |i: u16| h.ram_slice(0x8000 + 8 * i, 8);
        // The bytes written, then ee up to the success value in the slot's last two.
        assert_eq!(slot(0), b"?\xee\xee\xee\xee\xee\x00\x01");
        assert_eq!(slot(1), b"5a\xee\xee\xee\xee\x00\x02");
        assert_eq!(slot(2), b"05a\xee\xee\xee\x00\x03");
        assert_eq!(slot(3), b"????\xee\xee\x00\x04");
        assert_eq!(slot(4), b"10000\xee\x00\x05");
    });
}
