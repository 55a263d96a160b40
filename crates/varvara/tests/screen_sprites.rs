//! Screen sprite port: the verified renders, 2bpp data, and every mode, flip, layer and
//! blend against a direct transcription of the drawing rules.

mod common;

use common::{Harness, rows};
use varvara::{Kind, Layer};

#[test]
fn verified_1bpp_blends_and_flips() {
    let h = Harness::boot("tests/screen/verified-blends.tal");
    let expected = rows(&[
        "aaaa........aaaa.......aa.......",
        "a..............a................",
        "a..............a................",
        "a..............a................",
        "................a..............a",
        "................a..............a",
        "................a..............a",
        ".......aa.......aaaa........aaaa",
        "....aaaaaaaa....2222....22223333",
        ".aaaaaaaa.......2.......23333333",
        ".aaaaaaaa.......2.......23333333",
        ".aaaaaaaa.......2.......23333333",
        "aaaaaaaa................33333333",
        "aaaaaaaa................33333333",
        "aaaaaaaa................33333333",
        "aaaaaaa........a.......233333332",
    ]);
    assert_eq!(h.char_map(0, 0, 32, 16), expected);
}

#[test]
fn verified_2bpp_blends() {
    let h = Harness::boot("tests/screen/verified-2bpp.tal");
    let expected = rows(&[
        "ccccccccccccccccaaaaaaaabbbbbbbbbbbbbbbbaaaaaaaa",
        "ccccccccccccccccaaaaaaaabbbbbbbbbbbbbbbbaaaaaaaa",
        "bbbbbbbbbbbbbbbbccccccccaaaaaaaaaaaaaaaacccccccc",
        "bbbbbbbbbbbbbbbbccccccccaaaaaaaaaaaaaaaacccccccc",
        "aaaaaaaaaaaaaaaabbbbbbbbcccccccc........bbbbbbbb",
        "aaaaaaaaaaaaaaaabbbbbbbbcccccccc........bbbbbbbb",
        "................................................",
        "................................................",
    ]);
    assert_eq!(h.char_map(0, 0, 48, 8), expected);
}

#[test]
fn tiles_over_the_edges_are_partly_visible() {
    let h = Harness::boot("tests/screen/sprite-clip.tal");
    let mut expected = vec!["...a........2..."; 3];
    expected.push("aaaa........2222");
    expected.extend(["................"; 8]);
    expected.push("cccc........aaaa");
    expected.extend(["...c........a..."; 3]);
    assert_eq!(h.char_map(0, 0, 16, 16), rows(&expected));
}

/// Colour for a pixel of value `v` under blend `b` (varvara.md §3.5).
const BLEND: [[u8; 16]; 4] = [
    [0, 0, 0, 0, 1, 0, 1, 1, 2, 2, 0, 2, 3, 3, 3, 0],
    [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3],
    [1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1, 1, 2, 3, 1],
    [2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1, 2],
];

/// The tile data of `sprite-matrix.tal`.
const TILE: [u8; 16] = [
    0xc0, 0xa0, 0x96, 0x88, 0xf4, 0x02, 0x31, 0xff, //
    0xe0, 0x70, 0x3c, 0x1c, 0x0e, 0x27, 0x03, 0x10,
];

/// The matrix drawn by the rules as written in the specification, over layers filled
/// with `prefill`: `[background, foreground]`, 128×128 each.
fn expected_matrix(prefill: u8) -> [Vec<u8>; 2] {
    let mut layers = [vec![prefill; 128 * 128], vec![prefill; 128 * 128]];
    for sprite in 0..=255u8 {
        let (tx, ty) = ((sprite & 0x0f) as usize * 8, (sprite >> 4) as usize * 8);
        let two_bpp = sprite & 0x80 != 0;
        let layer = &mut layers[(sprite >> 6 & 1) as usize];
        let (flip_y, flip_x, blend) = (sprite & 0x20 != 0, sprite & 0x10 != 0, sprite & 0x0f);
        for row in 0..8 {
            for col in 0..8 {
                let srow = if flip_y { 7 - row } else { row };
                let bit = if flip_x { col } else { 7 - col };
                let mut v = (TILE[srow] >> bit) & 1;
                if two_bpp {
                    v |= ((TILE[srow + 8] >> bit) & 1) << 1;
                }
                if v != 0 || blend % 5 != 0 {
                    layer[(ty + row) * 128 + tx + col] = BLEND[v as usize][blend as usize];
                }
            }
        }
    }
    layers
}

#[test]
fn every_sprite_byte_matches_the_rules() {
    // Different prefills tell "left alone" apart from "written with the same colour".
    for prefill in 0..4u8 {
        let mut h = Harness::load(Kind::Gui, "tests/screen/sprite-matrix.tal");
        h.vm.uxn_mut().ram[0x00] = prefill;
        h.vm.boot();
        let [bg, fg] = expected_matrix(prefill);
        for y in 0..128u16 {
            for x in 0..128u16 {
                let i = y as usize * 128 + x as usize;
                let sprite = (y / 8) << 4 | (x / 8);
                let at = format!(
                    "sprite {sprite:02x}, pixel ({}, {}), prefill {prefill}",
                    x % 8,
                    y % 8
                );
                assert_eq!(
                    h.vm.layer_pixel(Layer::Background, x, y),
                    Some(bg[i]),
                    "bg {at}"
                );
                assert_eq!(
                    h.vm.layer_pixel(Layer::Foreground, x, y),
                    Some(fg[i]),
                    "fg {at}"
                );
            }
        }
    }
}

#[test]
fn sprite_data_wraps_at_the_end_of_memory() {
    let h = Harness::boot("tests/screen/sprite-wrap.tal");
    let expected = rows(&[
        "aaaaaaaa", "...aa...", "..a..a..", ".a....a.", "a......a", ".a....a.", "..a..a..",
        "...aa...",
    ]);
    assert_eq!(h.char_map(0, 0, 8, 8), expected);
}
