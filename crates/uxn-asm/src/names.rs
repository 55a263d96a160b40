//! Rules for label and macro names.

use crate::{hex, opcodes};

/// Names are compared on this many leading bytes only.
pub(crate) const SIGNIFICANT: usize = 64;

/// First characters that belong to a rune and so cannot start a name.
const RUNES: &[u8] = b"|$@&,_.-;=!?#\"%~";

/// The part of a name used for comparisons.
pub(crate) fn key(name: &[u8]) -> &[u8] {
    &name[..name.len().min(SIGNIFICANT)]
}

/// Whether a label or macro may be called `name`: not empty, not a number,
/// not an opcode, not starting with a rune.
pub(crate) fn is_valid(name: &[u8]) -> bool {
    match name.first() {
        None => false,
        Some(first) => {
            !RUNES.contains(first) && !hex::is_hex(name) && opcodes::byte(name).is_none()
        }
    }
}

/// `scope/name`, the full name of a sublabel.
pub(crate) fn join(scope: &[u8], name: &[u8]) -> Vec<u8> {
    let mut full = Vec::with_capacity(scope.len() + 1 + name.len());
    full.extend_from_slice(scope);
    full.push(b'/');
    full.extend_from_slice(name);
    full
}

/// The scope a label sets: its name up to the first `/`.
pub(crate) fn scope_of(name: &[u8]) -> &[u8] {
    name.split(|&c| c == b'/').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity() {
        assert!(is_valid(b"main"));
        assert!(is_valid(b"on-reset/x"));
        assert!(is_valid(b"ffffffff"));
        assert!(!is_valid(b""));
        assert!(!is_valid(b"add"));
        assert!(!is_valid(b"ADD2"));
        assert!(!is_valid(b"BRK"));
        assert!(!is_valid(b";x"));
        assert_eq!(scope_of(b"foo/bar/baz"), b"foo");
    }
}
