//! Concept keys of a text: the draft-analysis word keys (stems, canonical
//! numbers), guide terms as one key per term (so `ISR` and `in-sync
//! replicas` meet), the parts of `CamelCase` identifiers, and joined word
//! pairs (`in sync` → `insync`). Negation is dropped: a point is an idea,
//! and saying it does not hold still speaks of it.

use std::collections::HashMap;

use super::super::lex::{is_stop, tokens};
use crate::model::TermId;
use crate::terms::TermMatcher;
use crate::text::{normalize_word, stem, words};

/// Negating prefixes and particles that tokens keep as words.
const NEGATION: [&str; 4] = ["non", "un", "nobody", "nothing"];

/// Key of a guide term.
pub(crate) fn term_key(id: TermId) -> String {
    format!("#t{id}")
}

/// One concept of a text and how firmly the text states it.
#[derive(Debug, Clone)]
pub(crate) struct Concept {
    pub key: String,
    /// Byte offset in the text.
    pub start: usize,
    /// 1 for a word or term; less for a part of a word or a joined pair.
    pub strength: f32,
    /// Inside a term occurrence (the term key stands for it).
    pub in_term: bool,
    /// A word written as one identifier whose parts are concepts too
    /// (`NotEnoughReplicasException`).
    pub compound: bool,
    /// A part of such an identifier.
    pub part: bool,
}

/// Concepts of `text`, in order (term keys at the term's start).
pub(crate) fn concepts(text: &str, matcher: &TermMatcher) -> Vec<Concept> {
    let terms = matcher.scan(text);
    let inside = |at: usize| terms.iter().any(|m| m.span.start <= at && at < m.span.end);
    let toks = tokens(text);
    let mut out: Vec<Concept> = Vec::new();
    // `3 replicas` and `three replicas`: a small count means something
    // only with the word it counts.
    for w in toks.windows(2) {
        let (n, next) = (&w[0], &w[1]);
        let gap = text
            .get(n.start..next.start)
            .map(|g| g.trim_start_matches(char::is_alphanumeric));
        if n.small_number
            && !next.numeric
            && gap.is_some_and(|g| g.len() <= 2 && g.chars().all(|c| c == ' ' || c == '-'))
        {
            out.push(Concept {
                key: format!("{}{}", n.key, next.key),
                start: n.start,
                strength: 1.0,
                in_term: false,
                compound: false,
                part: false,
            });
        }
    }
    out.extend(
        toks.into_iter()
            .filter(|t| !t.small_number && !NEGATION.contains(&t.key.as_str()))
            .map(|t| Concept {
                in_term: inside(t.start),
                key: t.key,
                start: t.start,
                strength: 1.0,
                compound: false,
                part: false,
            }),
    );
    for m in &terms {
        out.push(Concept {
            key: term_key(m.term),
            start: m.span.start,
            strength: 1.0,
            in_term: false,
            compound: false,
            part: false,
        });
    }
    let ws: Vec<_> = words(text).collect();
    for (i, w) in ws.iter().enumerate() {
        // `NotEnoughReplicasException` → not, enough, replicas, exception.
        let parts = camel_parts(w.text);
        if parts.len() > 1 {
            let mut split = false;
            for p in parts {
                if let Some(k) = word_key(p) {
                    split = true;
                    out.push(Concept {
                        key: k,
                        start: w.span.start,
                        strength: 0.8,
                        in_term: inside(w.span.start),
                        compound: false,
                        part: true,
                    });
                }
            }
            if split {
                for c in out
                    .iter_mut()
                    .filter(|c| c.start == w.span.start && !c.part && !c.key.starts_with('#'))
                {
                    c.compound = true;
                }
            }
        }
        // `in sync` / `in-sync` ↔ `insync`, `round robin` ↔ `roundrobin`.
        if let Some(n) = ws.get(i + 1) {
            let gap = text.get(w.span.end..n.span.start).unwrap_or(" ");
            if gap.len() <= 1 && gap.chars().all(|c| c == ' ' || c == '-') {
                let joined = format!("{}{}", w.text, n.text);
                if let Some(k) = word_key(&joined) {
                    out.push(Concept {
                        key: k,
                        start: w.span.start,
                        strength: 0.8,
                        in_term: false,
                        compound: false,
                        part: false,
                    });
                }
            }
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

fn word_key(w: &str) -> Option<String> {
    if w.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let k = stem(&normalize_word(w));
    (k.chars().count() >= 3 && !is_stop(&k) && !NEGATION.contains(&k.as_str())).then_some(k)
}

/// `NotEnoughReplicas` → `Not`, `Enough`, `Replicas`; `HTTPServer` → `HTTP`, `Server`.
fn camel_parts(w: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut cuts = vec![0];
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        let prev = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_lowercase());
        if c.is_uppercase() && (prev.is_lowercase() || (prev.is_uppercase() && next_lower)) {
            cuts.push(at);
        }
    }
    cuts.push(w.len());
    cuts.windows(2).map(|c| &w[c[0]..c[1]]).collect()
}

/// The concept keys of a text with their strongest statement.
pub(crate) fn key_strengths(cs: &[Concept]) -> HashMap<&str, f32> {
    let mut m: HashMap<&str, f32> = HashMap::new();
    for c in cs {
        let e = m.entry(c.key.as_str()).or_insert(0.0);
        *e = e.max(c.strength);
    }
    m
}

/// How well draft key `d` stands for point key `p`: 1 when equal, less for
/// a shared stem prefix (`writ` / `writabl`, `random` / `randomiz`).
pub(crate) fn key_match(p: &str, d: &str) -> f32 {
    if p == d {
        return 1.0;
    }
    if p.starts_with('#') || d.starts_with('#') {
        return 0.0;
    }
    let (short, long) = if p.len() <= d.len() { (p, d) } else { (d, p) };
    if short.len() >= 4
        && long.starts_with(short)
        && short.len() * 2 >= long.len()
        && !short.bytes().any(|b| b.is_ascii_digit())
    {
        0.7
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_parts() {
        assert_eq!(
            camel_parts("NotEnoughReplicasException"),
            ["Not", "Enough", "Replicas", "Exception"]
        );
        assert_eq!(camel_parts("HTTPServer"), ["HTTP", "Server"]);
        assert_eq!(camel_parts("plain"), ["plain"]);
    }

    #[test]
    fn fuzzy_keys() {
        assert_eq!(key_match("writ", "writabl"), 0.7);
        assert_eq!(key_match("random", "randomiz"), 0.7);
        assert_eq!(key_match("log", "logarithm"), 0.0);
        assert_eq!(key_match("#t1", "#t1"), 1.0);
        assert_eq!(key_match("#t1", "#t12"), 0.0);
    }

    #[test]
    fn joined_pairs_and_negation() {
        let m = TermMatcher::default();
        let keys: Vec<String> = concepts("in-sync replicas, non-idempotent", &m)
            .into_iter()
            .map(|c| c.key)
            .collect();
        assert!(keys.contains(&"insync".to_string()), "{keys:?}");
        assert!(!keys.contains(&"non".to_string()), "{keys:?}");
        assert!(keys.contains(&"idempotent".to_string()), "{keys:?}");
    }
}
