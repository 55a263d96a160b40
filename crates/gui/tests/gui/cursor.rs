//! The system cursor is hidden over the window (ROMs draw their own) and shown elsewhere.

use crate::support::REACT;
use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

#[test]
fn the_cursor_is_hidden_over_the_window_only() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture-small", "picture-small.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::picture(128, 96), "cursor-picture");

    let over = |inside: bool| {
        let x = &x;
        move || -> Result<(), String> {
            let visible = x.cursor_visible()?;
            if visible != inside {
                Ok(())
            } else {
                Err(format!("cursor visible: {visible}"))
            }
        }
    };
    let window_id = window.to_string();
    xdotool(&x, &["mousemove", "--window", &window_id, "20", "20"]);
    app.wait_for("no cursor over the window", REACT, over(true));
    // The window sits at the top left without a window manager; 128x96 leaves room.
    xdotool(&x, &["mousemove", "--screen", "0", "1000", "900"]);
    app.wait_for("the cursor outside the window", REACT, over(false));
    xdotool(&x, &["mousemove", "--window", &window_id, "60", "40"]);
    app.wait_for("no cursor over the window again", REACT, over(true));
}
