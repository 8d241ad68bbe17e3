//! Word keys for draft analysis: normalised, lightly stemmed words with
//! canonical numbers, function words dropped, plus the personal-framing test.
//!
//! Keys are only ever compared with other keys made here, so the stemmer
//! only has to be consistent (`migrated`, `migrating`, `migration` →
//! `migrat`), not linguistically right.

use crate::text::{is_acronym, normalize_word, stem, words};

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

/// `two` … `twelve`: spelled-out counts read as numbers (`six teams` = `6 teams`).
const NUMBER_WORDS: [&str; 11] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

pub(crate) fn is_stop(key: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(key)
}

/// Content words of `text`, in order.
pub(crate) fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut ws = words(text).peekable();
    while let Some(w) = ws.next() {
        let raw = w.text;
        if raw.chars().any(|c| c.is_ascii_digit()) {
            // `10,000`: thousands groups join the number.
            let mut joined = raw.to_string();
            let mut end = w.span.end;
            while raw.bytes().all(|b| b.is_ascii_digit()) && text.as_bytes().get(end) == Some(&b',')
            {
                match ws.peek() {
                    Some(n)
                        if n.span.start == end + 1
                            && n.text.len() == 3
                            && n.text.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        joined.push_str(n.text);
                        end = n.span.end;
                        ws.next();
                    }
                    _ => break,
                }
            }
            let (key, small) = number_key(&joined);
            out.push(Tok {
                key,
                start: w.span.start,
                numeric: true,
                small_number: small,
                capitalised: false,
            });
            continue;
        }
        let lower = raw.to_lowercase();
        if let Some(n) = NUMBER_WORDS.iter().position(|w| *w == lower) {
            let n = n + 2;
            out.push(Tok {
                key: n.to_string(),
                start: w.span.start,
                numeric: true,
                small_number: n < 10,
                capitalised: false,
            });
            continue;
        }
        let key = stem(&normalize_word(raw));
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

/// Keys of `text` (content words only), deduplicated.
pub(crate) fn key_set(text: &str) -> std::collections::HashSet<String> {
    tokens(text).into_iter().map(|t| t.key).collect()
}

/// `72h` → `72`, `30s` → `30`, `10K` → `10k`, `10000` → `10k`, `99` → `99`;
/// second value: a number below 10.
fn number_key(raw: &str) -> (String, bool) {
    let lower = raw.to_lowercase();
    let digits_end = lower
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(lower.len(), |(i, _)| i);
    let (num, unit) = lower.split_at(digits_end);
    if num.is_empty() {
        // `p99`, `v2`, `s3`: an identifier, kept whole.
        return (lower, false);
    }
    const UNITS: [&str; 12] = [
        "h", "hr", "hrs", "s", "sec", "ms", "m", "min", "d", "x", "w", "y",
    ];
    let value: Option<u64> = num.parse().ok();
    match unit {
        "" => match value {
            Some(v) if v >= 1000 && v % 1000 == 0 => (format!("{}k", v / 1000), false),
            Some(v) => (v.to_string(), v < 10),
            None => (num.to_string(), false),
        },
        "k" => (format!("{num}k"), false),
        u if UNITS.contains(&u) => (num.to_string(), value.is_some_and(|v| v < 10)),
        _ => (lower, false),
    }
}

/// Whether a sentence speaks of the writer's own experience: a first-person
/// pronoun or possessive (`I`, `my`, `we`, `our`, `me`, `us`) as a whole
/// word, not only in hypothetical form (`I'd`, `we would`, `let me`).
pub(crate) fn is_personal(sentence: &str) -> bool {
    let sentence = sentence.replace("I/O", "IO");
    let ws: Vec<&str> = words(&sentence).map(|w| w.text).collect();
    for (i, w) in ws.iter().enumerate() {
        let next = ws.get(i + 1).map(|n| n.to_lowercase());
        let prev = i
            .checked_sub(1)
            .and_then(|p| ws.get(p))
            .map(|p| p.to_lowercase());
        // `I'd`, `we would`, `if I were`, `suppose we`: not something done.
        let hypothetical = || {
            next.as_deref().is_some_and(|n| {
                matches!(
                    n,
                    "d" | "ll"
                        | "would"
                        | "could"
                        | "should"
                        | "might"
                        | "may"
                        | "will"
                        | "can"
                        | "were"
                )
            }) || prev
                .as_deref()
                .is_some_and(|p| matches!(p, "if" | "suppose" | "imagine" | "unless"))
        };
        // `I think`, `we read the docs`: an opinion or something learned
        // second-hand, not work the writer did. Mental-state and
        // perception verbs are a closed class of English, not topic words.
        let second_hand = || {
            next.as_deref().is_some_and(|n| {
                matches!(
                    n,
                    "think"
                        | "believe"
                        | "feel"
                        | "guess"
                        | "reckon"
                        | "suspect"
                        | "prefer"
                        | "like"
                        | "love"
                        | "agree"
                        | "read"
                        | "skimmed"
                        | "studied"
                        | "watched"
                        | "heard"
                        | "learned"
                        | "learnt"
                )
            })
        };
        let hypothetical = || hypothetical() || second_hand();
        let personal = match *w {
            "I" => !hypothetical(),
            "us" => true,
            _ => match w.to_lowercase().as_str() {
                "we" => !hypothetical(),
                "my" | "our" | "ours" | "mine" | "myself" | "ourselves" => true,
                "me" => !prev
                    .as_deref()
                    .is_some_and(|p| matches!(p, "let" | "walk" | "tell" | "give" | "show")),
                _ => false,
            },
        };
        if personal {
            return true;
        }
    }
    false
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
            keys("72h 72-hour 10K 10000 99.9% 3x"),
            ["72", "72", "hour", "10k", "10k", "99", "9", "3"]
        );
        assert!(tokens("6 teams")[0].small_number);
        assert_eq!(keys("six teams"), keys("6 teams"));
        assert!(!tokens("60%")[0].small_number);
        assert_eq!(keys("p99 latency"), ["p99", "latency"]);
        assert_eq!(keys("10,000 msgs, 3 retries"), ["10k", "msg", "3", "retry"]);
    }

    #[test]
    fn drops_function_words() {
        assert_eq!(
            keys("How do you prevent a retry storm?"),
            ["prevent", "retry", "storm"]
        );
    }

    #[test]
    fn personal_framing() {
        assert!(is_personal("On our ingest service we saw it."));
        assert!(is_personal("I built the bridge."));
        assert!(is_personal("It taught me a lot."));
        assert!(!is_personal("I'd use exponential backoff."));
        assert!(!is_personal("We would shard by key."));
        assert!(!is_personal("Let me explain: the US region fails over."));
        assert!(!is_personal("i.e. the consumer commits."));
        assert!(!is_personal("You retry with jitter."));
        assert!(!is_personal("Disk I/O dominates."));
        assert!(!is_personal(
            "If I were building a bridge, I would fence it."
        ));
        assert!(!is_personal("Suppose we shard by tenant."));
        assert!(is_personal("If it failed, I restarted the bridge."));
        assert!(!is_personal("I believe the defaults are sane."));
        assert!(!is_personal("We studied the vendor's design notes."));
        assert!(is_personal("I studied the logs, and our consumer lagged."));
    }
}
