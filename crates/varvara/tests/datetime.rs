//! Datetime device: every field from a fixed clock, and plausible local time.

mod common;

use common::Harness;
use varvara::{Clock, Config, DateTime, Kind, Varvara};

#[test]
fn verified_fixed_moment() {
    for kind in [Kind::Gui, Kind::Console] {
        let mut h = Harness::load(kind, "tests/datetime/read.tal");
        h.vm.boot();
        let expected = [
            0x07, 0xea, 0x0a, 0x16, 0x02, 0x27, 0x0c, 0x00, 0x01, 0x45, 0x00,
        ];
        assert_eq!(h.ram_slice(0, 11), expected);
        assert_eq!(h.ram_short(0x10), 2026);
    }
}

#[test]
fn first_day_of_a_year() {
    let mut h = Harness::configured(Kind::Console, |config| {
        config.clock = Clock::Fixed("2024-01-01T00:00:00".parse().unwrap());
    });
    h.vm.load(&common::assemble("tests/datetime/read.tal"), false)
        .unwrap();
    h.vm.boot();
    // Monday 1 January: month 0, day 1, weekday 1, day of year 0.
    assert_eq!(h.ram_slice(0, 11), [0x07, 0xe8, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
}

#[test]
fn parsing() {
    let t: DateTime = "2026-11-22T02:39:12".parse().unwrap();
    assert_eq!(
        t,
        DateTime {
            year: 2026,
            month: 11,
            day: 22,
            hour: 2,
            minute: 39,
            second: 12
        }
    );
    assert!("2026-02-30T00:00:00".parse::<DateTime>().is_err());
    assert!("2026-11-22 02:39:12".parse::<DateTime>().is_err());
}

#[test]
fn local_clock_reads_the_host_time() {
    let mut config = Config::console();
    config.stdout = Box::new(std::io::sink());
    let mut vm = Varvara::new(config);
    vm.load(&common::assemble("tests/datetime/read.tal"), false)
        .unwrap();
    vm.boot();
    let ram = &vm.uxn().ram;
    let year = u16::from_be_bytes([ram[0], ram[1]]);
    assert!((2024..2200).contains(&year), "year {year}");
    assert!(ram[2] < 12 && (1..=31).contains(&ram[3]) && ram[4] < 24 && ram[5] < 60);
    assert!(ram[6] <= 60 && ram[7] < 7 && u16::from_be_bytes([ram[8], ram[9]]) < 366);
    assert!(ram[10] <= 1, "isdst");
}
