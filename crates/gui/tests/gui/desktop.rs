//! scripts/install-desktop registers uxnemu for the user (program, ROM type, application
//! entry, icon, default application) so the desktop's own tools recognise .rom files and open
//! them in it; scripts/uninstall-desktop takes all of it away again. Runs with a temporary
//! HOME and XDG directories.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::app::BINARY;
use crate::support::pictures;
use crate::support::poll::poll;
use crate::support::roms;
use crate::support::tools::{run, run_ok};
use crate::support::xserver::Xvfb;
use crate::support::{REACT, START};

const TOOL_TIME: Duration = Duration::from_secs(30);

struct Home {
    home: PathBuf,
    data: PathBuf,
    config: PathBuf,
}

impl Home {
    /// A command with the environment of a user whose home is `self.home`, on no particular
    /// desktop (so xdg-utils use their generic freedesktop code).
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", &self.data)
            .env("XDG_CONFIG_HOME", &self.config)
            .env("XDG_DATA_DIRS", "/usr/local/share:/usr/share")
            .env("XDG_CONFIG_DIRS", "/etc/xdg")
            .env_remove("XDG_CURRENT_DESKTOP")
            .env_remove("DESKTOP_SESSION")
            .env_remove("KDE_FULL_SESSION")
            .env_remove("GNOME_DESKTOP_SESSION_ID")
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        command
    }

    fn query(&self, args: &[&str]) -> String {
        let output = run(self.command("xdg-mime").args(args), TOOL_TIME);
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts")
        .join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn install_registers_rom_files_and_uninstall_removes_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    let user = Home {
        home: root.join("home"),
        data: root.join("home/data"),
        config: root.join("home/config"),
    };
    std::fs::create_dir_all(&user.home).expect("mkdir");
    let rom = roms::write(&root, "picture", "x.rom");

    run_ok(
        user.command(script("install-desktop"))
            .arg("--bin")
            .arg(BINARY),
        TOOL_TIME,
    );

    let installed = user.home.join(".local/bin/uxnemu");
    let desktop_file = user.data.join("applications/uxnemu.desktop");
    let mime_package = user.data.join("mime/packages/uxnemu.xml");
    let icon = user.data.join("icons/hicolor/256x256/apps/uxnemu.png");
    assert_eq!(
        std::fs::read(&installed).expect("installed binary"),
        std::fs::read(BINARY).expect("binary")
    );
    let entry = read(&desktop_file);
    assert!(
        entry
            .lines()
            .any(|l| l == "MimeType=application/x-uxn-rom;"),
        "{entry}"
    );
    let exec = format!("Exec=\"{}\" %f", installed.display());
    assert!(
        entry.lines().any(|l| l == exec),
        "expected {exec:?} in\n{entry}"
    );
    let package = read(&mime_package);
    assert!(
        package.contains(r#"<mime-type type="application/x-uxn-rom">"#),
        "{package}"
    );
    assert!(
        package.contains(r#"<glob pattern="*.rom" weight="60"/>"#),
        "{package}"
    );
    assert_eq!(
        std::fs::read(&icon).expect("icon"),
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/uxnemu.png"))
            .expect("asset")
    );

    // The desktop's own tools now see the type and its default application.
    let rom_arg = rom.to_str().expect("utf-8 path");
    assert_eq!(
        user.query(&["query", "filetype", rom_arg]),
        "application/x-uxn-rom"
    );
    assert_eq!(
        user.query(&["query", "default", "application/x-uxn-rom"]),
        "uxnemu.desktop"
    );

    // gio opens the file in the installed program, as a file manager would.
    let x = Xvfb::start(1280, 1024);
    run_ok(
        user.command("gio")
            .arg("open")
            .arg(&rom)
            .env("DISPLAY", x.display()),
        TOOL_TIME,
    );
    let window = poll(START, || x.app_window())
        .unwrap_or_else(|e| panic!("gio open started no window: {e}"));
    // The app was started by gio, not by the test: end it through its window's pid.
    let _kill = x.window_pid(window).map(KillOnDrop);
    let picture = pictures::picture(512, 320);
    poll(REACT, || x.grab(window)?.compare(&picture))
        .unwrap_or_else(|e| panic!("the window opened by gio does not show x.rom: {e}"));
    drop(_kill);

    run_ok(&mut user.command(script("uninstall-desktop")), TOOL_TIME);
    for path in [&installed, &desktop_file, &mime_package, &icon] {
        assert!(!path.exists(), "{} is still there", path.display());
    }
    assert_ne!(
        user.query(&["query", "filetype", rom_arg]),
        "application/x-uxn-rom"
    );
    assert_eq!(
        user.query(&["query", "default", "application/x-uxn-rom"]),
        ""
    );
    // Nothing of ours is left anywhere under the home directory.
    let leftovers: Vec<String> = walk(&user.home)
        .into_iter()
        .filter(|p| {
            let text = std::fs::read(p).unwrap_or_default();
            p.to_string_lossy().contains("uxnemu")
                || String::from_utf8_lossy(&text).contains("uxn-rom")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Kills a process this test did not start itself, when dropped.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.0.to_string()).status();
    }
}
