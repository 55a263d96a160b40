//! Sound: with ALSA's default device being a null sink the audio callback pulls samples
//! once a note plays; with no device at all, or one that fails while it plays, the ROM
//! still runs and draws, after one warning; either way notes end and their vectors run.
//! `UXNEMU_SUMMARY=1` sums up the frames and the card's callbacks when the app ends.
//!
//! ALSA_CONFIG_PATH replaces alsa-lib's whole configuration (alsa.conf and ~/.asoundrc), so
//! the tests do not depend on the machine's sound setup.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::REACT;
use crate::support::app::{self, App};
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

fn start(x: &Xvfb, dir: &Path, alsa_config: &str) -> App {
    start_rom(x, dir, alsa_config, "audio")
}

fn start_rom(x: &Xvfb, dir: &Path, alsa_config: &str, name: &str) -> App {
    App::spawn(
        "uxnemu audio.rom",
        &mut audio_command(x, dir, alsa_config, name),
    )
}

/// The audio ROM with `UXNEMU_SUMMARY=1`.
fn start_summed(x: &Xvfb, dir: &Path, alsa_config: &str) -> App {
    App::spawn(
        "uxnemu audio.rom",
        audio_command(x, dir, alsa_config, "audio").env("UXNEMU_SUMMARY", "1"),
    )
}

/// uxnemu running the ROM `name` with `alsa_config` as ALSA's whole configuration.
fn audio_command(x: &Xvfb, dir: &Path, alsa_config: &str, name: &str) -> Command {
    let config = dir.join("asound.conf");
    std::fs::write(&config, alsa_config).expect("write ALSA configuration");
    let rom = roms::write(dir, name, "audio.rom");
    let mut command = app::command(x);
    command
        .current_dir(dir)
        .arg(&rom)
        .env("ALSA_CONFIG_PATH", &config)
        .env("UXNEMU_AUDIO_LOG", "1");
    command
}

/// The frames and underruns of "audio: callback pulled N frames, U underruns".
fn callback_report(line: &str) -> (u64, u64) {
    line.strip_prefix("audio: callback pulled ")
        .and_then(|rest| rest.strip_suffix(" underruns"))
        .and_then(|rest| rest.split_once(" frames, "))
        .and_then(|(n, u)| Some((n.parse().ok()?, u.parse().ok()?)))
        .unwrap_or_else(|| panic!("malformed line {line:?}"))
}

/// Quits with F3 and returns the summary line's frames and, if a card played, its
/// callbacks, pulled frames and underruns.
fn quit_for_summary(x: &Xvfb, app: &mut App) -> (u64, Option<[u64; 3]>) {
    let window = app.window(x);
    x.focus(window);
    xdotool(x, &["key", "F3"]);
    app.wait_exit(Duration::from_secs(10));
    let lines = app.stderr();
    let line = lines
        .iter()
        .find_map(|l| l.strip_prefix("summary: frames "))
        .unwrap_or_else(|| panic!("no summary line in {lines:?}"));
    let (frames, audio) = line
        .split_once(", audio: ")
        .unwrap_or_else(|| panic!("malformed summary {line:?}"));
    let frames = frames.parse().expect("frames");
    if audio == "none" {
        return (frames, None);
    }
    // "callbacks C, pulled P frames, underruns U, blocks dropped D"
    let numbers: Vec<u64> = audio
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [callbacks, pulled, underruns, _dropped] => (frames, Some([callbacks, pulled, underruns])),
        _ => panic!("malformed summary {line:?}"),
    }
}

#[test]
fn a_playing_note_is_pulled_by_the_null_sink() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    // "null" is built into alsa-lib: it accepts any format and discards the samples.
    let mut app = start(&x, dir.path(), "pcm.!default { type null }\n");
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::audio(), "audio-null");
    let stream = app.wait_for_stderr("the audio stream line", REACT, |l| {
        l.starts_with("audio: ") && l.ends_with(" Hz")
    });
    // "audio: <device>, R Hz"
    let rate: u64 = stream
        .strip_suffix(" Hz")
        .and_then(|rest| rest.rsplit_once(", "))
        .and_then(|(_, rate)| rate.parse().ok())
        .unwrap_or_else(|| panic!("malformed line {stream:?}"));
    let line = app.wait_for_stderr("the callback report", REACT, |l| {
        l.starts_with("audio: callback pulled")
    });
    let (frames, underruns) = callback_report(&line);
    // The report comes once the card has taken a second of sound, not before. The null
    // sink pulls faster than it plays, so most of its callbacks find the ring short;
    // but each of them took at least one frame.
    assert!(frames >= rate, "{line} at {rate} Hz");
    assert!(underruns <= frames, "{line}");
}

#[test]
fn without_a_sound_device_the_rom_still_runs() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    // An empty configuration defines no PCM at all, not even "default".
    let mut app = start(&x, dir.path(), "");
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::audio(), "audio-none");
    app.wait_for_stderr("an audio warning", REACT, |l| l.starts_with("audio"));
    // Still running and still drawing after the failure (picture checked again below).
    app.wait_for_picture(&x, window, &pictures::audio(), "audio-none-after");
    // alsa-lib's own diagnostics are off; exactly one line is about audio, and none
    // claims a stream runs.
    let lines = app.stderr();
    assert!(
        !lines.iter().any(|l| l.contains("ALSA lib")),
        "alsa-lib printed: {lines:?}"
    );
    let about_audio: Vec<&String> = lines
        .iter()
        .filter(|l| l.to_lowercase().contains("audio"))
        .collect();
    assert_eq!(
        about_audio.len(),
        1,
        "expected one audio warning, got {about_audio:?}"
    );
    assert!(
        !about_audio[0].contains("callback pulled"),
        "{about_audio:?}"
    );
}

#[test]
fn note_end_vectors_run_with_and_without_a_sound_device() {
    let x = Xvfb::start(1280, 1024);
    for (label, alsa_config) in [
        ("audio-ends-null", "pcm.!default { type null }\n"),
        ("audio-ends-none", ""),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut app = start_rom(&x, dir.path(), alsa_config, "audio-ends");
        let window = app.window(&x);
        // Drawn by the vector of the 30th note to end.
        app.wait_for_picture(&x, window, &pictures::audio(), label);
        if !alsa_config.is_empty() {
            // The notes are under 1/60 s each, and still open the sound device.
            app.wait_for_stderr("the audio stream line", REACT, |l| {
                l.starts_with("audio: ") && l.ends_with(" Hz")
            });
        }
    }
}

#[test]
fn a_device_failing_while_it_plays_is_reported_once_and_the_rom_runs_on() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    // alsa-lib's "file" plugin copies what is played to a file: /dev/full makes every
    // write fail, and the stream stops with an I/O error once the card starts.
    let config = "pcm.!default { type file\n slave.pcm { type null }\n file \"/dev/full\"\n format \"raw\" }\n";
    let mut app = start_rom(&x, dir.path(), config, "audio-ends");
    let window = app.window(&x);
    app.wait_for_stderr("the stopped device", REACT, |l| {
        l.starts_with("audio: the sound device stopped (")
            && l.ends_with("); running without sound")
    });
    // Drawn by the vector of the 30th note to end: the notes' vectors ran whatever the
    // device did, and the app is still running.
    app.wait_for_picture(&x, window, &pictures::audio(), "audio-fails");
    assert!(app.exit_status().is_none(), "{:?}", app.stderr());
    let stopped = app
        .stderr()
        .into_iter()
        .filter(|l| l.contains("stopped"))
        .count();
    assert_eq!(stopped, 1, "{:?}", app.stderr());
    // alsa-lib's own line per failed period is turned off: the one above says it all.
    let alsa = app
        .stderr()
        .into_iter()
        .filter(|l| l.contains("ALSA lib"))
        .count();
    assert_eq!(alsa, 0, "{:?}", app.stderr());
}

#[test]
fn the_summary_at_exit_counts_frames_and_callbacks() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = start_summed(&x, dir.path(), "pcm.!default { type null }\n");
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::audio(), "summary-null");
    let report = app.wait_for_stderr("the callback report", REACT, |l| {
        l.starts_with("audio: callback pulled")
    });
    let (pulled_then, _) = callback_report(&report);
    let (frames, audio) = quit_for_summary(&x, &mut app);
    assert!(frames > 0, "no frames counted");
    let [callbacks, pulled, underruns] = audio.expect("a card played");
    assert!(
        callbacks > 0 && pulled >= pulled_then,
        "{callbacks} callbacks, {pulled} frames pulled"
    );
    assert!(
        underruns <= callbacks,
        "{underruns} underruns in {callbacks} callbacks"
    );

    // Without a card the frames still count.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = start_summed(&x, dir.path(), "");
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::audio(), "summary-none");
    let (frames, audio) = quit_for_summary(&x, &mut app);
    assert!(frames > 0, "no frames counted");
    assert!(audio.is_none(), "a card played: {audio:?}");
}
