//! Assembles the launcher ROM (roms/launcher/launcher.tal) with the project's own
//! assembler, and copies the window icon (assets/uxnemu.png) into OUT_DIR so that both
//! can be embedded with `include_bytes!`. Without the icon file the app simply has no
//! icon (an empty file is embedded). It also sets `cfg(free_unix)` on the systems where
//! winit offers both X11 and Wayland (Linux and the BSDs), so the code for them is
//! marked by one short name.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let root = manifest.join("../..");

    println!("cargo::rustc-check-cfg=cfg(free_unix)");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(
        os.as_str(),
        "linux" | "freebsd" | "dragonfly" | "netbsd" | "openbsd"
    ) {
        println!("cargo::rustc-cfg=free_unix");
    }

    let launcher = root.join("roms/launcher/launcher.tal");
    println!("cargo::rerun-if-changed={}", launcher.display());
    let assembly = match uxn_asm::assemble_file(&launcher) {
        Ok(assembly) => assembly,
        Err(err) => {
            eprintln!("{err}");
            println!(
                "cargo::error=the launcher does not assemble: {}",
                err.to_string().replace('\n', "; ")
            );
            return ExitCode::FAILURE;
        }
    };
    if let Err(err) = fs::write(out.join("launcher.rom"), &assembly.rom) {
        println!("cargo::error=cannot write launcher.rom: {err}");
        return ExitCode::FAILURE;
    }

    // Watching the folder notices the icon appearing as well as changing.
    let assets = root.join("assets");
    println!("cargo::rerun-if-changed={}", assets.display());
    let icon = fs::read(assets.join("uxnemu.png")).unwrap_or_default();
    if let Err(err) = fs::write(out.join("icon.png"), icon) {
        println!("cargo::error=cannot write icon.png: {err}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
