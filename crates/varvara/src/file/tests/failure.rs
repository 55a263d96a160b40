//! Failed writes: nothing is created where the path cannot exist, and a write that fails
//! part way leaves the file exactly as it was before that write.

use std::fs;
use std::io::{self, Write};

use super::super::store::{Store, write_whole};
use super::Rig;

#[test]
fn parent_is_a_file() {
    let mut r = Rig::new();
    fs::write(r.root().join("plain"), b"content").unwrap();
    r.name("plain/f");
    assert_eq!(r.write(b"data", false), 0);
    r.name("plain/sub/f");
    assert_eq!(r.write(b"data", true), 0);
    assert_eq!(fs::read(r.root().join("plain")).unwrap(), b"content");
    assert_eq!(r.tree(), ["outside", "root", "root/plain"]);
}

/// A store that takes `room` more bytes, then fails.
struct Full {
    data: Vec<u8>,
    room: usize,
    size_fails: bool,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 {
            return Err(io::Error::other("no space"));
        }
        let n = buf.len().min(self.room);
        self.data.extend_from_slice(&buf[..n]);
        self.room -= n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Store for Full {
    fn size(&mut self) -> io::Result<u64> {
        if self.size_fails {
            return Err(io::Error::other("no size"));
        }
        Ok(self.data.len() as u64)
    }
    fn cut(&mut self, len: u64) -> io::Result<()> {
        self.data.truncate(len as usize);
        Ok(())
    }
}

#[test]
fn a_write_that_fails_part_way_is_undone() {
    let mut store = Full {
        data: b"kept".to_vec(),
        room: 6,
        size_fails: false,
    };
    assert_eq!(write_whole(&mut store, b"abc"), 3);
    assert_eq!(write_whole(&mut store, b"defghij"), 0);
    assert_eq!(store.data, b"keptabc");
    assert_eq!(write_whole(&mut store, b"xyz"), 0);
    assert_eq!(store.data, b"keptabc");
}

#[test]
fn a_store_of_unknown_size_is_not_written() {
    let mut store = Full {
        data: Vec::new(),
        room: 100,
        size_fails: true,
    };
    assert_eq!(write_whole(&mut store, b"abc"), 0);
    assert!(store.data.is_empty());
}

/// On a real file: the test binary runs this test again in a child process under a
/// 512-byte file size limit (`ulimit -f 1`, with SIGXFSZ ignored so that writes past
/// the limit fail with EFBIG instead of killing the process).
#[cfg(unix)]
#[test]
fn a_real_write_past_the_file_size_limit_is_undone() {
    const CHILD: &str = "VARVARA_FILE_TEST_FSIZE_CHILD";
    if std::env::var_os(CHILD).is_some() {
        return fsize_child();
    }
    let test = format!(
        "{}::a_real_write_past_the_file_size_limit_is_undone",
        module_path!()
    );
    let test = test.split_once("::").unwrap().1;
    let out = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 1 && trap '' XFSZ && exec \"$0\" \"$@\""])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", test, "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[cfg(unix)]
fn fsize_child() {
    let mut r = Rig::new();
    // Truncating mode: the failed write must not leave a hole before the next one.
    r.name("f");
    let first = vec![b'a'; 300];
    assert_eq!(r.write(&first, false), 300);
    assert_eq!(r.write(&[b'b'; 4096], false), 0);
    assert_eq!(fs::read(r.root().join("f")).unwrap(), first);
    assert_eq!(r.write(b"ccccc", false), 5);
    let mut expected = first.clone();
    expected.extend_from_slice(b"ccccc");
    assert_eq!(fs::read(r.root().join("f")).unwrap(), expected);
    // Append mode.
    fs::write(r.root().join("g"), [b'g'; 100]).unwrap();
    r.name("g");
    assert_eq!(r.write(&[b'h'; 4096], true), 0);
    assert_eq!(fs::read(r.root().join("g")).unwrap(), [b'g'; 100]);
}

/// Opening a FIFO would block the machine until another process opened the other end.
#[cfg(unix)]
#[test]
fn fifos_are_neither_read_nor_written() {
    let mut r = Rig::new();
    let fifo = r.root().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    r.name("fifo");
    assert_eq!(r.read(4).0, 0);
    assert_eq!(r.write(b"x", false), 0);
    assert_eq!(r.write(b"x", true), 0);
    assert_eq!(r.stat(4), (4, b"0000".to_vec()));
}
