//! The whole machine: a random ROM and a random input script, run headless for a few
//! frames on both CPU engines side by side.
//!
//! The fuzzer's bytes are a header, a script and a ROM image (see [`Run::parse`]). Two
//! Varvaras with every device (`Kind::Gui`), a fixed clock, a small step budget and a
//! File sandbox of their own (a fresh copy of the same small tree) load the ROM, run
//! the reset vector, maybe receive arguments, then play the script: host events,
//! frames (at most [`MAX_FRAMES`]), resumes of an interrupted vector, reboots and
//! loads. After every step both machines must agree on everything a host or a ROM can
//! observe: what the step returned, the exit code, pc, RAM, device page, stacks and
//! Console output; after every frame also the sound block, the changed area and the
//! picture; at the end the expansion banks and the files left in each sandbox.
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
use varvara::{Backend, Budget, Clock, Config, DateTime, Event, Stop, Varvara};

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

impl PartialEq for Capture {
    fn eq(&self, other: &Capture) -> bool {
        *self.0.lock().unwrap() == *other.0.lock().unwrap()
    }
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
/// one (saves fsync), holding one sandbox root per engine.
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

/// A fresh sandbox root holding [`TREE`].
fn fresh_root(name: &str) -> PathBuf {
    let root = scratch().join(name);
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

/// Every entry under `dir` with its content (`<dir>` for folders, the target for
/// links), in name order.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let data = if meta.file_type().is_symlink() {
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else if meta.is_dir() {
                walk(root, &path, out);
                b"<dir>".to_vec()
            } else {
                fs::read(&path).unwrap()
            };
            out.push((path.strip_prefix(root).unwrap().to_owned(), data));
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// One thing the script does between the reset vector and the end.
#[derive(Clone, Copy, Debug)]
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

/// One machine of the pair, with its Console streams.
struct Side {
    vm: Varvara,
    stdout: Capture,
    stderr: Capture,
    root: PathBuf,
}

impl Side {
    fn new(backend: Backend, budget: Budget) -> Side {
        let name = match backend {
            Backend::TailCall => "tailcall",
            Backend::Match => "match",
        };
        let root = fresh_root(name);
        let (stdout, stderr) = (Capture::default(), Capture::default());
        let vm = Varvara::new(Config {
            backend,
            budget,
            file_root: root.clone(),
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
        Side {
            vm,
            stdout,
            stderr,
            root,
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
}

/// Asserts that both machines look the same after `what`.
fn same_state(a: &Side, b: &Side, what: &str) {
    let (x, y) = (a.vm.uxn(), b.vm.uxn());
    let differs = |field: &str| panic!("engines differ in {field} after {what}");
    if x.pc != y.pc {
        panic!(
            "engines differ after {what}: pc {:04x} (tailcall) vs {:04x} (match)",
            x.pc, y.pc
        );
    }
    if x.ram != y.ram {
        let at = x.ram.iter().zip(&y.ram).position(|(p, q)| p != q).unwrap();
        panic!("engines differ in RAM at {at:04x} after {what}");
    }
    if x.dev != y.dev {
        let at = x.dev.iter().zip(&y.dev).position(|(p, q)| p != q).unwrap();
        panic!("engines differ in device port {at:02x} after {what}");
    }
    if x.wst != y.wst {
        differs("the working stack");
    }
    if x.rst != y.rst {
        differs("the return stack");
    }
    if a.vm.exit_code() != b.vm.exit_code() {
        differs("the exit code");
    }
    if a.vm.interrupted() != b.vm.interrupted() {
        differs("whether a vector is interrupted");
    }
    if a.stdout != b.stdout {
        differs("Console stdout");
    }
    if a.stderr != b.stderr {
        differs("Console stderr");
    }
}

/// After a frame: the sound, the changed area and the picture inside it, as a host
/// that redraws only what changed sees them (the whole picture is compared at the end).
fn same_frame(a: &mut Side, b: &mut Side, what: &str) {
    if a.vm.take_audio() != b.vm.take_audio() {
        panic!("engines differ in the sound of {what}");
    }
    let dirty = a.vm.take_dirty();
    if dirty != b.vm.take_dirty() {
        panic!("engines differ in the area changed by {what}");
    }
    if a.vm.screen_size() != b.vm.screen_size() {
        panic!("engines differ in the screen size after {what}");
    }
    if let Some(rect) = dirty {
        let width = usize::from(a.vm.screen_size().0);
        let (x0, x1) = (usize::from(rect.x), usize::from(rect.x + rect.width));
        let rows = usize::from(rect.y)..usize::from(rect.y + rect.height);
        let (p, q) = (a.vm.pixels(), b.vm.pixels());
        for y in rows {
            if p[y * width + x0..y * width + x1] != q[y * width + x0..y * width + x1] {
                panic!("engines differ in the picture, row {y}, after {what}");
            }
        }
    }
}

/// Both machines through the whole run, compared after every step.
fn run_both(run: &Run) {
    let mut a = Side::new(Backend::TailCall, run.budget);
    let mut b = Side::new(Backend::Match, run.budget);
    let loaded = a.vm.load(&run.rom, run.with_args);
    assert_eq!(loaded, b.vm.load(&run.rom, run.with_args));
    if loaded.is_err() {
        return;
    }
    let stops = (a.vm.boot(), b.vm.boot());
    assert_eq!(stops.0, stops.1, "the reset vector stops differently");
    same_state(&a, &b, "the reset vector");
    if run.with_args {
        let args: [&[u8]; 2] = [b"in.txt", b"d"];
        let stops = (a.vm.send_args(&args), b.vm.send_args(&args));
        assert_eq!(stops.0, stops.1, "the arguments stop differently");
        same_state(&a, &b, "the arguments");
    }
    let mut frames = 0;
    let extra_frames = run.frames.saturating_sub(
        run.script
            .iter()
            .filter(|s| matches!(s, Step::Frame))
            .count(),
    );
    let steps = run
        .script
        .iter()
        .copied()
        .chain(std::iter::repeat_n(Step::Frame, extra_frames));
    for (i, step) in steps.enumerate() {
        if matches!(step, Step::Frame) {
            if frames == MAX_FRAMES {
                continue;
            }
            frames += 1;
        }
        let what = format!("step {i} ({step:?})");
        let stops = (a.step(step, &run.rom), b.step(step, &run.rom));
        assert_eq!(stops.0, stops.1, "{what} stops differently");
        same_state(&a, &b, &what);
        if matches!(step, Step::Frame) {
            same_frame(&mut a, &mut b, &what);
        }
    }
    if a.vm.pixels() != b.vm.pixels() {
        panic!("engines differ in the final picture");
    }
    for bank in 1..16 {
        if a.vm.uxn().bank(bank) != b.vm.uxn().bank(bank) {
            panic!("engines differ in expansion bank {bank}");
        }
    }
    let roots = (a.root.clone(), b.root.clone());
    // Dropping a machine ends its saves.
    drop((a, b));
    assert!(
        tree(&roots.0) == tree(&roots.1),
        "the engines leave different files"
    );
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
