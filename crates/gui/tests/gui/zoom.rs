//! Zoom hotkeys resize the window to the screen size times the zoom and keep the picture:
//! F1 cycles 1, 2, 3, 1; Ctrl+= and Ctrl+- step within 1 to 6.

use crate::support::REACT;
use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

fn wait_for_size(app: &mut App, x: &Xvfb, window: u32, size: (u16, u16)) {
    app.wait_for(&format!("a {}x{} window", size.0, size.1), REACT, || {
        let now = x.size(window)?;
        if now == size {
            Ok(())
        } else {
            Err(format!("window is {}x{}", now.0, now.1))
        }
    });
}

#[test]
fn f1_cycles_the_zoom_through_1_2_3_and_back() {
    // The default 512x320 screen at zoom 3 needs a screen wider than 1536.
    let x = Xvfb::start(1600, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    let picture = pictures::picture(512, 320);
    app.wait_for_picture(&x, window, &picture, "f1-zoom-1");
    for zoom in [2u16, 3, 1] {
        x.focus(window);
        xdotool(&x, &["key", "F1"]);
        wait_for_size(&mut app, &x, window, (512 * zoom, 320 * zoom));
        app.wait_for_picture(
            &x,
            window,
            &picture.scaled(zoom as usize),
            &format!("f1-zoom-{zoom}"),
        );
    }
}

#[test]
fn ctrl_plus_and_minus_step_the_zoom_between_1_and_6() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture-small", "picture-small.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    let picture = pictures::picture(128, 96);
    app.wait_for_picture(&x, window, &picture, "ctrl-zoom-1");
    let press = |key: &str, zoom: u16, app: &mut App| {
        x.focus(window);
        xdotool(&x, &["key", key]);
        wait_for_size(app, &x, window, (128 * zoom, 96 * zoom));
    };
    for zoom in 2..=6 {
        press("ctrl+equal", zoom, &mut app);
    }
    app.wait_for_picture(&x, window, &picture.scaled(6), "ctrl-zoom-6");
    // One more step up must be refused: the next step down then lands on 5, not 6.
    x.focus(window);
    xdotool(&x, &["key", "ctrl+equal"]);
    for zoom in (1..=5).rev() {
        press("ctrl+minus", zoom, &mut app);
    }
    x.focus(window);
    xdotool(&x, &["key", "ctrl+minus"]);
    press("ctrl+equal", 2, &mut app);
    app.wait_for_picture(&x, window, &picture.scaled(2), "ctrl-zoom-back-2");
}
