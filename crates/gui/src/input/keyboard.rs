//! Keyboard → Controller, exactly as emulator.md §6.1–6.3 orders it.
//!
//! For each key press: (1) a key code from the key itself (Backspace, Tab, Enter,
//! Escape, Delete; with Ctrl held, the character under the key); (2) if there is one it
//! is the whole effect; (3) else a button key presses its button; (4) else a hotkey.
//! Then the text the press typed arrives byte by byte as key codes (§6.3), except while
//! Ctrl is held. Releases only release buttons.

use winit::keyboard::{Key, KeyCode, NamedKey};

use super::Input;
use super::keymap;
use varvara::Event;

/// One key press as the window reports it, reduced to what the mapping needs.
#[derive(Clone, Copy, Debug)]
pub struct KeyPress<'a> {
    /// The physical key: decides the buttons (left-side modifiers only, no keypad).
    pub code: Option<KeyCode>,
    /// The key as the layout names it without modifiers (SDL's "keycode").
    pub key: &'a Key,
    /// The text this press typed, if any.
    pub text: Option<&'a str>,
    /// Either Ctrl key is held.
    pub ctrl: bool,
    /// Either Shift key is held.
    pub shift: bool,
}

/// The Controller button of a physical key (emulator.md §6.1 step 3).
pub fn button(code: KeyCode) -> Option<u8> {
    Some(match code {
        KeyCode::ControlLeft => 0x01,
        KeyCode::AltLeft => 0x02,
        KeyCode::ShiftLeft => 0x04,
        KeyCode::Home => 0x08,
        KeyCode::ArrowUp => 0x10,
        KeyCode::ArrowDown => 0x20,
        KeyCode::ArrowLeft => 0x40,
        KeyCode::ArrowRight => 0x80,
        _ => return None,
    })
}

/// The key code a press produces by itself (emulator.md §6.1 step 1), 0 for none.
///
/// Keys are taken by what they mean on the layout, so the keypad's Enter and Delete
/// (Num Lock off) give `0d` and `7f` like the main ones; the reference ignores them,
/// which only loses keys a ROM would treat the same way.
///
/// With Ctrl, letters give the lowercase letter, or uppercase with Shift. (The
/// reference only uppercases for Left Shift and turns Right Shift into a wrong
/// character; here either Shift uppercases.)
pub fn key_code(key: &Key, ctrl: bool, shift: bool) -> u8 {
    match key {
        Key::Named(NamedKey::Backspace) => 0x08,
        Key::Named(NamedKey::Tab) => 0x09,
        Key::Named(NamedKey::Enter) => 0x0d,
        Key::Named(NamedKey::Escape) => 0x1b,
        Key::Named(NamedKey::Delete) => 0x7f,
        Key::Named(NamedKey::Space) if ctrl => b' ',
        Key::Character(text) if ctrl => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ ' '..='`'), None) => c as u8,
                (Some(c @ 'a'..='z'), None) if shift => c.to_ascii_uppercase() as u8,
                (Some(c @ 'a'..='z'), None) => c as u8,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Keeps the buttons the keyboard holds, to let them go when the window loses focus.
#[derive(Debug, Default)]
pub struct Keyboard {
    held: u8,
}

impl Keyboard {
    pub fn press(&mut self, press: &KeyPress) -> Vec<Input> {
        let mut out = Vec::new();
        if press.ctrl
            && let Some(action) = keymap::ctrl_action(press.key)
        {
            out.push(Input::Action(action));
            return out;
        }
        let k = key_code(press.key, press.ctrl, press.shift);
        if k != 0 {
            out.push(Input::Machine(Event::Key(k)));
        } else if let Some(mask) = press.code.and_then(button) {
            self.held |= mask;
            out.push(Input::Machine(Event::ButtonDown(mask)));
        } else if let Some(action) = keymap::plain_action(press.key) {
            out.push(Input::Action(action));
        }
        if !press.ctrl
            && let Some(text) = press.text
        {
            // Control characters arrive through their keys above, not as text.
            let typed = text.bytes().filter(|&b| b >= 0x20 && b != 0x7f);
            out.extend(typed.map(|b| Input::Machine(Event::Key(b))));
        }
        out
    }

    pub fn release(&mut self, code: Option<KeyCode>) -> Option<Input> {
        let mask = code.and_then(button)?;
        self.held &= !mask;
        Some(Input::Machine(Event::ButtonUp(mask)))
    }

    /// Releases every button still held (focus lost: its release will never arrive).
    pub fn release_all(&mut self) -> Vec<Input> {
        let held = std::mem::take(&mut self.held);
        (0..8)
            .map(|bit| 1u8 << bit)
            .filter(|mask| held & mask != 0)
            .map(|mask| Input::Machine(Event::ButtonUp(mask)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;

    fn press(kb: &mut Keyboard, code: Option<KeyCode>, key: Key, text: Option<&str>) -> Vec<Input> {
        kb.press(&KeyPress {
            code,
            key: &key,
            text,
            ctrl: false,
            shift: false,
        })
    }

    fn press_mod(
        code: KeyCode,
        key: Key,
        text: Option<&str>,
        ctrl: bool,
        shift: bool,
    ) -> Vec<Input> {
        Keyboard::default().press(&KeyPress {
            code: Some(code),
            key: &key,
            text,
            ctrl,
            shift,
        })
    }

    fn key(k: u8) -> Input {
        Input::Machine(Event::Key(k))
    }

    fn named(n: NamedKey) -> Key {
        Key::Named(n)
    }

    fn ch(s: &str) -> Key {
        Key::Character(s.into())
    }

    #[test]
    fn control_keys_give_their_codes_and_no_text() {
        let mut kb = Keyboard::default();
        let rows = [
            (KeyCode::Backspace, NamedKey::Backspace, "\u{8}", 0x08),
            (KeyCode::Tab, NamedKey::Tab, "\t", 0x09),
            (KeyCode::Enter, NamedKey::Enter, "\r", 0x0d),
            (KeyCode::Escape, NamedKey::Escape, "\u{1b}", 0x1b),
            (KeyCode::Delete, NamedKey::Delete, "\u{7f}", 0x7f),
        ];
        for (code, name, text, k) in rows {
            assert_eq!(
                press(&mut kb, Some(code), named(name), Some(text)),
                [key(k)],
                "{name:?}"
            );
        }
    }

    #[test]
    fn every_button_key() {
        let rows = [
            (KeyCode::ControlLeft, named(NamedKey::Control), 0x01),
            (KeyCode::AltLeft, named(NamedKey::Alt), 0x02),
            (KeyCode::ShiftLeft, named(NamedKey::Shift), 0x04),
            (KeyCode::Home, named(NamedKey::Home), 0x08),
            (KeyCode::ArrowUp, named(NamedKey::ArrowUp), 0x10),
            (KeyCode::ArrowDown, named(NamedKey::ArrowDown), 0x20),
            (KeyCode::ArrowLeft, named(NamedKey::ArrowLeft), 0x40),
            (KeyCode::ArrowRight, named(NamedKey::ArrowRight), 0x80),
        ];
        for (code, k, mask) in rows {
            let mut kb = Keyboard::default();
            assert_eq!(
                press(&mut kb, Some(code), k, None),
                [Input::Machine(Event::ButtonDown(mask))],
                "{code:?}"
            );
            assert_eq!(
                kb.release(Some(code)),
                Some(Input::Machine(Event::ButtonUp(mask)))
            );
        }
    }

    #[test]
    fn right_modifiers_and_keypad_are_not_buttons() {
        let mut kb = Keyboard::default();
        for code in [
            KeyCode::ControlRight,
            KeyCode::AltRight,
            KeyCode::ShiftRight,
            KeyCode::Numpad8,
        ] {
            assert_eq!(
                press(&mut kb, Some(code), named(NamedKey::ArrowUp), None),
                []
            );
            assert_eq!(kb.release(Some(code)), None);
        }
    }

    #[test]
    fn text_arrives_byte_by_byte() {
        let mut kb = Keyboard::default();
        assert_eq!(
            press(&mut kb, Some(KeyCode::KeyA), ch("a"), Some("a")),
            [key(b'a')]
        );
        assert_eq!(
            press(&mut kb, Some(KeyCode::KeyA), ch("a"), Some("A")),
            [key(b'A')]
        );
        assert_eq!(
            press(
                &mut kb,
                Some(KeyCode::Space),
                named(NamedKey::Space),
                Some(" ")
            ),
            [key(0x20)]
        );
        assert_eq!(
            press(&mut kb, Some(KeyCode::Digit1), ch("1"), Some("!")),
            [key(b'!')]
        );
        // A non-ASCII character is several key events.
        assert_eq!(
            press(&mut kb, Some(KeyCode::KeyE), ch("é"), Some("é")),
            [key(0xc3), key(0xa9)]
        );
        // A dead key types nothing yet.
        assert_eq!(
            press(&mut kb, Some(KeyCode::Quote), Key::Dead(Some('´')), None),
            []
        );
    }

    #[test]
    fn ctrl_letters_and_symbols() {
        let k = |c: &str, shift| press_mod(KeyCode::KeyX, ch(c), Some("\u{18}"), true, shift);
        assert_eq!(k("x", false), [key(b'x')]);
        assert_eq!(k("x", true), [key(b'X')]);
        assert_eq!(k("z", false), [key(b'z')]);
        // Keys below `a`: digits, punctuation.
        assert_eq!(k("1", false), [key(b'1')]);
        assert_eq!(k("[", false), [key(b'[')]);
        assert_eq!(k("/", false), [key(b'/')]);
        assert_eq!(k(";", false), [key(b';')]);
        // Above `z` there is no code.
        assert_eq!(k("{", false), []);
        assert_eq!(
            press_mod(
                KeyCode::Space,
                named(NamedKey::Space),
                Some(" "),
                true,
                false
            ),
            [key(0x20)]
        );
        // Ctrl+arrow is still a button.
        assert_eq!(
            press_mod(
                KeyCode::ArrowUp,
                named(NamedKey::ArrowUp),
                None,
                true,
                false
            ),
            [Input::Machine(Event::ButtonDown(0x10))]
        );
    }

    #[test]
    fn app_chords_come_before_key_codes() {
        let c = |s: &str| press_mod(KeyCode::KeyO, ch(s), None, true, false);
        assert_eq!(c("o"), [Input::Action(Action::Open)]);
        assert_eq!(c("p"), [Input::Action(Action::TogglePause)]);
        assert_eq!(c("="), [Input::Action(Action::ZoomIn)]);
        assert_eq!(c("-"), [Input::Action(Action::ZoomOut)]);
        // Without Ctrl the same keys just type.
        let mut kb = Keyboard::default();
        assert_eq!(
            press(&mut kb, Some(KeyCode::KeyO), ch("o"), Some("o")),
            [key(b'o')]
        );
    }

    #[test]
    fn function_keys_are_hotkeys_even_with_ctrl() {
        let mut kb = Keyboard::default();
        assert_eq!(
            press(&mut kb, Some(KeyCode::F1), named(NamedKey::F1), None),
            [Input::Action(Action::CycleZoom)]
        );
        assert_eq!(
            press_mod(KeyCode::F4, named(NamedKey::F4), None, true, false),
            [Input::Action(Action::Reboot)]
        );
        assert_eq!(
            press(&mut kb, Some(KeyCode::F7), named(NamedKey::F7), None),
            []
        );
    }

    #[test]
    fn focus_loss_releases_held_buttons() {
        let mut kb = Keyboard::default();
        press(
            &mut kb,
            Some(KeyCode::ArrowLeft),
            named(NamedKey::ArrowLeft),
            None,
        );
        press(
            &mut kb,
            Some(KeyCode::ControlLeft),
            named(NamedKey::Control),
            None,
        );
        assert_eq!(
            kb.release_all(),
            [
                Input::Machine(Event::ButtonUp(0x01)),
                Input::Machine(Event::ButtonUp(0x40))
            ]
        );
        assert_eq!(kb.release_all(), []);
    }
}
