//! Running helper programs (xdotool, the desktop scripts, xdg-mime, gio) with a time limit,
//! so a tool that hangs fails the test instead of stalling the suite.

use std::fs::File;
use std::io::{Read, Seek};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use super::poll::poll;
use super::xserver::Xvfb;

/// Runs `command` to completion within `timeout` and returns its output; panics (after
/// killing it) if it takes longer or cannot start.
///
/// The output goes through unnamed temporary files, not pipes: a program such as `gio open`
/// starts another that inherits its output and outlives it, and a pipe would then stay open.
pub fn run(command: &mut Command, timeout: Duration) -> Output {
    let description = format!("{command:?}");
    let stdout = tempfile::tempfile().expect("temp file");
    let stderr = tempfile::tempfile().expect("temp file");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().expect("dup"))
        .stderr(stderr.try_clone().expect("dup"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {description}: {e}"));
    let status = poll(timeout, || match child.try_wait() {
        Ok(Some(status)) => Ok(Ok(status)),
        Ok(None) => Err("still running".to_string()),
        Err(e) => Ok(Err(e)),
    });
    let status = match status {
        Ok(Ok(status)) => status,
        Ok(Err(e)) => panic!("waiting for {description}: {e}"),
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{description} did not finish within {timeout:?}");
        }
    };
    Output {
        status,
        stdout: contents(stdout),
        stderr: contents(stderr),
    }
}

fn contents(mut file: File) -> Vec<u8> {
    let mut data = Vec::new();
    let _ = file.rewind();
    let _ = file.read_to_end(&mut data);
    data
}

/// Runs `command` and panics with its output unless it exits with status 0.
pub fn run_ok(command: &mut Command, timeout: Duration) -> Output {
    let description = format!("{command:?}");
    let output = run(command, timeout);
    assert!(
        output.status.success(),
        "{description} failed with {}:\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs xdotool on the test's X server (keys and pointer through the XTEST extension).
pub fn xdotool(x: &Xvfb, args: &[&str]) {
    run_ok(
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", x.display()),
        Duration::from_secs(10),
    );
}
