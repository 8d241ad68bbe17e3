//! Tails of proper names: a guide that defines "Apache Pulsar" is also
//! understood when a note writes just `Pulsar` (the vendor or product
//! prefix dropped).
//!
//! Only proper names qualify, judged from the guide itself: every word of
//! the name is capitalised, and the guide never writes the tail in
//! lowercase (so `Commit` of "Two-Phase Commit" is a common word, not a
//! name). A tail shared by two terms, or one that is already a term's
//! name, is left out.

use std::collections::HashMap;

use crate::model::{Term, TermId};
use crate::text::phrase_key;

/// Shortest tail kept, in characters: shorter ones are too easily other words.
const MIN_TAIL_CHARS: usize = 3;

/// Tail phrase key → the one term whose name ends with it.
pub(super) fn proper_tails(
    terms: &[Term],
    text: &str,
    keys: &HashMap<String, TermId>,
) -> HashMap<String, TermId> {
    let mut found: HashMap<String, Option<TermId>> = HashMap::new();
    for (id, t) in terms.iter().enumerate() {
        for name in std::iter::once(&t.name).chain(&t.aliases) {
            let ws: Vec<&str> = name.split_whitespace().collect();
            if ws.len() < 2 || !ws.iter().all(|w| capitalised(w)) {
                continue;
            }
            for from in 1..ws.len() {
                let tail = ws[from..].join(" ");
                let key = phrase_key(&tail);
                if key.chars().count() < MIN_TAIL_CHARS
                    || keys.contains_key(&key)
                    || written_lowercase(text, &tail.to_lowercase())
                    || written_lowercase(text, &key)
                {
                    continue;
                }
                let slot = found.entry(key).or_insert(Some(id));
                if *slot != Some(id) {
                    *slot = None;
                }
            }
        }
    }
    found
        .into_iter()
        .filter_map(|(k, t)| t.map(|t| (k, t)))
        .collect()
}

/// Starts with an uppercase letter (`Pulsar`, `SQS`, `Two-Phase`).
fn capitalised(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase())
}

/// The guide writes `key` (already lowercase) as ordinary lowercase words
/// somewhere: then it is a common word or phrase, not a name.
fn written_lowercase(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(at, m)| {
        let before = text[..at].chars().next_back();
        let after = text[at + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use crate::model::Guide;
    use crate::terms::TermMatcher;

    fn guide(glossary: &str, prose: &str) -> Guide {
        let text = format!(
            "## Part 1 — Queues\n\n### 1.1 Brokers\n\n{glossary}\n\n### 1.2 Notes\n\n{prose}\n"
        );
        Guide::parse("g.md", text)
    }

    fn name(g: &Guide, m: &TermMatcher, line: &str, word: &str) -> Option<String> {
        let at = line.find(word)? + 1;
        m.match_at(line, at).map(|t| g.terms[t.term].name.clone())
    }

    #[test]
    fn vendor_prefix_dropped() {
        let g = guide(
            "- Apache Pulsar — a broker that keeps storage in a separate bookkeeping tier.\n\
             - Acme Service Bus — a hosted broker with sessions.",
            "Queues hold work for later.",
        );
        let m = TermMatcher::new(&g);
        let line = "We moved the feed to Pulsar last year.";
        assert_eq!(
            name(&g, &m, line, "Pulsar").as_deref(),
            Some("Apache Pulsar")
        );
        // Any case in the note; a multi-word tail, and its last word.
        assert_eq!(
            name(&g, &m, "pulsar topics", "pulsar").as_deref(),
            Some("Apache Pulsar")
        );
        assert_eq!(
            name(&g, &m, "the Service Bus queue", "Service").as_deref(),
            Some("Acme Service Bus")
        );
        assert_eq!(
            name(&g, &m, "a Bus session", "Bus").as_deref(),
            Some("Acme Service Bus")
        );
        // The span covers the tail only.
        let hit = m.match_at(line, line.find("Pulsar").unwrap()).unwrap();
        assert_eq!(&line[hit.span.start..hit.span.end], "Pulsar");
    }

    #[test]
    fn ambiguous_or_common_tails_do_not_resolve() {
        let g = guide(
            "- Apache Pulsar — a broker with tiered storage.\n\
             - Nimbus Pulsar — a hosted fork of it.\n\
             - Two-Phase Commit — an atomic protocol across participants.\n\
             - Event sourcing — storing changes as the record of truth.",
            "Every commit waits for the coordinator. A store keeps the sourcing of data.",
        );
        let m = TermMatcher::new(&g);
        // Two names end in `Pulsar`: no guess.
        assert_eq!(name(&g, &m, "Pulsar is fast", "Pulsar"), None);
        // The guide writes `commit` as a common word.
        assert_eq!(name(&g, &m, "Commit it now", "Commit"), None);
        // Not a proper name: lowercase words in the name.
        assert_eq!(name(&g, &m, "Sourcing data", "Sourcing"), None);
        // Full names still resolve.
        assert_eq!(
            name(&g, &m, "Apache Pulsar clusters", "Apache").as_deref(),
            Some("Apache Pulsar")
        );
    }
}
