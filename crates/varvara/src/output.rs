//! The host's standard output and error streams, as the devices see them.

use std::io::Write;
use std::sync::{Arc, Mutex};

/// Console bytes and diagnostics. Write errors are ignored: a closed pipe must not stop
/// the machine, just as the reference keeps running when `fputc` fails.
pub(crate) struct Output {
    pub stdout: Box<dyn Write + Send>,
    pub stderr: SharedWriter,
}

/// One stream written by several devices (Console/error, System/debug and the File
/// devices' sandbox warnings all go to the host's one stderr, in order).
#[derive(Clone)]
pub(crate) struct SharedWriter(Arc<Mutex<Box<dyn Write + Send>>>);

impl SharedWriter {
    pub fn new(inner: Box<dyn Write + Send>) -> Self {
        SharedWriter(Arc::new(Mutex::new(inner)))
    }
}

impl Write for SharedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // A writer that panicked mid-line still takes the next diagnostic.
        let mut inner = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let mut inner = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        inner.flush()
    }
}

impl Output {
    /// One byte to stdout, flushed at once so pipes between emulators work.
    pub fn out_byte(&mut self, byte: u8) {
        let _ = self.stdout.write_all(&[byte]);
        let _ = self.stdout.flush();
    }

    /// One byte to stderr, flushed at once.
    pub fn err_byte(&mut self, byte: u8) {
        self.err_bytes(&[byte]);
    }

    /// A diagnostic text to stderr.
    pub fn err_text(&mut self, text: &str) {
        self.err_bytes(text.as_bytes());
    }

    fn err_bytes(&mut self, bytes: &[u8]) {
        let _ = self.stderr.write_all(bytes);
        let _ = self.stderr.flush();
    }
}
