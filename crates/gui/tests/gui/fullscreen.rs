//! F11 under a window manager: the window covers the whole screen and shows the picture
//! integer-scaled as large as it fits, centred on black; F11 again restores the window,
//! and gives back the memory of the full-screen buffer.

use crate::support::REACT;
use crate::support::app::App;
use crate::support::image::Image;
use crate::support::pictures;
use crate::support::roms;
use crate::support::tools::xdotool;
use crate::support::xserver::Xvfb;

#[test]
fn f11_toggles_a_letterboxed_fullscreen() {
    let mut x = Xvfb::start(1280, 1024);
    // Fullscreen is a request to the window manager (_NET_WM_STATE_FULLSCREEN).
    x.start_window_manager();
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture-small", "picture-small.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    let picture = pictures::picture(128, 96);
    app.wait_for_picture(&x, window, &picture, "fullscreen-before");

    x.focus(window);
    xdotool(&x, &["key", "F11"]);
    app.wait_for("the window to cover the screen", REACT, || {
        let (left, top, width, height) = x.geometry(window)?;
        if (left, top, width, height) == (0, 0, 1280, 1024) {
            Ok(())
        } else {
            Err(format!("window is {width}x{height} at {left},{top}"))
        }
    });
    // 128x96 on 1280x1024: factor min(1280/128, 1024/96) = 10, so 1280x960 with 32-pixel
    // black bars above and below.
    let mut expected = Image::new(1280, 1024, 0x000000);
    expected.paste(&picture.scaled(10), 0, 32);
    app.wait_for_picture(&x, window, &expected, "fullscreen-on");

    x.focus(window);
    xdotool(&x, &["key", "F11"]);
    app.wait_for_picture(&x, window, &picture, "fullscreen-off");
}

/// The app's resident shared memory (RssShmem, KiB): on X11 the window's buffer, which the
/// X server reads.
fn shared_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssShmem:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("RssShmem")
}

#[test]
fn leaving_fullscreen_gives_the_buffer_back() {
    let mut x = Xvfb::start(1280, 1024);
    x.start_window_manager();
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "picture-small", "picture-small.rom");
    let mut app = App::start(&x, dir.path(), &[rom.as_os_str()]);
    let window = app.window(&x);
    let pid = x.window_pid(window).expect("_NET_WM_PID");
    let picture = pictures::picture(128, 96);
    app.wait_for_picture(&x, window, &picture, "buffer-before");

    x.focus(window);
    xdotool(&x, &["key", "F11"]);
    let mut expected = Image::new(1280, 1024, 0x000000);
    expected.paste(&picture.scaled(10), 0, 32);
    app.wait_for_picture(&x, window, &expected, "buffer-fullscreen");
    // 1280x1024 pixels of 4 bytes.
    let full = shared_memory(pid);
    assert!(full >= 5120, "{full} KiB of shared memory in fullscreen");

    x.focus(window);
    xdotool(&x, &["key", "F11"]);
    app.wait_for_picture(&x, window, &picture, "buffer-after");
    // 128x96 pixels need 48 KiB.
    app.wait_for("the full-screen buffer to go", REACT, || {
        let now = shared_memory(pid);
        if now < 1024 {
            Ok(())
        } else {
            Err(format!(
                "{now} KiB of shared memory ({full} KiB in fullscreen)"
            ))
        }
    });
}
