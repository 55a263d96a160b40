//! Byte sources being read — the main file, included files, macro bodies being
//! expanded — and the tokenizer, comment skipper and macro-body reader over them.

use std::path::PathBuf;
use std::rc::Rc;

use crate::comments;

/// A token may be at most this many bytes long (Uxntal 54K; the 2025
/// reference stopped at 47).
pub(crate) const TOKEN_MAX: usize = 62;

/// Where a file source came from, for messages and for finding its includes.
pub(crate) struct FileInfo {
    pub path: Rc<str>,
    pub dir: Option<PathBuf>,
    pub line: usize,
    /// The newline that ended the last token is counted only once that token
    /// has been handled, so errors raised while expanding it (a macro call at
    /// the end of a line) report the token's own line, as the reference does.
    newline_pending: bool,
}

pub(crate) struct Source {
    text: Rc<[u8]>,
    pos: usize,
    /// `None` for a macro body: it has no lines of its own and reports the
    /// place of the call.
    file: Option<FileInfo>,
}

impl Source {
    pub fn file(text: Rc<[u8]>, path: Rc<str>, dir: Option<PathBuf>) -> Self {
        let info = FileInfo {
            path,
            dir,
            line: 1,
            newline_pending: false,
        };
        Self {
            text,
            pos: 0,
            file: Some(info),
        }
    }

    pub fn macro_body(text: Rc<[u8]>) -> Self {
        Self {
            text,
            pos: 0,
            file: None,
        }
    }

    pub fn file_info(&self) -> Option<&FileInfo> {
        self.file.as_ref()
    }

    fn next_byte(&mut self) -> Option<u8> {
        let byte = *self.text.get(self.pos)?;
        self.pos += 1;
        if byte == b'\n'
            && let Some(file) = &mut self.file
        {
            file.line += 1;
        }
        Some(byte)
    }

    /// The next whitespace-separated token, `Ok(None)` at the end, or
    /// `Err(first TOKEN_MAX bytes)` for a token that is too long.
    pub fn next_token(&mut self) -> Result<Option<Vec<u8>>, Vec<u8>> {
        if let Some(file) = &mut self.file
            && file.newline_pending
        {
            file.newline_pending = false;
            file.line += 1;
        }
        let mut token = Vec::new();
        while let Some(&byte) = self.text.get(self.pos) {
            if byte < 0x21 {
                if token.is_empty() {
                    self.next_byte();
                    continue;
                }
                self.pos += 1;
                if byte == b'\n'
                    && let Some(file) = &mut self.file
                {
                    file.newline_pending = true;
                }
                return Ok(Some(token));
            }
            if token.len() >= TOKEN_MAX {
                return Err(token);
            }
            self.pos += 1;
            token.push(byte);
        }
        // A file's last token needs no whitespace after it; a macro body's
        // does, so the reference drops it (`%m {#01}` emits nothing).
        if self.file.is_some() && !token.is_empty() {
            Ok(Some(token))
        } else {
            Ok(None)
        }
    }

    /// Skips a comment after its opening token; false if it never ends.
    /// A comment ends at a standalone `)` followed by whitespace (bytes up to
    /// 0x20); standalone `(` nest. Words inside have no length limit. In a
    /// macro body the comment must close within the body.
    pub fn skip_comment(&mut self) -> bool {
        let mut depth = 1;
        let mut word_start = None;
        while let Some(byte) = self.next_byte() {
            if byte > 0x20 {
                word_start.get_or_insert(self.pos - 1);
                continue;
            }
            if let Some(start) = word_start.take() {
                depth = comments::depth_after(depth, &self.text[start..self.pos - 1]);
                if depth == 0 {
                    return true;
                }
            }
        }
        false
    }

    /// Reads a macro definition after its `%name` token: raw bytes up to the
    /// first `{` are skipped, then the body runs to the matching `}`, braces
    /// counted byte by byte (also inside comments and strings, as the 2025
    /// reference does). A definition met while expanding a macro body is
    /// refused before this is called.
    pub fn read_macro_body(&mut self) -> Vec<u8> {
        let mut body = Vec::new();
        while let Some(byte) = self.next_byte() {
            if byte == b'{' {
                break;
            }
        }
        let mut depth = 0usize;
        while let Some(byte) = self.next_byte() {
            match byte {
                b'{' => depth += 1,
                b'}' if depth == 0 => break,
                b'}' => depth -= 1,
                _ => {}
            }
            body.push(byte);
        }
        // The reference stores the body as a C string: a NUL ends it.
        if let Some(nul) = body.iter().position(|&b| b == 0) {
            body.truncate(nul);
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Source {
        Source::file(text.as_bytes().into(), "t.tal".into(), None)
    }

    fn tokens(mut s: Source) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(t) = s.next_token().unwrap() {
            out.push(String::from_utf8(t).unwrap());
        }
        out
    }

    #[test]
    fn splits_on_control_and_space_bytes() {
        assert_eq!(tokens(file(" a\tb\r\nc")), ["a", "b", "c"]);
        assert_eq!(tokens(Source::macro_body(b" a b".as_slice().into())), ["a"]);
    }

    #[test]
    fn counts_lines_after_the_token() {
        let mut s = file("a\n\nb");
        s.next_token().unwrap();
        assert_eq!(s.file_info().unwrap().line, 1);
        s.next_token().unwrap();
        assert_eq!(s.file_info().unwrap().line, 3);
    }

    #[test]
    fn comments_need_whitespace_after_the_close() {
        assert!(file(" a ( b ) c ) ").skip_comment());
        assert!(!file(" a )").skip_comment());
        assert!(!file(" a (b) ").skip_comment());
        assert!(!file("é) ").skip_comment());
        assert!(file("é) ) ").skip_comment());
    }

    #[test]
    fn comments_inside_macro_bodies_close_within_the_body() {
        let body = |text: &'static str| Source::macro_body(text.as_bytes().into());
        let mut s = body(" one ) #01 ");
        assert!(s.skip_comment());
        assert_eq!(tokens(s), ["#01"]);
        assert!(!body(" one #01 ").skip_comment());
    }

    #[test]
    fn token_limit() {
        let ok = "x".repeat(TOKEN_MAX);
        assert_eq!(tokens(file(&ok)), [ok.as_str()]);
        let long = "x".repeat(TOKEN_MAX + 1);
        assert_eq!(file(&long).next_token(), Err(ok.into_bytes()));
    }

    #[test]
    fn macro_bodies() {
        assert_eq!(
            file(" ( a b ) { x { y } z } w").read_macro_body(),
            b" x { y } z ".to_vec()
        );
        assert_eq!(
            file(" { a \"50% ( c ) }").read_macro_body(),
            b" a \"50% ( c ) "
        );
        assert_eq!(file(" { a \0 b }").read_macro_body(), b" a ".to_vec());
    }
}
