//! F10 / PrintScreen: the screen at 1× as a PNG named `<rom-stem>-YYYYMMDD-HHMMSS.png`,
//! next to the ROM, or in the working directory when the ROM's folder is not writable.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime, Timelike};

/// The file name for a screenshot taken at `when`; `attempt` > 0 adds `-<attempt>` so
/// that two shots in the same second do not overwrite each other.
pub fn file_name(stem: &str, when: NaiveDateTime, attempt: u32) -> String {
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        when.year(),
        when.month(),
        when.day(),
        when.hour(),
        when.minute(),
        when.second()
    );
    let stem = if stem.is_empty() { "uxnemu" } else { stem };
    match attempt {
        0 => format!("{stem}-{stamp}.png"),
        n => format!("{stem}-{stamp}-{n}.png"),
    }
}

/// Encodes `pixels` (0x00RRGGBB, row-major) as an RGB PNG.
pub fn encode(pixels: &[u32], width: u16, height: u16) -> Result<Vec<u8>, image::ImageError> {
    let rgb: Vec<u8> = pixels
        .iter()
        .flat_map(|p| [(p >> 16) as u8, (p >> 8) as u8, *p as u8])
        .collect();
    let mut png = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new(&mut png);
    image::ImageEncoder::write_image(
        encoder,
        &rgb,
        u32::from(width),
        u32::from(height),
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(png)
}

/// Writes `png` into the first of `dirs` that accepts a new file, under a name that
/// does not exist yet; returns its path.
pub fn save(png: &[u8], stem: &str, dirs: &[PathBuf], when: NaiveDateTime) -> io::Result<PathBuf> {
    let mut last_err = io::Error::other("no folder to save in");
    for dir in dirs {
        match save_in(png, stem, dir, when) {
            Ok(path) => return Ok(path),
            Err(err) => last_err = err,
        }
    }
    Err(last_err)
}

fn save_in(png: &[u8], stem: &str, dir: &Path, when: NaiveDateTime) -> io::Result<PathBuf> {
    for attempt in 0..100 {
        let path = dir.join(file_name(stem, when, attempt));
        // create_new: never overwrite an earlier screenshot.
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let written = file.write_all(png).and_then(|()| file.sync_all());
                if let Err(err) = written {
                    let _ = fs::remove_file(&path);
                    return Err(err);
                }
                return Ok(path);
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
    Err(io::Error::other("too many screenshots in the same second"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn when() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, 2)
            .unwrap()
            .and_hms_opt(3, 4, 5)
            .unwrap()
    }

    #[test]
    fn names() {
        assert_eq!(file_name("orca", when(), 0), "orca-20260102-030405.png");
        assert_eq!(file_name("orca", when(), 2), "orca-20260102-030405-2.png");
        assert_eq!(file_name("", when(), 0), "uxnemu-20260102-030405.png");
        let late = NaiveDate::from_ymd_opt(1999, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 59)
            .unwrap();
        assert_eq!(file_name("a.b", late, 0), "a.b-19991231-235959.png");
    }

    #[test]
    fn png_round_trip() {
        let pixels = [
            0x00ff0000, 0x0000ff00, 0x000000ff, 0x00123456, 0, 0x00ffffff,
        ];
        let png = encode(&pixels, 3, 2).unwrap();
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (3, 2));
        assert_eq!(img.get_pixel(0, 0).0, [0xff, 0, 0]);
        assert_eq!(img.get_pixel(2, 0).0, [0, 0, 0xff]);
        assert_eq!(img.get_pixel(0, 1).0, [0x12, 0x34, 0x56]);
        assert_eq!(img.get_pixel(2, 1).0, [0xff, 0xff, 0xff]);
    }

    #[test]
    fn second_shot_in_the_same_second_gets_a_suffix_and_bad_dirs_fall_through() {
        let dir = std::env::temp_dir().join(format!("uxnemu-shot-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing");
        let dirs = [missing, dir.clone()];
        let a = save(b"one", "rom", &dirs, when()).unwrap();
        let b = save(b"two", "rom", &dirs, when()).unwrap();
        assert_eq!(a, dir.join("rom-20260102-030405.png"));
        assert_eq!(b, dir.join("rom-20260102-030405-1.png"));
        assert_eq!(fs::read(&a).unwrap(), b"one");
        assert_eq!(fs::read(&b).unwrap(), b"two");
        fs::remove_dir_all(&dir).unwrap();
    }
}
