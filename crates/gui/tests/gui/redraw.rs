//! Only what changed is presented: after a sprite walked over a background for 60 frames
//! at 2x, the window shows exactly the final picture (no trail, nothing missing), and
//! after an expose, which makes the app draw everything again, the same picture.

use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::xserver::Xvfb;

#[test]
fn a_walking_sprite_leaves_the_same_picture_as_a_full_redraw() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "walk", "walk.rom");
    let mut app = App::start(&x, dir.path(), &["-2x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    let expected = pictures::walk().scaled(2);
    app.wait_for_picture(&x, window, &expected, "walk-damage-only");
    // Magenta everywhere until the app draws it all again.
    x.expose(window, 0xff00ff);
    app.wait_for_picture(&x, window, &expected, "walk-after-expose");
}
