//! The window: created at the screen size × zoom, not resizable by the user (as the
//! reference), cursor hidden (ROMs draw their own), with the uxnemu icon and name.
//!
//! winit + softbuffer rather than minifb: minifb has no file drop, no fullscreen, no
//! resizing from code and no monitor queries, all of which the emulator needs.

use std::rc::Rc;

use winit::dpi::{PhysicalPosition, PhysicalSize};
use winit::event_loop::ActiveEventLoop;
use winit::monitor::MonitorHandle;
use winit::window::{Fullscreen, Icon, Window, WindowAttributes};

use crate::fit::{self, Area, Room};
use crate::platform::{self, WorkArea};

/// The window icon, embedded at build time from assets/uxnemu.png (may be empty).
const ICON_PNG: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/icon.png"));

pub fn create(
    event_loop: &ActiveEventLoop,
    title: &str,
    size: (u32, u32),
    fullscreen: bool,
) -> Result<Rc<Window>, winit::error::OsError> {
    let attributes = WindowAttributes::default()
        .with_title(title)
        .with_inner_size(PhysicalSize::new(size.0.max(1), size.1.max(1)))
        .with_resizable(false)
        .with_window_icon(icon());
    let window = event_loop.create_window(platform::name_window(attributes))?;
    window.set_cursor_visible(false);
    // Through the same path as F11, which lifts the fixed size first.
    if fullscreen {
        set_fullscreen(&window, true);
    }
    Ok(Rc::new(window))
}

fn icon() -> Option<Icon> {
    if ICON_PNG.is_empty() {
        return None;
    }
    let image = image::load_from_memory_with_format(ICON_PNG, image::ImageFormat::Png).ok()?;
    let rgba = image.to_rgba8();
    let (w, h) = rgba.dimensions();
    Icon::from_rgba(rgba.into_raw(), w, h).ok()
}

pub fn set_fullscreen(window: &Window, on: bool) {
    // Window managers keep a window within its size hints even in fullscreen, so it
    // is resizable, without limits, while in fullscreen. (winit remembers the fixed
    // creation size as the limits, hence clearing them first.)
    if on {
        window.set_min_inner_size(None::<PhysicalSize<u32>>);
        window.set_max_inner_size(None::<PhysicalSize<u32>>);
        window.set_resizable(true);
        window.set_fullscreen(Some(Fullscreen::Borderless(None)));
    } else {
        window.set_fullscreen(None);
        window.set_resizable(false);
    }
}

/// Asks for a new inner size; returns it if the platform applied it at once.
pub fn resize(window: &Window, size: (u32, u32)) -> Option<(u32, u32)> {
    let size = PhysicalSize::new(size.0.max(1), size.1.max(1));
    window.request_inner_size(size).map(|s| (s.width, s.height))
}

pub fn inner_size(window: &Window) -> (u32, u32) {
    let s = window.inner_size();
    (s.width, s.height)
}

/// The room the window has: its monitor cut to the desktop's work area, and the size of
/// its decorations (the outer size less the inner size, as the window manager reports
/// them). `None` if the platform names no monitor.
pub fn room(window: &Window, work_area: &mut WorkArea) -> Option<Room> {
    let area = usable_area(window.current_monitor()?, work_area);
    let inner = window.inner_size();
    let outer = window.outer_size();
    Some(Room {
        area,
        frame: (
            outer.width.saturating_sub(inner.width),
            outer.height.saturating_sub(inner.height),
        ),
    })
}

/// The room before there is a window: the primary monitor (where new windows usually
/// open), decorations not yet known.
pub fn first_room(event_loop: &ActiveEventLoop, work_area: &mut WorkArea) -> Option<Room> {
    let monitor = event_loop
        .primary_monitor()
        .or_else(|| event_loop.available_monitors().next())?;
    Some(Room {
        area: usable_area(monitor, work_area),
        frame: (0, 0),
    })
}

/// The monitor's rectangle, without the panels when the work area is known.
fn usable_area(monitor: MonitorHandle, work_area: &mut WorkArea) -> Area {
    let (position, size) = (monitor.position(), monitor.size());
    let whole = Area {
        x: position.x,
        y: position.y,
        width: size.width,
        height: size.height,
    };
    work_area
        .get()
        .and_then(|desktop| whole.intersect(desktop))
        .unwrap_or(whole)
}

/// Moves the window, decorations included, inside the room's area if it sticks out.
pub fn move_inside(window: &Window, room: &Room) {
    let Ok(position) = window.outer_position() else {
        return;
    };
    let outer = window.outer_size();
    let now = (position.x, position.y);
    let inside = fit::keep_inside(now, (outer.width, outer.height), room.area);
    if inside != now {
        window.set_outer_position(PhysicalPosition::new(inside.0, inside.1));
    }
}
