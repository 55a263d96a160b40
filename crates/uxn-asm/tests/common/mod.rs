//! Helpers shared by the integration tests.
#![allow(dead_code)]

use uxn_asm::{AsmError, Assembly};

/// Parses `"80 12 (3 x 00) ff"` into bytes.
pub fn bytes(spec: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut words = spec.split_whitespace();
    while let Some(word) = words.next() {
        if let Some(count) = word.strip_prefix('(') {
            let count: usize = count.parse().unwrap();
            assert_eq!(words.next(), Some("x"));
            let byte = words.next().unwrap().trim_end_matches(')');
            out.extend(std::iter::repeat_n(
                u8::from_str_radix(byte, 16).unwrap(),
                count,
            ));
        } else {
            out.push(u8::from_str_radix(word, 16).unwrap());
        }
    }
    out
}

pub fn ok(source: &str) -> Assembly {
    uxn_asm::assemble(source.as_bytes(), "e.tal")
        .unwrap_or_else(|e| panic!("{source:?} failed: {}", e.report()))
}

pub fn err(source: &str) -> AsmError {
    err_in(source, "a.tal")
}

pub fn err_in(source: &str, file: &str) -> AsmError {
    match uxn_asm::assemble(source.as_bytes(), file) {
        Ok(a) => panic!("{source:?} assembled to {:02x?}", a.rom),
        Err(e) => e,
    }
}

/// Asserts the ROM bytes and the informational messages.
pub fn check(source: &str, rom: &str, messages: &[&str]) {
    let a = ok(source);
    assert_eq!(a.rom, bytes(rom), "ROM of {source:?}");
    assert_eq!(a.messages, messages, "messages of {source:?}");
}
