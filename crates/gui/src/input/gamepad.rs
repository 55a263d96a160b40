//! Gamepads → Controller buttons, with hot-plugging.
//!
//! gilrs runs on its own thread (it blocks waiting for pad events); every pad feeds the
//! one Controller: a button is held while any pad holds it. Face buttons South/West are
//! A and East/North are B, so both layouts of pads work; the d-pad and the left stick
//! (outside a dead zone) are the arrows.

use std::collections::HashMap;
use std::thread;

use gilrs::{Axis, Button, EventType, GamepadId, Gilrs};

use varvara::Event;

const A: u8 = 0x01;
const B: u8 = 0x02;
const SELECT: u8 = 0x04;
const START: u8 = 0x08;
const UP: u8 = 0x10;
const DOWN: u8 = 0x20;
const LEFT: u8 = 0x40;
const RIGHT: u8 = 0x80;

/// How far the stick must lean to count as an arrow. Larger than the reference's
/// ~10 % because an analogue stick drifts and a d-pad press should be deliberate.
pub const DEAD_ZONE: f32 = 0.4;

pub fn button_mask(button: Button) -> Option<u8> {
    Some(match button {
        Button::South | Button::West => A,
        Button::East | Button::North => B,
        Button::Select => SELECT,
        Button::Start => START,
        Button::DPadUp => UP,
        Button::DPadDown => DOWN,
        Button::DPadLeft => LEFT,
        Button::DPadRight => RIGHT,
        _ => return None,
    })
}

/// What one pad did, reduced to what the mapping needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PadInput {
    Button(Button, bool),
    Axis(Axis, f32),
    Gone,
}

#[derive(Clone, Copy, Debug, Default)]
struct Pad {
    buttons: u8,
    stick_x: u8,
    stick_y: u8,
}

impl Pad {
    fn mask(&self) -> u8 {
        self.buttons | self.stick_x | self.stick_y
    }
}

/// The combined state of every pad, and the Controller events its changes cause.
#[derive(Debug, Default)]
pub struct Pads {
    pads: HashMap<usize, Pad>,
    held: u8,
}

impl Pads {
    pub fn update(&mut self, pad: usize, input: PadInput) -> Vec<Event> {
        match input {
            PadInput::Gone => {
                self.pads.remove(&pad);
            }
            PadInput::Button(button, down) => {
                if let Some(mask) = button_mask(button) {
                    let p = self.pads.entry(pad).or_default();
                    p.buttons = if down {
                        p.buttons | mask
                    } else {
                        p.buttons & !mask
                    };
                }
            }
            PadInput::Axis(axis, value) => {
                let lean = |neg, pos| match value {
                    v if v < -DEAD_ZONE => neg,
                    v if v > DEAD_ZONE => pos,
                    _ => 0,
                };
                let p = self.pads.entry(pad).or_default();
                match axis {
                    Axis::LeftStickX | Axis::DPadX => p.stick_x = lean(LEFT, RIGHT),
                    // gilrs: positive y is up.
                    Axis::LeftStickY | Axis::DPadY => p.stick_y = lean(DOWN, UP),
                    _ => {}
                }
            }
        }
        let now = self.pads.values().fold(0, |m, p| m | p.mask());
        let (released, pressed) = (self.held & !now, now & !self.held);
        self.held = now;
        let mut events = Vec::new();
        if released != 0 {
            events.push(Event::ButtonUp(released));
        }
        if pressed != 0 {
            events.push(Event::ButtonDown(pressed));
        }
        events
    }
}

/// Starts the gamepad thread; `send` receives every Controller event. Without gamepad
/// support the app runs on with one line on stderr.
pub fn spawn(send: impl Fn(Event) + Send + 'static) {
    let spawned = thread::Builder::new()
        .name("gamepads".into())
        .spawn(move || {
            let mut gilrs = match Gilrs::new() {
                Ok(gilrs) => gilrs,
                Err(err) => {
                    say!("gamepad: not available ({err}); running without");
                    return;
                }
            };
            let mut pads = Pads::default();
            loop {
                let Some(event) = gilrs.next_event_blocking(None) else {
                    continue;
                };
                let input = match event.event {
                    EventType::ButtonPressed(b, _) => PadInput::Button(b, true),
                    EventType::ButtonReleased(b, _) => PadInput::Button(b, false),
                    EventType::AxisChanged(a, v, _) => PadInput::Axis(a, v),
                    EventType::Disconnected => PadInput::Gone,
                    EventType::Connected => {
                        crate::log::state(&format!(
                            "gamepad connected: {}",
                            gilrs.gamepad(event.id).name()
                        ));
                        continue;
                    }
                    _ => continue,
                };
                for e in pads.update(index(event.id), input) {
                    send(e);
                }
            }
        });
    if let Err(err) = spawned {
        say!("gamepad: cannot start its thread ({err}); running without");
    }
}

fn index(id: GamepadId) -> usize {
    id.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_map_to_the_controller() {
        let rows = [
            (Button::South, A),
            (Button::West, A),
            (Button::East, B),
            (Button::North, B),
            (Button::Select, SELECT),
            (Button::Start, START),
            (Button::DPadUp, UP),
            (Button::DPadDown, DOWN),
            (Button::DPadLeft, LEFT),
            (Button::DPadRight, RIGHT),
        ];
        for (button, mask) in rows {
            let mut pads = Pads::default();
            assert_eq!(
                pads.update(0, PadInput::Button(button, true)),
                [Event::ButtonDown(mask)]
            );
            assert_eq!(
                pads.update(0, PadInput::Button(button, false)),
                [Event::ButtonUp(mask)]
            );
        }
        assert_eq!(button_mask(Button::Mode), None);
        assert_eq!(button_mask(Button::LeftTrigger), None);
    }

    #[test]
    fn stick_with_dead_zone() {
        let mut pads = Pads::default();
        assert_eq!(pads.update(0, PadInput::Axis(Axis::LeftStickX, 0.2)), []);
        assert_eq!(
            pads.update(0, PadInput::Axis(Axis::LeftStickX, -0.9)),
            [Event::ButtonDown(LEFT)]
        );
        // Straight from left to right: release, then press.
        assert_eq!(
            pads.update(0, PadInput::Axis(Axis::LeftStickX, 0.9)),
            [Event::ButtonUp(LEFT), Event::ButtonDown(RIGHT)]
        );
        assert_eq!(
            pads.update(0, PadInput::Axis(Axis::LeftStickY, 0.8)),
            [Event::ButtonDown(UP)]
        );
        assert_eq!(
            pads.update(0, PadInput::Axis(Axis::LeftStickY, -0.8)),
            [Event::ButtonUp(UP), Event::ButtonDown(DOWN)]
        );
        assert_eq!(
            pads.update(0, PadInput::Axis(Axis::LeftStickX, 0.0)),
            [Event::ButtonUp(RIGHT)]
        );
        // The right stick does nothing.
        assert_eq!(pads.update(0, PadInput::Axis(Axis::RightStickX, 1.0)), []);
    }

    #[test]
    fn several_pads_share_the_controller() {
        let mut pads = Pads::default();
        assert_eq!(
            pads.update(0, PadInput::Button(Button::South, true)),
            [Event::ButtonDown(A)]
        );
        // A second pad pressing A changes nothing; A stays held until both let go.
        assert_eq!(pads.update(1, PadInput::Button(Button::South, true)), []);
        assert_eq!(pads.update(0, PadInput::Button(Button::South, false)), []);
        assert_eq!(
            pads.update(1, PadInput::Button(Button::South, false)),
            [Event::ButtonUp(A)]
        );
    }

    #[test]
    fn unplugging_releases_its_buttons() {
        let mut pads = Pads::default();
        pads.update(3, PadInput::Button(Button::Start, true));
        pads.update(3, PadInput::Axis(Axis::LeftStickX, 1.0));
        assert_eq!(
            pads.update(3, PadInput::Gone),
            [Event::ButtonUp(START | RIGHT)]
        );
    }

    #[test]
    fn stick_and_dpad_hold_separately() {
        let mut pads = Pads::default();
        pads.update(0, PadInput::Button(Button::DPadLeft, true));
        assert_eq!(pads.update(0, PadInput::Axis(Axis::LeftStickX, -1.0)), []);
        // Centring the stick keeps the d-pad's Left.
        assert_eq!(pads.update(0, PadInput::Axis(Axis::LeftStickX, 0.0)), []);
        assert_eq!(
            pads.update(0, PadInput::Button(Button::DPadLeft, false)),
            [Event::ButtonUp(LEFT)]
        );
    }
}
