//! Dates as authors write them: RFC 3339, or `YYYY-MM-DD HH:MM` in the site's UTC offset.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::contract::time::Timestamp;

/// A publication time: the instant, and the RFC 3339 text the data files carry, in the offset it
/// was written in (`2026-02-12T17:29:00+08:00`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The parsed time.
    pub timestamp: Timestamp,
    /// `YYYY-MM-DDTHH:MM:SS` and the offset (`Z` when written as `Z`).
    pub text: String,
}

/// Parses a UTC offset as written in `site.toml`: `+08:00`, `-05:00`, `Z` or `UTC`. Returns
/// minutes east of UTC.
pub fn parse_offset(text: &str) -> Option<i16> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
    let b = t.as_bytes();
    if b.len() != 6 || !matches!(b[0], b'+' | b'-') || b[3] != b':' {
        return None;
    }
    let two = |i: usize| -> Option<i16> {
        let (x, y) = (b[i], b[i + 1]);
        (x.is_ascii_digit() && y.is_ascii_digit())
            .then(|| i16::from(x - b'0') * 10 + i16::from(y - b'0'))
    };
    let (h, m) = (two(1)?, two(4)?);
    if h > 23 || m > 59 {
        return None;
    }
    let minutes = h * 60 + m;
    Some(if b[0] == b'-' { -minutes } else { minutes })
}

/// `+08:00`, `-05:00`; `+00:00` for UTC.
pub fn format_offset(minutes: i16) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The RFC 3339 text of `t`, in its own offset, without fractions.
pub fn format_timestamp(t: &Timestamp, zulu: bool) -> String {
    let offset = if zulu && t.offset_minutes == 0 {
        "Z".to_string()
    } else {
        format_offset(t.offset_minutes)
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{offset}",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// Whether `text` is `YYYY-MM-DD` followed by a space or `T` and `HH:MM` or `HH:MM:SS`, with no
/// offset.
fn is_local_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let date = (0..4).all(digit)
        && b.get(4) == Some(&b'-')
        && digit(5)
        && digit(6)
        && b.get(7) == Some(&b'-')
        && digit(8)
        && digit(9);
    let sep = matches!(b.get(10), Some(b' ' | b'T' | b't'));
    let hm = digit(11) && digit(12) && b.get(13) == Some(&b':') && digit(14) && digit(15);
    let rest = &b[b.len().min(16)..];
    let secs = rest.is_empty()
        || (rest.len() == 3
            && rest[0] == b':'
            && rest[1].is_ascii_digit()
            && rest[2].is_ascii_digit());
    date && sep && hm && secs
}

/// Parses a front matter date: RFC 3339 with an offset (kept as written), or `YYYY-MM-DD HH:MM`
/// (also with `T` or seconds) taken in the site's offset `site_offset` (minutes east of UTC).
pub fn parse_date(text: &str, site_offset: i16) -> Result<Published, String> {
    let text = text.trim();
    let hint = || {
        format!(
            "write RFC 3339 (e.g. 2026-02-12T17:29:00{offset}) or `YYYY-MM-DD HH:MM` in the site's offset {offset}",
            offset = format_offset(site_offset)
        )
    };
    if is_local_date_time(text) {
        let mut full = text.to_string();
        if full.len() == 16 {
            full.push_str(":00");
        }
        full.push_str(&format_offset(site_offset));
        return match Timestamp::parse(&full) {
            Ok(t) => Ok(Published {
                text: format_timestamp(&t, false),
                timestamp: t,
            }),
            Err(e) => Err(format!("`{text}` is not a valid date: {}", e.reason)),
        };
    }
    let bytes = text.as_bytes();
    if bytes.len() == 10 && Timestamp::parse(&format!("{text}T00:00:00Z")).is_ok() {
        return Err(format!(
            "`{text}` has no time: write `{text} HH:MM` (in the site's offset {}) or RFC 3339",
            format_offset(site_offset)
        ));
    }
    match Timestamp::parse(text) {
        Ok(t) => {
            let zulu = text.ends_with(['Z', 'z']);
            Ok(Published {
                text: format_timestamp(&t, zulu),
                timestamp: t,
            })
        }
        Err(e) => Err(format!("`{text}` is not a date ({}): {}", e.reason, hint())),
    }
}

/// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The wall-clock time at `unix_seconds` in the offset `offset_minutes`.
pub fn timestamp_at(unix_seconds: i64, offset_minutes: i16) -> Timestamp {
    let local = unix_seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Timestamp {
        year: year.clamp(0, 9999) as u16,
        month,
        day,
        hour: (secs / 3600) as u8,
        minute: (secs % 3600 / 60) as u8,
        second: (secs % 60) as u8,
        offset_minutes,
    }
}

/// Now, in the offset `offset_minutes`, to the second.
pub fn now_in(offset_minutes: i16) -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    timestamp_at(secs, offset_minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+08:00"), Some(480));
        assert_eq!(parse_offset("-05:30"), Some(-330));
        assert_eq!(parse_offset("Z"), Some(0));
        assert_eq!(parse_offset("UTC"), Some(0));
        for bad in ["+8:00", "+0800", "08:00", "+24:00", "+08:60", ""] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
        assert_eq!(format_offset(480), "+08:00");
        assert_eq!(format_offset(-330), "-05:30");
        assert_eq!(format_offset(0), "+00:00");
    }

    #[test]
    fn local_times_take_the_site_offset() {
        let p = parse_date("2026-02-12 17:29", 480).unwrap();
        assert_eq!(p.text, "2026-02-12T17:29:00+08:00");
        assert_eq!(
            parse_date("2026-02-12T17:29:30", -300).unwrap().text,
            "2026-02-12T17:29:30-05:00"
        );
        assert_eq!(
            parse_date("2026-02-12 17:29", 480)
                .unwrap()
                .timestamp
                .unix_seconds(),
            Timestamp::parse("2026-02-12T09:29:00Z")
                .unwrap()
                .unix_seconds()
        );
    }

    #[test]
    fn rfc_3339_keeps_its_own_offset() {
        assert_eq!(
            parse_date("2026-02-12T04:29:00-05:00", 480).unwrap().text,
            "2026-02-12T04:29:00-05:00"
        );
        assert_eq!(
            parse_date("2026-02-12t09:29:00.250z", 480).unwrap().text,
            "2026-02-12T09:29:00Z"
        );
        assert_eq!(
            parse_date("2026-02-12 17:29:00+08:00", 0).unwrap().text,
            "2026-02-12T17:29:00+08:00"
        );
    }

    #[test]
    fn rejects_with_reasons() {
        let e = parse_date("2026-02-30 10:00", 480).unwrap_err();
        assert!(e.contains("does not exist"), "{e}");
        let e = parse_date("2026-02-12", 480).unwrap_err();
        assert!(e.contains("has no time"), "{e}");
        let e = parse_date("下周一", 480).unwrap_err();
        assert!(e.contains("is not a date"), "{e}");
        assert!(parse_date("2026-02-12 7:29", 480).is_err());
        assert!(parse_date("2026-02-12T17:29:00+0800", 480).is_err());
    }

    #[test]
    fn civil_dates_round_trip() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2026-03-01T00:00:00Z",
            "2000-12-31T12:00:00Z",
        ] {
            let t = Timestamp::parse(s).unwrap();
            assert_eq!(timestamp_at(t.unix_seconds(), 0), t, "{s}");
        }
        let t = timestamp_at(1_770_888_540, 480);
        assert_eq!(format_timestamp(&t, false), "2026-02-12T17:29:00+08:00");
    }
}
