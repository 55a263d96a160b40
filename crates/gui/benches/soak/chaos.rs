//! Random input for the soak run: keys (typed, held, and the app's hotkeys) and the mouse
//! (moves in and out of the window, clicks, drags, the wheel) through xdotool, lines on
//! the console, and which file to drop next.
//!
//! Left out on purpose: F3 and Ctrl+O and Ctrl+P (they quit, open a dialog and pause, by
//! design); Alt and Ctrl held down together with other keys (Alt+F4 and others are the
//! window manager's); clicks outside the window (openbox opens its menus on the desktop).

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use x11rb::protocol::xproto::Window;

use crate::files::Files;
use crate::support::tools;
use crate::support::xserver::Xvfb;

/// Keys typed (pressed and released at once).
const TYPED: &[&str] = &[
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "space",
    "Return",
    "BackSpace",
    "Tab",
    "Escape",
    "Delete",
    "comma",
    "period",
    "slash",
    "bracketleft",
    "bracketright",
    "shift+a",
    "shift+z",
    "Up",
    "Down",
    "Left",
    "Right",
    "Control_L",
    "Alt_L",
    "Shift_L",
    "Home",
];
/// Controller keys held down for a while.
const HELD: &[&str] = &["Up", "Down", "Left", "Right", "Home"];
/// The app's hotkeys, and Ctrl with letters that are not.
const HOTKEYS: &[&str] = &[
    "F1",
    "ctrl+equal",
    "ctrl+minus",
    "F2",
    "F4",
    "F5",
    "F10",
    "F11",
    "F12",
    "ctrl+a",
    "ctrl+s",
    "ctrl+z",
];
/// Characters of console lines: no "!", which is the soak ROM's mark.
const CONSOLE: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789 .,-";

#[derive(Default)]
pub struct Counts {
    pub keys: u64,
    pub hotkeys: u64,
    pub moves: u64,
    pub clicks: u64,
    pub wheel: u64,
    pub console_lines: u64,
    pub xdotool_failures: u64,
    pub reloads: u64,
    pub visitors: u64,
    pub junk: u64,
}

impl Counts {
    pub fn events(&self) -> u64 {
        self.keys + self.hotkeys + self.moves + self.clicks + self.wheel + self.console_lines
    }

    pub fn drops(&self) -> u64 {
        self.reloads + self.visitors + self.junk
    }
}

/// What follows a move of the pointer.
enum Then {
    Nothing,
    /// The move goes out of the window (never while the left button is held).
    Leave,
    Click,
    Wheel,
    /// The left button goes down, or up again: a drag in between.
    PressOrRelease,
}

/// What a drop is meant to do.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DropKind {
    /// The busy ROM again: a reload.
    Reload,
    /// Another program that replaces it for a while.
    Visitor,
    /// Something the app must refuse.
    Junk,
}

pub struct Chaos {
    rng: fastrand::Rng,
    held: Vec<&'static str>,
    dragging: bool,
    pub counts: Counts,
}

impl Chaos {
    pub fn new(seed: u64) -> Chaos {
        Chaos {
            rng: fastrand::Rng::with_seed(seed),
            held: Vec::new(),
            dragging: false,
            counts: Counts::default(),
        }
    }

    /// Sends one to three random keys or mouse actions to `window`, whose inside is
    /// `size`.
    pub fn input(&mut self, x: &Xvfb, window: Window, size: (u16, u16)) {
        let mut words: Vec<String> = Vec::new();
        for _ in 0..self.rng.usize(1..=3) {
            if self.rng.f32() < 0.55 {
                self.key(&mut words);
            } else {
                self.mouse(&mut words, window, size);
            }
        }
        self.xdotool(x, &words);
    }

    /// Lets go of every key and button still held.
    pub fn release_all(&mut self, x: &Xvfb) {
        let mut words: Vec<String> = Vec::new();
        for key in self.held.drain(..) {
            words.extend(["keyup".into(), key.into()]);
        }
        if std::mem::take(&mut self.dragging) {
            words.extend(["mouseup".into(), "1".into()]);
        }
        if !words.is_empty() {
            self.xdotool(x, &words);
        }
    }

    /// A random line for the console (with its newline), never the mark.
    pub fn console_line(&mut self) -> Vec<u8> {
        self.counts.console_lines += 1;
        let mut line: Vec<u8> = (0..self.rng.usize(1..=40))
            .map(|_| CONSOLE[self.rng.usize(..CONSOLE.len())])
            .collect();
        line.push(b'\n');
        line
    }

    /// The next file to drop: the busy ROM again while a visitor runs, else a reload, a
    /// visitor or junk.
    pub fn next_drop(&mut self, files: &Files, visitor_running: bool) -> (DropKind, PathBuf) {
        let roll = self.rng.f32();
        let kind = if visitor_running || roll < 0.2 {
            DropKind::Reload
        } else if roll < 0.55 {
            DropKind::Visitor
        } else {
            DropKind::Junk
        };
        let path = match kind {
            DropKind::Reload => files.soak.clone(),
            DropKind::Visitor => files.visitors[self.rng.usize(..files.visitors.len())].clone(),
            DropKind::Junk => files.junk[self.rng.usize(..files.junk.len())].clone(),
        };
        match kind {
            DropKind::Reload => self.counts.reloads += 1,
            DropKind::Visitor => self.counts.visitors += 1,
            DropKind::Junk => self.counts.junk += 1,
        }
        (kind, path)
    }

    /// Seconds until the next drop: 3 to 8, or 2 to 5 while a visitor runs.
    pub fn drop_delay(&mut self, visitor_running: bool) -> Duration {
        let range = if visitor_running { 2.0..5.0 } else { 3.0..8.0 };
        Duration::from_secs_f32(range.start + self.rng.f32() * (range.end - range.start))
    }

    /// Whether to type a console line this turn (about one in fifty).
    pub fn console_due(&mut self) -> bool {
        self.rng.f32() < 0.02
    }

    fn key(&mut self, words: &mut Vec<String>) {
        let roll = self.rng.f32();
        if roll < 0.03 {
            self.counts.hotkeys += 1;
            let hotkey = HOTKEYS[self.rng.usize(..HOTKEYS.len())];
            words.extend(["key".into(), hotkey.into()]);
        } else if roll < 0.1 {
            self.counts.keys += 1;
            if !self.held.is_empty() && self.rng.bool() {
                let key = self.held.swap_remove(self.rng.usize(..self.held.len()));
                words.extend(["keyup".into(), key.into()]);
            } else {
                let key = HELD[self.rng.usize(..HELD.len())];
                if !self.held.contains(&key) {
                    self.held.push(key);
                }
                words.extend(["keydown".into(), key.into()]);
            }
        } else {
            self.counts.keys += 1;
            let key = TYPED[self.rng.usize(..TYPED.len())];
            words.extend(["key".into(), key.into()]);
        }
    }

    fn mouse(&mut self, words: &mut Vec<String>, window: Window, (width, height): (u16, u16)) {
        let (width, height) = (i32::from(width.max(1)), i32::from(height.max(1)));
        let mut then = match self.rng.u8(..100) {
            0..8 => Then::Leave,
            8..30 => Then::Click,
            30..45 => Then::Wheel,
            45..60 => Then::PressOrRelease,
            _ => Then::Nothing,
        };
        if self.dragging && matches!(then, Then::Leave | Then::Click) {
            then = Then::Nothing;
        }
        let (px, py) = match then {
            // Out past an edge, and back in with the next move.
            Then::Leave => match self.rng.u8(..4) {
                0 => (-10, self.rng.i32(0..height)),
                1 => (width + 10, self.rng.i32(0..height)),
                2 => (self.rng.i32(0..width), -10),
                _ => (self.rng.i32(0..width), height + 10),
            },
            _ => (self.rng.i32(0..width), self.rng.i32(0..height)),
        };
        self.counts.moves += 1;
        words.extend([
            "mousemove".into(),
            "--window".into(),
            window.to_string(),
            // Coordinates may be negative.
            "--".into(),
            px.to_string(),
            py.to_string(),
        ]);
        match then {
            Then::Leave | Then::Nothing => {}
            Then::Click => {
                self.counts.clicks += 1;
                let button = self.rng.u8(1..=3);
                words.extend(["click".into(), button.to_string()]);
            }
            Then::Wheel => {
                self.counts.wheel += 1;
                // 4 and 5: the wheel up and down; 6 and 7: sideways.
                let button = self.rng.u8(4..=7);
                words.extend(["click".into(), button.to_string()]);
            }
            Then::PressOrRelease => {
                self.counts.clicks += 1;
                let action = if self.dragging {
                    "mouseup"
                } else {
                    "mousedown"
                };
                self.dragging = !self.dragging;
                words.extend([action.into(), "1".into()]);
            }
        }
    }

    fn xdotool(&mut self, x: &Xvfb, words: &[String]) {
        let output = tools::run(
            Command::new("xdotool")
                .args(words)
                .env("DISPLAY", x.display()),
            Duration::from_secs(10),
        );
        if !output.status.success() {
            self.counts.xdotool_failures += 1;
            if self.counts.xdotool_failures <= 3 {
                eprintln!(
                    "soak: xdotool {} failed: {}",
                    words.join(" "),
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
        }
    }
}
