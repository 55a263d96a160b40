//! The desktop app's sound path and the headless runner make the same samples for the
//! same input timeline.
//!
//! The desktop side is driven here the way `uxnemu` drives it, minus cpal and on a clock
//! of the test's own, so that the outcome does not depend on how the machine running the
//! test schedules threads: a machine whose frames are paced by
//! `varvara::stream::frame_due`, each frame's block pushed into an `AudioStream`, and a
//! card pulling 512 frames from its `AudioSink` about every 11.6 ms (each callback up to
//! 3 ms late, as a loaded host's would be). Key presses arrive at given times between
//! frames. Each one is noted with the frame it came before, which makes an input script
//! for `uxncli --frames N --input script --wav out.wav`; the WAV must hold exactly the
//! samples the card took from the ring.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use varvara::{
    AudioSink, AudioStream, Config, Event, FRAME_SAMPLES, ResampleMethod, Varvara, stream,
};

/// Frames to run: one and a half seconds.
const FRAMES: usize = 90;

/// Frames per callback of the card.
const CALLBACK: usize = 512;

/// Keys, and when they are pressed (ms after the first frame): the instrument plays a
/// note for each, and its notes end by themselves, start echoes and are stopped by the
/// level reads of its Screen vector.
const TIMELINE: [(u64, u8); 7] = [
    (5, b'a'),
    (60, b'b'),
    (60, b'd'),
    (330, b'g'),
    (700, b'j'),
    (701, b'k'),
    (1100, b'f'),
];

fn rom_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/tests/audio/instrument.tal")
}

/// The stand-in card: callback `n` is due at `n · CALLBACK / 44 100` s and comes up to
/// 3 ms later, by a fixed pseudo-random sequence.
struct Card {
    sink: AudioSink,
    start: Instant,
    callbacks: u64,
    late: u64,
    /// What came from the ring; the silence of underruns is left out.
    heard: Vec<i16>,
    buffer: Vec<i16>,
}

impl Card {
    fn new(sink: AudioSink, start: Instant) -> Card {
        Card {
            sink,
            start,
            callbacks: 0,
            late: 0,
            heard: Vec::new(),
            buffer: Vec::with_capacity(CALLBACK * 2),
        }
    }

    /// When the next callback comes.
    fn next(&self) -> Instant {
        let due = Duration::from_secs_f64((self.callbacks * CALLBACK as u64) as f64 / 44_100.0);
        self.start + due + Duration::from_micros(self.late)
    }

    fn callback(&mut self) {
        let now = self.next();
        self.buffer.clear();
        let given = self
            .sink
            .pull(CALLBACK, now, |frame| self.buffer.extend(frame));
        self.heard.extend_from_slice(&self.buffer[..given * 2]);
        self.callbacks += 1;
        // The next one's delay: a linear congruential sequence, 0–3 ms.
        self.late = (self.late * 1_103_515_245 + 12_345) % 3_001;
    }
}

/// Runs the desktop path for [`FRAMES`] frames; returns what the card heard, the input
/// script of the keys as they were delivered, the machine and the stream.
fn desktop() -> (Vec<i16>, String, Varvara, AudioStream) {
    let rom = uxn_asm::assemble_file(&rom_path())
        .expect("ROM assembles")
        .rom;
    let mut vm = Varvara::new(Config::gui());
    vm.load(&rom, false).expect("ROM loads");
    vm.boot();
    let (mut queue, sink) = AudioStream::new(44_100, ResampleMethod::Fft, Some(CALLBACK as u32));
    let start = Instant::now();
    let mut card = Card::new(sink, start);

    let mut now = start;
    let mut next_tick = start;
    let mut frames = 0;
    let mut keys = TIMELINE.iter().peekable();
    let mut script = String::new();
    while frames < FRAMES {
        if now >= card.next() {
            card.callback();
        }
        while let Some(&&(ms, key)) = keys.peek()
            && now >= start + Duration::from_millis(ms)
        {
            vm.handle(Event::Key(key));
            script += &format!("{frames} key 0x{key:02x}\n");
            keys.next();
        }
        if stream::frame_due(now, &mut next_tick, Some(&queue)) {
            vm.frame();
            if let Some(block) = vm.take_audio() {
                queue.push(block, now);
            }
            frames += 1;
            continue;
        }
        // Sleep until whichever comes first.
        let mut wake = stream::next_wake(now, next_tick, Some(&queue)).min(card.next());
        if let Some(&&(ms, _)) = keys.peek() {
            wake = wake.min(start + Duration::from_millis(ms));
        }
        now = now.max(wake);
    }
    // Let the card play out what is queued.
    while queue.queued() > 0 {
        card.callback();
    }
    (card.heard, script, vm, queue)
}

fn headless(script: &str) -> Vec<i16> {
    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("keys.txt");
    std::fs::write(&script_path, script).unwrap();
    let wav = dir.path().join("out.wav");
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .arg("--frames")
        .arg(FRAMES.to_string())
        .arg("--input")
        .arg(&script_path)
        .arg("--wav")
        .arg(&wav)
        .arg(rom_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "uxncli failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    hound::WavReader::open(&wav)
        .unwrap()
        .samples::<i16>()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_desktop_path_and_the_headless_runner_make_the_same_samples() {
    let (heard, script, vm, queue) = desktop();
    let ram = &vm.uxn().ram;
    assert_eq!(usize::from(ram[0x00]), FRAMES, "every Screen vector ran");
    assert!(
        ram[0x03] > 0,
        "notes ended by themselves and started echoes"
    );
    assert!(
        u16::from_be_bytes([ram[0x01], ram[0x02]]) > 0,
        "levels were read"
    );
    assert_eq!(script.lines().count(), TIMELINE.len(), "{script}");
    assert_eq!(queue.dropped(), 0, "no block was dropped");
    assert_eq!(
        heard.len(),
        2 * FRAMES * FRAME_SAMPLES,
        "every frame was heard"
    );
    assert!(heard.iter().any(|&v| v != 0));

    let wav = headless(&script);
    assert_eq!(wav.len(), heard.len());
    if let Some(i) = wav.iter().zip(&heard).position(|(a, b)| a != b) {
        panic!(
            "the samples differ from frame {} (sample {}) on; script:\n{script}",
            i / 2 / FRAME_SAMPLES,
            i / 2 % FRAME_SAMPLES
        );
    }
    eprintln!("{} card underruns, script:\n{script}", queue.underruns());
}
