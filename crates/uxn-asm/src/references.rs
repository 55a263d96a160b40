//! Label references: what each rune emits, and patching once all labels are known.

use std::rc::Rc;

use crate::error::{AsmError, ErrorKind};
use crate::image::Image;
use crate::labels::Labels;
use crate::opcodes::{JCI, JMI, JSI, LIT, LIT2};

/// At most this many references: every lambda is one, so room for all
/// 65 536 lambdas and as many other references. The 2025 reference held
/// 4096; a larger table only accepts more programs.
pub(crate) const LIMIT: usize = 0x20000;

/// How the placeholder is filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Patch {
    /// Signed byte offset from two past the placeholder (`,` and `_`).
    RelativeByte,
    /// Low byte of the address (`.` and `-`), silently truncated.
    LowByte,
    /// Big-endian address (`;`, `=` and `:`).
    Absolute,
    /// 16-bit offset from two past the placeholder (`?`, `!` and bare words).
    RelativeShort,
}

/// What a reference rune writes: an optional opcode, then `width` placeholder bytes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Form {
    pub opcode: Option<u8>,
    pub width: u8,
    pub patch: Patch,
}

impl Form {
    /// The form for a rune; `None` is a bare word (an immediate call).
    pub fn of(rune: Option<u8>) -> Form {
        let (opcode, width, patch) = match rune {
            Some(b'_') => (None, 1, Patch::RelativeByte),
            Some(b',') => (Some(LIT), 1, Patch::RelativeByte),
            Some(b'-') => (None, 1, Patch::LowByte),
            Some(b'.') => (Some(LIT), 1, Patch::LowByte),
            Some(b'=' | b':') => (None, 2, Patch::Absolute),
            Some(b';') => (Some(LIT2), 2, Patch::Absolute),
            Some(b'?') => (Some(JCI), 2, Patch::RelativeShort),
            Some(b'!') => (Some(JMI), 2, Patch::RelativeShort),
            _ => (Some(JSI), 2, Patch::RelativeShort),
        };
        Form {
            opcode,
            width,
            patch,
        }
    }
}

/// A placeholder waiting for its label.
pub(crate) struct Reference {
    pub name: Vec<u8>,
    pub patch: Patch,
    /// Address of the placeholder (after the opcode, if any).
    pub addr: u16,
    pub file: Rc<str>,
    pub line: usize,
}

/// Fills in every placeholder, in the order the references were made, and
/// marks the labels used. Stops at the first unknown or unreachable label.
pub(crate) fn resolve(
    refs: &[Reference],
    labels: &mut Labels,
    image: &mut Image,
) -> Result<(), AsmError> {
    for r in refs {
        let fail = |kind| AsmError::reference(kind, &r.name, &r.file, r.line);
        let id = labels
            .find(&r.name)
            .ok_or_else(|| fail(ErrorKind::LabelUnknown))?;
        let target = i32::from(labels.addr(id));
        let offset = target - i32::from(r.addr) - 2;
        match r.patch {
            Patch::RelativeByte => {
                let byte = i8::try_from(offset).map_err(|_| fail(ErrorKind::ReferenceTooFar))?;
                image.patch(r.addr, byte as u8);
            }
            Patch::LowByte => image.patch(r.addr, target as u8),
            Patch::Absolute => image.patch_short(r.addr, target as u16),
            Patch::RelativeShort => image.patch_short(r.addr, offset as u16),
        }
        labels.mark_used(id);
    }
    Ok(())
}
