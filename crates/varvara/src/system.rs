//! System device (ports 00–0f): memory expansion, stack pointers, metadata, palette,
//! debug dump and the halt flag (varvara.md §1).

use std::fmt::Write as _;

use uxn_core::{BANK_COUNT, Stack, Uxn};

use crate::output::Output;

/// Port layout of the System device.
pub(crate) mod port {
    use crate::ports::Short;

    /// Address of an expansion command block; the command runs on the low byte.
    pub const EXPANSION: Short = Short(0x02);
    pub const WST: u8 = 0x04;
    pub const RST: u8 = 0x05;
    /// Address of the metadata block; remembered on the low byte.
    pub const METADATA: Short = Short(0x06);
    pub const RED: Short = Short(0x08);
    pub const GREEN: Short = Short(0x0a);
    pub const BLUE: Short = Short(0x0c);
    pub const DEBUG: u8 = 0x0e;
    /// Plain memory the host polls: non-zero asks the machine to stop.
    pub const STATE: u8 = 0x0f;
}

/// Host-side state of the System device.
#[derive(Default)]
pub(crate) struct System {
    /// Last address written to System/metadata (0 = none).
    pub metadata: u16,
}

impl System {
    /// The CPU has taken the result's stack slot before asking, so a stack pointer read
    /// here counts it (Varvara 79K, varvara.md §1.2).
    pub fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        match port {
            port::WST => vm.wst.ptr,
            port::RST => vm.rst.ptr,
            _ => vm.dev[port as usize],
        }
    }

    /// Handles a write. Colour ports are left to the caller, which owns the screen.
    pub fn deo(&mut self, vm: &mut Uxn, port: u8, out: &mut Output) {
        match port {
            p if p == port::EXPANSION.lo() => {
                let address = port::EXPANSION.get(&vm.dev);
                if let Err(op) = expansion(vm, address) {
                    out.err_text(&format!("Unknown command: {op:02x}\n"));
                }
            }
            port::WST => vm.wst.ptr = vm.dev[port::WST as usize],
            port::RST => vm.rst.ptr = vm.dev[port::RST as usize],
            p if p == port::METADATA.lo() => self.metadata = port::METADATA.get(&vm.dev),
            // Varvara 79K: only a value with bit 0 set prints (the 2025 reference printed
            // on any write); the other bits are left to debuggers (varvara.md §1.5).
            port::DEBUG if vm.dev[port::DEBUG as usize] & 1 != 0 => out.err_text(&debug_dump(vm)),
            _ => {}
        }
    }

    /// The application name from the metadata block (varvara.md §1.3): the text after a
    /// leading `00` version byte up to the first `00` or newline, at most 255 bytes.
    pub fn title(&self, vm: &Uxn) -> Option<String> {
        let start = self.metadata;
        if start == 0 || vm.ram[start as usize] != 0 {
            return None;
        }
        let name: Vec<u8> = (1..=255u16)
            .map(|i| vm.ram[start.wrapping_add(i) as usize])
            .take_while(|&b| b != 0 && b != b'\n')
            .collect();
        (!name.is_empty()).then(|| String::from_utf8_lossy(&name).into_owned())
    }
}

/// Whether `port` is one of the six colour bytes.
pub(crate) fn is_colour_port(port: u8) -> bool {
    port::RED.contains(port) || port::GREEN.contains(port) || port::BLUE.contains(port)
}

/// The four colours (0x00RRGGBB) held by the colour ports: colour `i` is made of the
/// `i`-th nibble, counted from the most significant, of red, green and blue.
pub(crate) fn palette(dev: &[u8; 256]) -> [u32; 4] {
    let (r, g, b) = (
        port::RED.get(dev),
        port::GREEN.get(dev),
        port::BLUE.get(dev),
    );
    let nibble = |short: u16, i: usize| ((short >> (12 - 4 * i)) & 0xf) as u32 * 0x11;
    std::array::from_fn(|i| nibble(r, i) << 16 | nibble(g, i) << 8 | nibble(b, i))
}

/// Runs the expansion command block at `address` in RAM; an unknown opcode is returned.
fn expansion(vm: &mut Uxn, address: u16) -> Result<(), u8> {
    let byte = |i: u16| vm.ram[address.wrapping_add(i) as usize];
    let short = |i: u16| u16::from_be_bytes([byte(i), byte(i + 1)]);
    let (op, length) = (byte(0), short(1));
    match op {
        0x00 => {
            let (bank, addr, value) = (short(3) as usize, short(5), byte(7));
            if bank < BANK_COUNT {
                for i in 0..within_bank(length, &[addr]) {
                    vm.set_bank_byte(bank, addr + i, value);
                }
            }
        }
        0x01 | 0x02 => {
            let (src_bank, src) = (short(3) as usize, short(5));
            let (dst_bank, dst) = (short(7) as usize, short(9));
            if src_bank >= BANK_COUNT || dst_bank >= BANK_COUNT {
                return Ok(());
            }
            // One byte at a time, ascending for cpyl and descending for cpyr, so
            // overlapping copies smear exactly as in the reference.
            let mut copy = |i: u16| {
                let v = vm.bank_byte(src_bank, src + i).unwrap_or(0);
                vm.set_bank_byte(dst_bank, dst + i, v);
            };
            let length = within_bank(length, &[src, dst]);
            if op == 0x01 {
                (0..length).for_each(&mut copy);
            } else {
                (0..length).rev().for_each(&mut copy);
            }
        }
        _ => return Err(op),
    }
    Ok(())
}

/// Varvara 79K: an expansion command stops at the end of the bank instead of wrapping to
/// `0000` (the 2025 reference wrapped), so its length is cut to what fits after each of
/// the addresses it touches (varvara.md §1.1).
fn within_bank(length: u16, starts: &[u16]) -> u16 {
    starts
        .iter()
        .map(|&start| (0x1_0000 - u32::from(start)).min(u32::from(length)) as u16)
        .min()
        .unwrap_or(length)
}

/// Both stacks in the reference's debug format, e.g.
/// `WST 00 00 00 00 00 00|12 34 <02` then the same line for `RST`.
pub(crate) fn debug_dump(vm: &Uxn) -> String {
    let mut text = String::with_capacity(64);
    for (name, stack) in [("WST", &vm.wst), ("RST", &vm.rst)] {
        stack_line(&mut text, name, stack);
    }
    text
}

fn stack_line(text: &mut String, name: &str, stack: &Stack) {
    text.push_str(name);
    text.push(' ');
    for k in (1..=8u8).rev() {
        let i = stack.ptr.wrapping_sub(k);
        // The bar marks the physical wrap point between dat[ff] and dat[00].
        let sep = if i == 0xff { '|' } else { ' ' };
        let _ = write!(text, "{:02x}{sep}", stack.dat[i as usize]);
    }
    let _ = writeln!(text, "<{:02x}", stack.ptr);
}

/// The exit status a halt request stands for, if there is one.
pub(crate) fn exit_code(dev: &[u8; 256]) -> Option<i32> {
    let state = dev[port::STATE as usize];
    (state != 0).then_some((state & 0x7f) as i32)
}

/// Writes the halt flag as the host does for F3.
pub(crate) fn set_state(dev: &mut [u8; 256], state: u8) {
    dev[port::STATE as usize] = state;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::Short;

    #[test]
    fn palette_from_nibbles() {
        let mut dev = [0u8; 256];
        Short(0x08).set(&mut dev, 0xf07f);
        Short(0x0a).set(&mut dev, 0xf0d6);
        Short(0x0c).set(&mut dev, 0xf0b2);
        assert_eq!(palette(&dev), [0xffffff, 0x000000, 0x77ddbb, 0xff6622]);
    }

    #[test]
    fn dump_format() {
        let mut vm = Uxn::new();
        assert_eq!(
            debug_dump(&vm),
            "WST 00 00 00 00 00 00 00 00|<00\nRST 00 00 00 00 00 00 00 00|<00\n"
        );
        vm.wst.push(0x12);
        vm.wst.push(0x34);
        assert!(debug_dump(&vm).starts_with("WST 00 00 00 00 00 00|12 34 <02\n"));
    }
}
