//! The command line of the reference emulator: `-v`, one flag at most (`--` is a flag that
//! does nothing, so `-- -2x` opens a ROM file named `-2x`), `-3x`, relative ROM paths, and
//! `--watch`, which reloads a source file when it changes on disk.

use std::ffi::OsStr;
use std::time::Duration;

use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::xserver::Xvfb;

#[test]
fn v_prints_a_version_line_and_exits_0() {
    let x = Xvfb::start(640, 480);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::start(&x, dir.path(), &["-v".as_ref()]);
    let status = app.wait_exit(Duration::from_secs(10));
    let stderr = app.stderr();
    assert_eq!(status.code(), Some(0), "stderr {stderr:?}");
    assert_eq!(stderr.len(), 1, "one version line expected: {stderr:?}");
    assert!(stderr[0].contains("Varvara"), "{stderr:?}");
}

#[test]
fn double_dash_is_the_flag_so_a_rom_may_be_named_like_one() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    // A relative path, resolved against the working directory.
    roms::write(dir.path(), "picture-small", "-2x");
    let mut app = App::start(&x, dir.path(), &["--".as_ref(), "-2x".as_ref()]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::picture(128, 96), "double-dash");
}

#[test]
fn zoom_3_flag_opens_a_three_times_larger_window() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    roms::write(dir.path(), "picture-small", "small.rom");
    let args: [&OsStr; 2] = ["-3x".as_ref(), "small.rom".as_ref()];
    let mut app = App::start(&x, dir.path(), &args);
    let window = app.window(&x);
    app.wait_for_picture(
        &x,
        window,
        &pictures::picture(128, 96).scaled(3),
        "zoom-3-flag",
    );
}

#[test]
fn watch_reloads_a_source_file_when_it_changes() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("live.tal");
    std::fs::copy(roms::source("second"), &live).expect("copy");
    let mut app = App::start(&x, dir.path(), &["--watch".as_ref(), live.as_os_str()]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::second(), "watch-before");
    // Replaced the way editors save: a new file renamed over the old one. The new source
    // includes picture-draw.tal, found next to it.
    std::fs::copy(
        roms::source("picture-draw"),
        dir.path().join("picture-draw.tal"),
    )
    .expect("copy");
    let staged = dir.path().join("live.tal.new");
    std::fs::copy(roms::source("picture-small"), &staged).expect("copy");
    std::fs::rename(&staged, &live).expect("rename");
    app.wait_for_picture(&x, window, &pictures::picture(128, 96), "watch-after");
}
