//! Assembler fuzzing: any bytes as a `.tal` source, random or mutated from the ROM
//! sources of `roms/` (see `scripts/fuzz`), must assemble or fail cleanly:
//!
//! * no panic, and no hang or runaway memory (libFuzzer's `-timeout` and `-rss_limit_mb`);
//! * an error is one message: every line it prints starts with a known `Kind: `, the
//!   last line names the failure, and nothing is printed twice except where the reference
//!   does so;
//! * a success is a ROM of 1 to 65 280 bytes and a well-formed `.sym` file whose records
//!   are `addr_hi addr_lo name 00`, one per label.
//!
//! Includes (`~name`) are read from a scratch folder made at start, holding one small
//! source, so the target never reads the machine's files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uxn_asm::{AsmError, Assembly};

/// Every phrase that starts an error line.
const KINDS: &[&str] = &[
    "Comment incomplete",
    "Token size exceeded",
    "Macros limit exceeded",
    "Macro invalid",
    "Macro duplicate",
    "Macro nested",
    "Label duplicate",
    "Label invalid",
    "Labels limit exceeded",
    "References limit exceeded",
    "Padding invalid",
    "Writing zero-page",
    "Writing outside memory",
    "Hexadecimal invalid",
    "String invalid",
    "Include missing",
    "Nesting too deep",
    "Label unknown",
    "Reference too far",
    "File missing",
    "File refused",
    "Include refused",
    "Output empty",
];

fn check_error(err: &AsmError) {
    let text = err.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty(), "empty error message");
    for line in &lines {
        assert!(
            KINDS.iter().any(|k| line.starts_with(&format!("{k}: "))),
            "error line of unknown shape: {line:?}"
        );
    }
    let last = lines[lines.len() - 1];
    assert!(
        last.starts_with(&format!("{}: ", err.kind().text())),
        "the last line is not the failure: {last:?} for {:?}",
        err.kind()
    );
}

fn check_success(a: &Assembly) {
    assert!(
        !a.rom.is_empty() && a.rom.len() <= 0x10000 - 0x100,
        "ROM of {} bytes",
        a.rom.len()
    );
    let mut records = 0;
    let mut rest = &a.symbols[..];
    while !rest.is_empty() {
        assert!(rest.len() >= 3, "truncated .sym record");
        let end = rest[2..]
            .iter()
            .position(|&b| b == 0)
            .expect("unterminated .sym name");
        rest = &rest[2 + end + 1..];
        records += 1;
    }
    assert_eq!(records, a.labels, ".sym records and label count differ");
}

fuzz_target!(
    init: {
        let dir = std::env::temp_dir().join(format!("uxn-asm-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        std::fs::write(dir.join("inc.tal"), b"@inc-label #01 ADD\n").expect("include file");
        std::env::set_current_dir(&dir).expect("enter the scratch folder");
    },
    |data: &[u8]| {
        match &uxn_asm::assemble(data, "fuzz.tal") {
            Ok(assembly) => check_success(assembly),
            Err(err) => check_error(err),
        }
    }
);
