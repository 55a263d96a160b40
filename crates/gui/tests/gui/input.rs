//! Keyboard and mouse input reaches the ROM as the Controller and Mouse devices describe:
//! input.tal draws what it receives as rows of pixels, which the test reads back from the
//! window at zoom 2.

use crate::support::REACT;
use crate::support::app::App;
use crate::support::image::Image;
use crate::support::pictures::INPUT_PALETTE;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

const ZOOM: usize = 2;
const BUTTONS: usize = 0;
const KEY: usize = 1;
const KEY_COUNT: usize = 2;
const MOUSE_X: usize = 4;
const MOUSE_Y: usize = 5;
const MOUSE_STATE: usize = 6;
const SCROLL_Y: usize = 7;

/// The screen pixel (x, y) of the zoomed window as a palette index.
fn colour_index(image: &Image, x: usize, y: usize) -> Result<u8, String> {
    if image.width != 64 * ZOOM || image.height != 48 * ZOOM {
        return Err(format!(
            "window is {}x{}, expected {}x{}",
            image.width,
            image.height,
            64 * ZOOM,
            48 * ZOOM
        ));
    }
    let colour = image.get(x * ZOOM, y * ZOOM);
    INPUT_PALETTE
        .iter()
        .position(|&c| c == colour)
        .map(|i| i as u8)
        .ok_or_else(|| format!("pixel {x},{y} has colour #{colour:06x}, not one of the palette"))
}

/// Row `row` of input.tal's display: bit 7 at x=0, colour 1 = set.
fn row_byte(image: &Image, row: usize) -> Result<u8, String> {
    let mut byte = 0;
    for bit in 0..8 {
        match colour_index(image, bit, row)? {
            0 => {}
            1 => byte |= 0x80 >> bit,
            other => return Err(format!("row {row} bit {bit} has colour {other}")),
        }
    }
    Ok(byte)
}

struct Rig {
    x: Xvfb,
    app: App,
    window: u32,
    _dir: tempfile::TempDir,
}

fn start() -> Rig {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "input", "input.rom");
    let mut app = App::start(&x, dir.path(), &["-2x".as_ref(), rom.as_os_str()]);
    let window = app.window(&x);
    // The ROM marks the bottom-right pixel with colour 2 once it runs.
    app.wait_for("input.tal's ready mark", REACT, || {
        let image = x.grab(window)?;
        match colour_index(&image, 63, 47)? {
            2 => Ok(()),
            other => Err(format!("corner has colour {other}")),
        }
    });
    x.focus(window);
    Rig {
        x,
        app,
        window,
        _dir: dir,
    }
}

impl Rig {
    fn xdotool(&self, args: &[&str]) {
        xdotool(&self.x, args);
    }

    /// Waits until row `row` shows `expected`; `what` names the input in the message.
    fn expect_row(&mut self, what: &str, row: usize, expected: u8) {
        let (x, window) = (&self.x, self.window);
        self.app.wait_for(
            &format!("{what}: row {row} = {expected:02x}"),
            REACT,
            || {
                let image = x.grab(window)?;
                match row_byte(&image, row)? {
                    b if b == expected => Ok(()),
                    b => Err(format!("row {row} shows {b:02x}")),
                }
            },
        );
    }

    fn expect_pixel(&mut self, what: &str, px: usize, py: usize, expected: u8) {
        let (x, window) = (&self.x, self.window);
        self.app.wait_for(what, REACT, || {
            let image = x.grab(window)?;
            match colour_index(&image, px, py)? {
                c if c == expected => Ok(()),
                c => Err(format!("pixel {px},{py} has colour {c}")),
            }
        });
    }
}

#[test]
fn keys_reach_the_controller_as_buttons_and_characters() {
    let mut rig = start();
    for (key, mask) in [
        ("Control_L", 0x01),
        ("Alt_L", 0x02),
        ("Shift_L", 0x04),
        ("Home", 0x08),
        ("Up", 0x10),
        ("Down", 0x20),
        ("Left", 0x40),
        ("Right", 0x80),
    ] {
        rig.xdotool(&["keydown", key]);
        rig.expect_row(&format!("{key} held"), BUTTONS, mask);
        rig.xdotool(&["keyup", key]);
        rig.expect_row(&format!("{key} released"), BUTTONS, 0x00);
    }
    // Two buttons at once.
    rig.xdotool(&["keydown", "Control_L", "keydown", "Right"]);
    rig.expect_row("Left Ctrl and Right held", BUTTONS, 0x81);
    rig.xdotool(&["keyup", "Right", "keyup", "Control_L"]);
    rig.expect_row("both released", BUTTONS, 0x00);

    // Characters: each one is one key event (the count row proves none is lost or doubled).
    for (count, (key, code)) in [
        ("a", 0x61),
        ("Return", 0x0d),
        ("BackSpace", 0x08),
        ("Tab", 0x09),
        ("Escape", 0x1b),
        ("Delete", 0x7f),
        ("space", 0x20),
    ]
    .into_iter()
    .enumerate()
    {
        rig.xdotool(&["key", key]);
        rig.expect_row(&format!("key {key}"), KEY, code);
        rig.expect_row(&format!("key {key}"), KEY_COUNT, count as u8 + 1);
    }
    // Typed text arrives byte by byte; Ctrl+letter arrives as the letter.
    rig.xdotool(&["type", "Q"]);
    rig.expect_row("typing Q", KEY, b'Q');
    rig.xdotool(&["key", "ctrl+x"]);
    rig.expect_row("Ctrl+x", KEY, b'x');
    // Left Shift with Q: Select press, the letter, Select release — 9 key events so far.
    rig.expect_row("key events counted", KEY_COUNT, 9);
    rig.expect_row("no button left held", BUTTONS, 0x00);
}

#[test]
fn mouse_reaches_the_rom_in_screen_pixels_at_zoom_2() {
    let mut rig = start();
    // Window pixel (81, 61) is screen pixel (40, 30) at zoom 2.
    rig.xdotool(&["mousemove", "--window", &rig.window.to_string(), "81", "61"]);
    rig.expect_row("pointer x", MOUSE_X, 40);
    rig.expect_row("pointer y", MOUSE_Y, 30);
    rig.expect_pixel("the pointer pixel at 40,30", 40, 30, 3);
    rig.xdotool(&[
        "mousemove",
        "--window",
        &rig.window.to_string(),
        "100",
        "20",
    ]);
    rig.expect_row("pointer x", MOUSE_X, 50);
    rig.expect_row("pointer y", MOUSE_Y, 10);
    rig.expect_pixel("the pointer pixel at 50,10", 50, 10, 3);
    rig.expect_pixel("the old pointer pixel erased", 40, 30, 0);

    for (button, bit) in [("1", 0x01), ("2", 0x02), ("3", 0x04)] {
        rig.xdotool(&["mousedown", button]);
        rig.expect_row(&format!("button {button} held"), MOUSE_STATE, bit);
        rig.xdotool(&["mouseup", button]);
        rig.expect_row(&format!("button {button} released"), MOUSE_STATE, 0);
    }
    // Wheel away from the user (X button 4) is scrolly -1, towards (5) is +1.
    rig.xdotool(&["click", "4"]);
    rig.expect_row("wheel up", SCROLL_Y, 0xff);
    rig.xdotool(&["click", "5"]);
    rig.expect_row("wheel down", SCROLL_Y, 0x01);
}
