//! The window must fit its monitor: the zoom in use is the largest one, at most the
//! zoom the user chose, at which the whole window (decorations included) fits the room
//! the desktop leaves it; 1× when even that does not fit. Zoom keys skip zooms that
//! would not fit. Pure arithmetic, in physical pixels.

use crate::view::{self, Layout};

/// A rectangle of the desktop, in physical pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Area {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl Area {
    /// The part of both, `None` if they do not overlap.
    pub fn intersect(self, other: Area) -> Option<Area> {
        let x0 = self.x.max(other.x);
        let y0 = self.y.max(other.y);
        let x1 = self.right().min(other.right());
        let y1 = self.bottom().min(other.bottom());
        (x1 > i64::from(x0) && y1 > i64::from(y0)).then(|| Area {
            x: x0,
            y: y0,
            width: (x1 - i64::from(x0)) as u32,
            height: (y1 - i64::from(y0)) as u32,
        })
    }

    fn right(self) -> i64 {
        i64::from(self.x) + i64::from(self.width)
    }

    fn bottom(self) -> i64 {
        i64::from(self.y) + i64::from(self.height)
    }
}

/// Where the window has to fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Room {
    /// The monitor's work area: the monitor without the desktop's panels.
    pub area: Area,
    /// What the decorations add to the window's inside: (width, height).
    pub frame: (u32, u32),
}

impl Room {
    /// Whether the window for `screen` at `zoom` fits, decorations included.
    pub fn fits(&self, screen: (u16, u16), zoom: u8) -> bool {
        let (w, h) = Layout::window_size(screen, zoom);
        w.saturating_add(self.frame.0) <= self.area.width
            && h.saturating_add(self.frame.1) <= self.area.height
    }
}

/// Whether `zoom` fits; anything fits where the room is not known.
fn fits(room: Option<&Room>, screen: (u16, u16), zoom: u8) -> bool {
    room.is_none_or(|r| r.fits(screen, zoom))
}

/// The zoom to use: the largest from `chosen` down that fits, else 1.
pub fn usable(chosen: u8, screen: (u16, u16), room: Option<&Room>) -> u8 {
    (1..=chosen.max(1))
        .rev()
        .find(|&zoom| fits(room, screen, zoom))
        .unwrap_or(1)
}

/// F1 from the zoom in use: the next of 1 → 2 → 3 → 1, or 1 if that would not fit.
pub fn cycle(used: u8, screen: (u16, u16), room: Option<&Room>) -> u8 {
    let next = view::cycle_zoom(used);
    if fits(room, screen, next) { next } else { 1 }
}

/// Ctrl+= from the zoom in use: one step up if it fits (a larger zoom fits even less),
/// else no change.
pub fn zoom_in(used: u8, screen: (u16, u16), room: Option<&Room>) -> Option<u8> {
    let next = view::zoom_in(used);
    (next != used && fits(room, screen, next)).then_some(next)
}

/// Where a window of `outer` size (decorations included) at `position` goes so that it
/// lies inside `area`: moved left and up as little as needed, never past the area's
/// top-left corner. A window inside already stays where it is.
pub fn keep_inside(position: (i32, i32), outer: (u32, u32), area: Area) -> (i32, i32) {
    let place = |pos: i32, size: u32, start: i32, room: u32| -> i32 {
        let last = i64::from(start) + i64::from(room) - i64::from(size);
        i64::from(pos).min(last).max(i64::from(start)) as i32
    };
    (
        place(position.0, outer.0, area.x, area.width),
        place(position.1, outer.1, area.y, area.height),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1280×800 monitor under a window manager with a 10×30 frame.
    fn room_1280x800() -> Room {
        Room {
            area: Area {
                x: 0,
                y: 0,
                width: 1280,
                height: 800,
            },
            frame: (10, 30),
        }
    }

    #[test]
    fn decorations_count() {
        let room = room_1280x800();
        assert!(room.fits((512, 320), 2)); // 1034×670
        // 636×386 at 2 is 1272×772: fits alone, not with the frame.
        assert!(!room.fits((636, 386), 2));
        assert!(room.fits((636, 386), 1));
        assert!(room.fits((635, 385), 2));
        assert!(room.fits((1270, 770), 1));
        assert!(!room.fits((1271, 770), 1));
        assert!(!room.fits((1270, 771), 1));
    }

    #[test]
    fn the_largest_zoom_that_fits_at_most_the_chosen_one() {
        let room = room_1280x800();
        let r = Some(&room);
        assert_eq!(usable(3, (512, 320), r), 2);
        assert_eq!(usable(2, (512, 320), r), 2);
        assert_eq!(usable(1, (512, 320), r), 1);
        assert_eq!(usable(6, (128, 96), r), 6);
        assert_eq!(usable(6, (200, 100), r), 6); // 1210×630
        assert_eq!(usable(6, (256, 160), r), 4); // 1034×670; 5 would be 1290 wide
        // Nothing fits: 1×, cut by the window manager.
        assert_eq!(usable(3, (2048, 2048), r), 1);
        // Unknown room: the chosen zoom.
        assert_eq!(usable(3, (2048, 2048), None), 3);
        assert_eq!(usable(0, (512, 320), None), 1);
    }

    #[test]
    fn f1_skips_zooms_that_do_not_fit() {
        let room = room_1280x800();
        let r = Some(&room);
        // 512×320: 2× fits, 3× does not.
        assert_eq!(cycle(1, (512, 320), r), 2);
        assert_eq!(cycle(2, (512, 320), r), 1);
        // 128×96: every step fits.
        assert_eq!(cycle(1, (128, 96), r), 2);
        assert_eq!(cycle(2, (128, 96), r), 3);
        assert_eq!(cycle(3, (128, 96), r), 1);
        // 800×600: nothing larger than 1×.
        assert_eq!(cycle(1, (800, 600), r), 1);
        assert_eq!(cycle(2, (512, 320), None), 3);
    }

    #[test]
    fn ctrl_plus_stops_where_the_window_would_not_fit() {
        let room = room_1280x800();
        let r = Some(&room);
        assert_eq!(zoom_in(1, (512, 320), r), Some(2));
        assert_eq!(zoom_in(2, (512, 320), r), None);
        assert_eq!(zoom_in(5, (128, 96), r), Some(6));
        assert_eq!(zoom_in(6, (128, 96), r), None, "6 is the largest zoom");
        assert_eq!(zoom_in(2, (512, 320), None), Some(3));
    }

    #[test]
    fn work_area_is_the_monitor_without_panels() {
        let monitor = Area {
            x: 1280,
            y: 0,
            width: 1920,
            height: 1080,
        };
        // A desktop-wide work area with a 32-pixel panel at the top.
        let desktop = Area {
            x: 0,
            y: 32,
            width: 3200,
            height: 1048,
        };
        assert_eq!(
            monitor.intersect(desktop),
            Some(Area {
                x: 1280,
                y: 32,
                width: 1920,
                height: 1048
            })
        );
        let elsewhere = Area {
            x: 0,
            y: 0,
            width: 1280,
            height: 1024,
        };
        assert_eq!(monitor.intersect(elsewhere), None);
    }

    #[test]
    fn a_grown_window_is_moved_back_inside() {
        let area = room_1280x800().area;
        // Already inside: stays.
        assert_eq!(keep_inside((100, 50), (1034, 670), area), (100, 50));
        // Past the right and bottom edges: moved left and up just enough.
        assert_eq!(keep_inside((400, 300), (1034, 670), area), (246, 130));
        // Larger than the area: the top-left corner stays visible.
        assert_eq!(keep_inside((400, 300), (2000, 900), area), (0, 0));
        let offset = Area {
            x: 1280,
            y: 32,
            width: 1920,
            height: 1048,
        };
        assert_eq!(keep_inside((1000, 0), (600, 400), offset), (1280, 32));
    }
}
