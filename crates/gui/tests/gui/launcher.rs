//! Without a ROM argument the app runs boot.rom from the working directory, or else its
//! launcher, which lists the directory's ROMs and starts the chosen one.

use std::collections::HashSet;

use x11rb::protocol::xproto::Window;

use crate::support::REACT;
use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

#[test]
fn the_launcher_starts_the_rom_chosen_with_down_and_enter() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    // Listed in name order with the first one selected, Down selects beta.rom.
    roms::write(dir.path(), "picture", "alpha.rom");
    roms::write(dir.path(), "second", "beta.rom");
    let mut app = App::start(&x, dir.path(), &[]);
    let window = app.window(&x);
    choose_the_second_rom(&x, &mut app, window);
    app.wait_for_picture(&x, window, &pictures::second(), "launcher-beta");
    app.wait_for("beta.rom's title", REACT, || {
        let title = x.title(window)?;
        if title.contains("GUI second") {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });
}

/// A directory whose listing (about 25 KB) is longer than the launcher's buffer: the
/// File device cuts lines at the end of each read, and the launcher still lists and
/// starts the ROMs.
#[test]
fn the_launcher_handles_a_listing_longer_than_its_buffer() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..60 {
        let name = format!("{}-{i:02}.rom", "z-long-name".repeat(9));
        std::fs::write(dir.path().join(name), [0x01]).expect("dummy ROM");
    }
    for i in 0..150 {
        let name = format!("{}-{i:03}.txt", "not-a-rom".repeat(10));
        std::fs::write(dir.path().join(name), "x").expect("text file");
    }
    roms::write(dir.path(), "picture", "alpha.rom");
    roms::write(dir.path(), "second", "beta.rom");
    let mut app = App::start(&x, dir.path(), &[]);
    let window = app.window(&x);
    choose_the_second_rom(&x, &mut app, window);
    app.wait_for_picture(&x, window, &pictures::second(), "launcher-long-beta");
}

#[test]
fn boot_rom_in_the_working_directory_starts_without_an_argument() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    roms::write(dir.path(), "second", "boot.rom");
    roms::write(dir.path(), "picture", "alpha.rom");
    let mut app = App::start(&x, dir.path(), &[]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::second(), "boot-rom");
}

/// Waits for the launcher to show its list, then selects the second ROM with Down and
/// starts it with Enter.
fn choose_the_second_rom(x: &Xvfb, app: &mut App, window: Window) {
    // The launcher is ready once it has drawn something (more than one colour).
    app.wait_for("the launcher's picture", REACT, || {
        let image = x.grab(window)?;
        let colours: HashSet<u32> = image.pixels.iter().copied().collect();
        if colours.len() > 1 {
            Ok(())
        } else {
            Err("the window is blank".into())
        }
    });
    x.focus(window);
    xdotool(x, &["key", "Down"]);
    xdotool(x, &["key", "Return"]);
}
