//! The window carries the application icon, assets/uxnemu.png, as `_NET_WM_ICON`.

use std::path::Path;

use crate::support::REACT;
use crate::support::app::App;
use crate::support::roms;
use crate::support::xserver::Xvfb;

#[test]
fn the_window_icon_is_the_asset_png() {
    let asset = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/uxnemu.png");
    let png = image::open(&asset)
        .expect("decode assets/uxnemu.png")
        .to_rgba8();
    // _NET_WM_ICON holds width, height, then ARGB pixels, for each size offered.
    let mut expected = vec![png.width(), png.height()];
    expected.extend(
        png.pixels()
            .map(|p| u32::from_be_bytes([p[3], p[0], p[1], p[2]])),
    );

    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    app.wait_for("a _NET_WM_ICON equal to assets/uxnemu.png", REACT, || {
        let data = x.cardinals(window, "_NET_WM_ICON")?;
        let mut sizes = Vec::new();
        let mut rest = data.as_slice();
        while let [width, height, ..] = *rest {
            let len = 2 + (width as usize) * (height as usize);
            if rest.len() < len {
                return Err(format!("truncated {width}x{height} icon"));
            }
            if rest[..len] == expected[..] {
                return Ok(());
            }
            sizes.push(format!("{width}x{height}"));
            rest = &rest[len..];
        }
        Err(format!("icons offered: {sizes:?}, none equal to the asset"))
    });
}
