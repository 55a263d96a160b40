//! Mouse buttons and wheel → Mouse device events (emulator.md §9). Pointer positions
//! are mapped by [`crate::view::Layout::screen_pixel`].

use winit::event::{MouseButton, MouseScrollDelta};

use varvara::Event;

/// The state bit of a button: left 01, middle 02, right 04, back 08, forward 10.
pub fn button_bit(button: MouseButton) -> Option<u8> {
    Some(match button {
        MouseButton::Left => 0x01,
        MouseButton::Middle => 0x02,
        MouseButton::Right => 0x04,
        MouseButton::Back => 0x08,
        MouseButton::Forward => 0x10,
        MouseButton::Other(_) => return None,
    })
}

/// Pixels of a touchpad's smooth scrolling that make one wheel step.
const PIXELS_PER_STEP: f64 = 20.0;

/// Turns wheel movement into whole steps, keeping fractions for the next movement so
/// that touchpads scroll too.
#[derive(Debug, Default)]
pub struct Wheel {
    x: f64,
    y: f64,
}

impl Wheel {
    /// The Scroll event for this movement, `None` while less than a step has built up.
    /// winit's positive x moves content right, i.e. scrolls left, so it is negated:
    /// wheel right → scrollx `0001`, wheel up → scrolly `ffff`.
    pub fn scroll(&mut self, delta: MouseScrollDelta) -> Option<Event> {
        let (x, y) = match delta {
            MouseScrollDelta::LineDelta(x, y) => (f64::from(x), f64::from(y)),
            MouseScrollDelta::PixelDelta(p) => (p.x / PIXELS_PER_STEP, p.y / PIXELS_PER_STEP),
        };
        self.x += x;
        self.y += y;
        let (steps_x, steps_y) = (self.x.trunc(), self.y.trunc());
        self.x -= steps_x;
        self.y -= steps_y;
        let clamp = |v: f64| v.clamp(f64::from(i16::MIN + 1), f64::from(i16::MAX)) as i16;
        let (dx, dy) = (clamp(-steps_x), clamp(steps_y));
        (dx != 0 || dy != 0).then_some(Event::Scroll { dx, dy })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use winit::dpi::PhysicalPosition;

    #[test]
    fn button_bits() {
        assert_eq!(button_bit(MouseButton::Left), Some(0x01));
        assert_eq!(button_bit(MouseButton::Middle), Some(0x02));
        assert_eq!(button_bit(MouseButton::Right), Some(0x04));
        assert_eq!(button_bit(MouseButton::Back), Some(0x08));
        assert_eq!(button_bit(MouseButton::Forward), Some(0x10));
        assert_eq!(button_bit(MouseButton::Other(9)), None);
    }

    #[test]
    fn wheel_lines() {
        let mut w = Wheel::default();
        // Wheel up (away from the user): positive dy, which the device stores as ffff.
        assert_eq!(
            w.scroll(MouseScrollDelta::LineDelta(0.0, 1.0)),
            Some(Event::Scroll { dx: 0, dy: 1 })
        );
        assert_eq!(
            w.scroll(MouseScrollDelta::LineDelta(0.0, -1.0)),
            Some(Event::Scroll { dx: 0, dy: -1 })
        );
        // X11 button 6 (scroll left) arrives as +1.0.
        assert_eq!(
            w.scroll(MouseScrollDelta::LineDelta(1.0, 0.0)),
            Some(Event::Scroll { dx: -1, dy: 0 })
        );
        assert_eq!(w.scroll(MouseScrollDelta::LineDelta(0.0, 0.0)), None);
    }

    #[test]
    fn smooth_scrolling_adds_up() {
        let mut w = Wheel::default();
        let px = |y| MouseScrollDelta::PixelDelta(PhysicalPosition::new(0.0, y));
        assert_eq!(w.scroll(px(15.0)), None);
        assert_eq!(w.scroll(px(15.0)), Some(Event::Scroll { dx: 0, dy: 1 }));
        assert_eq!(w.scroll(px(-50.0)), Some(Event::Scroll { dx: 0, dy: -2 }));
    }
}
