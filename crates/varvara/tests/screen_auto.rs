//! Screen auto byte: several tiles per sprite write and the register updates
//! (the verified examples of varvara.md §3.5; tiles t0–t3 start at 0227).

mod common;

use common::{Harness, rows};

const BOX: [&str; 8] = [
    "aaaaaaaa", "a......a", "a......a", "a......a", "a......a", "a......a", "a......a", "aaaaaaaa",
];
const PLUS: [&str; 8] = [
    "...aa...", "...aa...", "...aa...", "aaaaaaaa", "aaaaaaaa", "...aa...", "...aa...", "...aa...",
];
const FALLING: [&str; 8] = [
    "a.......", ".a......", "..a.....", "...a....", "....a...", ".....a..", "......a.", ".......a",
];
const RISING: [&str; 8] = [
    ".......a", "......a.", ".....a..", "....a...", "...a....", "..a.....", ".a......", "a.......",
];

/// Places tiles side by side: each row of the result joins the rows of `tiles`.
fn beside(tiles: &[[&str; 8]]) -> Vec<String> {
    (0..8)
        .map(|r| tiles.iter().map(|t| t[r]).collect())
        .collect()
}

fn to_map(lines: &[String]) -> String {
    rows(&lines.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn auto_y_lays_tiles_out_to_the_right_and_moves_down() {
    let h = Harness::boot("tests/screen/auto-row.tal");
    let mut expected = beside(&[BOX, PLUS]);
    expected.extend(beside(&[FALLING, RISING]));
    assert_eq!(h.char_map(0, 0, 16, 16), to_map(&expected));
    assert_eq!(
        h.char_map(16, 0, 16, 32),
        to_map(&vec![".".repeat(16); 32]),
        "nothing else"
    );
    assert_eq!(
        (h.ram_short(0), h.ram_short(2), h.ram_short(4)),
        (0x0000, 0x0010, 0x0247)
    );
}

#[test]
fn auto_x_lays_tiles_out_downwards_and_moves_right() {
    let h = Harness::boot("tests/screen/auto-column.tal");
    let expected: Vec<String> = [BOX, PLUS, FALLING]
        .concat()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(h.char_map(32, 0, 8, 24), to_map(&expected));
    assert_eq!(
        h.char_map(0, 0, 32, 32),
        to_map(&vec![".".repeat(32); 32]),
        "nothing else"
    );
    assert_eq!(
        (h.ram_short(0), h.ram_short(2), h.ram_short(4)),
        (0x0028, 0x0000, 0x023f)
    );
}

#[test]
fn flip_x_reverses_the_row() {
    let h = Harness::boot("tests/screen/auto-flip.tal");
    // Blend 3: set bits in colour 3.
    let mirrored = |t: [&str; 8]| t.map(|r| r.chars().rev().collect::<String>().replace('a', "c"));
    let (box_tile, plus) = (mirrored(BOX), mirrored(PLUS));
    let expected: Vec<String> = (0..8)
        .map(|r| format!("{}{}", plus[r], box_tile[r]))
        .collect();
    assert_eq!(h.char_map(48, 0, 16, 8), to_map(&expected));
    assert_eq!(
        h.char_map(0, 0, 48, 16),
        to_map(&vec![".".repeat(48); 16]),
        "nothing else"
    );
    assert_eq!((h.ram_short(0), h.ram_short(2)), (0x0038, 0x0008));
    assert_eq!(h.ram_short(4), 0x0237, "two tiles of 8 bytes");
}
