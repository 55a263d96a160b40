//! Console device (ports 10–1f): standard output/error and the byte-wise delivery of
//! arguments and standard input (varvara.md §2).

use uxn_core::Uxn;

use crate::output::Output;

/// Port layout of the Console device.
pub(crate) mod port {
    use crate::ports::Short;

    pub const VECTOR: Short = Short(0x10);
    pub const READ: u8 = 0x12;
    pub const TYPE: u8 = 0x17;
    pub const WRITE: u8 = 0x18;
    pub const ERROR: u8 = 0x19;
}

/// What kind of byte Console/read holds (Console/type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Type {
    /// During the reset vector: no arguments were given.
    NoQueue = 0x00,
    /// A byte of standard input; during the reset vector: arguments follow.
    Stdin = 0x01,
    Argument = 0x02,
    /// End of an argument that is not the last one.
    ArgumentSpacer = 0x03,
    /// End of the last argument, or end of standard input.
    End = 0x04,
}

#[derive(Default)]
pub(crate) struct Console {
    /// Latched on a write of the vector's low byte.
    pub vector: u16,
}

impl Console {
    pub fn deo(&mut self, vm: &mut Uxn, port: u8, out: &mut Output) {
        match port {
            p if p == port::VECTOR.lo() => self.vector = port::VECTOR.get(&vm.dev),
            port::WRITE => out.out_byte(vm.dev[port::WRITE as usize]),
            port::ERROR => out.err_byte(vm.dev[port::ERROR as usize]),
            _ => {}
        }
    }

    /// Puts one incoming byte into the device page; returns the vector to run.
    pub fn deliver(&self, dev: &mut [u8; 256], byte: u8, kind: Type) -> u16 {
        dev[port::READ as usize] = byte;
        dev[port::TYPE as usize] = kind as u8;
        self.vector
    }
}

/// The events of the argument protocol (varvara.md §2.1): each byte as an argument
/// byte, then `0a` as a spacer, or as the end marker after the last argument.
pub(crate) fn argument_bytes(args: &[impl AsRef<[u8]>]) -> Vec<(u8, Type)> {
    let mut bytes = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        bytes.extend(arg.as_ref().iter().map(|&b| (b, Type::Argument)));
        let last = i + 1 == args.len();
        bytes.push((
            b'\n',
            if last {
                Type::End
            } else {
                Type::ArgumentSpacer
            },
        ));
    }
    bytes
}

/// Console/type during the reset vector.
pub(crate) fn set_has_args(dev: &mut [u8; 256], has_args: bool) {
    let kind = if has_args { Type::Stdin } else { Type::NoQueue };
    dev[port::TYPE as usize] = kind as u8;
}
