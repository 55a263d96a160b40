//! How the Varvara screen sits in the window: the zoom, the integer scale and the
//! offset of the picture (centred with black bars in fullscreen), and the mapping of
//! pointer positions back to screen pixels. Pure arithmetic, in physical pixels.

/// The largest zoom Ctrl+= reaches.
pub const MAX_ZOOM: u8 = 6;

/// F1: 1 → 2 → 3 → 1 (from 4–6 back to 1).
pub fn cycle_zoom(zoom: u8) -> u8 {
    if zoom >= 3 { 1 } else { zoom + 1 }
}

/// Ctrl+=: one step up, at most [`MAX_ZOOM`].
pub fn zoom_in(zoom: u8) -> u8 {
    (zoom + 1).min(MAX_ZOOM)
}

/// Ctrl+-: one step down, at least 1.
pub fn zoom_out(zoom: u8) -> u8 {
    zoom.saturating_sub(1).max(1)
}

/// Where the picture goes in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Window pixels per screen pixel.
    pub scale: u32,
    /// Window position of the screen's top-left pixel (negative when the window is
    /// too small and the picture is cut).
    pub x: i32,
    pub y: i32,
}

impl Layout {
    /// `window` and `screen` are (width, height). In a window the picture is drawn at
    /// `zoom`, at the top left, or centred if the window manager made the window larger.
    /// In fullscreen it is as large as an integer scale allows, centred.
    pub fn new(window: (u32, u32), screen: (u16, u16), zoom: u8, fullscreen: bool) -> Layout {
        let (sw, sh) = (u32::from(screen.0.max(1)), u32::from(screen.1.max(1)));
        let scale = if fullscreen {
            (window.0 / sw).min(window.1 / sh).max(1)
        } else {
            u32::from(zoom.max(1))
        };
        let centre = |win: u32, size: u32| {
            let spare = i64::from(win) - i64::from(size * scale);
            let spare = if fullscreen { spare } else { spare.max(0) };
            (spare / 2) as i32
        };
        Layout {
            scale,
            x: centre(window.0, sw),
            y: centre(window.1, sh),
        }
    }

    /// The screen pixel under a window position. Positions over the black bars map
    /// outside the screen and, as in the reference, are not clamped: a negative
    /// coordinate wraps to `ffxx` when the ROM reads it.
    pub fn screen_pixel(self, x: f64, y: f64) -> (u16, u16) {
        let map = |pos: f64, offset: i32| {
            let cell = ((pos.floor() as i64) - i64::from(offset)).div_euclid(i64::from(self.scale));
            cell as u16
        };
        (map(x, self.x), map(y, self.y))
    }

    /// The window size a screen needs at this zoom.
    pub fn window_size(screen: (u16, u16), zoom: u8) -> (u32, u32) {
        let z = u32::from(zoom.max(1));
        (u32::from(screen.0) * z, u32::from(screen.1) * z)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps() {
        assert_eq!([1, 2, 3, 4, 6].map(cycle_zoom), [2, 3, 1, 1, 1]);
        assert_eq!([1, 2, 5, 6].map(zoom_in), [2, 3, 6, 6]);
        assert_eq!([1, 2, 6].map(zoom_out), [1, 1, 5]);
    }

    #[test]
    fn window_sizes() {
        assert_eq!(Layout::window_size((512, 320), 1), (512, 320));
        assert_eq!(Layout::window_size((512, 320), 3), (1536, 960));
        assert_eq!(Layout::window_size((8, 2048), 2), (16, 4096));
    }

    #[test]
    fn pointer_at_each_zoom() {
        for zoom in 1..=3u8 {
            let z = f64::from(zoom);
            let window = Layout::window_size((512, 320), zoom);
            let l = Layout::new(window, (512, 320), zoom, false);
            assert_eq!(
                l,
                Layout {
                    scale: u32::from(zoom),
                    x: 0,
                    y: 0
                }
            );
            assert_eq!(l.screen_pixel(0.0, 0.0), (0, 0));
            assert_eq!(l.screen_pixel(10.0 * z + z - 0.5, 7.0 * z), (10, 7));
            assert_eq!(
                l.screen_pixel(511.0 * z + (z - 1.0), 319.0 * z + (z - 1.0)),
                (511, 319)
            );
        }
    }

    #[test]
    fn fullscreen_letterbox() {
        // 512x320 on 1920x1080: scale 3 (1536x960), bars of 192 left/right, 60 top/bottom.
        let l = Layout::new((1920, 1080), (512, 320), 1, true);
        assert_eq!(
            l,
            Layout {
                scale: 3,
                x: 192,
                y: 60
            }
        );
        assert_eq!(l.screen_pixel(192.0, 60.0), (0, 0));
        assert_eq!(
            l.screen_pixel(192.0 + 3.0 * 100.0 + 2.0, 60.0 + 3.0 * 50.0),
            (100, 50)
        );
        assert_eq!(l.screen_pixel(1727.0, 1019.0), (511, 319));
        // In the bars, the coordinates run on past the edges without clamping.
        assert_eq!(l.screen_pixel(1728.0, 1020.0), (512, 320));
        assert_eq!(l.screen_pixel(191.0, 59.0), (0xffff, 0xffff));
        assert_eq!(l.screen_pixel(0.0, 0.0), ((-64i16) as u16, (-20i16) as u16));
    }

    #[test]
    fn fullscreen_never_below_one() {
        // A screen larger than the monitor is cut around its centre at 1x.
        let l = Layout::new((1024, 768), (2048, 800), 1, true);
        assert_eq!(
            l,
            Layout {
                scale: 1,
                x: -512,
                y: -16
            }
        );
        assert_eq!(l.screen_pixel(0.0, 0.0), (512, 16));
    }

    #[test]
    fn window_larger_than_asked_centres_the_picture() {
        let l = Layout::new((600, 400), (512, 320), 1, false);
        assert_eq!(
            l,
            Layout {
                scale: 1,
                x: 44,
                y: 40
            }
        );
        assert_eq!(l.screen_pixel(44.0, 40.0), (0, 0));
        // Smaller than asked: top-left kept, the rest cut.
        let l = Layout::new((300, 200), (512, 320), 2, false);
        assert_eq!(
            l,
            Layout {
                scale: 2,
                x: 0,
                y: 0
            }
        );
    }
}
