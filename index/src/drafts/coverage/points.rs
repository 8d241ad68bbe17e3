//! A model answer split into its key points, using the answer's own
//! structure: list items, prose sentences and table rows are units; code
//! blocks are skipped; labels and discourse openers ("Gotcha:", "In
//! short,") are dropped; lead-ins ending in a colon introduce, they do not
//! say; a unit restating an earlier one joins it (one point per idea), so
//! does a sentence sharing two salient words only with the sentence before
//! it (an idea said in two); a fragment too thin to stand alone joins the
//! neighbour it shares most with.

use std::collections::{HashMap, HashSet};

use super::super::model::GuideModel;
use super::concepts::{concepts, Concept};
use super::sentences::sentences;
use crate::model::{Guide, ItemId, Span};
use crate::parse::{blocks, BlockKind};
use crate::terms::TermMatcher;

/// One key point of a model answer.
#[derive(Debug, Clone)]
pub struct KeyPoint {
    /// Where the point is first said in the guide (byte range of the guide text).
    pub span: Span,
    /// Every unit of the guide that says it.
    pub spans: Vec<Span>,
    /// The point as plain text, labels and markup removed.
    pub text: String,
    /// Concept keys with their weights (salience of each word for this answer).
    pub keys: Vec<(String, f32)>,
    /// How much the point matters: rare words and guide terms weigh most.
    pub salience: f32,
}

/// Weight kept by words of the question itself: every point is about them.
const TOPIC_FACTOR: f32 = 0.25;
/// Weight of a guide term's key.
const TERM_WEIGHT: f32 = 0.8;
/// Below this salient weight a unit is a fragment, not a point.
const FRAGMENT: f32 = 0.3;
/// A unit with this many salient concepts or fewer is a fragment
/// (`Across partitions, no guarantee.`, `Gotcha: wet boards.`).
const FRAGMENT_KEYS: usize = 3;
/// Share of a unit's weight found in another that makes it a restatement.
const RESTATES: f32 = 0.7;
/// Salient words a sentence shares with the one before it (and with no
/// other unit) that make it go on about the same idea (`… a retried batch
/// commits out of order. The idempotent producer fixes the retry case.`).
const CONTINUES: usize = 2;

/// Discourse openers that frame a sentence without adding to it.
const OPENERS: [&str; 22] = [
    "in short",
    "in practice",
    "in other words",
    "in summary",
    "in general",
    "put simply",
    "simply put",
    "that said",
    "similarly",
    "concretely",
    "basically",
    "essentially",
    "also",
    "so",
    "however",
    "otherwise",
    "overall",
    "finally",
    "likewise",
    "in fact",
    "importantly",
    "note that",
];

#[derive(Debug, Clone)]
struct Unit {
    block: usize,
    spans: Vec<Span>,
    text: String,
    /// Raw (unweighted) concept keys of the unit.
    keys: HashSet<String>,
}

/// The key points of question `item`'s model answer.
pub(crate) fn key_points(
    guide: &Guide,
    matcher: &TermMatcher,
    model: &GuideModel,
    item: ItemId,
) -> Vec<KeyPoint> {
    let Some(it) = guide.items.get(item) else {
        return Vec::new();
    };
    let base = it.body.start;
    let Some(answer) = guide.text.get(base..it.range.end) else {
        return Vec::new();
    };
    let units = units(answer, base, matcher);
    if units.is_empty() {
        return Vec::new();
    }
    let topic: HashSet<String> = concepts(&it.title, matcher)
        .into_iter()
        .map(|c| c.key)
        .collect();
    // How many units say each word: a word only two neighbouring
    // sentences share ties them into one idea.
    let mut share: HashMap<String, usize> = HashMap::new();
    for u in &units {
        for k in &u.keys {
            *share.entry(k.clone()).or_default() += 1;
        }
    }
    let weight = |k: &str| -> f32 {
        let w = if k.starts_with('#') {
            TERM_WEIGHT
        } else {
            model.idf(k).max(0.05)
        };
        if topic.contains(k) {
            w * TOPIC_FACTOR
        } else {
            w
        }
    };
    let weighted: Vec<HashMap<String, f32>> = units
        .iter()
        .map(|u| u.keys.iter().map(|k| (k.clone(), weight(k))).collect())
        .collect();
    let mut points = merge(units, weighted, &share);
    distinguish(&mut points);
    points
}

/// A word several points say tells those points apart less: its weight in
/// each is divided by how many points say it (an inverse document
/// frequency within the answer). Salience follows the new weights.
fn distinguish(points: &mut [KeyPoint]) {
    if points.len() < 3 {
        return;
    }
    let mut share: HashMap<String, usize> = HashMap::new();
    for p in points.iter() {
        for (k, _) in &p.keys {
            *share.entry(k.clone()).or_default() += 1;
        }
    }
    for p in points.iter_mut() {
        for (k, w) in p.keys.iter_mut() {
            let s = share.get(k.as_str()).copied().unwrap_or(1).max(1);
            *w /= s as f32;
        }
        p.keys
            .sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        p.salience = salience(&p.keys);
    }
}

/// How much a point matters: the weight of its most salient words.
fn salience(keys: &[(String, f32)]) -> f32 {
    keys.iter().take(6).map(|(_, w)| w).sum()
}

/// Splits an answer into units (offsets made absolute with `base`).
fn units(answer: &str, base: usize, matcher: &TermMatcher) -> Vec<Unit> {
    let mut out = Vec::new();
    for (bi, b) in blocks(answer).iter().enumerate() {
        match b.kind {
            BlockKind::Paragraph | BlockKind::ListItem => {
                let Some(content) = answer.get(b.content.start..b.content.end) else {
                    continue;
                };
                for s in sentences(content) {
                    let raw = &content[s.start..s.end];
                    let Some((skip, text)) = strip_filler(raw) else {
                        continue;
                    };
                    let start = b.content.start + s.start + skip;
                    let cs = concepts(&content[s.start + skip..s.end], matcher);
                    push_unit(&mut out, bi, base, start, s.end - s.start - skip, text, &cs);
                }
            }
            BlockKind::Table => {
                let header: Vec<String> = b
                    .cells
                    .first()
                    .map(|row| row.iter().map(|c| cell(answer, *c)).collect())
                    .unwrap_or_default();
                for row in b.cells.iter().skip(1) {
                    let (Some(first), Some(last)) = (row.first(), row.last()) else {
                        continue;
                    };
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| cell(answer, *c))
                        .filter(|c| !c.is_empty())
                        .collect();
                    if cells.is_empty() {
                        continue;
                    }
                    let text = cells.join(" — ");
                    let mut cs = concepts(&text, matcher);
                    // A column heading is context, not what the row says.
                    let head: HashSet<String> = header
                        .iter()
                        .flat_map(|h| concepts(h, matcher))
                        .map(|c| c.key)
                        .collect();
                    if cs.iter().any(|c| !head.contains(&c.key)) {
                        cs.retain(|c| !head.contains(&c.key));
                    }
                    let len = last.end.saturating_sub(first.start);
                    push_unit(&mut out, bi, base, first.start, len, text, &cs);
                }
            }
            // Code is an illustration of a point, not one; headings and
            // other blocks say nothing by themselves.
            _ => {}
        }
    }
    out
}

fn push_unit(
    out: &mut Vec<Unit>,
    block: usize,
    base: usize,
    start: usize,
    len: usize,
    text: String,
    cs: &[Concept],
) {
    // An identifier counts by its parts: a draft may spell them out
    // (`not enough replicas`) or name the identifier (which has the parts too).
    let keys: HashSet<String> = cs
        .iter()
        .filter(|c| !c.in_term && ((c.strength >= 1.0 && !c.compound) || c.part))
        .map(|c| c.key.clone())
        .collect();
    if keys.is_empty() {
        return;
    }
    out.push(Unit {
        block,
        spans: vec![Span::new(base + start, base + start + len)],
        text,
        keys,
    });
}

fn cell(text: &str, s: Span) -> String {
    crate::parse::inline_plain(text.get(s.start..s.end).unwrap_or("").trim())
        .trim()
        .to_string()
}

/// Drops a leading label (`Gotcha:`, `(2)`, `In short,`) from a sentence:
/// the byte count skipped and the plain text left, or `None` for a lead-in
/// that only introduces what follows (`Four things in combination:`).
fn strip_filler(raw: &str) -> Option<(usize, String)> {
    let mut skip = 0;
    let mut rest = raw;
    loop {
        let before = rest.len();
        // Enumeration markers: `(1)`, `1)`, `(a)`, `1.`
        let t = rest.trim_start();
        if let Some(inner) = t.strip_prefix('(') {
            if let Some(close) = inner.find(')') {
                if close <= 2 && inner[..close].chars().all(|c| c.is_alphanumeric()) {
                    rest = &inner[close + 1..];
                }
            }
        }
        // A short label before a colon, outside code.
        if let Some(colon) = rest.find(':') {
            let label = &rest[..colon];
            let after = &rest[colon + 1..];
            let n = crate::text::words(label).count();
            // What follows must say something in words: a lead-in to code
            // (`Always set it explicitly: `x = 1``) is the point itself.
            let code_only = after
                .trim()
                .trim_end_matches(['.', ';'])
                .strip_prefix('`')
                .is_some_and(|c| c.ends_with('`') && !c[..c.len() - 1].contains('`'));
            if (1..=4).contains(&n)
                && !label.contains('`')
                && after.starts_with([' ', '\n'])
                && !code_only
            {
                rest = after;
            }
        }
        // Discourse openers followed by a comma.
        let lower = rest.trim_start().to_lowercase();
        for o in OPENERS {
            if let Some(r) = lower.strip_prefix(o) {
                if r.starts_with(',') {
                    let trimmed = rest.trim_start();
                    rest = &trimmed[o.len() + 1..];
                    break;
                }
            }
        }
        skip += before - rest.len();
        if rest.len() == before {
            break;
        }
    }
    let lead = rest.len() - rest.trim_start().len();
    skip += lead;
    let rest = rest.trim();
    if rest.is_empty() || raw.trim_end().ends_with(':') {
        return None;
    }
    let mut text = crate::parse::inline_plain(rest);
    // `un-keyed writes` → `Un-keyed writes`: the point stands alone now.
    if let Some(first) = text.chars().next() {
        if first.is_lowercase() {
            text = first.to_uppercase().chain(text.chars().skip(1)).collect();
        }
    }
    Some((skip, text))
}

/// Units → points: restatements join what they restate, fragments join
/// their closest neighbour.
fn merge(
    units: Vec<Unit>,
    weighted: Vec<HashMap<String, f32>>,
    share: &HashMap<String, usize>,
) -> Vec<KeyPoint> {
    struct Acc {
        block: usize,
        spans: Vec<Span>,
        texts: Vec<String>,
        keys: HashMap<String, f32>,
    }
    let salient = |keys: &HashMap<String, f32>| keys.values().filter(|w| **w >= 0.2).sum::<f32>();
    // Share of `a`'s weight that `b` holds too.
    let within = |a: &HashMap<String, f32>, b: &HashMap<String, f32>| {
        let total: f32 = a.values().sum();
        if total <= 0.0 {
            return 0.0;
        }
        a.iter()
            .filter(|(k, _)| b.contains_key(*k))
            .map(|(_, w)| w)
            .sum::<f32>()
            / total
    };
    let mut accs: Vec<Acc> = Vec::new();
    for (u, keys) in units.into_iter().zip(weighted) {
        if let Some(p) = accs
            .iter_mut()
            .find(|p| salient(&keys) > 0.0 && within(&keys, &p.keys) >= RESTATES)
        {
            // Said again: the same idea, so the same point.
            p.spans.extend(u.spans);
            continue;
        }
        if let Some(p) = accs.last_mut().filter(|p| {
            p.block == u.block
                && keys
                    .iter()
                    .filter(|(k, w)| {
                        **w >= 0.2
                            && share.get(k.as_str()) == Some(&2)
                            && p.keys.contains_key(k.as_str())
                    })
                    .count()
                    >= CONTINUES
        }) {
            // Goes on about the sentence before it: one idea in two sentences.
            p.spans.extend(u.spans);
            p.texts.push(u.text);
            for (k, w) in keys {
                let e = p.keys.entry(k).or_insert(0.0);
                *e = e.max(w);
            }
            continue;
        }
        accs.push(Acc {
            block: u.block,
            spans: u.spans,
            texts: vec![u.text],
            keys,
        });
    }
    // Fragments join a neighbour in the same block.
    let mut i = 0;
    while i < accs.len() {
        // Words of the question do not make a unit stand alone.
        let own = accs[i].keys.values().filter(|w| **w >= 0.2).count();
        let thin = own <= FRAGMENT_KEYS || salient(&accs[i].keys) < FRAGMENT;
        if !thin || accs.len() == 1 {
            i += 1;
            continue;
        }
        let block = accs[i].block;
        let prev = (i > 0 && accs[i - 1].block == block).then(|| i - 1);
        let next = (i + 1 < accs.len() && accs[i + 1].block == block).then_some(i + 1);
        let score = |j: usize| within(&accs[i].keys, &accs[j].keys);
        let target = match (prev, next) {
            (Some(p), Some(n)) => Some(if score(n) > score(p) { n } else { p }),
            (Some(p), None) => Some(p),
            (None, Some(n)) => Some(n),
            (None, None) => None,
        };
        let Some(t) = target else {
            if salient(&accs[i].keys) < 0.3 {
                accs.remove(i);
            } else {
                i += 1;
            }
            continue;
        };
        let frag = accs.remove(i);
        let t = if t > i { t - 1 } else { t };
        let dest = &mut accs[t];
        if t < i {
            dest.texts.extend(frag.texts);
            dest.spans.extend(frag.spans);
        } else {
            let mut texts = frag.texts;
            texts.append(&mut dest.texts);
            dest.texts = texts;
            let mut spans = frag.spans;
            spans.append(&mut dest.spans);
            dest.spans = spans;
        }
        for (k, w) in frag.keys {
            let e = dest.keys.entry(k).or_insert(0.0);
            *e = e.max(w);
        }
        // Re-examine from the merged point.
        i = t;
    }
    accs.into_iter()
        .map(|a| {
            let mut keys: Vec<(String, f32)> = a.keys.into_iter().collect();
            keys.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            let salience = salience(&keys);
            KeyPoint {
                span: a.spans.first().copied().unwrap_or_default(),
                spans: a.spans,
                text: a.texts.join(" "),
                keys,
                salience,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_openers_are_dropped() {
        assert_eq!(
            strip_filler("Gotcha: two writers race.").map(|x| x.1),
            Some("Two writers race.".into())
        );
        assert_eq!(
            strip_filler("In short, the log wins.").map(|x| x.1),
            Some("The log wins.".into())
        );
        assert_eq!(
            strip_filler("Things that break it: (1) `un-keyed` writes.").map(|x| x.1),
            Some("Un-keyed writes.".into())
        );
        assert_eq!(strip_filler("Three steps in order:"), None);
        assert_eq!(
            strip_filler("Always proof it cold: `fridge(4)`.").map(|x| x.1),
            Some("Always proof it cold: fridge(4).".into())
        );
        assert_eq!(
            strip_filler("Set `a: b` first.").map(|x| x.1),
            Some("Set a: b first.".into())
        );
    }
}
