//! What differs between desktop systems: which windowing backend to use, how the
//! window names itself to the desktop, and where the desktop's work area is.
//!
//! On Linux and the BSDs X11 is used whenever `DISPLAY` is set, even in a Wayland
//! session (through XWayland): winit 0.30 has no file drop on native Wayland, and X11
//! gives the same behaviour everywhere. Native Wayland is used only without `DISPLAY`.
//!
//! The work area (the desktop without its panels and docks) is known only on X11, from
//! the window manager's `_NET_WORKAREA`; winit reports monitors but not panels. Elsewhere
//! (Wayland, which does not tell clients, and macOS and Windows, which winit does not
//! ask) the whole monitor counts as the work area.

use winit::event_loop::EventLoopBuilder;
use winit::window::WindowAttributes;

/// The desktop name: X11 WM_CLASS and Wayland app id, matching uxnemu.desktop.
pub const APP_ID: &str = "uxnemu";

#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
))]
pub fn choose_backend<T>(builder: &mut EventLoopBuilder<T>) {
    use winit::platform::wayland::EventLoopBuilderExtWayland;
    use winit::platform::x11::EventLoopBuilderExtX11;
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        builder.with_x11();
    } else if std::env::var_os("WAYLAND_DISPLAY").is_some() {
        builder.with_wayland();
    }
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
pub fn choose_backend<T>(_builder: &mut EventLoopBuilder<T>) {}

#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
))]
pub fn name_window(attributes: WindowAttributes) -> WindowAttributes {
    use winit::platform::wayland::WindowAttributesExtWayland;
    use winit::platform::x11::WindowAttributesExtX11;
    let attributes = WindowAttributesExtX11::with_name(attributes, APP_ID, APP_ID);
    WindowAttributesExtWayland::with_name(attributes, APP_ID, APP_ID)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
pub fn name_window(attributes: WindowAttributes) -> WindowAttributes {
    attributes
}

/// The desktop's work area, read again at each call (panels come and go).
#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
))]
pub struct WorkArea {
    /// Our own connection to the X server, opened at the first question; `None` once it
    /// failed or when the app does not run on X11.
    x11: Option<x11::Desktop>,
    tried: bool,
    is_x11: bool,
}

#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
))]
impl WorkArea {
    pub fn new(event_loop: &winit::event_loop::ActiveEventLoop) -> WorkArea {
        use winit::platform::x11::ActiveEventLoopExtX11;
        WorkArea {
            x11: None,
            tried: false,
            is_x11: event_loop.is_x11(),
        }
    }

    /// The current desktop's work area in root-window pixels, `None` when the window
    /// manager does not say (or there is none).
    pub fn get(&mut self) -> Option<crate::fit::Area> {
        if !self.is_x11 {
            return None;
        }
        if !self.tried {
            self.tried = true;
            self.x11 = x11::Desktop::connect();
        }
        self.x11.as_ref()?.work_area()
    }
}

#[cfg(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
))]
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

        /// `_NET_WORKAREA` holds x, y, width, height for each virtual desktop.
        pub fn work_area(&self) -> Option<Area> {
            let desktop = self.cardinals(self.current_desktop, 0, 1).first().copied();
            let values = self.cardinals(self.work_area, desktop.unwrap_or(0) * 4, 4);
            let [x, y, width, height] = values[..] else {
                return None;
            };
            (width > 0 && height > 0).then_some(Area {
                x: x as i32,
                y: y as i32,
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

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
pub struct WorkArea;

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
impl WorkArea {
    pub fn new(_event_loop: &winit::event_loop::ActiveEventLoop) -> WorkArea {
        WorkArea
    }

    pub fn get(&mut self) -> Option<crate::fit::Area> {
        None
    }
}
