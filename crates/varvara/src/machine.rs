//! The whole computer: CPU, devices, and the order in which host events run vectors.

use uxn_core::{Budget, RomError, Stop, Uxn};

use crate::config::{Config, Kind};
use crate::console::{self, Type};
use crate::controller;
use crate::devices::{self, Devices};
use crate::event::Event;
use crate::mouse;
use crate::output::{Output, SharedWriter};
use crate::screen::{Layer, Rect};
use crate::system;

/// Address of the reset vector.
const RESET_VECTOR: u16 = 0x0100;

/// The Varvara computer.
///
/// Every method that runs ROM code returns the [`Stop`] of the vector calls it made;
/// with several calls, the most notable one (`OutOfBudget` over `Break` over `NotRun`).
pub struct Varvara {
    uxn: Box<Uxn>,
    devices: Devices,
    budget: Budget,
    /// The loaded ROM, kept for reboots.
    rom: Vec<u8>,
    /// Whether the last vector ran out of budget and can be resumed.
    interrupted: bool,
}

impl Varvara {
    /// A machine with empty memory and a 512×320 screen; no ROM yet.
    pub fn new(config: Config) -> Varvara {
        let mut uxn = Uxn::new();
        uxn.set_backend(config.backend);
        let output = Output {
            stdout: config.stdout,
            stderr: SharedWriter::new(config.stderr),
        };
        Varvara {
            uxn,
            devices: Devices::new(config.kind, &config.file_root, config.clock, output),
            budget: config.budget,
            rom: Vec::new(),
            interrupted: false,
        }
    }

    /// Puts a fresh machine in place with `rom` loaded (varvara.md §1, uxn.md §10):
    /// RAM, banks, stacks, devices, screen, sounds and files all start over, and
    /// Console/type tells the reset vector whether arguments follow. A refused ROM leaves
    /// the current machine as it was.
    pub fn load(&mut self, rom: &[u8], has_args: bool) -> Result<(), RomError> {
        let mut uxn = Uxn::new();
        uxn.set_backend(self.uxn.backend());
        uxn.load_rom(rom)?;
        self.uxn = uxn;
        self.devices.restart();
        console::set_has_args(&mut self.uxn.dev, has_args);
        self.rom = rom.to_vec();
        self.interrupted = false;
        Ok(())
    }

    /// Runs the reset vector at `0100`.
    pub fn boot(&mut self) -> Stop {
        self.run(RESET_VECTOR)
    }

    /// Delivers command-line arguments through the Console vector (varvara.md §2.1):
    /// one call per byte (type 02), then `0a` with type 03 between arguments or 04 after
    /// the last. The vector is called even when it is `0000` (which runs nothing).
    pub fn send_args(&mut self, args: &[impl AsRef<[u8]>]) -> Stop {
        let mut stop = Stop::NotRun;
        for (byte, kind) in console::argument_bytes(args) {
            let vector = self.devices.console.deliver(&mut self.uxn.dev, byte, kind);
            stop = worst(stop, self.run(vector));
        }
        stop
    }

    /// Whether the ROM installed a Console vector (`uxncli` quits after the reset vector
    /// otherwise).
    pub fn has_console_vector(&self) -> bool {
        self.devices.console.vector != 0
    }

    /// Applies one host input and runs the owning device's vector. Controller and Mouse
    /// input does nothing on a [`Kind::Console`] machine, which has neither.
    pub fn handle(&mut self, event: Event) -> Stop {
        let gui = self.devices.kind == Kind::Gui;
        let dev = &mut self.uxn.dev;
        let d = &self.devices;
        match event {
            Event::ConsoleByte(byte) => {
                let vector = d.console.deliver(dev, byte, Type::Stdin);
                self.run(vector)
            }
            Event::ConsoleEnd => {
                // Varvara 79K: every end of input is a line feed (the 2025 reference
                // delivered 00 at the end of stdin; varvara.md §2.1).
                let vector = d.console.deliver(dev, b'\n', Type::End);
                self.run(vector)
            }
            _ if !gui => Stop::NotRun,
            Event::ButtonDown(mask) | Event::ButtonUp(mask) => {
                let down = matches!(event, Event::ButtonDown(_));
                match d.controller.button(dev, mask, down) {
                    Some(vector) => self.run(vector),
                    None => Stop::NotRun,
                }
            }
            Event::Key(key) => match d.controller.key(dev, key) {
                Some(vector) => {
                    let stop = self.run(vector);
                    controller::clear_key(&mut self.uxn.dev);
                    stop
                }
                None => Stop::NotRun,
            },
            Event::MouseMove { x, y } => {
                let vector = d.mouse.moved(dev, x, y);
                self.run(vector)
            }
            Event::MouseDown(bits) | Event::MouseUp(bits) => {
                let down = matches!(event, Event::MouseDown(_));
                let vector = d.mouse.button(dev, bits, down);
                self.run(vector)
            }
            Event::Scroll { dx, dy } => {
                let vector = d.mouse.scroll(dev, dx, dy);
                let stop = self.run(vector);
                mouse::clear_scroll(&mut self.uxn.dev);
                stop
            }
        }
    }

    /// One 60 Hz tick: first the vectors of audio channels whose note ended by itself
    /// (each read from the device page now), then the Screen vector, then 1/60 s of
    /// sound, which [`Varvara::take_audio`] hands out. A [`Kind::Console`] machine has
    /// none of these and runs nothing.
    pub fn frame(&mut self) -> Stop {
        if self.devices.kind != Kind::Gui {
            return Stop::NotRun;
        }
        let mut stop = Stop::NotRun;
        for channel in self.devices.audio.take_finished() {
            if channel < 4 {
                let vector = devices::audio_vector(&self.uxn.dev, channel);
                stop = worst(stop, self.run(vector));
            }
        }
        let vector = self.devices.screen.vector;
        let stop = worst(stop, self.run(vector));
        self.devices.audio.render_frame(&self.uxn.ram);
        stop
    }

    /// The sound the last [`Varvara::frame`] rendered, once: [`crate::FRAME_SAMPLES`]
    /// interleaved stereo frames (left, right) at [`crate::MODEL_RATE`]. `None` when no
    /// frame ran since the last call.
    pub fn take_audio(&mut self) -> Option<&[i16]> {
        self.devices.audio.take_frame()
    }

    /// Reboots (F4 hard, F5 `soft` keeps the zero page) as in emulator.md §11, then
    /// reloads the ROM and runs the reset vector with Console/type `00`.
    ///
    /// Unlike the reference, every vector, the screen registers, the palette, the
    /// metadata address, sounds and open files are reset too, so the ROM starts from
    /// the same state as after [`Varvara::load`] (except the zero page on a soft reboot,
    /// the expansion banks and the layers, which survive when the size is unchanged).
    pub fn reboot(&mut self, soft: bool) -> Stop {
        self.uxn.reset(soft);
        self.devices.reboot();
        // The ROM was accepted when it was loaded; with none loaded yet memory stays
        // empty and the reset vector is a BRK.
        let _ = self.uxn.load_rom(&self.rom);
        console::set_has_args(&mut self.uxn.dev, false);
        self.boot()
    }

    /// `Some(state & 0x7f)` once System/state is non-zero.
    pub fn exit_code(&self) -> Option<i32> {
        system::exit_code(&self.uxn.dev)
    }

    /// Writes System/state (F3 writes `ff`): no vector runs afterwards.
    pub fn halt(&mut self, state: u8) {
        system::set_state(&mut self.uxn.dev, state);
    }

    /// Prints both stacks to the stderr sink, as a write of `01` to System/debug (F2).
    pub fn debug_dump(&mut self) {
        let port = system::port::DEBUG;
        self.uxn.dev[port as usize] = 0x01;
        uxn_core::Device::deo(&mut self.devices, &mut self.uxn, port);
    }

    pub fn screen_size(&self) -> (u16, u16) {
        self.devices.screen.size()
    }

    /// The composited screen, 0x00RRGGBB, `width × height`, row-major; only the area
    /// changed since the previous call is recomposed.
    pub fn pixels(&mut self) -> &[u32] {
        self.devices.screen.pixels()
    }

    /// The area changed since the previous call (all of it after a palette change or
    /// resize), or `None` when nothing changed.
    pub fn take_dirty(&mut self) -> Option<Rect> {
        self.devices.screen.take_dirty()
    }

    /// The colour index (0–3) stored in one layer at (`x`, `y`), `None` off-screen.
    pub fn layer_pixel(&self, layer: Layer, x: u16, y: u16) -> Option<u8> {
        self.devices.screen.layer_pixel(layer, x, y)
    }

    /// The application name from the ROM's metadata (varvara.md §1.3), read from RAM
    /// now; `None` if the ROM declared none or it is empty.
    pub fn title(&self) -> Option<String> {
        self.devices.system.title(&self.uxn)
    }

    /// Whether any audio channel is playing.
    pub fn audio_active(&self) -> bool {
        self.devices.audio.active()
    }

    pub fn uxn(&self) -> &Uxn {
        &self.uxn
    }

    pub fn uxn_mut(&mut self) -> &mut Uxn {
        &mut self.uxn
    }

    pub fn kind(&self) -> Kind {
        self.devices.kind
    }

    /// Continues the vector that last stopped with [`Stop::OutOfBudget`], from the
    /// instruction it stopped in front of, with a fresh budget. A host calls it on its
    /// next turn so that a long computation is spread over several turns instead of
    /// freezing the host or being abandoned. Returns [`Stop::NotRun`] when nothing was
    /// interrupted.
    pub fn resume(&mut self) -> Stop {
        if !self.interrupted {
            return Stop::NotRun;
        }
        let pc = self.uxn.pc;
        self.run(pc)
    }

    /// Whether a vector is waiting to be resumed.
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    fn run(&mut self, vector: u16) -> Stop {
        let stop = self.uxn.eval(&mut self.devices, vector, self.budget);
        self.interrupted = stop == Stop::OutOfBudget;
        if !self.interrupted {
            self.devices.end_of_vector();
        }
        stop
    }
}

/// The more notable of two outcomes.
fn worst(a: Stop, b: Stop) -> Stop {
    let rank = |s: Stop| match s {
        Stop::NotRun => 0,
        Stop::Break => 1,
        Stop::OutOfBudget => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}
