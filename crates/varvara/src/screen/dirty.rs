//! Bookkeeping of the screen area changed since someone last looked.

/// A rectangle of screen pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// A non-empty pixel area, `x0..x1` × `y0..y1`, inside the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Area {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Area {
    pub fn union(self, other: Area) -> Area {
        Area {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    pub fn rect(self) -> Rect {
        // Screen sides are at most 2048, so every coordinate fits a u16.
        Rect {
            x: self.x0 as u16,
            y: self.y0 as u16,
            width: (self.x1 - self.x0) as u16,
            height: (self.y1 - self.y0) as u16,
        }
    }
}

/// The bounding box of everything marked since the last [`Dirty::take`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Dirty(Option<Area>);

impl Dirty {
    pub fn mark(&mut self, area: Area) {
        self.0 = Some(self.0.map_or(area, |old| old.union(area)));
    }

    pub fn take(&mut self) -> Option<Area> {
        self.0.take()
    }
}
