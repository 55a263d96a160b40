//! Ctrl+O asks the system for a ROM to open. Without a desktop portal the dialog comes from
//! `zenity`, which these tests replace by a script: it answers like the real one (the chosen
//! path on stdout, status 1 when cancelled) and notes how it was asked.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::REACT;
use crate::support::app::{self, App};
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

/// Writes `DIR/bin/zenity`, which records its arguments in `DIR/zenity-args` and then runs
/// `answer` (shell). It takes half a second, as a person would.
fn fake_zenity(dir: &Path, answer: &str) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir bin");
    let script = bin.join("zenity");
    let log = dir.join("zenity-args");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\nsleep 0.5\n{answer}\n",
            log.display()
        ),
    )
    .expect("write zenity");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    bin
}

/// Starts the app on `rom` with no session bus (so no portal) and `path` as PATH.
fn start(x: &Xvfb, dir: &Path, rom: &Path, path: OsString) -> App {
    App::spawn(
        "uxnemu (Ctrl+O)",
        app::command(x)
            .current_dir(dir)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("PATH", path)
            .arg(rom),
    )
}

/// The lines in which the app complained about the dialog.
fn complaints(app: &App) -> Vec<String> {
    let mut lines = app.stderr();
    lines.retain(|l| l.contains("open dialog"));
    lines
}

fn path_with(bin: &Path) -> OsString {
    let mut dirs = vec![bin.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).expect("PATH")
}

#[test]
fn ctrl_o_opens_the_rom_chosen_in_the_dialog() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let first = roms::write(dir.path(), "picture", "picture.rom");
    let chosen = roms::write(dir.path(), "second", "second.rom");
    let bin = fake_zenity(dir.path(), &format!("echo '{}'", chosen.display()));
    let mut app = start(&x, dir.path(), &first, path_with(&bin));
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "open-first");

    x.focus(window);
    xdotool(&x, &["key", "ctrl+o"]);
    app.wait_for_picture(&x, window, &pictures::second(), "open-chosen");
    let asked = std::fs::read_to_string(dir.path().join("zenity-args")).expect("zenity ran");
    assert!(
        asked.lines().any(|l| l == "--file-selection"),
        "zenity was asked for a file: {asked:?}"
    );
    assert_eq!(complaints(&app), Vec::<String>::new(), "no complaint");
}

#[test]
fn cancelling_the_dialog_keeps_the_running_rom() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let bin = fake_zenity(dir.path(), "exit 1");
    let mut app = start(&x, dir.path(), &rom, path_with(&bin));
    let window = app.window(&x);
    let picture = pictures::picture(512, 320);
    app.wait_for_picture(&x, window, &picture, "cancel-before");

    x.focus(window);
    xdotool(&x, &["key", "ctrl+o"]);
    app.wait_for(
        "the dialog to be answered",
        REACT,
        || match std::fs::read_to_string(dir.path().join("zenity-args")) {
            Ok(args) if !args.is_empty() => Ok(()),
            _ => Err("zenity not run yet".into()),
        },
    );
    // The answer takes half a second; give the app time to act on it, then look again.
    std::thread::sleep(std::time::Duration::from_secs(1));
    app.wait_for_picture(&x, window, &picture, "cancel-after");
    assert!(app.exit_status().is_none(), "the app is still running");
    assert_eq!(
        complaints(&app),
        Vec::<String>::new(),
        "cancelling is no error"
    );
}

#[test]
fn without_any_dialog_ctrl_o_says_so_once_and_carries_on() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    // A PATH with no zenity on it.
    let empty = dir.path().join("empty-bin");
    std::fs::create_dir(&empty).expect("mkdir");
    let mut app = start(&x, dir.path(), &rom, empty.into_os_string());
    let window = app.window(&x);
    let picture = pictures::picture(512, 320);
    app.wait_for_picture(&x, window, &picture, "nodialog-before");

    x.focus(window);
    xdotool(&x, &["key", "ctrl+o"]);
    app.wait_for_stderr("the missing dialog explained", REACT, |l| {
        l == "open dialog: no desktop portal or zenity to show it; drop a ROM on the window instead"
    });
    xdotool(&x, &["key", "ctrl+o"]);
    // The second Ctrl+O went through the same event queue as a redraw after it would: a
    // picture still right after F1 resizes proves the app handled both keys.
    xdotool(&x, &["key", "F1"]);
    app.wait_for_picture(&x, window, &picture.scaled(2), "nodialog-after");
    assert_eq!(complaints(&app).len(), 1, "said once: {:?}", app.stderr());
}
