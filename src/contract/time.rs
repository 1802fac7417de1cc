//! RFC 3339 timestamps, shown in the notice's own offset whatever the reader's time zone.
//!
//! A notice published at `2026-02-12T17:29:00+08:00` reads `2026-02-12 17:29` everywhere: the
//! display takes the wall-clock fields as written, never the browser's local time.

use std::cmp::Ordering;
use std::fmt;

/// A parsed RFC 3339 timestamp that keeps the offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Year, 0000–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60 (a leap second is accepted).
    pub second: u8,
    /// The UTC offset in minutes, east positive (`+08:00` is 480).
    pub offset_minutes: i16,
}

/// Why a string is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an RFC 3339 date-time with an offset (e.g. 2026-02-12T17:29:00+08:00): {}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for TimestampError {}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
pub fn is_leap_year(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` of `year`.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = bytes.get(at..at + len)?;
    part.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`, `z` and a space separator are
    /// accepted as RFC 3339 allows.
    pub fn parse(input: &str) -> Result<Self, TimestampError> {
        let fail = |reason| TimestampError {
            input: input.to_string(),
            reason,
        };
        let b = input.as_bytes();
        let year = digits(b, 0, 4).ok_or_else(|| fail("expected a four-digit year"))?;
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(fail("expected YYYY-MM-DD"));
        }
        let month = digits(b, 5, 2).ok_or_else(|| fail("expected a two-digit month"))?;
        let day = digits(b, 8, 2).ok_or_else(|| fail("expected a two-digit day"))?;
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
            return Err(fail("expected `T` between the date and the time"));
        }
        let hour = digits(b, 11, 2).ok_or_else(|| fail("expected a two-digit hour"))?;
        if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
            return Err(fail("expected HH:MM:SS"));
        }
        let minute = digits(b, 14, 2).ok_or_else(|| fail("expected two-digit minutes"))?;
        let second = digits(b, 17, 2).ok_or_else(|| fail("expected two-digit seconds"))?;
        let mut at = 19;
        if b.get(at) == Some(&b'.') {
            at += 1;
            let start = at;
            while b.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            if at == start {
                return Err(fail("expected digits after the decimal point"));
            }
        }
        let offset_minutes: i32 = match b.get(at) {
            Some(b'Z' | b'z') => {
                at += 1;
                0
            }
            Some(sign @ (b'+' | b'-')) => {
                let oh = digits(b, at + 1, 2).ok_or_else(|| fail("expected an offset ±HH:MM"))?;
                if b.get(at + 3) != Some(&b':') {
                    return Err(fail("expected an offset ±HH:MM"));
                }
                let om = digits(b, at + 4, 2).ok_or_else(|| fail("expected an offset ±HH:MM"))?;
                if oh > 23 || om > 59 {
                    return Err(fail("the offset is out of range"));
                }
                at += 6;
                let minutes = (oh * 60 + om) as i32;
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return Err(fail("the offset (Z or ±HH:MM) is missing")),
        };
        if at != b.len() {
            return Err(fail("unexpected text after the offset"));
        }
        if !(1..=12).contains(&month) {
            return Err(fail("the month is out of range"));
        }
        if day < 1 || day > u32::from(days_in_month(year as u16, month as u8)) {
            return Err(fail("the day does not exist in that month"));
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(fail("the time is out of range"));
        }
        Ok(Timestamp {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: hour as u8,
            minute: minute as u8,
            second: second as u8,
            offset_minutes: offset_minutes as i16,
        })
    }

    /// `YYYY-MM-DD HH:MM` in the timestamp's own offset.
    pub fn display_minutes(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }

    /// `YYYY-MM-DD` in the timestamp's own offset.
    pub fn display_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Seconds since 1970-01-01T00:00:00Z: the instant, for ordering across offsets.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// Orders by instant; equal instants written in different offsets order by offset.
    fn cmp(&self, other: &Self) -> Ordering {
        self.unix_seconds()
            .cmp(&other.unix_seconds())
            .then(self.offset_minutes.cmp(&other.offset_minutes))
    }
}

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Shows an RFC 3339 string as `YYYY-MM-DD HH:MM` in its own offset, or the raw text when it does
/// not parse (the data was validated before; this never hides content).
pub fn display_published(value: &str) -> String {
    Timestamp::parse(value)
        .map(|t| t.display_minutes())
        .unwrap_or_else(|_| value.to_string())
}

/// Shows an RFC 3339 string as `YYYY-MM-DD` in its own offset, or the raw text.
pub fn display_date(value: &str) -> String {
    Timestamp::parse(value)
        .map(|t| t.display_date())
        .unwrap_or_else(|_| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_reference_time_in_its_own_offset() {
        assert_eq!(
            display_published("2026-02-12T17:29:00+08:00"),
            "2026-02-12 17:29"
        );
    }

    #[test]
    fn shows_other_offsets_as_written_not_converted() {
        assert_eq!(
            display_published("2026-02-12T04:29:00-05:00"),
            "2026-02-12 04:29"
        );
        assert_eq!(
            display_published("2026-02-12T09:29:00Z"),
            "2026-02-12 09:29"
        );
        assert_eq!(
            display_published("2026-12-31T23:59:59.999+05:45"),
            "2026-12-31 23:59"
        );
        assert_eq!(display_date("2026-01-01T00:10:00+14:00"), "2026-01-01");
    }

    #[test]
    fn instants_compare_across_offsets() {
        let beijing = Timestamp::parse("2026-02-12T17:29:00+08:00").unwrap();
        let utc = Timestamp::parse("2026-02-12T09:29:00Z").unwrap();
        let new_york = Timestamp::parse("2026-02-12T04:29:00-05:00").unwrap();
        assert_eq!(beijing.unix_seconds(), utc.unix_seconds());
        assert_eq!(beijing.unix_seconds(), new_york.unix_seconds());
        assert_eq!(utc.unix_seconds(), 1_770_888_540);
        let later = Timestamp::parse("2026-02-12T17:30:00+08:00").unwrap();
        assert!(later > beijing);
    }

    #[test]
    fn rejects_what_is_not_rfc_3339() {
        for bad in [
            "",
            "2026-02-12",
            "2026-02-12 17:29",
            "2026-02-12T17:29:00",
            "2026-02-12T17:29+08:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-02-12T24:00:00Z",
            "2026-02-12T17:29:00+0800",
            "2026-02-12T17:29:00+08:00 ",
            "2026/02/12T17:29:00Z",
            "二〇二六年二月十二日",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Timestamp::parse("2024-02-29T00:00:00Z").is_ok());
        assert!(Timestamp::parse("2026-02-12t17:29:00z").is_ok());
    }

    #[test]
    fn error_names_the_input() {
        let e = Timestamp::parse("2026-02-30T00:00:00Z").unwrap_err();
        assert!(e.to_string().contains("2026-02-30T00:00:00Z"));
        assert!(e.to_string().contains("does not exist"));
    }

    #[test]
    fn falls_back_to_raw_text() {
        assert_eq!(display_published("yesterday"), "yesterday");
    }
}
