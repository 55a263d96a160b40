//! The desktop sound path under load, without a sound card: latency, underruns, CPU.
//!
//! The machine runs `roms/bench/audio_stream.tal` (three channels busy on the left, 200
//! sprites a frame) the way `uxnemu` runs it: frames paced by `stream::frame_due`, each
//! frame's block pushed into an `AudioStream`, key presses delivered between frames. A
//! card thread stands in for the sound card: it pulls CALLBACK frames from the
//! `AudioSink` every CALLBACK / RATE seconds on a fixed schedule, as a device's callback
//! does. Every 100–200 ms (at random moments) a key starts a probe note on the right
//! side, otherwise silent; its latency is the time from the key's delivery to the
//! callback that takes the note's first sample out of the ring. Meanwhile a child
//! process spins on the other core.
//!
//! Prints one row of a table: the callback, the latency (median, 99th percentile), the
//! callbacks that found the ring short (underruns), the most the ring held, and the CPU
//! time of the machine thread and of the card thread per second of sound (Linux: from
//! /proc/thread-self/schedstat). `audio_stream --header` prints the table's header line.
//! Blocks dropped, or frames off 60 per second, are told on stderr.
//!
//! Usage: `audio_stream [--seconds N] [--callback FRAMES] [--rate HZ] [--no-load]`
//! (defaults 60, 512, 44100, with load). `audio_stream --spin SECONDS` is the load.

use std::path::Path;
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use uxn_core::Backend;
use varvara::{AudioStream, Config, Event, ResampleMethod, Varvara, stream};

struct Options {
    seconds: u64,
    callback: usize,
    rate: u32,
    load: bool,
}

fn parse() -> Result<Options, String> {
    let mut options = Options {
        seconds: 60,
        callback: 512,
        rate: 44_100,
        load: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || -> Result<u64, String> {
            let v = args.next().ok_or(format!("{flag} needs a value"))?;
            v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--seconds" => options.seconds = value()?,
            "--callback" => options.callback = value()? as usize,
            "--rate" => options.rate = value()? as u32,
            "--no-load" => options.load = false,
            "--header" => {
                println!(
                    "{}",
                    row([
                        "callback",
                        "note-on -> first sample out of ring",
                        "short callbacks",
                        "ring at most",
                        "CPU per s of sound (machine / card thread)",
                    ])
                );
                std::process::exit(0);
            }
            "--spin" => {
                spin(Duration::from_secs(value()?));
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if options.callback == 0 || options.rate == 0 {
        return Err("--callback and --rate must be positive".into());
    }
    Ok(options)
}

/// Keeps one core busy for `time`.
fn spin(time: Duration) {
    let end = Instant::now() + time;
    let mut x = 0u64;
    while Instant::now() < end {
        for _ in 0..10_000 {
            x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
        }
    }
}

/// CPU time this thread has used, if the system says.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// What the card thread saw.
struct Heard {
    /// When each probe note's first sample left the ring.
    onsets: Vec<Instant>,
    cpu: Option<Duration>,
}

/// The stand-in sound card: pulls `size` frames every `size / rate` seconds.
fn card(
    mut sink: varvara::AudioSink,
    size: usize,
    rate: u32,
    stop: Arc<AtomicBool>,
) -> thread::JoinHandle<Heard> {
    thread::spawn(move || {
        let cpu_start = thread_cpu();
        let period = Duration::from_secs_f64(size as f64 / f64::from(rate));
        let mut onsets = Vec::new();
        let mut sounding = false;
        let mut next = Instant::now();
        while !stop.load(Ordering::Acquire) {
            let now = Instant::now();
            let mut started = false;
            sink.pull(size, now, |[_, right]| {
                if right != 0 && !sounding {
                    started = true;
                }
                sounding = right != 0;
            });
            if started {
                onsets.push(now);
            }
            next += period;
            thread::sleep(next.saturating_duration_since(Instant::now()));
        }
        let cpu = cpu_start.and_then(|start| Some(thread_cpu()? - start));
        Heard { onsets, cpu }
    })
}

/// A small deterministic generator for the probes' moments.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// One line of the table: its cells in columns.
fn row(cells: [&str; 5]) -> String {
    let [callback, latency, short, ring, cpu] = cells;
    format!("{callback:<13} {latency:<37} {short:<17} {ring:<14} {cpu}")
}

/// `44.1k` for 44 100 Hz.
fn khz(rate: u32) -> String {
    format!("{}k", f64::from(rate) / 1e3)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let options = match parse() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("audio_stream: {err}");
            std::process::exit(2);
        }
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/bench/audio_stream.tal");
    let rom = uxn_asm::assemble_file(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .rom;
    let mut config = Config::gui();
    config.backend = Backend::TailCall;
    let mut vm = Varvara::new(config);
    vm.load(&rom, false).expect("benchmark ROM loads");
    vm.boot();

    let mut load: Option<Child> = None;
    if options.load {
        let exe = std::env::current_exe().expect("own path");
        load = Command::new(exe)
            .args(["--spin", &(options.seconds + 5).to_string()])
            .spawn()
            .ok();
    }

    let (mut queue, sink) = AudioStream::new(
        options.rate,
        ResampleMethod::Fft,
        Some(options.callback as u32),
    );
    // As uxnemu does when it opens a card: silence queued for the first callbacks.
    queue.push_silence((queue.low_water() as usize).saturating_sub(varvara::FRAME_SAMPLES));
    let stop = Arc::new(AtomicBool::new(false));
    let card = card(sink, options.callback, options.rate, Arc::clone(&stop));

    let cpu_start = thread_cpu();
    let start = Instant::now();
    let end = start + Duration::from_secs(options.seconds);
    let mut rng = Lcg(1);
    let mut next_probe = start + Duration::from_millis(100 + rng.below(100));
    let mut probes = Vec::new();
    let mut next_tick = start;
    let mut frames = 0u64;
    let mut most_queued = 0;
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        if now >= next_probe {
            vm.handle(Event::Key(b'p'));
            probes.push(now);
            next_probe = now + Duration::from_millis(100 + rng.below(100));
        }
        if stream::frame_due(now, &mut next_tick, Some(&queue)) {
            vm.frame();
            if let Some(block) = vm.take_audio() {
                queue.push(block, Instant::now());
            }
            most_queued = most_queued.max(queue.queued());
            frames += 1;
            continue;
        }
        let wake = stream::next_wake(now, next_tick, Some(&queue)).min(next_probe);
        thread::sleep(wake.saturating_duration_since(Instant::now()));
    }
    let elapsed = start.elapsed();
    let machine_cpu = cpu_start.and_then(|start| Some(thread_cpu()? - start));
    stop.store(true, Ordering::Release);
    let heard = card.join().expect("card thread");
    if let Some(mut child) = load {
        let _ = child.kill();
        let _ = child.wait();
    }

    // Pair each probe with the first onset after it (a probe just before the end may
    // not have been heard).
    let mut latencies = Vec::new();
    let mut onsets = heard.onsets.iter().peekable();
    for probe in &probes {
        while onsets.peek().is_some_and(|&&t| t < *probe) {
            onsets.next();
        }
        if let Some(&t) = onsets.next() {
            latencies.push((t - *probe).as_secs_f64() * 1e3);
        }
    }
    latencies.sort_by(f64::total_cmp);

    let seconds = elapsed.as_secs_f64();
    let callback = format!("{} @ {}", options.callback, khz(options.rate));
    let latency = if latencies.is_empty() {
        "n/a".to_owned()
    } else {
        format!(
            "median {:.1} ms, p99 {:.1} ms",
            percentile(&latencies, 0.5),
            percentile(&latencies, 0.99)
        )
    };
    let callbacks = queue.pulled() / options.callback as u64;
    let per_second = |cpu: Option<Duration>| {
        cpu.map_or("n/a".to_owned(), |d| {
            format!("{:.2} ms", d.as_secs_f64() * 1e3 / seconds)
        })
    };
    println!(
        "{}",
        row([
            &callback,
            &latency,
            &format!("{} of {callbacks}", queue.underruns()),
            &format!(
                "{:.1} ms",
                most_queued as f64 * 1e3 / f64::from(options.rate)
            ),
            &format!("{} / {}", per_second(machine_cpu), per_second(heard.cpu)),
        ])
    );
    let rate = frames as f64 / seconds;
    if queue.dropped() > 0 || (rate - 60.0).abs() > 0.6 {
        eprintln!(
            "audio_stream: {callback}: {} blocks dropped, {frames} frames ({rate:.2}/s)",
            queue.dropped(),
        );
    }
}
