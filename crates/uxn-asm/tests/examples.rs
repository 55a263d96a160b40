//! The verified source -> bytes examples of the Uxntal reference, one test each.

mod common;

use common::check;

macro_rules! examples {
    ($($name:ident: $source:expr => $rom:expr $(, $msg:expr)*;)*) => {
        $(
            #[test]
            fn $name() {
                check($source, $rom, &[$($msg),*]);
            }
        )*
    };
}

examples! {
    ex01_literals: "|0100 #12 #3456" => "80 12 a0 34 56";
    ex02_explicit_lit: "|0100 LIT 12 LIT2 abcd LITr 12 LIT2r abcd" => "80 12 a0 ab cd c0 12 e0 ab cd";
    ex03_raw_hex: "|0100 12 3456 ab" => "12 34 56 ab";
    ex04_modes_any_order: "|0100 ADD ADD2 ADDr ADDk ADD2kr ADDrk2 ADD2rk BRK INC" => "18 38 58 98 f8 f8 f8 00 01";
    ex05_lit_keep_and_repeats: "|0100 LITk 12 LIT2k 1234 LITrk 12 INC2kr2" => "80 12 a0 12 34 c0 12 e1";
    ex06_opcodes: "|0100 JMP2r INC2 POPr" => "6c 21 42";
    ex07_strings: "|0100 \"hello \"world" => "68 65 6c 6c 6f 77 6f 72 6c 64";
    ex08_string_quotes: "|0100 \"a;b\"c" => "61 3b 62 22 63";
    ex09_char_literal: "|0100 LIT \"a INC" => "80 61 01";
    ex10_trailing_zeros_trimmed: "|0100 #00 #00" => "80 00 80";
    ex11_padding_zeros: "|0100 $2 #01 |0110 #02" => "00 00 80 01 (12 x 00) 80 02";
    ex12_all_runes: "|0100 @x ;x .x ,x -x _x =x" => "a0 01 00 80 00 80 f8 00 f6 01 00";
    ex13_zero_page_runes_truncate: "|0100 =x .x -x |1234 @x" => "12 34 80 34 34";
    ex14_deprecated_colon: "|0100 :x @x" => "01 02", "Deprecated rune :x, use =x";
    ex15_jmi_jci: "|0100 @x !y @y ?x" => "40 00 00 20 ff fa";
    ex16_bare_jump_back: "|0100 @Main #01 @main-loop !main-loop" => "80 01 40 ff fd";
    ex17_sublabels: "|0100 @foo &bar ,&bar JMP /bar ;foo/bar" => "80 fd 0c 60 ff fa a0 01 00", "-- Unused label: foo";
    ex18_scope_at_reference: "|0100 @Scope &a #01 @other &b ;Scope/a ;&b" => "80 01 a0 01 00 a0 01 02", "-- Unused label: other";
    ex19_zero_page_variables: "|00 @z $1 @w $2 |0100 .z LDZ .w LDZ2" => "80 00 10 80 01 30";
    ex20_device_ports: "|10 @Console &vector $2 &read $1 &pad $4 &type $1 &write $1 |0100 #41 .Console/write DEO" => "80 41 80 18 17";
    ex21_brackets_and_forward_label: "|0100 [ LIT2 01 -Console/write ] DEO |18 @Console/write" => "a0 01 18 17";
    ex22_nested_comments: "|0100 ( a ( nested ) comment ) #01" => "80 01";
    ex23_gt_in_names: "|0100 #01 &>skip ?&>skip" => "80 01 20 ff fd";
    ex24_conditional_lambda: "|0100 ?{ #01 } #02" => "20 00 02 80 01 80 02";
    ex25_jump_lambda: "|0100 !{ #01 } #02" => "40 00 02 80 01 80 02";
    ex26_call_lambda_inline_data: "|0100 { \"hi } STH2r" => "60 00 02 68 69 6f";
    ex27_lambda_address: "|0100 ;{ 01 02 }" => "a0 01 05 01 02";
    ex28_counted_strings: "|0100 ={ \"foo } _{ \"bar } #ff" => "01 05 66 6f 6f 02 62 61 72 80 ff";
    ex29_nested_lambdas: "|0100 ?{ #01 !{ #02 } #03 } #04" => "20 00 09 80 01 40 00 02 80 02 80 03 80 04";
    ex30_macro: "%m { #01 ADD } |0100 #02 m m" => "80 02 80 01 18 80 01 18";
    ex31_lambda_per_expansion: "%m { { DUP MUL JMP2r } STH2r } |0100 m m" => "60 00 03 06 1a 6c 6f 60 00 03 06 1a 6c 6f";
    ex32_last_macro_token_dropped: "%m {#01} |0100 m #02" => "80 02";
    ex33_absolute_padding: "|0100 @x $4 @y |0200 ;x ;y" => "(256 x 00) a0 01 00 a0 01 04";
    ex34_pad_by_label_value: "|0100 @l |0200 $l #01" => "(512 x 00) 80 01", "-- Unused label: l";
    ex35_relative_offset: "|0100 ,x $7f @x #01" => "80 7e (127 x 00) 80 01";
    ex36_largest_forward_offset: "|0100 ,x $80 @x #01" => "80 7f (128 x 00) 80 01";
    ex39_relative_jcn: "|0100 #0001 ,&skip JCN #02 &skip" => "a0 00 01 80 02 0d 80 02";
    ex40_self_modifying_storage: "|0100 #1234 ;x STA2 @x $2 #01" => "a0 12 34 a0 01 07 35 00 00 80 01";
    ex41_bracket_prefixed_token_ignored: "|0100 [LIT2 #01" => "80 01";
}

// Uxntal 54K (§13.1). The unused-label lines follow the rules of §1 and §6:
// padding with `|` or `$` does not count as a use.
examples! {
    ex43_pad_back_to_scope_relative_label: "|00 @pos &x $2 &y $2 |/x &col $1 &row $1 |0100 .pos/row LDZ" => "80 01 10",
        "-- Unused label: pos", "-- Unused label: pos/x", "-- Unused label: pos/y", "-- Unused label: pos/col";
    ex44_pad_by_scope_relative_label: "|00 @rec &a $1 &b $1 &size $/size @copy |0100 .copy LDZ" => "80 04 10",
        "-- Unused label: rec", "-- Unused label: rec/a", "-- Unused label: rec/b", "-- Unused label: rec/size";
    ex45_write_over_an_earlier_byte: "|0100 #01 #02 |0103 ff" => "80 01 80 ff";
    ex46_fill_in_an_inline_operand: "|0100 @m [ LIT2 &v $2 ] #01 @end |m/v 1234 |end #02" => "a0 12 34 80 01 80 02",
        "-- Unused label: m", "-- Unused label: m/v", "-- Unused label: end";
    ex47_later_write_lower_keeps_the_end: "|0100 #01 #02 |0100 #03" => "80 03 80 02";
    ex48_zeros_over_the_last_bytes_trim: "|0100 #01 #02 |0102 00 00" => "80 01";
    ex49_slash_word_expands_scoped_macro: "%grid/twice { DUP ADD } |0100 @grid #01 /twice" => "80 01 06 18",
        "-- Unused label: grid";
    ex50_comments_in_macro_body: "%inc2 ( a -- a+2 ) { INC ( one ) INC ( two ) } |0100 #01 inc2" => "80 01 01 01";
    ex51_rune_lambda_in_macro_body: "%unless { ?{ #01 } } |0100 #00 unless #02" => "80 00 20 00 02 80 01 80 02";
    ex52_percent_in_macro_body: "%pct { LIT \"% } |0100 pct" => "80 25";
    ex53_word_glued_to_comment_opener: "|0100 (doc ) #01" => "80 01";
    ex54_only_exact_parentheses_nest: "|0100 ( a (b c) ( d ) ) #01" => "80 01";
    ex55_glued_close_does_not_close: "|0100 (note) #01 ) #02" => "80 02";
}

/// Each 54K example against its 2025 form ("checked as" in §13.1): the same
/// ROM, the same `.sym` file, the same label and macro counts.
#[test]
fn examples_54k_equal_their_2025_forms() {
    for (source, form_2025) in [
        (
            "|00 @pos &x $2 &y $2 |/x &col $1 &row $1 |0100 .pos/row LDZ",
            "|00 @pos &x $2 &y $2 |pos/x &col $1 &row $1 |0100 .pos/row LDZ",
        ),
        (
            "|00 @rec &a $1 &b $1 &size $/size @copy |0100 .copy LDZ",
            "|00 @rec &a $1 &b $1 &size $rec/size @copy |0100 .copy LDZ",
        ),
        ("|0100 #01 #02 |0103 ff", "|0100 #01 #ff"),
        (
            "|0100 @m [ LIT2 &v $2 ] #01 @end |m/v 1234 |end #02",
            "|0100 @m [ LIT2 &v 1234 ] #01 @end #02",
        ),
        ("|0100 #01 #02 |0100 #03", "|0100 #03 #02"),
        ("|0100 #01 #02 |0102 00 00", "|0100 #01"),
        (
            "%grid/twice { DUP ADD } |0100 @grid #01 /twice",
            "%grid/twice { DUP ADD } |0100 @grid #01 grid/twice",
        ),
        (
            "%inc2 ( a -- a+2 ) { INC ( one ) INC ( two ) } |0100 #01 inc2",
            "%inc2 { INC INC } |0100 #01 inc2",
        ),
        (
            "%unless { ?{ #01 } } |0100 #00 unless #02",
            "%unless { ?{ #01 } } |0100 #00 unless #02",
        ),
        ("%pct { LIT \"% } |0100 pct", "%pct { LIT 25 } |0100 pct"),
        ("|0100 (doc ) #01", "|0100 ( doc ) #01"),
        ("|0100 ( a (b c) ( d ) ) #01", "|0100 ( a (b c) ( d ) ) #01"),
        ("|0100 (note) #01 ) #02", "|0100 ( note) #01 ) #02"),
    ] {
        let (new, old) = (common::ok(source), common::ok(form_2025));
        assert_eq!(new.rom, old.rom, "{source}");
        assert_eq!(new.symbols, old.symbols, "{source}");
        assert_eq!(
            (new.labels, new.macros),
            (old.labels, old.macros),
            "{source}"
        );
    }
}

/// The `.sym` file of example 43: the overlaid labels sit on `pos/x`.
#[test]
fn ex43_symbols() {
    let a = common::ok("|00 @pos &x $2 &y $2 |/x &col $1 &row $1 |0100 .pos/row LDZ");
    assert_eq!(
        a.symbols,
        b"\x00\x00pos\0\x00\x00pos/x\0\x00\x02pos/y\0\x00\x00pos/col\0\x00\x01pos/row\0"
    );
}

#[test]
fn ex37_one_byte_too_far_forward() {
    let e = common::err_in("|0100 ,x $81 @x #01", "e.tal");
    assert_eq!(e.to_string(), "Reference too far: x, e.tal:1");
}

#[test]
fn ex38_too_far_backward() {
    let e = common::err_in("|0300 @back |0100 ,back", "e.tal");
    assert_eq!(e.to_string(), "Reference too far: back, e.tal:1");
}

/// The include is found beside the including file (the working directory of
/// the test run does not hold `inc.tal`).
#[test]
fn ex42_include_beside_the_including_file() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    assert!(!std::path::Path::new("inc.tal").exists());
    let a = uxn_asm::assemble(b"|0100 ~inc.tal #02", &format!("{dir}/e.tal")).unwrap();
    assert_eq!(a.rom, [0x80, 0x01, 0x80, 0x02]);
    assert_eq!(a.messages, ["-- Unused label: inc-label"]);
}

/// An absolute include path works from any working directory (tokens are
/// at most 62 bytes, so the file goes in a short temporary directory).
#[test]
fn ex42_include_by_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let inc = dir.path().join("inc.tal");
    std::fs::write(&inc, "#01 @inc-label\n").unwrap();
    let source = format!("|0100 ~{} #02", inc.display());
    let a = uxn_asm::assemble(source.as_bytes(), "e.tal").unwrap();
    assert_eq!(a.rom, [0x80, 0x01, 0x80, 0x02]);
    assert_eq!(a.messages, ["-- Unused label: inc-label"]);
}
