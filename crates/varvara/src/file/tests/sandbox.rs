//! The sandbox: names that resolve outside the root are refused with success 0, a
//! warning, and no effect; names that stay inside work however they get there.

use std::fs;
use std::path::Path;

use super::{BUF_AT, Rig};

const SECRET: &[u8] = b"do not touch";

/// `outside/secret` next to the root, and links in the root that lead out.
fn setup(r: &Rig) {
    fs::write(r.outside().join("secret"), SECRET).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../outside", r.root().join("out-dir")).unwrap();
        symlink(r.outside(), r.root().join("out-abs")).unwrap();
        symlink("../outside/secret", r.root().join("out-file")).unwrap();
        symlink("../outside/new", r.root().join("out-dangling")).unwrap();
    }
}

fn escapes(r: &Rig) -> Vec<String> {
    let outside = r.outside().to_string_lossy().into_owned();
    let mut names = vec![
        "../x".to_string(),
        "../outside/secret".into(),
        "../outside/sub/new".into(),
        "/etc/passwd".into(),
        "a/../../x".into(),
        // The reference admits this one: its check stops at the longest existing
        // prefix (`.`) and forgets the rest.
        "missing/../../outside/secret".into(),
        "./../outside/new/".into(),
        format!("{outside}/secret"),
        format!("{outside}/new"),
        // A sibling whose name extends the root's: no string-prefix match.
        "../rootbc/x".into(),
    ];
    if cfg!(unix) {
        for n in [
            "out-dir",
            "out-dir/secret",
            "out-dir/new",
            "out-abs/secret",
            "out-file",
        ] {
            names.push(n.into());
        }
        names.extend([
            "out-dangling".into(),
            "out-dir/sub/new".into(),
            "out-dir/".into(),
        ]);
    }
    names
}

/// Everything under the temporary directory except the root's own contents.
fn outside_state(r: &Rig) -> Vec<(String, Vec<u8>)> {
    r.tree()
        .into_iter()
        .filter(|p| !p.starts_with("root/") && p != "root")
        .map(|p| {
            let full = r.tmp.path().join(&p);
            let data = if full.is_file() {
                fs::read(&full).unwrap()
            } else {
                Vec::new()
            };
            (p, data)
        })
        .collect()
}

#[test]
fn every_escape_is_refused_for_every_operation() {
    let mut r = Rig::new();
    setup(&r);
    fs::create_dir(r.tmp.path().join("rootbc")).unwrap();
    let before = outside_state(&r);
    let names = escapes(&r);
    for name in &names {
        assert_eq!(r.name(name), 0, "{name}");
        for append in [false, true] {
            assert_eq!(r.write(b"pwned", append), 0, "write {name}");
        }
        assert_eq!(r.read(0x100).0, 0, "read {name}");
        assert_eq!(r.peek(BUF_AT, 1), [0xee], "read {name} left RAM alone");
        assert_eq!(r.stat(4), (0, vec![0xee; 4]), "stat {name}");
        assert_eq!(r.delete(), 0, "delete {name}");
        assert_eq!(outside_state(&r), before, "after {name}");
    }
    let warnings = r.warnings();
    let lines: Vec<&str> = warnings.lines().collect();
    assert_eq!(
        lines.len(),
        names.len(),
        "one warning per name:\n{warnings}"
    );
    for (line, name) in lines.iter().zip(&names) {
        assert_eq!(
            *line,
            format!("file warning: blocked attempt to access {name} outside of sandbox")
        );
    }
    // The links themselves survive the refused deletes.
    #[cfg(unix)]
    assert!(fs::symlink_metadata(r.root().join("out-file")).is_ok());
}

#[test]
fn a_new_name_lifts_the_refusal() {
    let mut r = Rig::new();
    setup(&r);
    r.name("../outside/secret");
    assert_eq!(r.write(b"x", false), 0);
    r.name("fine");
    assert_eq!(r.write(b"x", false), 1);
    assert_eq!(fs::read(r.root().join("fine")).unwrap(), b"x");
}

#[test]
fn dot_dot_that_stays_inside_is_fine() {
    let mut r = Rig::new();
    fs::create_dir(r.root().join("d")).unwrap();
    r.name("d/../f");
    assert_eq!(r.write(b"one", false), 3);
    r.name("./d/./../f");
    assert_eq!(r.read_text(0x10), (3, "one".into()));
    // Up out of the root and straight back in ends inside.
    r.name("../root/f");
    assert_eq!(r.read_text(0x10), (3, "one".into()));
    // A missing directory followed by `..` is created on write, as in the reference.
    r.name("new/../g");
    assert_eq!(r.write(b"two", false), 3);
    assert!(r.root().join("new").is_dir());
    assert_eq!(fs::read(r.root().join("g")).unwrap(), b"two");
    assert!(r.warnings().is_empty());
}

#[test]
fn absolute_names_inside_the_root_are_accepted() {
    let mut r = Rig::new();
    let name = r.root().join("abs.txt").to_string_lossy().into_owned();
    r.name(&name);
    assert_eq!(r.write(b"abs", false), 3);
    assert_eq!(fs::read(r.root().join("abs.txt")).unwrap(), b"abs");
    assert!(r.warnings().is_empty());
}

#[test]
fn parent_directories_are_never_created_outside() {
    let mut r = Rig::new();
    setup(&r);
    let before = outside_state(&r);
    // Ends inside, but walks through a missing directory outside on the way.
    r.name("../outside/nd/../../root/newd/f");
    assert_eq!(r.write(b"in", false), 2);
    assert_eq!(fs::read(r.root().join("newd/f")).unwrap(), b"in");
    assert_eq!(outside_state(&r), before);
}

#[test]
fn a_missing_root_admits_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let warnings = super::Captured::default();
    let mut file = super::files(&tmp.path().join("gone"), &warnings);
    let mut vm = uxn_core::Uxn::new();
    vm.ram[0x100..0x103].copy_from_slice(b"f\0\0");
    vm.dev[0xa8] = 0x01;
    vm.dev[0xa9] = 0x00;
    file.deo(&mut vm, 0xa9);
    vm.dev[0xab] = 1;
    vm.dev[0xae] = 0x01;
    file.deo(&mut vm, 0xaf);
    assert_eq!(vm.dev[0xa2..0xa4], [0, 0]);
    assert!(fs::read_dir(tmp.path()).unwrap().next().is_none());
    assert!(!warnings.0.lock().unwrap().is_empty());
}

#[cfg(unix)]
mod links {
    use std::fs;
    use std::os::unix::fs::symlink;

    use super::super::Rig;
    use super::setup;

    #[test]
    fn links_inside_pointing_inside_work() {
        let mut r = Rig::new();
        fs::create_dir(r.root().join("d")).unwrap();
        symlink("d", r.root().join("to-d")).unwrap();
        symlink(r.root().join("d"), r.root().join("to-d-abs")).unwrap();
        r.name("to-d/f");
        assert_eq!(r.write(b"via link", false), 8);
        assert_eq!(fs::read(r.root().join("d/f")).unwrap(), b"via link");
        r.name("to-d-abs/f");
        assert_eq!(r.read_text(0x20), (8, "via link".into()));
        r.name("to-d/");
        let (_, text) = r.read_text(0x100);
        assert_eq!(text, "0008\tf\n");
        assert!(r.warnings().is_empty());
    }

    #[test]
    fn dangling_link_inside_creates_its_target() {
        let mut r = Rig::new();
        symlink("d/target", r.root().join("link")).unwrap();
        r.name("link");
        // The target's directory does not exist and is not created for a link.
        assert_eq!(r.write(b"x", false), 0);
        fs::create_dir(r.root().join("d")).unwrap();
        r.name("link");
        assert_eq!(r.write(b"x", false), 1);
        assert_eq!(fs::read(r.root().join("d/target")).unwrap(), b"x");
    }

    #[test]
    fn delete_removes_the_link_not_its_target() {
        let mut r = Rig::new();
        fs::write(r.root().join("target"), b"keep").unwrap();
        symlink("target", r.root().join("link")).unwrap();
        r.name("link");
        assert_eq!(r.delete(), 1);
        assert!(fs::symlink_metadata(r.root().join("link")).is_err());
        assert_eq!(fs::read(r.root().join("target")).unwrap(), b"keep");
    }

    #[test]
    fn delete_refuses_a_link_that_lives_outside() {
        let mut r = Rig::new();
        fs::write(r.root().join("f"), b"keep").unwrap();
        // Outside, pointing in: readable, but the link itself is not ours to remove.
        symlink("root/f", r.tmp.path().join("lnk")).unwrap();
        r.name("../lnk");
        assert_eq!(r.read_text(0x10), (4, "keep".into()));
        assert_eq!(r.delete(), 0);
        assert!(fs::symlink_metadata(r.tmp.path().join("lnk")).is_ok());
        assert_eq!(fs::read(r.root().join("f")).unwrap(), b"keep");
        assert_eq!(r.warnings().lines().count(), 1);
    }

    #[test]
    fn listing_hides_where_outward_links_lead() {
        let mut r = Rig::new();
        setup(&r);
        fs::write(r.root().join("plain"), b"abc").unwrap();
        r.name(".");
        let (_, text) = r.read_text(0x200);
        let mut lines: Vec<&str> = text.lines().collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                "!!!!\tout-abs",
                "!!!!\tout-dangling",
                "!!!!\tout-dir",
                "!!!!\tout-file",
                "0003\tplain"
            ]
        );
        // Listing through an outward link is refused outright.
        r.name("out-dir");
        assert_eq!(r.read(0x100).0, 0);
        r.name("out-abs/");
        assert_eq!(r.read(0x100).0, 0);
    }

    #[test]
    fn link_loops_are_refused() {
        let mut r = Rig::new();
        symlink("b", r.root().join("a")).unwrap();
        symlink("a", r.root().join("b")).unwrap();
        r.name("a");
        assert_eq!(r.write(b"x", false), 0);
        assert_eq!(r.read(4).0, 0);
        assert_eq!(r.warnings().lines().count(), 1);
    }

    #[test]
    fn a_root_reached_through_a_link_works() {
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("real")).unwrap();
        symlink("real", tmp.path().join("alias")).unwrap();
        let warnings = super::super::Captured::default();
        let mut file = super::super::files(&tmp.path().join("alias"), &warnings);
        let mut vm = uxn_core::Uxn::new();
        vm.ram[0x100..0x104].copy_from_slice(b"d/f\0");
        vm.ram[0x200] = b'!';
        vm.dev[0xa8..0xac].copy_from_slice(&[0x01, 0x00, 0x00, 0x01]);
        file.deo(&mut vm, 0xa9);
        vm.dev[0xae] = 0x02;
        file.deo(&mut vm, 0xaf);
        assert_eq!(vm.dev[0xa2..0xa4], [0, 1]);
        file.end_of_vector();
        assert_eq!(fs::read(tmp.path().join("real/d/f")).unwrap(), b"!");
    }

    #[test]
    fn changes_after_the_name_is_set_are_checked_again() {
        let mut r = Rig::new();
        setup(&r);
        fs::create_dir(r.root().join("d")).unwrap();
        r.name("d/secret");
        // The directory is replaced by an outward link before the file is opened.
        fs::remove_dir(r.root().join("d")).unwrap();
        symlink("../outside", r.root().join("d")).unwrap();
        assert_eq!(r.read(0x10).0, 0);
        assert_eq!(r.write(b"x", false), 0);
        assert_eq!(fs::read(r.outside().join("secret")).unwrap(), super::SECRET);
        assert_eq!(r.warnings().lines().count(), 1);
    }
}

#[test]
fn nothing_outside_is_created_by_refused_directory_writes() {
    let mut r = Rig::new();
    for name in ["../made/", "../made/deeper/f", "x/../../made/"] {
        r.name(name);
        assert_eq!(r.write(b"", false), 0, "{name}");
    }
    assert!(!Path::new(&r.tmp.path().join("made")).exists());
}
