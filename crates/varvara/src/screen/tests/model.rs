//! A plain model of the Screen device, written from varvara.md §3 rather than from the
//! implementation: one vector of colour indices per layer, every pixel drawn one at a
//! time with a bounds check, registers as raw 16-bit values.

/// The blending table of varvara.md §3.5: colour for a pixel of value `v` (row) with
/// blend `b` (column).
const BLEND: [[u8; 16]; 4] = [
    [0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 0, 2, 3, 3, 3, 0],
    [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
    [1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1],
    [2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2],
];

pub struct Model {
    pub width: u16,
    pub height: u16,
    /// `[background, foreground]`, row-major, `width × height` each.
    pub layers: [Vec<u8>; 2],
    pub x: u16,
    pub y: u16,
    pub addr: u16,
    pub auto: u8,
    pub vector: u16,
    /// The last byte written to each Screen port (`20`–`2f`).
    ports: [u8; 16],
}

impl Model {
    pub fn new(width: u16, height: u16) -> Model {
        let cells = width as usize * height as usize;
        Model {
            width,
            height,
            layers: [vec![0; cells], vec![0; cells]],
            x: 0,
            y: 0,
            addr: 0,
            auto: 0,
            vector: 0,
            ports: [0; 16],
        }
    }

    /// The short whose high byte is Screen port `20 + i`.
    fn short(&self, i: usize) -> u16 {
        u16::from_be_bytes([self.ports[i], self.ports[i + 1]])
    }

    /// Size clamped to 8–2048; both layers cleared only when it changes.
    pub fn resize(&mut self, width: u16, height: u16) {
        let (width, height) = (width.clamp(8, 2048), height.clamp(8, 2048));
        if (width, height) != (self.width, self.height) {
            *self = Model {
                x: self.x,
                y: self.y,
                addr: self.addr,
                auto: self.auto,
                vector: self.vector,
                ports: self.ports,
                ..Model::new(width, height)
            };
        }
    }

    /// A write of `value` to port `0x20 + offset`.
    pub fn write(&mut self, offset: u8, value: u8, ram: &[u8; 0x10000]) {
        let i = offset as usize & 0xf;
        self.ports[i] = value;
        match i {
            0x1 => self.vector = self.short(0x0),
            0x3 => self.resize(self.short(0x2), self.height),
            0x5 => self.resize(self.width, self.short(0x4)),
            0x6 => self.auto = value,
            0x8 | 0x9 => self.x = self.short(0x8),
            0xa | 0xb => self.y = self.short(0xa),
            0xc | 0xd => self.addr = self.short(0xc),
            0xe => self.pixel(value),
            0xf => self.sprite(value, ram),
            _ => {}
        }
    }

    /// What a read of port `0x20 + offset` returns: size and registers, else the byte
    /// written last.
    pub fn read(&self, offset: u8) -> u8 {
        let i = offset as usize & 0xf;
        let short = match i & !1 {
            0x2 => self.width,
            0x4 => self.height,
            0x8 => self.x,
            0xa => self.y,
            0xc => self.addr,
            _ => return self.ports[i],
        };
        short.to_be_bytes()[i & 1]
    }

    fn set(&mut self, layer: usize, x: i32, y: i32, colour: u8) {
        if (0..self.width as i32).contains(&x) && (0..self.height as i32).contains(&y) {
            self.layers[layer][y as usize * self.width as usize + x as usize] = colour;
        }
    }

    fn pixel(&mut self, byte: u8) {
        let layer = (byte >> 6 & 1) as usize;
        let (flip_x, flip_y) = (byte & 0x10 != 0, byte & 0x20 != 0);
        let colour = byte & 3;
        if self.x >= self.width || self.y >= self.height {
            return;
        }
        let (x, y) = (self.x as i32, self.y as i32);
        if byte & 0x80 == 0 {
            self.set(layer, x, y, colour);
            if self.auto & 1 != 0 {
                self.x = self.x.wrapping_add(1);
            }
            if self.auto & 2 != 0 {
                self.y = self.y.wrapping_add(1);
            }
            return;
        }
        let xs = if flip_x { 0..x } else { x..self.width as i32 };
        let ys = if flip_y { 0..y } else { y..self.height as i32 };
        for py in ys {
            for px in xs.clone() {
                self.set(layer, px, py, colour);
            }
        }
    }

    fn sprite(&mut self, byte: u8, ram: &[u8; 0x10000]) {
        let layer = (byte >> 6 & 1) as usize;
        let (flip_x, flip_y) = (byte & 0x10 != 0, byte & 0x20 != 0);
        let two_bpp = byte & 0x80 != 0;
        let blend = (byte & 0xf) as usize;
        let (auto_x, auto_y, auto_addr) =
            (self.auto & 1 != 0, self.auto & 2 != 0, self.auto & 4 != 0);
        let dx = if flip_x { -8 } else { 8 };
        let dy = if flip_y { -8 } else { 8 };
        let (mut tx, mut ty) = (self.x as i16 as i32, self.y as i16 as i32);
        for _ in 0..(self.auto >> 4) + 1 {
            for row in 0..8 {
                let src = if flip_y { 7 - row } else { row };
                let at = |i: u16| ram[self.addr.wrapping_add(i) as usize];
                let (plane0, plane1) = (at(src), if two_bpp { at(src + 8) } else { 0 });
                for col in 0..8i32 {
                    let bit = if flip_x { col } else { 7 - col };
                    let v = (plane0 >> bit & 1 | (plane1 >> bit & 1) << 1) as usize;
                    // Blends 0, 5, a and f leave pixels of value 0 alone.
                    if v != 0 || !blend.is_multiple_of(5) {
                        self.set(layer, tx + col, ty + i32::from(row), BLEND[v][blend]);
                    }
                }
            }
            tx += if auto_y { dx } else { 0 };
            ty += if auto_x { dy } else { 0 };
            if auto_addr {
                self.addr = self.addr.wrapping_add(if two_bpp { 16 } else { 8 });
            }
        }
        if auto_x {
            self.x = self.x.wrapping_add(dx as u16);
        }
        if auto_y {
            self.y = self.y.wrapping_add(dy as u16);
        }
    }
}
