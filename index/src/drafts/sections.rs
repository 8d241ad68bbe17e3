//! Splitting a draft into answers: which headings name a guide question
//! (by reference, exact title or close paraphrase), which only look like a
//! question, and which are the writer's own structure.

use std::collections::HashSet;

use super::lex::tokens;
use super::model::{title_key, GuideModel};
use crate::library::{GuideId, Library};
use crate::model::{ItemId, ItemKind, Span};
use crate::parse::{blocks, inline_plain, Block, BlockKind};
use crate::refs::find_refs;
use crate::search::KindFilter;

/// How a heading was tied to its guide question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// `§4.16 Q9`, `Part 4 Q9`, or `Q9` under a `Part 4` heading.
    Reference,
    /// The question's title, up to case, punctuation and a `Qn.` prefix.
    Title,
    /// A close paraphrase of the title.
    Paraphrase,
}

#[derive(Debug, Clone)]
pub(crate) enum Role {
    Answer {
        question: (GuideId, ItemId),
        how: MatchKind,
    },
    /// Looks like a question but names none in the guide.
    Unknown {
        candidates: Vec<(GuideId, ItemId)>,
        /// The reference in the heading that resolves nowhere, if any.
        unresolved: Option<String>,
    },
    /// The writer's own structure.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    /// The heading line, without its line break.
    pub heading: Span,
    /// From after the heading to the next heading of the same or higher level.
    pub body: Span,
    pub level: u8,
    /// Heading text without `#` marks or inline markup.
    pub title: String,
    pub role: Role,
}

/// Minimum paraphrase similarity (harmonic mean of how much of the heading
/// the question explains and how much of the title the heading covers).
const ACCEPT: f32 = 0.5;
/// With at least two shared words, a lower similarity is enough.
const ACCEPT_TWO: f32 = 0.4;
/// Similarity kept when the heading asks how and the title why, or the
/// other way round.
const MISMATCHED_ASK: f32 = 0.85;

/// What kind of question a heading or title asks: its leading question
/// word (`how`, `why`, `what`, `when`, `which`), after any `Qn.` prefix.
pub(crate) fn asks(title: &str) -> Option<&'static str> {
    const KINDS: [&str; 5] = ["how", "why", "what", "when", "which"];
    let first = crate::text::words(strip_question_prefix(title))
        .next()?
        .text
        .to_lowercase();
    let first = first
        .strip_suffix('s')
        .filter(|f| *f == "what")
        .unwrap_or(&first);
    KINDS.iter().copied().find(|k| *k == first)
}

/// The headings of a draft with their roles, in order.
pub(crate) fn sections(
    library: &Library,
    models: &[std::sync::Arc<GuideModel>],
    text: &str,
) -> Vec<Section> {
    sections_in(library, models, text, &blocks(text))
}

/// [`sections`] of a draft already parsed into `parsed` (its blocks).
pub(crate) fn sections_in(
    library: &Library,
    models: &[std::sync::Arc<GuideModel>],
    text: &str,
    parsed: &[Block],
) -> Vec<Section> {
    let heads: Vec<(Span, Span, Span, u8)> = parsed
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading(level) => {
                Some((b.span, b.content, line_of(text, b.span.start), level))
            }
            _ => None,
        })
        .collect();
    let mut out = Vec::with_capacity(heads.len());
    // Headings resolving to a part or section give bare `Q5`s their scope.
    let mut context: Vec<(u8, GuideId, ItemId)> = Vec::new();
    // Levels of the enclosing answers.
    let mut answers: Vec<u8> = Vec::new();
    for (i, &(span, content, line, level)) in heads.iter().enumerate() {
        context.retain(|c| c.0 < level);
        answers.retain(|&l| l < level);
        let end = heads[i + 1..]
            .iter()
            .find(|h| h.3 <= level)
            .map_or(text.len(), |h| h.0.start);
        let body_start = span.end.max(line.end).min(end);
        let raw = text.get(content.start..content.end).unwrap_or("");
        let title = inline_plain(raw.trim().trim_end_matches('#').trim());
        let (role, scope) = classify(
            library,
            models,
            &title,
            context.last().map(|c| (c.1, c.2)),
            !answers.is_empty(),
        );
        if let Some((g, it)) = scope {
            context.push((level, g, it));
        }
        if matches!(role, Role::Answer { .. } | Role::Unknown { .. }) {
            answers.push(level);
        }
        out.push(Section {
            heading: line,
            body: Span::new(body_start, end),
            level,
            title,
            role,
        });
    }
    out
}

fn line_of(text: &str, start: usize) -> Span {
    let rest = text.get(start..).unwrap_or("");
    let len = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..len].trim_end_matches('\r');
    Span::new(start, start + line.len())
}

/// The role of a heading, and the part/section it scopes (for later bare references).
fn classify(
    library: &Library,
    models: &[std::sync::Arc<GuideModel>],
    title: &str,
    context: Option<(GuideId, ItemId)>,
    in_answer: bool,
) -> (Role, Option<(GuideId, ItemId)>) {
    let refs = find_refs(title);
    let mut unresolved = None;
    let mut scope = None;
    let mut question_ref = false;
    for r in &refs {
        let asks = r.reference.question.is_some() || r.reference.scenario.is_some();
        question_ref |= asks;
        let found = library.resolve(&r.reference, context);
        let kind = found.and_then(|(g, it)| {
            library
                .guide(g)
                .and_then(|lg| lg.guide.items.get(it))
                .map(|i| i.kind)
        });
        match (found, kind) {
            (Some(q), Some(ItemKind::Question | ItemKind::Scenario)) => {
                return (
                    Role::Answer {
                        question: q,
                        how: MatchKind::Reference,
                    },
                    None,
                );
            }
            (Some(s), Some(_)) if !asks => scope = scope.or(Some(s)),
            _ => {
                if asks && unresolved.is_none() {
                    unresolved = title.get(r.span.start..r.span.end).map(str::to_string);
                }
            }
        }
    }
    // The heading's own words, without references or a `Q:` prefix.
    let mut rest = String::with_capacity(title.len());
    let mut last = 0;
    for r in &refs {
        rest.push_str(title.get(last..r.span.start).unwrap_or(""));
        rest.push(' ');
        last = r.span.end;
    }
    rest.push_str(title.get(last..).unwrap_or(""));
    let rest = strip_question_prefix(&rest).to_string();

    let key = title_key(&rest);
    if !key.is_empty() {
        for (g, m) in models.iter().enumerate() {
            if let Some(&item) = m.exact.get(&key) {
                return (
                    Role::Answer {
                        question: (g, item),
                        how: MatchKind::Title,
                    },
                    None,
                );
            }
        }
    }
    if !(question_ref || looks_like_question(title)) {
        return (Role::Other, scope);
    }
    let ranked = rank_questions(library, models, &rest);
    if let Some(best) = ranked.first() {
        if best.accepted {
            return (
                Role::Answer {
                    question: best.question,
                    how: MatchKind::Paraphrase,
                },
                None,
            );
        }
    }
    // Inside an answer, an unmatched question-like heading ("Why it
    // matters") is the writer's structure.
    if in_answer && unresolved.is_none() {
        return (Role::Other, scope);
    }
    let candidates = ranked.iter().take(3).map(|c| c.question).collect();
    (
        Role::Unknown {
            candidates,
            unresolved,
        },
        scope,
    )
}

pub(crate) struct Ranked {
    pub question: (GuideId, ItemId),
    pub accepted: bool,
}

/// Guide questions closest to `text`, best first: weighted word overlap
/// with every question title, plus the search index's hits.
pub(crate) fn rank_questions(
    library: &Library,
    models: &[std::sync::Arc<GuideModel>],
    text: &str,
) -> Vec<Ranked> {
    let toks = tokens(text);
    let ask = asks(text);
    let mut out: Vec<(f32, Ranked)> = Vec::new();
    for (g, m) in models.iter().enumerate() {
        let mut seen = HashSet::new();
        let h: Vec<(String, f32)> = toks
            .iter()
            .filter(|t| !t.small_number && seen.insert(t.key.clone()))
            .map(|t| (t.key.clone(), m.idf(&t.key).max(0.05)))
            .collect();
        let h_sum: f32 = h.iter().map(|(_, w)| w).sum();
        if h_sum <= 0.0 {
            continue;
        }
        for q in &m.questions {
            // Heading words in the title count fully, words only in the model
            // answer half (an elaborated heading still names the question).
            let (mut in_title, mut in_body, mut n) = (0.0, 0.0, 0);
            for (k, w) in &h {
                if q.keys.iter().any(|(qk, _)| qk == k) {
                    in_title += w;
                    n += 1;
                } else if q.body.contains(k) {
                    in_body += w;
                }
            }
            if n == 0 || q.weight_sum <= 0.0 {
                continue;
            }
            let cover_heading = (in_title + 0.5 * in_body) / h_sum;
            let cover_title = in_title / q.weight_sum;
            let mut sim = 2.0 * cover_heading * cover_title / (cover_heading + cover_title);
            // `How would you…` asks what `How do you…` asks (a remedy), not
            // what `Why…` asks (a cause). Other question words are looser.
            if let (Some(a), Some(b)) = (ask, q.ask) {
                if a != b && matches!((a, b), ("how", "why") | ("why", "how")) {
                    sim *= MISMATCHED_ASK;
                }
            }
            // A lone ubiquitous shared word (`Kafka`) never names a question.
            let accepted = in_title >= 0.25 && (sim >= ACCEPT || (sim >= ACCEPT_TWO && n >= 2));
            out.push((
                sim,
                Ranked {
                    question: (g, q.item),
                    accepted,
                },
            ));
        }
    }
    // The index may know better (body text, synonyms): its hits rank as
    // candidates, never as accepted matches on their own.
    if let Ok(hits) = library.search(text, KindFilter::Question, 5) {
        for (rank, (g, hit)) in hits.into_iter().enumerate() {
            let bonus = 0.2 / (1.0 + rank as f32);
            match out.iter_mut().find(|(_, r)| r.question == (g, hit.item)) {
                Some(entry) => entry.0 += bonus,
                None => out.push((
                    bonus,
                    Ranked {
                        question: (g, hit.item),
                        accepted: false,
                    },
                )),
            }
        }
    }
    out.sort_by(|a, b| b.1.accepted.cmp(&a.1.accepted).then(b.0.total_cmp(&a.0)));
    out.into_iter().map(|(_, r)| r).collect()
}

/// `Q5. Explain …`, `Q: Explain …`, `Question 3 — Explain …` → `Explain …`.
pub(crate) fn strip_question_prefix(title: &str) -> &str {
    let seps: &[char] = &[' ', '.', ':', ')', '—', '–', '-', '|', '·'];
    let mut t = title.trim_start_matches(seps);
    for word in ["Question", "Q"] {
        if let Some(rest) = t.strip_prefix(word) {
            let digits = rest
                .trim_start()
                .trim_start_matches(|c: char| c.is_ascii_digit());
            let numbered = digits.len() < rest.trim_start().len();
            let next = if numbered { digits } else { rest };
            // `Q` must be followed by a separator (`Q:`), `Question` may be followed by a space.
            if next.is_empty()
                || next.starts_with([':', '.', ')', '—', '–', '-'])
                || (numbered || word == "Question") && next.starts_with(' ')
            {
                t = next.trim_start_matches(seps);
                break;
            }
        }
    }
    t.trim()
}

/// Heading shapes of an interview question: ends with `?`, a `Q:` / `Qn.`
/// prefix, or starts with a question word or an interview imperative.
pub(crate) fn looks_like_question(title: &str) -> bool {
    let t = title
        .trim()
        .trim_end_matches(['*', '_', ')', '"', '”', '’', '\'', ' ', '`']);
    if t.ends_with('?') {
        return true;
    }
    if strip_question_prefix(t).len() < t.trim_start().len() {
        return true;
    }
    const ASK: [&str; 8] = [
        "what", "why", "how", "when", "where", "which", "who", "whats",
    ];
    const IMPERATIVE: [&str; 15] = [
        "explain", "describe", "walk", "compare", "contrast", "define", "justify", "discuss",
        "design", "tell", "sketch", "diagnose", "estimate", "name", "give",
    ];
    let all: Vec<String> = crate::text::words(t)
        .map(|w| w.text.to_lowercase())
        .collect();
    // `Difference between sync and async replication`, `Outbox vs XA`.
    if all.first().is_some_and(|w| w == "difference")
        || (all.len() >= 3 && all.iter().any(|w| w == "vs" || w == "versus"))
    {
        return true;
    }
    // The ask may follow a topic: `Circuit breakers - explain the pattern`,
    // `Poison pills: what are they and how to handle them`.
    t.split([':', '—', '–', ',', ';'])
        .flat_map(|c| c.split(" - "))
        .any(|clause| {
            let ws: Vec<String> = crate::text::words(clause)
                .map(|w| w.text.to_lowercase())
                .collect();
            let Some(first) = ws.first() else {
                return false;
            };
            (ASK.contains(&first.as_str()) && ws.len() >= 4)
                || (IMPERATIVE.contains(&first.as_str()) && all.len() >= 2)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(
            strip_question_prefix("Q5. Explain the WAL."),
            "Explain the WAL."
        );
        assert_eq!(strip_question_prefix("Q: Explain it"), "Explain it");
        assert_eq!(strip_question_prefix("Question 3 — Why?"), "Why?");
        assert_eq!(strip_question_prefix("Quorum reads"), "Quorum reads");
        assert_eq!(strip_question_prefix("QA notes"), "QA notes");
    }

    #[test]
    fn question_shapes() {
        assert!(looks_like_question("Why does the WAL come first?"));
        assert!(looks_like_question("Q: sourdough starters"));
        assert!(looks_like_question("Explain lamination"));
        assert!(looks_like_question("Walk me through a roux"));
        assert!(looks_like_question("How would you scale the kitchen"));
        assert!(!looks_like_question("Notes"));
        assert!(!looks_like_question("My hook"));
        assert!(!looks_like_question("How it works"));
        assert!(!looks_like_question("Design"));
        assert!(looks_like_question("Laminated doughs - explain the folds"));
        assert!(looks_like_question(
            "Starters: what are they and how to feed them"
        ));
        assert!(looks_like_question(
            "Difference between a roux and a slurry"
        ));
        assert!(looks_like_question("Roux vs slurry"));
        assert!(!looks_like_question("Notes: flour, water, salt"));
        assert!(!looks_like_question("Kitchen notes - how it works"));
    }
}
