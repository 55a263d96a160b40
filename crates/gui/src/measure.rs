//! Measurements for `scripts/bench`, switched on by environment variables:
//!
//! - `UXNEMU_FRAME_LOG=<file>`: the time of every 60 Hz tick (when the Screen vector
//!   runs), in microseconds since the first, one per line.
//! - `UXNEMU_BENCH_PRESENT=<n>`: after a warm-up, times `n` presents (the work: scaling
//!   the change and handing it to the window system; and the wait for a back buffer while
//!   the window system still reads the previous one), prints one summary line on stderr
//!   and quits.
//! - `UXNEMU_SUMMARY=1`: one line on stderr when the app ends, "summary: frames N, ..."
//!   with the number of 60 Hz ticks and the sound card's figures (see
//!   [`crate::audio::Audio::summary`]), for long runs such as `scripts/soak`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::{Duration, Instant};

use crate::renderer::Drawn;

/// Presents skipped before timing: the first full redraws, going fullscreen.
const WARM_UP: usize = 120;

#[derive(Default)]
pub struct Measure {
    frames: Option<FrameLog>,
    presents: Option<PresentTimes>,
    /// Ticks so far, counted only when the summary is asked for.
    ticks: Option<u64>,
}

impl Measure {
    pub fn from_env() -> Measure {
        let frames =
            std::env::var_os("UXNEMU_FRAME_LOG").and_then(|path| match File::create(&path) {
                Ok(file) => Some(FrameLog {
                    out: BufWriter::new(file),
                    start: None,
                }),
                Err(err) => {
                    say!(
                        "uxnemu: cannot write the frame log {}: {err}",
                        std::path::Path::new(&path).display()
                    );
                    None
                }
            });
        let presents = std::env::var("UXNEMU_BENCH_PRESENT")
            .ok()
            .and_then(|n| n.parse().ok())
            .filter(|&n: &usize| n > 0)
            .map(|wanted| PresentTimes {
                wanted,
                seen: 0,
                work: Vec::new(),
                wait: Vec::new(),
                pixels: 0,
            });
        let ticks = std::env::var_os("UXNEMU_SUMMARY")
            .is_some_and(|v| v == "1")
            .then_some(0);
        Measure {
            frames,
            presents,
            ticks,
        }
    }

    /// A 60 Hz tick is about to run the Screen vector.
    pub fn frame(&mut self, now: Instant) {
        if let Some(log) = &mut self.frames {
            log.record(now);
        }
        if let Some(ticks) = &mut self.ticks {
            *ticks += 1;
        }
    }

    /// The line `UXNEMU_SUMMARY=1` asks for at the end, given the sound figures.
    pub fn summary(&self, audio: &str) -> Option<String> {
        self.ticks
            .map(|ticks| format!("summary: frames {ticks}, {audio}"))
    }

    pub fn presented(&mut self, drawn: &Drawn) {
        if let Some(times) = &mut self.presents {
            times.record(drawn);
        }
    }

    /// The present benchmark has its figures: print them, time to quit.
    pub fn finished(&mut self) -> bool {
        let Some(times) = &self.presents else {
            return false;
        };
        if times.work.len() < times.wanted {
            return false;
        }
        say!("{}", times.summary());
        self.presents = None;
        true
    }
}

struct FrameLog {
    out: BufWriter<File>,
    start: Option<Instant>,
}

impl FrameLog {
    fn record(&mut self, now: Instant) {
        let start = *self.start.get_or_insert(now);
        // Written at once: a benchmark ends the app by killing it.
        let _ = writeln!(self.out, "{}", now.duration_since(start).as_micros());
        let _ = self.out.flush();
    }
}

struct PresentTimes {
    wanted: usize,
    seen: usize,
    work: Vec<Duration>,
    wait: Vec<Duration>,
    pixels: u64,
}

impl PresentTimes {
    fn record(&mut self, drawn: &Drawn) {
        self.seen += 1;
        if self.seen <= WARM_UP || self.work.len() >= self.wanted {
            return;
        }
        self.work.push(drawn.worked);
        self.wait.push(drawn.waited);
        self.pixels += drawn.plan.redraw.pixels();
    }

    /// `bench-present frames=N pixels=P work-us=MEDIAN/P99 wait-us=MEDIAN/P99`: the
    /// window pixels redrawn per present on average, and times in microseconds.
    fn summary(&self) -> String {
        let n = self.work.len().max(1);
        format!(
            "bench-present frames={} pixels={} work-us={} wait-us={}",
            self.work.len(),
            self.pixels / n as u64,
            percentiles(&self.work),
            percentiles(&self.wait),
        )
    }
}

/// `median/p99` in microseconds, one decimal (nearest rank).
fn percentiles(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| {
        let rank = (sorted.len() as f64 * q).ceil() as usize;
        sorted
            .get(rank.saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1e6)
    };
    format!("{:.1}/{:.1}", at(0.5), at(0.99))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_hundred_times() {
        let times: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        assert_eq!(percentiles(&times), "50.0/99.0");
        assert_eq!(percentiles(&[]), "0.0/0.0");
    }
}
