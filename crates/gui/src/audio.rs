//! Sound: a cpal output stream whose callback pulls samples from the machine's
//! [`varvara::AudioOutput`]. The stream is opened when the first note plays; without
//! a sound card, a default device or a working stream the app says so once and runs
//! silently.
//!
//! `UXNEMU_AUDIO_LOG=1` adds one line, "audio: callback pulled N frames", once the
//! callback has pulled about a second of sound (for tests with a null sink).

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample, StreamConfig};
use varvara::{AudioOutput, Varvara};

enum State {
    /// No note played yet.
    Idle,
    Playing(cpal::Stream),
    /// Opening failed; stay silent.
    Off,
}

pub struct Audio {
    state: State,
}

impl Default for Audio {
    fn default() -> Self {
        Audio { state: State::Idle }
    }
}

impl Audio {
    /// Opens the stream once the machine starts playing.
    pub fn update(&mut self, vm: &mut Varvara) {
        if matches!(self.state, State::Idle) && vm.audio_active() {
            self.state = match open(vm) {
                Ok(stream) => State::Playing(stream),
                Err(why) => {
                    eprintln!("audio: {why}; running without sound");
                    State::Off
                }
            };
        }
    }

    pub fn set_paused(&mut self, paused: bool) {
        if let State::Playing(stream) = &self.state {
            // A stream that will not pause or resume just keeps its state.
            if paused {
                let _ = stream.pause();
            } else {
                let _ = stream.play();
            }
        }
    }
}

fn open(vm: &mut Varvara) -> Result<cpal::Stream, String> {
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or("no output device")?;
    let supported = device.default_output_config().map_err(|e| e.to_string())?;
    let format = supported.sample_format();
    let config: StreamConfig = supported.config();
    let rate = config.sample_rate.0;
    let output = vm.audio_output(rate);
    let stream = match format {
        SampleFormat::F32 => build::<f32>(&device, &config, output),
        SampleFormat::I16 => build::<i16>(&device, &config, output),
        SampleFormat::U16 => build::<u16>(&device, &config, output),
        SampleFormat::I32 => build::<i32>(&device, &config, output),
        SampleFormat::I8 => build::<i8>(&device, &config, output),
        SampleFormat::U8 => build::<u8>(&device, &config, output),
        SampleFormat::F64 => build::<f64>(&device, &config, output),
        other => return Err(format!("unsupported sample format {other}")),
    }
    .map_err(|e| e.to_string())?;
    stream.play().map_err(|e| e.to_string())?;
    let name = device.name().unwrap_or_else(|_| "unnamed device".into());
    eprintln!("audio: {name}, {rate} Hz");
    Ok(stream)
}

fn build<T: SizedSample + FromSample<f32>>(
    device: &cpal::Device,
    config: &StreamConfig,
    mut output: AudioOutput,
) -> Result<cpal::Stream, cpal::BuildStreamError> {
    let channels = usize::from(config.channels.max(1));
    let rate = u64::from(config.sample_rate.0);
    let log = std::env::var_os("UXNEMU_AUDIO_LOG").is_some_and(|v| v == "1");
    let mut pulled: u64 = 0;
    let mut stereo: Vec<f32> = Vec::new();
    let mut reported_error = false;
    device.build_output_stream(
        config,
        move |data: &mut [T], _| {
            let frames = data.len() / channels;
            stereo.resize(frames * 2, 0.0);
            output.render_f32(&mut stereo);
            for (frame, lr) in data.chunks_exact_mut(channels).zip(stereo.chunks_exact(2)) {
                spread(frame, lr[0], lr[1]);
            }
            if log && pulled < rate {
                pulled += frames as u64;
                if pulled >= rate {
                    eprintln!("audio: callback pulled {pulled} frames");
                }
            }
        },
        move |err| {
            if !reported_error {
                reported_error = true;
                eprintln!("audio: stream error ({err}); sound may stop");
            }
        },
        None,
    )
}

/// One stereo frame onto any number of device channels: mono gets the mix, extra
/// channels get silence.
fn spread<T: SizedSample + FromSample<f32>>(frame: &mut [T], left: f32, right: f32) {
    match frame {
        [mono] => *mono = T::from_sample((left + right) * 0.5),
        [l, r, rest @ ..] => {
            *l = T::from_sample(left);
            *r = T::from_sample(right);
            rest.iter_mut().for_each(|s| *s = T::EQUILIBRIUM);
        }
        [] => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_spread_over_channels() {
        let mut mono = [0.0f32];
        spread(&mut mono, 0.5, 0.25);
        assert_eq!(mono, [0.375]);
        let mut stereo = [0i16; 2];
        spread(&mut stereo, 0.5, -0.5);
        assert_eq!(stereo, [16384, -16384]);
        let mut surround = [1.0f32; 6];
        spread(&mut surround, 0.1, 0.2);
        assert_eq!(surround, [0.1, 0.2, 0.0, 0.0, 0.0, 0.0]);
        let mut unsigned = [0u16; 2];
        spread(&mut unsigned, 0.0, 0.0);
        assert_eq!(unsigned, [32768, 32768]);
    }
}
