//! The 64 KiB memory image, the rules for writing into it, and the ROM file
//! cut from it.
//!
//! Uxntal 54K lets a program write over bytes it wrote before (the later
//! byte wins); only the zero page and addresses past `ffff` are refused. The
//! 2025 reference refused to write below its last non-zero byte
//! (`Writing rewind`), so every program it accepts writes each non-zero byte
//! once and gets the same image here.

use crate::error::ErrorKind;

/// The ROM starts at this address; below is the zero page.
pub(crate) const PAGE: i32 = 0x100;
const MEMORY: i32 = 0x10000;

pub(crate) struct Image {
    data: Vec<u8>,
    /// The write address. An `int` in the reference: padding may push it
    /// anywhere, and writing checks it.
    ptr: i32,
    /// One past the last placeholder written for a reference. Placeholders
    /// belong to the ROM whatever value they are patched with, as the
    /// reference's `ff` placeholders did.
    placeholder_end: i32,
    /// One past the highest byte ever written: nothing beyond it can be non-zero, so the
    /// search for the ROM's end starts there instead of at `ffff`.
    written_end: usize,
}

impl Default for Image {
    fn default() -> Self {
        Self {
            data: vec![0; MEMORY as usize],
            ptr: PAGE,
            placeholder_end: PAGE,
            written_end: PAGE as usize,
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

    /// Writes one byte at the write address, replacing what was there, and
    /// advances the address.
    pub fn write(&mut self, byte: u8) -> Result<(), ErrorKind> {
        if self.ptr < PAGE {
            return Err(ErrorKind::WritingZeroPage);
        }
        if self.ptr >= MEMORY {
            return Err(ErrorKind::WritingOutsideMemory);
        }
        self.data[self.ptr as usize] = byte;
        self.ptr += 1;
        self.written_end = self.written_end.max(self.ptr as usize);
        Ok(())
    }

    /// Writes a placeholder byte for a reference, to be patched later.
    pub fn write_placeholder(&mut self) -> Result<(), ErrorKind> {
        self.write(0xff)?;
        self.placeholder_end = self.placeholder_end.max(self.ptr);
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

    /// One past the last byte of the ROM: the last non-zero byte of the
    /// image as it is now, or the last placeholder if that is further.
    fn end(&self) -> usize {
        let page = PAGE as usize;
        let last_non_zero = self.data[page..self.written_end]
            .iter()
            .rposition(|&b| b != 0);
        let written = last_non_zero.map_or(page, |i| page + i + 1);
        written.max(self.placeholder_end as usize)
    }

    /// The ROM holds nothing: no non-zero byte and no placeholder.
    pub fn is_empty(&self) -> bool {
        self.end() == PAGE as usize
    }

    /// The ROM file: memory from `0100` to the last non-zero byte of the
    /// final image (trailing zeros trimmed).
    pub fn rom(&self) -> &[u8] {
        &self.data[PAGE as usize..self.end()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_at(image: &mut Image, addr: i32, bytes: &[u8]) {
        image.set_ptr(addr);
        for &b in bytes {
            image.write(b).unwrap();
        }
    }

    #[test]
    fn trailing_zeros_of_the_final_image_are_trimmed() {
        let mut image = Image::default();
        assert!(image.is_empty());
        write_at(&mut image, 0x100, &[1, 0]);
        assert_eq!(image.rom(), &[1]);
        write_at(&mut image, 0x100, &[3]);
        assert_eq!(image.rom(), &[3]);
        write_at(&mut image, 0x101, &[2]);
        write_at(&mut image, 0x100, &[0]);
        assert_eq!(image.rom(), &[0, 2]);
        write_at(&mut image, 0x101, &[0]);
        assert!(image.is_empty());
    }

    #[test]
    fn placeholders_count_even_when_patched_to_zero() {
        let mut image = Image::default();
        image.write(1).unwrap();
        image.write_placeholder().unwrap();
        image.write_placeholder().unwrap();
        image.patch_short(0x101, 0);
        assert_eq!(image.rom(), &[1, 0, 0]);
    }

    #[test]
    fn zero_page_and_outside_memory_are_refused() {
        let mut image = Image::default();
        image.set_ptr(0xff);
        assert_eq!(image.write(3), Err(ErrorKind::WritingZeroPage));
        image.set_ptr(0x10000);
        assert_eq!(image.write(3), Err(ErrorKind::WritingOutsideMemory));
        assert_eq!(
            image.write_placeholder(),
            Err(ErrorKind::WritingOutsideMemory)
        );
        assert!(image.is_empty());
    }
}
