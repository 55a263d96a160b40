//! Crash-safe saves: the target changes in one rename when the write sequence is over,
//! and every operation that could see the file first commits what was written.

use std::fs;
use std::path::{Path, PathBuf};

use super::{BUF_AT, Rig, files};

/// The temporary files of saves in `dir`, by name.
fn temps(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().contains(".uxnsave-"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, fs::read(e.path()).unwrap())
        })
        .collect();
    found.sort();
    found
}

fn read(path: PathBuf) -> Vec<u8> {
    fs::read(path).unwrap()
}

#[test]
fn the_target_changes_only_when_the_vector_returns() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"old").unwrap();
    r.name("f");
    assert_eq!(r.write_in_vector(b"new content", false), 11);
    assert_eq!(read(r.root().join("f")), b"old");
    let pending = temps(&r.root());
    assert_eq!(pending.len(), 1);
    let (name, data) = &pending[0];
    assert_eq!(data, b"new content");
    // `.f.uxnsave-` and six random letters or digits.
    let random = name.strip_prefix(".f.uxnsave-").unwrap();
    assert_eq!(random.len(), 6);
    assert!(random.bytes().all(|b| b.is_ascii_alphanumeric()), "{name}");

    r.end_of_vector();
    assert_eq!(read(r.root().join("f")), b"new content");
    assert!(temps(&r.root()).is_empty());
}

#[test]
fn a_new_file_appears_whole() {
    let mut r = Rig::new();
    r.name("d/new.txt");
    assert_eq!(r.write_in_vector(b"first ", false), 6);
    assert_eq!(r.write_in_vector(b"second", false), 6);
    assert!(!r.root().join("d/new.txt").exists());
    r.end_of_vector();
    assert_eq!(read(r.root().join("d/new.txt")), b"first second");
}

#[test]
fn reads_after_writes_in_the_same_vector_see_the_new_content() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"old old old").unwrap();
    r.name("f");
    assert_eq!(r.write_in_vector(b"new", false), 3);
    assert_eq!(r.read_text(0x20), (3, "new".into()));
    assert_eq!(read(r.root().join("f")), b"new");
}

#[test]
fn stat_name_and_delete_commit_first() {
    let mut r = Rig::new();
    r.name("f");
    r.write_in_vector(b"12345", false);
    assert_eq!(r.stat(4), (4, b"0005".to_vec()));
    assert_eq!(read(r.root().join("f")), b"12345");

    r.name("g");
    r.write_in_vector(b"abc", false);
    r.name("h");
    assert_eq!(read(r.root().join("g")), b"abc");

    r.name("gone");
    r.write_in_vector(b"abc", false);
    assert_eq!(r.delete(), 1);
    assert!(!r.root().join("gone").exists());
    assert!(temps(&r.root()).is_empty());
}

#[test]
fn a_listing_sees_the_new_size_and_no_temporary_file() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"old").unwrap();
    r.name("f");
    r.write_in_vector(b"longer content", false);
    r.name(".");
    assert_eq!(r.read_text(0x100), (7, "000e\tf\n".into()));
}

#[test]
fn writes_continue_after_a_commit() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"old").unwrap();
    r.name("f");
    r.write_in_vector(b"ab", false);
    // The stat commits; the sequence goes on, so the next write appends.
    assert_eq!(r.stat(2), (2, b"02".to_vec()));
    assert_eq!(r.write_in_vector(b"cd", false), 2);
    assert_eq!(read(r.root().join("f")), b"ab");
    r.end_of_vector();
    assert_eq!(read(r.root().join("f")), b"abcd");
    // Likewise in the next vector.
    assert_eq!(r.write(b"ef", false), 2);
    assert_eq!(read(r.root().join("f")), b"abcdef");
}

#[test]
fn appending_starts_from_a_copy_of_the_old_file() {
    let mut r = Rig::new();
    fs::write(r.root().join("log"), b"line 1\n").unwrap();
    r.name("log");
    assert_eq!(r.write_in_vector(b"line 2\n", true), 7);
    assert_eq!(read(r.root().join("log")), b"line 1\n");
    assert_eq!(temps(&r.root())[0].1, b"line 1\nline 2\n");
    r.end_of_vector();
    assert_eq!(read(r.root().join("log")), b"line 1\nline 2\n");
}

#[test]
fn writing_nothing_truncates_when_the_sequence_ends() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"data").unwrap();
    r.name("f");
    assert_eq!(r.write_in_vector(b"", false), 0);
    assert_eq!(read(r.root().join("f")), b"data");
    r.end_of_vector();
    assert_eq!(read(r.root().join("f")), b"");
}

#[test]
fn the_other_device_sees_the_save() {
    let mut r = Rig::new();
    fs::write(r.root().join("f"), b"old").unwrap();
    r.name("f");
    r.write_in_vector(b"fresh", false);
    assert_eq!(r.on_other(|o| o.name("f")), 0);
    assert_eq!(r.on_other(|o| o.read_text(0x10)), (5, "fresh".into()));
    // File 0's sequence goes on: its next write appends to what was committed.
    r.write_in_vector(b"er", false);
    assert_eq!(r.on_other(|o| o.stat(4)), (4, b"0007".to_vec()));
    assert_eq!(read(r.root().join("f")), b"fresher");
}

#[test]
fn the_other_device_lists_the_directory_with_the_save_in_place() {
    let mut r = Rig::new();
    r.name("d/new");
    r.write_in_vector(b"abc", false);
    r.on_other(|o| o.name("d"));
    assert_eq!(
        r.on_other(|o| o.read_text(0x100)),
        (9, "0003\tnew\n".into())
    );
}

#[test]
fn the_other_device_elsewhere_leaves_the_save_open() {
    let mut r = Rig::new();
    fs::write(r.root().join("src"), b"0123456789").unwrap();
    r.name("copy");
    // A copy loop: read a piece through File 1, write it through File 0.
    r.on_other(|o| o.name("src"));
    for _ in 0..3 {
        let (n, data) = r.on_other(|o| o.read(4));
        assert_eq!(r.write_in_vector(&data, false), n);
    }
    assert!(!r.root().join("copy").exists());
    assert_eq!(temps(&r.root()).len(), 1);
    r.end_of_vector();
    assert_eq!(read(r.root().join("copy")), b"0123456789");
}

#[test]
fn reset_commits() {
    let mut r = Rig::new();
    r.name("f");
    r.write_in_vector(b"abc", false);
    r.files.reset();
    assert_eq!(read(r.root().join("f")), b"abc");
    assert!(temps(&r.root()).is_empty());
}

#[test]
fn dropping_the_devices_commits() {
    let mut r = Rig::new();
    r.name("f");
    r.write_in_vector(b"abc", false);
    let root = r.root();
    drop(std::mem::replace(&mut r.files, files(&root, &r.warnings)));
    assert_eq!(read(root.join("f")), b"abc");
    assert!(temps(&root).is_empty());
}

#[test]
fn leftovers_of_the_same_file_are_removed_when_it_is_saved_again() {
    let mut r = Rig::new();
    let root = r.root();
    fs::write(root.join("f"), b"old").unwrap();
    // What a kill during an earlier save left, and files that only look similar.
    for name in [
        ".f.uxnsave-Ab12Cd",
        ".g.uxnsave-Ab12Cd",
        ".f.uxnsave-toolong",
        ".f.uxnsave-ab_12c",
        "f.uxnsave-Ab12Cd",
    ] {
        fs::write(root.join(name), b"partial").unwrap();
    }
    r.name("f");
    r.write(b"new", false);
    assert_eq!(read(root.join("f")), b"new");
    let names: Vec<String> = temps(&root).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            ".f.uxnsave-ab_12c",
            ".f.uxnsave-toolong",
            ".g.uxnsave-Ab12Cd",
            "f.uxnsave-Ab12Cd"
        ]
    );
}

#[test]
fn leftovers_are_looked_for_only_the_first_time_a_file_is_saved() {
    let mut r = Rig::new();
    let root = r.root();
    r.name("f");
    r.write(b"one", false);
    // Appears after the first save: this machine does not read the directory again.
    fs::write(root.join(".f.uxnsave-Later1"), b"partial").unwrap();
    r.name("f");
    r.write(b"two", false);
    assert_eq!(read(root.join("f")), b"two");
    assert_eq!(temps(&root).len(), 1);
    // A machine started afterwards removes it when it first saves the file.
    r.files = files(&root, &r.warnings);
    r.name("f");
    r.write(b"three", false);
    assert_eq!(read(root.join("f")), b"three");
    assert!(temps(&root).is_empty());
}

#[test]
fn a_temporary_file_someone_holds_is_not_a_leftover() {
    let mut r = Rig::new();
    let root = r.root();
    fs::write(root.join(".f.uxnsave-Stale1"), b"left by a crash").unwrap();
    // Another emulator's save in progress holds a lock on its temporary file.
    fs::write(root.join(".f.uxnsave-Held01"), b"being saved").unwrap();
    let held = fs::File::open(root.join(".f.uxnsave-Held01")).unwrap();
    held.lock().unwrap();
    r.name("f");
    r.write(b"new", false);
    assert_eq!(read(root.join("f")), b"new");
    assert_eq!(
        temps(&root),
        [(".f.uxnsave-Held01".to_string(), b"being saved".to_vec())]
    );
}

#[test]
fn two_machines_saving_the_same_file_keep_each_other_s_temporary_file() {
    let mut first = Rig::new();
    let root = first.root();
    fs::write(root.join(".f.uxnsave-Stale1"), b"left by a crash").unwrap();
    // The first machine's save is in progress when the second one starts its own.
    first.name("f");
    first.write_in_vector(b"first", false);
    let mut second = Rig::new();
    second.files = files(&root, &second.warnings);
    second.name("f");
    second.write_in_vector(b"second", false);
    let contents: Vec<Vec<u8>> = temps(&root).into_iter().map(|(_, data)| data).collect();
    assert_eq!(contents.len(), 2, "only the stale file is gone");
    assert!(contents.contains(&b"first".to_vec()) && contents.contains(&b"second".to_vec()));
    second.end_of_vector();
    assert_eq!(read(root.join("f")), b"second");
    first.end_of_vector();
    assert_eq!(read(root.join("f")), b"first");
    assert!(temps(&root).is_empty());
    assert_eq!(first.warnings() + &second.warnings(), "");
}

#[test]
fn a_long_name_can_be_saved() {
    let mut r = Rig::new();
    let name = "n".repeat(250);
    r.name(&name);
    assert_eq!(r.write(b"long", false), 4);
    assert_eq!(read(r.root().join(&name)), b"long");
    assert!(r.warnings().is_empty());
}

#[test]
fn a_failed_commit_keeps_the_old_file_and_warns() {
    let mut r = Rig::new();
    fs::create_dir(r.root().join("f")).unwrap();
    fs::write(r.root().join("g"), b"old").unwrap();
    r.name("g");
    r.write_in_vector(b"new", false);
    // Something else puts a directory in the way before the save ends.
    fs::remove_file(r.root().join("g")).unwrap();
    fs::create_dir(r.root().join("g")).unwrap();
    fs::write(r.root().join("g/inside"), b"x").unwrap();
    r.end_of_vector();
    assert!(r.root().join("g").is_dir());
    assert_eq!(read(r.root().join("g/inside")), b"x");
    assert!(temps(&r.root()).is_empty());
    assert!(
        r.warnings().starts_with("file warning: could not save g: "),
        "{}",
        r.warnings()
    );
    assert_eq!(r.warnings().lines().count(), 1);
}

#[test]
fn a_refused_name_starts_no_save() {
    let mut r = Rig::new();
    r.name("../outside/f");
    assert_eq!(r.write_in_vector(b"x", false), 0);
    assert!(temps(&r.outside()).is_empty());
    assert!(temps(&r.root()).is_empty());
    assert!(temps(r.tmp.path()).is_empty());
}

#[cfg(unix)]
mod unix {
    use std::fs;
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::super::Rig;
    use super::read;

    #[test]
    fn permissions_are_kept() {
        let mut r = Rig::new();
        let f = r.root().join("f");
        fs::write(&f, b"old").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
        r.name("f");
        r.write(b"new", false);
        assert_eq!(read(f.clone()), b"new");
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o7777,
            0o640
        );
    }

    #[test]
    fn saving_through_a_link_keeps_the_link() {
        let mut r = Rig::new();
        fs::create_dir(r.root().join("d")).unwrap();
        fs::write(r.root().join("d/real"), b"old").unwrap();
        symlink("d/real", r.root().join("link")).unwrap();
        r.name("link");
        r.write(b"new", true);
        let link = fs::symlink_metadata(r.root().join("link")).unwrap();
        assert!(link.file_type().is_symlink());
        assert_eq!(read(r.root().join("d/real")), b"oldnew");
    }
}

#[test]
fn the_stat_buffer_is_left_alone_when_a_save_fails_to_commit() {
    // The commit failure happens before the stat; the stat itself still works.
    let mut r = Rig::new();
    r.name("f");
    r.write_in_vector(b"abc", false);
    fs::create_dir(r.root().join("f")).unwrap();
    fs::write(r.root().join("f/x"), b"").unwrap();
    assert_eq!(r.stat(4), (4, b"----".to_vec()));
    assert_eq!(r.peek(BUF_AT + 4, 1), [0xee]);
    assert_eq!(r.warnings().lines().count(), 1);
}
