//! Writing a buffer to a file all or nothing.
//!
//! Before each write the file's length is noted; if the write fails part way (disk
//! full, file size limit, I/O error) the file is cut back to that length and the write
//! position moved back with it, so the file holds exactly what the successful writes
//! put there and a later write continues without a hole. A file whose length cannot be
//! learnt is not written to at all, since the write could not be undone.

use std::fs;
use std::io::{self, Seek, SeekFrom, Write};

/// A destination whose length can be read and cut back.
pub(super) trait Store: Write {
    fn size(&mut self) -> io::Result<u64>;
    /// Shortens to `len` bytes and continues writing from there.
    fn cut(&mut self, len: u64) -> io::Result<()>;
}

impl Store for fs::File {
    fn size(&mut self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }

    fn cut(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)?;
        self.seek(SeekFrom::Start(len)).map(drop)
    }
}

/// Writes all of `data` and returns its length, or returns 0 and leaves the file as it
/// was. Writing nothing also returns 0, as in the reference.
pub(super) fn write_whole(store: &mut impl Store, data: &[u8]) -> u16 {
    if data.is_empty() {
        return 0;
    }
    let Ok(before) = store.size() else { return 0 };
    match store.write_all(data).and_then(|()| store.flush()) {
        // `data` comes from a clamped RAM buffer, so its length fits.
        Ok(()) => data.len() as u16,
        Err(_) => {
            // Nothing better can be done if even this fails.
            let _ = store.cut(before);
            0
        }
    }
}
