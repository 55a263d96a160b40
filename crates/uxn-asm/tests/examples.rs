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
/// at most 47 bytes, so the file goes in a short temporary directory).
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
