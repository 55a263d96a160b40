//! What a path is, and the fixed-width text the stat port writes for it.

use std::fs;
use std::path::Path;

/// What a path names, as far as the File device cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// Missing, unreadable, or refused by the sandbox.
    Missing,
    Dir,
    /// Anything else, with its size in bytes.
    File(u64),
}

/// Follows links: the resolver has already checked where they lead.
pub(super) fn kind_of(path: &Path) -> Kind {
    match fs::metadata(path) {
        Err(_) => Kind::Missing,
        Ok(m) if m.is_dir() => Kind::Dir,
        Ok(m) => Kind::File(m.len()),
    }
}

pub(super) fn hex_digit(v: u64) -> u8 {
    b"0123456789abcdef"[(v & 0xf) as usize]
}

/// Fills the whole of `buf`: `!` for missing, `-` for a directory, otherwise the size
/// as lowercase hex, right-aligned and zero-padded to `buf.len()` digits.
///
/// A size that needs more digits than fit fills the buffer with `?`. This is the
/// intended rule; the reference emulator starts that fill one byte before the buffer
/// and leaves the last byte holding the lowest digit, which is not reproduced.
pub(super) fn fill(buf: &mut [u8], kind: Kind) {
    match kind {
        Kind::Missing => buf.fill(b'!'),
        Kind::Dir => buf.fill(b'-'),
        Kind::File(size) => {
            let digits = buf.len();
            if digits < 16 && size >> (4 * digits) != 0 {
                buf.fill(b'?');
                return;
            }
            let mut rest = size;
            for b in buf.iter_mut().rev() {
                *b = hex_digit(rest);
                rest >>= 4;
            }
        }
    }
}
