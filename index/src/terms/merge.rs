//! From candidates to terms: discourse labels dropped, candidates sharing a
//! name merged into one term, and the Q&As that mention each term added.

use std::collections::HashMap;

use super::matcher::TermMatcher;
use super::name_groups::group_roots;
use super::names::opens_with_function_word;
use super::Candidate;
use crate::model::{AltDefinition, Guide, ItemId, ItemKind, Span, Term, TermId, TermOrigin};
use crate::text::phrase_key;

/// Secondary definitions kept per term.
const MAX_ALSO: usize = 3;

/// Lead-ins in a guide's preamble describe the guide itself ("Concepts —
/// …"), and lead-ins inside model answers are often discourse labels
/// ("Practically: …", "Standard handling: …"). Keep an answer's lead-in
/// only when the guide uses the name somewhere else too.
pub(super) fn drop_discourse_labels(guide: &Guide, cands: Vec<Candidate>) -> Vec<Candidate> {
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

pub(super) fn merge(guide: &Guide, cands: Vec<Candidate>) -> Vec<Term> {
    let keys: Vec<Vec<String>> = cands
        .iter()
        .map(|c| c.names.iter().map(|n| phrase_key(n)).collect())
        .collect();
    let roots = group_roots(&keys);
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &root) in roots.iter().enumerate() {
        groups.entry(root).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    for g in &mut groups {
        g.sort_by_key(|&i| (cands[i].origin, cands[i].span.start, i));
    }
    // A prose sentence never creates a term on its own.
    groups.retain(|g| cands[g[0]].origin != TermOrigin::Prose);
    // Candidate order breaks ties (two names of one `A & B` lead-in start
    // together): the groups came out of a HashMap, and term ids must not
    // change from one run to the next.
    groups.sort_by_key(|g| (cands[g[0]].span.start, g[0]));
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
pub(super) fn add_mentions(guide: &Guide, terms: &mut [Term]) {
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
