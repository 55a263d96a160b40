//! The console test ROMs of `roms/tests/console/`, assembled with our assembler and run
//! through the `uxncli` binary on both engines: stdout, stderr and the exit status must
//! equal the expected files exactly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Case {
    /// Name of the expected files, `<name>.stdout` and `<name>.stderr`.
    name: &'static str,
    rom: &'static str,
    args: &'static [&'static str],
    stdin: &'static [u8],
    code: i32,
}

const CASES: &[Case] = &[
    Case {
        name: "arithmetic",
        rom: "arithmetic",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "stacks",
        rom: "stacks",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "control",
        rom: "control",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "expansion",
        rom: "expansion",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "stack-reads",
        rom: "stack-reads",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "debug-bit",
        rom: "debug-bit",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "expansion-cut",
        rom: "expansion-cut",
        args: &[],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "console-args",
        rom: "console",
        args: &["ab", "c"],
        stdin: b"x",
        code: 0,
    },
    Case {
        name: "console-stdin",
        rom: "console",
        args: &[],
        stdin: b"hi",
        code: 0,
    },
    Case {
        name: "console-empty-arg",
        rom: "console",
        args: &[""],
        stdin: b"",
        code: 0,
    },
    Case {
        name: "upper",
        rom: "upper",
        args: &[],
        stdin: b"Hello, uxn!\n",
        code: 5,
    },
    Case {
        name: "halt-80",
        rom: "halt",
        args: &["80"],
        stdin: b"ignored",
        code: 0,
    },
    Case {
        name: "halt-01",
        rom: "halt",
        args: &["01"],
        stdin: b"",
        code: 1,
    },
    Case {
        name: "halt-ff",
        rom: "halt",
        args: &["ff"],
        stdin: b"",
        code: 127,
    },
];

fn roms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/tests/console")
}

/// Assembles `roms/tests/console/<name>.tal` into `dir` and returns the ROM path.
fn assemble(name: &str, dir: &Path) -> PathBuf {
    let source = roms_dir().join(format!("{name}.tal"));
    let assembly = uxn_asm::assemble_file(&source).unwrap_or_else(|e| panic!("{name}.tal: {e}"));
    let rom = dir.join(format!("{name}.rom"));
    std::fs::write(&rom, &assembly.rom).unwrap();
    rom
}

fn uxncli(backend: &str, rom: &Path, args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .arg("--backend")
        .arg(backend)
        .arg(rom)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The ROM may halt before reading everything; a closed pipe is fine then.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn expected(name: &str, stream: &str) -> String {
    let path = roms_dir().join(format!("{name}.{stream}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn console_roms_print_exactly_the_expected_output_on_both_engines() {
    let dir = tempfile::tempdir().unwrap();
    for case in CASES {
        let rom = assemble(case.rom, dir.path());
        for backend in ["tailcall", "match"] {
            let out = uxncli(backend, &rom, case.args, case.stdin);
            let what = format!("{} on {backend}", case.name);
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                expected(case.name, "stdout"),
                "{what}: stdout"
            );
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                expected(case.name, "stderr"),
                "{what}: stderr"
            );
            assert_eq!(out.status.code(), Some(case.code), "{what}: exit status");
        }
    }
}

/// A ROM larger than bank 0 spills into expansion bank 1, where a copy command finds it.
#[test]
fn a_rom_spilling_into_bank_one_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let source = b"|10 @Console &vector $2 &read $1 &pad $4 &type $1 &write $1
        |00 @System &vector $2 &expansion $2
        |0100 ;cmd .System/expansion DEO2 ;buf
        &loop LDAk DUP ?{ POP POP2 BRK } .Console/write DEO INC2 !&loop
        @cmd [ 01 0005 0001 0000 0000 =buf ] @buf $6";
    let mut rom = uxn_asm::assemble(source, "spill.tal").unwrap().rom;
    rom.resize(0xff00, 0);
    rom.extend_from_slice(b"bank1");
    let path = dir.path().join("spill.rom");
    std::fs::write(&path, rom).unwrap();
    for backend in ["tailcall", "match"] {
        let out = uxncli(backend, &path, &[], b"");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "bank1", "{backend}");
        assert_eq!(out.status.code(), Some(0));
    }
}

#[test]
fn bad_roms_get_one_line_on_stderr_and_a_failing_status() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.rom");
    std::fs::write(&empty, b"").unwrap();
    let huge = dir.path().join("huge.rom");
    std::fs::write(&huge, vec![1u8; 0xff00 + 15 * 0x10000 + 1]).unwrap();
    let missing = dir.path().join("missing.rom");
    let endless = dir.path().join("endless.rom");
    // @loop !loop: the reset vector never reaches BRK.
    std::fs::write(&endless, [0x40, 0xff, 0xfd]).unwrap();
    for (path, needle) in [
        (dir.path().to_path_buf(), "directory"),
        (empty, "empty"),
        (huge, "bytes"),
        (missing, "cannot open"),
        (endless, "step budget"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{}", path.display());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(needle) && stderr.contains(&*path.to_string_lossy()),
            "{stderr}"
        );
    }
}

#[test]
fn usage_and_version_exit_successfully() {
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli")).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "usage: uxncli [-v] file.rom [args..]\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .arg("-v")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Uxn(cli) - Varvara Emulator"));
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .args(["--backend", "jit", "x.rom"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_tal_file_is_assembled_in_memory_and_run() {
    let hello = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../roms/examples/hello.tal");
    let out = uxncli("tailcall", &hello, &[], b"one\ntwo\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Hello, Uxn! Type a line (Ctrl+D ends):\none\ntwo\nBye.\n"
    );
    assert_eq!(out.status.code(), Some(0));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.tal");
    std::fs::write(&broken, "|0100\n#01 nowhere\n").unwrap();
    let out = uxncli("tailcall", &broken, &[], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("Label unknown: nowhere") && stderr.contains("broken.tal:2"),
        "{stderr}"
    );
}

/// A source is known by its extension in any case, in console and headless runs alike.
#[test]
fn an_upper_case_tal_extension_is_assembled_too() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("OK.TAL");
    std::fs::write(&source, "|0100 #6f #18 DEO #6b #18 DEO BRK\n").unwrap();
    let out = uxncli("tailcall", &source, &[], b"");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok");
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
        .args(["--frames", "1"])
        .arg(&source)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ok");
    assert_eq!(out.status.code(), Some(0));
}

/// The headless runner delivers scripted Console input, and `console-end` ends it as
/// Varvara 79K does: read `0a`, type `04` (varvara.md §2.1), on both engines.
#[test]
fn scripted_console_input_ends_with_a_line_feed_in_headless_runs() {
    let dir = tempfile::tempdir().unwrap();
    let rom = assemble("console", dir.path());
    let script = dir.path().join("script.txt");
    std::fs::write(&script, "0 console hi\n1 console-end\n").unwrap();
    for backend in ["tailcall", "match"] {
        let out = Command::new(env!("CARGO_BIN_EXE_uxncli"))
            .args(["--backend", backend, "--frames", "2", "--input"])
            .arg(&script)
            .arg(&rom)
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "00\n68 01\n69 01\n0a 01\n0a 04\n",
            "{backend}"
        );
        assert_eq!(out.status.code(), Some(0), "{backend}");
    }
}
