//! Crash-safe saves inside the whole machine: a save is committed when the vector that
//! wrote returns, or when the machine reboots, loads another ROM or is dropped; never
//! while a vector that ran out of budget may still go on.

mod common;

use std::fs;
use std::path::Path;

use common::{Harness, assemble};
use varvara::{Backend, Budget, Kind, Stop};

const OLD: &[u8] = b"OLD CONTENT\n";
const FIRST: &[u8] = b"NEW-FIRST-HALF-\n";
const BOTH: &[u8] = b"NEW-FIRST-HALF-\nNEW-SECOND-HALF\n";

/// The temporary files of saves in `dir`, with their content.
fn temps(dir: &Path) -> Vec<Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().contains(".uxnsave-"))
        .map(|e| fs::read(e.path()).unwrap())
        .collect()
}

/// A console machine on `backend` rooted in `root`, which holds the old save.txt.
fn machine(root: &Path, backend: Backend, budget: Budget) -> Harness {
    fs::write(root.join("save.txt"), OLD).unwrap();
    Harness::configured(Kind::Console, |c| {
        c.backend = backend;
        c.budget = budget;
        c.file_root = root.to_path_buf();
    })
}

const BACKENDS: [Backend; 2] = [Backend::TailCall, Backend::Match];

#[test]
fn a_save_is_committed_when_the_vector_returns() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        let mut h = machine(tmp.path(), backend, Budget::REFERENCE);
        h.vm.load(&assemble("tests/file/save-whole.tal"), false)
            .unwrap();
        assert_eq!(h.vm.boot(), Stop::Break);
        assert_eq!(fs::read(tmp.path().join("save.txt")).unwrap(), BOTH);
        assert!(temps(tmp.path()).is_empty());
    }
}

#[test]
fn a_vector_resumed_after_its_budget_keeps_the_save_open() {
    for backend in BACKENDS {
        let tmp = tempfile::tempdir().unwrap();
        let mut h = machine(tmp.path(), backend, Budget(100));
        h.vm.load(&assemble("tests/file/save-slow.tal"), false)
            .unwrap();
        let mut stop = h.vm.boot();
        assert_eq!(stop, Stop::OutOfBudget);
        assert_eq!(fs::read(tmp.path().join("save.txt")).unwrap(), OLD);
        assert_eq!(temps(tmp.path()), [FIRST]);
        let mut turns = 0;
        while stop == Stop::OutOfBudget {
            turns += 1;
            assert!(turns < 100, "the vector never ended");
            stop = h.vm.resume();
        }
        assert_eq!(stop, Stop::Break);
        assert_eq!(fs::read(tmp.path().join("save.txt")).unwrap(), BOTH);
        assert!(temps(tmp.path()).is_empty());
    }
}

/// A way to leave the running ROM.
type Leave = fn(&mut Harness);

/// save-half.tal writes the first half and never returns; each way the machine can
/// leave it commits what was written.
#[test]
fn reboot_load_and_drop_commit_an_unfinished_save() {
    let half = assemble("tests/file/save-half.tal");
    let leave: [(&str, Leave); 3] = [
        ("reboot", |h| {
            h.vm.reboot(false);
        }),
        ("load", |h| {
            h.vm.load(&[0x00], false).unwrap();
        }),
        ("drop", |h| {
            let config = varvara::Config::console();
            h.vm = varvara::Varvara::new(config);
        }),
    ];
    for (how, leave) in leave {
        let tmp = tempfile::tempdir().unwrap();
        let mut h = machine(tmp.path(), Backend::TailCall, Budget(10));
        h.vm.load(&half, false).unwrap();
        assert_eq!(h.vm.boot(), Stop::OutOfBudget);
        assert_eq!(fs::read(tmp.path().join("save.txt")).unwrap(), OLD);
        leave(&mut h);
        let saved = fs::read(tmp.path().join("save.txt")).unwrap();
        assert_eq!(saved, FIRST, "after {how}");
        // A reboot runs the ROM again, which starts a new save of its own.
        let expected: &[&[u8]] = if how == "reboot" { &[FIRST] } else { &[] };
        assert_eq!(temps(tmp.path()), expected, "after {how}");
    }
}

#[test]
fn reads_after_writes_in_the_same_vector_see_the_new_data() {
    let rom = assemble("tests/file/save-read-back.tal");
    for backend in BACKENDS {
        for kind in [Kind::Console, Kind::Gui] {
            let tmp = tempfile::tempdir().unwrap();
            fs::write(tmp.path().join("save.txt"), b"old old old old old\n").unwrap();
            let mut h = Harness::configured(kind, |c| {
                c.backend = backend;
                c.file_root = tmp.path().to_path_buf();
            });
            h.vm.load(&rom, false).unwrap();
            assert_eq!(h.vm.boot(), Stop::Break);
            assert_eq!(h.out.text(), "fresh data\nfresh data\n");
            assert_eq!(
                fs::read(tmp.path().join("save.txt")).unwrap(),
                b"fresh data\n"
            );
        }
    }
}
