//! The window never waits on a file: a dropped FIFO is refused at once while the running
//! ROM keeps drawing; a ROM still loading is loaded on the side while the running one
//! keeps drawing, and a newer drop supersedes it; a ROM named on the command line that is
//! not ready within half a second gets a window that says "loading" until it is.
//!
//! A load is kept pending with the debug build's test hook `UXNEMU_TEST_LOAD_GATE` (see
//! the app's `loader.rs`): every source (`.tal`) waits until the gate file exists, so
//! each test decides when the load ends, whatever the machine's speed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use x11rb::protocol::xproto::Window;

use crate::support::REACT;
use crate::support::app::{self, App};
use crate::support::pictures;
use crate::support::roms;
use crate::support::xdnd::drop_on;
use crate::support::xserver::Xvfb;

/// The app in `dir`, with sources held until `gate` exists.
fn held(x: &Xvfb, dir: &Path, gate: &Path) -> Command {
    let mut command = app::command(x);
    command.current_dir(dir).env("UXNEMU_TEST_LOAD_GATE", gate);
    command
}

/// Lets held loads go on.
fn open_gate(gate: &Path) {
    std::fs::write(gate, b"").expect("write the gate file");
}

fn gate_in(dir: &Path) -> PathBuf {
    dir.join("gate")
}

/// Waits until the window has shown `count` different colours in its top-left pixel:
/// animated.rom is running and being drawn.
fn wait_for_animation(app: &mut App, x: &Xvfb, window: Window, count: usize, when: &str) {
    let mut seen = BTreeSet::new();
    app.wait_for(&format!("{count} colours {when}"), REACT, || {
        seen.insert(x.grab(window)?.get(0, 0));
        if seen.len() >= count {
            Ok(())
        } else {
            Err(format!("seen {seen:06x?}"))
        }
    });
}

fn wait_for_title(app: &mut App, x: &Xvfb, window: Window, part: &str, timeout: Duration) {
    app.wait_for(&format!("{part:?} in the title"), timeout, || {
        let title = x.title(window)?;
        if title.contains(part) {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });
}

fn lines_about(app: &App, what: &str) -> Vec<String> {
    app.stderr()
        .into_iter()
        .filter(|l| l.contains(what))
        .collect()
}

#[test]
fn a_dropped_fifo_is_refused_while_the_rom_keeps_drawing() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let animated = roms::write(dir.path(), "animated", "animated.rom");
    let picture = roms::write(dir.path(), "picture", "picture.rom");
    let fifo = dir.path().join("fifo.rom");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());

    let mut app = App::start(&x, dir.path(), &[animated.as_os_str()]);
    let window = app.window(&x);
    wait_for_animation(&mut app, &x, window, 2, "before the drop");

    drop_on(&x, window, &fifo);
    app.wait_for_stderr("a line about the FIFO", REACT, |line| {
        line.contains("fifo.rom: not a regular file (a FIFO)")
    });
    wait_for_title(&mut app, &x, window, "fifo.rom", REACT);
    wait_for_animation(&mut app, &x, window, 3, "after the drop");
    assert_eq!(lines_about(&app, "fifo.rom").len(), 1, "{:?}", app.stderr());

    // A real ROM dropped next opens as usual.
    drop_on(&x, window, &picture);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "after-fifo");
}

#[test]
fn a_pending_drop_lets_the_rom_keep_drawing_and_a_newer_drop_supersedes_it() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let gate = gate_in(dir.path());
    let animated = roms::write(dir.path(), "animated", "animated.rom");
    let second = roms::write(dir.path(), "second", "second.rom");
    let pending = roms::source("picture");

    let mut app = App::spawn(
        "uxnemu animated.rom",
        held(&x, dir.path(), &gate)
            .env("UXNEMU_LOG", "1")
            .arg(&animated),
    );
    let window = app.window(&x);
    wait_for_animation(&mut app, &x, window, 2, "before the drop");

    drop_on(&x, window, &pending);
    app.wait_for_stderr("the held load to start", REACT, |line| {
        line.starts_with("opening") && line.ends_with("picture.tal")
    });
    // Meanwhile the running ROM keeps running and drawing.
    wait_for_animation(&mut app, &x, window, 3, "while picture.tal loads");
    assert!(
        lines_about(&app, "loaded")
            .iter()
            .all(|l| !l.contains("picture.tal")),
        "{:?}",
        app.stderr()
    );

    drop_on(&x, window, &second);
    app.wait_for_picture(&x, window, &pictures::second(), "newer-drop");
    // The older load ends after the newer one was shown: its result is dropped.
    open_gate(&gate);
    app.wait_for_stderr("the held load to be superseded", REACT, |line| {
        line.starts_with("superseded") && line.ends_with("picture.tal")
    });
    app.wait_for_picture(&x, window, &pictures::second(), "after-superseded");
    wait_for_title(&mut app, &x, window, "GUI second", REACT);
    assert!(
        lines_about(&app, "loaded")
            .iter()
            .all(|l| !l.contains("picture.tal")),
        "{:?}",
        app.stderr()
    );
}

#[test]
fn a_pending_rom_on_the_command_line_opens_in_a_loading_window() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let gate = gate_in(dir.path());
    let mut app = App::spawn(
        "uxnemu picture.tal",
        held(&x, dir.path(), &gate).arg(roms::source("picture")),
    );
    let window = app.window(&x);
    wait_for_title(&mut app, &x, window, "picture.tal — loading", REACT);
    open_gate(&gate);
    wait_for_title(&mut app, &x, window, "GUI picture", REACT);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "pending-start");
}

#[test]
fn a_pending_rom_on_the_command_line_that_fails_still_ends_with_status_2() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let gate = gate_in(dir.path());
    let source = dir.path().join("late-failure.tal");
    std::fs::write(&source, "|0100\n;nowhere\n").expect("write");

    let mut app = App::spawn(
        "uxnemu late-failure.tal",
        held(&x, dir.path(), &gate).arg(&source),
    );
    let window = app.window(&x);
    wait_for_title(&mut app, &x, window, "late-failure.tal — loading", REACT);
    open_gate(&gate);
    let status = app.wait_exit(REACT);
    let stderr = app.stderr();
    assert_eq!(status.code(), Some(2), "{stderr:?}");
    assert_eq!(stderr.len(), 1, "one line: {stderr:?}");
    assert!(
        stderr[0].contains("Label unknown: nowhere") && stderr[0].contains("late-failure.tal:2"),
        "{stderr:?}"
    );
}
