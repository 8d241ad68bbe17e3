//! Word keys for draft analysis: normalised, lightly stemmed words with
//! canonical numbers, function words dropped.
//!
//! Keys are only ever compared with other keys made here, so the stemmer
//! only has to be consistent (`migrated`, `migrating`, `migration` →
//! `migrat`), not linguistically right.

use super::metrics;
use crate::text::{is_acronym, normalize_word, stem, words, Word};

/// One content word of a text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub key: String,
    /// Byte offset of the word in the tokenised text.
    pub start: usize,
    /// A number (`10k`, `72` from `72h`, `99` from `99.9%`).
    pub numeric: bool,
    /// A number below 10: only meaningful together with the word after it (`6 teams`).
    pub small_number: bool,
    /// Written like a name: an acronym, mixed case (`DynamoDB`) or capitalised.
    pub capitalised: bool,
}

/// Function words, question words and discourse fillers: never evidence of
/// anything, in any guide.
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "do",
    "doe",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "either",
    "else",
    "etc",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "let",
    "ll",
    "m",
    "may",
    "me",
    "might",
    "mine",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "need",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "re",
    "really",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "think",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "ve",
    "very",
    "via",
    "vs",
    "was",
    "wasn",
    "way",
    "we",
    "well",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won",
    "would",
    "yes",
    "yet",
    "you",
    "your",
    "yours",
    "q",
    "explain",
    "describe",
    "walk",
    "tell",
    "give",
    "compare",
    "contrast",
    "discuss",
    "name",
    "list",
    "define",
    "outline",
    "summarize",
    "summarise",
    "justify",
    "sketch",
    "go",
    "goe",
    "going",
    "like",
    "make",
    "made",
    "use",
    "used",
    "using",
    "actually",
    "basically",
    "simply",
    "exactly",
    "typically",
    "usually",
    "always",
    "never",
    "often",
    "still",
    "answer",
    "question",
    "e",
    "g",
    "ie",
    "eg",
    "shouldn",
    "wouldn",
    "couldn",
    "didn",
    "doesn",
    "aren",
    "weren",
    "haven",
    "hasn",
    "hadn",
    "mustn",
    "ain",
];

pub(crate) fn is_stop(key: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(key)
}

/// Content words of `text`, in order. Numbers, spelled out or not, with
/// their units, become one canonical key each (see [`super::metrics`]).
pub(crate) fn tokens(text: &str) -> Vec<Tok> {
    let ws: Vec<Word> = words(text).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = ws.get(i) {
        if let Some(q) = metrics::read(text, &ws, i) {
            out.push(Tok {
                key: q.key,
                start: w.span.start,
                numeric: true,
                small_number: q.small,
                capitalised: false,
            });
            i += q.len.max(1);
            continue;
        }
        i += 1;
        let raw = w.text;
        let lower = raw.to_lowercase();
        let key = match abbreviation(&lower) {
            Some(full) => stem(&normalize_word(full)),
            None => stem(&normalize_word(raw)),
        };
        if key.chars().count() < 2 && !is_acronym(raw) || is_stop(&key) {
            continue;
        }
        let mut chars = raw.chars();
        let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
        let inner_upper = chars.any(|c| c.is_uppercase());
        out.push(Tok {
            key,
            start: w.span.start,
            numeric: false,
            small_number: false,
            capitalised: first_upper || inner_upper,
        });
    }
    out
}

/// Common engineering abbreviations, spelled out, so `10k tx/day` and `ten
/// thousand transactions a day` share keys. General shorthand of the trade,
/// not words of any guide.
fn abbreviation(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "tx" | "txn" | "txns" | "txs" => "transactions",
        "msg" | "msgs" => "messages",
        "env" | "envs" => "environments",
        "prod" => "production",
        "config" | "configs" | "cfg" => "configuration",
        "repo" | "repos" => "repository",
        "db" | "dbs" => "database",
        "svc" | "svcs" => "service",
        "req" | "reqs" => "requests",
        "perf" => "performance",
        "dedupe" | "deduped" | "deduplication" | "deduplicate" | "deduplicated"
        | "deduplicating" | "deduping" => "dedup",
        "infra" => "infrastructure",
        "ops" => "operations",
        "approx" => "approximately",
        _ => return None,
    })
}

/// Keys of `text` (content words only), deduplicated.
pub(crate) fn key_set(text: &str) -> std::collections::HashSet<String> {
    tokens(text).into_iter().map(|t| t.key).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        tokens(s).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn stems_fold_word_forms() {
        for group in [
            ["migrated", "migrating", "migration"],
            ["standardized", "standardization", "standardize"],
            ["mentoring", "mentorship", "mentored"],
        ] {
            let k: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(k.iter().all(|x| x == &k[0]), "{group:?} → {k:?}");
        }
    }

    #[test]
    fn numbers_are_canonical() {
        assert_eq!(
            keys("72h 72-hour three-day 10K 10000 ten thousand 99.9% 3x"),
            ["3d", "3d", "3d", "10k", "10k", "10k", "99.9", "3"]
        );
        assert!(tokens("6 teams")[0].small_number);
        assert_eq!(keys("six teams"), keys("6 teams"));
        assert!(!tokens("60%")[0].small_number);
        assert_eq!(keys("p99 latency"), ["p99", "latency"]);
        assert_eq!(
            keys("10,000 msgs, 3 retries"),
            ["10k", "messag", "3", "retry"]
        );
    }

    #[test]
    fn abbreviations_are_spelled_out() {
        assert_eq!(keys("10k tx/day"), keys("10k transactions/day"));
        assert_eq!(keys("prod envs"), keys("production environments"));
        assert_eq!(keys("deduplication"), keys("dedup"));
    }

    #[test]
    fn drops_function_words() {
        assert_eq!(
            keys("How do you prevent a retry storm?"),
            ["prevent", "retry", "storm"]
        );
    }
}
