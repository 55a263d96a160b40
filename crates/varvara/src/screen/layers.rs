//! The two drawing layers and the primitives that paint them.
//!
//! Both layers share one byte per pixel: bits 0–1 hold the background colour index and
//! bits 2–3 the foreground one, so composing a pixel is a single lookup in a 16-entry
//! colour table. Every primitive clips its rectangle once, then writes without further
//! bounds checks.

use super::dirty::Area;

/// One of the two drawing layers; the foreground covers the background wherever its
/// colour index is not 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Background,
    Foreground,
}

impl Layer {
    fn shift(self) -> u32 {
        match self {
            Layer::Background => 0,
            Layer::Foreground => 2,
        }
    }
}

/// Colour written for a sprite pixel of value `v` (row) with blend `b` (column).
const BLEND: [[u8; 16]; 4] = [
    [0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 0, 2, 3, 3, 3, 0],
    [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
    [1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1],
    [2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2],
];

/// One 8×8 tile, already flipped: `plane0[r]`/`plane1[r]` are screen row `r`, bit 7
/// the leftmost pixel; pixel value = plane0 bit | plane1 bit << 1.
pub(crate) struct Tile {
    pub plane0: [u8; 8],
    pub plane1: [u8; 8],
}

impl Tile {
    /// Decodes 1bpp (8 bytes) or 2bpp (16 bytes) sprite data and applies the flips.
    pub fn new(data: &[u8; 16], two_bpp: bool, flip_x: bool, flip_y: bool) -> Tile {
        let mut tile = Tile {
            plane0: [0; 8],
            plane1: [0; 8],
        };
        for row in 0..8 {
            let src = if flip_y { 7 - row } else { row };
            let flip = |b: u8| if flip_x { b.reverse_bits() } else { b };
            tile.plane0[row] = flip(data[src]);
            if two_bpp {
                tile.plane1[row] = flip(data[src + 8]);
            }
        }
        tile
    }
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Layers {
    width: usize,
    height: usize,
    cells: Vec<u8>,
}

impl Layers {
    pub fn new(width: usize, height: usize) -> Layers {
        Layers {
            width,
            height,
            cells: vec![0; width * height],
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// Cells in memory: exactly one per pixel.
    #[cfg(test)]
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// The colour indices of one whole layer, row-major. Eight cells at a time: tests
    /// compare millions of cells in unoptimised builds.
    #[cfg(test)]
    pub fn indices(&self, layer: Layer) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.cells.len());
        let chunks = self.cells.chunks_exact(8);
        let rest = chunks.remainder();
        for chunk in chunks {
            let word = u64::from_ne_bytes(chunk.try_into().expect("eight cells"));
            let indices = (word >> layer.shift()) & 0x0303_0303_0303_0303;
            out.extend_from_slice(&indices.to_ne_bytes());
        }
        out.extend(rest.iter().map(|c| (c >> layer.shift()) & 3));
        out
    }

    pub fn whole(&self) -> Area {
        Area {
            x0: 0,
            y0: 0,
            x1: self.width,
            y1: self.height,
        }
    }

    /// Colour index of one pixel of one layer (tests and inspection).
    pub fn get(&self, layer: Layer, x: usize, y: usize) -> u8 {
        (self.cells[y * self.width + x] >> layer.shift()) & 3
    }

    /// Paints one pixel if it is on the screen.
    pub fn pixel(&mut self, layer: Layer, x: i32, y: i32, colour: u8) -> Option<Area> {
        let (x, y) = (usize::try_from(x).ok()?, usize::try_from(y).ok()?);
        if x >= self.width || y >= self.height {
            return None;
        }
        let area = Area {
            x0: x,
            y0: y,
            x1: x + 1,
            y1: y + 1,
        };
        self.fill(layer, area, colour);
        Some(area)
    }

    /// Paints `area`, which must lie inside the screen.
    pub fn fill(&mut self, layer: Layer, area: Area, colour: u8) {
        let shift = layer.shift();
        let keep = !(3u8 << shift);
        let value = (colour & 3) << shift;
        for y in area.y0..area.y1 {
            let row = &mut self.cells[y * self.width..][area.x0..area.x1];
            for cell in row {
                *cell = (*cell & keep) | value;
            }
        }
    }

    /// Clips the rectangle `x0..x1` × `y0..y1` (any coordinates) to the screen.
    pub fn clip(&self, x0: i32, y0: i32, x1: i32, y1: i32) -> Option<Area> {
        let clamp_x = |v: i32| v.clamp(0, self.width as i32) as usize;
        let clamp_y = |v: i32| v.clamp(0, self.height as i32) as usize;
        let area = Area {
            x0: clamp_x(x0),
            y0: clamp_y(y0),
            x1: clamp_x(x1),
            y1: clamp_y(y1),
        };
        (area.x0 < area.x1 && area.y0 < area.y1).then_some(area)
    }

    /// Draws an 8×8 tile with its top-left corner at (`x`, `y`). Pixels of value 0 are
    /// left alone for the blends 0, 5, a and f; everything else is written.
    pub fn tile(&mut self, layer: Layer, x: i32, y: i32, tile: &Tile, blend: u8) -> Option<Area> {
        let area = self.clip(x, y, x + 8, y + 8)?;
        let blend = (blend & 0xf) as usize;
        let shift = layer.shift();
        let keep = !(3u8 << shift);
        let colours: [u8; 4] = std::array::from_fn(|v| BLEND[v][blend] << shift);
        let transparent_zero = blend.is_multiple_of(5);
        // Offsets of the visible part inside the tile.
        let col0 = (area.x0 as i32 - x) as u32;
        let row0 = (area.y0 as i32 - y) as usize;
        for (r, screen_y) in (row0..).zip(area.y0..area.y1) {
            // Shift the visible columns to the top of the byte: bit 7 = first column.
            let p0 = tile.plane0[r] << col0;
            let p1 = tile.plane1[r] << col0;
            let row = &mut self.cells[screen_y * self.width..][area.x0..area.x1];
            for (c, cell) in row.iter_mut().enumerate() {
                let bit = 7 - c as u32;
                let v = ((p0 >> bit) & 1 | ((p1 >> bit) & 1) << 1) as usize;
                if v != 0 || !transparent_zero {
                    *cell = (*cell & keep) | colours[v];
                }
            }
        }
        Some(area)
    }

    /// Writes the colours of `area` into `frame` (same size as the layers), using
    /// `table[cell]` for every cell.
    pub fn compose(&self, area: Area, table: &[u32; 16], frame: &mut [u32]) {
        for y in area.y0..area.y1 {
            let start = y * self.width;
            let cells = &self.cells[start..][area.x0..area.x1];
            let out = &mut frame[start..][area.x0..area.x1];
            for (pixel, &cell) in out.iter_mut().zip(cells) {
                *pixel = table[(cell & 0xf) as usize];
            }
        }
    }
}

/// The 16-entry table [`Layers::compose`] uses: foreground index 0 shows the background.
pub(crate) fn colour_table(palette: &[u32; 4]) -> [u32; 16] {
    std::array::from_fn(|cell| {
        let (bg, fg) = (cell & 3, cell >> 2);
        palette[if fg != 0 { fg } else { bg }]
    })
}
