//! The rules Uxntal 54K adds to the 2025 reference (the version table of the
//! specification), with their edge cases. The examples of §13.1 are in
//! `examples.rs`.

mod common;

use common::{bytes, check, err, ok};
use uxn_asm::ErrorKind;

/// The `.sym` record of one label.
fn sym(addr: u16, name: &str) -> Vec<u8> {
    let mut record = addr.to_be_bytes().to_vec();
    record.extend_from_slice(name.as_bytes());
    record.push(0);
    record
}

/// The lambda label name for counter value `n`: two hex digits below
/// `0x100`, four from there on.
fn lambda(n: usize) -> String {
    if n < 0x100 {
        format!("λ{n:02x}")
    } else {
        format!("λ{n:04x}")
    }
}

// ---- `|/name` and `$/name` --------------------------------------------------

#[test]
fn pad_to_a_scope_relative_label_must_be_defined_already() {
    // Defined later is too late (`|/nothere` is in errors.rs).
    assert_eq!(
        err("|0100 @s #01 |/x #02 &x").to_string(),
        "Padding invalid: |/x in @s, a.tal:1."
    );
    assert_eq!(
        err("|0100 @s #01 $/x #02 &x").to_string(),
        "Padding invalid: $/x in @s, a.tal:1."
    );
}

#[test]
fn pad_names_complete_with_the_current_scope() {
    // `/x` and `&x` both mean `<scope>/x`.
    check(
        "|0100 @s &x #01 #02 |/x #03",
        "80 03 80 02",
        &["-- Unused label: s", "-- Unused label: s/x"],
    );
    check(
        "|0100 @s &x #01 #02 |&x #03",
        "80 03 80 02",
        &["-- Unused label: s", "-- Unused label: s/x"],
    );
    // Another scope's sublabel is not found by the short form.
    assert_eq!(
        err("|0100 @p &x #01 @q |/x").to_string(),
        "Padding invalid: |/x in @q, a.tal:1."
    );
    // Before any `@` the scope is `on-reset`.
    check(
        "|0100 &x #01 |/x #02",
        "80 02",
        &["-- Unused label: on-reset/x"],
    );
}

#[test]
fn relative_pad_by_a_scope_relative_label_adds_its_value() {
    check(
        "|03 @s &three |0100 $/three #01",
        "00 00 00 80 01",
        &["-- Unused label: s", "-- Unused label: s/three"],
    );
}

#[test]
fn a_label_literally_named_slash_x_still_wins_in_padding() {
    // The 2025 reference looked `|/x` up literally; such a program keeps its bytes.
    check(
        "|0100 @/x #01 @s &x #02 |/x #03",
        "80 03 80 02",
        &[
            "-- Unused label: /x",
            "-- Unused label: s",
            "-- Unused label: s/x",
        ],
    );
}

// ---- Writing over earlier bytes ----------------------------------------------

#[test]
fn later_bytes_replace_earlier_ones() {
    check("|0100 \"hello |0100 \"j", "6a 65 6c 6c 6f", &[]);
    check("|0100 #1234 |0101 56", "a0 56 34", &[]);
}

#[test]
fn the_zero_page_and_outside_memory_are_still_refused() {
    let e = err("|0100 #01 |00ff #02");
    let line = "Writing zero-page: #02 in @on-reset, a.tal:1.";
    assert_eq!(e.report(), format!("{line}\n{line}\n"));
    assert_eq!(
        err("|0100 #01 |ffff #02").kind(),
        ErrorKind::WritingOutsideMemory
    );
}

#[test]
fn the_rom_ends_at_the_last_non_zero_byte_of_the_final_image() {
    check("|0100 #01 #02 |0100 #03", "80 03 80 02", &[]);
    check("|0100 #01 #02 |0102 00 00", "80 01", &[]);
    check("|0100 #01 $10 #02 |0113 00", "80 01 (16 x 00) 80", &[]);
    // Nothing non-zero left: nothing to write.
    assert_eq!(err("|0100 #01 |0100 00 00").kind(), ErrorKind::OutputEmpty);
}

#[test]
fn reference_placeholders_count_for_the_rom_whatever_their_value() {
    // Patched to 00 00, as in the 2025 reference.
    check("|0100 #01 ;x |00 @x", "80 01 a0 00 00", &[]);
    // Zeros written over the placeholders do not cut them off.
    check("|0100 #01 ;x |0103 00 00 |00 @x", "80 01 a0 00 00", &[]);
    // References are patched last, over whatever was written there.
    check("|0100 ;x |0101 00 00 @x", "a0 01 03", &[]);
    check("|0100 ;x |0101 1234 @x", "a0 01 03", &[]);
}

// ---- `/name` expands the macro `<scope>/name` --------------------------------

#[test]
fn slash_word_expands_only_in_the_macro_scope() {
    check(
        "%grid/one { #01 } |0100 @grid /one grid/one",
        "80 01 80 01",
        &["-- Unused label: grid"],
    );
    // In another scope it stays a call to the label `<scope>/one`.
    assert_eq!(
        err("%grid/one { #01 } |0100 @other /one").to_string(),
        "Label unknown: other/one, a.tal:1"
    );
}

#[test]
fn slash_word_with_a_macro_elsewhere_and_a_label_here_calls_the_label() {
    check(
        "%other/m { #01 } |0100 @g &m /m",
        "60 ff fd",
        &["-- Unused label: g"],
    );
}

#[test]
fn a_macro_and_a_label_cannot_share_a_name() {
    assert_eq!(
        err("%g/m { #01 } |0100 @g &m").to_string(),
        "Label duplicate: &m in @g, a.tal:1."
    );
    assert_eq!(
        err("|0100 @g &m %g/m { #01 }").to_string(),
        "Label duplicate: %g/m in @g, a.tal:1."
    );
}

#[test]
fn slash_word_before_the_macro_is_defined_is_a_call() {
    assert_eq!(
        err("|0100 @g /m %g/m { #01 }").to_string(),
        "Label unknown: g/m, a.tal:1"
    );
}

#[test]
fn rune_references_never_expand_macros() {
    assert_eq!(
        err("%g/m { #01 } |0100 @g ;/m").to_string(),
        "Label unknown: g/m, a.tal:1"
    );
}

#[test]
fn a_macro_literally_named_slash_m_wins() {
    // As in the 2025 reference, which found the macro `/m` by its exact name.
    check(
        "%/m { #01 } %g/m { #02 } |0100 @g /m",
        "80 01",
        &["-- Unused label: g"],
    );
}

#[test]
fn scoped_macros_use_the_call_site_scope_inside() {
    check(
        "%grid/here { ;&x } |0100 @grid /here &x",
        "a0 01 03",
        &["-- Unused label: grid"],
    );
}

// ---- Comments and `%` inside macro bodies ------------------------------------

#[test]
fn comments_inside_macro_bodies() {
    check("%m { ( c ) #01 } |0100 m m", "80 01 80 01", &[]);
    check("%m { (doc x ) #01 ( ( nested ) ) } |0100 m", "80 01", &[]);
}

#[test]
fn a_comment_left_open_in_a_macro_body_fails_at_the_call() {
    assert_eq!(
        err("%m { #01 ( open } |0100 m #02").to_string(),
        "Comment incomplete: ( in @on-reset, a.tal:1."
    );
    // It must close within the body: a `)` after the call does not count.
    assert_eq!(
        err("%m { #01 (open }\n|0100 @s m ) #02").to_string(),
        "Comment incomplete: (open in @s, a.tal:2."
    );
    // Defining it alone is fine.
    check("%m { ( open } |0100 #01", "80 01", &[]);
}

#[test]
fn newlines_in_a_body_comment_do_not_move_the_call_site_line() {
    assert_eq!(
        err("%m { ( a\nb ) #abc }\n|0100 m").to_string(),
        "Hexadecimal invalid: #abc in @on-reset, a.tal:3."
    );
}

#[test]
fn percent_inside_macro_bodies() {
    check("%m { \"50% } |0100 m", "35 30 25", &[]);
    // A `%` word inside a body comment is text.
    check("%m { ( %x ) #01 } |0100 m", "80 01", &[]);
}

#[test]
fn a_body_token_starting_with_percent_is_a_nested_macro() {
    // Refused where it is defined, used or not (the message example is in
    // errors.rs).
    assert_eq!(
        err("|0100 #01\n%m { %x }").to_string(),
        "Macro nested: %m in @on-reset, a.tal:2."
    );
    assert_eq!(
        err("%m { %n { } }").to_string(),
        "Macro nested: %m in @on-reset, a.tal:1."
    );
}

#[test]
fn rune_lambdas_inside_macro_bodies_are_fresh_per_expansion() {
    let a = ok("%m { !{ #01 } ;{ 02 } } |0100 m m");
    assert_eq!(
        a.rom,
        bytes("40 00 02 80 01 a0 01 09 02 40 00 02 80 01 a0 01 12 02")
    );
    let expected: Vec<u8> = [(0x105, 0), (0x109, 1), (0x10e, 2), (0x112, 3)]
        .into_iter()
        .flat_map(|(addr, n)| sym(addr, &lambda(n)))
        .collect();
    assert_eq!(a.symbols, expected);
}

// ---- Comments: any token starting with `(` ------------------------------------

#[test]
fn any_token_starting_with_a_parenthesis_opens_a_comment() {
    check("|0100 (doc ( x ) y ) #01", "80 01", &[]);
    check("|0100 ( a (doc b ) #01", "80 01", &[]);
    check("|0100 (INC) #01 ) #02", "80 02", &[]);
    assert_eq!(
        err("|0100 #01 (doc").to_string(),
        "Comment incomplete: (doc in @on-reset, a.tal:1."
    );
}

#[test]
fn a_parenthesis_glued_to_a_non_ascii_byte_is_text() {
    check("|0100 ( é) ) #01", "80 01", &[]);
    check("|0100 ( é( ) #01", "80 01", &[]);
    assert_eq!(
        err("|0100 ( é) #01").to_string(),
        "Comment incomplete: ( in @on-reset, a.tal:1."
    );
}

// ---- Token length: 62 bytes ---------------------------------------------------

#[test]
fn tokens_of_62_bytes_are_accepted() {
    let name = format!("x{}", "a".repeat(60));
    let a = ok(&format!("|0100 @{name} ;{name}"));
    assert_eq!(a.rom, [0xa0, 0x01, 0x00]);
    assert_eq!(a.symbols, sym(0x100, &name));
    let string = "b".repeat(61);
    check(
        &format!("%m {{ \"{string} }} |0100 \"{string} m"),
        &"62 ".repeat(122),
        &[],
    );
}

#[test]
fn the_63rd_byte_exceeds_the_token_size() {
    let token = format!("\"{}", "b".repeat(62));
    assert_eq!(
        err(&format!("|0100 {token}")).to_string(),
        format!(
            "Token size exceeded: {} in @on-reset, a.tal:1.",
            &token[..62]
        )
    );
    let e = err(&format!("%m {{ {token} }}\n|0100 m"));
    assert_eq!(
        e.to_string(),
        format!(
            "Token size exceeded: {} in @on-reset, a.tal:2.",
            &token[..62]
        )
    );
}

// ---- Lambdas: a 16-bit counter ------------------------------------------------

/// `n` lambdas `_{ }` one after another from `0100`.
fn lambdas_in_a_row(n: usize) -> String {
    format!("|0100 {}", "_{ } ".repeat(n))
}

#[test]
fn the_257th_lambda_is_named_with_four_digits() {
    let a = ok(&lambdas_in_a_row(257));
    assert_eq!(a.rom, vec![0xff; 257]);
    assert_eq!(a.labels, 257);
    let expected: Vec<u8> = (0..257)
        .flat_map(|n| sym(0x101 + n as u16, &lambda(n)))
        .collect();
    assert_eq!(a.symbols, expected);
    // The names across the change: …λfe λff λ0100.
    let tail = [sym(0x1ff, "λfe"), sym(0x200, "λff"), sym(0x201, "λ0100")].concat();
    assert!(a.symbols.ends_with(&tail));
}

#[test]
fn an_unclosed_lambda_past_256_is_reported_by_its_long_name() {
    assert_eq!(
        err(&format!("{} {{", lambdas_in_a_row(256))).to_string(),
        "Label unknown: λ0100, a.tal:1"
    );
}

/// 65 536 lambdas do not fit in memory one after another: each is written
/// over the last, at `0100`.
fn lambdas_over_each_other(n: usize) -> String {
    format!("%l {{ |0100 _{{ }} }} {}", "l ".repeat(n))
}

#[test]
fn lambda_65536_assembles_and_65537_is_a_duplicate() {
    let a = ok(&lambdas_over_each_other(0x10000));
    assert_eq!(a.rom, [0xff]);
    assert_eq!(a.labels, 0x10000);
    assert!(a.symbols.starts_with(&sym(0x101, "λ00")));
    assert!(
        a.symbols
            .ends_with(&[sym(0x101, "λfffe"), sym(0x101, "λffff")].concat())
    );
    assert_eq!(
        a.symbols.len(),
        (0..0x10000).map(|n| 3 + lambda(n).len()).sum::<usize>()
    );
    assert_eq!(
        err(&lambdas_over_each_other(0x10001)).to_string(),
        "Label duplicate: } in @on-reset, a.tal:1."
    );
}

#[test]
fn lambdas_nest_255_deep() {
    let source = format!("|0100 {}{}", ";{ ".repeat(255), "} ".repeat(255));
    let a = ok(&source);
    assert_eq!(a.rom, [0xa0, 0x03, 0xfd].repeat(255));
    // The innermost lambda closes first, but all end at the same address.
    let expected: Vec<u8> = (0..255)
        .rev()
        .flat_map(|n| sym(0x3fd, &lambda(n)))
        .collect();
    assert_eq!(a.symbols, expected);
}
