//! The step budget: runaway vectors stop, at the same place on both engines, and can be
//! resumed from there.

mod common;

use common::TestDevice;
use uxn_core::{Backend, Budget, Stop, Uxn};

fn machine(backend: Backend, rom: &[u8]) -> Box<Uxn> {
    let mut vm = Uxn::new();
    vm.set_backend(backend);
    vm.load_rom(rom).unwrap();
    vm
}

#[test]
fn an_endless_loop_runs_out_of_budget_before_the_jump() {
    for backend in Backend::ALL {
        // #00 @loop INC !loop
        let mut vm = machine(backend, &[0x80, 0x00, 0x01, 0x40, 0xff, 0xfc]);
        let stop = vm.eval(&mut TestDevice::default(), 0x100, Budget(1000));
        assert_eq!(stop, Stop::OutOfBudget, "{backend}");
        // 1000 jumps were paid for, so INC ran 1001 times; the stop is in front of the jump.
        assert_eq!(vm.wst.live(), &[(1001u32 % 256) as u8], "{backend}");
        assert_eq!(vm.pc, 0x103, "{backend}");
    }
}

#[test]
fn a_stopped_vector_resumes_where_it_stopped() {
    for backend in Backend::ALL {
        // #00 @loop INC DUP #20 NEQ ?loop BRK
        let rom = [0x80, 0x00, 0x01, 0x06, 0x80, 0x20, 0x09, 0x20, 0xff, 0xf8];
        let mut vm = machine(backend, &rom);
        let mut dev = TestDevice::default();
        let mut stops = 0;
        let mut pc = 0x100;
        loop {
            match vm.eval(&mut dev, pc, Budget(3)) {
                Stop::OutOfBudget => {
                    stops += 1;
                    pc = vm.pc;
                }
                Stop::Break => break,
                Stop::NotRun => panic!("{backend}: not run"),
            }
        }
        assert_eq!(vm.wst.live(), &[0x20], "{backend}");
        // 31 taken jumps, 3 per call: stopped 10 times before finishing.
        assert_eq!(stops, 10, "{backend}");
    }
}

#[test]
fn straight_code_that_wraps_around_memory_is_charged_too() {
    for backend in Backend::ALL {
        // Memory full of INC (01) and no jump at all: the program runs off ffff forever.
        let mut vm = Uxn::new();
        vm.set_backend(backend);
        vm.ram.fill(0x01);
        let stop = vm.eval(&mut TestDevice::default(), 0x100, Budget(5));
        assert_eq!(stop, Stop::OutOfBudget, "{backend}");
        assert_eq!(vm.pc, 0xffff, "{backend}");
        // 0100..fffe, then five laps from ffff round to fffe: the sixth arrival at ffff
        // finds the budget spent. INC on the empty stack keeps counting in dat[ff].
        let incs = 0xfeffu32 + 5 * 0x10000;
        assert_eq!(
            (vm.wst.ptr, vm.wst.dat[0xff]),
            (0, (incs % 256) as u8),
            "{backend}"
        );
    }
}

#[test]
fn vector_zero_and_a_halted_machine_do_not_run() {
    for backend in Backend::ALL {
        let mut vm = machine(backend, &[0x80, 0x01]);
        let mut dev = TestDevice::default();
        assert_eq!(vm.eval(&mut dev, 0, Budget(10)), Stop::NotRun);
        vm.dev[0x0f] = 0x80;
        assert_eq!(vm.eval(&mut dev, 0x100, Budget(10)), Stop::NotRun);
        assert_eq!(vm.wst.ptr, 0, "{backend}");
    }
}

#[test]
fn writing_the_state_port_does_not_stop_the_running_vector() {
    for backend in Backend::ALL {
        // #01 #0f DEO #aa  (vector 121)
        let mut vm = machine(backend, &[0x80, 0x01, 0x80, 0x0f, 0x17, 0x80, 0xaa]);
        assert_eq!(
            vm.eval(&mut TestDevice::default(), 0x100, Budget(10)),
            Stop::Break
        );
        assert_eq!(vm.wst.live(), &[0xaa]);
        assert!(vm.halted());
    }
}
