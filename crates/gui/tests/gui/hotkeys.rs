//! The hotkeys besides zoom and fullscreen: F2 prints the stacks, F4 reboots, F10 saves a
//! screenshot next to the ROM, Ctrl+P pauses, F3 quits with status 127.

use std::time::Duration;

use crate::support::REACT;
use crate::support::app::App;
use crate::support::image::Image;
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

#[test]
fn f2_prints_the_stacks_and_f3_quits_with_127() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "f2-picture");
    x.focus(window);
    xdotool(&x, &["key", "F2"]);
    // Both stacks are empty between vectors.
    app.wait_for_stderr("the working stack", REACT, |l| {
        l == "WST 00 00 00 00 00 00 00 00|<00"
    });
    app.wait_for_stderr("the return stack", REACT, |l| {
        l == "RST 00 00 00 00 00 00 00 00|<00"
    });
    xdotool(&x, &["key", "F3"]);
    let status = app.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(127), "stderr {:?}", app.stderr());
    assert_eq!(app.stderr().last().map(String::as_str), Some("Run: Ended."));
}

#[test]
fn f4_reboots_the_rom_from_scratch() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "input", "input.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    // input.tal at zoom 1: row 1 shows the last key.
    let key_row = |image: &Image| -> Result<u8, String> {
        if image.width != 64 || image.height != 48 {
            return Err(format!("window is {}x{}", image.width, image.height));
        }
        Ok((0..8).fold(0u8, |byte, bit| {
            byte | if image.get(bit, 1) == pictures::INPUT_PALETTE[1] {
                0x80 >> bit
            } else {
                0
            }
        }))
    };
    let mark = |image: &Image| {
        image.width == 64 && image.height == 48 && image.get(63, 47) == pictures::INPUT_PALETTE[2]
    };
    app.wait_for("input.tal's ready mark", REACT, || {
        let image = x.grab(window)?;
        if mark(&image) {
            Ok(())
        } else {
            Err("not drawn yet".into())
        }
    });
    x.focus(window);
    xdotool(&x, &["key", "z"]);
    app.wait_for("the key row to show z", REACT, || {
        match key_row(&x.grab(window)?)? {
            0x7a => Ok(()),
            other => Err(format!("row shows {other:02x}")),
        }
    });
    xdotool(&x, &["key", "F4"]);
    // A fresh machine: the key row is clear again and the ROM has redrawn its mark.
    app.wait_for("the rebooted picture", REACT, || {
        let image = x.grab(window)?;
        match key_row(&image)? {
            0 if mark(&image) => Ok(()),
            other => Err(format!(
                "key row shows {other:02x}, ready mark {}",
                mark(&image)
            )),
        }
    });
}

#[test]
fn f10_saves_a_screenshot_of_the_screen_next_to_the_rom() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture-small", "shot.rom");
    // Zoom 2: the screenshot still has one pixel per screen pixel.
    let mut app = App::start(&x, dir.path(), &["-2x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    let picture = pictures::picture(128, 96);
    app.wait_for_picture(&x, window, &picture.scaled(2), "f10-window");
    x.focus(window);
    xdotool(&x, &["key", "F10"]);
    let line = app.wait_for_stderr("the screenshot path", REACT, |l| {
        l.contains("shot-") && l.contains(".png")
    });
    let path = app.wait_for("the screenshot file", REACT, || {
        let entries = std::fs::read_dir(dir.path()).map_err(|e| e.to_string())?;
        let names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names
            .iter()
            .find(|n| is_screenshot_name(n))
            .map(|n| dir.path().join(n))
            .ok_or_else(|| format!("no shot-YYYYMMDD-HHMMSS.png among {names:?}"))
    });
    assert!(
        line.contains(&*path.to_string_lossy()),
        "stderr line {line:?} should name {}",
        path.display()
    );
    let decoded = app.wait_for("a complete PNG", REACT, || {
        image::open(&path).map_err(|e| e.to_string())
    });
    let rgb = decoded.to_rgb8();
    let shot = Image {
        width: rgb.width() as usize,
        height: rgb.height() as usize,
        pixels: rgb
            .pixels()
            .map(|p| u32::from_be_bytes([0, p[0], p[1], p[2]]))
            .collect(),
    };
    if let Err(e) = shot.compare(&picture) {
        panic!("the screenshot is not the screen: {e}");
    }
}

/// `shot-YYYYMMDD-HHMMSS.png`
fn is_screenshot_name(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("shot-")
        .and_then(|n| n.strip_suffix(".png"))
    else {
        return false;
    };
    let bytes = stamp.as_bytes();
    bytes.len() == 15
        && bytes[8] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 8 || b.is_ascii_digit())
}

#[test]
fn ctrl_p_pauses_and_resumes() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "pause-picture");
    x.focus(window);
    xdotool(&x, &["key", "ctrl+p"]);
    app.wait_for("\"paused\" in the title", REACT, || {
        let title = x.title(window)?;
        if title.contains("paused") {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });
    xdotool(&x, &["key", "ctrl+p"]);
    app.wait_for("the title without \"paused\"", REACT, || {
        let title = x.title(window)?;
        if title.contains("paused") {
            Err(format!("title is {title:?}"))
        } else {
            Ok(())
        }
    });
}
