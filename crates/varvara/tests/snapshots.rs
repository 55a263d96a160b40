//! Snapshot tests: run a ROM for some frames and compare the screen with a stored PNG
//! (see `common/snapshot.rs`; `VARVARA_BLESS=1` rewrites the expected images).

mod common;

use common::{Harness, snapshot};
use varvara::{Layer, Stop};

/// Boots `roms/tests/snapshots/<name>.tal` and runs `frames` frames.
fn run(name: &str, frames: usize) -> Harness {
    let mut h = Harness::boot(&format!("tests/snapshots/{name}.tal"));
    for _ in 0..frames {
        assert_eq!(h.vm.frame(), Stop::Break);
    }
    h
}

#[test]
fn sprites_and_blends() {
    let mut h = run("sprites", 30);
    // The moving sprite's top row (7e) after 30 frames of 2 pixels: x = 61..66 at y = 68.
    let top: Vec<u8> = (59..69)
        .map(|x| h.vm.layer_pixel(Layer::Foreground, x, 68).unwrap())
        .collect();
    assert_eq!(top, [0, 0, 3, 3, 3, 3, 3, 3, 0, 0]);
    snapshot::check("sprites", &mut h.vm);
}

#[test]
fn fills_and_pixels() {
    let mut h = run("fill-pixels", 24);
    let bottom: Vec<u8> = (44..52)
        .map(|x| h.vm.layer_pixel(Layer::Foreground, x, 95).unwrap())
        .collect();
    assert_eq!(
        bottom,
        [3, 0, 3, 0, 0, 0, 0, 0],
        "24 frames, every other pixel"
    );
    snapshot::check("fill-pixels", &mut h.vm);
}

#[test]
fn auto_mode_text() {
    let mut h = run("auto-text", 12);
    snapshot::check("auto-text", &mut h.vm);
}
