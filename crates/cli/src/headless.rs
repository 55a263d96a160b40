//! Headless mode: a Varvara with every device, driven by a virtual 60 Hz clock.
//!
//! The reset vector runs, the arguments are delivered, then each frame delivers that
//! frame's scripted input, runs the vectors of notes that ended and the screen vector,
//! and renders 1/60 s of audio (735 stereo frames at 44.1 kHz): all of that is
//! [`Varvara::frame`], which the desktop app runs too, so both make the same sound for
//! the same input. At the end the screen is saved at 1× as a PNG with the exact palette
//! colours, and the audio as a 16-bit stereo WAV.

use std::io::Cursor;
use std::path::Path;

use anyhow::{Context, Result};
use varvara::{Config, MODEL_RATE, Varvara};

use crate::console;
use crate::input_script::InputScript;
use crate::options::Options;

pub fn run(options: &Options, rom_path: &Path) -> Result<u8> {
    let script = match &options.input {
        Some(path) => InputScript::load(path)?,
        None => InputScript::default(),
    };
    let mut machine = console::boot(options, rom_path, Config::gui())?;
    machine.send_args(&options.arg_bytes());

    // Without --frames, run long enough for the last scripted event, and at least one frame.
    let frames = options
        .frames
        .unwrap_or_else(|| script.last_frame().map_or(1, |last| last + 1));
    let mut samples = Vec::new();

    for frame in 0..frames {
        if machine.exit_code().is_some() {
            break;
        }
        for event in script.at(frame) {
            machine.handle(*event);
        }
        machine.frame();
        if let Some(block) = machine.take_audio()
            && options.wav.is_some()
        {
            samples.extend_from_slice(block);
        }
    }

    if let Some(path) = &options.screenshot {
        write_atomically(path, &png_bytes(&mut machine)?)?;
    }
    if let Some(path) = &options.wav {
        write_atomically(path, &wav_bytes(&samples)?)?;
    }
    Ok(machine.exit_code().unwrap_or(0) as u8)
}

/// The screen at 1×, in the ROM's current size.
fn png_bytes(machine: &mut Varvara) -> Result<Vec<u8>> {
    let (width, height) = machine.screen_size();
    let rgb: Vec<u8> = machine
        .pixels()
        .iter()
        .flat_map(|&p| [(p >> 16) as u8, (p >> 8) as u8, p as u8])
        .collect();
    let image = image::RgbImage::from_raw(width.into(), height.into(), rgb)
        .context("the framebuffer does not match the screen size")?;
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png)?;
    Ok(bytes.into_inner())
}

fn wav_bytes(samples: &[i16]) -> Result<Vec<u8>> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: MODEL_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut bytes = Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut bytes, spec)?;
    for &sample in samples {
        writer.write_sample(sample)?;
    }
    writer.finalize()?;
    Ok(bytes.into_inner())
}

/// Writes through a temporary file and a rename, so a failure never leaves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".partial");
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .with_context(|| format!("{}: cannot write", path.display()))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}
