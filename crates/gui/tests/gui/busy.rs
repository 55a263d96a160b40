//! A ROM whose screen vector never ends does not freeze the app: the title says it is busy
//! and hotkeys still work.

use crate::support::REACT;
use crate::support::app::App;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

#[test]
fn an_endless_vector_leaves_the_window_responsive() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "busy", "busy.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    app.wait_for("\"busy\" in the title", REACT, || {
        let title = x.title(window)?;
        if title.contains("busy") {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });
    // F1 is handled between slices of the endless vector: the window doubles.
    x.focus(window);
    xdotool(&x, &["key", "F1"]);
    app.wait_for("the window to follow F1", REACT, || {
        match x.size(window)? {
            (128, 64) => Ok(()),
            (w, h) => Err(format!("window is {w}x{h}")),
        }
    });
}
