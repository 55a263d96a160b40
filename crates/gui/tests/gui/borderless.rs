//! F12 under a window manager takes the window decorations away and brings them back.

use crate::support::app::App;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;
use crate::support::{REACT, START};

#[test]
fn f12_toggles_the_window_decorations() {
    let mut x = Xvfb::start(1280, 1024);
    x.start_window_manager();
    let x = &x;
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture-small", "picture-small.rom");
    let mut app = App::start(x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(x);
    // The window manager reports the size of its frame around the window (left, right, top,
    // bottom) in _NET_FRAME_EXTENTS.
    let extents = |decorated: bool| {
        move || -> Result<(), String> {
            let extents = x.cardinals(window, "_NET_FRAME_EXTENTS")?;
            let framed = extents.len() == 4 && extents.iter().any(|&e| e > 0);
            let bare = extents.len() == 4 && extents.iter().all(|&e| e == 0);
            if (decorated && framed) || (!decorated && bare) {
                Ok(())
            } else {
                Err(format!("_NET_FRAME_EXTENTS is {extents:?}"))
            }
        }
    };
    app.wait_for("a decorated window", START, extents(true));
    x.focus(window);
    xdotool(x, &["key", "F12"]);
    app.wait_for("the decorations gone", REACT, extents(false));
    x.focus(window);
    xdotool(x, &["key", "F12"]);
    app.wait_for("the decorations back", REACT, extents(true));
    // The window keeps its size throughout.
    assert_eq!(x.size(window).expect("geometry"), (128, 96));
}
