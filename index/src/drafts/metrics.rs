//! Numbers and quantities as one key however they are written, so an
//! anchor's metrics match a draft that states them in other words:
//! `10k`, `10K`, `10,000`, `ten thousand` → `10k`; `72h`, `72-hour`,
//! `three-day`, `3 days` → `3d`; `30s`, `half a minute` → `30s`;
//! `a month`, `30 days` → `30d`; `2M` → `2m` (million).
//!
//! Durations are reduced to the largest whole unit (days, hours, minutes,
//! seconds, milliseconds), so equal spans compare equal.

use crate::text::Word;

/// A number read from one or more words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// Canonical key (`10k`, `3d`, `99.9`, `p99`).
    pub key: String,
    /// Words consumed.
    pub len: usize,
    /// A bare number below 10 (no unit): only meaningful with the next word.
    pub small: bool,
}

/// Reads a number (with its unit, if any) starting at `ws[i]`, or `None`.
pub(crate) fn read(text: &str, ws: &[Word<'_>], i: usize) -> Option<Quantity> {
    let w = ws.get(i)?;
    if w.text.chars().any(|c| c.is_ascii_digit()) {
        return Some(read_digits(text, ws, i));
    }
    // Only words that can start a spelled number are worth a closer look.
    let first = w.text.as_bytes().first()?.to_ascii_lowercase();
    if !b"abdefhmnost".contains(&first) || w.text.len() > 9 {
        return None;
    }
    read_spelled(text, ws, i)
}

/// `10,000`, `99.9`, `72h`, `10k`, `2M`, `8 ms`, `72-hour`.
fn read_digits(text: &str, ws: &[Word<'_>], i: usize) -> Quantity {
    let w = &ws[i];
    let raw = w.text;
    let mut len = 1;
    let digits_end = raw
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(raw.len(), |(j, _)| j);
    let (num, suffix) = raw.split_at(digits_end);
    if num.is_empty() {
        // `p99`, `v2`, `s3`: an identifier, kept whole.
        return Quantity {
            key: raw.to_lowercase(),
            len,
            small: false,
        };
    }
    let mut int = num.to_string();
    let mut frac = String::new();
    let mut suffix = suffix.to_string();
    let mut end = w.span.end;
    if suffix.is_empty() {
        // `10,000`: thousands groups join the number.
        while text.as_bytes().get(end) == Some(&b',') {
            match ws.get(i + len) {
                Some(n)
                    if n.span.start == end + 1
                        && n.text.len() == 3
                        && n.text.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    int.push_str(n.text);
                    end = n.span.end;
                    len += 1;
                }
                _ => break,
            }
        }
        // `99.9`, `1.5h`: a decimal part.
        if text.as_bytes().get(end) == Some(&b'.') {
            if let Some(n) = ws.get(i + len) {
                let d_end = n
                    .text
                    .char_indices()
                    .find(|(_, c)| !c.is_ascii_digit())
                    .map_or(n.text.len(), |(j, _)| j);
                if n.span.start == end + 1 && d_end > 0 {
                    frac = n.text[..d_end].to_string();
                    suffix = n.text[d_end..].to_string();
                    end = n.span.end;
                    len += 1;
                }
            }
        }
    }
    let Ok(mut value) = format!("{int}.{frac}0").parse::<f64>() else {
        return Quantity {
            key: raw.to_lowercase(),
            len,
            small: false,
        };
    };
    let mut scaled = false;
    match suffix.as_str() {
        "" => {}
        "k" | "K" => {
            value *= 1e3;
            scaled = true;
        }
        // Upper-case `M` is a million; lower-case `m` is minutes.
        "M" | "mn" => {
            value *= 1e6;
            scaled = true;
        }
        "B" | "bn" => {
            value *= 1e9;
            scaled = true;
        }
        s => {
            if let Some(secs) = unit_seconds(&s.to_lowercase()) {
                return duration(value * secs, len);
            }
            // `3x`: a factor.
            if s == "x" {
                return plain(value, len);
            }
            // `2PC`, `4xx`, `60fps`: a name, kept whole.
            return Quantity {
                key: raw.to_lowercase(),
                len,
                small: false,
            };
        }
    }
    // A unit word after the number: `8 ms`, `72-hour`, `3 days`.
    if let Some(n) = ws.get(i + len) {
        let gap = text.get(end..n.span.start).unwrap_or("");
        if matches!(gap, " " | "-" | "\u{a0}") {
            if let Some(secs) = unit_seconds(&n.text.to_lowercase()) {
                return duration(value * secs, len + 1);
            }
            // `10 thousand`, `2 million`.
            if let Some(scale) = scale_word(&n.text.to_lowercase()) {
                return plain(value * scale, len + 1);
            }
            if let Some(q) = nines(value, &n.text.to_lowercase(), len + 1) {
                return q;
            }
        }
    }
    let mut q = plain(value, len);
    if scaled {
        q.small = false;
    }
    q
}

/// `ten thousand`, `twenty-five`, `two hundred and fifty`, `a dozen`,
/// `three-day`, `half a minute`, `a month`.
fn read_spelled(text: &str, ws: &[Word<'_>], i: usize) -> Option<Quantity> {
    let lower = |k: usize| ws.get(k).map(|w| w.text.to_lowercase());
    let first = lower(i)?;
    let adjacent = |k: usize| -> bool {
        match (ws.get(k - 1), ws.get(k)) {
            (Some(a), Some(b)) => {
                matches!(
                    text.get(a.span.end..b.span.start),
                    Some(" " | "-" | "\u{a0}")
                )
            }
            _ => false,
        }
    };
    // `half a minute`, `half an hour`, `half a dozen`.
    if first == "half" && matches!(lower(i + 1).as_deref(), Some("a" | "an")) && adjacent(i + 1) {
        let unit = lower(i + 2)?;
        if unit == "dozen" {
            return adjacent(i + 2).then(|| plain(6.0, 3));
        }
        let secs = unit_seconds(&unit)?;
        return adjacent(i + 2).then(|| duration(secs / 2.0, 3));
    }
    let mut k = i;
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut any = false;
    // `a thousand`, `a dozen`; `for a month` (but `ten thousand a day`
    // and `once a month` are rates).
    if matches!(first.as_str(), "a" | "an") {
        let next = lower(i + 1)?;
        if !adjacent(i + 1) {
            return None;
        }
        if let Some(secs) = unit_seconds_word(&next) {
            let prev = i.checked_sub(1).and_then(lower).unwrap_or_default();
            return SPAN_PREPOSITIONS
                .contains(&prev.as_str())
                .then(|| duration(secs, 2));
        }
        if scale_word(&next).is_none() && next != "dozen" {
            return None;
        }
        current = 1.0;
        k += 1;
    }
    while let Some(w) = lower(k) {
        if k > i && !adjacent(k) {
            break;
        }
        if let Some(v) = small_word(&w) {
            // `one` alone is a pronoun; it counts only before a scale or unit.
            if w == "one" && !any {
                let next = lower(k + 1).unwrap_or_default();
                if scale_word(&next).is_none() && unit_seconds_word(&next).is_none() {
                    return None;
                }
            }
            current += v;
        } else if w == "dozen" {
            current = current.max(1.0) * 12.0;
        } else if w == "hundred" {
            current = current.max(1.0) * 100.0;
        } else if let Some(scale) = scale_word(&w) {
            total += current.max(1.0) * scale;
            current = 0.0;
        } else if w == "and" && any && lower(k + 1).as_deref().and_then(small_word).is_some() {
            // `two hundred and fifty`
        } else {
            break;
        }
        any = true;
        k += 1;
    }
    if !any {
        return None;
    }
    let value = total + current;
    let len = k - i;
    // `three-day`, `ten minutes`, `three nines`.
    if let Some(unit) = lower(k) {
        if adjacent(k) {
            if let Some(secs) = unit_seconds_word(&unit) {
                return Some(duration(value * secs, len + 1));
            }
            if let Some(q) = nines(value, &unit, len + 1) {
                return Some(q);
            }
        }
    }
    Some(plain(value, len))
}

/// `three nines` of availability is 99.9 (as in `99.9%`), `5 nines` 99.999.
fn nines(count: f64, unit: &str, len: usize) -> Option<Quantity> {
    if unit != "nines" || !(2.0..=6.0).contains(&count) || count.fract() != 0.0 {
        return None;
    }
    let digits = count as usize;
    let key = format!("99.{}", "9".repeat(digits - 2));
    Some(Quantity {
        key: key.trim_end_matches('.').to_string(),
        len,
        small: false,
    })
}

/// Words before `a day`, `a month` that make it a span of time.
const SPAN_PREPOSITIONS: &[&str] = &[
    "for", "over", "within", "after", "in", "about", "around", "than", "under", "nearly", "almost",
    "roughly", "only", "just", "past", "took", "lasted", "of",
];

fn small_word(w: &str) -> Option<f64> {
    // `zero downtime` reads as a word, as the guides write it.
    if w == "zero" {
        return None;
    }
    const WORDS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = WORDS.iter().position(|x| *x == w) {
        return Some(n as f64);
    }
    TENS.iter()
        .position(|x| *x == w)
        .map(|n| (n as f64 + 2.0) * 10.0)
}

fn scale_word(w: &str) -> Option<f64> {
    match w {
        "thousand" => Some(1e3),
        "million" | "millions" => Some(1e6),
        "billion" | "billions" => Some(1e9),
        _ => None,
    }
}

/// Seconds in a unit written after a number (`h`, `ms`, `days`, `wk`).
fn unit_seconds(u: &str) -> Option<f64> {
    match u {
        "ms" | "msec" | "msecs" => Some(1e-3),
        "s" | "sec" | "secs" => Some(1.0),
        "m" | "min" | "mins" => Some(60.0),
        "h" | "hr" | "hrs" => Some(3600.0),
        "d" => Some(86400.0),
        "w" | "wk" | "wks" => Some(7.0 * 86400.0),
        "mo" | "mos" => Some(30.0 * 86400.0),
        // Twelve months, so `half a year` = `6 months` and `a year` = `12 months`.
        "y" | "yr" | "yrs" => Some(360.0 * 86400.0),
        _ => unit_seconds_word(u),
    }
}

/// Seconds in a spelled-out unit (`day`, `hours`, `millisecond`).
fn unit_seconds_word(u: &str) -> Option<f64> {
    let u = u.strip_suffix('s').unwrap_or(u);
    match u {
        "millisecond" => Some(1e-3),
        "second" => Some(1.0),
        "minute" => Some(60.0),
        "hour" => Some(3600.0),
        "day" => Some(86400.0),
        "week" => Some(7.0 * 86400.0),
        "month" => Some(30.0 * 86400.0),
        "year" => Some(360.0 * 86400.0),
        _ => None,
    }
}

/// A span of time, in the largest unit that divides it.
fn duration(secs: f64, len: usize) -> Quantity {
    let ms = (secs * 1000.0).round();
    let key = if ms <= 0.0 {
        "0s".to_string()
    } else {
        let ms = ms as u64;
        [
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "min"),
            (1000, "s"),
            (1, "ms"),
        ]
        .iter()
        .find(|(unit, _)| ms.is_multiple_of(*unit))
        .map_or(format!("{ms}ms"), |(unit, name)| {
            format!("{}{name}", ms / unit)
        })
    };
    Quantity {
        key,
        len,
        small: false,
    }
}

/// A plain number: `10k` for whole thousands below a million, `2m` for
/// whole millions, else the digits (`99.9`).
fn plain(value: f64, len: usize) -> Quantity {
    let key = if value.fract() != 0.0 {
        let s = format!("{value:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        let v = value as u64;
        if v >= 1_000_000 && v.is_multiple_of(1_000_000) {
            format!("{}m", v / 1_000_000)
        } else if v >= 1000 && v.is_multiple_of(1000) {
            format!("{}k", v / 1000)
        } else {
            v.to_string()
        }
    };
    Quantity {
        key,
        len,
        small: value < 10.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    /// Keys of every number in `text`.
    fn keys(text: &str) -> Vec<String> {
        let ws: Vec<Word> = words(text).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            match read(text, &ws, i) {
                Some(q) => {
                    out.push(q.key);
                    i += q.len;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn counts_in_any_spelling() {
        for t in [
            "10k",
            "10K",
            "10,000",
            "10000",
            "ten thousand",
            "10 thousand",
        ] {
            assert_eq!(keys(t), ["10k"], "{t}");
        }
        assert_eq!(keys("twenty-five"), ["25"]);
        assert_eq!(keys("two hundred and fifty"), ["250"]);
        assert_eq!(keys("a dozen"), ["12"]);
        assert_eq!(keys("2M rows"), ["2m"]);
        assert_eq!(keys("two million rows"), ["2m"]);
        assert_eq!(keys("99.9% up"), ["99.9"]);
        assert_eq!(keys("three nines"), ["99.9"]);
        assert_eq!(keys("5 nines"), ["99.999"]);
        assert_eq!(keys("p99 and v2"), ["p99", "v2"]);
        assert_eq!(keys("one of them"), Vec::<String>::new());
        assert_eq!(keys("six teams"), ["6"]);
    }

    #[test]
    fn durations_reduce_to_one_unit() {
        for t in ["72h", "72 hours", "72-hour", "three-day", "3 days", "3d"] {
            assert_eq!(keys(t), ["3d"], "{t}");
        }
        assert_eq!(keys("30s → 2s"), ["30s", "2s"]);
        assert_eq!(keys("half a minute"), ["30s"]);
        assert_eq!(keys("for a month"), ["30d"]);
        assert_eq!(keys("30 days"), ["30d"]);
        assert_eq!(keys("half a year"), keys("6 months"));
        assert_eq!(keys("for a year"), keys("12 months"));
        assert_eq!(keys("half a dozen teams"), keys("6 teams"));
        assert_eq!(keys("8 ms"), ["8ms"]);
        assert_eq!(keys("1.5h"), ["90min"]);
        assert_eq!(keys("5m TTL"), ["5min"]);
    }

    #[test]
    fn a_rate_is_not_a_span() {
        assert_eq!(keys("ten thousand a day"), ["10k"]);
        assert_eq!(keys("once a month"), Vec::<String>::new());
        assert_eq!(keys("2PC and 4xx"), ["2pc", "4xx"]);
        assert_eq!(keys("10k/day"), ["10k"]);
    }

    #[test]
    fn small_numbers_are_flagged() {
        let ws: Vec<Word> = words("6 teams").collect();
        assert!(read("6 teams", &ws, 0).is_some_and(|q| q.small));
        let ws: Vec<Word> = words("3 days").collect();
        assert!(read("3 days", &ws, 0).is_some_and(|q| !q.small));
    }
}
