//! A ROM named on the command line that cannot be loaded (a directory, an empty file, a file
//! too big for the 16 memory banks, a missing file, a source that does not assemble, a FIFO,
//! a device, a source including a FIFO) ends the app quickly with exit status 2 and one line
//! on stderr naming the file.

use std::path::Path;
use std::time::Duration;

use crate::support::app::App;
use crate::support::roms;
use crate::support::xserver::Xvfb;

fn rejects(x: &Xvfb, dir: &Path, rom: &Path, must_contain: &str) {
    let mut app = App::start(x, dir, &[rom.as_os_str()]);
    let status = app.wait_exit(Duration::from_secs(10));
    let stderr = app.stderr();
    let context = format!("uxnemu {}: {status}, stderr {stderr:?}", rom.display());
    assert_eq!(status.code(), Some(2), "{context}");
    assert_eq!(stderr.len(), 1, "expected exactly one line: {context}");
    assert!(
        stderr[0].contains(must_contain),
        "the line should name {must_contain:?}: {context}"
    );
}

#[test]
fn unloadable_rom_arguments_exit_2_with_one_line() {
    // A display is there so that failing for want of one cannot pass for the right failure.
    let x = Xvfb::start(640, 480);
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("folder.rom");
    std::fs::create_dir(&folder).expect("mkdir");
    let empty = dir.path().join("empty.rom");
    std::fs::write(&empty, b"").expect("write");
    // 16 banks of 64 KiB minus the zero page hold at most 1 048 320 bytes of ROM.
    let huge = dir.path().join("huge.rom");
    std::fs::write(&huge, vec![0x01u8; 4 << 20]).expect("write");
    let missing = dir.path().join("missing.rom");

    rejects(&x, dir.path(), &folder, "folder.rom");
    rejects(&x, dir.path(), &empty, "empty.rom");
    rejects(&x, dir.path(), &huge, "huge.rom");
    rejects(&x, dir.path(), &missing, "missing.rom");
    rejects(&x, dir.path(), &roms::source("bad"), "bad.tal:5");

    // A FIFO or a device is refused unread, at once: reading it would wait or never end.
    let fifo = dir.path().join("fifo.rom");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.expect("mkfifo").success());
    rejects(
        &x,
        dir.path(),
        &fifo,
        "fifo.rom: not a regular file (a FIFO)",
    );
    let zero = Path::new("/dev/zero");
    rejects(
        &x,
        dir.path(),
        zero,
        "zero: not a regular file (a character device)",
    );
    let includer = dir.path().join("includer.tal");
    std::fs::write(&includer, "|0100 ~fifo.rom\n").expect("write");
    rejects(
        &x,
        dir.path(),
        &includer,
        "Include refused: ~fifo.rom: not a regular file (a FIFO)",
    );
}
