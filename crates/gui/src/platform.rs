//! What differs between desktop systems: which windowing backend to use, and how the
//! window names itself to the desktop.
//!
//! On Linux and the BSDs X11 is used whenever `DISPLAY` is set, even in a Wayland
//! session (through XWayland): winit 0.30 has no file drop on native Wayland, and X11
//! gives the same behaviour everywhere. Native Wayland is used only without `DISPLAY`.

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
