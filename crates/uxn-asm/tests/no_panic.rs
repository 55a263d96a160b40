//! Property tests: no input makes the assembler panic.

use proptest::prelude::*;

/// Tokens chosen to reach every rule: runes, lambdas, macros, comments,
/// padding, opcodes, numbers and malformed variants of each.
const WORDS: &[&str] = &[
    "(",
    ")",
    "(x",
    "%m",
    "%n",
    "{",
    "}",
    "}x",
    "m",
    "n",
    "@a",
    "@Ab",
    "&b",
    "&",
    "#01",
    "#1234",
    "#abc",
    "#",
    "01",
    "1234",
    "1",
    "abcdef",
    "80000000",
    ";x",
    ";a",
    ";{",
    ";{x",
    ",a",
    "_a",
    ".a",
    "-a",
    "=a",
    ":a",
    "?{",
    "!{",
    "?a",
    "!a",
    "/b",
    "\"hi",
    "\"",
    "|0100",
    "|00",
    "|ffff",
    "|10000",
    "$1",
    "$80",
    "$a",
    "|a",
    "$zz",
    "[",
    "]",
    "ADD2kr",
    "LIT",
    "BRK",
    "BRKk",
    "JMP2r",
    "~missing.tal",
    "~",
    "\n",
    " ",
    "é",
    "λ00",
    "7fffffff",
    // Uxntal 54K: scope-relative padding, named comments, `/name` macro
    // calls, comments and `%` in macro bodies, writing over bytes.
    "|/b",
    "$/b",
    "|&b",
    "|/",
    "$/",
    "(doc",
    "(b)",
    "é)",
    "é(",
    "%g/m { #01 ( c ) \"50% }",
    "%c { ( open }",
    "%p { ?{ ( x ) #01 } %q }",
    "%/m { _{ } }",
    "@g",
    "/m",
    "g/m",
    "c",
    "p",
    "|0101",
    "00",
];

fn soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(WORDS).prop_map(|w| w.as_bytes().to_vec()),
            prop::collection::vec(any::<u8>(), 0..6),
        ],
        0..80,
    )
    .prop_map(|words| words.join(&b' '))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(source in prop::collection::vec(any::<u8>(), 0..400)) {
        let result = uxn_asm::assemble(&source, "fuzz.tal");
        if let Err(e) = result {
            prop_assert!(!e.report().is_empty());
        }
    }

    #[test]
    fn token_soup_never_panics(source in soup()) {
        match uxn_asm::assemble(&source, "fuzz.tal") {
            Ok(a) => {
                prop_assert!(!a.rom.is_empty());
                prop_assert!(a.rom.len() <= 0xff00);
                // The last byte may be 00 only as a patched reference
                // (`|00 @a |0100 .a` ends in 00), so no more is asserted.
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn huge_inputs_never_panic() {
    let lambdas = format!("|0100 {}", "{ ".repeat(100_000));
    assert!(uxn_asm::assemble(lambdas.as_bytes(), "a.tal").is_err());
    let closes = format!("|0100 #01 {}", "} ".repeat(100_000));
    assert!(uxn_asm::assemble(closes.as_bytes(), "a.tal").is_err());
    let comments = format!("|0100 {} #01", "( ".repeat(100_000));
    assert!(uxn_asm::assemble(comments.as_bytes(), "a.tal").is_err());
    let token = vec![b'x'; 1 << 20];
    assert!(uxn_asm::assemble(&token, "a.tal").is_err());
    let fill = format!("|0100 {}", "ff ".repeat(0x10000));
    let e = uxn_asm::assemble(fill.as_bytes(), "a.tal").unwrap_err();
    assert_eq!(e.kind(), uxn_asm::ErrorKind::WritingOutsideMemory);
}

#[test]
fn macro_chains_nest_up_to_the_limit() {
    // The longest chain of distinct macros expands; a macro expanding itself
    // is stopped.
    let chain: String = (1..256)
        .map(|i| format!("%m{i} {{ m{} }} ", i - 1))
        .collect();
    let source = format!("%m0 {{ #01 }} {chain} |0100 m255");
    assert_eq!(
        uxn_asm::assemble(source.as_bytes(), "a.tal").unwrap().rom,
        [0x80, 0x01]
    );
    let e = uxn_asm::assemble(b"%p { q } %q { #01 p } |0100 p", "a.tal").unwrap_err();
    assert_eq!(e.kind(), uxn_asm::ErrorKind::NestingTooDeep);
}
