//! Term names: parsing a head such as `ISR (In-Sync Replicas)` into names,
//! and judging whether a phrase reads as a name at all.

use super::words::is_stop_word;
use crate::text::{is_acronym, singularize, words};

/// Parses a term head such as `ISR (In-Sync Replicas)`,
/// `Dead-letter queue (DLQ) / dead-letter topic (DLT) pattern` or
/// `Raft (Ongaro & Ousterhout, 2014)` into names; the first is canonical.
pub(super) fn parse_names(head: &str) -> Option<Vec<String>> {
    let head = head
        .trim()
        .trim_matches(['*', '_', '`', '"', '“', '”'])
        .trim();
    let mut names = Vec::new();
    for part in split_outside_parens(head, " / ") {
        let (base, parens, tail) = split_parens(part);
        let base = strip_article(base.trim());
        if !plausible_name(base) {
            if names.is_empty() {
                return None;
            }
            continue;
        }
        // `Rendezvous (HRW) hashing` is named `Rendezvous hashing`, and also
        // answers to `Rendezvous`.
        let mut group = Vec::new();
        let full = format!("{base} {tail}");
        if !tail.is_empty() && plausible_name(&full) {
            group.push(full);
        }
        group.push(base.to_string());
        for p in parens {
            if acronym_of(p, base) || acronym_of(base, p) {
                group.push(p.trim().to_string());
            }
        }
        names.extend(group);
    }
    (!names.is_empty()).then_some(names)
}

/// Splits at `sep` except inside parentheses: `Raft (Ongaro & Ousterhout)`
/// stays whole, `Sloppy quorum & hinted handoff` splits.
pub(super) fn split_outside_parens<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with('(') {
            depth += 1;
        } else if rest.starts_with(')') {
            depth -= 1;
        } else if depth == 0 && rest.starts_with(sep) {
            parts.push(&s[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    parts.push(&s[start..]);
    parts
}

/// `Name (A) (b, c) tail` → (`Name`, [`A`, `b, c`], `tail`); the tail may be
/// one word at most.
pub(super) fn split_parens(s: &str) -> (&str, Vec<&str>, &str) {
    let Some(open) = s.find('(') else {
        return (s, Vec::new(), "");
    };
    let base = &s[..open];
    let mut parens = Vec::new();
    let mut rest = &s[open..];
    // Outermost groups only: `Sync commit (commitSync())` has one.
    while let Some(start) = rest.find('(') {
        let mut depth = 0usize;
        let mut close = None;
        for (i, c) in rest[start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(start + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            break;
        };
        parens.push(&rest[start + 1..close]);
        rest = &rest[close + 1..];
    }
    // A longer tail means the parenthesis sat mid-phrase, so the head is not
    // a clean term; a tail that is not a word is dropped.
    let tail = rest.trim();
    if tail.split_whitespace().count() > 1 {
        return ("", Vec::new(), "");
    }
    let tail = if tail.chars().all(|c| c.is_alphanumeric() || c == '-') {
        tail
    } else {
        ""
    };
    (base, parens, tail)
}

pub(super) fn strip_article(s: &str) -> &str {
    for a in ["The ", "the ", "A ", "a ", "An ", "an "] {
        if let Some(r) = s.strip_prefix(a) {
            return r;
        }
    }
    s
}

/// A term name: 1–5 words, letters required, no sentence punctuation, no
/// function word at either end.
pub(super) fn plausible_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 50 {
        return false;
    }
    if name.contains([
        ',', ';', '?', '!', '"', '=', '“', '”', '{', '}', '<', '>', '|', '`', '*', '#',
    ]) {
        return false;
    }
    let ws: Vec<&str> = words(name).map(|w| w.text).collect();
    if ws.is_empty() || ws.len() > 5 || name.split_whitespace().count() > 5 {
        return false;
    }
    if ws.iter().all(|w| w.chars().count() < 2) {
        return false;
    }
    if !name.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    // Ends are whitespace tokens, so a hyphenated compound (`At-most-once`,
    // `Per-key ordering`) counts as one word, not as a stop word.
    let token = |t: Option<&str>| {
        t.unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    // `A's total timeout` opens with an article all the same.
    let first = token(name.split_whitespace().next());
    let first = match first.split_once(['\'', '’']) {
        Some((head, _)) => head.to_string(),
        None => first,
    };
    // `Day-of`: a compound ending in a function word is not a name.
    let last = token(name.split_whitespace().next_back());
    let last = last.rsplit('-').next().unwrap_or_default().to_string();
    let stop = |w: &str| is_stop_word(w) || is_stop_word(&singularize(w));
    // `Key metrics:`, `Key gotchas:` are labels, but `Cache key` is a term.
    if stop(&first) || stop(&last) || first == "key" {
        return false;
    }
    if ws
        .last()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    // A lone adverb ("Practically") or a phrase with an article inside
    // ("Start from the working set") reads as prose, not a name.
    if ws.len() == 1 && first.ends_with("ly") {
        return false;
    }
    let spaced: Vec<&str> = name.split_whitespace().collect();
    let inner_article = spaced[1..].iter().any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "the" | "a" | "an" | "this" | "your" | "our" | "my"
        )
    });
    if inner_article {
        return false;
    }
    // Verbs inside a lead-in head mean it is a sentence, not a name.
    !ws.iter().any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "can"
                | "should"
                | "must"
                | "will"
                | "does"
                | "do"
                | "did"
                | "has"
                | "have"
                | "had"
                | "means"
                | "need"
                | "needs"
                | "you"
                | "we"
                | "i"
                | "they"
                | "it"
        )
    })
}

/// Is `short` an acronym of `long`? `ISR` ~ `In-Sync Replicas`, `LSM` ~
/// `Log-Structured Merge tree`, `HW` ~ `High Watermark`.
fn acronym_of(short: &str, long: &str) -> bool {
    let short = short.trim();
    if !is_acronym(short) || short.contains(' ') {
        return false;
    }
    let letters: Vec<char> = short
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let initials: Vec<char> = words(long)
        .filter_map(|w| w.text.chars().next())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if initials.len() < 2 || letters.len() > initials.len() + 1 {
        return false;
    }
    if initials.starts_with(&letters) {
        return true;
    }
    // Trailing plural or extra letter (`DLQs`, `MVCC` from two C-words).
    letters.len() >= 2
        && initials.starts_with(&letters[..letters.len() - 1])
        && letters[letters.len() - 1] == 's'
}

/// `At-most-once`, `One-page cheat sheet`: the first word is a hyphenated
/// compound whose first part is a function word.
pub(super) fn opens_with_function_word(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    match first.split_once('-') {
        Some((head, _)) => is_stop_word(&head.to_lowercase()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_aliases() {
        assert_eq!(
            parse_names("ISR (In-Sync Replicas)").unwrap(),
            ["ISR", "In-Sync Replicas"]
        );
        assert_eq!(
            parse_names("Log-Structured Merge tree (LSM)").unwrap(),
            ["Log-Structured Merge tree", "LSM"]
        );
        assert_eq!(
            parse_names("Raft (Ongaro & Ousterhout, 2014)").unwrap(),
            ["Raft"]
        );
        assert_eq!(
            parse_names("Dead-letter queue (DLQ) / dead-letter topic (DLT) pattern").unwrap(),
            [
                "Dead-letter queue",
                "DLQ",
                "dead-letter topic pattern",
                "dead-letter topic",
                "DLT"
            ]
        );
        // `/` inside a parenthesis does not split; a one-word tail joins the name.
        assert_eq!(
            parse_names("Linearizable (a.k.a. strong / atomic)").unwrap(),
            ["Linearizable"]
        );
        assert_eq!(
            parse_names("Rendezvous (HRW) hashing").unwrap(),
            ["Rendezvous hashing", "Rendezvous"]
        );
        assert_eq!(
            parse_names("Sync flush (flushSync())").unwrap(),
            ["Sync flush"]
        );
        // Hyphenated compounds are one word at the ends of a name.
        assert_eq!(parse_names("At-most-once").unwrap(), ["At-most-once"]);
        assert!(parse_names("Day-of").is_none());
        assert!(parse_names("A's budget").is_none());
        assert!(parse_names("Fix").is_none());
        assert!(parse_names("Why this matters").is_none());
        assert!(parse_names("R + W > N").is_none());
    }

    #[test]
    fn ampersands_split_outside_parens() {
        assert_eq!(
            split_outside_parens("Sloppy quorum & hinted handoff", " & "),
            ["Sloppy quorum", "hinted handoff"]
        );
        assert_eq!(
            split_outside_parens("Raft (Ongaro & Ousterhout, 2014)", " & "),
            ["Raft (Ongaro & Ousterhout, 2014)"]
        );
    }

    #[test]
    fn acronyms_match_initials() {
        assert!(acronym_of("HW", "High Watermark"));
        assert!(acronym_of("DLQs", "Dead-letter queues"));
        assert!(!acronym_of("KIP-101", "Leader Epoch"));
        assert!(!acronym_of("Raft", "Replicated log"));
    }
}
