use crate::Uxn;

/// The door between the CPU and the outside world: every `DEI` and `DEO` goes through it.
///
/// The CPU stores a written byte in [`Uxn::dev`] *before* calling [`Device::deo`], so a
/// handler reads the new value from there. Before calling [`Device::dei`] it has already
/// taken the stack slot the byte will fill (Varvara 79K), so a handler that answers with a
/// stack pointer counts that slot. `DEI2`/`DEO2` are two single-port calls, high port
/// first. Handlers may read and change RAM, the expansion banks, the device page and the
/// stack pointers; the engines pick those changes up when the call returns.
pub trait Device {
    /// Value read by `DEI` from `port`. Ports without a handler read the device page.
    fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        vm.dev[port as usize]
    }

    /// Called by `DEO` after the byte was stored at `vm.dev[port]`.
    fn deo(&mut self, vm: &mut Uxn, port: u8) {
        let _ = (vm, port);
    }
}

/// A device page with no handlers at all: every port is plain memory.
#[derive(Clone, Copy, Debug, Default)]
pub struct PlainMemory;

impl Device for PlainMemory {}
