//! Host input → what it means: a Varvara event for the ROM, or an [`Action`] for the
//! app. Each source (keyboard, mouse, gamepad) has its own file; none of them touches
//! the machine or the window.

pub mod gamepad;
pub mod keyboard;
pub mod keymap;
pub mod mouse;

use crate::action::Action;

/// One thing a host input asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Goes to the ROM.
    Machine(varvara::Event),
    /// Handled by the app.
    Action(Action),
}
