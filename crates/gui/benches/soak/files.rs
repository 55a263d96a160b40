//! The files of a soak run, in its working directory (which is also the File device's
//! root): the busy ROM, the programs dropped in its place for a while, and the junk
//! dropped to be refused.

use std::fs;
use std::path::{Path, PathBuf};

/// Programs from roms/ that run without end (none of them halts), dropped in place of the
/// busy ROM for a few seconds: assembled into ROMs first, or as sources.
const VISITOR_ROMS: &[&str] = &[
    "bench/bounce.tal",
    "bench/sprites.tal",
    "bench/audio_stream.tal",
    "examples/sketch.tal",
    "tests/gui/animated.tal",
];
const VISITOR_SOURCES: &[&str] = &[
    "bench/audio.tal",
    "tests/gui/walk.tal",
    "tests/gui/resize.tal",
    "tests/gui/second.tal",
    "tests/gui/picture-small.tal",
];
/// Sources included by the ones above.
const INCLUDED: &[&str] = &["tests/gui/picture-draw.tal"];

/// One byte more than the largest ROM (RAM from 0100 and 15 banks).
const OVERSIZED: u64 = 1_048_321;

pub struct Files {
    /// roms/bench/soak.tal, assembled.
    pub soak: PathBuf,
    /// Files that replace the running ROM.
    pub visitors: Vec<PathBuf>,
    /// Files the app must refuse, leaving the running ROM alone.
    pub junk: Vec<PathBuf>,
}

/// Lays out the files in `dir`; `noise` gives the bytes of the garbage files.
pub fn prepare(dir: &Path, noise: &mut fastrand::Rng) -> Result<Files, String> {
    let roms = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms");
    let soak = dir.join("soak.rom");
    assemble(&roms.join("bench/soak.tal"), &soak)?;

    let mut visitors = Vec::new();
    let assembled = dir.join("visitors");
    fs::create_dir(&assembled).map_err(|e| format!("mkdir {}: {e}", assembled.display()))?;
    for source in VISITOR_ROMS {
        let source = roms.join(source);
        let name = source.file_stem().unwrap_or_default().to_string_lossy();
        let rom = assembled.join(format!("{name}.rom"));
        assemble(&source, &rom)?;
        visitors.push(rom);
    }
    // Copied, as screenshots (F10) land beside the program.
    let sources = dir.join("sources");
    fs::create_dir(&sources).map_err(|e| format!("mkdir {}: {e}", sources.display()))?;
    for source in VISITOR_SOURCES.iter().chain(INCLUDED) {
        let to = copy(&roms.join(source), &sources)?;
        if VISITOR_SOURCES.contains(source) {
            visitors.push(to);
        }
    }
    // Random bytes behind a BRK: loaded and run, it stops at once.
    let mut garbage_rom = vec![0u8];
    garbage_rom.extend((0..8192).map(|_| noise.u8(..)));
    visitors.push(write(dir, "garbage.rom", &garbage_rom)?);

    let folder = dir.join("folder");
    fs::create_dir(&folder).map_err(|e| format!("mkdir {}: {e}", folder.display()))?;
    let fifo = dir.join("fifo.rom");
    mkfifo(&fifo)?;
    let oversized = dir.join("oversized.rom");
    fs::File::create(&oversized)
        .and_then(|f| f.set_len(OVERSIZED))
        .map_err(|e| format!("{}: {e}", oversized.display()))?;
    let garbage_tal: Vec<u8> = (0..4096).map(|_| noise.u8(..)).collect();
    let junk = vec![
        fifo,
        folder,
        PathBuf::from("/dev/zero"),
        write(dir, "empty.rom", b"")?,
        oversized,
        write(dir, "garbage.tal", &garbage_tal)?,
        copy(&roms.join("tests/gui/bad.tal"), &sources)?,
    ];
    Ok(Files {
        soak,
        visitors,
        junk,
    })
}

/// The temporary files of saves the File device left behind (`.<name>.uxnsave-XXXXXX`),
/// anywhere under the working directory.
pub fn leftover_saves(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if entry.file_name().to_string_lossy().contains(".uxnsave-") {
                found.push(path);
            }
        }
    }
    found
}

pub fn mkfifo(path: &Path) -> Result<(), String> {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .map_err(|e| format!("cannot run mkfifo: {e}"))?;
    if made.success() {
        Ok(())
    } else {
        Err(format!("mkfifo {} failed", path.display()))
    }
}

fn copy(from: &Path, to_dir: &Path) -> Result<PathBuf, String> {
    let to = to_dir.join(from.file_name().unwrap_or_default());
    fs::copy(from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    Ok(to)
}

fn assemble(source: &Path, rom: &Path) -> Result<(), String> {
    let assembly =
        uxn_asm::assemble_file(source).map_err(|e| format!("{}: {e}", source.display()))?;
    fs::write(rom, assembly.rom).map_err(|e| format!("{}: {e}", rom.display()))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
