//! The soak run of `uxnemu` (`scripts/soak`): the release app on a private 1920x1080
//! Xvfb with openbox, running roms/bench/soak.tal (hundreds of sprites a frame, four busy
//! audio channels, screen resizes, saves) with a stand-in sound card (see `card`), under
//! random keys, mouse, console lines and drops of files for N minutes (see `chaos`).
//!
//! It prints the app's resident memory after a warm-up, every minute and at the end, the
//! sound card's callbacks and underruns, the intervals between Screen vectors, the input
//! events and drops sent, and whether the app still answered at the end. It fails (exit
//! status 1) if the app died, missed a drop, stopped taking input or redrawing, did not
//! close when asked, reported a wrong save, left a temporary save file behind, or if its
//! resident memory at the end exceeds the warm-up figure by more than [`RSS_BOUND`].
//!
//! The end is measured as the start was: the busy ROM freshly loaded at zoom 1 outside
//! fullscreen, after the same warm-up, so that the two figures differ only by what the
//! run left behind.
//!
//! `cargo bench -p uxn-gui --bench soak -- --minutes N [--seed S] [--keep]`. Without
//! `--minutes` it only says how to run it, so a `cargo bench` over the workspace does
//! not start a soak.

#[path = "../../tests/gui/support/mod.rs"]
#[allow(dead_code)]
mod support;

mod card;
mod chaos;
mod figures;
mod files;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::thread::sleep;
use std::time::{Duration, Instant};

use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt as _, EventMask, Window};

use chaos::{Chaos, DropKind};
use figures::{Intervals, Mib, Rss, Summary};
use files::Files;
use support::REACT;
use support::app::{self, App};
use support::poll::poll;
use support::tools;
use support::xdnd::{self, Outcome};
use support::xserver::Xvfb;

const SCREEN: (u16, u16) = (1920, 1080);
/// Time the busy ROM runs alone before memory is read, at the start and at the end.
const WARM_UP: Duration = Duration::from_secs(10);
/// One turn of random input.
const TURN: Duration = Duration::from_millis(50);
/// Growth of resident memory from the warm-up to the end that fails the run, in KiB.
/// The app holds about 13 MiB with the busy ROM at zoom 1. A leak of one window buffer
/// at 1920x1080 (8 MiB), of a machine per load (about 1 MiB with its screen; a ten-minute
/// run loads some 70 programs) or of 230 bytes per frame crosses it in a ten-minute run.
/// What stays under it: free heap the allocator keeps for reuse after the largest screens
/// and windows, and one-time allocations (in the runs so far 1.5 to 3.5 MiB in all, of
/// which the bytes in use, from glibc's malloc_stats, under 1 MiB).
const RSS_BOUND: u64 = 8 * 1024;
/// The soak ROM's mark: its background once a "!" came on the console.
const MARK: u32 = 0xff00ff;

struct Options {
    minutes: f64,
    seed: u64,
    keep: bool,
}

const USAGE: &str = "usage: cargo bench -p uxn-gui --bench soak -- --minutes N [--seed S] [--keep] (or scripts/soak)";

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            eprintln!("soak: no --minutes given, nothing to do; {USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            eprintln!("soak: {err}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match soak(&options) {
        Ok(failures) if failures.is_empty() => {
            println!("result: pass");
            ExitCode::SUCCESS
        }
        Ok(failures) => {
            println!("result: FAIL");
            for failure in failures {
                println!("  - {failure}");
            }
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("soak: {err}");
            ExitCode::from(2)
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut minutes = None;
    let mut seed = None;
    let mut keep = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // cargo bench passes it to every benchmark.
            "--bench" => {}
            "--minutes" => {
                let value = args.next().ok_or("--minutes needs a number")?;
                minutes = Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|m| m.is_finite() && *m >= 0.0)
                        .ok_or(format!("--minutes {value}: not a number of minutes"))?,
                );
            }
            "--seed" => {
                let value = args.next().ok_or("--seed needs a number")?;
                seed = Some(
                    value
                        .parse()
                        .map_err(|_| format!("--seed {value}: not a number"))?,
                );
            }
            "--keep" => keep = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(minutes.map(|minutes| Options {
        minutes,
        seed: seed.unwrap_or_else(|| fastrand::u64(..)),
        keep,
    }))
}

/// Sets up the files, the card, the X server and the app, and runs the soak; returns
/// what failed.
fn soak(options: &Options) -> Result<Vec<String>, String> {
    let temp = tempfile::Builder::new()
        .prefix("uxnemu-soak-")
        .tempdir()
        .map_err(|e| format!("cannot make a working directory: {e}"))?;
    let (dir, _removed_at_the_end) = if options.keep {
        (temp.keep(), None)
    } else {
        (temp.path().to_path_buf(), Some(temp))
    };
    let mut noise = fastrand::Rng::with_seed(options.seed);
    let files = files::prepare(&dir, &mut noise)?;
    let fifo = dir.join("card.fifo");
    let played = card::start(fifo.clone())?;
    let alsa = dir.join("asound.conf");
    std::fs::write(&alsa, card::alsa_config(&fifo)).map_err(|e| e.to_string())?;
    let frame_log = dir.join("frames.log");

    println!(
        "# soak: uxnemu (release) on a {}x{} Xvfb with openbox, roms/bench/soak.tal, {} min of random input, seed {}",
        SCREEN.0, SCREEN.1, options.minutes, options.seed
    );
    println!(
        "# sound card: ALSA default = plug (to float stereo at 44.1 kHz) -> file plugin -> a FIFO this run reads at 44 100 frames/s, 512 at a time"
    );
    println!("# load average at the start: {}", figures::load_average());

    let mut x = Xvfb::start(SCREEN.0, SCREEN.1);
    x.start_window_manager();
    let mut app = App::spawn(
        "uxnemu soak.rom",
        app::command(&x)
            .current_dir(&dir)
            .arg(&files.soak)
            .stdin(Stdio::piped())
            .env("ALSA_CONFIG_PATH", &alsa)
            .env("UXNEMU_LOG", "1")
            .env("UXNEMU_AUDIO_LOG", "1")
            .env("UXNEMU_SUMMARY", "1")
            .env("UXNEMU_FRAME_LOG", &frame_log),
    );
    let console = app.stdin().take().ok_or("the app's stdin is not piped")?;
    let window = app.window(&x);
    let pid = x
        .window_pid(window)
        .ok_or("the window has no _NET_WM_PID")?;
    let mut run = Run {
        x,
        app,
        window,
        pid,
        console,
        files,
        dir,
        frame_log,
        played,
        chaos: Chaos::new(options.seed),
        keep: options.keep,
        failures: Vec::new(),
    };
    let outcome = run.go(options.minutes);
    if options.keep {
        let _ = std::fs::write(run.dir.join("uxnemu.stderr"), run.app.stderr().join("\n"));
        println!("# files kept in {}", run.dir.display());
    }
    outcome?;
    Ok(run.failures)
}

struct Run {
    x: Xvfb,
    app: App,
    window: Window,
    pid: u32,
    console: ChildStdin,
    files: Files,
    dir: PathBuf,
    frame_log: PathBuf,
    played: Arc<card::Played>,
    chaos: Chaos,
    keep: bool,
    failures: Vec<String>,
}

/// The app ended by itself.
struct Died;

impl Run {
    fn go(&mut self, minutes: f64) -> Result<(), String> {
        self.x.focus(self.window);
        if !self.alive_for(WARM_UP) {
            self.died("during the warm-up");
            return Ok(());
        }
        let start = Rss::of(self.pid)?;
        self.keep_memory_map("smaps-start");
        println!();
        println!(
            "{:<10} {:>8} {:>9} {:>9} {:>10} {:>8} {:>7}",
            "time", "RSS MiB", "anon MiB", "file MiB", "shmem MiB", "events", "drops"
        );
        self.row("warm-up", &start);
        let input_seconds = match self.random_input(minutes)? {
            Ok(seconds) => seconds,
            Err(Died) => {
                self.died("under random input");
                return Ok(());
            }
        };
        self.back_to_start();
        if !self.alive_for(WARM_UP) {
            self.died("after the input ended");
            return Ok(());
        }
        let end = Rss::of(self.pid)?;
        self.keep_memory_map("smaps-end");
        self.row("end", &end);
        self.compare_memory(&start, &end);
        let answered = self.check_mark();
        let closed = self.close();
        self.report(input_seconds, &answered, &closed);
        Ok(())
    }

    /// Random input for `minutes`, with a row of figures every minute; returns its
    /// length in seconds.
    fn random_input(&mut self, minutes: f64) -> Result<Result<f64, Died>, String> {
        let begin = Instant::now();
        let end = begin + Duration::from_secs_f64(minutes * 60.0);
        let mut next_minute = begin + Duration::from_secs(60);
        let mut minute = 0;
        let mut next_drop = begin + self.chaos.drop_delay(false);
        let mut visitor_running = false;
        let mut size = self.x.size(self.window)?;
        let mut next_look = begin;
        while Instant::now() < end {
            let turn = Instant::now();
            if self.app.exit_status().is_some() {
                return Ok(Err(Died));
            }
            if turn >= next_look {
                // The window changes size with the ROM, the zoom and fullscreen; the
                // focus may wander.
                size = self.x.size(self.window).unwrap_or(size);
                self.x.focus(self.window);
                next_look = turn + Duration::from_secs(1);
            }
            self.chaos.input(&self.x, self.window, size);
            if self.chaos.console_due() {
                let line = self.chaos.console_line();
                self.type_line(&line)?;
            }
            if turn >= next_drop {
                let (kind, path) = self.chaos.next_drop(&self.files, visitor_running);
                self.drop_file(&path, "drop not answered");
                visitor_running = kind == DropKind::Visitor;
                next_drop = Instant::now() + self.chaos.drop_delay(visitor_running);
            }
            if Instant::now() >= next_minute {
                minute += 1;
                self.row(&format!("{minute} min"), &Rss::of(self.pid)?);
                next_minute += Duration::from_secs(60);
            }
            if let Some(rest) = TURN.checked_sub(turn.elapsed()) {
                sleep(rest);
            }
        }
        Ok(Ok(begin.elapsed().as_secs_f64()))
    }

    /// Back to the conditions of the warm-up: nothing held, not fullscreen, zoom 1, the
    /// busy ROM loaded afresh.
    fn back_to_start(&mut self) {
        self.chaos.release_all(&self.x);
        if self.x.size(self.window) == Ok(SCREEN) {
            self.xdotool(&["key", "F11"]);
            let left = poll(REACT, || match self.x.size(self.window) {
                Ok(size) if size != SCREEN => Ok(()),
                _ => Err("still fullscreen".to_string()),
            });
            if left.is_err() {
                self.failures.push("F11 did not leave fullscreen".into());
            }
        }
        // Ctrl+- as often as there are zooms above 1.
        let mut zoom_out = vec!["key", "--delay", "50"];
        zoom_out.extend(["ctrl+minus"; 5]);
        self.xdotool(&zoom_out);
        let before = self.loads_of_soak();
        let soak = self.files.soak.clone();
        self.drop_file(&soak, "the last reload of soak.rom was not answered");
        let reloaded = poll(REACT, || {
            if self.loads_of_soak() > before {
                Ok(())
            } else {
                Err("not reloaded".to_string())
            }
        });
        if reloaded.is_err() {
            self.failures
                .push("soak.rom was not reloaded at the end".into());
        }
    }

    fn compare_memory(&mut self, start: &Rss, end: &Rss) {
        let growth = end.total as i64 - start.total as i64;
        println!(
            "RSS from the warm-up to the end: {:+} MiB (anon {:+}, file {:+}, shmem {:+}); the bound is +{} MiB",
            Mib(growth),
            Mib(end.anon as i64 - start.anon as i64),
            Mib(end.file as i64 - start.file as i64),
            Mib(end.shmem as i64 - start.shmem as i64),
            Mib(RSS_BOUND as i64)
        );
        if growth > RSS_BOUND as i64 {
            self.failures.push(format!(
                "resident memory grew by {} MiB, more than {} MiB",
                Mib(growth),
                Mib(RSS_BOUND as i64)
            ));
        }
    }

    /// Whether the app still takes input and redraws: the mark typed on the console
    /// must show in the window. Returns what happened, for the report.
    fn check_mark(&mut self) -> String {
        // GetImage needs the whole window on the screen.
        if let Err(outside) = self.x.within_screen(self.window) {
            println!("# the window is not wholly on the screen at the end ({outside}); moved");
            self.xdotool(&["windowmove", &self.window.to_string(), "40", "40"]);
        }
        let before = poll(REACT, || self.marked());
        let asked = Instant::now();
        if let Err(err) = self.type_line(b"!\n") {
            self.failures.push(err);
            return "no console".into();
        }
        let shown = poll(REACT, || match self.marked() {
            Ok(share) if share > 0.25 => Ok(share),
            Ok(share) => Err(format!("{:.0} % of the window is ff00ff", share * 100.0)),
            Err(err) => Err(err),
        });
        match (before, shown) {
            (Ok(before), Ok(after)) if before < 0.01 => format!(
                "the mark showed {:.0} ms after the console input ({:.0} % of the window, {:.1} % before)",
                asked.elapsed().as_secs_f64() * 1000.0,
                after * 100.0,
                before * 100.0
            ),
            (Ok(_), Ok(_)) => {
                self.failures
                    .push("the mark showed before it was typed".into());
                "the mark showed too early".into()
            }
            (Err(err), _) | (_, Err(err)) => {
                self.failures.push(format!(
                    "no mark in the window after the console input: {err}"
                ));
                "no answer".into()
            }
        }
    }

    /// The share of the window's pixels in the mark's colour.
    fn marked(&self) -> Result<f64, String> {
        let image = self.x.grab(self.window)?;
        let marked = image.pixels.iter().filter(|&&p| p == MARK).count();
        Ok(marked as f64 / image.pixels.len().max(1) as f64)
    }

    /// Asks the window to close (`WM_DELETE_WINDOW`), as a window manager's close button
    /// does, and waits for the app to end. Returns what happened, for the report.
    fn close(&mut self) -> String {
        let asked = Instant::now();
        if let Err(err) = send_close(&self.x, self.window) {
            self.failures
                .push(format!("cannot ask the window to close: {err}"));
            return "not asked to close".into();
        }
        let status = poll(REACT, || {
            self.app.exit_status().ok_or_else(|| "running".to_string())
        });
        match status {
            Ok(status) if status.success() => format!(
                "closed {:.0} ms after WM_DELETE_WINDOW, exit status 0",
                asked.elapsed().as_secs_f64() * 1000.0
            ),
            Ok(status) => {
                self.failures
                    .push(format!("the app ended with {status} when closed"));
                format!("ended with {status}")
            }
            Err(_) => {
                self.failures
                    .push("the app did not close when asked".into());
                self.keep_backtraces("backtraces-at-close");
                "did not close".into()
            }
        }
    }

    fn report(&mut self, input_seconds: f64, answered: &str, closed: &str) {
        // The summary is the app's last line; its reader may still be on the way.
        let summary = poll(Duration::from_secs(2), || {
            self.app
                .stderr()
                .iter()
                .find_map(|l| Summary::parse(l))
                .ok_or_else(|| "no summary line".to_string())
        })
        .ok();
        let stderr = self.app.stderr();
        let c = &self.chaos.counts;
        println!();
        println!(
            "input over {:.0} s: {} events ({} keys, {} hotkeys, {} mouse moves, {} clicks and drags, {} wheel, {} console lines); xdotool failures {}",
            input_seconds,
            c.events(),
            c.keys,
            c.hotkeys,
            c.moves,
            c.clicks,
            c.wheel,
            c.console_lines,
            c.xdotool_failures
        );
        // Every program dropped loads (the first and the last load are not drops), and
        // every piece of junk is refused.
        let loaded = stderr.iter().filter(|l| l.starts_with("loaded ")).count() as u64;
        let refused = stderr
            .iter()
            .filter(|l| l.starts_with("open failed: "))
            .count() as u64;
        println!(
            "drops: {} ({} reloads of soak.rom, {} other programs, {} junk) and a last reload; {} loads in all, {} refused",
            c.drops(),
            c.reloads,
            c.visitors,
            c.junk,
            loaded,
            refused
        );
        let programs = 1 + c.reloads + c.visitors + 1;
        if loaded != programs || refused != c.junk {
            self.failures.push(format!(
                "{loaded} loads and {refused} refusals for {programs} programs and {} junk files opened",
                c.junk
            ));
        }
        if stderr.iter().any(|l| l == "paused") {
            self.failures.push("the app was paused".into());
        }

        match Intervals::from_log(&self.frame_log) {
            Ok(i) => println!(
                "Screen vector intervals: {} frames over {:.0} s ({:.2}/s): p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms",
                i.frames,
                i.seconds,
                (i.frames - 1) as f64 / i.seconds.max(1e-9),
                i.p50,
                i.p99,
                i.p999,
                i.max
            ),
            Err(err) => self.failures.push(format!("no frame intervals: {err}")),
        }
        match summary.as_ref().and_then(|s| s.audio.as_ref()) {
            Some(audio) => println!(
                "sound: {} callbacks, {} frames pulled ({:.1} s), {} underruns ({} in the first second), {} blocks dropped; the card played {:.1} s in {} stream(s)",
                audio.callbacks,
                audio.pulled,
                audio.pulled as f64 / 44_100.0,
                audio.underruns,
                figures::first_second_underruns(&stderr)
                    .map_or_else(|| "?".to_string(), |n| n.to_string()),
                audio.dropped,
                self.played.seconds(),
                self.played.opens()
            ),
            None => self
                .failures
                .push("the app played no sound through the card".into()),
        }
        if let Some(summary) = &summary {
            println!("frames run by the app: {}", summary.frames);
        }

        let rom_errors: Vec<&String> = stderr.iter().filter(|l| l.starts_with("soak: ")).collect();
        let leftovers = files::leftover_saves(&self.dir);
        println!(
            "saves: {} wrong results reported by the ROM, {} temporary save files left",
            rom_errors.len(),
            leftovers.len()
        );
        for line in rom_errors {
            self.failures.push(format!("the ROM said {line:?}"));
        }
        for path in leftovers {
            self.failures
                .push(format!("temporary save file left: {}", path.display()));
        }
        println!("at the end: {answered}; {closed}");
        println!("# load average at the end: {}", figures::load_average());
    }

    fn row(&self, label: &str, rss: &Rss) {
        println!(
            "{:<10} {:>8} {:>9} {:>9} {:>10} {:>8} {:>7}",
            label,
            Mib(rss.total as i64),
            Mib(rss.anon as i64),
            Mib(rss.file as i64),
            Mib(rss.shmem as i64),
            self.chaos.counts.events(),
            self.chaos.counts.drops()
        );
        let _ = std::io::stdout().flush();
    }

    /// Drops `path` on the window; a drop the window does not answer is a failure.
    fn drop_file(&mut self, path: &Path, failure: &str) {
        match xdnd::drop_file(&self.x, self.window, 10, 10, path) {
            Ok(Outcome::Finished { accepted: true }) => {}
            Ok(other) => self
                .failures
                .push(format!("{failure}: {}: {other:?}", path.display())),
            Err(err) => self
                .failures
                .push(format!("{failure}: {}: {err}", path.display())),
        }
    }

    /// How many times the busy ROM was loaded so far (`UXNEMU_LOG` lines).
    fn loads_of_soak(&self) -> usize {
        let line = format!("loaded {}", self.files.soak.display());
        self.app.stderr().iter().filter(|l| **l == line).count()
    }

    /// Whether the app is still running after `time`.
    fn alive_for(&mut self, time: Duration) -> bool {
        let until = Instant::now() + time;
        while Instant::now() < until {
            if self.app.exit_status().is_some() {
                return false;
            }
            sleep(Duration::from_millis(100));
        }
        self.app.exit_status().is_none()
    }

    /// The failure of an app that ended by itself, with what it said last.
    fn died(&mut self, when: &str) {
        let status = self
            .app
            .exit_status()
            .map_or_else(|| "?".to_string(), |s| s.to_string());
        let stderr = self.app.stderr();
        let last = stderr[stderr.len().saturating_sub(20)..].join("\n    ");
        self.failures.push(format!(
            "the app ended {when} ({status}); its last lines:\n    {last}"
        ));
    }

    fn type_line(&mut self, line: &[u8]) -> Result<(), String> {
        self.console
            .write_all(line)
            .and_then(|()| self.console.flush())
            .map_err(|e| format!("cannot write to the app's console: {e}"))
    }

    fn xdotool(&self, args: &[&str]) {
        tools::run(
            Command::new("xdotool")
                .args(args)
                .env("DISPLAY", self.x.display()),
            REACT,
        );
    }

    /// With `--keep`, the backtraces of all the app's threads, if gdb is there.
    fn keep_backtraces(&self, name: &str) {
        if !self.keep {
            return;
        }
        let output = Command::new("gdb")
            .args([
                "-p",
                &self.pid.to_string(),
                "-batch",
                "-ex",
                "thread apply all bt",
            ])
            .stdin(Stdio::null())
            .output();
        if let Ok(output) = output {
            let _ = std::fs::write(self.dir.join(name), output.stdout);
        }
    }

    /// With `--keep`, a copy of the app's memory map with each mapping's resident size
    /// (/proc/<pid>/smaps), to see where memory went.
    fn keep_memory_map(&self, name: &str) {
        if !self.keep {
            return;
        }
        if let Ok(map) = std::fs::read_to_string(format!("/proc/{}/smaps", self.pid)) {
            let _ = std::fs::write(self.dir.join(name), map);
        }
    }
}

/// Sends `WM_DELETE_WINDOW` to `window`.
fn send_close(x: &Xvfb, window: Window) -> Result<(), String> {
    let (conn, _) = x11rb::connect(Some(&x.display())).map_err(|e| e.to_string())?;
    let message = ClientMessageEvent::new(
        32,
        window,
        x.atom("WM_PROTOCOLS"),
        [x.atom("WM_DELETE_WINDOW"), 0, 0, 0, 0],
    );
    conn.send_event(false, window, EventMask::NO_EVENT, message)
        .map_err(|e| e.to_string())?;
    // A round trip, so that the server has sent the message on before this connection
    // closes.
    conn.get_input_focus()
        .map_err(|e| e.to_string())?
        .reply()
        .map_err(|e| e.to_string())?;
    Ok(())
}
