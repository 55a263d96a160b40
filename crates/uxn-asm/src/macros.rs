//! The macro table, how a bare word calls a macro, and what a body may hold.
//!
//! Uxntal 54K expands a body token by token, so a body may hold comments and
//! `%` characters (`"50%`); only a body token starting with `%` is refused,
//! as a macro cannot define a macro. The 2025 reference refused every `%`
//! and every comment in a body.

use std::collections::HashMap;
use std::rc::Rc;

use crate::{comments, names};

/// At most this many macros.
pub(crate) const LIMIT: usize = 0x100;

#[derive(Default)]
pub(crate) struct Macros {
    bodies: Vec<Rc<[u8]>>,
    index: HashMap<Vec<u8>, usize>,
}

impl Macros {
    pub fn len(&self) -> usize {
        self.bodies.len()
    }

    pub fn find(&self, name: &[u8]) -> Option<Rc<[u8]>> {
        let id = *self.index.get(names::key(name))?;
        Some(Rc::clone(&self.bodies[id]))
    }

    /// The body of the macro a bare word calls: the macro of that exact name,
    /// else, for `/rest`, the macro `<scope>/rest`. The exact name is tried
    /// first so that a macro literally named `/rest`, which the 2025
    /// reference expanded, still wins.
    pub fn find_call(&self, word: &[u8], scope: &[u8]) -> Option<Rc<[u8]>> {
        self.find(word).or_else(|| {
            let rest = word.strip_prefix(b"/")?;
            self.find(&names::join(scope, rest))
        })
    }

    /// Adds a macro; the caller has checked the name and the limit.
    pub fn define(&mut self, name: &[u8], body: Vec<u8>) {
        let id = self.bodies.len();
        self.index.entry(names::key(name).to_vec()).or_insert(id);
        self.bodies.push(body.into());
    }
}

/// Whether a body holds a word starting with `%` outside its comments (such
/// a word would be a macro definition once the body is expanded).
pub(crate) fn defines_a_macro(body: &[u8]) -> bool {
    let mut comment_depth = 0;
    for word in body.split(|&b| b <= 0x20).filter(|w| !w.is_empty()) {
        if comment_depth > 0 {
            comment_depth = comments::depth_after(comment_depth, word);
        } else if comments::opens(word) {
            comment_depth = 1;
        } else if word[0] == b'%' {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_words_outside_comments_define_macros() {
        assert!(defines_a_macro(b" #01 %x "));
        assert!(defines_a_macro(b" %n { } "));
        assert!(defines_a_macro(b" #01 %x"));
        assert!(!defines_a_macro(b" LIT \"% \"50% "));
        assert!(!defines_a_macro(b" ( %x ) #01 "));
        assert!(!defines_a_macro(b" (doc %x ) "));
        assert!(defines_a_macro(b" ( a ) %x "));
        assert!(defines_a_macro(b" ( ( a ) ) %x "));
    }

    #[test]
    fn slash_words_call_scoped_macros() {
        let mut m = Macros::default();
        m.define(b"grid/twice", b" DUP ADD ".to_vec());
        assert!(m.find_call(b"/twice", b"grid").is_some());
        assert!(m.find_call(b"grid/twice", b"other").is_some());
        assert!(m.find_call(b"/twice", b"other").is_none());
        assert!(m.find_call(b"twice", b"grid").is_none());
        m.define(b"/twice", b" INC ".to_vec());
        assert_eq!(&*m.find_call(b"/twice", b"grid").unwrap(), b" INC ");
    }
}
