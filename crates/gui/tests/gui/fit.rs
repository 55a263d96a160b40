//! The window fits the screen, decorations included, under a window manager on a
//! 1280x800 screen: the zoom in use is the largest one up to the chosen zoom that fits,
//! it goes back up when the ROM's screen shrinks again, and F1 and Ctrl+= skip zooms that
//! would not fit. Without a window manager, the work area read from the root window
//! decides the zoom, and values no window manager should set are ignored.

use crate::support::REACT;
use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

/// A 1280x800 screen with openbox, which decorates windows with a title bar and borders.
fn laptop_screen() -> Xvfb {
    let mut x = Xvfb::start(1280, 800);
    x.start_window_manager();
    x
}

/// Waits until the window's inside is `size` and the window with its frame is on screen.
fn wait_for_fitting_size(app: &mut App, x: &Xvfb, window: u32, size: (u16, u16)) {
    app.wait_for(
        &format!("a {}x{} window within the screen", size.0, size.1),
        REACT,
        || {
            let now = x.size(window)?;
            if now != size {
                return Err(format!("window is {}x{}", now.0, now.1));
            }
            x.within_screen(window)
        },
    );
}

#[test]
fn a_zoom_too_large_for_the_screen_opens_at_the_largest_that_fits() {
    // 512x320 at 3x would be 1536x960.
    let x = laptop_screen();
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &["-3x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    wait_for_fitting_size(&mut app, &x, window, (1024, 640));
    let picture = pictures::picture(512, 320).scaled(2);
    app.wait_for_picture(&x, window, &picture, "fit-3x-as-2x");
}

#[test]
fn a_screen_that_grows_gets_a_smaller_zoom_and_the_chosen_one_back_when_it_shrinks() {
    let x = laptop_screen();
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "resize", "resize.rom");
    let mut app = App::start(&x, dir.path(), &["-2x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    // 256x160 at 2x.
    wait_for_fitting_size(&mut app, &x, window, (512, 320));
    app.wait_for_picture(
        &x,
        window,
        &pictures::resized(256, 160).scaled(2),
        "grow-2x",
    );
    // Towards the bottom-right corner, where the larger window would stick out (the
    // window manager places the frame there, the inside a little further).
    xdotool(&x, &["windowmove", &window.to_string(), "700", "420"]);
    app.wait_for("the window moved", REACT, || match x.geometry(window)? {
        (left, top, _, _) if left >= 700 && top >= 420 => Ok(()),
        (left, top, _, _) => Err(format!("window is at {left},{top}")),
    });
    // 600x400 at 2x is 1200x800: the title bar would not fit, so 1x, moved inside.
    x.focus(window);
    xdotool(&x, &["type", "b"]);
    wait_for_fitting_size(&mut app, &x, window, (600, 400));
    app.wait_for_picture(&x, window, &pictures::resized(600, 400), "grow-1x");
    x.focus(window);
    xdotool(&x, &["type", "s"]);
    wait_for_fitting_size(&mut app, &x, window, (512, 320));
    app.wait_for_picture(
        &x,
        window,
        &pictures::resized(256, 160).scaled(2),
        "shrink-2x",
    );
}

#[test]
fn f1_and_ctrl_plus_never_make_the_window_larger_than_the_screen() {
    let x = laptop_screen();
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    wait_for_fitting_size(&mut app, &x, window, (512, 320));
    // 1x → 2x → (3x does not fit) 1x → 2x.
    for zoom in [2u16, 1, 2] {
        x.focus(window);
        xdotool(&x, &["key", "F1"]);
        wait_for_fitting_size(&mut app, &x, window, (512 * zoom, 320 * zoom));
    }
    app.wait_for_picture(
        &x,
        window,
        &pictures::picture(512, 320).scaled(2),
        "f1-fit-2x",
    );
    // Ctrl+= is refused at 2x: the next Ctrl+- then lands on 1x, not 2x.
    x.focus(window);
    xdotool(&x, &["key", "ctrl+equal"]);
    x.focus(window);
    xdotool(&x, &["key", "ctrl+minus"]);
    wait_for_fitting_size(&mut app, &x, window, (512, 320));
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "ctrl-fit-1x");
}

/// Waits until the window's inside is `size` (without a window manager, nothing frames it).
fn wait_for_size(app: &mut App, x: &Xvfb, window: u32, size: (u16, u16)) {
    app.wait_for(
        &format!("a {}x{} window", size.0, size.1),
        REACT,
        || match x.size(window)? {
            now if now == size => Ok(()),
            now => Err(format!("window is {}x{}", now.0, now.1)),
        },
    );
}

#[test]
fn the_current_desktops_work_area_decides_the_zoom() {
    let x = Xvfb::start(1280, 800);
    x.set_root_cardinals("_NET_WORKAREA", &[0, 0, 1280, 800, 0, 0, 600, 400]);
    x.set_root_cardinals("_NET_CURRENT_DESKTOP", &[1]);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &["-3x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    // Desktop 1 leaves 600x400: 1x.
    wait_for_size(&mut app, &x, window, (512, 320));
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "work-area-1x");
}

#[test]
fn a_desktop_number_past_any_work_area_means_the_whole_monitor() {
    let x = Xvfb::start(1280, 800);
    x.set_root_cardinals("_NET_WORKAREA", &[0, 0, 600, 400]);
    // Times four, the number no longer fits 32 bits (wrapped, it would pick desktop 0).
    x.set_root_cardinals("_NET_CURRENT_DESKTOP", &[0x4000_0000]);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &["-3x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    // The whole 1280x800 monitor: 2x.
    wait_for_size(&mut app, &x, window, (1024, 640));
    app.wait_for_picture(
        &x,
        window,
        &pictures::picture(512, 320).scaled(2),
        "work-area-overflow-2x",
    );
}
