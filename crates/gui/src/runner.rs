//! Runs the machine on the event loop's thread without ever freezing the window.
//!
//! Every vector gets a modest step budget ([`STEP_BUDGET`]). A vector that uses it up
//! is not abandoned: the runner is *busy*, and on the next loop iteration it continues
//! that vector before it delivers any further input or frame. Input waits in a queue,
//! which is also how a quick key tap stays visible to the ROM for one frame
//! (emulator.md §6.1 step 5).
//!
//! Unlike the reference, which abandons a vector after 2³¹ instructions, a vector is
//! never abandoned: a ROM stuck in a loop shows "busy" in the title and can still be
//! rebooted (F4) or quit (F3). While paused, input is kept in the queue and delivered
//! on resuming.

use std::collections::VecDeque;
use std::path::PathBuf;

use varvara::{Budget, Config, Event, RomError, Stop, Varvara};

use crate::launcher;

/// Units of budget per call (one unit per taken jump, see [`Budget`]). Measured on this
/// project's 2-core machine with the tail-call engine: a loop of 3 instructions per
/// jump uses it up in about 10 ms, one of 13 instructions in about 30 ms (the match
/// engine is 3–4 times slower). Stopping costs nothing, so a short slice keeps the
/// window responsive however long a vector runs.
pub const STEP_BUDGET: Budget = Budget(1 << 20);

/// Continues the vector that ran out of budget.
fn resume(vm: &mut Varvara) -> Stop {
    vm.resume()
}

enum Work {
    Event(Event),
    /// Command-line arguments for the Console, delivered right after the reset vector.
    Args(Vec<Vec<u8>>),
}

pub struct Runner {
    vm: Varvara,
    queue: VecDeque<Work>,
    busy: bool,
    paused: bool,
    /// The launcher is running: watch its request port.
    launcher: bool,
    launch: Option<PathBuf>,
    /// Console bytes that left the queue so far (delivered or dropped), so that the
    /// stdin reader can stay a bounded distance ahead.
    console_done: u64,
}

impl Runner {
    pub fn new(backend: varvara::Backend, budget: Budget) -> Runner {
        let config = Config {
            backend,
            budget,
            ..Config::gui()
        };
        Runner {
            vm: Varvara::new(config),
            queue: VecDeque::new(),
            busy: false,
            paused: false,
            launcher: false,
            launch: None,
            console_done: 0,
        }
    }

    /// Puts a fresh machine in place with `rom`, runs its reset vector and queues the
    /// arguments. A refused ROM leaves the running one as it was.
    pub fn start(
        &mut self,
        rom: &[u8],
        args: Vec<Vec<u8>>,
        is_launcher: bool,
    ) -> Result<(), RomError> {
        self.vm.load(rom, !args.is_empty())?;
        // Standard input belongs to the machine that was running: a new ROM starts
        // without it, as it would when started from the command line.
        let dropped = self.queue.iter().filter(|w| is_console(w)).count();
        self.console_done += dropped as u64;
        self.queue.clear();
        self.busy = false;
        self.launcher = is_launcher;
        self.launch = None;
        if !args.is_empty() {
            self.queue.push_front(Work::Args(args));
        }
        let stop = self.vm.boot();
        self.after(stop);
        Ok(())
    }

    /// Queues one input. Successive pointer moves are merged: only the latest position
    /// matters, and it keeps the queue short while the machine is paused or busy.
    pub fn push(&mut self, event: Event) {
        if let (Event::MouseMove { .. }, Some(Work::Event(Event::MouseMove { .. }))) =
            (event, self.queue.back())
        {
            self.queue.pop_back();
        }
        self.queue.push_back(Work::Event(event));
    }

    /// One loop iteration's worth of work: finish a busy vector, then deliver queued
    /// input until the queue is empty, the machine is busy again or has stopped, or a
    /// button pressed in this iteration is about to be released.
    pub fn run_pending(&mut self) {
        if !self.can_run() {
            return;
        }
        if self.busy {
            self.busy = false;
            let stop = resume(&mut self.vm);
            self.after(stop);
        }
        let mut pressed_now = 0u8;
        while self.can_run() && !self.busy && self.launch.is_none() {
            let Some(work) = self.queue.front() else {
                break;
            };
            if let Work::Event(Event::ButtonUp(mask)) = work
                && mask & pressed_now != 0
            {
                break;
            }
            let stop = match self.queue.pop_front() {
                Some(Work::Event(event)) => {
                    if matches!(event, Event::ConsoleByte(_) | Event::ConsoleEnd) {
                        self.console_done += 1;
                    }
                    if let Event::ButtonDown(mask) = event {
                        pressed_now |= mask;
                    }
                    self.vm.handle(event)
                }
                Some(Work::Args(args)) => self.vm.send_args(&args),
                None => break,
            };
            self.after(stop);
        }
    }

    /// The 60 Hz tick, unless paused, busy or stopped.
    pub fn frame(&mut self) {
        if self.can_run() && !self.busy && self.launch.is_none() {
            let stop = self.vm.frame();
            self.after(stop);
        }
    }

    /// F4 / F5. The arguments are not delivered again (emulator.md §11).
    pub fn reboot(&mut self, soft: bool) {
        self.queue.retain(is_console);
        self.busy = false;
        let stop = self.vm.reboot(soft);
        self.after(stop);
    }

    fn after(&mut self, stop: Stop) {
        self.busy = stop == Stop::OutOfBudget;
        if self.launcher && self.launch.is_none() {
            self.launch = launcher::take_request(self.vm.uxn_mut());
        }
    }

    fn can_run(&self) -> bool {
        !self.paused && self.vm.exit_code().is_none()
    }

    /// The file the launcher asked to open.
    pub fn take_launch(&mut self) -> Option<PathBuf> {
        self.launch.take()
    }

    pub fn busy(&self) -> bool {
        self.busy
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    /// Work is waiting for the next iteration.
    #[cfg(test)]
    pub fn has_pending(&self) -> bool {
        self.busy || !self.queue.is_empty()
    }

    /// How many Console events have left the queue since the start.
    pub fn console_done(&self) -> u64 {
        self.console_done
    }

    pub fn exit_code(&self) -> Option<i32> {
        self.vm.exit_code()
    }

    pub fn vm(&mut self) -> &mut Varvara {
        &mut self.vm
    }
}

fn is_console(work: &Work) -> bool {
    matches!(work, Work::Event(Event::ConsoleByte(_) | Event::ConsoleEnd))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(src: &str) -> Runner {
        runner_with(src, STEP_BUDGET)
    }

    fn runner_with(src: &str, budget: Budget) -> Runner {
        let rom = uxn_asm::assemble(src.as_bytes(), "t.tal").unwrap().rom;
        let mut r = Runner::new(varvara::Backend::TailCall, budget);
        r.start(&rom, Vec::new(), false).unwrap();
        r
    }

    /// A Controller vector that counts its calls at 0000 and keeps the last button
    /// byte at 0001.
    const COUNTER: &str = "|80 @Controller &vector $2 &button $1 \
        |0100 ;on-button .Controller/vector DEO2 BRK \
        @on-button #00 LDZ INC #00 STZ .Controller/button DEI #01 STZ BRK";

    #[test]
    fn a_tap_is_seen_for_one_iteration() {
        let mut r = runner(COUNTER);
        r.push(Event::ButtonDown(0x01));
        r.push(Event::ButtonUp(0x01));
        r.run_pending();
        assert_eq!(r.vm().uxn().ram[0], 1);
        assert_eq!(
            r.vm().uxn().ram[1],
            0x01,
            "still held after the first iteration"
        );
        assert!(r.has_pending());
        r.run_pending();
        assert_eq!(r.vm().uxn().ram[0], 2);
        assert_eq!(r.vm().uxn().ram[1], 0x00);
        assert!(!r.has_pending());
    }

    #[test]
    fn other_releases_do_not_wait() {
        let mut r = runner(COUNTER);
        r.push(Event::ButtonDown(0x01));
        r.push(Event::ButtonUp(0x10));
        r.push(Event::Key(b'a'));
        r.run_pending();
        assert_eq!(r.vm().uxn().ram[0], 3);
    }

    #[test]
    fn pointer_moves_are_merged() {
        let mut r = runner("|0100 #01 POP BRK");
        r.set_paused(true);
        for x in 0..100 {
            r.push(Event::MouseMove { x, y: 0 });
        }
        r.push(Event::MouseDown(1));
        r.push(Event::MouseMove { x: 7, y: 7 });
        assert_eq!(r.queue.len(), 3);
        r.run_pending();
        assert_eq!(r.queue.len(), 3, "paused: nothing delivered");
        r.set_paused(false);
        r.run_pending();
        assert!(r.queue.is_empty());
    }

    #[test]
    fn console_bytes_are_counted_when_delivered_or_dropped() {
        let mut r = runner("|0100 #01 POP BRK");
        for b in *b"abc" {
            r.push(Event::ConsoleByte(b));
        }
        r.push(Event::ConsoleEnd);
        r.set_paused(true);
        r.run_pending();
        assert_eq!(r.console_done(), 0);
        r.set_paused(false);
        r.run_pending();
        assert_eq!(r.console_done(), 4);
        r.push(Event::ConsoleByte(b'x'));
        r.push(Event::MouseDown(1));
        let rom = uxn_asm::assemble(b"|0100 #02 POP BRK", "t.tal")
            .unwrap()
            .rom;
        r.start(&rom, Vec::new(), false).unwrap();
        assert_eq!(r.console_done(), 5);
    }

    #[test]
    fn a_halted_machine_runs_nothing_more() {
        let mut r = runner(
            "|80 @Controller &vector $2 |0100 ;on .Controller/vector DEO2 BRK \
             @on #00 LDZ INC #00 STZ #81 #0f DEO BRK",
        );
        r.push(Event::ButtonDown(1));
        r.push(Event::ButtonDown(2));
        r.run_pending();
        assert_eq!(r.vm().uxn().ram[0], 1);
        assert_eq!(r.exit_code(), Some(1));
    }

    #[test]
    fn a_long_reset_vector_continues_over_several_iterations() {
        // 16 × 256 loop turns against a budget of 1000 jumps: each iteration resumes
        // the reset vector where it stopped.
        let mut r = runner_with(
            "|0100 #00 &outer #00 &inner INC DUP ?&inner POP INC DUP #10 NEQ ?&outer \
             POP #01 #00 STZ BRK",
            Budget(1000),
        );
        assert!(r.busy());
        let mut iterations = 1;
        while r.busy() && iterations < 1000 {
            r.run_pending();
            iterations += 1;
        }
        assert!(!r.busy());
        assert!(iterations > 1, "needed more than one budget");
        assert_eq!(r.vm().uxn().ram[0], 1, "the vector ran to its end");
    }
}
