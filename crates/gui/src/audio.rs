//! Sound: every frame the machine renders its 1/60 s of sound itself; this module queues
//! it for the sound card through a [`varvara::AudioStream`], whose cpal callback only
//! copies out of a lock-free ring, and tells the app when the next frame is due (by the
//! card's clock while it plays, see `varvara::stream`).
//!
//! The card is opened when the first note plays, at 44 100 Hz if it can (the model's own
//! rate: no conversion), else at its default rate through rubato's FFT resampler.
//! Without a sound card, a default device or a working stream, or when the device goes
//! away, the app says so once and runs on silently: frames are paced by the wall clock and their
//! sound is dropped, so note-end vectors still run on time.
//!
//! `UXNEMU_AUDIO_LOG=1` adds one line, "audio: callback pulled N frames, U underruns",
//! once the card has pulled about a second of sound (for tests with a null sink), and
//! `UXNEMU_SUMMARY=1` the whole run's figures at the end ([`Audio::summary`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{BufferSize, FromSample, SampleFormat, SizedSample, StreamConfig, SupportedBufferSize};
use varvara::{AudioSink, AudioStream, FRAME_SAMPLES, MODEL_RATE, ResampleMethod, Varvara, stream};

/// Frames per callback asked of the card when it allows: about 11.6 ms at 44.1 kHz.
const CALLBACK_FRAMES: u32 = 512;

enum State {
    /// No note played yet.
    Idle,
    Playing(Box<Card>),
    /// No sound; stay silent.
    Off,
}

/// An open card and the queue feeding it.
struct Card {
    /// Kept alive while playing; dropping it closes the device.
    _stream: cpal::Stream,
    queue: AudioStream,
    /// The first error that stopped the stream, set once by cpal's error callback.
    failure: Arc<OnceLock<String>>,
    /// How many times the card's callback ran.
    callbacks: Arc<AtomicU64>,
    /// Whether the one-second report is still to be printed.
    log_pending: bool,
}

pub struct Audio {
    state: State,
    paused: bool,
}

impl Default for Audio {
    fn default() -> Self {
        Audio {
            state: State::Idle,
            paused: false,
        }
    }
}

impl Audio {
    /// Takes the sound of the frame that just ran, if any, into the card's queue (or
    /// drops it without a card). Opens the card when the machine first plays, and closes
    /// it, once and with one message, when its stream failed.
    pub fn update(&mut self, vm: &mut Varvara) {
        let idle = matches!(self.state, State::Idle);
        let playing = idle && vm.audio_active();
        let block = vm.take_audio();
        // A note may start and end within one frame: its sound counts too. Only looked
        // for until the card is open.
        if idle && (playing || block.is_some_and(|b| b.iter().any(|&s| s != 0))) {
            self.state = match open() {
                Ok(card) => {
                    card.queue.set_paused(self.paused);
                    State::Playing(Box::new(card))
                }
                Err(why) => {
                    say!("audio: {why}; running without sound");
                    State::Off
                }
            };
        }
        let State::Playing(card) = &mut self.state else {
            return;
        };
        if let Some(block) = block {
            card.queue.push(block, Instant::now());
        }
        if let Some(why) = card.failure.get() {
            say!("audio: the sound device stopped ({why}); running without sound");
            self.state = State::Off;
            return;
        }
        if card.log_pending && card.queue.pulled() >= u64::from(card.queue.rate()) {
            card.log_pending = false;
            say!(
                "audio: callback pulled {} frames, {} underruns",
                card.queue.pulled(),
                card.queue.underruns()
            );
        }
    }

    /// While paused the card plays silence and keeps what is queued for afterwards.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        if let State::Playing(card) = &self.state {
            card.queue.set_paused(paused);
        }
    }

    /// Whether the next frame is due at `now`; `next_frame` is the 60 Hz wall-clock
    /// tick, used while no card pulls (see [`stream::frame_due`]).
    pub fn frame_due(&self, now: Instant, next_frame: &mut Instant) -> bool {
        stream::frame_due(now, next_frame, self.queue())
    }

    /// When to look again whether a frame is due.
    pub fn wake_at(&self, now: Instant, next_frame: Instant) -> Instant {
        stream::next_wake(now, next_frame, self.queue())
    }

    /// `audio: callbacks C, pulled P frames, underruns U, blocks dropped D` while a card
    /// plays; `audio: none` if none was opened or it failed.
    pub fn summary(&self) -> String {
        match &self.state {
            State::Playing(card) => format!(
                "audio: callbacks {}, pulled {} frames, underruns {}, blocks dropped {}",
                card.callbacks.load(Ordering::Relaxed),
                card.queue.pulled(),
                card.queue.underruns(),
                card.queue.dropped()
            ),
            State::Idle | State::Off => "audio: none".into(),
        }
    }

    fn queue(&self) -> Option<&AudioStream> {
        match &self.state {
            State::Playing(card) => Some(&card.queue),
            _ => None,
        }
    }
}

/// Opens the default output device and starts a stream pulling from a new queue.
fn open() -> Result<Card, String> {
    let host = cpal::default_host();
    let device = host.default_output_device().ok_or("no output device")?;
    let (format, mut config) = choose_config(&device)?;
    let failure = Arc::new(OnceLock::new());
    let callbacks = Arc::new(AtomicU64::new(0));
    let (stream, queue) = match build(&device, format, config, &failure, &callbacks) {
        Ok(built) => built,
        // A card that refuses the callback size gets its own.
        Err(_) if config.buffer_size != BufferSize::Default => {
            config.buffer_size = BufferSize::Default;
            build(&device, format, config, &failure, &callbacks)?
        }
        Err(why) => return Err(why),
    };
    stream.play().map_err(|e| e.to_string())?;
    let name = device
        .description()
        .map_or_else(|_| "unnamed device".to_owned(), |d| d.name().to_owned());
    say!("audio: {name}, {} Hz", config.sample_rate);
    let log_pending = std::env::var_os("UXNEMU_AUDIO_LOG").is_some_and(|v| v == "1");
    Ok(Card {
        _stream: stream,
        queue,
        failure,
        callbacks,
        log_pending,
    })
}

/// The model's rate in stereo if the device has it, else the device's default; with a
/// short callback when the device allows one.
fn choose_config(device: &cpal::Device) -> Result<(SampleFormat, StreamConfig), String> {
    let native = device.supported_output_configs().ok().and_then(|ranges| {
        ranges
            .filter(|r| r.channels() == 2)
            .filter(|r| matches!(r.sample_format(), SampleFormat::F32 | SampleFormat::I16))
            .find_map(|r| r.try_with_sample_rate(MODEL_RATE))
    });
    let supported = match native {
        Some(config) => config,
        None => device.default_output_config().map_err(|e| e.to_string())?,
    };
    let mut config = supported.config();
    if let SupportedBufferSize::Range { min, max } = supported.buffer_size()
        && (*min..=*max).contains(&CALLBACK_FRAMES)
    {
        config.buffer_size = BufferSize::Fixed(CALLBACK_FRAMES);
    }
    Ok((supported.sample_format(), config))
}

/// Builds the stream for the device's sample format, with a fresh queue whose first
/// callbacks find silence queued.
///
/// The queue's ring is sized for the callback size the stream reports, which is known only
/// once it is built: its end reaches the callback afterwards, through a one-place channel,
/// and the callback plays silence until then.
fn build(
    device: &cpal::Device,
    format: SampleFormat,
    config: StreamConfig,
    failure: &Arc<OnceLock<String>>,
    callbacks: &Arc<AtomicU64>,
) -> Result<(cpal::Stream, AudioStream), String> {
    let (hand_over, sink) = mpsc::sync_channel(1);
    let stream = match format {
        SampleFormat::F32 => build_typed::<f32>(device, config, sink, failure, callbacks),
        SampleFormat::I16 => build_typed::<i16>(device, config, sink, failure, callbacks),
        SampleFormat::U16 => build_typed::<u16>(device, config, sink, failure, callbacks),
        SampleFormat::I32 => build_typed::<i32>(device, config, sink, failure, callbacks),
        SampleFormat::I8 => build_typed::<i8>(device, config, sink, failure, callbacks),
        SampleFormat::U8 => build_typed::<u8>(device, config, sink, failure, callbacks),
        SampleFormat::F64 => build_typed::<f64>(device, config, sink, failure, callbacks),
        other => return Err(format!("unsupported sample format {other}")),
    }
    .map_err(|e| e.to_string())?;
    let callback = stream.buffer_size().ok().or(match config.buffer_size {
        BufferSize::Fixed(frames) => Some(frames),
        BufferSize::Default => None,
    });
    let (mut queue, sink) = AudioStream::new(config.sample_rate, ResampleMethod::Fft, callback);
    let lead = queue.low_water() as usize;
    queue.push_silence(lead.saturating_sub(FRAME_SAMPLES));
    hand_over
        .send(sink)
        .map_err(|_| "the audio callback is gone".to_owned())?;
    Ok((stream, queue))
}

fn build_typed<T: SizedSample + FromSample<f32>>(
    device: &cpal::Device,
    config: StreamConfig,
    sink: Receiver<AudioSink>,
    failure: &Arc<OnceLock<String>>,
    callbacks: &Arc<AtomicU64>,
) -> Result<cpal::Stream, cpal::Error> {
    let channels = usize::from(config.channels.max(1));
    let failure = Arc::clone(failure);
    let callbacks = Arc::clone(callbacks);
    let mut bound: Option<AudioSink> = None;
    device.build_output_stream(
        config,
        move |data: &mut [T], _| {
            callbacks.fetch_add(1, Ordering::Relaxed);
            // A bounded channel with no sender waiting: receiving neither locks nor
            // allocates.
            if bound.is_none() {
                bound = sink.try_recv().ok();
            }
            let Some(sink) = &mut bound else {
                data.fill(T::EQUILIBRIUM);
                return;
            };
            let mut frames = data.chunks_exact_mut(channels);
            let n = frames.len();
            // Whatever is missing is silence, counted by the sink as an underrun.
            let _ = sink.pull(n, Instant::now(), |[left, right]| {
                if let Some(frame) = frames.next() {
                    spread(frame, f32::from(left) / 32768.0, f32::from(right) / 32768.0);
                }
            });
        },
        move |err| {
            use cpal::ErrorKind;
            // Xruns are the card's own underruns, counted on our side too; a changed
            // route keeps playing.
            if matches!(err.kind(), ErrorKind::Xrun | ErrorKind::DeviceChanged)
                || failure.get().is_some()
            {
                return;
            }
            // Only the first error is kept; a later one loses the race and is dropped.
            let _ = failure.set(err.to_string());
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

    #[test]
    fn model_samples_reach_an_i16_card_unchanged() {
        for s in [i16::MIN, -12345, -1, 0, 1, 10834, i16::MAX] {
            let mut frame = [0i16; 2];
            spread(&mut frame, f32::from(s) / 32768.0, f32::from(s) / 32768.0);
            assert_eq!(frame, [s, s]);
        }
    }
}
