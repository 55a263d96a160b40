//! `roms/tests/asm54k.tal` checks, when run, every rule Uxntal 54K adds to the
//! assembler. It is assembled here with the assembler library (the code of
//! `uxnasm`) and run through the `uxncli` binary on both engines: every rule
//! must print `pass`, and the exit status must be 0.

use std::path::Path;
use std::process::Command;

/// The rules the ROM checks, in the order it prints them.
const RULES: &[&str] = &[
    "pad-name",
    "overwrite",
    "rom-end",
    "macro-call",
    "macro-comment",
    "macro-percent",
    "macro-lambda",
    "comment-word",
    "token-62",
    "lambdas-16bit",
];

#[test]
fn every_54k_rule_passes_on_both_engines() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/tests/asm54k.tal");
    let assembly = uxn_asm::assemble_file(&source).unwrap_or_else(|e| panic!("asm54k.tal: {e}"));
    // The ROM ends at its sentinel byte: the zeros written over the two bytes
    // after it are trimmed, and the later, lower writes do not cut it short.
    assert_eq!(assembly.rom.last(), Some(&0xa5));
    // More lambdas than the 2025 assembler's 256, up to the 16-bit counter's 65 536.
    assert!(
        (0xff00..=0x10000).contains(&assembly.labels),
        "{} labels",
        assembly.labels
    );
    let dir = tempfile::tempdir().unwrap();
    let rom = dir.path().join("asm54k.rom");
    std::fs::write(&rom, &assembly.rom).unwrap();

    let expected: String = RULES.iter().map(|rule| format!("pass {rule}\n")).collect();
    for backend in ["tailcall", "match"] {
        let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
            .arg("--backend")
            .arg(backend)
            .arg(&rom)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("fail"), "{backend}:\n{stdout}");
        assert_eq!(stdout, expected, "{backend}");
        assert!(
            out.stderr.is_empty(),
            "{backend}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0), "{backend}");
    }
}
