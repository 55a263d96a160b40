//! What a user command means, whichever key, menu or pad asked for it.
//!
//! Hotkeys are bound to actions in [`crate::input::keymap`] as data; the app applies
//! every action in one place (`App::perform`).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// F1: zoom 1 → 2 → 3 → 1.
    CycleZoom,
    /// Ctrl+=: one step larger, up to 6×.
    ZoomIn,
    /// Ctrl+-: one step smaller, down to 1×.
    ZoomOut,
    /// F2: print both stacks (System/debug).
    DebugDump,
    /// F3: write `ff` to System/state, ending the program with status 127.
    Quit,
    /// F4: clean reboot of the same ROM.
    Reboot,
    /// F5: reboot keeping the zero page.
    SoftReboot,
    /// F11: borderless fullscreen on/off.
    ToggleFullscreen,
    /// F12: window decorations on/off (ignored in fullscreen).
    ToggleDecorations,
    /// Ctrl+O: choose a ROM in a file dialog.
    Open,
    /// F10 / PrintScreen: save the screen as a PNG next to the ROM.
    Screenshot,
    /// Ctrl+P: stop or restart the machine.
    TogglePause,
}
