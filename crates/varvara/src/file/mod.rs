//! File devices (ports `a0`–`af` and `b0`–`bf`): named files and directories under a
//! sandbox root chosen by the host.
//!
//! Each instance is a small state machine (idle, reading a file, writing a file,
//! listing a directory, "writing" a directory) driven by writes to its ports; see
//! `varvara.md` §7. Paths are confined to the sandbox (see [`sandbox`]): a name that
//! leads outside gets one warning line (`file warning: blocked attempt to access <name>
//! outside of sandbox`) and success `0000` for every operation until the next name.
//! Only regular files are opened: a FIFO, socket or device inside the sandbox reads as
//! missing and cannot be written, because opening one could block the machine forever
//! or have effects of its own. The type is checked before opening, and the open itself
//! neither waits nor keeps anything but a regular file (see `userfile`), so a FIFO put
//! in place between the check and the open is refused too.
//!
//! Saves are crash-safe (see [`save`]): the bytes written go to a temporary file that
//! replaces the target in one rename when the ROM's write sequence is over, which is
//! when
//! * any other operation starts on the same device (name, read, stat, delete; a write
//!   continues the sequence),
//! * the vector that wrote returns ([`Files::end_of_vector`]), or
//! * the machine reboots, loads another ROM or stops ([`Files::reset`], drop).
//!
//! An operation of the other device on the same file, or a listing of its directory,
//! commits the save first too. So the ROM always reads what it wrote, and a kill at
//! any moment leaves the old file or the new one, whole. A write sequence that goes on
//! after a commit (the next vector writes again without naming the file anew) starts
//! a new save from the committed content, so writes keep appending as the
//! specification says. Each single write is all or nothing (see [`store`]).

mod listing;
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
use sandbox::Sandbox;
use save::Saves;
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

/// The two File devices of a machine (`a0` and `b0`) and the saves they share.
pub(crate) struct Files {
    devices: [File; 2],
    saves: Saves,
}

impl Files {
    /// Both devices, their paths confined under `root`; each gets its warnings sink
    /// (one line per warning) from `warnings`.
    pub(crate) fn new(root: &Path, mut warnings: impl FnMut() -> Box<dyn Write + Send>) -> Files {
        Files {
            devices: [0xa0, 0xb0].map(|base| File::new(base, root.to_path_buf(), warnings())),
            saves: Saves::default(),
        }
    }

    /// The File devices have no read handlers: every port is plain device memory.
    pub(crate) fn dei(&self, vm: &Uxn, port: u8) -> u8 {
        vm.dev[port as usize]
    }

    /// A write to a port of either device (`a0`–`bf`).
    pub(crate) fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let device = &mut self.devices[usize::from(port >> 4 == 0xb)];
        device.deo(vm, port, &mut self.saves);
    }

    /// Closes every open handle, commits the saves in progress and forgets the names
    /// (reboot, another ROM).
    pub(crate) fn reset(&mut self) {
        for device in &mut self.devices {
            device.reset(&mut self.saves);
        }
    }

    /// The vector that was running has returned: the saves in progress are committed.
    /// The devices stay in their write sequences, so a later write still appends.
    pub(crate) fn end_of_vector(&mut self) {
        // Every vector ends here; most wrote nothing.
        if self.saves.is_empty() {
            return;
        }
        for device in &mut self.devices {
            device.end_save(&mut self.saves);
        }
    }
}

/// The machine stops: the saves in progress are committed.
impl Drop for Files {
    fn drop(&mut self) {
        self.end_of_vector();
    }
}

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

/// One File device. Its operations get the machine's [`Saves`] from [`Files`].
struct File {
    base: u8,
    sandbox: Sandbox,
    /// The current name as copied from RAM; empty means no usable name.
    name: Vec<u8>,
    /// The name leads out of the sandbox: every operation fails until a new name.
    outside: bool,
    state: State,
    warnings: Box<dyn Write + Send>,
}

impl File {
    /// A device at `base` (`a0` or `b0`) whose paths stay under `root`.
    fn new(base: u8, root: PathBuf, warnings: Box<dyn Write + Send>) -> Self {
        File {
            base,
            sandbox: Sandbox::new(root),
            name: Vec::new(),
            outside: false,
            state: State::Idle,
            warnings,
        }
    }

    fn deo(&mut self, vm: &mut Uxn, port: u8, saves: &mut Saves) {
        // Short ports act on the write of their low byte, when both bytes are in.
        let offset = port.wrapping_sub(self.base);
        if ![STAT + 1, DELETE, NAME + 1, READ + 1, WRITE + 1].contains(&offset) {
            return;
        }
        // Any operation but a write ends the write sequence.
        if offset != WRITE + 1 {
            self.end_save(saves);
        }
        let result = match offset {
            o if o == STAT + 1 => self.stat(vm, saves),
            DELETE => self.delete(saves),
            o if o == NAME + 1 => self.set_name(vm, saves),
            o if o == READ + 1 => self.read(vm, saves),
            _ => self.write(vm, saves),
        };
        let [hi, lo] = result.to_be_bytes();
        let p = self.base.wrapping_add(SUCCESS) as usize;
        vm.dev[p] = hi;
        vm.dev[(p + 1) & 0xff] = lo;
    }

    /// Closes any open handle, commits the save in progress and forgets the name.
    fn reset(&mut self, saves: &mut Saves) {
        self.end_save(saves);
        self.state = State::Idle;
        self.name.clear();
        self.outside = false;
    }

    /// Commits this device's save in progress, if any. Its write sequence goes on.
    fn end_save(&mut self, saves: &mut Saves) {
        let result = saves.commit_owner(self.base);
        self.report(result);
    }

    /// Commits the other device's saves that an operation on `path` would see.
    fn settle(&mut self, path: &Path, saves: &mut Saves) {
        let result = saves.commit_at(path);
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

    fn set_name(&mut self, vm: &Uxn, saves: &mut Saves) -> u16 {
        self.reset(saves);
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
    fn locate(&mut self, saves: &mut Saves) -> Option<PathBuf> {
        if self.name.is_empty() {
            return None;
        }
        let found = self.sandbox.resolve(&self.path());
        match &found {
            Some(path) => self.settle(path, saves),
            None => self.refuse(),
        }
        found
    }

    fn stat(&mut self, vm: &mut Uxn, saves: &mut Saves) -> u16 {
        if self.outside {
            return 0;
        }
        let kind = match self.locate(saves) {
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

    fn delete(&mut self, saves: &mut Saves) -> u16 {
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
        self.settle(&entry, saves);
        match fs::remove_file(entry) {
            Ok(()) => DELETED,
            Err(_) => FAILED,
        }
    }

    fn read(&mut self, vm: &mut Uxn, saves: &mut Saves) -> u16 {
        if self.outside {
            return 0;
        }
        if !matches!(self.state, State::FileRead(_) | State::DirRead(_)) {
            self.state = State::Idle;
            self.state = self.open_for_reading(saves);
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

    fn open_for_reading(&mut self, saves: &mut Saves) -> State {
        let Some(path) = self.locate(saves) else {
            return State::Idle;
        };
        // Directories are listed; of the rest only regular files are opened.
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => match self.sandbox.canonical_root() {
                Some(root) => Listing::open(path, root).map_or(State::Idle, State::DirRead),
                None => State::Idle,
            },
            Ok(m) if m.is_file() && !self.dir_only() => {
                userfile::open(&path).map_or(State::Idle, |f| State::FileRead(f.into_file()))
            }
            _ => State::Idle,
        }
    }

    fn write(&mut self, vm: &mut Uxn, saves: &mut Saves) -> u16 {
        if self.outside {
            return 0;
        }
        self.make_parents();
        if !matches!(self.state, State::FileWrite | State::DirWrite) {
            self.state = State::Idle;
            let append = vm.dev[self.base.wrapping_add(APPEND) as usize] & 1 != 0;
            self.state = self.open_for_writing(append, saves);
            if self.outside {
                return 0;
            }
        }
        let range = self.buffer(vm, WRITE);
        match self.state {
            State::FileWrite => self.write_file(&vm.ram[range], saves),
            State::DirWrite => match self.locate(saves) {
                Some(path) => u16::from(stat::kind_of(&path) == Kind::Dir),
                None => 0,
            },
            _ => 0,
        }
    }

    fn open_for_writing(&mut self, append: bool, saves: &mut Saves) -> State {
        if self.name.is_empty() {
            return State::Idle;
        }
        if self.dir_only() {
            return State::DirWrite;
        }
        let Some(path) = self.locate(saves) else {
            return State::Idle;
        };
        // Only a regular file may be replaced; a missing one is created.
        if fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
            return State::Idle;
        }
        match saves.start(self.base, &self.name, &path, append) {
            Ok(()) => State::FileWrite,
            Err(_) => State::Idle,
        }
    }

    /// Writes to this device's save, first starting one that continues the file if the
    /// previous one was committed.
    fn write_file(&mut self, data: &[u8], saves: &mut Saves) -> u16 {
        if let Some(written) = saves.write(self.base, data) {
            return written;
        }
        let Some(path) = self.locate(saves) else {
            return 0;
        };
        if fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
            return 0;
        }
        if saves.start(self.base, &self.name, &path, true).is_err() {
            return 0;
        }
        saves.write(self.base, data).unwrap_or(0)
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
