//! A notice's life after publication: its validity (有效性), its deadline (截止时间) and its
//! interpretations (解读), and the one function that decides, from a clock, what a reader is shown.
//!
//! The content tool writes the authored state; the browser app and the prerenderer ask
//! [`current_validity`] and [`deadline_passed`] with their own clock, so a notice whose
//! `valid_until` or `deadline` passes shows 已失效 / 已截止 on that day without a rebuild.
//! Dates are compared in the notice's own UTC offset (that of its `published` time).

use serde::de::{Deserialize, Deserializer};
use serde::Serialize;

use crate::contract::time::Timestamp;

/// 有效性: whether a policy document is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// 现行有效.
    Current,
    /// 已修改: amended by a later document, the rest still in force.
    Amended,
    /// 已废止: abolished.
    Abolished,
    /// 已失效: its validity period has ended.
    Expired,
}

impl Validity {
    /// Every state, in the order facets list them.
    pub const ALL: [Validity; 4] = [
        Validity::Current,
        Validity::Amended,
        Validity::Abolished,
        Validity::Expired,
    ];

    /// The value in the data files (`current`, `amended`, `abolished`, `expired`).
    pub fn key(self) -> &'static str {
        match self {
            Validity::Current => "current",
            Validity::Amended => "amended",
            Validity::Abolished => "abolished",
            Validity::Expired => "expired",
        }
    }

    /// The Chinese name authors write in front matter (现行有效 …); also the default label.
    pub fn chinese(self) -> &'static str {
        match self {
            Validity::Current => "现行有效",
            Validity::Amended => "已修改",
            Validity::Abolished => "已废止",
            Validity::Expired => "已失效",
        }
    }

    /// Reads a front matter value: the Chinese name or the data file's key.
    pub fn from_authored(text: &str) -> Option<Validity> {
        authored(&Validity::ALL, text, Validity::key, Validity::chinese)
    }

    /// Whether a reader should be warned that the document is no longer (wholly) in force.
    pub fn is_warning(self) -> bool {
        self != Validity::Current
    }
}

/// The value of `all` whose key or Chinese name is `text` (trimmed).
fn authored<T: Copy>(
    all: &[T],
    text: &str,
    key: fn(T) -> &'static str,
    chinese: fn(T) -> &'static str,
) -> Option<T> {
    let text = text.trim();
    all.iter()
        .copied()
        .find(|&v| key(v) == text || chinese(v) == text)
}

/// Reads an optional value of `all` from its key; a key this version does not know (written by a
/// newer tool) reads as absent, so the notice still shows.
fn lenient<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    all: &[T],
    key: fn(T) -> &'static str,
) -> Result<Option<T>, D::Error> {
    let written = Option::<String>::deserialize(d)?;
    Ok(written.and_then(|k| all.iter().copied().find(|&v| key(v) == k)))
}

/// Reads an optional [`Validity`] from its key; an unknown key reads as absent.
pub fn lenient_validity<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Validity>, D::Error> {
    lenient(d, &Validity::ALL, Validity::key)
}

/// The kind of an interpretation (解读) of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InterpretationKind {
    /// 文字解读.
    Text,
    /// 图解.
    Graphic,
    /// 视频解读.
    Video,
}

impl InterpretationKind {
    /// Every kind.
    pub const ALL: [InterpretationKind; 3] = [
        InterpretationKind::Text,
        InterpretationKind::Graphic,
        InterpretationKind::Video,
    ];

    /// The value in the data files.
    pub fn key(self) -> &'static str {
        match self {
            InterpretationKind::Text => "text",
            InterpretationKind::Graphic => "graphic",
            InterpretationKind::Video => "video",
        }
    }

    /// The Chinese name authors write in front matter; also the label.
    pub fn chinese(self) -> &'static str {
        match self {
            InterpretationKind::Text => "文字解读",
            InterpretationKind::Graphic => "图解",
            InterpretationKind::Video => "视频解读",
        }
    }

    /// Reads a front matter value: the Chinese name or the data file's key.
    pub fn from_authored(text: &str) -> Option<InterpretationKind> {
        authored(
            &InterpretationKind::ALL,
            text,
            InterpretationKind::key,
            InterpretationKind::chinese,
        )
    }
}

/// Reads an optional [`InterpretationKind`]; an unknown value reads as absent.
pub fn lenient_kind<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<InterpretationKind>, D::Error> {
    lenient(d, &InterpretationKind::ALL, InterpretationKind::key)
}

/// Whether `text` is a calendar date `YYYY-MM-DD` that exists.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && Timestamp::parse(&format!("{text}T00:00:00Z")).is_ok()
}

/// The instant (Unix seconds) at which a document valid until the end of `date` (`YYYY-MM-DD`)
/// stops being valid: the next midnight in the offset of `published`. `None` when either does not
/// parse.
pub fn end_of_validity(date: &str, published: &str) -> Option<i64> {
    let offset = Timestamp::parse(published).ok()?.offset_minutes;
    let sign = if offset < 0 { '-' } else { '+' };
    let m = offset.unsigned_abs();
    let start =
        Timestamp::parse(&format!("{date}T00:00:00{sign}{:02}:{:02}", m / 60, m % 60)).ok()?;
    (date.len() == 10).then(|| start.unix_seconds() + 86_400)
}

/// The validity a reader is shown at `now` (Unix seconds): the authored state, or 已失效 once
/// `valid_until` has passed for a document that was in force (or had no state written).
pub fn current_validity(
    authored: Option<Validity>,
    valid_until: Option<&str>,
    published: &str,
    now: i64,
) -> Option<Validity> {
    let ended = valid_until
        .and_then(|d| end_of_validity(d, published))
        .is_some_and(|end| now >= end);
    match authored {
        None | Some(Validity::Current) if ended => Some(Validity::Expired),
        other => other,
    }
}

/// Whether the `deadline` (RFC 3339) has passed at `now` (Unix seconds); `false` when there is
/// none or it does not parse.
pub fn deadline_passed(deadline: Option<&str>, now: i64) -> bool {
    deadline
        .and_then(|d| Timestamp::parse(d).ok())
        .is_some_and(|t| now >= t.unix_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        Timestamp::parse(text).unwrap().unix_seconds()
    }

    #[test]
    fn validity_reads_chinese_or_keys() {
        assert_eq!(Validity::from_authored("已废止"), Some(Validity::Abolished));
        assert_eq!(
            Validity::from_authored(" current "),
            Some(Validity::Current)
        );
        assert_eq!(Validity::from_authored("作废"), None);
        assert_eq!(
            InterpretationKind::from_authored("图解"),
            Some(InterpretationKind::Graphic)
        );
        assert_eq!(InterpretationKind::from_authored("漫画"), None);
    }

    #[test]
    fn valid_until_ends_at_midnight_in_the_notices_offset() {
        let published = "2026-01-22T10:33:00+08:00";
        let until = Some("2027-12-31");
        // 23:59 on the last day in Beijing is still in force; midnight is not.
        let before = at("2027-12-31T23:59:59+08:00");
        let after = at("2028-01-01T00:00:00+08:00");
        assert_eq!(
            current_validity(Some(Validity::Current), until, published, before),
            Some(Validity::Current)
        );
        assert_eq!(
            current_validity(Some(Validity::Current), until, published, after),
            Some(Validity::Expired)
        );
        assert_eq!(
            current_validity(None, until, published, after),
            Some(Validity::Expired)
        );
        assert_eq!(current_validity(None, until, published, before), None);
        // The same instant, read by a reader in New York, still counts in +08:00.
        assert_eq!(after, at("2027-12-31T11:00:00-05:00"));
        // An abolished document stays abolished.
        assert_eq!(
            current_validity(Some(Validity::Abolished), until, published, after),
            Some(Validity::Abolished)
        );
        // A notice written in -05:00 ends at its own midnight.
        let west = "2026-01-22T10:33:00-05:00";
        assert_eq!(
            current_validity(None, until, west, at("2028-01-01T04:59:59Z")),
            None
        );
        assert_eq!(
            current_validity(None, until, west, at("2028-01-01T05:00:00Z")),
            Some(Validity::Expired)
        );
    }

    #[test]
    fn deadlines_pass_at_their_minute() {
        let d = Some("2025-12-18T17:00:00+08:00");
        assert!(!deadline_passed(d, at("2025-12-18T16:59:59+08:00")));
        assert!(deadline_passed(d, at("2025-12-18T09:00:00Z")));
        assert!(!deadline_passed(None, i64::MAX));
        assert!(!deadline_passed(Some("soon"), i64::MAX));
    }

    #[test]
    fn dates_must_exist() {
        assert!(is_date("2027-12-31"));
        assert!(!is_date("2027-02-30"));
        assert!(!is_date("2027-12-31T00:00:00Z"));
    }
}
