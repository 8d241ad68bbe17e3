//! The review clock: the system time, or `GLOSS_NOW` so tests can travel
//! in time. Times are written as RFC 3339 in UTC, to the second.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};

use super::ReviewError;

pub const NOW_VAR: &str = "GLOSS_NOW";

/// Now, or the `GLOSS_NOW` override (an RFC 3339 time).
pub fn now() -> Result<DateTime<Utc>, ReviewError> {
    match std::env::var(NOW_VAR) {
        Ok(v) if !v.trim().is_empty() => parse(v.trim()).ok_or_else(|| ReviewError::Invalid {
            what: "GLOSS_NOW time",
            value: v,
            expected: "an RFC 3339 time such as 2026-12-01T09:00:00Z".into(),
        }),
        _ => Ok(Utc::now()),
    }
}

pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses RFC 3339. The form gloss writes (`2026-12-01T09:00:00Z`) takes a
/// fast path, since a long log has one per line.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    fast(s).or_else(|| {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

fn fast(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut n = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + u32::from(c - b'0');
        }
        Some(n)
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let dt = date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some(Utc.from_utc_datetime(&dt))
}

/// The start of `t`'s day (UTC): "today" for new-card limits and stats.
pub fn day_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let d = t.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default();
    Utc.from_utc_datetime(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_paths_alike() {
        let a = parse("2026-12-01T09:00:00Z").unwrap();
        let b = parse("2026-12-01T10:00:00+01:00").unwrap();
        assert_eq!(a, b);
        assert_eq!(format(a), "2026-12-01T09:00:00Z");
        assert!(parse("2026-13-01T09:00:00Z").is_none());
        assert!(parse("yesterday").is_none());
    }
}
