//! The window never waits on a file: a dropped FIFO is refused at once while the running
//! ROM keeps drawing; a ROM that is slow to read and assemble is loaded on the side while
//! the running one keeps drawing, and a newer drop supersedes it; a slow ROM named on the
//! command line gets a window that says "loading" until it is ready.

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use x11rb::protocol::xproto::Window;

use crate::support::app::{self, App};
use crate::support::pictures;
use crate::support::roms;
use crate::support::xdnd::drop_on;
use crate::support::xserver::Xvfb;
use crate::support::{REACT, START};

/// How long assembling slow.tal may take on a loaded machine (a few seconds in a debug
/// build on an idle one).
const SLOW_LOAD: Duration = Duration::from_secs(60);

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
fn a_slow_drop_loads_on_the_side_and_a_newer_drop_supersedes_it() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let animated = roms::write(dir.path(), "animated", "animated.rom");
    let second = roms::write(dir.path(), "second", "second.rom");
    let slow = roms::source("slow");

    let mut app = App::spawn(
        "uxnemu animated.rom",
        app::command(&x)
            .current_dir(dir.path())
            .env("UXNEMU_LOG", "1")
            .arg(&animated),
    );
    let window = app.window(&x);
    wait_for_animation(&mut app, &x, window, 2, "before the drop");

    drop_on(&x, window, &slow);
    app.wait_for_stderr("the slow load to start", REACT, |line| {
        line.starts_with("opening") && line.ends_with("slow.tal")
    });
    // Meanwhile the running ROM keeps running and drawing.
    wait_for_animation(&mut app, &x, window, 3, "while slow.tal loads");
    assert!(
        lines_about(&app, "loaded")
            .iter()
            .all(|l| !l.contains("slow.tal")),
        "slow.tal must still be loading here (make it slower if the assembler got faster): {:?}",
        app.stderr()
    );

    drop_on(&x, window, &second);
    app.wait_for_picture(&x, window, &pictures::second(), "newer-drop");
    app.wait_for_stderr("the slow load to be superseded", SLOW_LOAD, |line| {
        line.starts_with("superseded") && line.ends_with("slow.tal")
    });
    // Its late result changed nothing.
    app.wait_for_picture(&x, window, &pictures::second(), "after-superseded");
    wait_for_title(&mut app, &x, window, "GUI second", REACT);
    assert!(
        lines_about(&app, "loaded")
            .iter()
            .all(|l| !l.contains("slow.tal")),
        "{:?}",
        app.stderr()
    );
}

#[test]
fn a_slow_rom_on_the_command_line_opens_in_a_loading_window() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let slow = roms::source("slow");
    let mut app = App::start(&x, dir.path(), &[slow.as_os_str()]);
    let window = app.window(&x);
    wait_for_title(&mut app, &x, window, "slow.tal — loading", REACT);
    wait_for_title(&mut app, &x, window, "GUI slow", SLOW_LOAD);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "slow-start");
}

#[test]
fn a_slow_rom_on_the_command_line_that_fails_still_ends_with_status_2() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["slow.tal", "picture-draw.tal"] {
        std::fs::copy(roms::source_dir().join(name), dir.path().join(name)).expect("copy");
    }
    let source = dir.path().join("late-failure.tal");
    std::fs::write(&source, "~slow.tal\n;nowhere\n").expect("write");

    let mut app = App::start(&x, dir.path(), &[source.as_os_str()]);
    let window = app.window(&x);
    wait_for_title(&mut app, &x, window, "late-failure.tal — loading", REACT);
    let status = app.wait_exit(SLOW_LOAD + START);
    let stderr = app.stderr();
    assert_eq!(status.code(), Some(2), "{stderr:?}");
    assert_eq!(stderr.len(), 1, "one line: {stderr:?}");
    assert!(
        stderr[0].contains("Label unknown: nowhere") && stderr[0].contains("late-failure.tal:2"),
        "{stderr:?}"
    );
}
