//! File devices (ports `a0`–`af` and `b0`–`bf`): named files and directories under a
//! sandbox root chosen by the host.
//!
//! Each instance is a small state machine (idle, reading a file, writing a file,
//! listing a directory, "writing" a directory) driven by writes to its ports; see
//! `varvara.md` §7. Paths are confined to the sandbox (see [`sandbox`]): a name that
//! leads outside gets one warning line (`file warning: blocked attempt to access <name>
//! outside of sandbox`) and success `0000` for every operation until the next name.
//! Only regular files are opened (see [`open`]): a FIFO, socket or device inside the
//! sandbox reads as missing and cannot be written, because opening one could block
//! the machine forever.
//!
//! Saves are crash-safe (see [`save`]): the bytes written go to a temporary file that
//! replaces the target in one rename when the ROM's write sequence is over, which is
//! when
//! * any other operation starts on the same device (name, read, stat, delete; a write
//!   continues the sequence),
//! * the vector that wrote returns ([`File::end_of_vector`]), or
//! * the machine reboots, loads another ROM or stops ([`File::reset`], drop).
//!
//! An operation of the other device on the same file, or a listing of its directory,
//! commits the save first too. So the ROM always reads what it wrote, and a kill at
//! any moment leaves the old file or the new one, whole. A write sequence that goes on
//! after a commit (the next vector writes again without naming the file anew) starts
//! a new save from the committed content, so writes keep appending as the
//! specification says. Each single write is all or nothing (see [`store`]).

mod listing;
mod open;
mod sandbox;
mod save;
mod stat;
mod store;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use uxn_core::Uxn;

use listing::Listing;
use open::open_regular;
use sandbox::Sandbox;
pub(crate) use save::Saves;
use stat::Kind;

// Port offsets inside the device.
const SUCCESS: u8 = 0x2;
const STAT: u8 = 0x4;
const DELETE: u8 = 0x6;
const APPEND: u8 = 0x7;
const NAME: u8 = 0x8;
const LENGTH: u8 = 0xa;
const READ: u8 = 0xc;
const WRITE: u8 = 0xe;

/// Longest name copied from RAM, terminator included.
const NAME_MAX: usize = 4096;

enum State {
    Idle,
    FileRead(fs::File),
    /// The bytes go to this device's save in [`Saves`]. When none is in progress (it
    /// was committed while the sequence went on), the next write starts one that
    /// continues the committed file.
    FileWrite,
    DirRead(Listing),
    DirWrite,
}

/// One File device.
pub(crate) struct File {
    base: u8,
    sandbox: Sandbox,
    /// The current name as copied from RAM; empty means no usable name.
    name: Vec<u8>,
    /// The name leads out of the sandbox: every operation fails until a new name.
    outside: bool,
    state: State,
    saves: Saves,
    warnings: Box<dyn Write + Send>,
}

impl File {
    /// A device at `base` (`a0` or `b0`) whose paths stay under `root`, alone with its
    /// saves; warnings go to the process's standard error.
    #[cfg(test)]
    pub(crate) fn new(base: u8, root: PathBuf) -> Self {
        Self::with_warnings(base, root, Box::new(io::stderr()), Saves::default())
    }

    /// Like [`File::new`], with the warnings (one line each) going to `warnings`, and
    /// sharing `saves` with the machine's other File device.
    pub(crate) fn with_warnings(
        base: u8,
        root: PathBuf,
        warnings: Box<dyn Write + Send>,
        saves: Saves,
    ) -> Self {
        File {
            base,
            sandbox: Sandbox::new(root),
            name: Vec::new(),
            outside: false,
            state: State::Idle,
            saves,
            warnings,
        }
    }

    /// The File device has no read handlers: every port is plain device memory.
    pub(crate) fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        vm.dev[port as usize]
    }

    pub(crate) fn deo(&mut self, vm: &mut Uxn, port: u8) {
        // Short ports act on the write of their low byte, when both bytes are in.
        let offset = port.wrapping_sub(self.base);
        if ![STAT + 1, DELETE, NAME + 1, READ + 1, WRITE + 1].contains(&offset) {
            return;
        }
        // Any operation but a write ends the write sequence.
        if offset != WRITE + 1 {
            self.end_save();
        }
        let result = match offset {
            o if o == STAT + 1 => self.stat(vm),
            DELETE => self.delete(),
            o if o == NAME + 1 => self.set_name(vm),
            o if o == READ + 1 => self.read(vm),
            _ => self.write(vm),
        };
        let [hi, lo] = result.to_be_bytes();
        let p = self.base.wrapping_add(SUCCESS) as usize;
        vm.dev[p] = hi;
        vm.dev[(p + 1) & 0xff] = lo;
    }

    /// Closes any open handle, commits the save in progress and forgets the name
    /// (reboot, another ROM).
    pub(crate) fn reset(&mut self) {
        self.end_save();
        self.state = State::Idle;
        self.name.clear();
        self.outside = false;
    }

    /// The vector that was running has returned: the save in progress is committed.
    /// The device stays in its write sequence, so a later write still appends.
    pub(crate) fn end_of_vector(&mut self) {
        self.end_save();
    }

    fn end_save(&mut self) {
        let result = self.saves.commit_owner(self.base);
        self.report(result);
    }

    /// Commits the other device's saves that an operation on `path` would see.
    fn settle(&mut self, path: &Path) {
        let result = self.saves.commit_at(path);
        self.report(result);
    }

    fn report(&mut self, result: Result<(), save::Failed>) {
        if let Err(failed) = result {
            let mut line = b"file warning: could not save ".to_vec();
            line.extend_from_slice(&failed.name);
            line.extend_from_slice(format!(": {}\n", failed.error).as_bytes());
            self.warn(&line);
        }
    }

    fn warn(&mut self, line: &[u8]) {
        // A failing warning sink must not affect the machine.
        let _ = self
            .warnings
            .write_all(line)
            .and_then(|()| self.warnings.flush());
    }

    fn port2(&self, vm: &Uxn, offset: u8) -> u16 {
        let p = self.base.wrapping_add(offset);
        u16::from_be_bytes([vm.dev[p as usize], vm.dev[p.wrapping_add(1) as usize]])
    }

    /// The RAM range of a buffer operation: the address in the short at `offset`, and
    /// the length port clamped so the buffer never passes `ffff`.
    fn buffer(&self, vm: &Uxn, offset: u8) -> std::ops::Range<usize> {
        let addr = self.port2(vm, offset) as usize;
        let len = (self.port2(vm, LENGTH) as usize).min(0x10000 - addr);
        addr..addr + len
    }

    fn set_name(&mut self, vm: &Uxn) -> u16 {
        self.reset();
        let addr = self.port2(vm, NAME) as usize;
        let window = &vm.ram[addr..(addr + NAME_MAX).min(0x10000)];
        // Without a terminator in reach the name is empty: nothing can be opened.
        if let Some(end) = window.iter().position(|&b| b == 0) {
            self.name.extend_from_slice(&window[..end]);
            if !self.name.is_empty() && self.sandbox.resolve(&self.path()).is_none() {
                self.refuse();
            }
        }
        0
    }

    fn refuse(&mut self) {
        self.outside = true;
        self.state = State::Idle;
        let mut line = b"file warning: blocked attempt to access ".to_vec();
        line.extend_from_slice(&self.name);
        line.extend_from_slice(b" outside of sandbox\n");
        self.warn(&line);
    }

    fn path(&self) -> PathBuf {
        path_from_bytes(&self.name)
    }

    /// A name ending in `/` names a directory only.
    fn dir_only(&self) -> bool {
        self.name.last() == Some(&b'/')
    }

    /// Resolves the current name again (the file system may have changed since it was
    /// set) and commits the saves the operation about to happen there must see.
    /// `None` for an empty name, or when it now leads outside, which is refused.
    fn locate(&mut self) -> Option<PathBuf> {
        if self.name.is_empty() {
            return None;
        }
        let found = self.sandbox.resolve(&self.path());
        match &found {
            Some(path) => self.settle(path),
            None => self.refuse(),
        }
        found
    }

    fn stat(&mut self, vm: &mut Uxn) -> u16 {
        if self.outside {
            return 0;
        }
        let kind = match self.locate() {
            None if self.outside => return 0,
            None => Kind::Missing,
            Some(path) => match stat::kind_of(&path) {
                Kind::File(_) if self.dir_only() => Kind::Missing,
                kind => kind,
            },
        };
        let range = self.buffer(vm, STAT);
        let len = range.len();
        stat::fill(&mut vm.ram[range], kind);
        len as u16
    }

    fn delete(&mut self) -> u16 {
        const FAILED: u16 = 0x0000;
        const DELETED: u16 = 0x0001;
        if self.outside {
            return 0;
        }
        // Unlinking `dir/` or `file/` always fails, as does an empty name.
        if self.name.is_empty() || self.dir_only() {
            return FAILED;
        }
        let path = self.path();
        // The entry itself is removed, not what a link points to: resolve the
        // directory holding it and keep the last name as is.
        let Some(Component::Normal(last)) = path.components().next_back() else {
            return FAILED;
        };
        let parent = path.parent().unwrap_or(Path::new(""));
        let entry = match (self.sandbox.resolve(parent), self.sandbox.canonical_root()) {
            (Some(dir), Some(root)) if dir.join(last).starts_with(&root) => dir.join(last),
            _ => {
                self.refuse();
                return 0;
            }
        };
        self.settle(&entry);
        match fs::remove_file(entry) {
            Ok(()) => DELETED,
            Err(_) => FAILED,
        }
    }

    fn read(&mut self, vm: &mut Uxn) -> u16 {
        if self.outside {
            return 0;
        }
        if !matches!(self.state, State::FileRead(_) | State::DirRead(_)) {
            self.state = State::Idle;
            self.state = self.open_for_reading();
            if self.outside {
                return 0;
            }
        }
        let range = self.buffer(vm, READ);
        let buf = &mut vm.ram[range];
        match &mut self.state {
            State::FileRead(f) => read_full(f, buf),
            State::DirRead(listing) => listing.read(buf),
            _ => 0,
        }
    }

    fn open_for_reading(&mut self) -> State {
        let Some(path) = self.locate() else {
            return State::Idle;
        };
        match stat::kind_of(&path) {
            Kind::Dir => match self.sandbox.canonical_root() {
                Some(root) => Listing::open(path, root).map_or(State::Idle, State::DirRead),
                None => State::Idle,
            },
            Kind::File(_) if !self.dir_only() => {
                open_regular(&path).map_or(State::Idle, State::FileRead)
            }
            _ => State::Idle,
        }
    }

    fn write(&mut self, vm: &mut Uxn) -> u16 {
        if self.outside {
            return 0;
        }
        self.make_parents();
        if !matches!(self.state, State::FileWrite | State::DirWrite) {
            self.state = State::Idle;
            self.state =
                self.open_for_writing(vm.dev[self.base.wrapping_add(APPEND) as usize] & 1 != 0);
            if self.outside {
                return 0;
            }
        }
        let range = self.buffer(vm, WRITE);
        match self.state {
            State::FileWrite => self.write_file(&vm.ram[range]),
            State::DirWrite => match self.locate() {
                Some(path) => u16::from(stat::kind_of(&path) == Kind::Dir),
                None => 0,
            },
            _ => 0,
        }
    }

    fn open_for_writing(&mut self, append: bool) -> State {
        if self.name.is_empty() {
            return State::Idle;
        }
        if self.dir_only() {
            return State::DirWrite;
        }
        let Some(path) = self.locate() else {
            return State::Idle;
        };
        // Only a regular file may be replaced; a missing one is created.
        if fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
            return State::Idle;
        }
        match self.saves.start(self.base, &self.name, &path, append) {
            Ok(()) => State::FileWrite,
            Err(_) => State::Idle,
        }
    }

    /// Writes to this device's save, first starting one that continues the file if the
    /// previous one was committed.
    fn write_file(&mut self, data: &[u8]) -> u16 {
        if let Some(written) = self.saves.write(self.base, data) {
            return written;
        }
        let Some(path) = self.locate() else { return 0 };
        if fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
            return 0;
        }
        if self
            .saves
            .start(self.base, &self.name, &path, true)
            .is_err()
        {
            return 0;
        }
        self.saves.write(self.base, data).unwrap_or(0)
    }

    /// Creates every missing directory named by a prefix of the name that ends before a
    /// `/`, in order, stopping at the first that cannot be created. A prefix outside the
    /// sandbox is never created (a later one may lead back inside, as in `../root/d/`).
    fn make_parents(&mut self) {
        let slashes: Vec<usize> = (1..self.name.len())
            .filter(|&i| self.name[i] == b'/')
            .collect();
        for end in slashes {
            let prefix = path_from_bytes(&self.name[..end]);
            let Some(dir) = self.sandbox.resolve(&prefix) else {
                continue;
            };
            if fs::metadata(&dir).is_err() && fs::create_dir(&dir).is_err() {
                return;
            }
        }
    }
}

/// The machine stops: the save in progress is committed.
impl Drop for File {
    fn drop(&mut self) {
        self.end_save();
    }
}

/// Reads until `buf` is full or the file ends; an error keeps what was read before it.
fn read_full(f: &mut fs::File, buf: &mut [u8]) -> u16 {
    let mut done = 0;
    while done < buf.len() {
        match f.read(&mut buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    // At most 0xffff: the buffer is clamped.
    done as u16
}

/// Names are raw bytes; on unix they are used as they are.
#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(bytes))
}

/// Elsewhere names are taken as UTF-8, invalid sequences becoming U+FFFD.
#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The bytes a directory entry's name is listed as.
#[cfg(unix)]
fn os_bytes(name: &OsStr) -> Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    Cow::Borrowed(name.as_bytes())
}

#[cfg(not(unix))]
fn os_bytes(name: &OsStr) -> Cow<'_, [u8]> {
    match name.to_string_lossy() {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}
