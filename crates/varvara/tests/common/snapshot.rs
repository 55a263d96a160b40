//! Pixel-exact comparison of the composited screen with a committed PNG.
//!
//! Expected images live in `roms/tests/snapshots/<name>.png`. On a mismatch the test
//! writes `<name>.actual.png` and `<name>.diff.png` (differing pixels red, others a dim
//! grey copy) beside it and fails. `VARVARA_BLESS=1` (re)writes the expected image.

use image::{Rgb, RgbImage};
use varvara::Varvara;

use super::roms_dir;

/// The screen as an RGB image.
pub fn screenshot(vm: &mut Varvara) -> RgbImage {
    let (w, h) = vm.screen_size();
    let rgb = vm
        .pixels()
        .iter()
        .flat_map(|&p| [(p >> 16) as u8, (p >> 8) as u8, p as u8]);
    RgbImage::from_raw(w.into(), h.into(), rgb.collect()).expect("frame has width × height pixels")
}

pub fn check(name: &str, vm: &mut Varvara) {
    let actual = screenshot(vm);
    let dir = roms_dir().join("tests/snapshots");
    let expected_path = dir.join(format!("{name}.png"));
    let actual_path = dir.join(format!("{name}.actual.png"));
    let diff_path = dir.join(format!("{name}.diff.png"));
    let _ = std::fs::remove_file(&actual_path);
    let _ = std::fs::remove_file(&diff_path);
    if std::env::var_os("VARVARA_BLESS").is_some() {
        actual.save(&expected_path).unwrap();
        return;
    }
    let expected = match image::open(&expected_path) {
        Ok(image) => image.to_rgb8(),
        Err(e) => {
            actual.save(&actual_path).unwrap();
            panic!(
                "{}: {e}; the screen is in {}",
                expected_path.display(),
                actual_path.display()
            );
        }
    };
    if expected == actual {
        return;
    }
    let mut diff = RgbImage::new(actual.width(), actual.height());
    let mut differing = 0;
    for (x, y, pixel) in diff.enumerate_pixels_mut() {
        let a = actual.get_pixel(x, y);
        let same = x < expected.width() && y < expected.height() && expected.get_pixel(x, y) == a;
        *pixel = if same {
            let grey = ((a[0] as u32 + a[1] as u32 + a[2] as u32) / 12) as u8;
            Rgb([grey, grey, grey])
        } else {
            differing += 1;
            Rgb([255, 0, 0])
        };
    }
    actual.save(&actual_path).unwrap();
    diff.save(&diff_path).unwrap();
    panic!(
        "{name}: {differing} pixels differ (expected {}×{}, got {}×{}); see {} and {}",
        expected.width(),
        expected.height(),
        actual.width(),
        actual.height(),
        actual_path.display(),
        diff_path.display()
    );
}
