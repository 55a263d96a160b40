//! Mouse device (ports 90–9f): pointer position, button state and wheel (varvara.md §6).

use uxn_core::Uxn;

/// Port layout of the Mouse device.
pub(crate) mod port {
    use crate::ports::Short;

    pub const VECTOR: Short = Short(0x90);
    pub const X: Short = Short(0x92);
    pub const Y: Short = Short(0x94);
    /// Button bit mask; plain memory a ROM may overwrite.
    pub const STATE: u8 = 0x96;
    pub const SCROLL_X: Short = Short(0x9a);
    pub const SCROLL_Y: Short = Short(0x9c);
}

#[derive(Default)]
pub(crate) struct Mouse {
    /// Latched on a write of the vector's low byte.
    pub vector: u16,
}

impl Mouse {
    pub fn deo(&mut self, vm: &mut Uxn, port: u8) {
        if port == port::VECTOR.lo() {
            self.vector = port::VECTOR.get(&vm.dev);
        }
    }

    /// Stores the pointer position; returns the vector to run.
    pub fn moved(&self, dev: &mut [u8; 256], x: u16, y: u16) -> u16 {
        port::X.set(dev, x);
        port::Y.set(dev, y);
        self.vector
    }

    /// Sets (`down`) or clears `bits` in the ROM's own state byte; returns the vector.
    pub fn button(&self, dev: &mut [u8; 256], bits: u8, down: bool) -> u16 {
        let state = &mut dev[port::STATE as usize];
        *state = if down { *state | bits } else { *state & !bits };
        self.vector
    }

    /// Stores a wheel movement (host convention: positive `dy` = up, which the device
    /// sees as `ffff`); returns the vector. The caller clears it with [`clear_scroll`].
    pub fn scroll(&self, dev: &mut [u8; 256], dx: i16, dy: i16) -> u16 {
        port::SCROLL_X.set(dev, dx as u16);
        port::SCROLL_Y.set(dev, dy.wrapping_neg() as u16);
        self.vector
    }
}

/// The scroll shorts are non-zero only during their own vector call.
pub(crate) fn clear_scroll(dev: &mut [u8; 256]) {
    port::SCROLL_X.set(dev, 0);
    port::SCROLL_Y.set(dev, 0);
}
