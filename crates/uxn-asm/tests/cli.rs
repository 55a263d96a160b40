//! The `uxnasm` binary: arguments, output files, stdout and exit codes.

use std::path::Path;
use std::process::{Command, Output};

use userfile::hostile::names_in;

fn uxnasm(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uxnasm"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn success_writes_rom_and_symbols() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.tal"),
        "|0100 @foo &bar ,&bar JMP /bar ;foo/bar\n",
    )
    .unwrap();
    let out = uxnasm(dir.path(), &["in.tal", "out.rom"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "-- Unused label: foo\nAssembled out.rom in 9 bytes(0.01% used), 2 labels, 0 macros.\n"
    );
    assert!(out.stderr.is_empty());
    assert_eq!(
        std::fs::read(dir.path().join("out.rom")).unwrap(),
        [0x80, 0xfd, 0x0c, 0x60, 0xff, 0xfa, 0xa0, 0x01, 0x00]
    );
    assert_eq!(
        std::fs::read(dir.path().join("out.rom.sym")).unwrap(),
        b"\x01\x00foo\x00\x01\x00foo/bar\x00"
    );
    assert_eq!(names_in(dir.path()), ["in.tal", "out.rom", "out.rom.sym"]);
}

#[test]
fn deprecation_is_printed_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.tal"), "|0100 :x @x @y").unwrap();
    let out = uxnasm(dir.path(), &["in.tal", "o.rom"]);
    assert_eq!(
        stdout(&out),
        "Deprecated rune :x, use =x\n-- Unused label: y\nAssembled o.rom in 2 bytes(0.00% used), 2 labels, 0 macros.\n"
    );
}

#[test]
fn error_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tal"), "|00 #12").unwrap();
    let out = uxnasm(dir.path(), &["a.tal", "a.rom"]);
    assert_eq!(out.status.code(), Some(1));
    let line = "Writing zero-page: #12 in @on-reset, a.tal:1.\n";
    assert_eq!(stdout(&out), format!("{line}{line}"));
    assert_eq!(names_in(dir.path()), ["a.tal"]);
}

#[test]
fn failed_assembly_keeps_an_existing_rom() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tal"), "|0100 nothere").unwrap();
    std::fs::write(dir.path().join("a.rom"), "old").unwrap();
    let out = uxnasm(dir.path(), &["a.tal", "a.rom"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "Label unknown: nothere, a.tal:1\n");
    assert_eq!(std::fs::read(dir.path().join("a.rom")).unwrap(), b"old");
}

#[test]
fn empty_output_names_the_rom() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tal"), "|0100").unwrap();
    let out = uxnasm(dir.path(), &["a.tal", "a.rom"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "Output empty: a.rom\n");
    assert_eq!(names_in(dir.path()), ["a.tal"]);
}

#[test]
fn missing_input_and_missing_include() {
    let dir = tempfile::tempdir().unwrap();
    let out = uxnasm(dir.path(), &["nope.tal", "a.rom"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "File missing: nope.tal\n");

    std::fs::write(dir.path().join("a.tal"), "|0100 ~missing.tal").unwrap();
    let out = uxnasm(dir.path(), &["a.tal", "a.rom"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "File missing: missing.tal\nInclude missing: ~missing.tal in @on-reset, a.tal:1.\n"
    );
    assert_eq!(names_in(dir.path()), ["a.tal"]);
}

#[test]
fn includes_are_relative_to_the_working_directory_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/main.tal"), "|0100 ~inc.tal #02\n").unwrap();
    std::fs::write(dir.path().join("inc.tal"), "#01\n").unwrap();
    std::fs::write(dir.path().join("src/inc.tal"), "#03\n").unwrap();
    let out = uxnasm(dir.path(), &["src/main.tal", "out.rom"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        std::fs::read(dir.path().join("out.rom")).unwrap(),
        [0x80, 1, 0x80, 2]
    );
    // Without one in the working directory, the one beside the source is used.
    std::fs::remove_file(dir.path().join("inc.tal")).unwrap();
    let out = uxnasm(dir.path(), &["src/main.tal", "out.rom"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        std::fs::read(dir.path().join("out.rom")).unwrap(),
        [0x80, 3, 0x80, 2]
    );
}

#[test]
fn usage_and_version_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let usage = "usage: uxnasm [-v] input.tal output.rom\n";
    for args in [&[][..], &["a.tal"], &["a", "b", "c"]] {
        let out = uxnasm(dir.path(), args);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stdout(&out), usage);
    }
    let out = uxnasm(dir.path(), &["-v"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Uxnasm - Uxntal Assembler, 15 Jan 2025.\n");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn unwritable_output_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tal"), "|0100 #01").unwrap();
    let out = uxnasm(dir.path(), &["a.tal", "no/dir/a.rom"]);
    // The reference exits with 0 here.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Output file invalid: no/dir/a.rom\n");
    assert_eq!(names_in(dir.path()), ["a.tal"]);
}

/// A program using Uxntal 54K syntax: a scoped macro called as `/twice` with
/// comments in its body, `|/x` overlaying zero-page labels, a named comment,
/// and an inline operand filled in afterwards with `|/v`.
#[test]
fn assembles_a_54k_program() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.tal"),
        "%grid/twice ( x -- 2x ) { DUP ADD ( doubled ) }\n\
         |00 @pos &x $2 |/x &col $1 &row $1\n\
         |0100\n\
         @grid (doc the entry point )\n\
         \t#01 /twice .pos/row STZ\n\
         \t[ LIT2 &v $2 ] POP2 BRK\n\
         |/v 1234\n",
    )
    .unwrap();
    let out = uxnasm(dir.path(), &["in.tal", "out.rom"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "-- Unused label: pos\n-- Unused label: pos/x\n-- Unused label: pos/col\n\
         -- Unused label: grid\n-- Unused label: grid/v\n\
         Assembled out.rom in 11 bytes(0.02% used), 6 labels, 1 macros.\n"
    );
    assert_eq!(
        std::fs::read(dir.path().join("out.rom")).unwrap(),
        [
            0x80, 0x01, 0x06, 0x18, 0x80, 0x01, 0x11, 0xa0, 0x12, 0x34, 0x22
        ]
    );
    assert_eq!(
        std::fs::read(dir.path().join("out.rom.sym")).unwrap(),
        b"\0\0pos\0\0\0pos/x\0\0\0pos/col\0\0\x01pos/row\0\x01\0grid\0\x01\x08grid/v\0"
    );
}

/// The two messages the 54K rules word differently from the 2025 reference,
/// and an undefined `|/name`: exit status 1, nothing written.
#[test]
fn errors_54k_exit_1_and_write_nothing() {
    for (source, message) in [
        (
            "|0100 (comment) #01",
            "Comment incomplete: (comment) in @on-reset, a.tal:1.",
        ),
        (
            "%m { #01 %x } |0100 m",
            "Macro nested: %m in @on-reset, a.tal:1.",
        ),
        (
            "|0100 #01\n|/nothere",
            "Padding invalid: |/nothere in @on-reset, a.tal:2.",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.tal"), source).unwrap();
        let out = uxnasm(dir.path(), &["a.tal", "a.rom"]);
        assert_eq!(out.status.code(), Some(1), "{source}");
        assert_eq!(stdout(&out), format!("{message}\n"));
        assert_eq!(names_in(dir.path()), ["a.tal"]);
    }
}
