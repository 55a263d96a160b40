//! Screen device (ports 20–2f): two layers of 2-bit colour indices, drawn with pixel,
//! fill and sprite commands (varvara.md §3).

mod dirty;
mod layers;
#[cfg(test)]
mod tests;

pub use dirty::{Area, Rect};
pub use layers::Layer;

use uxn_core::Uxn;

use dirty::Dirty;
use layers::{Layers, Tile, colour_table};

/// Port layout of the Screen device.
pub(crate) mod port {
    use crate::ports::Short;

    pub const VECTOR: Short = Short(0x20);
    /// Resizes on the low byte; reads give the actual size.
    pub const WIDTH: Short = Short(0x22);
    pub const HEIGHT: Short = Short(0x24);
    /// Auto-increment flags and sprite count, latched on write.
    pub const AUTO: u8 = 0x26;
    /// Signed position and the sprite address: internal registers set by either byte.
    pub const X: Short = Short(0x28);
    pub const Y: Short = Short(0x2a);
    pub const ADDR: Short = Short(0x2c);
    pub const PIXEL: u8 = 0x2e;
    pub const SPRITE: u8 = 0x2f;
}

/// Size before any ROM code runs, and after a reboot.
pub(crate) const DEFAULT_SIZE: (u16, u16) = (512, 320);
const MIN_SIDE: u16 = 8;
const MAX_SIDE: u16 = 0x800;

/// Bits of the auto byte.
const AUTO_X: u8 = 0x01;
const AUTO_Y: u8 = 0x02;
const AUTO_ADDR: u8 = 0x04;

/// The bits shared by pixel and sprite command bytes.
struct Command {
    layer: Layer,
    flip_y: bool,
    flip_x: bool,
}

impl Command {
    fn new(byte: u8) -> Command {
        let layer = if byte & 0x40 != 0 {
            Layer::Foreground
        } else {
            Layer::Background
        };
        Command {
            layer,
            flip_y: byte & 0x20 != 0,
            flip_x: byte & 0x10 != 0,
        }
    }
}

pub(crate) struct Screen {
    /// Latched on a write of the vector's low byte.
    pub vector: u16,
    layers: Layers,
    x: i16,
    y: i16,
    addr: u16,
    auto: u8,
    colours: [u32; 16],
    frame: Vec<u32>,
    /// Area `frame` does not show yet.
    to_compose: Dirty,
    /// Area changed since the host last asked.
    to_host: Dirty,
}

impl Screen {
    /// A blank screen of the default size with an all-black palette.
    pub fn new() -> Screen {
        let (w, h) = (DEFAULT_SIZE.0 as usize, DEFAULT_SIZE.1 as usize);
        let layers = Layers::new(w, h);
        let mut screen = Screen {
            vector: 0,
            layers,
            x: 0,
            y: 0,
            addr: 0,
            auto: 0,
            colours: [0; 16],
            frame: vec![0; w * h],
            to_compose: Dirty::default(),
            to_host: Dirty::default(),
        };
        screen.mark_all();
        screen
    }

    /// Reboot: forgets the vector, registers and palette and returns to the default
    /// size. As in the reference, the layers survive when the size did not change.
    pub fn reboot(&mut self) {
        self.vector = 0;
        (self.x, self.y, self.addr, self.auto) = (0, 0, 0, 0);
        self.set_palette([0; 4]);
        self.resize(DEFAULT_SIZE.0, DEFAULT_SIZE.1);
    }

    pub fn size(&self) -> (u16, u16) {
        (self.layers.width() as u16, self.layers.height() as u16)
    }

    /// Sets the size, each side clamped to 8–2048; clears both layers only if it changed.
    pub fn resize(&mut self, width: u16, height: u16) {
        let (width, height) = (
            width.clamp(MIN_SIDE, MAX_SIDE),
            height.clamp(MIN_SIDE, MAX_SIDE),
        );
        if (width, height) == self.size() {
            return;
        }
        self.layers = Layers::new(width as usize, height as usize);
        self.frame = vec![0; width as usize * height as usize];
        self.to_compose = Dirty::default();
        self.to_host = Dirty::default();
        self.mark_all();
    }

    /// New colours; the layers hold indices, so the whole screen changes.
    pub fn set_palette(&mut self, palette: [u32; 4]) {
        self.colours = colour_table(&palette);
        self.mark_all();
    }

    /// The composited picture, 0x00RRGGBB, row-major.
    pub fn pixels(&mut self) -> &[u32] {
        if let Some(area) = self.to_compose.take() {
            self.layers.compose(area, &self.colours, &mut self.frame);
        }
        &self.frame
    }

    pub fn take_dirty(&mut self) -> Option<Rect> {
        self.to_host.take().map(Area::rect)
    }

    /// Colour index at (`x`, `y`) of one layer, `None` off-screen.
    pub fn layer_pixel(&self, layer: Layer, x: u16, y: u16) -> Option<u8> {
        let (w, h) = self.size();
        (x < w && y < h).then(|| self.layers.get(layer, x as usize, y as usize))
    }

    pub fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let (width, height) = self.size();
        let (short, value) = match port {
            p if port::WIDTH.contains(p) => (port::WIDTH, width),
            p if port::HEIGHT.contains(p) => (port::HEIGHT, height),
            p if port::X.contains(p) => (port::X, self.x as u16),
            p if port::Y.contains(p) => (port::Y, self.y as u16),
            p if port::ADDR.contains(p) => (port::ADDR, self.addr),
            _ => return vm.dev[port as usize],
        };
        short.byte_of(port, value)
    }

    pub fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let dev = &vm.dev;
        match port {
            p if p == port::VECTOR.lo() => self.vector = port::VECTOR.get(dev),
            p if p == port::WIDTH.lo() => self.resize(port::WIDTH.get(dev), self.size().1),
            p if p == port::HEIGHT.lo() => self.resize(self.size().0, port::HEIGHT.get(dev)),
            port::AUTO => self.auto = dev[port::AUTO as usize],
            p if port::X.contains(p) => self.x = port::X.get(dev) as i16,
            p if port::Y.contains(p) => self.y = port::Y.get(dev) as i16,
            p if port::ADDR.contains(p) => self.addr = port::ADDR.get(dev),
            port::PIXEL => self.pixel(dev[port::PIXEL as usize]),
            port::SPRITE => self.sprite(&vm.ram, dev[port::SPRITE as usize]),
            _ => {}
        }
    }

    fn mark(&mut self, area: Area) {
        self.to_compose.mark(area);
        self.to_host.mark(area);
    }

    fn mark_all(&mut self) {
        self.mark(self.layers.whole());
    }

    /// Pixel port: one pixel (auto-x/auto-y advance by 1), or with bit 7 a fill from
    /// (x, y) to the screen edges, towards the left/top when flipped.
    fn pixel(&mut self, byte: u8) {
        let Command {
            layer,
            flip_y,
            flip_x,
        } = Command::new(byte);
        let colour = byte & 3;
        // Varvara 79K: with x or y off the screen, taken unsigned so that a negative one
        // counts as huge, the whole command does nothing, auto-increment included (the
        // 2025 reference still advanced after such a pixel and clipped such a fill;
        // varvara.md §3.4).
        let (width, height) = self.size();
        let (x, y) = (self.x as u16, self.y as u16);
        if x >= width || y >= height {
            return;
        }
        let (x, y) = (i32::from(x), i32::from(y));
        if byte & 0x80 != 0 {
            let (w, h) = (i32::from(width), i32::from(height));
            let (x0, x1) = if flip_x { (0, x) } else { (x, w) };
            let (y0, y1) = if flip_y { (0, y) } else { (y, h) };
            if let Some(area) = self.layers.clip(x0, y0, x1, y1) {
                self.layers.fill(layer, area, colour);
                self.mark(area);
            }
            return;
        }
        if let Some(area) = self.layers.pixel(layer, x, y, colour) {
            self.mark(area);
        }
        if self.auto & AUTO_X != 0 {
            self.x = self.x.wrapping_add(1);
        }
        if self.auto & AUTO_Y != 0 {
            self.y = self.y.wrapping_add(1);
        }
    }

    /// Sprite port: draws (auto >> 4) + 1 tiles. Auto-y lays them out horizontally and
    /// auto-x vertically (reversed when flipped); auto-addr moves the address register
    /// to the next tile; afterwards x/y advance by one tile.
    fn sprite(&mut self, ram: &[u8; 0x10000], byte: u8) {
        let Command {
            layer,
            flip_y,
            flip_x,
        } = Command::new(byte);
        let two_bpp = byte & 0x80 != 0;
        let blend = byte & 0x0f;
        let count = (self.auto >> 4) + 1;
        let step_x = if flip_x { -8 } else { 8 };
        let step_y = if flip_y { -8 } else { 8 };
        let tile_dx = if self.auto & AUTO_Y != 0 { step_x } else { 0 };
        let tile_dy = if self.auto & AUTO_X != 0 { step_y } else { 0 };
        let addr_step: u16 = match (self.auto & AUTO_ADDR != 0, two_bpp) {
            (false, _) => 0,
            (true, false) => 8,
            (true, true) => 16,
        };
        let (mut tx, mut ty) = (self.x as i32, self.y as i32);
        for _ in 0..count {
            // Sprite data wraps at the end of RAM instead of reading past it.
            let data: [u8; 16] =
                std::array::from_fn(|i| ram[self.addr.wrapping_add(i as u16) as usize]);
            let tile = Tile::new(&data, two_bpp, flip_x, flip_y);
            if let Some(area) = self.layers.tile(layer, tx, ty, &tile, blend) {
                self.mark(area);
            }
            tx += tile_dx;
            ty += tile_dy;
            self.addr = self.addr.wrapping_add(addr_step);
        }
        if self.auto & AUTO_X != 0 {
            self.x = self.x.wrapping_add(step_x as i16);
        }
        if self.auto & AUTO_Y != 0 {
            self.y = self.y.wrapping_add(step_y as i16);
        }
    }
}
