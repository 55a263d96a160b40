//! `JCI`, `JMI` and `JSI` whose operand starts at `ffff` take its second byte from `0000`
//! (16-bit wrap, uxn.md §6.1 and §8), never from the first expansion bank, on both engines.

mod common;

use common::TestDevice;
use uxn_core::{Backend, Budget, Stop, Uxn};

/// Runs the immediate jump `op` at `fffe` with `condition` on the working stack. Its
/// operand is `00` at `ffff` and `10` at `0000`, so the jump goes to `0001 + 0010`, where
/// `LIT 42 BRK` waits. Falling through runs `LIT 77 BRK` at `0001`. Had the second byte
/// come from bank 1 (`20`), the jump would reach `LIT 99 BRK` at `0021`.
fn run(op: u8, condition: u8, backend: Backend) -> Box<Uxn> {
    let mut vm = Uxn::new();
    vm.set_backend(backend);
    vm.ram[0xfffe] = op;
    vm.ram[0xffff] = 0x00;
    vm.ram[0x0000] = 0x10;
    vm.ram[0x0001..0x0004].copy_from_slice(&[0x80, 0x77, 0x00]);
    vm.ram[0x0011..0x0014].copy_from_slice(&[0x80, 0x42, 0x00]);
    vm.ram[0x0021..0x0024].copy_from_slice(&[0x80, 0x99, 0x00]);
    assert!(vm.set_bank_byte(1, 0x0000, 0x20));
    vm.wst.push(condition);
    let stop = vm.eval(&mut TestDevice::default(), 0xfffe, Budget(10));
    assert_eq!(stop, Stop::Break, "{backend} opcode {op:02x}");
    vm
}

#[test]
fn the_operand_wraps_to_the_start_of_memory() {
    for backend in [Backend::TailCall, Backend::Match] {
        let jci = run(0x20, 0x01, backend);
        assert_eq!(jci.wst.live(), [0x42], "{backend} JCI taken");
        let jci = run(0x20, 0x00, backend);
        assert_eq!(jci.wst.live(), [0x77], "{backend} JCI not taken");
        let jmi = run(0x40, 0x05, backend);
        assert_eq!(jmi.wst.live(), [0x05, 0x42], "{backend} JMI");
        let jsi = run(0x60, 0x05, backend);
        assert_eq!(jsi.wst.live(), [0x05, 0x42], "{backend} JSI");
        assert_eq!(
            jsi.rst.live(),
            [0x00, 0x01],
            "{backend} JSI returns to 0001"
        );
    }
}
