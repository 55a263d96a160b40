//! Anonymous labels opened by `{` and closed by `}`.
//!
//! Uxntal 54K counts lambdas with a 16-bit counter, so 65 536 may be opened
//! in one assembly (the 2025 reference's counter had 8 bits). The counter
//! wraps: the 65 537th lambda gets the name of the first (`Label duplicate`
//! when it closes). Names keep the reference's two hex digits below `0x100`
//! (`λ00`…`λff`), so `.sym` files of programs it accepts are unchanged, and
//! use four digits from there on (`λ0100`…`λffff`).
//!
//! Open lambdas sit on the reference's 256-entry stack with an 8-bit pointer
//! that wraps, so a stray `}` closes whatever the wrapped pointer finds
//! (normally `λ00`), as it did there.

use crate::hex;

pub(crate) struct Lambdas {
    stack: [u16; 256],
    depth: u8,
    count: u16,
}

impl Default for Lambdas {
    fn default() -> Self {
        Self {
            stack: [0; 256],
            depth: 0,
            count: 0,
        }
    }
}

/// `λ` followed by the counter in lowercase hex: two digits below `0x100`,
/// four from there on.
pub(crate) fn name(id: u16) -> Vec<u8> {
    let mut name = "λ".as_bytes().to_vec();
    let digits = if id < 0x100 { 2 } else { 4 };
    for shift in (0..digits).rev() {
        name.push(hex::digit((id >> (4 * shift)) as u8));
    }
    name
}

impl Lambdas {
    /// Opens a lambda and returns the name of the label its `}` will define.
    pub fn open(&mut self) -> Vec<u8> {
        let id = self.count;
        self.stack[usize::from(self.depth)] = id;
        self.depth = self.depth.wrapping_add(1);
        self.count = self.count.wrapping_add(1);
        name(id)
    }

    /// Closes the innermost lambda and returns the name of its label.
    pub fn close(&mut self) -> Vec<u8> {
        self.depth = self.depth.wrapping_sub(1);
        name(self.stack[usize::from(self.depth)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_nesting() {
        let mut l = Lambdas::default();
        assert_eq!(l.open(), b"\xce\xbb00");
        assert_eq!(l.open(), b"\xce\xbb01");
        assert_eq!(l.close(), b"\xce\xbb01");
        assert_eq!(l.close(), b"\xce\xbb00");
        assert_eq!(name(0xab), "λab".as_bytes());
    }

    #[test]
    fn names_grow_to_four_digits_at_0x100() {
        assert_eq!(name(0xff), "λff".as_bytes());
        assert_eq!(name(0x100), "λ0100".as_bytes());
        assert_eq!(name(0xbeef), "λbeef".as_bytes());
        assert_eq!(name(0xffff), "λffff".as_bytes());
    }

    #[test]
    fn the_counter_wraps_after_65536() {
        let mut l = Lambdas::default();
        for _ in 0..0x10000 {
            l.open();
            l.close();
        }
        assert_eq!(l.open(), name(0));
    }

    #[test]
    fn stray_close_wraps() {
        let mut l = Lambdas::default();
        assert_eq!(l.close(), name(0));
    }
}
