//! The `uxnemu` process under test: started on a test's X server with its output captured
//! line by line, waited on with deadlines, killed when the test ends.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use x11rb::protocol::xproto::Window;

use super::image::Image;
use super::poll::poll;
use super::xserver::Xvfb;
use super::{REACT, START};

/// The app's binary, built by cargo for these tests.
pub const BINARY: &str = env!("CARGO_BIN_EXE_uxnemu");

/// A command for the app on `x`'s display: no Wayland, stdin closed, output piped.
pub fn command(x: &Xvfb) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env("DISPLAY", x.display())
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("UXNEMU_LOG")
        .env_remove("UXNEMU_AUDIO_LOG")
        .env_remove("UXNEMU_TEST_LOAD_GATE")
        .env_remove("UXNEMU_SUMMARY")
        .env_remove("UXNEMU_FRAME_LOG")
        .env_remove("UXNEMU_BENCH_PRESENT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// A running app; dropping it kills the process.
pub struct App {
    child: Child,
    name: String,
    stderr: Arc<Mutex<Vec<String>>>,
    stdout: Arc<Mutex<Vec<u8>>>,
    stdin: Option<ChildStdin>,
    exited: Option<ExitStatus>,
}

impl App {
    /// Starts `command` (see [`command`]); `name` identifies it in failure messages.
    pub fn spawn(name: &str, command: &mut Command) -> App {
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {BINARY}: {e}"));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&stderr);
        let pipe = child.stderr.take().expect("stderr is piped");
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).split(b'\n') {
                let Ok(line) = line else { break };
                let text = String::from_utf8_lossy(&line)
                    .trim_end_matches('\r')
                    .to_string();
                lines.lock().unwrap_or_else(|p| p.into_inner()).push(text);
            }
        });
        // Collect stdout as it comes, so the app never blocks writing to it.
        let stdout = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut pipe) = child.stdout.take() {
            let bytes = Arc::clone(&stdout);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                    bytes
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .extend_from_slice(&buffer[..n]);
                }
            });
        }
        let stdin = child.stdin.take();
        App {
            child,
            name: name.to_string(),
            stderr,
            stdout,
            stdin,
            exited: None,
        }
    }

    /// Starts the app on `x` with `args`, in the working directory `dir`.
    pub fn start(x: &Xvfb, dir: &Path, args: &[&OsStr]) -> App {
        let name = args
            .iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ");
        App::spawn(
            &format!("uxnemu {name}"),
            command(x).current_dir(dir).args(args),
        )
    }

    /// Everything the app wrote to stderr so far, one entry per line.
    pub fn stderr(&self) -> Vec<String> {
        self.stderr
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Everything the app wrote to stdout so far.
    pub fn stdout(&self) -> Vec<u8> {
        self.stdout
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The app's stdin, if the command had it piped; closing it is end of input.
    pub fn stdin(&mut self) -> &mut Option<ChildStdin> {
        &mut self.stdin
    }

    fn stderr_report(&self) -> String {
        let lines = self.stderr();
        if lines.is_empty() {
            "(stderr empty)".to_string()
        } else {
            format!("stderr:\n  {}", lines.join("\n  "))
        }
    }

    /// The exit status if the process has ended.
    pub fn exit_status(&mut self) -> Option<ExitStatus> {
        if self.exited.is_none() {
            self.exited = self.child.try_wait().ok().flatten();
        }
        self.exited
    }

    /// Polls `check` until it succeeds; panics with the app's stderr if `timeout` passes or
    /// the app exits first.
    pub fn wait_for<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut() -> Result<T, String>,
    ) -> T {
        let result = poll(timeout, || {
            if self.exit_status().is_some() {
                return Ok(None);
            }
            check().map(Some)
        });
        match result {
            Ok(Some(value)) => value,
            Ok(None) => panic!(
                "{}: waiting for {what}, the app exited with {}\n{}",
                self.name,
                self.exited.expect("exited"),
                self.stderr_report()
            ),
            Err(reason) => panic!(
                "{}: gave up waiting for {what} after {timeout:?}: {reason}\n{}",
                self.name,
                self.stderr_report()
            ),
        }
    }

    /// Waits for a line on stderr that satisfies `matches` and returns it.
    pub fn wait_for_stderr(
        &mut self,
        what: &str,
        timeout: Duration,
        matches: impl Fn(&str) -> bool,
    ) -> String {
        let lines = Arc::clone(&self.stderr);
        self.wait_for(what, timeout, || {
            let lines = lines.lock().unwrap_or_else(|p| p.into_inner());
            lines
                .iter()
                .find(|l| matches(l))
                .cloned()
                .ok_or_else(|| "no such line on stderr".to_string())
        })
    }

    /// Waits until everything written to stdout so far equals `expected`.
    pub fn wait_for_stdout(&mut self, what: &str, timeout: Duration, expected: &[u8]) {
        let bytes = Arc::clone(&self.stdout);
        self.wait_for(what, timeout, || {
            let bytes = bytes.lock().unwrap_or_else(|p| p.into_inner());
            if bytes.as_slice() == expected {
                Ok(())
            } else {
                Err(format!("stdout is {:?}", String::from_utf8_lossy(&bytes)))
            }
        })
    }

    /// Waits for the app's window to be shown and returns it.
    pub fn window(&mut self, x: &Xvfb) -> Window {
        self.wait_for("window", START, || x.app_window())
    }

    /// Waits until the window shows exactly `expected`; on failure the last grab and the
    /// expected picture are saved next to the test binaries.
    pub fn wait_for_picture(&mut self, x: &Xvfb, window: Window, expected: &Image, label: &str) {
        let mut last = None;
        let result = poll(REACT, || {
            if self.exit_status().is_some() {
                return Ok(());
            }
            let image = x.grab(window)?;
            let verdict = image.compare(expected);
            last = Some(image);
            verdict
        });
        if let Some(status) = self.exit_status() {
            panic!(
                "{}: waiting for {label}, the app exited with {status}\n{}",
                self.name,
                self.stderr_report()
            );
        }
        if let Err(reason) = result {
            let saved = match &last {
                Some(image) => format!(
                    "\nwindow saved as {}, expected picture as {}",
                    image.save(&format!("{label}-actual")).display(),
                    expected.save(&format!("{label}-expected")).display()
                ),
                None => String::new(),
            };
            panic!(
                "{}: the window does not show {label} within {REACT:?}: {reason}{saved}\n{}",
                self.name,
                self.stderr_report()
            );
        }
    }

    /// Waits for the process to end by itself and returns its status; kills it and panics
    /// if it does not end within `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let result = poll(timeout, || {
            self.exit_status().ok_or_else(|| "running".to_string())
        });
        match result {
            Ok(status) => {
                // Give the reader threads what the process wrote before exiting: they drop
                // their handles at the end of the pipes.
                let _ = poll(Duration::from_secs(2), || {
                    if Arc::strong_count(&self.stderr) == 1 && Arc::strong_count(&self.stdout) == 1
                    {
                        Ok(())
                    } else {
                        Err(String::new())
                    }
                });
                status
            }
            Err(_) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "{}: still running after {timeout:?} (killed)\n{}",
                    self.name,
                    self.stderr_report()
                );
            }
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if self.exited.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
