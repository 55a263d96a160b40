//! The desktop app's sound path and the headless runner make the same samples for the
//! same input timeline.
//!
//! The desktop side is driven here the way `uxnemu` drives it, minus cpal: a machine
//! whose frames are paced by `varvara::stream::frame_due` in real time, each frame's
//! block pushed into an `AudioStream`, and a card thread pulling 512 frames every
//! 11.6 ms from its `AudioSink`. Key presses arrive at wall-clock times between frames.
//! Each one is noted with the frame it came before, which makes an input script for
//! `uxncli --frames N --input script --wav out.wav`; the WAV must hold exactly the
//! samples the card thread took from the ring.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use varvara::{AudioStream, Config, Event, FRAME_SAMPLES, ResampleMethod, Varvara, stream};

/// Frames to run: one and a half seconds.
const FRAMES: usize = 90;

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

/// A card on its own thread: pulls `size` frames every `size / 44 100` s until told to
/// stop, keeping what came from the ring and dropping the silence of underruns.
fn card(
    mut sink: varvara::AudioSink,
    size: usize,
    stop: Arc<AtomicBool>,
) -> thread::JoinHandle<Vec<i16>> {
    thread::spawn(move || {
        let period = Duration::from_secs_f64(size as f64 / 44_100.0);
        let mut buffer = vec![0i16; size * 2];
        let mut heard = Vec::new();
        let mut next = Instant::now();
        while !stop.load(Ordering::Acquire) {
            let given = sink.fill(&mut buffer);
            heard.extend_from_slice(&buffer[..given * 2]);
            next += period;
            thread::sleep(next.saturating_duration_since(Instant::now()));
        }
        heard
    })
}

/// Runs the desktop path for [`FRAMES`] frames; returns what the card heard, the input
/// script of the keys as they were delivered, and the machine.
fn desktop() -> (Vec<i16>, String, Varvara, AudioStream) {
    let rom = uxn_asm::assemble_file(&rom_path())
        .expect("ROM assembles")
        .rom;
    let mut vm = Varvara::new(Config::gui());
    vm.load(&rom, false).expect("ROM loads");
    vm.boot();
    let (mut queue, sink) = AudioStream::new(44_100, ResampleMethod::Sinc);
    let stop = Arc::new(AtomicBool::new(false));
    let card = card(sink, 512, Arc::clone(&stop));

    let start = Instant::now();
    let mut next_tick = start;
    let mut frames = 0;
    let mut keys = TIMELINE.iter().peekable();
    let mut script = String::new();
    while frames < FRAMES {
        let now = Instant::now();
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
                queue.push(block);
            }
            frames += 1;
            continue;
        }
        let mut wake = stream::next_wake(now, next_tick, Some(&queue));
        if let Some(&&(ms, _)) = keys.peek() {
            wake = wake.min(start + Duration::from_millis(ms));
        }
        thread::sleep(wake.saturating_duration_since(Instant::now()));
    }
    // Let the card play out what is queued.
    let deadline = Instant::now() + Duration::from_secs(5);
    while queue.queued() > 0 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Release);
    let heard = card.join().expect("card thread");
    (heard, script, vm, queue)
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
