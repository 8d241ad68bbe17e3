//! Terms the guide defines, found from its own definitional patterns, and
//! the matcher that finds them again in any text.
//!
//! Patterns (all structural, none tied to one guide):
//! - glossary bullets and paragraph lead-ins: `ISR (In-Sync Replicas) — …`,
//!   `Read repair: …`, `Consistent hashing. Hash keys …`;
//! - acronym expansions in either order, which become aliases;
//! - numbered sections whose heading is a noun phrase (`### 6.5 API gateway`);
//! - "What is X?" / "Explain X." questions, defined by their answers;
//! - flash cards: `What's a leader epoch? A monotonic number …`.
//!
//! Candidates with the same normalised name (or linked by an alias) merge
//! into one term; the strongest origin supplies the definition.

mod tails;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{AltDefinition, Guide, ItemId, ItemKind, Span, Term, TermId, TermOrigin};
use crate::parse::{inline_plain, Block, BlockKind};
use crate::text::{
    first_sentences, is_acronym, phrase_key, singularize, squash_whitespace, stem, truncate, words,
};

/// Longest term name, in words, that the matcher tries.
const MAX_TERM_WORDS: usize = 6;
/// Secondary definitions kept per term.
const MAX_ALSO: usize = 3;
/// Longest definition kept, in bytes.
const MAX_DEFINITION: usize = 360;

/// Function words that cannot start or end a term name, and discourse
/// labels ("Fix:", "Note:") that look like lead-ins but define nothing.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "when",
    "why",
    "how",
    "what",
    "where",
    "which",
    "who",
    "use",
    "using",
    "don",
    "do",
    "does",
    "did",
    "always",
    "never",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "in",
    "on",
    "for",
    "with",
    "to",
    "of",
    "by",
    "at",
    "as",
    "from",
    "so",
    "then",
    "also",
    "each",
    "every",
    "all",
    "most",
    "some",
    "no",
    "not",
    "only",
    "just",
    "my",
    "your",
    "our",
    "we",
    "you",
    "i",
    "is",
    "are",
    "was",
    "were",
    "be",
    "can",
    "should",
    "must",
    "will",
    "would",
    "could",
    "may",
    "might",
    "has",
    "have",
    "had",
    "than",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "first",
    "second",
    "third",
    "step",
    "rule",
    "fix",
    "note",
    "notes",
    "example",
    "examples",
    "tip",
    "tips",
    "pros",
    "cons",
    "answer",
    "spec",
    "result",
    "results",
    "problem",
    "solution",
    "caveat",
    "gotcha",
    "gotchas",
    "warning",
    "summary",
    "option",
    "options",
    "bottom",
    "tl",
    "dr",
    "honest",
    "takeaway",
    "verdict",
    "watch",
    "symptom",
    "symptoms",
    "cause",
    "diagnosis",
    "trade",
    "tradeoff",
    "tradeoffs",
    "trade-off",
    "trade-offs",
    "downside",
    "upside",
    "benefit",
    "benefits",
    "cost",
    "costs",
    "here",
    "there",
    "see",
    "right",
    "wrong",
    "good",
    "bad",
    "yes",
    "ok",
    "okay",
    "via",
    "about",
    "into",
    "over",
    "under",
    "after",
    "before",
    "without",
    "between",
    "vs",
    "versus",
    "like",
    "more",
    "less",
    "very",
    "same",
    "other",
    "another",
    "both",
    "either",
    "neither",
];

/// Words that open a remark rather than a definition.
const REMARK_OPENERS: &[&str] = &[
    "usually",
    "often",
    "typically",
    "sometimes",
    "mostly",
    "generally",
    "rarely",
    "also",
    "still",
    "then",
    "but",
    "however",
];

/// Trailing category nouns: `circuit breaker pattern` is also `circuit breaker`.
const CATEGORY_SUFFIXES: &[&str] = &[
    "pattern",
    "theorem",
    "problem",
    "principle",
    "algorithm",
    "protocol",
];

/// A term candidate found at one place in the guide.
#[derive(Debug, Clone)]
struct Candidate {
    names: Vec<String>,
    definition: String,
    origin: TermOrigin,
    span: Span,
    item: Option<ItemId>,
}

pub fn extract(guide: &Guide, blocks: &[Block]) -> Vec<Term> {
    let mut cands = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match block.kind {
            BlockKind::ListItem | BlockKind::Paragraph => {
                let found = lead_in(guide, blocks, i);
                if !found.is_empty() {
                    cands.extend(found);
                } else if block.kind == BlockKind::ListItem {
                    cands.extend(flash_card(guide, block));
                } else {
                    cands.extend(prose_definition(guide, block));
                }
            }
            _ => {}
        }
    }
    for (id, item) in guide.items.iter().enumerate() {
        match item.kind {
            ItemKind::Section => cands.extend(section_term(guide, id)),
            ItemKind::Question => cands.extend(question_term(guide, id)),
            _ => {}
        }
    }
    for c in &mut cands {
        c.item = c.item.or_else(|| guide.item_at(c.span.start));
    }
    // A term is cited by the heading it sits under; text before any heading
    // (or a file without headings) has none to cite.
    cands.retain(|c| c.item.is_some());
    let cands = drop_discourse_labels(guide, cands);
    let mut terms = merge(guide, cands);
    add_mentions(guide, &mut terms);
    terms
}

/// Lead-ins in a guide's preamble describe the guide itself ("Concepts —
/// …"), and lead-ins inside model answers are often discourse labels
/// ("Practically: …", "Standard handling: …"). Keep an answer's lead-in
/// only when the guide uses the name somewhere else too.
fn drop_discourse_labels(guide: &Guide, cands: Vec<Candidate>) -> Vec<Candidate> {
    let in_answer = |c: &Candidate| {
        c.origin == TermOrigin::Glossary
            && c.item.is_some_and(|i| {
                matches!(guide.items[i].kind, ItemKind::Question | ItemKind::Scenario)
            })
    };
    // `At-most-once` is a term, `One-page cheat sheet` a label: a compound
    // opening with a function word must earn its place the same way.
    let needs_use = |c: &Candidate| in_answer(c) || opens_with_function_word(&c.names[0]);
    let in_preamble = |c: &Candidate| {
        c.origin == TermOrigin::Glossary
            && c.item
                .is_none_or(|i| guide.items[i].kind == ItemKind::Title)
    };
    // One pass over the guide finds every use of the answer lead-ins' names.
    let probe: Vec<Term> = cands
        .iter()
        .filter(|c| needs_use(c))
        .map(|c| Term {
            name: c.names[0].clone(),
            aliases: c.names[1..].to_vec(),
            definition: String::new(),
            origin: c.origin,
            item: c.item.unwrap_or(0),
            span: c.span,
            line: 0,
            also: Vec::new(),
            mentions: Vec::new(),
        })
        .collect();
    let matcher = TermMatcher::from_terms(&probe, false);
    let mut used_elsewhere = vec![false; probe.len()];
    for m in matcher.scan(&guide.text) {
        let owner = guide.item_at(m.span.start);
        if owner != Some(probe[m.term].item) {
            used_elsewhere[m.term] = true;
        }
    }
    let mut next_probe = 0;
    cands
        .into_iter()
        .filter(|c| {
            if in_preamble(c) {
                return false;
            }
            if needs_use(c) {
                // The question asking about the name is reason enough
                // (`Q7. Explain … Merkle-tree anti-entropy.`).
                let asked = c.item.is_some_and(|i| {
                    let title = format!(" {} ", phrase_key(&guide.items[i].title));
                    c.names
                        .iter()
                        .any(|n| title.contains(&format!(" {} ", phrase_key(n))))
                });
                let keep = used_elsewhere[next_probe] || asked;
                next_probe += 1;
                return keep;
            }
            true
        })
        .collect()
}

/// `At-most-once`, `One-page cheat sheet`: the first word is a hyphenated
/// compound whose first part is a function word.
fn opens_with_function_word(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    match first.split_once('-') {
        Some((head, _)) => STOP_WORDS.contains(&head.to_lowercase().as_str()),
        None => false,
    }
}

// ---------------------------------------------------------------- patterns

/// Glossary bullet or paragraph lead-in: `NAME (ALIAS) — definition`.
/// `Sloppy quorum & hinted handoff: …` defines each of its names.
fn lead_in(guide: &Guide, blocks: &[Block], i: usize) -> Vec<Candidate> {
    let block = &blocks[i];
    let content = guide.slice(block.content);
    let first_line = content.lines().next().unwrap_or("");
    let Some((head, rest, sep)) = split_lead(first_line) else {
        return Vec::new();
    };
    let head = inline_plain(head);
    let parts = split_outside_parens(&head, " & ");
    let groups: Vec<Vec<String>> = parts.iter().filter_map(|p| parse_names(p)).collect();
    if groups.is_empty() || groups.len() != parts.len() {
        return Vec::new();
    }
    let rest_full = &content[first_line.len() - rest.len()..];
    let mut definition = clean_definition(rest_full);
    // `Kafka: usually framed as CP …` remarks on the name in context; a
    // definition does not open with a frequency adverb.
    let opener = definition
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if REMARK_OPENERS.contains(&opener.trim_end_matches(',')) {
        return Vec::new();
    }
    let mut origin = TermOrigin::Glossary;
    // `Term — solves what problem? Answer…`: keep the answer.
    if let Some(q) = definition.find("? ") {
        if q < 80 && !definition[..q].contains(['.', ':']) {
            definition = definition[q + 2..].to_string();
            origin = TermOrigin::FlashCard;
        }
    }
    if definition.is_empty() {
        // `Dead-letter queue (DLQ) pattern:` followed by a list: only trust
        // this shape when the name carries an acronym, i.e. is clearly a term.
        if sep != ':' || groups.iter().all(|names| names.len() < 2) {
            return Vec::new();
        }
        match following_list(guide, blocks, i) {
            Some(list) => definition = list,
            None => return Vec::new(),
        }
    }
    let definition = finish_definition(&definition);
    groups
        .into_iter()
        .map(|names| Candidate {
            names,
            definition: definition.clone(),
            origin,
            span: block.content,
            item: None,
        })
        .collect()
}

/// Splits a lead-in line at its separator: ` — `, ` – `, `: ` or `. `
/// followed by a capital. Returns (head, rest, separator).
fn split_lead(line: &str) -> Option<(&str, &str, char)> {
    let window = &line[..floor_boundary(line, 90)];
    let mut best: Option<(usize, usize, char)> = None;
    for (pat, ch) in [(" — ", '—'), (" – ", '–'), (": ", ':'), (" -- ", '-')] {
        if let Some(i) = window.find(pat) {
            if best.is_none_or(|(b, _, _)| i < b) {
                best = Some((i, pat.len(), ch));
            }
        }
    }
    if best.is_none() && window.trim_end().ends_with(':') {
        let i = window.trim_end().len() - 1;
        best = Some((i, 1, ':'));
    }
    if best.is_none() {
        if let Some(i) = window.find(". ") {
            let after = &line[i + 2..];
            if after.starts_with(|c: char| c.is_uppercase()) {
                best = Some((i, 2, '.'));
            }
        }
    }
    let (i, len, ch) = best?;
    let head = line[..i].trim();
    // A parenthetical may hold the separator character (`(Ongaro, 2014)`): reject unbalanced heads.
    if head.matches('(').count() != head.matches(')').count() {
        return None;
    }
    Some((head, &line[i + len..], ch))
}

fn floor_boundary(s: &str, max: usize) -> usize {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Parses a term head such as `ISR (In-Sync Replicas)`,
/// `Dead-letter queue (DLQ) / dead-letter topic (DLT) pattern` or
/// `Raft (Ongaro & Ousterhout, 2014)` into names; the first is canonical.
fn parse_names(head: &str) -> Option<Vec<String>> {
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
fn split_outside_parens<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
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
fn split_parens(s: &str) -> (&str, Vec<&str>, &str) {
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

fn strip_article(s: &str) -> &str {
    for a in ["The ", "the ", "A ", "a ", "An ", "an "] {
        if let Some(r) = s.strip_prefix(a) {
            return r;
        }
    }
    s
}

/// A term name: 1–5 words, letters required, no sentence punctuation, no
/// function word at either end.
fn plausible_name(name: &str) -> bool {
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
    let stop = |w: &str| STOP_WORDS.contains(&w) || STOP_WORDS.contains(&singularize(w).as_str());
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

/// A flash card: `What's a leader epoch? A monotonic number …`.
fn flash_card(guide: &Guide, block: &Block) -> Option<Candidate> {
    let content = guide.slice(block.content);
    let (question, answer) = content.split_once("? ")?;
    let subject = what_is_subject(&inline_plain(question))?;
    let names = parse_names(&cut_clause(&subject))?;
    let answer = clean_definition(answer);
    (!answer.is_empty()).then(|| Candidate {
        names,
        definition: finish_definition(&answer),
        origin: TermOrigin::FlashCard,
        span: block.content,
        item: None,
    })
}

/// A paragraph opening with a definitional sentence: `A poison pill is a
/// message that …`, `Tombstones are markers …`. Used only to add a
/// definition to a term found by a stronger pattern (see `merge`).
fn prose_definition(guide: &Guide, block: &Block) -> Option<Candidate> {
    let content = guide.slice(block.content);
    let first = first_sentences(content, 1);
    let lower = first.to_lowercase();
    let (at, verb) = [" is a ", " is an ", " is the ", " are ", " is when "]
        .iter()
        .filter_map(|v| lower.find(v).map(|i| (i, *v)))
        .min_by_key(|(i, _)| *i)?;
    if at > 60 {
        return None;
    }
    let names = parse_names(&inline_plain(&first[..at]))?;
    if names.iter().any(|n| n.split_whitespace().count() > 4) {
        return None;
    }
    // Keep the article: "… is a message that …" defines as "A message that …".
    let copula = if verb.starts_with(" is ") {
        " is "
    } else {
        " are "
    };
    let definition = clean_definition(&first[at + copula.len()..]);
    (definition.len() > 10).then(|| Candidate {
        names,
        definition: finish_definition(&definition),
        origin: TermOrigin::Prose,
        span: block.content,
        item: None,
    })
}

/// `What is a quorum`, `What's the ISR`, `What are tombstones` → the subject.
fn what_is_subject(q: &str) -> Option<String> {
    let q = q.trim().trim_end_matches(['?', '.']);
    let lower = q.to_lowercase();
    let prefixes = ["what is ", "what's ", "what are ", "what does ", "define "];
    let p = prefixes.iter().find(|p| lower.starts_with(*p))?;
    let subject = &q[p.len()..];
    let subject = subject
        .strip_suffix(" mean")
        .or_else(|| subject.strip_suffix(" stand for"))
        .unwrap_or(subject);
    Some(strip_article(subject.trim()).to_string())
}

/// A numbered section whose heading is a noun phrase defines that phrase by
/// its opening paragraph: `### 6.5 API gateway`, `### 1.3 CAP theorem — stated precisely`.
/// A heading joining two topics (`### 4.8 Schema Registry & Avro`) names
/// both, but only parts that read as names on their own: several words, or
/// an acronym (`Controller & KRaft` yields `KRaft`, `Time & ordering` nothing).
fn section_term(guide: &Guide, id: ItemId) -> Vec<Candidate> {
    let item = &guide.items[id];
    let Some(number) = item.number.as_deref() else {
        return Vec::new();
    };
    let Some(title) = item.title.strip_prefix(number) else {
        return Vec::new();
    };
    let title = title.trim_start_matches('.').trim();
    let title = title.split(" — ").next().unwrap_or(title);
    let title = title.split(" – ").next().unwrap_or(title);
    let title = title.split(": ").next().unwrap_or(title);
    // `Partitioning / sharding`: one-word alternatives name one topic.
    let synonyms: Vec<&str> = title.split(" / ").map(str::trim).collect();
    if synonyms.len() > 1 {
        if !synonyms
            .iter()
            .all(|w| w.split_whitespace().count() == 1 && plausible_name(w))
        {
            return Vec::new();
        }
        let Some(def) = opening_text(guide, item.body) else {
            return Vec::new();
        };
        return vec![Candidate {
            names: synonyms.iter().map(|w| w.to_string()).collect(),
            definition: finish_definition(&def),
            origin: TermOrigin::SectionHeading,
            span: item.heading,
            item: Some(id),
        }];
    }
    let conjoined = title.contains([',', '/']) || title.contains(" vs") || title.contains(" and ");
    if conjoined || title.contains("Q&A") {
        return Vec::new();
    }
    let parts = split_outside_parens(title, " & ");
    let joined = parts.len() > 1;
    let names: Vec<&str> = parts
        .into_iter()
        .map(|p| strip_article(split_parens(p).0.trim()))
        .filter(|p| plausible_name(p) && !p.contains('&'))
        .filter(|p| !joined || p.split_whitespace().count() >= 2 || is_acronym(p))
        .collect();
    let Some(def) = opening_text(guide, item.body) else {
        return Vec::new();
    };
    let definition = finish_definition(&def);
    names
        .into_iter()
        .map(|name| Candidate {
            names: vec![name.to_string()],
            definition: definition.clone(),
            // A joined heading's opening text may be about the other topic.
            origin: if joined {
                TermOrigin::JoinedHeading
            } else {
                TermOrigin::SectionHeading
            },
            span: item.heading,
            item: Some(id),
        })
        .collect()
}

/// `Q3. What is a fencing token and what problem does it solve?`,
/// `Q5. Explain the leader epoch.` → a term defined by the answer.
fn question_term(guide: &Guide, id: ItemId) -> Option<Candidate> {
    let item = &guide.items[id];
    let number = item.number.as_deref()?;
    let q = item.title.strip_prefix('Q')?.strip_prefix(number)?;
    let q = q.trim_start_matches(['.', ':', ')']).trim();
    let lower = q.to_lowercase();
    let subject = if let Some(s) = what_is_subject(q) {
        s
    } else if lower.starts_with("explain ") {
        strip_article(q["explain ".len()..].trim()).to_string()
    } else {
        return None;
    };
    let cut = cut_clause(&subject);
    if cut.contains(" vs") || cut.contains("between") || cut.contains("'s ") || cut.contains('’')
    {
        return None;
    }
    let names = parse_names(&cut)?;
    let def = opening_text(guide, item.body)?;
    Some(Candidate {
        names,
        definition: finish_definition(&def),
        origin: TermOrigin::Question,
        span: item.heading,
        item: Some(id),
    })
}

/// The subject of a question up to its first clause boundary: `X and
/// why…`, `X in two sentences`, `X with an example`, `X used for …`.
fn cut_clause(subject: &str) -> String {
    let mut cut = subject.trim_end_matches(['?', '.']).to_string();
    for stop in [
        " and ", " in ", " with ", " — ", " – ", ", ", " to ", " for ", " when ", " from ",
        " used ",
    ] {
        if let Some(i) = cut.find(stop) {
            cut.truncate(i);
        }
    }
    cut
}

/// The first paragraph or list item of a body, skipping code and tables.
/// A paragraph ending in `:` introduces a list, so its first items join it.
fn opening_text(guide: &Guide, body: Span) -> Option<String> {
    let text = guide.slice(body);
    let mut para = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            if !para.is_empty() && items.is_empty() && !para.ends_with(':') {
                break;
            }
            continue;
        }
        if in_code {
            continue;
        }
        if t.starts_with('|') || t.starts_with('#') {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        let marker = t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ");
        let content = if marker { t[2..].trim_start() } else { t };
        if para.ends_with(':') {
            if t.is_empty() {
                if items.is_empty() {
                    continue;
                }
                break;
            }
            if marker {
                if items.len() == 3 {
                    break;
                }
                items.push(content.to_string());
                continue;
            }
            match items.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(content);
                    continue;
                }
                None => break,
            }
        }
        if t.is_empty() {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(content);
    }
    // `… horizontally. Three strategies:` with no list after it: the
    // dangling introduction is dropped when a sentence precedes it.
    if items.is_empty() && para.ends_with(':') {
        if let Some(i) = para.trim_end_matches(':').rfind(". ") {
            para.truncate(i + 1);
        }
    }
    if !items.is_empty() {
        let list: Vec<String> = items
            .iter()
            .map(|i| i.trim_end_matches(['.', ';']).to_string())
            .collect();
        para = format!("{} {}.", para, list.join("; "));
    }
    let def = clean_definition(&para);
    (!def.is_empty()).then_some(def)
}

/// The list after a lead-in that ends in `:`, as `a; b; c`.
fn following_list(guide: &Guide, blocks: &[Block], i: usize) -> Option<String> {
    let depth = blocks[i].depth;
    let items: Vec<String> = blocks[i + 1..]
        .iter()
        .take_while(|b| b.kind == BlockKind::ListItem && b.depth > depth.saturating_sub(1))
        .filter(|b| b.depth == blocks.get(i + 1).map_or(0, |f| f.depth))
        .take(3)
        .map(|b| clean_definition(guide.slice(b.content)))
        .collect();
    (!items.is_empty()).then(|| items.join("; "))
}

fn clean_definition(s: &str) -> String {
    squash_whitespace(s.trim().trim_start_matches(['—', '–', ':', '-']).trim())
}

/// Up to two sentences, capped, with a capital first letter.
fn finish_definition(def: &str) -> String {
    let short = first_sentences(def, 2);
    let short = truncate(short, MAX_DEFINITION);
    let mut chars = short.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() && !short.starts_with(|c: char| c.is_ascii_digit()) => {
            // Keep code-like lowercase starts (`acks=all`) as written.
            let first_word = short.split_whitespace().next().unwrap_or("");
            if first_word.contains(['=', '.', '_', '(']) {
                short
            } else {
                c.to_uppercase().collect::<String>() + chars.as_str()
            }
        }
        _ => short,
    }
}

// ------------------------------------------------------------------- merge

fn merge(guide: &Guide, cands: Vec<Candidate>) -> Vec<Term> {
    // Union-find over candidates linked by any shared name key.
    let mut parent: Vec<usize> = (0..cands.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        for name in &c.names {
            let key = phrase_key(name);
            if key.is_empty() {
                continue;
            }
            match by_key.get(&key) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    by_key.insert(key, i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..cands.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    for g in &mut groups {
        g.sort_by_key(|&i| (cands[i].origin, cands[i].span.start));
    }
    // A prose sentence never creates a term on its own.
    groups.retain(|g| cands[g[0]].origin != TermOrigin::Prose);
    groups.sort_by_key(|g| cands[g[0]].span.start);
    groups
        .into_iter()
        .map(|g| {
            let best = &cands[g[0]];
            let name = best.names[0].clone();
            let key = phrase_key(&name);
            let mut aliases: Vec<String> = Vec::new();
            let mut seen = vec![key];
            for &i in &g {
                for n in &cands[i].names {
                    let k = phrase_key(n);
                    if !seen.contains(&k) {
                        seen.push(k);
                        aliases.push(n.clone());
                    }
                }
            }
            let item = best.item.unwrap_or_default();
            let mut mentions: Vec<ItemId> = Vec::new();
            let mut also: Vec<AltDefinition> = Vec::new();
            for &i in &g[1..] {
                let c = &cands[i];
                if also.len() < MAX_ALSO
                    && c.definition != best.definition
                    && !also.iter().any(|a| a.definition == c.definition)
                {
                    also.push(AltDefinition {
                        item: c.item.unwrap_or(0),
                        line: guide.lines.line_of(c.span.start),
                        origin: c.origin,
                        definition: c.definition.clone(),
                    });
                }
            }
            for &i in &g[1..] {
                if let Some(it) = cands[i].item {
                    if it != item && !mentions.contains(&it) {
                        mentions.push(it);
                    }
                }
            }
            Term {
                name,
                aliases,
                definition: best.definition.clone(),
                origin: best.origin,
                item,
                span: best.span,
                line: guide.lines.line_of(best.span.start),
                also,
                mentions,
            }
        })
        .collect()
}

/// Adds the Q&As and scenarios whose text uses each term.
fn add_mentions(guide: &Guide, terms: &mut [Term]) {
    let matcher = TermMatcher::from_terms(terms, false);
    for (id, item) in guide.items.iter().enumerate() {
        if !matches!(item.kind, ItemKind::Question | ItemKind::Scenario) {
            continue;
        }
        let text = guide.slice(Span::new(item.heading.start, item.body.end));
        let mut seen: Vec<TermId> = Vec::new();
        for m in matcher.scan(text) {
            if !seen.contains(&m.term) {
                seen.push(m.term);
            }
        }
        for t in seen {
            let term = &mut terms[t];
            if term.item != id && !term.mentions.contains(&id) {
                term.mentions.push(id);
            }
        }
    }
}

// ----------------------------------------------------------------- matcher

/// A term occurrence in some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub term: TermId,
    /// Byte range in the searched text.
    pub span: Span,
}

/// Finds term names, aliases, plurals and any-case forms in text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TermMatcher {
    keys: HashMap<String, TermId>,
    /// The same keys, sorted, for prefix lookups.
    sorted: Vec<(String, TermId)>,
    /// Keys with every word stemmed, for word forms the guide never writes
    /// (`linearizability` → `Linearizable`). Stems shared by two terms are left out.
    stems: HashMap<String, TermId>,
    /// Tails of proper names (`Pulsar` for "Apache Pulsar"), see [`tails`].
    #[serde(default)]
    tails: HashMap<String, TermId>,
    max_words: usize,
}

/// A key with each word reduced to its stem.
fn stem_key(key: &str) -> String {
    key.split(' ').map(stem).collect::<Vec<_>>().join(" ")
}

impl TermMatcher {
    pub fn new(guide: &Guide) -> Self {
        let mut m = Self::from_terms(&guide.terms, true);
        m.tails = tails::proper_tails(&guide.terms, &guide.text, &m.keys);
        m
    }

    /// `with_stems` adds the stem fallback, which only `match_at` uses: the
    /// extraction passes (labels, mentions) only `scan`.
    fn from_terms(terms: &[Term], with_stems: bool) -> Self {
        let mut keys = HashMap::new();
        let mut max_words = 1;
        // Names and aliases first, so they win over derived short forms.
        for (id, t) in terms.iter().enumerate() {
            for n in std::iter::once(&t.name).chain(&t.aliases) {
                let key = phrase_key(n);
                if key.is_empty() {
                    continue;
                }
                max_words = max_words.max(key.split(' ').count());
                keys.entry(key).or_insert(id);
            }
        }
        // Derived forms: `CAP theorem` → `CAP`, `circuit breaker pattern` → `circuit breaker`.
        for (id, t) in terms.iter().enumerate() {
            let ws: Vec<&str> = words(&t.name).map(|w| w.text).collect();
            if ws.len() >= 2 && is_acronym(ws[0]) {
                keys.entry(phrase_key(ws[0])).or_insert(id);
            }
            if ws.len() >= 2 {
                let last = ws[ws.len() - 1].to_lowercase();
                if CATEGORY_SUFFIXES.contains(&last.as_str()) {
                    keys.entry(phrase_key(&ws[..ws.len() - 1].join(" ")))
                        .or_insert(id);
                }
            }
        }
        let mut sorted: Vec<(String, TermId)> = keys.iter().map(|(k, &t)| (k.clone(), t)).collect();
        sorted.sort_unstable();
        let mut stems: HashMap<String, Option<TermId>> = HashMap::new();
        for (key, id) in sorted.iter().filter(|_| with_stems) {
            let slot = stems.entry(stem_key(key)).or_insert(Some(*id));
            if *slot != Some(*id) {
                *slot = None;
            }
        }
        let stems = stems
            .into_iter()
            .filter_map(|(k, t)| t.map(|t| (k, t)))
            .collect();
        TermMatcher {
            keys,
            sorted,
            stems,
            tails: HashMap::new(),
            max_words: max_words.min(MAX_TERM_WORDS),
        }
    }

    /// The one term whose name begins with the phrase `key` (whole words), if
    /// exactly one does: `split brain` → `Split-brain prevention`.
    fn unique_prefix(&self, key: &str) -> Option<TermId> {
        let prefix = format!("{key} ");
        let from = self
            .sorted
            .partition_point(|(k, _)| k.as_str() < prefix.as_str());
        let mut found = None;
        for (k, t) in &self.sorted[from..] {
            if !k.starts_with(&prefix) {
                break;
            }
            match found {
                None => found = Some(*t),
                Some(f) if f != *t => return None,
                Some(_) => {}
            }
        }
        found
    }

    /// The term a name or alias denotes (any case or number).
    pub fn lookup(&self, name: &str) -> Option<TermId> {
        let key = phrase_key(name);
        self.keys
            .get(&key)
            .or_else(|| self.tails.get(&key))
            .copied()
    }

    /// The longest term occurrence in `line` covering byte `offset`.
    pub fn match_at(&self, line: &str, offset: usize) -> Option<TermMatch> {
        let ws: Vec<_> = words(line).collect();
        let at = ws
            .iter()
            .position(|w| w.span.start <= offset && offset <= w.span.end)?;
        let norm: Vec<String> = ws
            .iter()
            .map(|w| crate::text::normalize_word(w.text))
            .collect();
        let mut best = self.longest_at(&self.keys, line, &ws, &norm, at);
        if best.is_none() {
            let stemmed: Vec<String> = norm.iter().map(|w| stem(w)).collect();
            best = self.longest_at(&self.stems, line, &ws, &stemmed, at);
        }
        if best.is_none() {
            best = self.prefix_match(line, &ws, &norm, at);
        }
        if best.is_none() {
            best = self.longest_at(&self.tails, line, &ws, &norm, at);
        }
        best.map(|(_, m)| m)
    }

    /// The longest phrase of `words` covering word `at` whose key is in `keys`.
    fn longest_at(
        &self,
        keys: &HashMap<String, TermId>,
        line: &str,
        ws: &[crate::text::Word],
        words: &[String],
        at: usize,
    ) -> Option<(usize, TermMatch)> {
        let mut best: Option<(usize, TermMatch)> = None;
        let lo = at.saturating_sub(self.max_words - 1);
        for start in lo..=at {
            let mut key = String::new();
            for end in start..ws.len().min(start + self.max_words) {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(&words[end]);
                if end < at || !adjacent(line, ws, start, end) {
                    continue;
                }
                if let Some(&term) = keys.get(&key) {
                    let len = end - start + 1;
                    if best.is_none_or(|(l, _)| len > l) {
                        let span = Span::new(ws[start].span.start, ws[end].span.end);
                        best = Some((len, TermMatch { term, span }));
                    }
                }
            }
        }
        best
    }

    /// Fallback for a phrase that is only the start of a term's name. Only
    /// phrases of two or more words, or an acronym, qualify: a lone common
    /// word (`split`) must not pull in a term (`Split-brain prevention`).
    fn prefix_match(
        &self,
        line: &str,
        ws: &[crate::text::Word],
        norm: &[String],
        at: usize,
    ) -> Option<(usize, TermMatch)> {
        let mut best: Option<(usize, TermMatch)> = None;
        let lo = at.saturating_sub(self.max_words - 1);
        for start in lo..=at {
            for end in at..ws.len().min(start + self.max_words) {
                let len = end - start + 1;
                if (len < 2 && !is_acronym(ws[at].text)) || !adjacent(line, ws, start, end) {
                    continue;
                }
                let key = norm[start..=end].join(" ");
                if let Some(term) = self.unique_prefix(&key) {
                    if best.is_none_or(|(l, _)| len > l) {
                        let span = Span::new(ws[start].span.start, ws[end].span.end);
                        best = Some((len, TermMatch { term, span }));
                    }
                }
            }
        }
        best
    }

    /// All non-overlapping term occurrences in `text`, longest first at each position.
    pub fn scan(&self, text: &str) -> Vec<TermMatch> {
        let ws: Vec<_> = words(text).collect();
        let norm: Vec<String> = ws
            .iter()
            .map(|w| crate::text::normalize_word(w.text))
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let mut found: Option<(usize, TermId)> = None;
            let mut key = String::new();
            let stop = ws.len().min(i + self.max_words);
            for (end, word) in norm.iter().enumerate().take(stop).skip(i) {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(word);
                if !adjacent(text, &ws, i, end) {
                    break;
                }
                if let Some(&t) = self.keys.get(&key) {
                    found = Some((end, t));
                }
            }
            match found {
                Some((end, term)) => {
                    out.push(TermMatch {
                        term,
                        span: Span::new(ws[i].span.start, ws[end].span.end),
                    });
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Words `start..=end` form one phrase: separated only by spaces, hyphens
/// or similar joiners, never by a line break or sentence punctuation.
fn adjacent(text: &str, ws: &[crate::text::Word], start: usize, end: usize) -> bool {
    (start..end).all(|k| {
        let gap = &text[ws[k].span.end..ws[k + 1].span.start];
        gap.len() <= 3
            && gap
                .chars()
                .all(|c| matches!(c, ' ' | '-' | '/' | '\'' | '’' | '_'))
    })
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
    fn lead_in_shapes() {
        assert_eq!(
            split_lead("Bloom filter: a sketch").unwrap().0,
            "Bloom filter"
        );
        assert_eq!(
            split_lead("Compaction. Merges runs").unwrap().0,
            "Compaction"
        );
        assert!(split_lead("Compaction. merges runs").is_none());
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
    fn joined_headings_and_prefixes() {
        let text = "## Part 1 — Caching\n\n\
### 1.1 Cache keys & TTL\n\nA cache key identifies a stored response.\n\n\
### 1.2 Time & ordering\n\nClocks drift.\n\n\
### 1.3 Stampede protection\n\nMany clients refill one expired key at once.\n\n\
- Split-brain prevention — fencing the old leader.\n";
        let g = Guide::parse("g.md", text.to_string());
        let m = TermMatcher::new(&g);
        let name = |phrase: &str| m.match_at(phrase, 1).map(|t| g.terms[t.term].name.clone());
        // Both topics of a joined heading, but not lone common words.
        assert_eq!(name("Cache keys").as_deref(), Some("Cache keys"));
        assert_eq!(name("TTL").as_deref(), Some("TTL"));
        assert_eq!(name("Time"), None);
        // A two-word phrase that starts exactly one term's name.
        assert_eq!(
            name("stampede protection").as_deref(),
            Some("Stampede protection")
        );
        assert_eq!(name("Stampede"), None);
        assert_eq!(
            name("split-brain").as_deref(),
            Some("Split-brain prevention")
        );
        assert_eq!(name("split"), None);
    }

    #[test]
    fn word_forms_and_function_word_compounds() {
        let text = "## Part 1 — Caching\n\n### 1.1 Freshness\n\n\
- Serializable (a.k.a. strict): every read sees one total order.\n\
- At-most-once fill: each key is filled by one caller at a time.\n\
- One-page summary: the rules on one page.\n\n\
### 1.2 Fills\n\nAt-most-once fill keeps the origin calm.\n";
        let g = Guide::parse("g.md", text.to_string());
        let m = TermMatcher::new(&g);
        let name = |phrase: &str| m.match_at(phrase, 1).map(|t| g.terms[t.term].name.clone());
        // A word form the guide never writes reaches the term through its stem.
        assert_eq!(name("serializability").as_deref(), Some("Serializable"));
        // A compound opening with a function word is kept when the guide uses
        // it again elsewhere, and dropped as a label when it does not.
        assert_eq!(
            name("at-most-once fill").as_deref(),
            Some("At-most-once fill")
        );
        assert!(g.terms.iter().all(|t| t.name != "One-page summary"));
    }

    #[test]
    fn acronyms_match_initials() {
        assert!(acronym_of("HW", "High Watermark"));
        assert!(acronym_of("DLQs", "Dead-letter queues"));
        assert!(!acronym_of("KIP-101", "Leader Epoch"));
        assert!(!acronym_of("Raft", "Replicated log"));
    }
}
