//! What the soak run measures: the app's resident memory, the intervals between its
//! Screen vectors (`UXNEMU_FRAME_LOG`) and the figures of its summary line
//! (`UXNEMU_SUMMARY`).

use std::fmt;
use std::path::Path;

/// Resident memory of a process, from /proc/<pid>/status, in KiB.
#[derive(Clone, Copy)]
pub struct Rss {
    /// VmRSS: all of it.
    pub total: u64,
    /// RssAnon: the heap, stacks and other private memory.
    pub anon: u64,
    /// RssFile: mapped files (the binary and libraries).
    pub file: u64,
    /// RssShmem: shared memory (the window's buffers shared with the X server).
    pub shmem: u64,
}

impl Rss {
    pub fn of(pid: u32) -> Result<Rss, String> {
        let path = format!("/proc/{pid}/status");
        let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        let field = |name: &str| -> Result<u64, String> {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
                .ok_or_else(|| format!("{path} has no {name}"))
        };
        Ok(Rss {
            total: field("VmRSS:")?,
            anon: field("RssAnon:")?,
            file: field("RssFile:")?,
            shmem: field("RssShmem:")?,
        })
    }
}

/// KiB as MiB with one decimal.
pub struct Mib(pub i64);

impl fmt::Display for Mib {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mib = self.0 as f64 / 1024.0;
        let text = if f.sign_plus() {
            format!("{mib:+.1}")
        } else {
            format!("{mib:.1}")
        };
        f.pad(&text)
    }
}

/// The intervals between consecutive Screen vectors, in milliseconds.
pub struct Intervals {
    pub frames: usize,
    pub seconds: f64,
    pub p50: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
}

impl Intervals {
    /// From a frame log: one time in microseconds per line.
    pub fn from_log(path: &Path) -> Result<Intervals, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let times: Vec<u64> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
        let mut gaps: Vec<f64> = times
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]) as f64 / 1000.0)
            .collect();
        if gaps.is_empty() {
            return Err(format!("{} holds fewer than two frames", path.display()));
        }
        gaps.sort_by(f64::total_cmp);
        // Nearest rank.
        let at = |q: f64| gaps[((gaps.len() as f64 * q).ceil() as usize).clamp(1, gaps.len()) - 1];
        Ok(Intervals {
            frames: times.len(),
            seconds: (times[times.len() - 1] - times[0]) as f64 / 1e6,
            p50: at(0.5),
            p99: at(0.99),
            p999: at(0.999),
            max: gaps[gaps.len() - 1],
        })
    }
}

/// The figures of "summary: frames N, audio: callbacks C, pulled P frames, underruns U,
/// blocks dropped D" (or "audio: none").
pub struct Summary {
    pub frames: u64,
    pub audio: Option<Audio>,
}

pub struct Audio {
    pub callbacks: u64,
    pub pulled: u64,
    pub underruns: u64,
    pub dropped: u64,
}

impl Summary {
    pub fn parse(line: &str) -> Option<Summary> {
        let rest = line.strip_prefix("summary: frames ")?;
        let (frames, audio) = rest.split_once(", audio: ")?;
        let frames = frames.parse().ok()?;
        if audio == "none" {
            return Some(Summary {
                frames,
                audio: None,
            });
        }
        let numbers: Vec<u64> = audio
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let [callbacks, pulled, underruns, dropped] = numbers[..] else {
            return None;
        };
        Some(Summary {
            frames,
            audio: Some(Audio {
                callbacks,
                pulled,
                underruns,
                dropped,
            }),
        })
    }
}

/// The first underrun count the app reports (`UXNEMU_AUDIO_LOG`: "audio: callback pulled N
/// frames, U underruns", once about a second of sound has been pulled).
pub fn first_second_underruns(stderr: &[String]) -> Option<u64> {
    stderr.iter().find_map(|line| {
        line.strip_prefix("audio: callback pulled ")?
            .strip_suffix(" underruns")?
            .rsplit(' ')
            .next()?
            .parse()
            .ok()
    })
}

/// The system's load averages over 1, 5 and 15 minutes.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
