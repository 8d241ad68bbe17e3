//! Sentence boundaries in markdown prose, aware of code spans (`max.in.flight`),
//! decimals (`2.5 ms`) and common abbreviations (`e.g.`, `vs.`).

use crate::model::Span;

/// Abbreviations that end with a period but not a sentence.
const ABBREVIATIONS: [&str; 9] = ["e.g", "i.e", "vs", "etc", "cf", "approx", "Dr", "Mr", "eg"];

/// Sentence spans of `text` (relative to it), trimmed, in order.
pub(crate) fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        if c == '`' {
            in_code = !in_code;
            continue;
        }
        if in_code || !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // A boundary is the mark followed by whitespace (or the end), then
        // something that can open a sentence.
        let after = i + c.len_utf8();
        let rest = &text[after..];
        let trimmed = rest.trim_start();
        if !trimmed.is_empty() && trimmed.len() == rest.len() {
            continue;
        }
        let opens = trimmed.chars().next().is_none_or(|n| {
            n.is_uppercase()
                || n.is_ascii_digit()
                || matches!(n, '`' | '(' | '"' | '“' | '*' | '_' | '[' | '-')
        });
        if !opens {
            continue;
        }
        if c == '.' {
            let before = &text[start..i];
            let last = before.rsplit([' ', '(', '\n']).next().unwrap_or("");
            if ABBREVIATIONS.contains(&last) {
                continue;
            }
            let prev_digit = i > 0 && bytes[i - 1].is_ascii_digit();
            let next_digit = trimmed.starts_with(|d: char| d.is_ascii_digit());
            if prev_digit && next_digit && trimmed.len() == rest.len() {
                continue;
            }
        }
        push(text, start, after, &mut out);
        start = after;
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    if !body.is_empty() {
        out.push(Span::new(start + lead, start + lead + body.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn splits_on_sentence_ends_only() {
        assert_eq!(
            split("Set `wal.sync.mode` first. It costs 2.5 ms, e.g. on disks. (2) Next one!"),
            [
                "Set `wal.sync.mode` first.",
                "It costs 2.5 ms, e.g. on disks.",
                "(2) Next one!"
            ]
        );
        assert_eq!(
            split("one line without a stop"),
            ["one line without a stop"]
        );
        assert_eq!(split("   "), Vec::<&str>::new());
        assert_eq!(split("Ends at v1. then lower"), ["Ends at v1. then lower"]);
    }
}
