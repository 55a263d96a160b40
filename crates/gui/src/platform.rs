//! What differs between desktop systems: which windowing backend to use, how the
//! window names itself to the desktop, and where the desktop's work area is.
//!
//! On Linux and the BSDs (`cfg(free_unix)`, set by the build script) X11 is used
//! whenever `DISPLAY` is set, even in a Wayland session (through XWayland): winit 0.30
//! has no file drop on native Wayland, and X11 gives the same behaviour everywhere.
//! Native Wayland is used only without `DISPLAY`.
//!
//! The work area (the desktop without its panels and docks) is known only on X11, from
//! the window manager's `_NET_WORKAREA`; winit reports monitors but not panels. Elsewhere
//! (Wayland, which does not tell clients, and macOS and Windows, which winit does not
//! ask) the whole monitor counts as the work area.

use std::time::{Duration, Instant};

use winit::event_loop::{ActiveEventLoop, EventLoopBuilder};
use winit::window::WindowAttributes;

use crate::fit::Area;

/// The desktop name: X11 WM_CLASS and Wayland app id, matching uxnemu.desktop.
pub const APP_ID: &str = "uxnemu";

#[cfg(free_unix)]
pub fn choose_backend<T>(builder: &mut EventLoopBuilder<T>) {
    use winit::platform::wayland::EventLoopBuilderExtWayland;
    use winit::platform::x11::EventLoopBuilderExtX11;
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        builder.with_x11();
    } else if std::env::var_os("WAYLAND_DISPLAY").is_some() {
        builder.with_wayland();
    }
}

#[cfg(not(free_unix))]
pub fn choose_backend<T>(_builder: &mut EventLoopBuilder<T>) {}

#[cfg(free_unix)]
pub fn name_window(attributes: WindowAttributes) -> WindowAttributes {
    use winit::platform::wayland::WindowAttributesExtWayland;
    use winit::platform::x11::WindowAttributesExtX11;
    let attributes = WindowAttributesExtX11::with_name(attributes, APP_ID, APP_ID);
    WindowAttributesExtWayland::with_name(attributes, APP_ID, APP_ID)
}

#[cfg(not(free_unix))]
pub fn name_window(attributes: WindowAttributes) -> WindowAttributes {
    attributes
}

/// How long an answer about the work area is used before asking again. The window asks
/// on every move and resize, dozens of times a second while it is dragged, and on X11
/// each question is two round trips the event loop would wait for; panels seldom come
/// and go, and a second is soon enough to notice.
const REFRESH: Duration = Duration::from_secs(1);

/// The desktop's work area, asked again at most once per [`REFRESH`].
pub struct WorkArea {
    desktop: Desktop,
    last: Recent<Option<Area>>,
}

/// Whom to ask for the work area.
enum Desktop {
    /// The app runs on X11; the connection is made at the first question.
    #[cfg(free_unix)]
    X11NotConnected,
    /// Our own connection to the X server.
    #[cfg(free_unix)]
    X11(Box<x11::Desktop>),
    /// Nobody: not X11, or the connection failed.
    Unknown,
}

impl WorkArea {
    pub fn new(event_loop: &ActiveEventLoop) -> WorkArea {
        WorkArea {
            desktop: Desktop::of(event_loop),
            last: Recent::default(),
        }
    }

    /// The current desktop's work area in root-window pixels, `None` when the window
    /// manager does not say (or there is none).
    pub fn get(&mut self) -> Option<Area> {
        let desktop = &mut self.desktop;
        self.last.get(Instant::now(), || desktop.work_area())
    }
}

/// The last answer to a question, and when it was got.
#[derive(Default)]
struct Recent<T> {
    last: Option<(Instant, T)>,
}

impl<T: Copy> Recent<T> {
    /// The last answer if it is less than [`REFRESH`] old at `now`, else a new one.
    fn get(&mut self, now: Instant, ask: impl FnOnce() -> T) -> T {
        match self.last {
            Some((asked, answer)) if now.saturating_duration_since(asked) < REFRESH => answer,
            _ => {
                let answer = ask();
                self.last = Some((now, answer));
                answer
            }
        }
    }
}

impl Desktop {
    #[cfg(free_unix)]
    fn of(event_loop: &ActiveEventLoop) -> Desktop {
        use winit::platform::x11::ActiveEventLoopExtX11;
        if event_loop.is_x11() {
            Desktop::X11NotConnected
        } else {
            Desktop::Unknown
        }
    }

    #[cfg(not(free_unix))]
    fn of(_event_loop: &ActiveEventLoop) -> Desktop {
        Desktop::Unknown
    }

    fn work_area(&mut self) -> Option<Area> {
        #[cfg(free_unix)]
        {
            if let Desktop::X11NotConnected = self {
                *self = x11::Desktop::connect()
                    .map_or(Desktop::Unknown, |desktop| Desktop::X11(Box::new(desktop)));
            }
            if let Desktop::X11(desktop) = self {
                return desktop.work_area();
            }
        }
        None
    }
}

#[cfg(free_unix)]
mod x11 {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{Atom, AtomEnum, ConnectionExt, Window};
    use x11rb::rust_connection::RustConnection;

    use crate::fit::Area;

    pub struct Desktop {
        conn: RustConnection,
        root: Window,
        current_desktop: Atom,
        work_area: Atom,
    }

    impl Desktop {
        /// Connects to `DISPLAY`, the server winit uses too.
        pub fn connect() -> Option<Desktop> {
            let (conn, screen) = x11rb::connect(None).ok()?;
            let root = conn.setup().roots.get(screen)?.root;
            let atom = |name: &[u8]| Some(conn.intern_atom(false, name).ok()?.reply().ok()?.atom);
            let current_desktop = atom(b"_NET_CURRENT_DESKTOP")?;
            let work_area = atom(b"_NET_WORKAREA")?;
            Some(Desktop {
                conn,
                root,
                current_desktop,
                work_area,
            })
        }

        /// `_NET_WORKAREA` holds x, y, width, height for each virtual desktop. Values
        /// the window manager got wrong (a desktop number or a position out of range)
        /// mean no work area.
        pub fn work_area(&self) -> Option<Area> {
            let desktop = self.cardinals(self.current_desktop, 0, 1).first().copied();
            let offset = desktop.unwrap_or(0).checked_mul(4)?;
            let [x, y, width, height] = self.cardinals(self.work_area, offset, 4)[..] else {
                return None;
            };
            (width > 0 && height > 0).then_some(Area {
                x: i32::try_from(x).ok()?,
                y: i32::try_from(y).ok()?,
                width,
                height,
            })
        }

        /// `length` 32-bit values of a root window property from `offset` (in values).
        fn cardinals(&self, property: Atom, offset: u32, length: u32) -> Vec<u32> {
            let reply = self
                .conn
                .get_property(
                    false,
                    self.root,
                    property,
                    AtomEnum::CARDINAL,
                    offset,
                    length,
                )
                .ok()
                .and_then(|cookie| cookie.reply().ok());
            reply
                .and_then(|r| r.value32().map(Iterator::collect))
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_area_is_asked_at_most_once_per_refresh() {
        let start = Instant::now();
        let mut asked = 0;
        let mut recent = Recent::default();
        let mut get = |at: Duration| {
            recent.get(start + at, || {
                asked += 1;
                asked
            })
        };
        // Dragging the window: many questions in a second, one answer.
        for ms in (0..1000).step_by(10) {
            assert_eq!(get(Duration::from_millis(ms)), 1);
        }
        assert_eq!(get(REFRESH), 2);
        assert_eq!(get(REFRESH + Duration::from_millis(500)), 2);
        assert_eq!(get(REFRESH * 3), 3);
    }
}
