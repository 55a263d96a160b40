//! The scripted input of a headless run.
//!
//! One event per line, `<frame> <command> [arguments]`; `#` starts a comment. Events of
//! frame `n` are delivered, in file order, just before the `n`-th screen vector (frames
//! count from 0). Commands:
//!
//! | command | effect |
//! |---|---|
//! | `press B` / `release B` | Controller button B: `a b select start up down left right` or a hex mask like `0x81` |
//! | `key K` | Controller key: one character, `0xNN`, or `enter tab backspace escape delete space` |
//! | `text …` | one key event per byte of the rest of the line |
//! | `mouse X Y` | move the pointer to screen pixel (X, Y) |
//! | `mousedown B` / `mouseup B` | mouse button `left middle right` or a state bit 1–5 |
//! | `scroll DX DY` | wheel; positive DY is the wheel turned away from the user (up) |
//! | `console …` | the rest of the line and a newline, as Console input bytes |
//! | `console-end` | end of Console input |

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use varvara::Event;

/// The largest input script read: a million events of a dozen bytes or so, far more than
/// any recorded session, and a bounded amount of memory.
pub const MAX_SCRIPT_SIZE: u64 = 16 << 20;

/// Events by frame number.
#[derive(Debug, Default, PartialEq)]
pub struct InputScript {
    events: BTreeMap<u64, Vec<Event>>,
}

impl InputScript {
    /// Reads and parses the script at `path`: a regular file of at most
    /// [`MAX_SCRIPT_SIZE`] bytes of UTF-8 text.
    pub fn load(path: &Path) -> Result<InputScript> {
        let bytes = userfile::read(path, MAX_SCRIPT_SIZE)
            .map_err(|err| anyhow!("cannot open input script {}: {err}", path.display()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow!("{}: the input script is not UTF-8 text", path.display()))?;
        InputScript::parse(&text).with_context(|| path.display().to_string())
    }

    pub fn parse(text: &str) -> Result<InputScript> {
        let mut script = InputScript::default();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.split_once('#').map_or(raw, |(code, _)| code).trim_end();
            if line.trim().is_empty() {
                continue;
            }
            let (frame, events) = parse_line(line.trim_start())
                .with_context(|| format!("line {}: `{}`", index + 1, raw.trim()))?;
            script.events.entry(frame).or_default().extend(events);
        }
        Ok(script)
    }

    /// The events to deliver before frame `frame`.
    pub fn at(&self, frame: u64) -> &[Event] {
        self.events.get(&frame).map_or(&[], Vec::as_slice)
    }

    /// The last frame that has events.
    pub fn last_frame(&self) -> Option<u64> {
        self.events.keys().next_back().copied()
    }
}

fn parse_line(line: &str) -> Result<(u64, Vec<Event>)> {
    let (frame, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let frame: u64 = frame
        .parse()
        .with_context(|| format!("`{frame}` is not a frame number"))?;
    let rest = rest.trim_start();
    let (command, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let words: Vec<&str> = args.split_whitespace().collect();
    let one = || -> Result<&str> {
        match words.as_slice() {
            [word] => Ok(word),
            _ => bail!("`{command}` takes one argument"),
        }
    };
    let events = match command {
        "press" => vec![Event::ButtonDown(button(one()?)?)],
        "release" => vec![Event::ButtonUp(button(one()?)?)],
        "key" => vec![Event::Key(key(one()?)?)],
        "text" => args.bytes().map(Event::Key).collect(),
        "mouse" => {
            let [x, y] = two_numbers::<u16>(&words, command)?;
            vec![Event::MouseMove { x, y }]
        }
        "mousedown" => vec![Event::MouseDown(mouse_button(one()?)?)],
        "mouseup" => vec![Event::MouseUp(mouse_button(one()?)?)],
        "scroll" => {
            let [dx, dy] = two_numbers::<i16>(&words, command)?;
            vec![Event::Scroll { dx, dy }]
        }
        "console" => args.bytes().chain(*b"\n").map(Event::ConsoleByte).collect(),
        "console-end" => vec![Event::ConsoleEnd],
        "" => bail!("a command must follow the frame number"),
        other => bail!("unknown command `{other}`"),
    };
    Ok((frame, events))
}

fn two_numbers<T: std::str::FromStr>(words: &[&str], command: &str) -> Result<[T; 2]> {
    match words {
        [a, b] => match (a.parse(), b.parse()) {
            (Ok(a), Ok(b)) => Ok([a, b]),
            _ => bail!("`{command}` takes two numbers"),
        },
        _ => bail!("`{command}` takes two numbers"),
    }
}

fn hex(word: &str) -> Option<u8> {
    let digits = word.strip_prefix("0x")?;
    u8::from_str_radix(digits, 16).ok()
}

fn button(word: &str) -> Result<u8> {
    Ok(match word {
        "a" => 0x01,
        "b" => 0x02,
        "select" => 0x04,
        "start" => 0x08,
        "up" => 0x10,
        "down" => 0x20,
        "left" => 0x40,
        "right" => 0x80,
        _ => hex(word).with_context(|| format!("unknown button `{word}`"))?,
    })
}

fn key(word: &str) -> Result<u8> {
    Ok(match word {
        "enter" => 0x0d,
        "tab" => 0x09,
        "backspace" => 0x08,
        "escape" => 0x1b,
        "delete" => 0x7f,
        "space" => 0x20,
        _ if word.len() == 1 => word.as_bytes()[0],
        _ => hex(word).with_context(|| format!("unknown key `{word}`"))?,
    })
}

fn mouse_button(word: &str) -> Result<u8> {
    Ok(match word {
        "left" => 0x01,
        "middle" => 0x02,
        "right" => 0x04,
        _ => match word.parse::<u8>() {
            Ok(n @ 1..=5) => 1 << (n - 1),
            _ => bail!("unknown mouse button `{word}`"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_parses_to_its_events() {
        let script = InputScript::parse(
            "# comment line\n\
             0 press a\n\
             0 key enter   # trailing comment\n\
             2 release 0x81\n\
             3 text hi\n\
             4 mouse 10 20\n\
             4 mousedown right\n\
             4 mouseup 4\n\
             5 scroll 0 1\n\
             6 console ok\n\
             6 console-end\n\
             7 key 0x7f\n",
        )
        .unwrap();
        assert_eq!(script.at(0), &[Event::ButtonDown(0x01), Event::Key(0x0d)]);
        assert_eq!(script.at(1), &[]);
        assert_eq!(script.at(2), &[Event::ButtonUp(0x81)]);
        assert_eq!(script.at(3), &[Event::Key(b'h'), Event::Key(b'i')]);
        assert_eq!(
            script.at(4),
            &[
                Event::MouseMove { x: 10, y: 20 },
                Event::MouseDown(0x04),
                Event::MouseUp(0x08)
            ]
        );
        assert_eq!(script.at(5), &[Event::Scroll { dx: 0, dy: 1 }]);
        assert_eq!(
            script.at(6),
            &[
                Event::ConsoleByte(b'o'),
                Event::ConsoleByte(b'k'),
                Event::ConsoleByte(b'\n'),
                Event::ConsoleEnd
            ]
        );
        assert_eq!(script.at(7), &[Event::Key(0x7f)]);
        assert_eq!(script.last_frame(), Some(7));
    }

    #[test]
    fn mistakes_name_the_line() {
        for (text, needle) in [
            ("x press a", "not a frame number"),
            ("1 jump", "unknown command"),
            ("1 press z", "unknown button"),
            ("1 mouse 1", "two numbers"),
            ("1 mousedown 9", "unknown mouse button"),
            ("1", "a command must follow"),
        ] {
            let err = format!(
                "{:#}",
                InputScript::parse(&format!("\n{text}\n")).unwrap_err()
            );
            assert!(
                err.contains("line 2") && err.contains(needle),
                "{text}: {err}"
            );
        }
    }
}
