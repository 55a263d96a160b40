//! The Console works in the desktop app as in the terminal one: arguments after the ROM are
//! delivered byte by byte, stdin bytes follow, Console/write goes to stdout, and a halt ends
//! the app with "Run: Ended." and the state's exit status.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use crate::support::REACT;
use crate::support::app::{self, App};
use crate::support::roms;
use crate::support::xserver::Xvfb;

#[test]
fn arguments_and_stdin_reach_the_rom_and_its_output_reaches_stdout() {
    let x = Xvfb::start(640, 480);
    let dir = tempfile::tempdir().expect("temp dir");
    let rom = roms::write(dir.path(), "console", "console.rom");
    let mut app = App::spawn(
        "uxnemu console.rom ab c",
        app::command(&x)
            .current_dir(dir.path())
            .arg(&rom)
            .args(["ab", "c"])
            .stdin(Stdio::piped()),
    );
    // Each argument ends with a newline (type 03, then 04 for the last one).
    app.wait_for_stdout("the arguments on stdout", REACT, b"ab\nc\n");
    let mut stdin = app.stdin().take().expect("piped stdin");
    stdin.write_all(b"xy").expect("write stdin");
    stdin.flush().expect("flush");
    app.wait_for_stdout("the stdin bytes on stdout", REACT, b"ab\nc\nxy");
    // End of input: read 0a, type 04 (Varvara 79K); the ROM echoes it and halts with
    // state 80, which is exit status 0.
    drop(stdin);
    let status = app.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "stderr {:?}", app.stderr());
    assert_eq!(app.stderr(), ["Run: Ended."]);
    assert_eq!(String::from_utf8_lossy(&app.stdout()), "ab\nc\nxy\n");
}
