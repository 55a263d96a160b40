//! Lowercase hexadecimal numbers as the reference reads them.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

pub(crate) fn digit_value(c: u8) -> Option<u8> {
    DIGITS.iter().position(|&d| d == c).map(|v| v as u8)
}

/// The value of an all-hex string, or `None` if it has another character.
/// The reference accumulates into a 32-bit signed int, so long strings wrap;
/// the empty string is 0.
pub(crate) fn value(s: &[u8]) -> Option<i32> {
    s.iter().try_fold(0i32, |n, &c| {
        digit_value(c).map(|d| (n << 4) | i32::from(d))
    })
}

/// Whether the reference treats `s` as a number: all hex digits and a
/// non-negative value (so 8+ digit tokens that wrap negative are names).
pub(crate) fn is_hex(s: &[u8]) -> bool {
    value(s).is_some_and(|v| v >= 0)
}

pub(crate) fn digit(v: u8) -> u8 {
    DIGITS[usize::from(v & 0xf)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_like_a_32_bit_int() {
        assert_eq!(value(b"7fffffff"), Some(0x7fff_ffff));
        assert!(!is_hex(b"80000000"));
        assert!(is_hex(b"f7fffffff"));
        assert!(is_hex(b""));
        assert!(!is_hex(b"AB"));
        assert_eq!(value(b"0100"), Some(0x100));
    }
}
