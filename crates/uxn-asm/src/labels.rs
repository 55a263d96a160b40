//! The label table and the `.sym` file made from it.

use std::collections::HashMap;

use crate::names;

/// At most this many labels, sublabels and lambda labels: room for all
/// 65 536 lambdas the counter can name and as many other labels. The 2025
/// reference held 1024; a larger table only accepts more programs.
pub(crate) const LIMIT: usize = 0x20000;

struct Label {
    name: Vec<u8>,
    addr: u16,
    used: bool,
}

#[derive(Default)]
pub(crate) struct Labels {
    list: Vec<Label>,
    index: HashMap<Vec<u8>, usize>,
}

impl Labels {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn find(&self, name: &[u8]) -> Option<usize> {
        self.index.get(names::key(name)).copied()
    }

    /// Adds a label; the caller has checked the name and the limit.
    pub fn define(&mut self, name: Vec<u8>, addr: u16) {
        let id = self.list.len();
        self.index.entry(names::key(&name).to_vec()).or_insert(id);
        self.list.push(Label {
            name,
            addr,
            used: false,
        });
    }

    pub fn addr(&self, id: usize) -> u16 {
        self.list[id].addr
    }

    pub fn mark_used(&mut self, id: usize) {
        self.list[id].used = true;
    }

    /// Labels never referenced, except names starting with an uppercase
    /// letter, which by convention are public (devices, library scopes).
    pub fn unused(&self) -> impl Iterator<Item = &[u8]> {
        self.list
            .iter()
            .filter(|l| !l.used && !l.name.first().is_some_and(u8::is_ascii_uppercase))
            .map(|l| l.name.as_slice())
    }

    /// The `.sym` file: per label, in definition order, the big-endian
    /// address, the name and a zero byte.
    pub fn sym_file(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for label in &self.list {
            out.extend_from_slice(&label.addr.to_be_bytes());
            out.extend_from_slice(&label.name);
            out.push(0);
        }
        out
    }
}
