//! Opcode names and their bytes.

/// The 32 base operations, in opcode order.
const BASE: [&[u8; 3]; 32] = [
    b"LIT", b"INC", b"POP", b"NIP", b"SWP", b"ROT", b"DUP", b"OVR", //
    b"EQU", b"NEQ", b"GTH", b"LTH", b"JMP", b"JCN", b"JSR", b"STH", //
    b"LDZ", b"STZ", b"LDR", b"STR", b"LDA", b"STA", b"DEI", b"DEO", //
    b"ADD", b"SUB", b"MUL", b"DIV", b"AND", b"ORA", b"EOR", b"SFT", //
];

pub(crate) const LIT: u8 = 0x80;
pub(crate) const LIT2: u8 = 0xa0;
pub(crate) const JCI: u8 = 0x20;
pub(crate) const JMI: u8 = 0x40;
pub(crate) const JSI: u8 = 0x60;

/// The byte for an opcode token: a base name followed by any mix of the mode
/// letters `2`, `k`, `r` (repeats allowed), or exactly `BRK`.
pub(crate) fn byte(token: &[u8]) -> Option<u8> {
    if token == b"BRK" {
        return Some(0x00);
    }
    let (name, modes) = token.split_at_checked(3)?;
    let index = BASE.iter().position(|base| base.as_slice() == name)?;
    // LIT has no non-keep form: its base byte is already 0x80.
    let mut byte = if index == 0 { LIT } else { index as u8 };
    for &mode in modes {
        byte |= match mode {
            b'2' => 0x20,
            b'r' => 0x40,
            b'k' => 0x80,
            _ => return None,
        };
    }
    Some(byte)
}

#[cfg(test)]
mod tests {
    use super::byte;

    #[test]
    fn modes_in_any_order() {
        assert_eq!(byte(b"ADD2kr"), Some(0xf8));
        assert_eq!(byte(b"ADDrk2"), Some(0xf8));
        assert_eq!(byte(b"INC2kr2"), Some(0xe1));
        assert_eq!(byte(b"LITk"), Some(0x80));
        assert_eq!(byte(b"LIT2r"), Some(0xe0));
        assert_eq!(byte(b"BRK"), Some(0));
        assert_eq!(byte(b"BRKk"), None);
        assert_eq!(byte(b"ADDx"), None);
        assert_eq!(byte(b"AD"), None);
        assert_eq!(byte(b"SFT"), Some(0x1f));
    }
}
