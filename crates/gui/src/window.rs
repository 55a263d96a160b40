//! The window: created at the screen size × zoom, not resizable by the user (as the
//! reference), cursor hidden (ROMs draw their own), with the uxnemu icon and name.
//!
//! winit + softbuffer rather than minifb: minifb has no file drop, no fullscreen, no
//! resizing from code and no monitor queries, all of which the emulator needs.

use std::rc::Rc;

use winit::dpi::PhysicalSize;
use winit::event_loop::ActiveEventLoop;
use winit::window::{Fullscreen, Icon, Window, WindowAttributes};

use crate::platform;

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
