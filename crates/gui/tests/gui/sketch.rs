//! roms/examples/sketch.tal, a drawing program in Uxntal 54K, opened straight from its source:
//! it is titled "Sketch" and a user can paint with the mouse and with the keys, pick inks from
//! the keys and the strip on top, erase and clear, with every painted pixel checked in the
//! window at zoom 2. Dropping the
//! source on another ROM's window starts it too.

use std::path::PathBuf;

use crate::support::REACT;
use crate::support::app::App;
use crate::support::image::Image;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xdnd::{self, Outcome};
use crate::support::xserver::Xvfb;

const ZOOM: usize = 2;
const WIDTH: usize = 256;
const HEIGHT: usize = 192;
/// The canvas is the screen below the 16-pixel strip.
const TOP: usize = 16;
/// Paper, ink, red and blue, as the program sets its palette.
const PALETTE: [u32; 4] = [0xffeedd, 0x222222, 0xee4444, 0x3377ee];
/// The brush starts two pixels wide.
const BRUSH: usize = 2;
/// Where the pointer rests between strokes: its sprite covers the 8×8 pixels from there.
const REST: (usize, usize) = (200, 180);

fn sketch() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../roms/examples/sketch.tal");
    path.canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The canvas as the program should have painted it, one colour index per screen pixel.
struct Canvas(Vec<u8>);

impl Canvas {
    fn blank() -> Canvas {
        Canvas(vec![0; WIDTH * HEIGHT])
    }

    /// A straight stroke along a row or a column: the brush's square at every point.
    fn stroke(&mut self, from: (usize, usize), to: (usize, usize), colour: u8) {
        assert!(from.0 == to.0 || from.1 == to.1, "only straight strokes");
        for y in from.1.min(to.1)..=from.1.max(to.1) + BRUSH - 1 {
            for x in from.0.min(to.0)..=from.0.max(to.0) + BRUSH - 1 {
                if x < WIDTH && (TOP..HEIGHT).contains(&y) {
                    self.0[y * WIDTH + x] = colour;
                }
            }
        }
    }

    /// Compares the canvas part of the window with this one. The pointer sprite at `REST`
    /// is left out, except its tip, which is drawn in ink.
    fn check(&self, image: &Image) -> Result<(), String> {
        if (image.width, image.height) != (WIDTH * ZOOM, HEIGHT * ZOOM) {
            return Err(format!("window is {}x{}", image.width, image.height));
        }
        let mut wrong = Vec::new();
        for y in TOP..HEIGHT {
            for x in 0..WIDTH {
                let under_pointer = (REST.0..REST.0 + 8).contains(&x)
                    && (REST.1..REST.1 + 8).contains(&y)
                    && (x, y) != REST;
                if under_pointer {
                    continue;
                }
                let index = if (x, y) == REST {
                    1
                } else {
                    self.0[y * WIDTH + x]
                };
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let shown = image.get(x * ZOOM + dx, y * ZOOM + dy);
                    if shown != PALETTE[index as usize] {
                        wrong.push(format!(
                            "({x},{y}) is #{shown:06x} not colour {index} #{:06x}",
                            PALETTE[index as usize]
                        ));
                        break;
                    }
                }
            }
        }
        match wrong.len() {
            0 => Ok(()),
            n => Err(format!(
                "{n} pixels differ: {}",
                wrong[..n.min(4)].join("; ")
            )),
        }
    }
}

struct Rig {
    x: Xvfb,
    app: App,
    window: u32,
    _dir: tempfile::TempDir,
}

impl Rig {
    /// Window coordinates of the centre of a screen pixel.
    fn at(&self, (x, y): (usize, usize)) -> [String; 5] {
        [
            "mousemove".into(),
            "--window".into(),
            self.window.to_string(),
            (x * ZOOM + 1).to_string(),
            (y * ZOOM + 1).to_string(),
        ]
    }

    /// Presses mouse `button` at `from`, drags to `to`, releases and moves the pointer aside.
    fn drag(&self, button: &str, from: (usize, usize), to: (usize, usize)) {
        let mut args: Vec<String> = Vec::new();
        args.extend(self.at(from));
        args.extend(["mousedown".into(), button.into()]);
        args.extend(self.at(to));
        args.extend(["mouseup".into(), button.into()]);
        args.extend(self.at(REST));
        xdotool(
            &self.x,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }

    fn click(&self, at: (usize, usize)) {
        let mut args: Vec<String> = self.at(at).into();
        args.extend(["click".into(), "1".into()]);
        args.extend(self.at(REST));
        xdotool(
            &self.x,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }

    fn expect(&mut self, what: &str, canvas: &Canvas) {
        let (x, window) = (&self.x, self.window);
        self.app
            .wait_for(what, REACT, || canvas.check(&x.grab(window)?));
    }

    /// Waits until the mark on the strip is under the swatch of ink `colour` alone.
    fn expect_mark(&mut self, colour: usize) {
        let (x, window) = (&self.x, self.window);
        self.app
            .wait_for(&format!("the mark under ink {colour}"), REACT, || {
                let image = x.grab(window)?;
                let marked: Vec<usize> = (1..=3)
                    .filter(|k| image.get((16 * k + 7) * ZOOM, 11 * ZOOM) == PALETTE[1])
                    .collect();
                if marked == [colour] {
                    Ok(())
                } else {
                    Err(format!("marked swatches: {marked:?}"))
                }
            });
    }
}

#[test]
fn sketch_tal_opens_titled_and_paints_picks_inks_erases_and_clears() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let source = sketch();
    let mut app = App::start(&x, dir.path(), &["-2x".as_ref(), source.as_os_str()]);
    let window = app.window(&x);
    app.wait_for("the title Sketch", REACT, || match x.title(window)? {
        title if title == "Sketch" => Ok(()),
        title => Err(format!("title is {title:?}")),
    });
    x.focus(window);
    let mut rig = Rig {
        x,
        app,
        window,
        _dir: dir,
    };
    let mut canvas = Canvas::blank();
    // The pointer is parked first, so the pen's starting place shows no sprite.
    xdotool(
        &rig.x,
        &rig.at(REST).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    rig.expect("a blank canvas", &canvas);
    rig.expect_mark(1);

    rig.drag("1", (40, 60), (100, 60));
    canvas.stroke((40, 60), (100, 60), 1);
    rig.expect("a stroke in ink", &canvas);

    xdotool(&rig.x, &["key", "2"]);
    rig.expect_mark(2);
    rig.drag("1", (150, 40), (150, 120));
    canvas.stroke((150, 40), (150, 120), 2);
    rig.expect("a stroke in red after the key 2", &canvas);

    // The third swatch of the strip, clicked.
    rig.click((52, 6));
    rig.expect_mark(3);
    rig.drag("1", (20, 150), (120, 150));
    canvas.stroke((20, 150), (120, 150), 3);
    rig.expect("a stroke in blue after clicking its swatch", &canvas);

    // The pen on the canvas, A (Left Ctrl) held and the right arrow held: the pen moves a
    // pixel a frame, painting, for as long as the key is down.
    let start = (20, 100);
    xdotool(
        &rig.x,
        &rig.at(start).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    xdotool(&rig.x, &["keydown", "Control_L", "keydown", "Right"]);
    let (x, window) = (&rig.x, rig.window);
    rig.app
        .wait_for("the pen painting to the right", REACT, || {
            match x.grab(window)?.get((start.0 + 10) * ZOOM, start.1 * ZOOM) {
                blue if blue == PALETTE[3] => Ok(()),
                other => Err(format!("10 pixels right of the start is #{other:06x}")),
            }
        });
    xdotool(&rig.x, &["keyup", "Right", "keyup", "Control_L"]);
    xdotool(
        &rig.x,
        &rig.at(REST).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    // How far it went depends on how long the key was down: up to the last blue pixel on the
    // row, once the pointer shows at REST (so the key releases were handled before it).
    let (x, window) = (&rig.x, rig.window);
    canvas = rig
        .app
        .wait_for("a stroke in blue painted with the keys", REACT, || {
            let image = x.grab(window)?;
            let last = (start.0..WIDTH)
                .take_while(|&x| image.get(x * ZOOM, start.1 * ZOOM) == PALETTE[3])
                .last()
                .ok_or("no blue at the start")?;
            let mut expected = Canvas(canvas.0.clone());
            expected.stroke(start, (last + 1 - BRUSH, start.1), 3);
            expected.check(&image).map(|()| expected)
        });

    rig.drag("3", (70, 50), (70, 160));
    canvas.stroke((70, 50), (70, 160), 0);
    rig.expect("a cut through two strokes with the right button", &canvas);

    xdotool(&rig.x, &["key", "c"]);
    rig.expect("a blank canvas after c", &Canvas::blank());
}

#[test]
fn sketch_tal_dropped_on_another_rom_starts() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let first = roms::write(dir.path(), "picture", "picture.rom");
    let mut app = App::start(&x, dir.path(), &[first.as_os_str()]);
    let window = app.window(&x);
    app.wait_for("the first ROM's title", REACT, || {
        match x.title(window)? {
            title if title.contains("GUI picture") => Ok(()),
            title => Err(format!("title is {title:?}")),
        }
    });
    let outcome = xdnd::drop_file(&x, window, 10, 10, &sketch())
        .unwrap_or_else(|e| panic!("dropping sketch.tal failed: {e}"));
    assert_eq!(outcome, Outcome::Finished { accepted: true });
    app.wait_for("Sketch running", REACT, || {
        let title = x.title(window)?;
        if title != "Sketch" {
            return Err(format!("title is {title:?}"));
        }
        // At zoom 1: the ink line under the strip, paper below it.
        let image = x.grab(window)?;
        if (image.width, image.height) != (WIDTH, HEIGHT) {
            return Err(format!("window is {}x{}", image.width, image.height));
        }
        match (image.get(30, 15), image.get(30, 16)) {
            (line, paper) if line == PALETTE[1] && paper == PALETTE[0] => Ok(()),
            (line, paper) => Err(format!("line #{line:06x}, below it #{paper:06x}")),
        }
    });
}
