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
//!
//! Files, one pattern or step each:
//! - `lead_in`: glossary bullets and paragraph lead-ins;
//! - `questions`: "What is X?" flash cards and Q&A headings;
//! - `sections`: numbered section headings;
//! - `prose`: definitional sentences (`X is a …`);
//! - `names`: parsing a head into names, and which names are plausible;
//! - `definition`: a candidate's definition text;
//! - `words`: the word lists (stop words, remark openers, category suffixes);
//! - `merge`: from candidates to terms (labels dropped, names merged,
//!   mentions added);
//! - `name_groups`: which candidates name one term (shared name keys);
//! - `matcher`: [`TermMatcher`], finding terms in any text;
//! - `tails`: the tails of proper names the matcher also knows;
//! - `skimmed`: glossary lead-ins from a line scan, for the heading skim;
//! - `tests`: end-to-end tests, from a small guide to matches.

mod definition;
mod lead_in;
mod matcher;
mod merge;
mod name_groups;
mod names;
mod prose;
mod questions;
mod sections;
mod skimmed;
mod tails;
mod words;

use crate::model::{Guide, ItemId, ItemKind, Span, Term, TermOrigin};
use crate::parse::{Block, BlockKind};

use lead_in::lead_in;
use merge::{add_mentions, drop_discourse_labels, merge};
use prose::prose_definition;
use questions::{flash_card, question_term};
use sections::section_term;

pub use matcher::{TermMatch, TermMatcher};
pub use skimmed::{skimmed_lead_ins, HeadingRef, SkimmedTerm};

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

#[cfg(test)]
mod tests;
