//! Host input, as the machine receives it.

/// One host input. [`crate::Varvara::handle`] applies it to the device page and runs the
/// owning device's vector once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    /// Controller buttons pressed (bit mask, see varvara.md §5); also sent on key repeat.
    ButtonDown(u8),
    /// Controller buttons released.
    ButtonUp(u8),
    /// A character key: Controller/key holds it during the vector only.
    Key(u8),
    /// Pointer position in screen pixels.
    MouseMove { x: u16, y: u16 },
    /// Mouse buttons pressed (state bits: 01 left, 02 middle, 04 right, …).
    MouseDown(u8),
    /// Mouse buttons released.
    MouseUp(u8),
    /// Wheel movement in the host's convention: positive `dy` is the wheel rolled away
    /// from the user (up). The device receives `scrollx = dx`, `scrolly = -dy`.
    Scroll { dx: i16, dy: i16 },
    /// One byte of standard input (Console type 01).
    ConsoleByte(u8),
    /// End of standard input (Console read 0a, type 04).
    ConsoleEnd,
}
