//! A drag source speaking XDND version 5, as a file manager does when a file is dragged onto
//! a window: it owns the `XdndSelection`, sends `XdndEnter`, `XdndPosition` and (once the
//! target accepts) `XdndDrop`, serves the dragged paths as `text/uri-list` whenever the target
//! asks, and waits for `XdndFinished`.

use std::path::Path;
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ClientMessageEvent, ConnectionExt as _, CreateWindowAux, EventMask, PropMode,
    SELECTION_NOTIFY_EVENT, SelectionNotifyEvent, SelectionRequestEvent, Window, WindowClass,
};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;

use super::xserver::Xvfb;

const VERSION: u32 = 5;

struct Atoms {
    aware: u32,
    selection: u32,
    enter: u32,
    position: u32,
    status: u32,
    drop: u32,
    finished: u32,
    leave: u32,
    action_copy: u32,
    uri_list: u32,
    targets: u32,
}

/// What the target said about the drop.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `XdndFinished` arrived; `accepted` is its bit 0.
    Finished { accepted: bool },
    /// The target's `XdndStatus` refused the drag (it was then cancelled with `XdndLeave`).
    Refused,
}

/// `file://` URI of an absolute path, with every byte outside the unreserved set and `/`
/// percent-encoded (RFC 8089 / RFC 3986).
pub fn file_uri(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut uri = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// Drops `path` near the top-left corner of `target`, which must take it.
pub fn drop_on(xvfb: &Xvfb, target: Window, path: &Path) {
    let outcome = drop_file(xvfb, target, 10, 10, path)
        .unwrap_or_else(|e| panic!("dropping {} failed: {e}", path.display()));
    assert_eq!(
        outcome,
        Outcome::Finished { accepted: true },
        "dropping {}",
        path.display()
    );
}

/// Drags `path` onto `target` and drops it at (`x`, `y`) inside the target.
pub fn drop_file(
    xvfb: &Xvfb,
    target: Window,
    x: i16,
    y: i16,
    path: &Path,
) -> Result<Outcome, String> {
    let (conn, screen_num) = x11rb::connect(Some(&xvfb.display())).map_err(err)?;
    let root = conn.setup().roots[screen_num].root;
    let atoms = Atoms {
        aware: atom(&conn, "XdndAware")?,
        selection: atom(&conn, "XdndSelection")?,
        enter: atom(&conn, "XdndEnter")?,
        position: atom(&conn, "XdndPosition")?,
        status: atom(&conn, "XdndStatus")?,
        drop: atom(&conn, "XdndDrop")?,
        finished: atom(&conn, "XdndFinished")?,
        leave: atom(&conn, "XdndLeave")?,
        action_copy: atom(&conn, "XdndActionCopy")?,
        uri_list: atom(&conn, "text/uri-list")?,
        targets: atom(&conn, "TARGETS")?,
    };

    let aware = conn
        .get_property(false, target, atoms.aware, AtomEnum::ATOM, 0, 1)
        .map_err(err)?
        .reply()
        .map_err(err)?;
    let version = match aware.value32().and_then(|mut v| v.next()) {
        Some(v) => v.min(VERSION),
        None => return Err("the window has no XdndAware property".into()),
    };

    let source = conn.generate_id().map_err(err)?;
    conn.create_window(
        0,
        source,
        root,
        -10,
        -10,
        1,
        1,
        0,
        WindowClass::INPUT_OUTPUT,
        0,
        &CreateWindowAux::new().event_mask(EventMask::PROPERTY_CHANGE),
    )
    .map_err(err)?;

    // A real server timestamp for the selection and the messages: a zero-length property
    // append produces a PropertyNotify carrying the current server time.
    conn.change_property8(
        PropMode::APPEND,
        source,
        AtomEnum::WM_NAME,
        AtomEnum::STRING,
        &[],
    )
    .map_err(err)?;
    conn.flush().map_err(err)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    let time = loop {
        match next_event(&conn, deadline)? {
            Event::PropertyNotify(e) if e.window == source => break e.time,
            _ => {}
        }
    };

    conn.set_selection_owner(source, atoms.selection, time)
        .map_err(err)?;
    let owner = conn
        .get_selection_owner(atoms.selection)
        .map_err(err)?
        .reply()
        .map_err(err)?
        .owner;
    if owner != source {
        return Err("could not own XdndSelection".into());
    }

    let data = format!("{}\r\n", file_uri(path)).into_bytes();
    let origin = conn
        .translate_coordinates(target, root, x, y)
        .map_err(err)?
        .reply()
        .map_err(err)?;
    let packed = ((origin.dst_x as u16 as u32) << 16) | origin.dst_y as u16 as u32;

    send(
        &conn,
        target,
        atoms.enter,
        [source, version << 24, atoms.uri_list, 0, 0],
    )?;
    send(
        &conn,
        target,
        atoms.position,
        [source, 0, packed, time, atoms.action_copy],
    )?;

    let deadline = Instant::now() + Duration::from_secs(10);
    let mut dropped = false;
    let outcome = loop {
        match next_event(&conn, deadline).map_err(|e| {
            let phase = if dropped {
                "XdndFinished"
            } else {
                "XdndStatus"
            };
            format!("{e} (waiting for {phase})")
        })? {
            Event::SelectionRequest(request) => answer(&conn, &atoms, &request, &data)?,
            Event::ClientMessage(message) if message.type_ == atoms.status && !dropped => {
                let [from, flags, ..] = message.data.as_data32();
                if from != target {
                    continue;
                }
                if flags & 1 == 0 {
                    send(&conn, target, atoms.leave, [source, 0, 0, 0, 0])?;
                    break Outcome::Refused;
                }
                send(&conn, target, atoms.drop, [source, 0, time, 0, 0])?;
                dropped = true;
            }
            Event::ClientMessage(message) if message.type_ == atoms.finished && dropped => {
                let [from, flags, ..] = message.data.as_data32();
                if from == target {
                    break Outcome::Finished {
                        accepted: flags & 1 != 0,
                    };
                }
            }
            _ => {}
        }
    };
    // Destroying the source also gives up the selection.
    conn.destroy_window(source).map_err(err)?;
    conn.flush().map_err(err)?;
    Ok(outcome)
}

fn answer(
    conn: &RustConnection,
    atoms: &Atoms,
    request: &SelectionRequestEvent,
    data: &[u8],
) -> Result<(), String> {
    // Obsolete requestors pass no property; ICCCM says to use the target atom then.
    let property = if request.property == 0 {
        request.target
    } else {
        request.property
    };
    let stored = if request.selection != atoms.selection {
        0
    } else if request.target == atoms.uri_list {
        conn.change_property8(
            PropMode::REPLACE,
            request.requestor,
            property,
            atoms.uri_list,
            data,
        )
        .map_err(err)?;
        property
    } else if request.target == atoms.targets {
        conn.change_property32(
            PropMode::REPLACE,
            request.requestor,
            property,
            AtomEnum::ATOM,
            &[atoms.targets, atoms.uri_list],
        )
        .map_err(err)?;
        property
    } else {
        0
    };
    let notify = SelectionNotifyEvent {
        response_type: SELECTION_NOTIFY_EVENT,
        sequence: 0,
        time: request.time,
        requestor: request.requestor,
        selection: request.selection,
        target: request.target,
        property: stored,
    };
    conn.send_event(false, request.requestor, EventMask::NO_EVENT, notify)
        .map_err(err)?;
    conn.flush().map_err(err)
}

fn send(conn: &RustConnection, target: Window, kind: u32, data: [u32; 5]) -> Result<(), String> {
    let message = ClientMessageEvent::new(32, target, kind, data);
    conn.send_event(false, target, EventMask::NO_EVENT, message)
        .map_err(err)?;
    conn.flush().map_err(err)
}

fn next_event(conn: &RustConnection, deadline: Instant) -> Result<Event, String> {
    loop {
        if let Some(event) = conn.poll_for_event().map_err(err)? {
            return Ok(event);
        }
        if Instant::now() >= deadline {
            return Err("no answer from the drop target".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn atom(conn: &RustConnection, name: &str) -> Result<u32, String> {
    Ok(conn
        .intern_atom(false, name.as_bytes())
        .map_err(err)?
        .reply()
        .map_err(err)?
        .atom)
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}
