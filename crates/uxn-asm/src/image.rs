//! The 64 KiB memory image and the rules for writing into it.

use crate::error::ErrorKind;

/// The ROM starts at this address; below is the zero page.
pub(crate) const PAGE: i32 = 0x100;
const MEMORY: i32 = 0x10000;

pub(crate) struct Image {
    data: Vec<u8>,
    /// The write address. An `int` in the reference: padding may push it
    /// anywhere, and writing checks it.
    ptr: i32,
    /// One past the last non-zero byte written, 0 before any.
    length: i32,
}

impl Default for Image {
    fn default() -> Self {
        Self {
            data: vec![0; MEMORY as usize],
            ptr: PAGE,
            length: 0,
        }
    }
}

impl Image {
    pub fn ptr(&self) -> i32 {
        self.ptr
    }

    pub fn set_ptr(&mut self, ptr: i32) {
        self.ptr = ptr;
    }

    /// The address a label defined now gets (16 bits, wrapping like the reference).
    pub fn addr(&self) -> u16 {
        self.ptr as u16
    }

    /// Writes one byte at the write address and advances it.
    pub fn write(&mut self, byte: u8) -> Result<(), ErrorKind> {
        if self.ptr < PAGE {
            return Err(ErrorKind::WritingZeroPage);
        }
        if self.ptr >= MEMORY {
            return Err(ErrorKind::WritingOutsideMemory);
        }
        // Only non-zero bytes move `length`, so zeros may be overwritten later.
        if self.ptr < self.length {
            return Err(ErrorKind::WritingRewind);
        }
        self.data[self.ptr as usize] = byte;
        self.ptr += 1;
        if byte != 0 {
            self.length = self.ptr;
        }
        Ok(())
    }

    /// Overwrites a placeholder byte while resolving references.
    pub fn patch(&mut self, addr: u16, byte: u8) {
        self.data[usize::from(addr)] = byte;
    }

    pub fn patch_short(&mut self, addr: u16, value: u16) {
        let [hi, lo] = value.to_be_bytes();
        self.patch(addr, hi);
        self.patch(addr.wrapping_add(1), lo);
    }

    /// Nothing non-zero was ever written.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// The ROM file: memory from `0100` to the last non-zero byte.
    pub fn rom(&self) -> &[u8] {
        let end = self.length.max(PAGE) as usize;
        &self.data[PAGE as usize..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_zeros_are_trimmed_and_may_be_overwritten() {
        let mut image = Image::default();
        image.write(1).unwrap();
        image.write(0).unwrap();
        assert_eq!(image.rom(), &[1]);
        image.set_ptr(0x101);
        image.write(2).unwrap();
        assert_eq!(image.rom(), &[1, 2]);
        image.set_ptr(0x100);
        assert_eq!(image.write(3), Err(ErrorKind::WritingRewind));
        image.set_ptr(0xff);
        assert_eq!(image.write(3), Err(ErrorKind::WritingZeroPage));
        image.set_ptr(0x10000);
        assert_eq!(image.write(3), Err(ErrorKind::WritingOutsideMemory));
    }
}
