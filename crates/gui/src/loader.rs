//! Opening a ROM or source without making the window wait.
//!
//! Every open (command line, `boot.rom`, Ctrl+O, drop, launcher, `--watch`) is a
//! [`Request`], read (and assembled, for a source) on a thread of its own; the result is
//! handed to a delivery function, the event loop's proxy once the window runs. Meanwhile
//! the running ROM keeps running and drawing. Requests are numbered and only the newest
//! one's result is taken: a newer open supersedes an older one, whose result is dropped
//! whenever it comes. A load that never finishes (a file on a stuck network mount) costs
//! a sleeping thread and changes nothing.
//!
//! For the tests only, and only in debug builds: when `UXNEMU_TEST_LOAD_GATE` names a
//! path, every load of a source (`.tal`) waits on its thread, before reading, until a
//! file exists at that path. A test thereby keeps a load pending for exactly as long as
//! it needs, whatever the machine's speed, while ROM images still load at once.

use std::ffi::OsString;
use std::fmt;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use crate::app::Program;
use crate::launcher;
use crate::rom::{self, OpenError};
use crate::runner::Runner;
use crate::watch::Stamp;

/// Why a file is opened, which decides what a failure means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Named on the command line: failing ends the app with status 2.
    Argument,
    /// `boot.rom` in the working directory: when it is missing or cannot run, the
    /// launcher runs instead.
    Boot,
    /// Opened while a ROM runs: failing leaves that ROM running.
    Open,
}

#[derive(Clone, Debug)]
pub struct Request {
    /// Absolute, so that it names the same file whatever happens later.
    pub path: PathBuf,
    pub args: Vec<OsString>,
    pub purpose: Purpose,
}

/// A program read and ready to start.
#[derive(Debug)]
pub struct Opened {
    pub program: Program,
    pub rom: Vec<u8>,
    /// The stamp of the file it was read from, for `--watch`.
    pub stamp: Stamp,
}

/// The answer to one request.
#[derive(Debug)]
pub struct Loaded {
    ticket: u64,
    pub path: PathBuf,
    pub purpose: Purpose,
    pub result: Result<Opened, Failure>,
}

/// Why a request produced nothing to run.
#[derive(Debug)]
pub enum Failure {
    Open(OpenError),
    /// No thread could be started to read it on.
    NoThread(io::Error),
    /// Reading or assembling it panicked (a bug); the panic was reported on stderr.
    Panicked,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Open(err) => write!(f, "{err}"),
            Failure::NoThread(err) => write!(f, "cannot start reading it ({err})"),
            Failure::Panicked => f.write_str("reading it failed unexpectedly"),
        }
    }
}

impl Opened {
    /// Starts the program in `runner` in place of the running one, which stays if the
    /// ROM is refused.
    pub fn start(self, runner: &mut Runner) -> Result<(Program, Stamp), Failure> {
        let (args, is_launcher) = match &self.program {
            Program::File { args, .. } => (
                args.iter().map(|a| a.as_encoded_bytes().to_vec()).collect(),
                false,
            ),
            Program::Launcher => (Vec::new(), true),
        };
        runner
            .start(&self.rom, args, is_launcher)
            .map_err(|err| Failure::Open(OpenError::Rom(err)))?;
        Ok((self.program, self.stamp))
    }
}

/// Reads the requested file, on whatever thread calls it.
pub fn load(request: Request) -> Result<Opened, OpenError> {
    #[cfg(debug_assertions)]
    wait_for_test_gate(&request.path);
    match rom::read(&request.path) {
        Ok(file) => Ok(Opened {
            program: Program::File {
                path: request.path,
                args: request.args,
            },
            rom: file.bytes,
            stamp: file.stamp,
        }),
        Err(err) if request.purpose == Purpose::Boot => {
            let missing = matches!(&err, OpenError::Read(e) if e.is_not_found());
            if !missing {
                say!("uxnemu: cannot open boot.rom: {err}; starting the launcher");
            }
            Ok(Opened {
                program: Program::Launcher,
                rom: launcher::ROM.to_vec(),
                stamp: None,
            })
        }
        Err(err) => Err(err),
    }
}

/// Holds a source's load until the file `UXNEMU_TEST_LOAD_GATE` names exists (see the
/// module docs).
#[cfg(debug_assertions)]
fn wait_for_test_gate(path: &std::path::Path) {
    let Some(gate) = std::env::var_os("UXNEMU_TEST_LOAD_GATE") else {
        return;
    };
    if uxn_asm::is_source(path) {
        while !std::path::Path::new(&gate).exists() {
            thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

type Load = dyn Fn(Request) -> Result<Opened, OpenError> + Send + Sync;
type Deliver = Box<dyn Fn(Loaded) + Send>;

/// Starts loads and tells which results are still wanted.
pub struct Loader {
    /// The number of the newest request.
    latest: u64,
    /// The newest request's result has been taken (or nothing was asked yet).
    answered: bool,
    load: Arc<Load>,
    deliver: Arc<Mutex<Deliver>>,
}

impl Loader {
    pub fn new(deliver: impl Fn(Loaded) + Send + 'static) -> Loader {
        Loader::with(Arc::new(load), deliver)
    }

    fn with(load: Arc<Load>, deliver: impl Fn(Loaded) + Send + 'static) -> Loader {
        Loader {
            latest: 0,
            answered: true,
            load,
            deliver: Arc::new(Mutex::new(Box::new(deliver))),
        }
    }

    /// Sends results somewhere else from now on, those of loads under way included.
    pub fn deliver_to(&self, deliver: impl Fn(Loaded) + Send + 'static) {
        *self.deliver.lock().unwrap_or_else(PoisonError::into_inner) = Box::new(deliver);
    }

    /// Starts reading `request` on a new thread; it supersedes every earlier request.
    pub fn open(&mut self, request: Request) {
        self.latest += 1;
        self.answered = false;
        let ticket = self.latest;
        let (path, purpose) = (request.path.clone(), request.purpose);
        let spawned = {
            let load = Arc::clone(&self.load);
            let deliver = Arc::clone(&self.deliver);
            let path = path.clone();
            thread::Builder::new().name("load".into()).spawn(move || {
                // A bug met while reading must not leave the request unanswered.
                let result = match panic::catch_unwind(AssertUnwindSafe(|| load(request))) {
                    Ok(result) => result.map_err(Failure::Open),
                    Err(_) => Err(Failure::Panicked),
                };
                send(
                    &deliver,
                    Loaded {
                        ticket,
                        path,
                        purpose,
                        result,
                    },
                );
            })
        };
        if let Err(err) = spawned {
            let result = Err(Failure::NoThread(err));
            send(
                &self.deliver,
                Loaded {
                    ticket,
                    path,
                    purpose,
                    result,
                },
            );
        }
    }

    /// Whether `loaded` answers the newest request and should be used; a superseded
    /// result is not.
    pub fn accept(&mut self, loaded: &Loaded) -> bool {
        let newest = loaded.ticket == self.latest;
        if newest {
            self.answered = true;
        }
        newest
    }

    /// A request is being read.
    pub fn pending(&self) -> bool {
        !self.answered
    }
}

fn send(deliver: &Mutex<Deliver>, loaded: Loaded) {
    let deliver = deliver.lock().unwrap_or_else(PoisonError::into_inner);
    deliver(loaded);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::time::Duration;

    const WAIT: Duration = Duration::from_secs(10);

    fn request(path: &str) -> Request {
        Request {
            path: PathBuf::from(path),
            args: Vec::new(),
            purpose: Purpose::Open,
        }
    }

    fn name(loaded: &Loaded) -> &Path {
        &loaded.path
    }

    /// A loader whose loads of `/slow` wait until `release` gets a message; every other
    /// path loads at once. Results arrive on the returned receiver.
    fn with_a_slow_file() -> (Loader, Sender<()>, Receiver<Loaded>) {
        let (release, released) = mpsc::channel::<()>();
        let released = Mutex::new(released);
        let fake = move |request: Request| {
            if request.path == Path::new("/slow") {
                let _ = released.lock().unwrap().recv();
            }
            Ok(Opened {
                program: Program::File {
                    path: request.path,
                    args: request.args,
                },
                rom: vec![0x01],
                stamp: None,
            })
        };
        let (sender, results) = mpsc::channel();
        let loader = Loader::with(Arc::new(fake), move |loaded| {
            let _ = sender.send(loaded);
        });
        (loader, release, results)
    }

    #[test]
    fn a_newer_request_supersedes_an_older_one_that_finishes_later() {
        let (mut loader, release, results) = with_a_slow_file();
        assert!(!loader.pending());
        loader.open(request("/slow"));
        loader.open(request("/fast"));
        assert!(loader.pending());
        let fast = results.recv_timeout(WAIT).unwrap();
        assert_eq!(name(&fast), Path::new("/fast"));
        assert!(loader.accept(&fast), "the newest request's result is used");
        assert!(!loader.pending());
        release.send(()).unwrap();
        let slow = results.recv_timeout(WAIT).unwrap();
        assert_eq!(name(&slow), Path::new("/slow"));
        assert!(slow.result.is_ok(), "the slow load did finish");
        assert!(!loader.accept(&slow), "but it was superseded");
        assert!(!loader.pending());
    }

    #[test]
    fn an_older_result_that_comes_first_is_dropped_and_the_newer_one_awaited() {
        let (mut loader, release, results) = with_a_slow_file();
        loader.open(request("/fast"));
        loader.open(request("/slow"));
        let fast = results.recv_timeout(WAIT).unwrap();
        assert!(!loader.accept(&fast));
        assert!(loader.pending(), "still waiting for the newest request");
        release.send(()).unwrap();
        let slow = results.recv_timeout(WAIT).unwrap();
        assert!(loader.accept(&slow));
        assert!(!loader.pending());
    }

    #[test]
    fn a_load_that_never_finishes_does_not_hold_up_later_ones() {
        let (mut loader, _release, results) = with_a_slow_file();
        loader.open(request("/slow"));
        for path in ["/a", "/b", "/c"] {
            loader.open(request(path));
            let loaded = results.recv_timeout(WAIT).unwrap();
            assert_eq!(name(&loaded), Path::new(path));
            assert!(loader.accept(&loaded));
        }
    }

    #[test]
    fn results_of_loads_under_way_follow_a_new_delivery() {
        let (mut loader, release, first) = with_a_slow_file();
        loader.open(request("/slow"));
        let (sender, second) = mpsc::channel();
        loader.deliver_to(move |loaded| {
            let _ = sender.send(loaded);
        });
        release.send(()).unwrap();
        let slow = second.recv_timeout(WAIT).unwrap();
        assert!(loader.accept(&slow));
        assert!(first.try_recv().is_err());
    }

    #[test]
    fn a_load_that_panics_is_answered_with_a_failure() {
        let (sender, results) = mpsc::channel();
        let mut loader = Loader::with(
            Arc::new(|_: Request| panic!("a bug while reading")),
            move |loaded| {
                let _ = sender.send(loaded);
            },
        );
        loader.open(request("/buggy"));
        let loaded = results.recv_timeout(WAIT).unwrap();
        assert!(loader.accept(&loaded));
        assert!(matches!(loaded.result, Err(Failure::Panicked)));
    }

    #[test]
    fn reading_real_files() {
        let dir = tempfile::tempdir().unwrap();
        let rom = dir.path().join("a.rom");
        std::fs::write(&rom, [0x80, 0x01]).unwrap();
        let open = |path: &Path, purpose| {
            load(Request {
                path: path.to_path_buf(),
                args: vec!["x".into()],
                purpose,
            })
        };
        let opened = open(&rom, Purpose::Open).unwrap();
        assert_eq!(opened.rom, [0x80, 0x01]);
        assert!(opened.stamp.is_some());
        assert!(
            matches!(opened.program, Program::File { ref path, ref args }
            if *path == rom && *args == ["x"])
        );
        let missing = dir.path().join("boot.rom");
        assert!(open(&missing, Purpose::Argument).is_err());
        assert!(open(&missing, Purpose::Open).is_err());
        // A missing boot.rom means the launcher.
        let boot = open(&missing, Purpose::Boot).unwrap();
        assert!(matches!(boot.program, Program::Launcher));
        assert_eq!(boot.rom, launcher::ROM);
    }
}
