//! Dropping a file on the window (XDND, as from a file manager) opens it in place of the
//! running ROM; dropping something that cannot be opened leaves the running ROM alone and
//! says why in one line.

use std::path::Path;

use crate::support::REACT;
use crate::support::app::App;
use crate::support::pictures;
use crate::support::roms;
use crate::support::xdnd::drop_on;
use crate::support::xserver::Xvfb;

#[test]
fn dropping_a_rom_or_tal_file_replaces_the_running_rom() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let first = roms::write(dir.path(), "picture", "picture.rom");
    let second = roms::write(dir.path(), "second", "second.rom");
    let mut app = App::start(&x, dir.path(), &[first.as_os_str()]);
    let window = app.window(&x);
    app.wait_for_picture(&x, window, &pictures::picture(512, 320), "drop-first");

    drop_on(&x, window, &second);
    // second.rom has its own 96x64 screen: the window follows it.
    app.wait_for_picture(&x, window, &pictures::second(), "drop-second");
    app.wait_for("the title of the dropped ROM", REACT, || {
        let title = x.title(window)?;
        if title.contains("GUI second") {
            Ok(())
        } else {
            Err(format!("title is {title:?}"))
        }
    });

    // A source file is assembled and run.
    drop_on(&x, window, &roms::source("picture-small"));
    app.wait_for_picture(&x, window, &pictures::picture(128, 96), "drop-tal");
}

#[test]
fn dropping_junk_keeps_the_running_rom_and_says_why_once() {
    let x = Xvfb::start(1280, 1024);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture", "picture.rom");
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).expect("mkdir");
    let empty = dir.path().join("empty.rom");
    std::fs::write(&empty, b"").expect("write");
    let bad_source = roms::source("bad");

    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    let picture = pictures::picture(512, 320);
    app.wait_for_picture(&x, window, &picture, "junk-before");

    // bad.tal fails on its line 5: the message names the file and the line.
    let junk: [(&Path, &str, String); 3] = [
        (&folder, "a-folder", "a-folder".to_string()),
        (&empty, "empty.rom", "empty.rom".to_string()),
        (&bad_source, "bad.tal", "bad.tal:5".to_string()),
    ];
    for (path, name, must_contain) in &junk {
        let before = app.stderr().len();
        drop_on(&x, window, path);
        app.wait_for_stderr(&format!("a line about {name}"), REACT, |line| {
            line.contains(must_contain.as_str())
        });
        app.wait_for("the title to mention the failure", REACT, || {
            let title = x.title(window)?;
            if title.contains(name) {
                Ok(())
            } else {
                Err(format!("title is {title:?}"))
            }
        });
        // The picture of the first ROM is still there, pixel for pixel.
        app.wait_for_picture(&x, window, &picture, &format!("junk-after-{name}"));
        let about: Vec<String> = app.stderr()[before..]
            .iter()
            .filter(|l| l.contains(name))
            .cloned()
            .collect();
        assert_eq!(
            about.len(),
            1,
            "expected one stderr line about {name}, got {about:?}"
        );
    }
}
