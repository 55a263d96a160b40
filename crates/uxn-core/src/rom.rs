use core::fmt;

use crate::{BANK_SIZE, Uxn};

/// The largest useful ROM: `0100`–`ffff` of RAM plus 15 full expansion banks.
pub const MAX_ROM_SIZE: usize = 0xff00 + 15 * BANK_SIZE;

/// Why a ROM image was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RomError {
    /// The file holds no bytes at all.
    Empty,
    /// The file is larger than RAM plus every expansion bank can hold.
    TooLarge { len: usize },
}

impl fmt::Display for RomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RomError::Empty => f.write_str("the ROM is empty"),
            RomError::TooLarge { len } => write!(
                f,
                "the ROM is {len} bytes, more than the {MAX_ROM_SIZE} bytes Uxn memory holds"
            ),
        }
    }
}

impl core::error::Error for RomError {}

impl Uxn {
    /// Copies a ROM image into memory: the first `ff00` bytes to `0100`–`ffff`, the rest
    /// into expansion banks 1–15 in order. Memory the ROM does not cover is left as it is.
    ///
    /// The reference silently drops bytes past the last bank; here such a file is refused,
    /// since it cannot be a ROM meant for this machine.
    pub fn load_rom(&mut self, rom: &[u8]) -> Result<(), RomError> {
        if rom.is_empty() {
            return Err(RomError::Empty);
        }
        if rom.len() > MAX_ROM_SIZE {
            return Err(RomError::TooLarge { len: rom.len() });
        }
        let (main, rest) = rom.split_at(rom.len().min(0xff00));
        self.ram[0x100..0x100 + main.len()].copy_from_slice(main);
        self.expansion_mut()[..rest.len()].copy_from_slice(rest);
        Ok(())
    }
}
