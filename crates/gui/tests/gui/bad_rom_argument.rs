//! A ROM named on the command line that cannot be loaded (an empty file, a missing file, a
//! source that does not assemble, a directory, a file too big for the 16 memory banks, a
//! FIFO, a device, a source including a FIFO) ends the app quickly with exit status 2 and one line
//! on stderr naming the file.

use std::path::Path;
use std::time::Duration;

use userfile::hostile::unreadable;

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
    let empty = dir.path().join("empty.rom");
    std::fs::write(&empty, b"").expect("write");
    let missing = dir.path().join("missing.rom");

    rejects(&x, dir.path(), &empty, "empty.rom");
    rejects(&x, dir.path(), &missing, "missing.rom");
    rejects(&x, dir.path(), &roms::source("bad"), "bad.tal:5");

    // A directory, a file over what 16 banks hold, and a FIFO or a device, which are
    // refused unread, at once: reading them would wait or never end.
    let too_large = uxn_core::MAX_ROM_SIZE as u64 + 1;
    for (path, reason) in unreadable(dir.path(), "rom", too_large) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        rejects(&x, dir.path(), &path, &format!("{name}: {reason}"));
    }
    rejects(
        &x,
        dir.path(),
        Path::new("/dev/zero"),
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
