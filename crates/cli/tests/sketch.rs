//! roms/examples/sketch.tal, a drawing program in Uxntal 54K, run headless from its source on
//! both engines: scripted mouse strokes, inks picked with a key and on the strip, a wider brush,
//! an erasing stroke and a stroke painted with the arrows while A is held. The screenshot and
//! the picture saved with `s` are compared with what a model of the program paints; opening
//! the saved file with `o` in a fresh run shows the same picture.

use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTH: usize = 256;
const HEIGHT: usize = 192;
/// The canvas is the screen below the 16-pixel strip.
const TOP: usize = 16;
/// Paper, ink, red and blue, as the program sets its palette.
const PALETTE: [[u8; 3]; 4] = [
    [0xff, 0xee, 0xdd],
    [0x22, 0x22, 0x22],
    [0xee, 0x44, 0x44],
    [0x33, 0x77, 0xee],
];
/// Where the pointer rests at the end: its sprite covers the 8×8 pixels from there, its tip
/// in ink.
const REST: (usize, usize) = (200, 180);

const SCRIPT: &str = "\
0 mouse 200 180
# a stroke in ink, the brush two pixels wide
1 mouse 40 60
2 mousedown left
3 mouse 100 60
4 mouseup left
# red, then a stroke down
5 key 2
6 mouse 150 40
7 mousedown left
8 mouse 150 120
9 mouseup left
# three pixels wide: a stroke with a bend
10 key ]
11 mouse 160 30
12 mousedown left
13 mouse 230 100
14 mouse 250 170
15 mouseup left
# back to two, and the right button paints paper across two strokes
16 key [
17 mouse 70 50
18 mousedown right
19 mouse 70 160
20 mouseup right
# blue from the strip, then A held and the right arrow for ten frames
21 mouse 52 6
22 mousedown left
23 mouseup left
24 mouse 20 100
25 press a
26 press right
36 release right
37 release a
38 mouse 200 180
39 key s
";

/// The canvas as the program should have painted it, one colour index per screen pixel.
struct Canvas(Vec<u8>);

impl Canvas {
    fn blank() -> Canvas {
        Canvas(vec![0; WIDTH * HEIGHT])
    }

    /// The brush's square with its top-left corner at (x, y), clipped to the canvas.
    fn dab(&mut self, x: i32, y: i32, width: i32, colour: u8) {
        for py in y..y + width {
            for px in x..x + width {
                if (0..WIDTH as i32).contains(&px) && (TOP as i32..HEIGHT as i32).contains(&py) {
                    self.0[py as usize * WIDTH + px as usize] = colour;
                }
            }
        }
    }

    /// Dabs on every point of the line from `from` to `to`, ends included (Bresenham).
    fn stroke(&mut self, from: (i32, i32), to: (i32, i32), width: i32, colour: u8) {
        let (mut x, mut y) = from;
        let (dx, dy) = ((to.0 - x).abs(), -(to.1 - y).abs());
        let (sx, sy) = ((to.0 - x).signum(), (to.1 - y).signum());
        let mut err = dx + dy;
        loop {
            self.dab(x, y, width, colour);
            if (x, y) == to {
                return;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// What `SCRIPT` paints.
    fn scripted() -> Canvas {
        let mut canvas = Canvas::blank();
        canvas.stroke((40, 60), (100, 60), 2, 1);
        canvas.stroke((150, 40), (150, 120), 2, 2);
        canvas.stroke((160, 30), (230, 100), 3, 2);
        canvas.stroke((230, 100), (250, 170), 3, 2);
        canvas.stroke((70, 50), (70, 160), 2, 0);
        // The pen moves a pixel in each of the ten frames the arrow is held.
        canvas.stroke((20, 100), (30, 100), 2, 3);
        canvas
    }

    /// The picture as the program saves it: 2bpp tiles, 32 columns by 22 rows, each tile
    /// its eight low-bit rows then its eight high-bit rows.
    fn tiles(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for row in 0..(HEIGHT - TOP) / 8 {
            for column in 0..WIDTH / 8 {
                for plane in 0..2 {
                    for line in 0..8 {
                        let y = TOP + row * 8 + line;
                        let byte = (0..8).fold(0u8, |byte, bit| {
                            let colour = self.0[y * WIDTH + column * 8 + bit];
                            byte | ((colour >> plane) & 1) << (7 - bit)
                        });
                        bytes.push(byte);
                    }
                }
            }
        }
        bytes
    }

    /// Compares the canvas part of a screenshot with this one. The pointer sprite at `REST`
    /// is left out, except its tip.
    fn check(&self, png: &Path, what: &str) {
        let image = image::open(png)
            .unwrap_or_else(|e| panic!("{what}: {}: {e}", png.display()))
            .to_rgb8();
        assert_eq!(
            image.dimensions(),
            (WIDTH as u32, HEIGHT as u32),
            "{what}: screen size"
        );
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
                let shown = image.get_pixel(x as u32, y as u32).0;
                if shown != PALETTE[index as usize] {
                    wrong.push(format!("({x},{y}) is {shown:02x?} not colour {index}"));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{what}: {} pixels differ: {}",
            wrong.len(),
            wrong[..wrong.len().min(6)].join("; ")
        );
    }
}

fn sketch() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/examples/sketch.tal")
}

/// Runs sketch.tal headless in `dir` (where the File device reads and writes) and returns
/// the screenshot's path.
fn run(dir: &Path, backend: &str, frames: u32, script: &str) -> PathBuf {
    let input = dir.join("input.txt");
    std::fs::write(&input, script).unwrap();
    let png = dir.join("shot.png");
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .current_dir(dir)
        .args(["--backend", backend, "--frames", &frames.to_string()])
        .arg("--input")
        .arg(&input)
        .arg("--screenshot")
        .arg(&png)
        .arg(sketch())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "uxncli --backend {backend} sketch.tal failed with {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    png
}

fn paints_saves_and_opens(backend: &str) {
    let dir = tempfile::tempdir().unwrap();
    let expected = Canvas::scripted();

    let shot = run(dir.path(), backend, 41, SCRIPT);
    expected.check(&shot, &format!("{backend}: the scripted strokes"));
    let image = image::open(&shot).unwrap().to_rgb8();
    let marks: Vec<u32> = (1..=3)
        .filter(|k| image.get_pixel(16 * k + 7, 11).0 == PALETTE[1])
        .collect();
    assert_eq!(marks, [3], "{backend}: the strip marks the blue ink alone");

    let saved = std::fs::read(dir.path().join("sketch.chr")).expect("s saves sketch.chr");
    assert_eq!(saved.len(), 704 * 16, "{backend}: size of sketch.chr");
    assert!(
        saved == expected.tiles(),
        "{backend}: sketch.chr does not hold the painted tiles"
    );

    let shot = run(dir.path(), backend, 3, "0 mouse 200 180\n1 key o\n");
    expected.check(&shot, &format!("{backend}: sketch.chr opened with o"));
}

#[test]
fn sketch_tal_paints_saves_and_opens_on_the_tailcall_engine() {
    paints_saves_and_opens("tailcall");
}

#[test]
fn sketch_tal_paints_saves_and_opens_on_the_match_engine() {
    paints_saves_and_opens("match");
}
