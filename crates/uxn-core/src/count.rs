//! Counting the instructions a vector runs, for the benchmark table (`scripts/bench`).

use crate::{Budget, Device, Stop, Uxn};

impl Uxn {
    /// Runs a vector exactly like [`Uxn::eval`] and also counts the instructions that ran
    /// (the final `BRK`, or the instruction a spent budget stops in front of, is not
    /// counted). It always uses the match engine, whose counter is compiled out of the
    /// ordinary [`Uxn::eval`]; both engines execute the same instructions, so the count
    /// holds for either.
    pub fn eval_counted<D: Device>(
        &mut self,
        device: &mut D,
        pc: u16,
        budget: Budget,
    ) -> (Stop, u64) {
        if pc == 0 || self.dev[0x0f] != 0 {
            return (Stop::NotRun, 0);
        }
        crate::match_engine::run_counted(self, device, pc, budget.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Budget, PlainMemory, Stop, Uxn};

    #[test]
    fn counts_every_instruction_but_the_last_brk() {
        // #01 #02 ADD BRK
        let mut vm = Uxn::new();
        vm.load_rom(&[0x80, 0x01, 0x80, 0x02, 0x18]).unwrap();
        assert_eq!(
            vm.eval_counted(&mut PlainMemory, 0x100, Budget(10)),
            (Stop::Break, 3)
        );
        assert_eq!(vm.wst.live(), &[3]);
    }

    #[test]
    fn a_spent_budget_counts_up_to_the_stopping_jump() {
        // #00 @loop INC !loop: LIT, then INC JMI INC JMI INC, then the third JMI stops.
        let mut vm = Uxn::new();
        vm.load_rom(&[0x80, 0x00, 0x01, 0x40, 0xff, 0xfc]).unwrap();
        assert_eq!(
            vm.eval_counted(&mut PlainMemory, 0x100, Budget(2)),
            (Stop::OutOfBudget, 6)
        );
        assert_eq!(vm.pc, 0x103);
    }

    #[test]
    fn a_vector_that_does_not_run_counts_nothing() {
        let mut vm = Uxn::new();
        assert_eq!(
            vm.eval_counted(&mut PlainMemory, 0, Budget(2)),
            (Stop::NotRun, 0)
        );
    }
}
