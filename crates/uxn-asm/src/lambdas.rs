//! Anonymous labels opened by `{` and closed by `}`.
//!
//! The reference keeps an 8-bit counter and a 256-entry stack with an 8-bit
//! pointer; both wrap. That is kept on purpose: the 257th lambda gets the name
//! of the first (`Label duplicate` when it closes) and a stray `}` closes
//! whatever the wrapped pointer finds (normally `λ00`).

use crate::hex;

pub(crate) struct Lambdas {
    stack: [u8; 256],
    depth: u8,
    count: u8,
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

/// `λ` followed by two lowercase hex digits.
pub(crate) fn name(id: u8) -> Vec<u8> {
    let mut name = "λ".as_bytes().to_vec();
    name.push(hex::digit(id >> 4));
    name.push(hex::digit(id));
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
    fn stray_close_wraps() {
        let mut l = Lambdas::default();
        assert_eq!(l.close(), name(0));
    }
}
