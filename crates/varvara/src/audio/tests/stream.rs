//! The ring between the machine and a card: samples pass whole and in order, missing
//! sound is silence and an underrun, the queue stays short, and frames are paced by the
//! card while it pulls and by the wall clock otherwise.

use std::thread;
use std::time::{Duration, Instant};

use crate::audio::FRAME_SAMPLES;
use crate::audio::resample::Method;
use crate::audio::stream::{self, AudioSink, AudioStream, FRAME};

/// Pulls as many frames as `out` holds into it, interleaved; returns how many came from
/// the ring.
fn fill(sink: &mut AudioSink, out: &mut [i16], now: Instant) -> usize {
    let mut frames = out.chunks_exact_mut(2);
    let n = frames.len();
    sink.pull(n, now, |frame| {
        if let Some(slot) = frames.next() {
            slot.copy_from_slice(&frame);
        }
    })
}

/// A block whose every sample says which block and frame it is (never silence).
fn numbered_block(b: usize) -> Vec<i16> {
    (0..FRAME_SAMPLES)
        .flat_map(|i| {
            let v = ((b * FRAME_SAMPLES + i) % 30_000 + 1) as i16;
            [v, -v]
        })
        .collect()
}

#[test]
fn at_the_model_rate_samples_pass_unchanged_and_in_order() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let now = Instant::now();
    assert_eq!(stream.rate(), 44_100);
    let mut heard = Vec::new();
    let mut pushed = Vec::new();
    for b in 0..20 {
        let block = numbered_block(b);
        stream.push(&block, now);
        pushed.extend_from_slice(&block);
        // Callbacks of odd sizes, taking less than a block each time.
        for size in [400, 300] {
            let mut out = vec![1i16; size * 2];
            fill(&mut sink, &mut out, now);
            heard.extend_from_slice(&out);
        }
    }
    assert_eq!(heard[..], pushed[..heard.len()]);
    assert_eq!(stream.underruns(), 0);
    assert_eq!(stream.dropped(), 0);
    assert_eq!(stream.queued(), 20 * (FRAME_SAMPLES - 700));
}

#[test]
fn rate_zero_means_the_model_rate() {
    let (stream, _sink) = AudioStream::new(0, Method::Fft, None);
    assert_eq!(stream.rate(), 44_100);
}

#[test]
fn an_empty_ring_plays_silence_and_counts_an_underrun() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let now = Instant::now();
    stream.push(&numbered_block(1), now);
    let mut out = vec![7i16; 1000 * 2];
    fill(&mut sink, &mut out, now);
    assert_eq!(out[..FRAME_SAMPLES * 2], numbered_block(1)[..]);
    assert!(out[FRAME_SAMPLES * 2..].iter().all(|&v| v == 0));
    assert_eq!(stream.underruns(), 1);
    fill(&mut sink, &mut out, now);
    assert!(out.iter().all(|&v| v == 0));
    assert_eq!(stream.underruns(), 2);
    assert_eq!(stream.pulled(), 2000);
    // And the next block plays at once: no lag left from the gap.
    stream.push(&numbered_block(2), now);
    fill(&mut sink, &mut out[..200], now);
    assert_eq!(out[..200], numbered_block(2)[..200]);
}

#[test]
fn paused_the_card_plays_silence_and_keeps_the_queue() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let now = Instant::now();
    stream.push(&numbered_block(3), now);
    stream.set_paused(true);
    let mut out = vec![7i16; 512 * 2];
    fill(&mut sink, &mut out, now);
    assert!(out.iter().all(|&v| v == 0));
    assert_eq!(stream.underruns(), 0, "a pause is no underrun");
    assert_eq!(stream.queued(), FRAME_SAMPLES);
    stream.set_paused(false);
    fill(&mut sink, &mut out, now);
    assert_eq!(out[..], numbered_block(3)[..512 * 2]);
}

#[test]
fn without_a_pulling_card_the_queue_stays_short() {
    let (mut stream, _sink) = AudioStream::new(44_100, Method::Fft, None);
    let now = Instant::now();
    for b in 0..100 {
        stream.push(&numbered_block(b), now);
    }
    // Before any callback, one is taken to be 1024 frames.
    assert!(stream.queued() <= 1024 + 2 * FRAME_SAMPLES);
    assert!(stream.queued() > 1024 + FRAME_SAMPLES);
    assert_eq!(
        stream.dropped() as usize,
        100 - stream.queued() / FRAME_SAMPLES
    );
}

#[test]
fn while_the_card_pulls_no_block_is_dropped() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let pulled = Instant::now();
    let mut out = vec![0i16; 512 * 2];
    fill(&mut sink, &mut out, pulled);
    // Still pulling just before it counts as stopped.
    let now = pulled + stream::STALE - Duration::from_millis(1);
    for b in 0..10 {
        stream.push(&numbered_block(b), now);
    }
    assert_eq!(stream.dropped(), 0);
    assert_eq!(stream.queued(), 10 * FRAME_SAMPLES);
}

#[test]
fn a_card_silent_for_the_stale_time_no_longer_paces_or_keeps_every_block() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let pulled = Instant::now();
    let mut out = vec![0i16; 512 * 2];
    fill(&mut sink, &mut out, pulled);
    let stale = pulled + stream::STALE;
    assert!(stream.live(stale - Duration::from_nanos(1)));
    assert!(stream.due_at(stale - Duration::from_nanos(1)).is_some());
    assert!(!stream.live(stale));
    assert_eq!(stream.due_at(stale), None);
    // Gone stale, the queue is held to one callback (512) and two video frames: two
    // blocks fit, the rest are dropped.
    for b in 0..10 {
        stream.push(&numbered_block(b), stale);
    }
    assert_eq!(stream.queued(), 2 * FRAME_SAMPLES);
    assert_eq!(stream.dropped(), 8);
    // A callback makes it live again: every block is kept.
    let back = stale + Duration::from_secs(1);
    fill(&mut sink, &mut out, back);
    for b in 0..3 {
        stream.push(&numbered_block(b), back);
    }
    assert_eq!(stream.dropped(), 8);
    assert_eq!(stream.queued(), 5 * FRAME_SAMPLES - 512);
}

#[test]
fn silence_can_be_queued_ahead() {
    let (mut stream, mut sink) = AudioStream::new(48_000, Method::Fft, None);
    stream.push_silence(700);
    assert_eq!(stream.queued(), 700);
    let mut out = vec![5i16; 700 * 2];
    fill(&mut sink, &mut out, Instant::now());
    assert!(out.iter().all(|&v| v == 0));
    assert_eq!(stream.underruns(), 0);
}

#[test]
fn without_a_pulling_card_frames_follow_the_wall_clock() {
    let (stream, _sink) = AudioStream::new(44_100, Method::Fft, None);
    let start = Instant::now();
    assert_eq!(stream.due_at(start), None);
    let mut tick = start;
    assert!(stream::frame_due(start, &mut tick, Some(&stream)));
    assert_eq!(tick, start + FRAME);
    assert!(!stream::frame_due(
        start + FRAME / 2,
        &mut tick,
        Some(&stream)
    ));
    assert_eq!(
        stream::next_wake(start + FRAME / 2, tick, Some(&stream)),
        start + FRAME
    );
    assert!(stream::frame_due(start + FRAME, &mut tick, None));
    // After a stall, no burst of missed frames: the next one is a frame from now.
    let late = start + 10 * FRAME;
    assert!(stream::frame_due(late, &mut tick, None));
    assert_eq!(tick, late + FRAME);
}

#[test]
fn while_the_card_pulls_a_frame_is_due_when_the_queue_runs_low() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let pulled = Instant::now();
    for b in 0..2 {
        stream.push(&numbered_block(b), pulled);
    }
    let mut out = vec![0i16; 512 * 2];
    fill(&mut sink, &mut out, pulled);
    // 2 · 735 − 512 in the ring, and the 512 just taken, of which 100 played by now.
    let now = pulled + Duration::from_secs_f64(100.0 / 44_100.0);
    assert!(stream.live(now));
    let buffered = stream.buffered(now);
    let expected = (2 * FRAME_SAMPLES - 100) as f64;
    assert!(
        (buffered - expected).abs() < 0.01,
        "{buffered} frames buffered, expected {expected}"
    );
    // Low water: one callback (512) and a video frame.
    assert_eq!(stream.low_water(), (512 + FRAME_SAMPLES) as f64);
    let due = stream.due_at(now).expect("the card pulls");
    let ahead = (expected - (512 + FRAME_SAMPLES) as f64) / 44_100.0;
    let wait = due.duration_since(now).as_secs_f64();
    assert!(
        (wait - ahead).abs() < 1e-6,
        "due in {wait} s, expected {ahead} s"
    );
    let mut tick = now;
    assert!(!stream::frame_due(now, &mut tick, Some(&stream)));
    assert!(!stream::frame_due(
        due - Duration::from_micros(10),
        &mut tick,
        Some(&stream)
    ));
    assert!(stream::frame_due(
        due + Duration::from_micros(10),
        &mut tick,
        Some(&stream)
    ));
    // Drained: due at once, and the wall-clock schedule moves a card step past the
    // later of itself and now.
    while stream.queued() > 0 {
        fill(&mut sink, &mut out, pulled);
    }
    let later = pulled + Duration::from_millis(20);
    assert_eq!(stream.due_at(later), Some(later));
    let before = tick;
    assert!(stream::frame_due(later, &mut tick, Some(&stream)));
    assert_eq!(tick, before.max(later) + stream::CARD_STEP);
}

/// What a card and a machine did in [`run_paced`].
struct Paced {
    frames: usize,
    /// Frames each callback took from the ring.
    given: Vec<usize>,
    /// Most frames the ring held after a frame.
    most_queued: usize,
}

/// A card pulling `callback` frames every `callback / 44 100` s and a machine whose
/// frames run when [`stream::frame_due`] says, for `seconds`, on a clock of the test's
/// own. The machine starts as `uxnemu` does, with silence queued for the first
/// callbacks. Frames running back to back (more than twice the video rate) end the run.
fn run_paced(
    stream: &mut AudioStream,
    sink: &mut AudioSink,
    callback: usize,
    seconds: u32,
) -> Paced {
    run_card(stream, sink, callback, 1.0, seconds)
}

/// As [`run_paced`], with a card that pulls `speed` times faster than its rate says.
fn run_card(
    stream: &mut AudioStream,
    sink: &mut AudioSink,
    callback: usize,
    speed: f64,
    seconds: u32,
) -> Paced {
    stream.push_silence((stream.low_water() as usize).saturating_sub(FRAME_SAMPLES));
    let start = Instant::now();
    let end = start + Duration::from_secs(u64::from(seconds));
    let period = |n: usize| Duration::from_secs_f64((n * callback) as f64 / 44_100.0 / speed);
    let mut paced = Paced {
        frames: 0,
        given: Vec::new(),
        most_queued: 0,
    };
    let (mut now, mut next_tick) = (start, start);
    while now < end && paced.frames < 120 * seconds as usize {
        let next_callback = start + period(paced.given.len());
        if now >= next_callback {
            paced.given.push(sink.pull(callback, now, |_| {}));
            continue;
        }
        if stream::frame_due(now, &mut next_tick, Some(stream)) {
            stream.push(&numbered_block(paced.frames), now);
            paced.frames += 1;
            paced.most_queued = paced.most_queued.max(stream.queued());
            continue;
        }
        now = stream::next_wake(now, next_tick, Some(stream)).min(next_callback);
    }
    paced
}

#[test]
fn a_card_with_16384_frame_callbacks_gets_a_ring_that_holds_them() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, Some(16_384));
    let run = run_paced(&mut stream, &mut sink, 16_384, 5);
    assert!(
        (298..=302).contains(&run.frames),
        "{} frames in 5 s",
        run.frames
    );
    assert_eq!(stream.underruns(), 0);
    assert_eq!(stream.dropped(), 0);
    assert!(run.given.iter().all(|&n| n == 16_384));
    assert!(
        run.most_queued <= 16_384 + 2 * FRAME_SAMPLES,
        "{} frames queued",
        run.most_queued
    );
}

#[test]
fn a_card_asking_more_than_the_ring_holds_gets_frames_at_the_video_rate() {
    // Announced 512 frames: the ring has room for callbacks of 8192.
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, Some(512));
    let run = run_paced(&mut stream, &mut sink, 16_384, 5);
    // The card cannot pace frames: they follow the wall clock, not back to back, and
    // what does not fit is dropped.
    assert!(
        (299..=301).contains(&run.frames),
        "{} frames in 5 s",
        run.frames
    );
    assert!(run.most_queued <= 8192 + 2 * FRAME_SAMPLES);
    // Every callback after the first finds the ring about as full as it gets.
    assert!(run.given[1..].iter().all(|&n| n > 8192), "{:?}", run.given);
    // Every block kept was heard or is still queued, after the 512 frames of silence
    // queued at the start.
    let kept = run.frames - stream.dropped() as usize;
    let heard: usize = run.given.iter().sum();
    assert_eq!(512 + kept * FRAME_SAMPLES, heard + stream.queued());
}

#[test]
fn a_card_thread_hears_every_block_whole_and_in_order() {
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, None);
    let blocks = 200;
    let card = thread::spawn(move || {
        let mut heard: Vec<i16> = Vec::new();
        let mut out = vec![0i16; 256 * 2];
        let deadline = Instant::now() + Duration::from_secs(20);
        while heard.len() < blocks * FRAME_SAMPLES * 2 && Instant::now() < deadline {
            fill(&mut sink, &mut out, Instant::now());
            // Drop the silence of underruns: only the order of the blocks' samples matters.
            heard.extend(out.chunks(2).filter(|f| f != &[0, 0]).flatten().copied());
            thread::yield_now();
        }
        heard
    });
    let mut pushed = Vec::new();
    for b in 0..blocks {
        let block = numbered_block(b);
        while stream.queued() + FRAME_SAMPLES > 256 + 2 * FRAME_SAMPLES {
            thread::yield_now();
        }
        stream.push(&block, Instant::now());
        pushed.extend_from_slice(&block);
    }
    let heard = card.join().expect("card thread");
    assert_eq!(heard, pushed);
    assert_eq!(stream.dropped(), 0);
}

#[test]
fn a_card_without_a_clock_gets_frames_at_the_video_rate() {
    // A device that takes whatever it is given at once, here ten times faster than its
    // rate: the machine does not follow it past the bounded lead.
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, Some(512));
    let run = run_card(&mut stream, &mut sink, 512, 10.0, 5);
    assert!(
        (299..=306).contains(&run.frames),
        "{} frames in 5 s",
        run.frames
    );
    assert!(
        stream.underruns() > 0,
        "the fast card must find the ring short"
    );
    // A card a little fast (0.05 %) is followed exactly: no underrun.
    let (mut stream, mut sink) = AudioStream::new(44_100, Method::Fft, Some(512));
    let run = run_card(&mut stream, &mut sink, 512, 1.0005, 5);
    assert!((299..=303).contains(&run.frames), "{} frames", run.frames);
    assert_eq!(stream.underruns(), 0);
}
