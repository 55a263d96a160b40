//! Tests of the `uxnemu` desktop app, each on its own virtual X server (Xvfb): the pictures
//! it shows and how it redraws them, the command line, zoom, fitting the screen and
//! fullscreen, hotkeys, drag-and-drop, the open dialog, keyboard and mouse input, the hidden
//! cursor, audio, the launcher, unloadable ROM arguments, loading files without waiting on
//! them, and the desktop integration scripts.
//!
//! Needs the packages of scripts/gui-deps.

mod support;

mod audio;
mod bad_rom_argument;
mod borderless;
mod busy;
mod command_line;
mod console;
mod cursor;
mod desktop;
mod drop;
mod fit;
mod fullscreen;
mod hotkeys;
mod input;
mod launcher;
mod loading;
mod open_dialog;
mod picture;
mod redraw;
mod sketch;
mod window_icon;
mod zoom;
