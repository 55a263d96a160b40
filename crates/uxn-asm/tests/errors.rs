//! Every message example of the reference, with its exact text.

mod common;

use common::{err, err_in};
use uxn_asm::ErrorKind;

fn message(source: &str) -> String {
    err(source).to_string()
}

#[test]
fn label_invalid_hex_name() {
    assert_eq!(
        message("|0100 @add"),
        "Label invalid: @add in @on-reset, a.tal:1."
    );
}

#[test]
fn label_duplicate() {
    assert_eq!(
        message("|0100 @x @x"),
        "Label duplicate: @x in @x, a.tal:1."
    );
}

#[test]
fn sublabel_duplicate() {
    assert_eq!(
        message("|0100 @x &y &y"),
        "Label duplicate: &y in @x, a.tal:1."
    );
}

#[test]
fn label_unknown() {
    let e = err("|0100 nothere");
    assert_eq!(e.to_string(), "Label unknown: nothere, a.tal:1");
    assert_eq!(e.kind(), ErrorKind::LabelUnknown);
    assert_eq!((e.file(), e.line()), ("a.tal", 1));
}

#[test]
fn no_character_literal_rune() {
    assert_eq!(message("|0100 'a"), "Label unknown: 'a, a.tal:1");
}

#[test]
fn literal_with_three_digits() {
    assert_eq!(
        message("|0100 #abc"),
        "Hexadecimal invalid: #abc in @on-reset, a.tal:1."
    );
}

#[test]
fn raw_number_with_one_digit() {
    assert_eq!(
        message("|0100 1"),
        "Hexadecimal invalid: 1 in @on-reset, a.tal:1."
    );
}

#[test]
fn writing_zero_page_is_printed_twice() {
    let e = err("|00 #12");
    let line = "Writing zero-page: #12 in @on-reset, a.tal:1.";
    assert_eq!(e.to_string(), line);
    assert_eq!(e.report(), format!("{line}\n{line}\n"));
}

#[test]
fn writing_outside_memory_is_printed_once() {
    let e = err("|ffff #01");
    let line = "Writing outside memory: #01 in @on-reset, a.tal:1.";
    assert_eq!(e.to_string(), line);
    assert_eq!(e.report(), format!("{line}\n"));
}

#[test]
fn reference_too_far() {
    assert_eq!(
        message("|0100 ,far |0200 @far"),
        "Reference too far: far, a.tal:1"
    );
}

/// 54K: `(comment)` opens a comment that never closes (the 2025 reference
/// said `Invalid word`).
#[test]
fn word_glued_to_comment_opener() {
    assert_eq!(
        message("|0100 (comment) #01"),
        "Comment incomplete: (comment) in @on-reset, a.tal:1."
    );
}

#[test]
fn comment_unterminated() {
    assert_eq!(
        message("|0100 #01 ( unterminated"),
        "Comment incomplete: ( in @on-reset, a.tal:1."
    );
}

#[test]
fn macro_duplicate() {
    assert_eq!(
        message("%m { #01 } %m { #02 } |0100 m"),
        "Macro duplicate: %m in @on-reset, a.tal:1."
    );
}

#[test]
fn macro_invalid_hex_name() {
    assert_eq!(
        message("%cafe { #01 }"),
        "Macro invalid: %cafe in @on-reset, a.tal:1."
    );
}

#[test]
fn macro_named_like_a_label() {
    assert_eq!(
        message("|0100 @m %m { #01 }"),
        "Label duplicate: %m in @m, a.tal:1."
    );
}

#[test]
fn padding_invalid() {
    assert_eq!(
        message("|0100 $zz"),
        "Padding invalid: $zz in @on-reset, a.tal:1."
    );
}

/// 54K: `|/name` pads to `<scope>/name`, which must be defined already.
#[test]
fn padding_to_an_undefined_scope_relative_label() {
    assert_eq!(
        message("|0100 |/nothere"),
        "Padding invalid: |/nothere in @on-reset, a.tal:1."
    );
}

/// 54K: `%` may appear in a body, but no body token may start with it.
#[test]
fn macro_body_token_starting_with_percent() {
    assert_eq!(
        message("%m { #01 %x } |0100 m"),
        "Macro nested: %m in @on-reset, a.tal:1."
    );
}

#[test]
fn output_empty_names_the_rom() {
    let e = err("|0100");
    assert_eq!(e.kind(), ErrorKind::OutputEmpty);
    assert_eq!(e.to_string(), "Output empty: a.tal");
    assert_eq!(e.with_rom_path("a.rom").to_string(), "Output empty: a.rom");
}

#[test]
fn include_missing_prints_two_lines() {
    let e = err("|0100 ~missing.tal");
    assert_eq!(
        e.to_string(),
        "File missing: missing.tal\nInclude missing: ~missing.tal in @on-reset, a.tal:1."
    );
    assert_eq!(e.kind(), ErrorKind::IncludeMissing);
    assert_eq!((e.file(), e.line()), ("a.tal", 1));
}

#[test]
fn unclosed_lambda() {
    assert_eq!(message("|0100 { #01"), "Label unknown: λ00, a.tal:1");
}

/// The reference's example of 1100 sublabels fails there at `&l1023`; the
/// table here holds 131 072 labels, so it assembles, and the label after
/// the last one fails.
#[test]
fn labels_limit_exceeded() {
    let sublabels = |n: usize| {
        let mut source = String::from("|0100 #01 @X");
        for i in 0..n {
            source.push_str(&format!(" &l{i}"));
        }
        source
    };
    assert_eq!(
        uxn_asm::assemble(sublabels(1100).as_bytes(), "lab.tal")
            .unwrap()
            .labels,
        1101
    );
    let limit = 0x20000;
    assert_eq!(
        uxn_asm::assemble(sublabels(limit - 1).as_bytes(), "lab.tal")
            .unwrap()
            .labels,
        limit
    );
    let e = err_in(&sublabels(limit), "lab.tal");
    assert_eq!(
        e.to_string(),
        format!("Labels limit exceeded: &l{} in @X, lab.tal:1.", limit - 1)
    );
}

#[test]
fn file_missing_at_top_level() {
    let e = uxn_asm::assemble_file(std::path::Path::new("no/such/file.tal")).unwrap_err();
    assert_eq!(e.to_string(), "File missing: no/such/file.tal");
    assert_eq!(e.kind(), ErrorKind::FileMissing);
}

#[test]
fn string_write_failure_prints_the_cause_first() {
    let e = err("|00 \"hi");
    let expected = "Writing zero-page: \"hi in @on-reset, a.tal:1.\nString invalid: \"hi in @on-reset, a.tal:1.";
    assert_eq!(e.to_string(), expected);
    assert_eq!(e.kind(), ErrorKind::StringInvalid);
    assert_eq!(e.report(), format!("{expected}\n"));
}

#[test]
fn deprecation_printed_before_a_later_error() {
    let e = err("|0100 :x");
    assert_eq!(e.to_string(), "Label unknown: x, a.tal:1");
    assert_eq!(e.notes(), ["Deprecated rune :x, use =x"]);
    assert_eq!(
        e.report(),
        "Deprecated rune :x, use =x\nLabel unknown: x, a.tal:1\n"
    );
}

#[test]
fn line_numbers_count_newlines() {
    let e = err("|0100\n\n#abc");
    assert_eq!(
        e.to_string(),
        "Hexadecimal invalid: #abc in @on-reset, a.tal:3."
    );
    assert_eq!(e.line(), 3);
    // Newlines inside comments and macro definitions count too.
    assert_eq!(err("( a\nb )\n|0100 #abc").line(), 3);
    assert_eq!(err("%m {\n#01\n}\n|0100 nothere").line(), 4);
    // The line of a reference is where it was made.
    assert_eq!(
        message("|0100\n;nothere\n#01"),
        "Label unknown: nothere, a.tal:2"
    );
}

#[test]
fn errors_in_macros_name_the_body_token_and_the_call_site() {
    assert_eq!(
        message("%m { #01 #abc }\n|0100\n@s m"),
        "Hexadecimal invalid: #abc in @s, a.tal:3."
    );
}

#[test]
fn uppercase_hex_is_a_label_call() {
    assert_eq!(message("|0100 FF"), "Label unknown: FF, a.tal:1");
    assert_eq!(
        message("|0100 #AB"),
        "Hexadecimal invalid: #AB in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("|0100 #12345"),
        "Hexadecimal invalid: #12345 in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("|0100 #"),
        "Hexadecimal invalid: # in @on-reset, a.tal:1."
    );
}

#[test]
fn unknown_mode_letters_make_a_label_call() {
    assert_eq!(message("|0100 ADDx"), "Label unknown: ADDx, a.tal:1");
    assert_eq!(message("|0100 BRK2"), "Label unknown: BRK2, a.tal:1");
    assert_eq!(message("|0100 BRKk"), "Label unknown: BRKk, a.tal:1");
}

#[test]
fn invalid_label_names() {
    assert_eq!(
        message("|0100 @ADD2"),
        "Label invalid: @ADD2 in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("|0100 @BRK"),
        "Label invalid: @BRK in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("|0100 @"),
        "Label invalid: @ in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("|0100 @;x"),
        "Label invalid: @;x in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("%ADD { }"),
        "Macro invalid: %ADD in @on-reset, a.tal:1."
    );
    assert_eq!(
        message("%a { }"),
        "Macro invalid: %a in @on-reset, a.tal:1."
    );
}

#[test]
fn label_named_like_a_macro() {
    assert_eq!(
        message("%m { } |0100 @m"),
        "Label duplicate: @m in @on-reset, a.tal:1."
    );
}

#[test]
fn lambda_reference_must_be_exactly_a_brace() {
    assert_eq!(
        message("|0100 ;{foo }"),
        "Label invalid: ;{foo in @on-reset, a.tal:1."
    );
}

#[test]
fn error_inside_an_include_reports_the_included_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.tal"), "#01\n#abc\n").unwrap();
    let main = dir.path().join("main.tal");
    let e = uxn_asm::assemble(b"|0100 ~bad.tal", main.to_str().unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Hexadecimal invalid: #abc in @on-reset, bad.tal:2."
    );
    assert_eq!((e.file(), e.line()), ("bad.tal", 2));
}
