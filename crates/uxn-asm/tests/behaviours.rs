//! The reference's further verified behaviours, limits and quirks.

mod common;

use common::{bytes, check, err, ok};

#[test]
fn label_may_sit_where_bytes_are_written_later() {
    check("|0100 @x |0100 ;x", "a0 01 00", &[]);
}

#[test]
fn sublabel_in_macro_uses_the_call_site_scope() {
    check(
        "%m { ;&x } |0100 @s m &x",
        "a0 01 03",
        &["-- Unused label: s"],
    );
}

#[test]
fn stray_close_brace_defines_lambda_zero() {
    let a = ok("|0100 }foo #01");
    assert_eq!(a.rom, [0x80, 0x01]);
    assert_eq!(a.messages, ["-- Unused label: λ00"]);
    assert_eq!(a.symbols, b"\x01\x00\xce\xbb00\x00");
    // Alone it writes nothing, so the only failure is the empty output.
    assert_eq!(err("|0100 }foo").kind(), uxn_asm::ErrorKind::OutputEmpty);
    assert_eq!(
        err("|0100 } }").to_string(),
        "Label duplicate: } in @on-reset, a.tal:1."
    );
}

#[test]
fn long_token_in_a_macro_body_is_also_too_long() {
    let source = format!("%m {{ \"{} }} |0100 m", "b".repeat(70));
    assert_eq!(err(&source).kind(), uxn_asm::ErrorKind::TokenSizeExceeded);
}

#[test]
fn hex_tokens_overflowing_32_bits_are_names() {
    assert_eq!(
        err("|0100 80000000").to_string(),
        "Label unknown: 80000000, a.tal:1"
    );
    check("|0100 @ffffffff ;ffffffff", "a0 01 00", &[]);
    for number in ["12345678", "123", "123456789", "7fffffff"] {
        assert_eq!(
            err(&format!("|0100 {number}")).to_string(),
            format!("Hexadecimal invalid: {number} in @on-reset, a.tal:1.")
        );
    }
}

#[test]
fn symbol_file_example() {
    let a = ok("|0100 @main &b #01 ;main ;main/b ?{ #02 } #03 |00 @Zp $1");
    let mut expected = Vec::new();
    for (addr, name) in [
        (0x0100u16, "main"),
        (0x0100, "main/b"),
        (0x010d, "λ00"),
        (0x0000, "Zp"),
    ] {
        expected.extend_from_slice(&addr.to_be_bytes());
        expected.extend_from_slice(name.as_bytes());
        expected.push(0);
    }
    assert_eq!(a.symbols, expected);
    assert_eq!(a.rom, bytes("80 01 a0 01 00 a0 01 00 20 00 02 80 02 80 03"));
    assert!(a.messages.is_empty());
    assert_eq!(a.labels, 4);
}

#[test]
fn pad_by_a_zero_page_size_label() {
    check(
        "|03 @three |0100 $three #01",
        "00 00 00 80 01",
        &["-- Unused label: three"],
    );
    check(
        "|0100 @x &z $2 |&z #01",
        "80 01",
        &["-- Unused label: x", "-- Unused label: x/z"],
    );
}

#[test]
fn unused_labels_skip_capitalised_names() {
    check(
        "|0100 @Scope &sub @on-reset &loop @Other/x #01 @lower &y",
        "80 01",
        &[
            "-- Unused label: on-reset",
            "-- Unused label: on-reset/loop",
            "-- Unused label: lower",
            "-- Unused label: lower/y",
        ],
    );
}

#[test]
fn deprecation_comes_before_unused_labels() {
    check(
        "|0100 :x @x @y",
        "01 02",
        &["Deprecated rune :x, use =x", "-- Unused label: y"],
    );
}

#[test]
fn summary_line() {
    let a = ok("|0100 #12 #3456");
    assert_eq!(
        uxn_asm::summary("out.rom", &a),
        "Assembled out.rom in 5 bytes(0.01% used), 0 labels, 0 macros."
    );
    let a = ok("%m { #01 } %n { } |0100 ?{ m } @A |0500 &b 01");
    assert_eq!((a.labels, a.macros, a.rom.len()), (3, 2, 0x401));
    assert_eq!(
        uxn_asm::summary("b.rom", &a),
        "Assembled b.rom in 1025 bytes(1.57% used), 3 labels, 2 macros."
    );
}

#[test]
fn names_compare_on_64_bytes() {
    let scope = "s".repeat(40);
    let (a, b) = (
        format!("{}x", "a".repeat(30)),
        format!("{}y", "a".repeat(30)),
    );
    assert_eq!(
        err(&format!("|0100 @{scope} &{a} &{b}")).to_string(),
        format!("Label duplicate: &{b} in @{scope}, a.tal:1.")
    );
    // Shorter names differing anywhere are distinct.
    check("|0100 @Ab @Ac #01", "80 01", &[]);
}

#[test]
fn macro_quirks() {
    // A stack comment before the body is skipped as raw text.
    check("%mod ( a b -- c ) { DIV } |0100 mod", "1b", &[]);
    // Nested braces are part of the body.
    check("%m { { 01 } } |0100 m", "60 00 01 01", &[]);
    // A macro must be defined before it is used.
    assert_eq!(
        err("|0100 m %m { #01 }").to_string(),
        "Label unknown: m, a.tal:1"
    );
    // No macro definitions inside macros.
    assert_eq!(
        err("%m { %n { } }").to_string(),
        "Macro nested: %m in @on-reset, a.tal:1."
    );
    // Macros may use earlier macros and labels.
    check(
        "%one { #01 } %two { one one } |0100 @l two ;l",
        "80 01 80 01 a0 01 00",
        &[],
    );
}

#[test]
fn macros_limit_exceeded() {
    let mut source = String::new();
    for i in 0..257 {
        source.push_str(&format!("%m{i} {{ }} "));
    }
    assert_eq!(
        err(&source).to_string(),
        "Macros limit exceeded: %m256 in @on-reset, a.tal:1."
    );
}

/// The table holds 131 072 references (the 2025 reference 4096). So many
/// do not fit in memory one after another, so each is written over the last.
#[test]
fn references_limit_exceeded() {
    let limit = 0x20000;
    let source = |n| format!("%r {{ |0100 ;x }} |0100 @x {}", "r ".repeat(n));
    assert_eq!(ok(&source(limit)).rom, [0xa0, 0x01, 0x00]);
    assert_eq!(
        err(&source(limit + 1)).to_string(),
        "References limit exceeded: ;x in @x, a.tal:1."
    );
}

#[test]
fn comment_quirks() {
    // Words merely containing parentheses do not nest or close.
    check("|0100 ( (b) foo) 1+2*(4/3) ) #01", "80 01", &[]);
    // The closing parenthesis needs whitespace after it.
    assert_eq!(
        err("|0100 #01 ( c )").to_string(),
        "Comment incomplete: ( in @on-reset, a.tal:1."
    );
    check("|0100 #01 ( c )\n", "80 01", &[]);
}

#[test]
fn brackets_are_ignored() {
    check("|0100 [ #01 ] ]]] [[x #02", "80 01 80 02", &[]);
}

#[test]
fn names_with_slashes_and_scope_shorthands() {
    check("|0100 @Screen/x #01 ;Screen/x", "80 01 a0 01 00", &[]);
    check("|0100 @S &x ;/x .&x", "a0 01 00 80 00", &[]);
}

#[test]
fn labels_outside_memory_wrap_to_16_bits() {
    check("|0100 #01 |10002 @w |0103 ;w", "80 01 00 a0 00 02", &[]);
}

#[test]
fn zeros_may_be_overwritten() {
    check("|0100 80 00 00 |0101 12", "80 12", &[]);
}

#[test]
fn self_using_macro_is_too_deep() {
    assert_eq!(
        err("%m { m } |0100 m").to_string(),
        "Nesting too deep: m in @on-reset, a.tal:1."
    );
}

#[test]
fn include_cycle_is_too_deep() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loop.tal");
    std::fs::write(&path, "#01 ~loop.tal\n").unwrap();
    let e = uxn_asm::assemble_file(&path).unwrap_err();
    assert_eq!(e.kind(), uxn_asm::ErrorKind::NestingTooDeep);
    assert_eq!(
        e.to_string(),
        "Nesting too deep: ~loop.tal in @on-reset, loop.tal:1."
    );
}

#[test]
fn include_inside_a_macro_and_scope_continues() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("lib.tal"), "@Lib &a #01\n").unwrap();
    let main = dir.path().join("main.tal");
    let a = uxn_asm::assemble(
        b"%inc { ~lib.tal } |0100 inc &b ;&a",
        main.to_str().unwrap(),
    )
    .unwrap();
    assert_eq!(a.rom, bytes("80 01 a0 01 00"));
    assert_eq!(
        a.symbols,
        b"\x01\x00Lib\x00\x01\x00Lib/a\x00\x01\x02Lib/b\x00"
    );
}

#[test]
fn bytes_from_0x80_are_token_characters() {
    check("|0100 \"héllo", "68 c3 a9 6c 6c 6f", &[]);
    check("|0100 @café ;café", "a0 01 00", &[]);
}
