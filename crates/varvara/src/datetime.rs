//! Datetime device (ports c0–cf): read-only view of the clock (varvara.md §8).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use uxn_core::Uxn;

use crate::config::Clock;

/// Port layout of the Datetime device. Every port up to `ISDST` is computed on read.
pub(crate) mod port {
    use crate::ports::Short;

    pub const YEAR: Short = Short(0xc0);
    pub const MONTH: u8 = 0xc2;
    pub const DAY: u8 = 0xc3;
    pub const HOUR: u8 = 0xc4;
    pub const MINUTE: u8 = 0xc5;
    pub const SECOND: u8 = 0xc6;
    pub const DOTW: u8 = 0xc7;
    pub const DOTY: Short = Short(0xc8);
    pub const ISDST: u8 = 0xca;
}

/// A calendar moment without time zone, e.g. for [`Clock::Fixed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    pub year: u16,
    /// 1–12 (the device itself reports 0–11).
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// A text that is not a `YYYY-MM-DDTHH:MM:SS` moment with a year in 0–65535.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateTimeError(String);

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date and time like 2026-01-02T03:04:05",
            self.0
        )
    }
}

impl std::error::Error for ParseDateTimeError {}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    /// Parses `2026-01-02T03:04:05`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ParseDateTimeError(s.to_owned());
        let t = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").map_err(|_| error())?;
        Ok(DateTime {
            year: u16::try_from(t.year()).map_err(|_| error())?,
            month: t.month() as u8,
            day: t.day() as u8,
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
        })
    }
}

/// Every field the device reports, already in device units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fields {
    year: u16,
    month0: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    dotw: u8,
    doty0: u16,
    isdst: u8,
}

impl Fields {
    fn fixed(t: &DateTime) -> Fields {
        // Weekday and day of year come from the calendar; a moment built by hand with
        // an impossible date still reads back its own fields, with 0 for the derived ones.
        let date = NaiveDate::from_ymd_opt(t.year as i32, t.month as u32, t.day as u32);
        Fields {
            year: t.year,
            month0: t.month.wrapping_sub(1),
            day: t.day,
            hour: t.hour,
            minute: t.minute,
            second: t.second,
            dotw: date.map_or(0, |d| d.weekday().num_days_from_sunday() as u8),
            doty0: date.map_or(0, |d| d.ordinal0() as u16),
            isdst: 0,
        }
    }

    fn local() -> Fields {
        let now = Local::now();
        Fields {
            year: now.year().clamp(0, u16::MAX as i32) as u16,
            month0: now.month0() as u8,
            day: now.day() as u8,
            hour: now.hour() as u8,
            minute: now.minute() as u8,
            // chrono folds a leap second into the nanoseconds; the reference's 60 only
            // appears with such a second.
            second: (now.second() + u32::from(now.nanosecond() >= 1_000_000_000)) as u8,
            dotw: now.weekday().num_days_from_sunday() as u8,
            doty0: now.ordinal0() as u16,
            isdst: local_is_dst(now.year(), now.offset().fix().local_minus_utc()),
        }
    }
}

/// Daylight saving is in effect when the current UTC offset is larger than the smaller
/// of the offsets in January and July, which is the zone's standard time in either
/// hemisphere. Zones without daylight saving have equal offsets and read `00`.
fn local_is_dst(year: i32, offset: i32) -> u8 {
    let offset_at = |month| {
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|t| Local.offset_from_utc_datetime(&t).fix().local_minus_utc())
    };
    match (offset_at(1), offset_at(7)) {
        (Some(jan), Some(jul)) => u8::from(offset > jan.min(jul)),
        _ => 0,
    }
}

pub(crate) struct Datetime {
    clock: Clock,
}

impl Datetime {
    pub fn new(clock: Clock) -> Datetime {
        Datetime { clock }
    }

    /// Reads one field, computed anew for every access as in the reference.
    pub fn dei(&mut self, vm: &mut Uxn, port: u8) -> u8 {
        let fields = || match &self.clock {
            Clock::Local => Fields::local(),
            Clock::Fixed(t) => Fields::fixed(t),
        };
        match port {
            p if port::YEAR.contains(p) => port::YEAR.byte_of(p, fields().year),
            port::MONTH => fields().month0,
            port::DAY => fields().day,
            port::HOUR => fields().hour,
            port::MINUTE => fields().minute,
            port::SECOND => fields().second,
            port::DOTW => fields().dotw,
            p if port::DOTY.contains(p) => port::DOTY.byte_of(p, fields().doty0),
            port::ISDST => fields().isdst,
            _ => vm.dev[port as usize],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_garbage() {
        assert!("2026-13-01T00:00:00".parse::<DateTime>().is_err());
        assert!("yesterday".parse::<DateTime>().is_err());
        assert!("70000-01-01T00:00:00".parse::<DateTime>().is_err());
    }

    #[test]
    fn impossible_fixed_date_does_not_panic() {
        let t = DateTime {
            year: 2026,
            month: 0,
            day: 40,
            hour: 99,
            minute: 0,
            second: 0,
        };
        let f = Fields::fixed(&t);
        assert_eq!(
            (f.month0, f.day, f.hour, f.dotw, f.doty0),
            (0xff, 40, 99, 0, 0)
        );
    }

    #[test]
    fn local_time_is_plausible() {
        let f = Fields::local();
        assert!(f.month0 < 12 && (1..=31).contains(&f.day) && f.dotw < 7 && f.doty0 < 366);
        assert!(f.isdst <= 1);
    }
}
