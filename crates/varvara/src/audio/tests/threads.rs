//! The CPU side and a renderer on two threads: the renderer only ever hears whole
//! notes, and neither side waits long (the times are printed, not asserted).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::{FULL, Play, Rig, SAMPLE, expected};

/// Pitch writes at least, and changes of note the renderer must have heard at least.
const NOTES: usize = 20_000;
const CHANGES: usize = 500;

/// Note `k` plays a constant sample under constant volumes, so every frame it makes is
/// the same; byte and volumes are tied to `k % 15` so a mix of two notes is no note.
fn byte_of(k: usize) -> u8 {
    0x81 + (k % 15) as u8 * 8
}

fn volume_of(k: usize) -> u8 {
    let left = (k % 15) as u8 + 1;
    left << 4 | (16 - left)
}

fn frame_of(k: usize) -> [i16; 2] {
    let volume = volume_of(k);
    let side = |v: u8| expected(byte_of(k), FULL, i32::from(v));
    [side(volume >> 4), side(volume & 0xf)]
}

fn is_stop(k: usize) -> bool {
    k % 7 == 3
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort_unstable();
    times[((times.len() - 1) as f64 * p) as usize]
}

/// Writes note `k`'s ports and then its pitch; returns how long the pitch write took.
fn start_note(rig: &mut Rig, k: usize) -> Duration {
    let addr = SAMPLE + (k % 2) as u16 * 0x100;
    rig.load(addr, &[byte_of(k); 64]);
    let play = Play {
        volume: volume_of(k),
        addr,
        ..Play::looping(64, 0x3c)
    };
    let play = if is_stop(k) {
        Play {
            pitch: 0x6c,
            ..play
        }
    } else {
        play
    };
    rig.deo2(0x38, play.adsr);
    rig.deo2(0x3a, play.length);
    rig.deo2(0x3c, play.addr);
    rig.deo(0x3e, play.volume);
    let start = Instant::now();
    rig.deo(0x3f, play.pitch);
    let took = start.elapsed();
    // Live reads of RAM would now hear negative samples.
    rig.load(addr, &[0x00; 64]);
    took
}

#[test]
fn a_renderer_thread_only_ever_hears_whole_notes() {
    let mut rig = Rig::new();
    let mut out = rig.audio.output(44_100);
    let valid: HashSet<[i16; 2]> = (0..15).map(frame_of).chain([[0, 0]]).collect();
    let done = Arc::new(AtomicBool::new(false));
    // Blocks that sound different from the block before: proof the threads interleaved.
    let changes = Arc::new(AtomicUsize::new(0));
    let renderer = {
        let (done, changes) = (Arc::clone(&done), Arc::clone(&changes));
        thread::spawn(move || {
            let mut buf = [0i16; 512 * 2];
            let (mut blocks, mut previous) = (0, [0, 0]);
            let mut times = Vec::new();
            loop {
                let last_round = done.load(Ordering::Acquire);
                let start = Instant::now();
                out.render(&mut buf);
                times.push(start.elapsed());
                let first = [buf[0], buf[1]];
                // Commands are applied between blocks, so one block is one note.
                assert!(buf.chunks(2).all(|f| f == first), "a block mixes two notes");
                assert!(
                    valid.contains(&first),
                    "{first:?} is no note that was started"
                );
                blocks += 1;
                if first != previous {
                    changes.fetch_add(1, Ordering::Release);
                }
                previous = first;
                if last_round {
                    return (blocks, times, first);
                }
            }
        })
    };

    let mut starts = Vec::with_capacity(NOTES);
    let mut reads = Vec::with_capacity(NOTES);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut k = 0;
    while k < NOTES || changes.load(Ordering::Acquire) < CHANGES {
        starts.push(start_note(&mut rig, k));
        let start = Instant::now();
        rig.dei2(0x32);
        rig.dei(0x34);
        rig.audio.active();
        reads.push(start.elapsed());
        if k.is_multiple_of(64) {
            thread::yield_now();
        }
        k += 1;
        if Instant::now() > deadline {
            break;
        }
    }
    let last = if is_stop(k) { k + 1 } else { k };
    start_note(&mut rig, last);
    done.store(true, Ordering::Release);
    let (blocks, mut blocks_took, heard_last) = renderer.join().expect("renderer thread");

    let changes = changes.load(Ordering::Acquire);
    assert!(changes >= CHANGES, "only {changes} changes of note heard");
    assert_eq!(
        heard_last,
        frame_of(last),
        "the last note started is the one playing"
    );
    assert!(
        rig.audio.take_finished().is_empty(),
        "no note ended by itself"
    );
    let start_max = *starts.iter().max().unwrap_or(&Duration::ZERO);
    let read_max = *reads.iter().max().unwrap_or(&Duration::ZERO);
    let block_max = *blocks_took.iter().max().unwrap_or(&Duration::ZERO);
    println!(
        "audio threads: {k} pitch writes while rendering {blocks} blocks ({changes} changes heard); \
         pitch write median {:?}, 99.9% {:?}, max {start_max:?}; \
         position+level+active reads 99.9% {:?}, max {read_max:?}; \
         512-frame block median {:?}, 99.9% {:?}, max {block_max:?} \
         (the maxima include the OS descheduling a thread)",
        percentile(&mut starts, 0.5),
        percentile(&mut starts, 0.999),
        percentile(&mut reads, 0.999),
        percentile(&mut blocks_took, 0.5),
        percentile(&mut blocks_took, 0.999),
    );
}
