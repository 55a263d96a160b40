//! The device page: which device answers which port.

use std::path::Path;

use uxn_core::{Device, Uxn};

use crate::audio::Audio;
use crate::config::{Clock, Kind};
use crate::console::Console;
use crate::controller::Controller;
use crate::datetime::Datetime;
use crate::file::Files;
use crate::mouse::Mouse;
use crate::output::Output;
use crate::screen::Screen;
use crate::system::{self, System};

/// Base port of each device (the high nibble of a port picks the device).
mod base {
    pub const SYSTEM: u8 = 0x0;
    pub const CONSOLE: u8 = 0x1;
    pub const SCREEN: u8 = 0x2;
    pub const AUDIO_FIRST: u8 = 0x3;
    pub const AUDIO_LAST: u8 = 0x6;
    pub const CONTROLLER: u8 = 0x8;
    pub const MOUSE: u8 = 0x9;
    pub const FILE0: u8 = 0xa;
    pub const FILE1: u8 = 0xb;
    pub const DATETIME: u8 = 0xc;
}

/// Every Varvara device. With [`Kind::Console`] the palette, Screen, Audio, Controller
/// and Mouse are absent: their ports behave as plain memory.
pub(crate) struct Devices {
    pub kind: Kind,
    pub system: System,
    pub console: Console,
    pub screen: Screen,
    pub audio: Audio,
    pub controller: Controller,
    pub mouse: Mouse,
    pub files: Files,
    pub datetime: Datetime,
    pub output: Output,
}

impl Devices {
    pub fn new(kind: Kind, file_root: &Path, clock: Clock, output: Output) -> Devices {
        Devices {
            kind,
            system: System::default(),
            console: Console::default(),
            screen: Screen::new(),
            audio: Audio::new(),
            controller: Controller::default(),
            mouse: Mouse::default(),
            files: Files::new(file_root, || Box::new(output.stderr.clone())),
            datetime: Datetime::new(clock),
            output,
        }
    }

    fn gui(&self) -> bool {
        self.kind == Kind::Gui
    }

    /// A new ROM: like [`Devices::reboot`], and the layers are cleared too.
    pub fn restart(&mut self) {
        self.reboot();
        self.screen = Screen::new();
    }

    /// Reboot: every host-side latch, the screen registers and palette, sounds and open
    /// files are reset (the reference keeps them; see emulator.md §11).
    pub fn reboot(&mut self) {
        self.system = System::default();
        self.console = Console::default();
        self.screen.reboot();
        self.audio.stop_all();
        self.controller = Controller::default();
        self.mouse = Mouse::default();
        self.files.reset();
    }

    /// A vector returned: saves written during it are committed (see `file/save.rs`).
    pub fn end_of_vector(&mut self) {
        self.files.end_of_vector();
    }
}

impl Device for Devices {
    fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let gui = self.gui();
        match port >> 4 {
            base::SYSTEM => self.system.dei(vm, port),
            base::SCREEN if gui => self.screen.dei(vm, port),
            base::AUDIO_FIRST..=base::AUDIO_LAST if gui => self.audio.dei(vm, port),
            base::FILE0 | base::FILE1 => self.files.dei(vm, port),
            base::DATETIME => self.datetime.dei(vm, port),
            _ => vm.dev[port as usize],
        }
    }

    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let gui = self.gui();
        match port >> 4 {
            base::SYSTEM => {
                self.system.deo(vm, port, &mut self.output);
                if gui && system::is_colour_port(port) {
                    self.screen.set_palette(system::palette(&vm.dev));
                }
            }
            base::CONSOLE => self.console.deo(vm, port, &mut self.output),
            base::SCREEN if gui => self.screen.deo(vm, port),
            base::AUDIO_FIRST..=base::AUDIO_LAST if gui => self.audio.deo(vm, port),
            base::CONTROLLER if gui => self.controller.deo(vm, port),
            base::MOUSE if gui => self.mouse.deo(vm, port),
            base::FILE0 | base::FILE1 => self.files.deo(vm, port),
            _ => {}
        }
    }
}

/// The vector of audio channel `channel` (0–3), read from the device page when its note
/// ends (audio vectors are not latched).
pub(crate) fn audio_vector(dev: &[u8; 256], channel: usize) -> u16 {
    let hi = (usize::from(base::AUDIO_FIRST) + channel) << 4;
    u16::from_be_bytes([dev[hi & 0xff], dev[(hi + 1) & 0xff]])
}
