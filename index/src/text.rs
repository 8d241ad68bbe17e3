//! Text utilities shared by extraction, matching and the server: word
//! tokenising and the normalisation that makes `ISRs`,
//! `isr` and `ISR` one key.

pub use crate::span::LineIndex;
use crate::span::Span;

/// A word of text: a run of letters and digits (other characters split words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub span: Span,
    pub text: &'a str,
}

/// Splits `text` into words; offsets are relative to `text`.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = iter.by_ref().find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                iter.next();
            } else {
                end = i;
                break;
            }
        }
        Some(Word {
            span: Span::new(start, end),
            text: &text[start..end],
        })
    })
}

/// Normalises one word for matching: lowercase and singular.
pub fn normalize_word(word: &str) -> String {
    // `APIs`, `DLQs`: an acronym plural keeps its acronym. The stem needs a
    // capital (`1990s` is not an acronym plural) and must survive a second
    // pass unchanged, so keys stay idempotent (`ATLASs` falls through).
    if let Some(stem) = word.strip_suffix('s') {
        if stem.len() >= 2
            && stem.chars().any(|c| c.is_ascii_uppercase())
            && stem
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            let lower = stem.to_ascii_lowercase();
            if singularize(&lower) == lower {
                return lower;
            }
        }
    }
    // Lowercasing can add combining marks (`İ` → `i̇`); keep only what
    // `words` would keep, so keys are stable under re-normalisation.
    let lower: String = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    singularize(&lower)
}

/// A conservative English singulariser: enough to fold `replicas`,
/// `tokens`, `queries`, `boxes` onto their singular without mangling
/// `consensus`, `status`, `class` or short acronyms.
pub fn singularize(lower: &str) -> String {
    let n = lower.chars().count();
    if n <= 3 || !lower.is_char_boundary(lower.len() - 1) {
        return lower.to_string();
    }
    const KEEP: [&str; 3] = ["ss", "us", "is"];
    if KEEP.iter().any(|s| lower.ends_with(s)) {
        return lower.to_string();
    }
    if let Some(stem) = lower.strip_suffix("ies") {
        if n > 4 {
            return format!("{stem}y");
        }
    }
    for suffix in ["ches", "shes", "xes", "sses", "zes"] {
        if lower.ends_with(suffix) {
            return lower[..lower.len() - 2].to_string();
        }
    }
    if let Some(stem) = lower.strip_suffix('s') {
        if !stem.ends_with(|c: char| c.is_ascii_digit()) {
            return stem.to_string();
        }
    }
    lower.to_string()
}

/// A light suffix stripper for lowercase, singular words. It only has to be
/// consistent (`linearizable`, `linearizability` → `linearizabl`), since
/// stems are only compared with other stems.
pub fn stem(word: &str) -> String {
    if word.len() <= 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    const RULES: [(&str, &str); 14] = [
        ("ization", "iz"),
        ("isation", "iz"),
        ("ational", "at"),
        ("ability", "abl"),
        ("ibility", "ibl"),
        ("ation", "at"),
        ("ition", "it"),
        ("ction", "ct"),
        ("ship", ""),
        ("ness", ""),
        ("ment", ""),
        ("ably", "abl"),
        ("ing", ""),
        ("ed", ""),
    ];
    let mut s = word.to_string();
    for (suffix, rep) in RULES {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.len() + rep.len() >= 3 {
                s = format!("{base}{rep}");
                // `running` → `run`, `planned` → `plan`.
                if (suffix == "ing" || suffix == "ed") && s.len() > 3 {
                    let b = s.as_bytes();
                    let n = b.len();
                    if b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z') {
                        s.pop();
                    }
                }
            }
            break;
        }
    }
    if s.len() > 4 && s.ends_with('e') {
        s.pop();
    }
    s
}

/// The lookup key of a phrase: its normalised words joined by single spaces.
pub fn phrase_key(phrase: &str) -> String {
    let mut key = String::with_capacity(phrase.len());
    for w in words(phrase) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&normalize_word(w.text));
    }
    key
}

/// True for acronym-like words: two or more letters, mostly uppercase (`ISR`, `KRaft`, `DLQs`).
pub fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
    let second_upper = chars.next().is_some_and(|c| c.is_uppercase());
    letters >= 2 && upper >= 2 && first_upper && (upper * 2 >= letters || second_upper)
}

/// Collapses runs of whitespace to one space and trims.
pub fn squash_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` sentences of `text` (a sentence ends at `.`, `!` or `?` followed by a space).
pub fn first_sentences(text: &str, max: usize) -> &str {
    let mut count = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = bytes.get(i + 1).copied();
            let prev_digit = i > 0 && bytes[i - 1].is_ascii_digit();
            let next_digit = next.is_some_and(|b| b.is_ascii_digit());
            if next.is_none() || (next == Some(b' ') && !(prev_digit && next_digit)) {
                // Skip abbreviations like "e.g." and "i.e." and "vs."
                let before = &text[..i];
                let last = before.rsplit(' ').next().unwrap_or("");
                if matches!(
                    last,
                    "e.g" | "i.e" | "vs" | "etc" | "cf" | "Dr" | "Mr" | "approx"
                ) {
                    continue;
                }
                count += 1;
                if count >= max {
                    return &text[..i + 1];
                }
            }
        }
    }
    text
}

/// Truncates to at most `max` bytes on a char boundary, adding `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &s[..end];
    let cut = cut.rfind(' ').map_or(cut, |i| &cut[..i]);
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation() {
        let w: Vec<_> = words("In-Sync Replicas (ISR)—ok").map(|w| w.text).collect();
        assert_eq!(w, ["In", "Sync", "Replicas", "ISR", "ok"]);
    }

    #[test]
    fn keys_fold_case_and_plural() {
        assert_eq!(phrase_key("Fencing Tokens"), "fencing token");
        assert_eq!(phrase_key("ISRs"), "isr");
        assert_eq!(phrase_key("in-sync replicas"), "in sync replica");
        assert_eq!(phrase_key("consensus"), "consensus");
        assert_eq!(phrase_key("queries"), "query");
        assert_eq!(phrase_key("Offsets"), "offset");
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("ISR"));
        assert!(is_acronym("KRaft"));
        assert!(!is_acronym("Raft"));
        assert!(!is_acronym("A"));
    }

    #[test]
    fn sentences() {
        assert_eq!(
            first_sentences("One e.g. this. Two. Three.", 1),
            "One e.g. this."
        );
        assert_eq!(first_sentences("Costs 2.5 ms. Next.", 1), "Costs 2.5 ms.");
    }
}
