//! The built-in launcher ROM (roms/launcher/launcher.tal, assembled by build.rs) and
//! the host side of its request port.
//!
//! Varvara leaves devices `d0`–`ff` unused, so the launcher uses port `d0`–`d1` to ask
//! the host to open a file: it writes, with `DEO2`, the RAM address of a NUL-terminated
//! file name (relative to the working directory, which is also the File device's root).
//! Only while the launcher is the running ROM, the host reads the port after every
//! vector, clears it and opens that file exactly as if it were named on the command
//! line. Any other ROM writing these ports is ignored.

use std::path::PathBuf;

use uxn_core::Uxn;

/// The assembled launcher.
pub const ROM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/launcher.rom"));

/// High byte of the request short; the low byte is the next port.
pub const PORT: usize = 0xd0;

/// Longest file name read from RAM.
const MAX_NAME: usize = 4096;

/// The file the launcher asked for, if it wrote the port since the last call.
pub fn take_request(uxn: &mut Uxn) -> Option<PathBuf> {
    let addr = usize::from(u16::from_be_bytes([uxn.dev[PORT], uxn.dev[PORT + 1]]));
    if addr == 0 {
        return None;
    }
    uxn.dev[PORT] = 0;
    uxn.dev[PORT + 1] = 0;
    let tail = &uxn.ram[addr..];
    let name = &tail[..tail.len().min(MAX_NAME)];
    let name = match name.iter().position(|&b| b == 0) {
        Some(end) => &name[..end],
        None => name,
    };
    (!name.is_empty()).then(|| path_from_bytes(name))
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_clears_the_request() {
        let mut uxn = Uxn::new();
        assert_eq!(take_request(&mut uxn), None);
        uxn.ram[0x4000..0x4008].copy_from_slice(b"a/b.rom\0");
        uxn.dev[PORT] = 0x40;
        uxn.dev[PORT + 1] = 0x00;
        assert_eq!(take_request(&mut uxn), Some(PathBuf::from("a/b.rom")));
        assert_eq!((uxn.dev[PORT], uxn.dev[PORT + 1]), (0, 0));
        assert_eq!(take_request(&mut uxn), None);
    }

    #[test]
    fn empty_or_unterminated_names() {
        let mut uxn = Uxn::new();
        uxn.dev[PORT + 1] = 0x10; // RAM there is zero: empty name
        assert_eq!(take_request(&mut uxn), None);
        // A name running to the end of memory stops there.
        uxn.ram[0xfffe] = b'x';
        uxn.ram[0xffff] = b'y';
        uxn.dev[PORT] = 0xff;
        uxn.dev[PORT + 1] = 0xfe;
        assert_eq!(take_request(&mut uxn), Some(PathBuf::from("xy")));
    }

    use std::fs;
    use varvara::{Config, Event, Varvara};

    /// The launcher running in a folder holding a source, a ROM, a text file and a
    /// subfolder with one more ROM.
    fn launcher_in(dir: &std::path::Path) -> Varvara {
        fs::write(dir.join("b.rom"), [1]).unwrap();
        fs::write(dir.join("a.tal"), "|0100 #01").unwrap();
        fs::write(dir.join("notes.txt"), "x").unwrap();
        fs::create_dir(dir.join("sub")).unwrap();
        fs::write(dir.join("sub/c.ROM"), [1]).unwrap();
        launcher_on(dir)
    }

    /// The launcher running with `dir` as its File root, as it is.
    fn launcher_on(dir: &std::path::Path) -> Varvara {
        let config = Config {
            file_root: dir.to_path_buf(),
            ..Config::gui()
        };
        let mut vm = Varvara::new(config);
        vm.load(ROM, false).unwrap();
        vm.boot();
        vm
    }

    fn tap(vm: &mut Varvara, mask: u8) {
        vm.handle(Event::ButtonDown(mask));
        vm.handle(Event::ButtonUp(mask));
    }

    #[test]
    fn enter_opens_the_selected_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut vm = launcher_in(dir.path());
        assert_eq!(vm.title().as_deref(), Some("uxnemu launcher"));
        assert_eq!(take_request(vm.uxn_mut()), None);
        // Sorted: sub/, a.tal, b.rom; notes.txt is not listed.
        tap(&mut vm, 0x20);
        tap(&mut vm, 0x20);
        tap(&mut vm, 0x20); // already at the end
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("b.rom")));
        tap(&mut vm, 0x10);
        tap(&mut vm, 0x08); // Start opens too
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("a.tal")));
    }

    #[test]
    fn folders_are_entered_and_left() {
        let dir = tempfile::tempdir().unwrap();
        let mut vm = launcher_in(dir.path());
        vm.handle(Event::Key(0x0d)); // into sub/: ../, c.ROM
        assert_eq!(take_request(vm.uxn_mut()), None);
        tap(&mut vm, 0x20);
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("sub/c.ROM")));
        vm.handle(Event::Key(0x08)); // Backspace: back to the top folder
        tap(&mut vm, 0x20);
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("a.tal")));
        // ../ goes up as well.
        tap(&mut vm, 0x10);
        vm.handle(Event::Key(0x0d));
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), None);
        tap(&mut vm, 0x20);
        tap(&mut vm, 0x20);
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("b.rom")));
    }

    #[test]
    fn a_click_opens_the_row_under_the_pointer() {
        let dir = tempfile::tempdir().unwrap();
        let mut vm = launcher_in(dir.path());
        // Rows are 12 pixels apart from y=32: the third row is b.rom.
        vm.handle(Event::MouseMove {
            x: 40,
            y: 32 + 2 * 12 + 3,
        });
        vm.handle(Event::MouseDown(1));
        vm.handle(Event::MouseUp(1));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("b.rom")));
        // The wheel moves the selection: one step up from b.rom is a.tal.
        vm.handle(Event::Scroll { dx: 0, dy: 1 });
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("a.tal")));
    }

    #[test]
    fn parent_first_then_folders_then_files() {
        let dir = tempfile::tempdir().unwrap();
        let games = dir.path().join("games");
        for sub in ["zeta", "deep", "alpha"] {
            fs::create_dir_all(games.join(sub)).unwrap();
        }
        for file in ["b.tal", "a.rom", "0.rom", "zeta/z.rom"] {
            fs::write(games.join(file), [1]).unwrap();
        }
        let mut vm = launcher_on(dir.path());
        vm.handle(Event::Key(0x0d)); // into games/
        // ../, alpha/, deep/, zeta/, 0.rom, a.rom, b.tal
        let mut opened = Vec::new();
        for row in 4..7 {
            vm.handle(Event::MouseMove {
                x: 40,
                y: 32 + row * 12,
            });
            vm.handle(Event::MouseDown(1));
            vm.handle(Event::MouseUp(1));
            opened.push(take_request(vm.uxn_mut()));
        }
        let want = ["games/0.rom", "games/a.rom", "games/b.tal"].map(|p| Some(PathBuf::from(p)));
        assert_eq!(opened, want);
        // Row 3 is zeta/ (folders sorted by name), row 0 is ../.
        vm.handle(Event::MouseMove {
            x: 40,
            y: 32 + 3 * 12,
        });
        vm.handle(Event::MouseDown(1));
        vm.handle(Event::MouseUp(1));
        tap(&mut vm, 0x20); // ../, z.rom
        vm.handle(Event::Key(0x0d));
        assert_eq!(
            take_request(vm.uxn_mut()),
            Some(PathBuf::from("games/zeta/z.rom"))
        );
        tap(&mut vm, 0x10);
        vm.handle(Event::Key(0x0d)); // ../: back in games/
        for _ in 0..6 {
            tap(&mut vm, 0x20);
        }
        vm.handle(Event::Key(0x0d));
        assert_eq!(
            take_request(vm.uxn_mut()),
            Some(PathBuf::from("games/b.tal"))
        );
    }

    #[test]
    fn long_lists_scroll() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..30 {
            fs::write(dir.path().join(format!("r{i:02}.rom")), [1]).unwrap();
        }
        let mut vm = launcher_on(dir.path());
        for _ in 0..25 {
            tap(&mut vm, 0x20);
        }
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("r25.rom")));
        // The list scrolled: the top row on screen is now r06 (25 - 19), so a click on
        // the first row opens it.
        vm.handle(Event::MouseMove { x: 40, y: 33 });
        vm.handle(Event::MouseDown(1));
        assert_eq!(take_request(vm.uxn_mut()), Some(PathBuf::from("r06.rom")));
    }

    /// The listing (45 lines of 118 bytes) is longer than the launcher's 4 KB chunk,
    /// so a read ends in a cut line, and every entry is a ROM: each must still be
    /// listed exactly once, in order.
    #[test]
    fn a_listing_longer_than_the_buffer_lists_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut roms: Vec<String> = (0..45)
            .map(|i| format!("{}-{i:02}.rom", "long-name".repeat(11)))
            .collect();
        for name in &roms {
            fs::write(dir.path().join(name), [1]).unwrap();
        }
        let mut vm = launcher_on(dir.path());
        let mut opened = Vec::new();
        for _ in 0..roms.len() + 1 {
            vm.handle(Event::Key(0x0d));
            opened.push(take_request(vm.uxn_mut()).unwrap());
            tap(&mut vm, 0x20);
        }
        roms.sort();
        let mut expected: Vec<PathBuf> = roms.iter().map(PathBuf::from).collect();
        // Down stops at the end of the list: the last entry is opened again.
        expected.push(expected[44].clone());
        assert_eq!(opened, expected);
    }

    #[test]
    fn an_empty_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let mut vm = launcher_on(dir.path());
        vm.handle(Event::Key(0x0d));
        assert_eq!(take_request(vm.uxn_mut()), None);
        // Something is written on the foreground layer.
        let (w, h) = vm.screen_size();
        let drawn = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| vm.layer_pixel(varvara::Layer::Foreground, x, y) != Some(0))
            .count();
        assert!(drawn > 100, "{drawn} pixels drawn");
    }
}
