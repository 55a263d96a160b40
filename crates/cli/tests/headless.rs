//! The headless runner: scripted input reaches the ROM at its frame, the screenshot is the
//! exact 1× picture, and the WAV holds the audio the ROM played.

use std::path::{Path, PathBuf};
use std::process::Command;

const BLACK: [u8; 3] = [0, 0, 0];
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
const RED: [u8; 3] = [0xff, 0, 0];
const GREEN: [u8; 3] = [0, 0xff, 0];

fn rom(name: &str, dir: &Path) -> PathBuf {
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../roms/tests/headless/{name}.tal"));
    let assembly = uxn_asm::assemble_file(&source).unwrap_or_else(|e| panic!("{name}.tal: {e}"));
    let path = dir.join(format!("{name}.rom"));
    std::fs::write(&path, assembly.rom).unwrap();
    path
}

fn uxncli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "uxncli failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn scripted_input_arrives_at_its_frame_and_the_screenshot_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let rom = rom("input", dir.path());
    let script = dir.path().join("script.txt");
    std::fs::write(
        &script,
        "# a key, a button, a mouse move; the ROM draws each\n\
         0 key c\n\
         1 press start\n\
         1 release start\n\
         2 mouse 5 9\n",
    )
    .unwrap();
    let png = dir.path().join("shot.png");
    for frames in ["2", "4"] {
        uxncli(&[
            "--frames".as_ref(),
            frames.as_ref(),
            "--input".as_ref(),
            script.as_os_str(),
            "--screenshot".as_ref(),
            png.as_os_str(),
            rom.as_os_str(),
        ]);
        let image = image::open(&png).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (32, 16));
        let mut expected = [[BLACK; 32]; 16];
        expected[1][b'c' as usize & 0x1f] = WHITE;
        expected[2][0x08 >> 3] = GREEN;
        if frames == "4" {
            // The mouse event comes before frame 2, and the third screen vector draws the corner.
            expected[9][5] = RED;
            expected[15][31] = GREEN;
        }
        for (y, row) in expected.iter().enumerate() {
            for (x, colour) in row.iter().enumerate() {
                assert_eq!(
                    image.get_pixel(x as u32, y as u32).0,
                    *colour,
                    "{frames} frames: pixel ({x}, {y})"
                );
            }
        }
    }
}

#[test]
fn the_wav_holds_the_note_the_rom_played() {
    let dir = tempfile::tempdir().unwrap();
    let rom = rom("tone", dir.path());
    let wav = dir.path().join("tone.wav");
    uxncli(&[
        "--frames".as_ref(),
        "60".as_ref(),
        "--wav".as_ref(),
        wav.as_os_str(),
        rom.as_os_str(),
    ]);
    let mut reader = hound::WavReader::open(&wav).unwrap();
    let spec = reader.spec();
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (2, 44_100, 16)
    );
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    assert_eq!(samples.len(), 44_100 * 2, "one second of stereo");
    let left: Vec<i16> = samples.iter().step_by(2).copied().collect();
    let right: Vec<i16> = samples.iter().skip(1).step_by(2).copied().collect();
    assert!(right.iter().all(|&s| s == 0), "the volume is left-only");
    // A square wave crosses zero upwards once per period.
    let rising = left.windows(2).filter(|w| w[0] < 0 && w[1] >= 0).count();
    assert!(
        (438..=443).contains(&rising),
        "{rising} periods in one second, expected about 440"
    );
    let peak = left.iter().map(|s| s.unsigned_abs()).max().unwrap();
    assert!((10_000..=11_000).contains(&peak), "peak {peak}");
}

#[test]
fn a_bad_input_script_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let rom = rom("input", dir.path());
    let script = dir.path().join("bad.txt");
    std::fs::write(&script, "0 key c\n3 fly away\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .args([
            "--frames".as_ref(),
            "1".as_ref(),
            "--input".as_ref(),
            script.as_os_str(),
            rom.as_os_str(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("bad.txt")
            && stderr.contains("line 2")
            && stderr.contains("unknown command"),
        "{stderr}"
    );
}
