//! Helpers for the device page shared by every device's port layout.

/// A 16-bit port: the high byte at `self.0`, the low byte at the next port.
///
/// Handlers attached to a short fire on the low byte, so a `DEO2` triggers them once
/// with both bytes in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Short(pub u8);

impl Short {
    pub const fn hi(self) -> u8 {
        self.0
    }

    pub const fn lo(self) -> u8 {
        self.0.wrapping_add(1)
    }

    pub fn get(self, dev: &[u8; 256]) -> u16 {
        u16::from_be_bytes([dev[self.hi() as usize], dev[self.lo() as usize]])
    }

    pub fn set(self, dev: &mut [u8; 256], value: u16) {
        let [hi, lo] = value.to_be_bytes();
        dev[self.hi() as usize] = hi;
        dev[self.lo() as usize] = lo;
    }

    /// The byte of `value` a read of `port` (one of this short's two ports) returns.
    pub fn byte_of(self, port: u8, value: u16) -> u8 {
        let [hi, lo] = value.to_be_bytes();
        if port == self.hi() { hi } else { lo }
    }

    pub fn contains(self, port: u8) -> bool {
        port == self.hi() || port == self.lo()
    }
}
