//! What more than one fuzz target needs.

use std::fs;
use std::path::{Path, PathBuf};

/// Every entry under `dir` except `skip` and what is under it, in path order, with its
/// content: the bytes of a file, the target of a link (not followed), `<dir>` for a
/// folder. Two trees compare equal when nothing in them was read out, written, created
/// or deleted.
pub fn tree(dir: &Path, skip: Option<&Path>) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, skip: Option<&Path>, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if Some(path.as_path()) == skip {
                continue;
            }
            let meta = fs::symlink_metadata(&path).unwrap();
            let data = if meta.file_type().is_symlink() {
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else if meta.is_dir() {
                walk(&path, skip, out);
                b"<dir>".to_vec()
            } else {
                fs::read(&path).unwrap()
            };
            out.push((path, data));
        }
    }
    let mut out = Vec::new();
    walk(dir, skip, &mut out);
    out.sort();
    out
}
