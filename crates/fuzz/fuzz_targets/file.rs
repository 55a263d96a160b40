//! The File devices' sandbox under random port sequences.
//!
//! The fuzzer's bytes become a ROM: a few names built from a small alphabet (`..`,
//! `.`, absolute paths to the root, to the directory around it and to a sibling, links
//! that lead out, a FIFO, leftovers of saves…) and a straight run of `DEO`/`DEO2`
//! instructions on both File devices (name, length, read, write, stat, delete, append),
//! cut into several vectors. It runs on a console Varvara whose sandbox root sits inside
//! a bigger temporary directory holding "outside" files, optionally rebooted at the end,
//! then dropped. After every vector, RAM must not hold the content of any outside file
//! nor the name of one; at the end, the whole tree outside the root must be exactly as
//! before (nothing read out, written, created or deleted there), no file in the root
//! may hold outside content, and nothing may panic.
//! A FIFO in the root would hang the run if it were ever opened for reading.
//!
//! Run with `scripts/fuzz file`. The sanitizer is off because AddressSanitizer cannot
//! instrument the tail-call engine (see the CPU's fuzz target).
#![no_main]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use varvara::{Backend, Budget, Config, Event, Kind, Varvara};

/// In the content of every outside file, and in the name of one: neither may ever
/// reach RAM.
const CONTENT_MARK: &[u8] = b"Qx7-OUTSIDE-CONTENT-9vK";
const NAME_MARK: &str = "Zw4-OUTSIDE-NAME-3pJ";

/// Where the names go in RAM; reads and stats only target `8000`–`ffff`, so neither
/// the code nor the names are ever overwritten.
const NAMES_AT: u16 = 0x6000;
const NAME_SLOTS: usize = 4;
const NAME_ROOM: u16 = 0x400;
const BUFFERS_AT: u16 = 0x8000;

/// Ops per run and vectors per run.
const MAX_OPS: usize = 96;
const MAX_VECTORS: usize = 8;

struct Place {
    /// `<base>/root`: the sandbox.
    root: PathBuf,
    /// `<base>`: everything under it but the root is outside.
    base: PathBuf,
    _keep: tempfile::TempDir,
}

fn place() -> &'static Place {
    static PLACE: OnceLock<Place> = OnceLock::new();
    PLACE.get_or_init(|| {
        // A memory file system makes the saves' fsync cheap.
        let shm = Path::new("/dev/shm");
        let tmp = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .unwrap();
        let base = fs::canonicalize(tmp.path()).unwrap();
        let outside = base.join("outside");
        fs::create_dir_all(outside.join("sub")).unwrap();
        fs::write(outside.join("secret"), CONTENT_MARK).unwrap();
        fs::write(outside.join(NAME_MARK), CONTENT_MARK).unwrap();
        fs::write(outside.join("sub/deep"), CONTENT_MARK).unwrap();
        fs::write(base.join("next-to-root"), CONTENT_MARK).unwrap();
        // A sibling whose name extends the root's.
        fs::create_dir(base.join("rootx")).unwrap();
        fs::write(base.join("rootx/f"), CONTENT_MARK).unwrap();
        Place {
            root: base.join("root"),
            base,
            _keep: tmp,
        }
    })
}

/// Puts the root back in its starting state.
fn reset_root(p: &Place) {
    let root = &p.root;
    if fs::symlink_metadata(root).is_ok() {
        fs::remove_dir_all(root).unwrap();
    }
    fs::create_dir_all(root.join("d/e")).unwrap();
    fs::write(root.join("in.txt"), b"inside").unwrap();
    fs::write(root.join("d/f"), b"inside f").unwrap();
    fs::write(root.join(".in.txt.uxnsave-AAAAAA"), b"left by a crash").unwrap();
    symlink("../outside", root.join("out-dir")).unwrap();
    symlink(p.base.join("outside"), root.join("out-abs")).unwrap();
    symlink("../outside/secret", root.join("out-file")).unwrap();
    symlink("../outside/new", root.join("out-dangling")).unwrap();
    symlink("../rootx", root.join("out-sibling")).unwrap();
    symlink("d", root.join("in-link")).unwrap();
    symlink("loop-b", root.join("loop-a")).unwrap();
    symlink("loop-a", root.join("loop-b")).unwrap();
    let fifo = std::ffi::CString::new(root.join("fifo").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
}

/// Every entry under the base but outside the root, with its content or link target.
fn outside_tree(p: &Place) -> Vec<(PathBuf, Vec<u8>)> {
    uxn_fuzz::tree(&p.base, Some(&p.root))
}

/// Whether any regular file under `dir` (links not followed) holds outside content:
/// a save must never copy an outside file into the root.
fn leaked_into(dir: &Path) -> bool {
    fs::read_dir(dir).unwrap().any(|entry| {
        let path = entry.unwrap().path();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            leaked_into(&path)
        } else {
            meta.is_file() && contains(&fs::read(&path).unwrap(), CONTENT_MARK)
        }
    })
}

/// The C library's search: a byte-by-byte search compiled here would carry the
/// fuzzer's comparison hooks and take most of the run time.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    // SAFETY: both pointers and lengths come from live slices.
    let found = unsafe {
        libc::memmem(
            hay.as_ptr().cast(),
            hay.len(),
            needle.as_ptr().cast(),
            needle.len(),
        )
    };
    !found.is_null()
}

/// The pieces names are made of.
fn component(p: &Place, i: u8) -> Vec<u8> {
    let abs = |path: &Path| path.as_os_str().as_encoded_bytes().to_vec();
    match i % 26 {
        0 => b"..".to_vec(),
        1 => b".".to_vec(),
        2 => b"".to_vec(),
        3 => b"in.txt".to_vec(),
        4 => b"d".to_vec(),
        5 => b"f".to_vec(),
        6 => b"new".to_vec(),
        7 => b"out-dir".to_vec(),
        8 => b"out-abs".to_vec(),
        9 => b"out-file".to_vec(),
        10 => b"out-dangling".to_vec(),
        11 => b"in-link".to_vec(),
        12 => b"loop-a".to_vec(),
        13 => b"fifo".to_vec(),
        14 => b"secret".to_vec(),
        15 => b"outside".to_vec(),
        16 => b"root".to_vec(),
        17 => b"rootx".to_vec(),
        18 => abs(&p.root),
        19 => abs(&p.base.join("outside")),
        20 => abs(&p.base),
        21 => b".in.txt.uxnsave-AAAAAA".to_vec(),
        22 => b"out-sibling".to_vec(),
        23 => b"e".to_vec(),
        24 => b"next-to-root".to_vec(),
        _ => b"sub".to_vec(),
    }
}

/// Reads the fuzzer's bytes one at a time; zeros once they run out.
struct Bytes<'a>(std::slice::Iter<'a, u8>);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }

    fn short(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    fn done(&self) -> bool {
        self.0.len() == 0
    }
}

const LIT: u8 = 0x80;
const LIT2: u8 = 0xa0;
const DEO: u8 = 0x17;
const DEO2: u8 = 0x37;
const STZ2: u8 = 0x31;
const LDZ2: u8 = 0x30;
const JMP2: u8 = 0x2c;
const BRK: u8 = 0x00;
const CONSOLE_VECTOR: u8 = 0x10;

struct Program {
    rom: Vec<u8>,
    vectors: usize,
    backend: Backend,
    reboot: bool,
}

/// Builds the ROM. Code starts at `0100`: the reset vector installs a Console vector
/// that jumps to the address kept at `0000`; every vector ends by storing where the
/// next one starts there, so each Console byte runs the next piece of the sequence.
fn program(p: &Place, data: &[u8]) -> Program {
    let mut input = Bytes(data.iter());
    let flags = input.byte();
    let mut names = Vec::new();
    for _ in 0..NAME_SLOTS {
        let parts = 1 + input.byte() % 4;
        let mut name = Vec::new();
        for k in 0..parts {
            if k > 0 {
                name.push(b'/');
            }
            name.extend(component(p, input.byte()));
        }
        if input.byte() & 1 != 0 {
            name.push(b'/');
        }
        name.truncate(NAME_ROOM as usize - 1);
        names.push(name);
    }

    let mut code: Vec<u8> = Vec::new();
    // Patched once the handler's address is known.
    code.extend([LIT2, 0, 0, LIT, CONSOLE_VECTOR, DEO2]);
    let mut ends = Vec::new();
    let mut ops = 0;
    while !input.done() && ops < MAX_OPS {
        ops += 1;
        let op = input.byte();
        let base = if op & 0x08 != 0 { 0xb0 } else { 0xa0 };
        match op & 0x07 {
            0 => {
                let slot = u16::from(input.byte()) % NAME_SLOTS as u16;
                let [hi, lo] = (NAMES_AT + slot * NAME_ROOM).to_be_bytes();
                code.extend([LIT2, hi, lo, LIT, base + 0x8, DEO2]);
            }
            1 => {
                let len = match input.byte() % 4 {
                    0 => u16::from(input.byte() % 24),
                    1 => 0x0100,
                    2 => 0xffff,
                    _ => input.short(),
                };
                let [hi, lo] = len.to_be_bytes();
                code.extend([LIT2, hi, lo, LIT, base + 0xa, DEO2]);
            }
            kind @ (2..=4) => {
                let port = [0xc, 0xe, 0x4][usize::from(kind - 2)];
                let [hi, lo] = (BUFFERS_AT | input.short()).to_be_bytes();
                code.extend([LIT2, hi, lo, LIT, base + port, DEO2]);
            }
            5 => code.extend([LIT, 1, LIT, base + 0x6, DEO]),
            6 => code.extend([LIT, input.byte() & 1, LIT, base + 0x7, DEO]),
            _ if ends.len() + 1 < MAX_VECTORS => {
                ends.push(code.len());
                code.extend([LIT2, 0, 0, LIT, 0x00, STZ2, BRK]);
            }
            _ => {}
        }
    }
    ends.push(code.len());
    code.extend([LIT2, 0, 0, LIT, 0x00, STZ2, BRK]);
    let handler = 0x0100 + code.len() as u16;
    code.extend([LIT, 0x00, LDZ2, JMP2]);
    code[1..3].copy_from_slice(&handler.to_be_bytes());
    // Each vector's end stores the start of the next one (the code after it).
    for &end in &ends {
        let next = 0x0100 + end as u16 + 7;
        code[end + 1..end + 3].copy_from_slice(&next.to_be_bytes());
    }
    assert!(code.len() < usize::from(NAMES_AT) - 0x0100);

    let mut rom = code;
    rom.resize(usize::from(NAMES_AT) - 0x0100, 0);
    for (i, name) in names.iter().enumerate() {
        let at = usize::from(NAMES_AT - 0x0100) + i * usize::from(NAME_ROOM);
        rom.resize(at, 0);
        rom.extend_from_slice(name);
        rom.push(0);
    }
    Program {
        rom,
        vectors: ends.len(),
        backend: if flags & 1 != 0 {
            Backend::Match
        } else {
            Backend::TailCall
        },
        reboot: flags & 2 != 0,
    }
}

fn check_ram(vm: &Varvara, when: &str) {
    let ram = &vm.uxn().ram[..];
    assert!(
        !contains(ram, CONTENT_MARK),
        "outside content in RAM after {when}"
    );
    assert!(
        !contains(ram, NAME_MARK.as_bytes()),
        "outside name in RAM after {when}"
    );
}

fuzz_target!(|data: &[u8]| {
    let p = place();
    reset_root(p);
    let before = outside_tree(p);
    let program = program(p, data);
    let mut vm = Varvara::new(Config {
        kind: Kind::Console,
        backend: program.backend,
        budget: Budget(1000),
        file_root: p.root.clone(),
        stdout: Box::new(std::io::sink()),
        stderr: Box::new(std::io::sink()),
        ..Config::console()
    });
    vm.load(&program.rom, false).unwrap();
    vm.boot();
    check_ram(&vm, "the reset vector");
    for i in 1..program.vectors {
        vm.handle(Event::ConsoleByte(0));
        check_ram(&vm, &format!("vector {i}"));
    }
    if program.reboot {
        vm.reboot(false);
        check_ram(&vm, "the reboot");
    }
    drop(vm);
    assert!(
        outside_tree(p) == before,
        "the tree outside the root changed"
    );
    assert!(
        !leaked_into(&p.root),
        "outside content copied into the root"
    );
});
