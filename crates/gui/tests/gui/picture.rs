//! The window shows the ROM's screen pixel for pixel, enlarged by the zoom factor, and is
//! titled after the ROM.

use std::ffi::OsStr;

use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::xserver::Xvfb;
use crate::support::{REACT, START};

fn shows_picture(flag: Option<&str>, zoom: usize) {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut args: Vec<&OsStr> = flag.iter().map(OsStr::new).collect();
    args.push(rom.as_os_str());
    let mut app = App::start(&x, dir.path(), &args);
    let window = app.window(&x);
    let expected = pictures::picture(512, 320).scaled(zoom);
    app.wait_for_picture(&x, window, &expected, &format!("picture-zoom-{zoom}"));
}

#[test]
fn zoom_1_shows_the_screen_pixel_for_pixel() {
    shows_picture(None, 1);
}

#[test]
fn zoom_2_flag_shows_every_pixel_as_2x2() {
    shows_picture(Some("-2x"), 2);
}

#[test]
fn title_is_the_metadata_name_or_else_the_file_name() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    // picture.tal declares "GUI picture" as the first metadata line.
    let named = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[named.as_os_str()]);
    let window = app.window(&x);
    app.wait_for("title with the metadata name", REACT, || {
        let title = x.title(window)?;
        // Only the first line of the metadata is the name.
        if title.contains("GUI picture") && !title.contains("test ROM") {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });
    drop(app);
    // input.tal has no metadata.
    let unnamed = roms::write(dir.path(), "input", "unnamed-input.rom");
    let mut app = App::start(&x, dir.path(), &[unnamed.as_os_str()]);
    // The previous window may still be unmapping: wait for the new title.
    app.wait_for("title with the file name", START, || {
        let window = x.app_window()?;
        let title = x.title(window)?;
        if title.contains("unnamed-input") {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });
}
