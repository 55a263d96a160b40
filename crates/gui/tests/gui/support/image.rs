//! Pictures as 0xRRGGBB pixels: scaling, pixel-exact comparison with a readable report, and
//! saving to PPM so a failed comparison can be looked at.

use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u32>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}x{})", self.width, self.height)
    }
}

impl Image {
    pub fn new(width: usize, height: usize, colour: u32) -> Image {
        Image {
            width,
            height,
            pixels: vec![colour; width * height],
        }
    }

    pub fn get(&self, x: usize, y: usize) -> u32 {
        self.pixels[y * self.width + x]
    }

    pub fn set(&mut self, x: usize, y: usize, colour: u32) {
        self.pixels[y * self.width + x] = colour;
    }

    /// Nearest-neighbour enlargement by an integer factor.
    pub fn scaled(&self, factor: usize) -> Image {
        let mut out = Image::new(self.width * factor, self.height * factor, 0);
        for y in 0..out.height {
            for x in 0..out.width {
                out.set(x, y, self.get(x / factor, y / factor));
            }
        }
        out
    }

    /// Copies `other` into this image with its top-left corner at (`left`, `top`).
    pub fn paste(&mut self, other: &Image, left: usize, top: usize) {
        for y in 0..other.height {
            for x in 0..other.width {
                self.set(left + x, top + y, other.get(x, y));
            }
        }
    }

    /// `Ok` if both images are identical, else a description of the differences: the sizes,
    /// or the number of differing pixels and the first few of them.
    pub fn compare(&self, expected: &Image) -> Result<(), String> {
        if (self.width, self.height) != (expected.width, expected.height) {
            return Err(format!(
                "window is {}x{}, expected {}x{}",
                self.width, self.height, expected.width, expected.height
            ));
        }
        let differing: Vec<usize> = (0..self.pixels.len())
            .filter(|&i| self.pixels[i] != expected.pixels[i])
            .collect();
        if differing.is_empty() {
            return Ok(());
        }
        let mut report = format!(
            "{} of {} pixels differ:",
            differing.len(),
            self.pixels.len()
        );
        for &i in differing.iter().take(6) {
            let _ = write!(
                report,
                " ({},{}) is #{:06x} not #{:06x};",
                i % self.width,
                i / self.width,
                self.pixels[i],
                expected.pixels[i]
            );
        }
        Err(report)
    }

    /// Writes the image as a binary PPM into the tests' scratch directory and returns its path.
    pub fn save(&self, name: &str) -> PathBuf {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.ppm"));
        let mut data = format!("P6\n{} {}\n255\n", self.width, self.height).into_bytes();
        for &p in &self.pixels {
            data.extend_from_slice(&[(p >> 16) as u8, (p >> 8) as u8, p as u8]);
        }
        let _ = std::fs::write(&path, data);
        path
    }
}
