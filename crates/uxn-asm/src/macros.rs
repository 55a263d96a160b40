//! The macro table.

use std::collections::HashMap;
use std::rc::Rc;

use crate::names;

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

    /// Adds a macro; the caller has checked the name and the limit.
    pub fn define(&mut self, name: &[u8], body: Vec<u8>) {
        let id = self.bodies.len();
        self.index.entry(names::key(name).to_vec()).or_insert(id);
        self.bodies.push(body.into());
    }
}
