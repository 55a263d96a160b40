//! The pictures the test ROMs in roms/tests/gui draw, computed independently of the app: a
//! small model of the two Varvara screen layers with just the operations those ROMs use, and
//! one function per ROM that repeats its drawing.

use super::image::Image;

/// Two layers of colour indices; a foreground index 0 shows the background.
pub struct Layers {
    width: usize,
    height: usize,
    background: Vec<u8>,
    foreground: Vec<u8>,
}

impl Layers {
    pub fn new(width: usize, height: usize) -> Layers {
        Layers {
            width,
            height,
            background: vec![0; width * height],
            foreground: vec![0; width * height],
        }
    }

    fn put(&mut self, foreground: bool, x: usize, y: usize, colour: u8) {
        if x < self.width && y < self.height {
            let layer = if foreground {
                &mut self.foreground
            } else {
                &mut self.background
            };
            layer[y * self.width + x] = colour;
        }
    }

    /// A pixel-port write without auto-increment (`flags` as the port byte, fill bit clear).
    pub fn pixel(&mut self, x: usize, y: usize, flags: u8) {
        assert_eq!(flags & 0xb0, 0, "the model has only plain pixels here");
        self.put(flags & 0x40 != 0, x, y, flags & 3);
    }

    /// A pixel-port write with the fill bit: the rectangle from (x, y) to the right and
    /// bottom edges, or with flip-x/flip-y the part left of x / above y. Nothing at all
    /// when (x, y) is off the screen (Varvara 79K).
    pub fn fill(&mut self, x: usize, y: usize, flags: u8) {
        assert_eq!(flags & 0x80, 0x80);
        if x >= self.width || y >= self.height {
            return;
        }
        let xs = if flags & 0x10 != 0 {
            0..x
        } else {
            x..self.width
        };
        let ys = if flags & 0x20 != 0 {
            0..y
        } else {
            y..self.height
        };
        for py in ys {
            for px in xs.clone() {
                self.put(flags & 0x40 != 0, px, py, flags & 3);
            }
        }
    }

    /// One unflipped 8×8 sprite: 8 bytes (1bpp) or 16 bytes (2bpp, two planes), blended as
    /// the Varvara blend table says.
    pub fn sprite(&mut self, x: usize, y: usize, data: &[u8], flags: u8) {
        assert_eq!(flags & 0x30, 0, "the model draws no flipped sprites");
        const BLEND: [[u8; 16]; 4] = [
            [0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 0, 2, 3, 3, 3, 0],
            [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
            [1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1],
            [2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2],
        ];
        let two_bpp = flags & 0x80 != 0;
        let blend = (flags & 0xf) as usize;
        for row in 0..8 {
            for col in 0..8 {
                let bit = 7 - col;
                let mut value = (data[row] >> bit) & 1;
                if two_bpp {
                    value |= ((data[row + 8] >> bit) & 1) << 1;
                }
                if value != 0 || !blend.is_multiple_of(5) {
                    self.put(
                        flags & 0x40 != 0,
                        x + col,
                        y + row,
                        BLEND[value as usize][blend],
                    );
                }
            }
        }
    }

    /// The displayed picture.
    pub fn compose(&self, palette: [u32; 4]) -> Image {
        let mut image = Image::new(self.width, self.height, 0);
        for y in 0..self.height {
            for x in 0..self.width {
                let i = y * self.width + x;
                let index = if self.foreground[i] != 0 {
                    self.foreground[i]
                } else {
                    self.background[i]
                };
                image.set(x, y, palette[index as usize]);
            }
        }
        image
    }
}

/// Palette of picture.tal and picture-small.tal.
pub const PICTURE_PALETTE: [u32; 4] = [0x112233, 0xff8800, 0x00cc66, 0x4488ff];

/// picture.tal (512×320) and picture-small.tal (128×96): the drawing of picture-draw.tal.
pub fn picture(width: usize, height: usize) -> Image {
    let mut layers = Layers::new(width, height);
    layers.fill(16, 8, 0x81);
    layers.fill(8, 24, 0xb2);
    layers.sprite(
        24,
        16,
        &[0xfe, 0x80, 0x80, 0xf8, 0x80, 0x80, 0x80, 0x80],
        0x43,
    );
    let tile = [
        0x0f, 0x0f, 0x0f, 0x0f, 0x33, 0x33, 0x55, 0x55, 0x00, 0xff, 0x00, 0xff, 0x0f, 0xf0, 0x3c,
        0xc3,
    ];
    layers.sprite(40, 16, &tile, 0x81);
    layers.pixel(0, 0, 0x42);
    layers.pixel(width - 1, height - 1, 0x43);
    layers.compose(PICTURE_PALETTE)
}

/// second.tal: 96×64.
pub fn second() -> Image {
    let mut layers = Layers::new(96, 64);
    layers.fill(32, 16, 0x81);
    layers.fill(16, 0, 0x93);
    layers.pixel(50, 5, 0x02);
    layers.compose([0xff0000, 0x00ff00, 0x0000ff, 0xffffff])
}

/// audio.tal: 64×32, its right half in colour 1.
pub fn audio() -> Image {
    let mut layers = Layers::new(64, 32);
    layers.fill(32, 0, 0x81);
    layers.compose([0x000000, 0xffff00, 0x000000, 0x000000])
}

/// Palette of input.tal.
pub const INPUT_PALETTE: [u32; 4] = [0x222222, 0xffffff, 0x00ff00, 0xff0000];

/// resize.tal at `width`×`height`.
pub fn resized(width: usize, height: usize) -> Image {
    let mut layers = Layers::new(width, height);
    layers.fill(16, 16, 0x81);
    layers.pixel(width - 1, height - 1, 0x42);
    layers.compose([0x000000, 0xff0000, 0x00ff00, 0x0000ff])
}

/// walk.tal once its sprite has stopped at (120, 60).
pub fn walk() -> Image {
    let mut layers = Layers::new(128, 96);
    layers.fill(40, 0, 0x81);
    layers.fill(0, 48, 0x82);
    let tile = [
        0x0f, 0x0f, 0x0f, 0x0f, 0x33, 0x33, 0x55, 0x55, 0x00, 0xff, 0x00, 0xff, 0x0f, 0xf0, 0x3c,
        0xc3,
    ];
    layers.sprite(120, 60, &tile, 0xc1);
    layers.compose([0x000000, 0xffffff, 0x339955, 0xcccccc])
}
