//! What opens, nests and closes a comment.
//!
//! Any token whose first character is `(` opens a comment (`(`, `(doc`, even
//! `(note)`, which does not close itself). Inside, only the exact words `(`
//! and `)` change the depth; words that merely contain parentheses are text.
//! The 2025 reference accepted only a bare `(` as opener and, reading signed
//! chars, let bytes from `0x80` up end a word inside comments (so `é)`
//! closed one); Uxntal 54K drops both rules.

/// Whether a token opens a comment.
pub(crate) fn opens(token: &[u8]) -> bool {
    token.first() == Some(&b'(')
}

/// The nesting depth after one word inside a comment; 0 means it closed.
pub(crate) fn depth_after(depth: usize, word: &[u8]) -> usize {
    match word {
        b"(" => depth + 1,
        b")" => depth.saturating_sub(1),
        _ => depth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_parentheses_count_inside() {
        assert!(opens(b"(") && opens(b"(doc") && opens(b"(note)"));
        assert!(!opens(b"x(") && !opens(b""));
        assert_eq!(depth_after(1, b"("), 2);
        assert_eq!(depth_after(1, b")"), 0);
        for word in [&b"(b)"[..], b"foo)", b"(x", "é)".as_bytes(), b"1+2*(4/3)"] {
            assert_eq!(depth_after(1, word), 1);
        }
    }
}
