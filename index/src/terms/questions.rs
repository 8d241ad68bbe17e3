//! "What is X?" questions: flash-card bullets answered in place, and Q&A
//! headings (`Q5. Explain the leader epoch.`) answered by their body.

use super::definition::{clean_definition, finish_definition, opening_text};
use super::names::{parse_names, strip_article};
use super::Candidate;
use crate::model::{Guide, ItemId, TermOrigin};
use crate::parse::{inline_plain, Block};

/// A flash card: `What's a leader epoch? A monotonic number …`.
pub(super) fn flash_card(guide: &Guide, block: &Block) -> Option<Candidate> {
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

/// `Q3. What is a fencing token and what problem does it solve?`,
/// `Q5. Explain the leader epoch.` → a term defined by the answer.
pub(super) fn question_term(guide: &Guide, id: ItemId) -> Option<Candidate> {
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
