//! The whole machine: a random ROM and a random input script, run headless for a few
//! frames on both CPU engines, one after the other.
//!
//! The fuzzer's bytes are a header, a script and a ROM image (see [`Run::parse`]). A
//! Varvara with every device (`Kind::Gui`), a fixed clock, a small step budget and a
//! File sandbox made afresh (a small tree in a scratch directory) loads the ROM, runs
//! the reset vector, maybe receives arguments, then plays the script: host events,
//! frames (at most [`MAX_FRAMES`]), resumes of an interrupted vector, reboots and
//! loads. It does so once per engine, noting after every step everything a host or a
//! ROM can observe: what the step returned, the exit code, pc, RAM, device page, stacks
//! and how much Console output came; after every frame also the sound block, the
//! changed area and the pixels in it; at the end the expansion banks, the whole
//! picture, the Console bytes and the files left in the sandbox. Both engines must
//! show exactly the same.
//!
//! Nothing may panic, and the budget keeps every vector short, so a hang is a finding
//! too (libFuzzer's `-timeout`). Memory is bounded: the Rust heap of a run, counted by
//! the allocator below, must stay under [`HEAP_BOUND`] and go back to where it was once
//! the machines are dropped; the Console streams keep at most [`KEPT_OUTPUT`] bytes.
//!
//! Seeds are the ROMs assembled from `roms/` behind a small header (see `scripts/fuzz`).
//! Run with `scripts/fuzz machine`. The sanitizer is off because AddressSanitizer
//! cannot instrument the tail-call engine (see the differential target).
#![no_main]

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use uxn_core::Stack;
use varvara::{Backend, Budget, Clock, Config, DateTime, Event, Rect, RomError, Stop, Varvara};

/// Frames a run may have.
const MAX_FRAMES: usize = 8;
/// Script steps a run may have.
const MAX_STEPS: usize = 48;
/// Bytes of the header, and of each script step.
const HEADER: usize = 12;
const STEP: usize = 3;
/// Console bytes kept per stream; the rest is only counted.
const KEPT_OUTPUT: usize = 1 << 16;
/// Heap a run may add: two machines at the largest screen (2048×2048) take about 80 MiB.
const HEAP_BOUND: usize = 128 << 20;

/// The Rust heap in use now, and the most it held since [`Counting::reset_peak`].
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting the bytes it hands out.
struct Counting;

impl Counting {
    fn grew(size: usize) {
        let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }

    fn shrank(size: usize) {
        LIVE.fetch_sub(size, Ordering::Relaxed);
    }

    fn reset_peak() -> usize {
        let now = LIVE.load(Ordering::Relaxed);
        PEAK.store(now, Ordering::Relaxed);
        now
    }
}

// SAFETY: every call is passed to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            Counting::grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            Counting::grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        Counting::shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            Counting::grew(new_size);
            Counting::shrank(layout.size());
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One Console stream: the first [`KEPT_OUTPUT`] bytes, and how many came in all.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

#[derive(Default, PartialEq)]
struct Captured {
    kept: Vec<u8>,
    total: usize,
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut c = self.0.lock().unwrap();
        c.total += buf.len();
        let room = KEPT_OUTPUT.saturating_sub(c.kept.len());
        c.kept.extend_from_slice(&buf[..buf.len().min(room)]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What the ROM's sandboxes start with: a file, a folder with a file, an empty folder.
const TREE: &[(&str, Option<&[u8]>)] = &[
    ("in.txt", Some(b"Hello from the sandbox.\n")),
    ("d", None),
    ("d/f", Some(&[0x5a; 300])),
    ("e", None),
];

/// A scratch directory for the whole process, on a memory file system when there is
/// one (saves fsync), holding the sandbox root.
fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<tempfile::TempDir> = OnceLock::new();
    SCRATCH
        .get_or_init(|| {
            let shm = Path::new("/dev/shm");
            if shm.is_dir() {
                tempfile::tempdir_in(shm)
            } else {
                tempfile::tempdir()
            }
            .expect("scratch directory")
        })
        .path()
}

/// The sandbox root, made afresh with [`TREE`] in it.
fn fresh_root() -> PathBuf {
    let root = scratch().join("root");
    if fs::symlink_metadata(&root).is_ok() {
        fs::remove_dir_all(&root).unwrap();
    }
    fs::create_dir(&root).unwrap();
    for (path, content) in TREE {
        match content {
            Some(bytes) => fs::write(root.join(path), bytes).unwrap(),
            None => fs::create_dir(root.join(path)).unwrap(),
        }
    }
    root
}

/// One thing the script does between the reset vector and the end.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Input(Event),
    Frame,
    /// Continue a vector that ran out of budget, as `uxnemu` does on its next turn.
    Resume,
    Reboot {
        soft: bool,
    },
    /// Load the ROM again, as opening a file does, and run its reset vector.
    Load,
}

impl Step {
    fn parse(bytes: &[u8]) -> Step {
        let (a, b) = (bytes[1], bytes[2]);
        let signed = |v: u8| i16::from(v as i8);
        match bytes[0] % 16 {
            0 => Step::Input(Event::ButtonDown(a)),
            1 => Step::Input(Event::ButtonUp(a)),
            2 | 3 => Step::Input(Event::Key(a)),
            // Around and a little beyond the default 512×320 screen.
            4 => Step::Input(Event::MouseMove {
                x: u16::from(a) * 3,
                y: u16::from(b) * 2,
            }),
            5 => Step::Input(Event::MouseDown(a)),
            6 => Step::Input(Event::MouseUp(a)),
            7 => Step::Input(Event::Scroll {
                dx: signed(a),
                dy: signed(b),
            }),
            8 | 9 => Step::Input(Event::ConsoleByte(a)),
            10 => Step::Input(Event::ConsoleEnd),
            11 => Step::Resume,
            12 => Step::Reboot { soft: a & 1 != 0 },
            13 => Step::Load,
            _ => Step::Frame,
        }
    }
}

/// Vectors the header may point into the ROM: Screen, Controller, Mouse, Console.
const VECTOR_PORTS: [u8; 4] = [0x20, 0x80, 0x90, 0x10];
const LIT: u8 = 0x80;
const LIT2: u8 = 0xa0;
const DEO2: u8 = 0x37;

/// Everything one run does, read from the fuzzer's bytes:
///
/// ```text
/// 0      flags: 01 prefix, 02 arguments, 1c frames - 1
/// 1      budget per vector: 1 + this % 32 units
/// 2      script steps (modulo MAX_STEPS + 1)
/// 3      prefix: which vectors to install (bits 0-3)
/// 4..12  prefix: the four vectors' offsets into the ROM's code
/// 12..   the script, STEP bytes a step, then the ROM image
/// ```
///
/// The prefix is code at `0100` that sets the usual palette and installs the chosen
/// vectors, each pointing somewhere into the random code that follows it; the reset
/// vector then runs on into that code. It lets random bytes reach the devices' vectors.
#[derive(Debug)]
struct Run {
    rom: Vec<u8>,
    with_args: bool,
    frames: usize,
    budget: Budget,
    script: Vec<Step>,
}

impl Run {
    fn parse(data: &[u8]) -> Option<Run> {
        let (head, rest) = data.split_at_checked(HEADER)?;
        let steps = (usize::from(head[2]) % (MAX_STEPS + 1)).min(rest.len() / STEP);
        let (script, code) = rest.split_at(steps * STEP);
        let rom = if head[0] & 1 != 0 {
            with_prefix(head[3], &head[4..12], code)
        } else {
            code.to_vec()
        };
        Some(Run {
            rom,
            with_args: head[0] & 2 != 0,
            frames: 1 + usize::from(head[0] >> 2) % MAX_FRAMES,
            budget: Budget(1 + u32::from(head[1] % 32)),
            script: script.chunks(STEP).map(Step::parse).collect(),
        })
    }
}

fn with_prefix(vectors: u8, offsets: &[u8], code: &[u8]) -> Vec<u8> {
    // System/r, g, b: the palette most ROMs use, so that drawing shows in the picture.
    let mut rom = vec![
        LIT2, 0xf0, 0x7f, LIT, 0x08, DEO2, //
        LIT2, 0xf0, 0xd6, LIT, 0x0a, DEO2, //
        LIT2, 0xf0, 0xb2, LIT, 0x0c, DEO2,
    ];
    let chosen: Vec<usize> = (0..VECTOR_PORTS.len())
        .filter(|i| vectors & (1 << i) != 0)
        .collect();
    let code_at = 0x0100 + rom.len() + chosen.len() * 6;
    for i in chosen {
        let offset = usize::from(u16::from_le_bytes([offsets[2 * i], offsets[2 * i + 1]]));
        let target = code_at + offset % code.len().max(1);
        let [hi, lo] = (target as u16).to_be_bytes();
        rom.extend([LIT2, hi, lo, LIT, VECTOR_PORTS[i], DEO2]);
    }
    rom.extend_from_slice(code);
    rom
}

/// When something was seen.
#[derive(Clone, Copy, Debug, PartialEq)]
enum When {
    Reset,
    Arguments,
    Step(usize, Step),
}

/// What a host or the ROM can see after one step.
#[derive(PartialEq)]
struct Seen {
    when: When,
    stop: Stop,
    pc: u16,
    exit: Option<i32>,
    interrupted: bool,
    ram: Vec<u8>,
    dev: [u8; 256],
    wst: Stack,
    rst: Stack,
    /// Console bytes so far.
    stdout: usize,
    stderr: usize,
    frame: Option<FrameSeen>,
}

/// What a host sees after a frame: the sound, the changed area and the pixels in it,
/// row by row (a host that redraws only what changed sees just these).
#[derive(PartialEq)]
struct FrameSeen {
    audio: Option<Vec<i16>>,
    size: (u16, u16),
    dirty: Option<Rect>,
    /// `None` once a run has kept [`KEPT_PIXELS`] (the whole picture is compared at
    /// the end anyway).
    pixels: Option<Vec<u32>>,
}

/// Changed pixels kept per run: eight frames of the default screen.
const KEPT_PIXELS: usize = 8 * 512 * 320;

/// Everything one engine showed over a run.
struct Trace {
    loaded: Result<(), RomError>,
    seen: Vec<Seen>,
    banks: Vec<u8>,
    picture: Vec<u32>,
    stdout: Captured,
    stderr: Captured,
    files: Vec<(PathBuf, Vec<u8>)>,
}

/// One machine and what it has shown so far.
struct Machine {
    vm: Varvara,
    stdout: Capture,
    stderr: Capture,
    seen: Vec<Seen>,
    kept_pixels: usize,
}

impl Machine {
    fn new(backend: Backend, budget: Budget, root: PathBuf) -> Machine {
        let (stdout, stderr) = (Capture::default(), Capture::default());
        let vm = Varvara::new(Config {
            backend,
            budget,
            file_root: root,
            clock: Clock::Fixed(DateTime {
                year: 2026,
                month: 1,
                day: 2,
                hour: 3,
                minute: 4,
                second: 5,
            }),
            stdout: Box::new(stdout.clone()),
            stderr: Box::new(stderr.clone()),
            ..Config::gui()
        });
        Machine {
            vm,
            stdout,
            stderr,
            seen: Vec::new(),
            kept_pixels: 0,
        }
    }

    fn step(&mut self, step: Step, rom: &[u8]) -> Stop {
        match step {
            Step::Input(event) => self.vm.handle(event),
            Step::Frame => self.vm.frame(),
            Step::Resume => self.vm.resume(),
            Step::Reboot { soft } => self.vm.reboot(soft),
            Step::Load => match self.vm.load(rom, false) {
                Ok(()) => self.vm.boot(),
                Err(_) => Stop::NotRun,
            },
        }
    }

    fn look(&mut self, when: When, stop: Stop) {
        let frame = matches!(when, When::Step(_, Step::Frame)).then(|| self.look_at_frame());
        let uxn = self.vm.uxn();
        self.seen.push(Seen {
            when,
            stop,
            pc: uxn.pc,
            exit: self.vm.exit_code(),
            interrupted: self.vm.interrupted(),
            ram: uxn.ram.to_vec(),
            dev: uxn.dev,
            wst: uxn.wst.clone(),
            rst: uxn.rst.clone(),
            stdout: self.stdout.0.lock().unwrap().total,
            stderr: self.stderr.0.lock().unwrap().total,
            frame,
        });
    }

    fn look_at_frame(&mut self) -> FrameSeen {
        let audio = self.vm.take_audio().map(<[i16]>::to_vec);
        let size = self.vm.screen_size();
        let dirty = self.vm.take_dirty();
        let mut pixels = None;
        if let Some(r) = dirty {
            let area = usize::from(r.width) * usize::from(r.height);
            if self.kept_pixels + area <= KEPT_PIXELS {
                self.kept_pixels += area;
                let width = usize::from(size.0);
                let (x0, x1) = (usize::from(r.x), usize::from(r.x + r.width));
                let picture = self.vm.pixels();
                let mut kept = Vec::with_capacity(area);
                for y in usize::from(r.y)..usize::from(r.y + r.height) {
                    kept.extend_from_slice(&picture[y * width + x0..y * width + x1]);
                }
                pixels = Some(kept);
            }
        }
        FrameSeen {
            audio,
            size,
            dirty,
            pixels,
        }
    }
}

/// Plays the whole run on one engine in a fresh sandbox.
///
/// Both engines use the same sandbox path, one after the other: a ROM may name the
/// root by its absolute path (the fuzzer learns it from the sandbox's comparisons),
/// which must mean the same to both.
fn play(run: &Run, backend: Backend) -> Trace {
    let root = fresh_root();
    let mut m = Machine::new(backend, run.budget, root.clone());
    let loaded = m.vm.load(&run.rom, run.with_args);
    if loaded.is_ok() {
        let stop = m.vm.boot();
        m.look(When::Reset, stop);
        if run.with_args {
            let stop = m.vm.send_args(&[&b"in.txt"[..], b"d"]);
            m.look(When::Arguments, stop);
        }
        let in_script = run.script.iter().filter(|s| matches!(s, Step::Frame));
        let extra_frames = run.frames.saturating_sub(in_script.count());
        let steps = run.script.iter().copied();
        let steps = steps.chain(std::iter::repeat_n(Step::Frame, extra_frames));
        let mut frames = 0;
        for (i, step) in steps.enumerate() {
            if matches!(step, Step::Frame) {
                if frames == MAX_FRAMES {
                    continue;
                }
                frames += 1;
            }
            let stop = m.step(step, &run.rom);
            m.look(When::Step(i, step), stop);
        }
    }
    let banks: Vec<&[u8]> = (1..16).map(|b| m.vm.uxn().bank(b).unwrap()).collect();
    let trace = Trace {
        loaded,
        banks: banks.concat(),
        picture: m.vm.pixels().to_vec(),
        stdout: std::mem::take(&mut m.stdout.0.lock().unwrap()),
        stderr: std::mem::take(&mut m.stderr.0.lock().unwrap()),
        seen: std::mem::take(&mut m.seen),
        files: Vec::new(),
    };
    // Dropping the machine ends its saves.
    drop(m);
    Trace {
        files: uxn_fuzz::tree(&root, None),
        ..trace
    }
}

/// The first thing that differs between what the two engines showed at one moment.
fn difference(a: &Seen, b: &Seen) -> Option<String> {
    if a.when != b.when {
        return Some(format!("the steps they ran: {:?} / {:?}", a.when, b.when));
    }
    if a.stop != b.stop {
        return Some(format!(
            "how the vector stopped: {:?} / {:?}",
            a.stop, b.stop
        ));
    }
    if a.pc != b.pc {
        return Some(format!("pc: {:04x} / {:04x}", a.pc, b.pc));
    }
    if a.ram != b.ram {
        let at = a.ram.iter().zip(&b.ram).position(|(x, y)| x != y).unwrap();
        return Some(format!("RAM at {at:04x}"));
    }
    if a.dev != b.dev {
        let at = a.dev.iter().zip(&b.dev).position(|(x, y)| x != y).unwrap();
        return Some(format!("device port {at:02x}"));
    }
    let fields = [
        (a.wst != b.wst, "the working stack"),
        (a.rst != b.rst, "the return stack"),
        (a.exit != b.exit, "the exit code"),
        (
            a.interrupted != b.interrupted,
            "whether a vector is interrupted",
        ),
        (a.stdout != b.stdout, "the Console stdout bytes"),
        (a.stderr != b.stderr, "the Console stderr bytes"),
    ];
    if let Some((_, field)) = fields.iter().find(|(differs, _)| *differs) {
        return Some(field.to_string());
    }
    let (Some(x), Some(y)) = (&a.frame, &b.frame) else {
        return None;
    };
    let fields = [
        (x.audio != y.audio, "the sound"),
        (x.size != y.size, "the screen size"),
        (x.dirty != y.dirty, "the changed area"),
        (x.pixels != y.pixels, "the changed pixels"),
    ];
    let (_, field) = fields.iter().find(|(differs, _)| *differs)?;
    Some(field.to_string())
}

/// Both engines through the whole run, then everything they showed compared.
fn run_both(run: &Run) {
    let a = play(run, Backend::TailCall);
    let b = play(run, Backend::Match);
    assert_eq!(a.loaded, b.loaded, "the ROM loads differently");
    for (x, y) in a.seen.iter().zip(&b.seen) {
        if let Some(what) = difference(x, y) {
            panic!("engines differ after {:?} in {what}", x.when);
        }
    }
    assert_eq!(
        a.seen.len(),
        b.seen.len(),
        "the engines ran different steps"
    );
    let ends = [
        (a.banks != b.banks, "the expansion banks"),
        (a.picture != b.picture, "the final picture"),
        (a.stdout != b.stdout, "Console stdout"),
        (a.stderr != b.stderr, "Console stderr"),
        (a.files != b.files, "the files left in the sandbox"),
    ];
    if let Some((_, what)) = ends.iter().find(|(differs, _)| *differs) {
        panic!("engines differ at the end in {what}");
    }
}

fuzz_target!(
    init: {
        // What lives as long as the process is made before the first run is measured.
        scratch();
        drop(Config::gui());
    },
    |data: &[u8]| {
        let Some(run) = Run::parse(data) else {
            return;
        };
        let before = Counting::reset_peak();
        run_both(&run);
        let peak = PEAK.load(Ordering::Relaxed) - before;
        assert!(peak < HEAP_BOUND, "a run took {peak} bytes of heap");
        drop(run);
        let after = LIVE.load(Ordering::Relaxed);
        assert!(after <= before, "a run left {} bytes behind", after - before);
    }
);
