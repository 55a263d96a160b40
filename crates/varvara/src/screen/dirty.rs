//! Bookkeeping of the screen area changed since someone last looked.

use std::ops::Sub;

/// A rectangle of screen pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

/// A non-empty rectangle given by its corners, `x0..x1` × `y0..y1`: screen pixels inside
/// the screen here, window pixels in a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Area<T = usize> {
    pub x0: T,
    pub y0: T,
    pub x1: T,
    pub y1: T,
}

impl<T: Copy + Ord> Area<T> {
    /// The smallest area holding both.
    pub fn union(self, other: Area<T>) -> Area<T> {
        Area {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

impl<T: Copy + Sub<Output = T>> Area<T> {
    pub fn width(self) -> T {
        self.x1 - self.x0
    }

    pub fn height(self) -> T {
        self.y1 - self.y0
    }
}

impl<T: Copy + Sub<Output = T> + Into<u64>> Area<T> {
    /// How many pixels it holds.
    pub fn pixels(self) -> u64 {
        self.width().into() * self.height().into()
    }
}

impl Area {
    pub(crate) fn rect(self) -> Rect {
        // Screen sides are at most 2048, so every coordinate fits a u16.
        Rect {
            x: self.x0 as u16,
            y: self.y0 as u16,
            width: (self.x1 - self.x0) as u16,
            height: (self.y1 - self.y0) as u16,
        }
    }
}

impl From<Rect> for Area {
    fn from(rect: Rect) -> Area {
        let (x, y) = (usize::from(rect.x), usize::from(rect.y));
        Area {
            x0: x,
            y0: y,
            x1: x + usize::from(rect.width),
            y1: y + usize::from(rect.height),
        }
    }
}

impl Rect {
    /// The smallest rectangle holding both.
    pub fn union(self, other: Rect) -> Rect {
        Area::from(self).union(Area::from(other)).rect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_hold_both_rectangles() {
        let a = Rect {
            x: 2,
            y: 10,
            width: 3,
            height: 1,
        };
        let b = Rect {
            x: 0,
            y: 4,
            width: 1,
            height: 2,
        };
        let both = Rect {
            x: 0,
            y: 4,
            width: 5,
            height: 7,
        };
        assert_eq!(a.union(b), both);
        assert_eq!(b.union(a), both);
        assert_eq!(a.union(a), a);
        let area = Area::<u32> {
            x0: 1,
            y0: 2,
            x1: 4,
            y1: 3,
        };
        let wide = area.union(Area {
            x0: 0,
            y0: 2,
            x1: 2,
            y1: 3,
        });
        assert_eq!(
            (wide.x0, wide.x1, wide.width(), wide.pixels()),
            (0, 4, 4, 4)
        );
    }
}
