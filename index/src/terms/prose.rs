//! Prose definitions: a paragraph opening with `X is a …`.

use super::definition::{clean_definition, finish_definition};
use super::names::parse_names;
use super::Candidate;
use crate::model::{Guide, TermOrigin};
use crate::parse::{inline_plain, Block};
use crate::text::first_sentences;

/// A paragraph opening with a definitional sentence: `A poison pill is a
/// message that …`, `Tombstones are markers …`. Used only to add a
/// definition to a term found by a stronger pattern (see `merge`).
pub(super) fn prose_definition(guide: &Guide, block: &Block) -> Option<Candidate> {
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
