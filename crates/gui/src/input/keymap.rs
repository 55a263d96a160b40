//! The hotkeys, as data: which key chord performs which [`Action`].
//!
//! Function keys work with any modifier held, as in the reference (they never produce
//! a key code). The Ctrl chords are this emulator's additions; they are looked up
//! before the reference's Ctrl+key → key-code rule, so Ctrl+O, Ctrl+P, Ctrl+= and
//! Ctrl+- reach the app instead of the ROM (Left Ctrl itself still presses button A).

use winit::keyboard::{Key, NamedKey};

use crate::action::Action;

/// A key that performs an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chord {
    /// A named key, whatever the modifiers.
    Plain(NamedKey),
    /// Ctrl (either side) with the key that carries this character on the layout.
    Ctrl(char),
}

pub const HOTKEYS: &[(Chord, Action)] = &[
    (Chord::Plain(NamedKey::F1), Action::CycleZoom),
    (Chord::Plain(NamedKey::F2), Action::DebugDump),
    (Chord::Plain(NamedKey::F3), Action::Quit),
    (Chord::Plain(NamedKey::F4), Action::Reboot),
    (Chord::Plain(NamedKey::F5), Action::SoftReboot),
    (Chord::Plain(NamedKey::F10), Action::Screenshot),
    (Chord::Plain(NamedKey::PrintScreen), Action::Screenshot),
    (Chord::Plain(NamedKey::F11), Action::ToggleFullscreen),
    (Chord::Plain(NamedKey::F12), Action::ToggleDecorations),
    (Chord::Ctrl('o'), Action::Open),
    (Chord::Ctrl('p'), Action::TogglePause),
    (Chord::Ctrl('='), Action::ZoomIn),
    // The keypad's plus, and Shift+= on layouts where it is its own key.
    (Chord::Ctrl('+'), Action::ZoomIn),
    (Chord::Ctrl('-'), Action::ZoomOut),
];

/// The Ctrl chord bound to `key` (the key as the layout names it without modifiers).
pub fn ctrl_action(key: &Key) -> Option<Action> {
    let Key::Character(text) = key else {
        return None;
    };
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let c = c.to_ascii_lowercase();
    find(|chord| chord == Chord::Ctrl(c))
}

/// The function-key action bound to `key`.
pub fn plain_action(key: &Key) -> Option<Action> {
    let Key::Named(named) = key else {
        return None;
    };
    find(|chord| chord == Chord::Plain(*named))
}

fn find(matches: impl Fn(Chord) -> bool) -> Option<Action> {
    HOTKEYS
        .iter()
        .find(|(chord, _)| matches(*chord))
        .map(|&(_, action)| action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(s: &str) -> Key {
        Key::Character(s.into())
    }

    #[test]
    fn function_keys() {
        let f = |n| plain_action(&Key::Named(n));
        assert_eq!(f(NamedKey::F1), Some(Action::CycleZoom));
        assert_eq!(f(NamedKey::F2), Some(Action::DebugDump));
        assert_eq!(f(NamedKey::F3), Some(Action::Quit));
        assert_eq!(f(NamedKey::F4), Some(Action::Reboot));
        assert_eq!(f(NamedKey::F5), Some(Action::SoftReboot));
        assert_eq!(f(NamedKey::F10), Some(Action::Screenshot));
        assert_eq!(f(NamedKey::PrintScreen), Some(Action::Screenshot));
        assert_eq!(f(NamedKey::F11), Some(Action::ToggleFullscreen));
        assert_eq!(f(NamedKey::F12), Some(Action::ToggleDecorations));
        // F6–F9 do nothing, as in the reference.
        assert_eq!(f(NamedKey::F6), None);
        assert_eq!(f(NamedKey::F9), None);
        assert_eq!(plain_action(&ch("o")), None);
    }

    #[test]
    fn ctrl_chords() {
        assert_eq!(ctrl_action(&ch("o")), Some(Action::Open));
        assert_eq!(ctrl_action(&ch("O")), Some(Action::Open));
        assert_eq!(ctrl_action(&ch("p")), Some(Action::TogglePause));
        assert_eq!(ctrl_action(&ch("=")), Some(Action::ZoomIn));
        assert_eq!(ctrl_action(&ch("+")), Some(Action::ZoomIn));
        assert_eq!(ctrl_action(&ch("-")), Some(Action::ZoomOut));
        assert_eq!(ctrl_action(&ch("a")), None);
        assert_eq!(ctrl_action(&ch("op")), None);
        assert_eq!(ctrl_action(&Key::Named(NamedKey::F1)), None);
    }
}
