//! Controller device (ports 80–8f): buttons and character keys (varvara.md §5).

use uxn_core::Uxn;

/// Port layout of the Controller device.
pub(crate) mod port {
    use crate::ports::Short;

    pub const VECTOR: Short = Short(0x80);
    /// Bit mask of held buttons; plain memory a ROM may overwrite.
    pub const BUTTON: u8 = 0x82;
    /// Character of the key being delivered; non-zero only during the vector.
    pub const KEY: u8 = 0x83;
}

#[derive(Default)]
pub(crate) struct Controller {
    /// Latched on a write of the vector's low byte.
    pub vector: u16,
}

impl Controller {
    pub fn deo(&mut self, vm: &mut Uxn, port: u8) {
        if port == port::VECTOR.lo() {
            self.vector = port::VECTOR.get(&vm.dev);
        }
    }

    /// Sets (`down`) or clears the `mask` bits in the ROM's own button byte; returns the
    /// vector to run, or `None` for an empty mask.
    pub fn button(&self, dev: &mut [u8; 256], mask: u8, down: bool) -> Option<u16> {
        if mask == 0 {
            return None;
        }
        let button = &mut dev[port::BUTTON as usize];
        *button = if down {
            *button | mask
        } else {
            *button & !mask
        };
        Some(self.vector)
    }

    /// Puts a character into the key port; returns the vector to run, or `None` for 0.
    /// The caller clears the port with [`clear_key`] once the vector returned.
    pub fn key(&self, dev: &mut [u8; 256], key: u8) -> Option<u16> {
        if key == 0 {
            return None;
        }
        dev[port::KEY as usize] = key;
        Some(self.vector)
    }
}

/// The key port is 0 outside its vector, so later button events never see a stale key.
pub(crate) fn clear_key(dev: &mut [u8; 256]) {
    dev[port::KEY as usize] = 0;
}
