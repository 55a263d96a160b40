//! Where a File device's path points: every name resolves under the sandbox root.
//!
//! A name is resolved the way the kernel resolves a path, one component at a time:
//! symbolic links are followed (at most [`MAX_LINKS`], then the name counts as
//! unresolvable), `..` goes up from the path resolved so far, and once a component does
//! not exist (a file or directory about to be created) the rest is applied lexically.
//! The result has no `.`, `..` or symbolic link in its existing part and the device
//! opens *that* path, so the host never walks through anything this check did not see.
//! The device resolves the name again each time it opens, stats or deletes, so a link
//! made after the name was set is caught too; only a change by another process in the
//! instant between a check and the open that follows it is not.
//!
//! The name is inside the sandbox when the result lies under the canonical root,
//! compared component by component: root `/a/b` admits `/a/b/c` but not `/a/bc`.
//! Relative names start at the root; absolute names start at the file-system root and
//! are accepted only if they end up inside. Where the walk wanders on the way does not
//! matter, only where it ends, because nothing on the way is opened.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Symbolic links followed while resolving one name (the Linux limit).
const MAX_LINKS: u32 = 40;

/// The directory every File path must stay in.
pub(super) struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    pub(super) fn new(root: PathBuf) -> Sandbox {
        Sandbox { root }
    }

    /// The root with every link resolved, or `None` when the root itself cannot be
    /// resolved (then nothing is inside). Looked up on every use so that a root
    /// created after the machine starts works too.
    pub(super) fn canonical_root(&self) -> Option<PathBuf> {
        fs::canonicalize(&self.root).ok()
    }

    /// The path to operate on for `name` (relative to the root, or absolute); `None`
    /// when it leaves the sandbox or cannot be resolved.
    pub(super) fn resolve(&self, name: &Path) -> Option<PathBuf> {
        let root = self.canonical_root()?;
        resolve_in(&root, &root, name)
    }
}

/// Resolves `name` starting from the directory `start` (already resolved) and accepts
/// the result only if it lies under `root`.
pub(super) fn resolve_in(root: &Path, start: &Path, name: &Path) -> Option<PathBuf> {
    let resolved = walk(start, name)?;
    resolved.starts_with(root).then_some(resolved)
}

/// One step of the walk; owned because link targets are spliced into the queue.
enum Step {
    Prefix(OsString),
    RootDir,
    Up,
    Name(OsString),
}

fn steps(path: &Path) -> impl DoubleEndedIterator<Item = Step> + '_ {
    path.components().filter_map(|c| match c {
        Component::Prefix(p) => Some(Step::Prefix(p.as_os_str().to_owned())),
        Component::RootDir => Some(Step::RootDir),
        Component::CurDir => None,
        Component::ParentDir => Some(Step::Up),
        Component::Normal(n) => Some(Step::Name(n.to_owned())),
    })
}

fn walk(start: &Path, name: &Path) -> Option<PathBuf> {
    let mut cur = start.to_path_buf();
    let mut links = 0u32;
    let mut todo: VecDeque<Step> = steps(name).collect();
    while let Some(step) = todo.pop_front() {
        match step {
            Step::Prefix(p) => {
                cur = PathBuf::from(p);
            }
            Step::RootDir => {
                // Keep a drive prefix (Windows); on unix this is just `/`.
                let mut anchor = PathBuf::new();
                if let Some(Component::Prefix(p)) = cur.components().next() {
                    anchor.push(p.as_os_str());
                }
                anchor.push(Component::RootDir.as_os_str());
                cur = anchor;
            }
            Step::Up => {
                cur.pop();
            }
            Step::Name(n) => {
                let next = cur.join(&n);
                match fs::symlink_metadata(&next) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        links += 1;
                        if links > MAX_LINKS {
                            return None;
                        }
                        // The target is resolved from the link's directory (`cur`),
                        // or from the file-system root when it is absolute.
                        let target = fs::read_link(&next).ok()?;
                        for s in steps(&target).rev() {
                            todo.push_front(s);
                        }
                    }
                    // Not a link. If it is missing or not reachable (a file used as a
                    // directory, no search permission), nothing below it can be reached either,
                    // so from here on the walk is lexical.
                    _ => cur = next,
                }
            }
        }
    }
    Some(cur)
}
