//! Does an answer tie itself to one of the user's anchor examples, and which
//! anchors fit a question's topic.
//!
//! A mention is a sentence in the writer's own voice (or right after one)
//! whose words, minus those of the question, carry enough of an anchor's
//! signature: its name, aliases, distinctive detail words and metrics,
//! weighted by how specific they are in the guide. Prompt words are topics,
//! so they only add to evidence that is already there.

use std::collections::{HashMap, HashSet};

use super::lex::{key_set, tokens, Tok};
use super::model::{AnchorSig, GuideModel, Source};
use super::voice;
use crate::model::AnchorId;

/// Evidence a sentence needs to count as naming an anchor.
pub(crate) const MENTION: f32 = 0.5;

/// What kind of block a sentence is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Text,
    ListItem,
    Heading,
}

/// A sentence of a markdown body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    /// Paragraphs (or list items) are numbered; framing carries within one.
    pub paragraph: usize,
    pub block: BlockKind,
}

/// Sentences of `text`, skipping fenced code.
pub(crate) fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut in_fence = false;
    let mut para: Option<(usize, BlockKind)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        let fence = t.starts_with("```") || t.starts_with("~~~");
        if in_fence {
            in_fence = !fence;
            continue;
        }
        let heading = t.starts_with('#');
        let item = t.starts_with(['-', '*', '+', '>', '|'])
            || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            });
        if t.is_empty() || fence || heading || item {
            if let Some((s, block)) = para.take() {
                split_sentences(text.get(s..start).unwrap_or(""), paragraph, block, &mut out);
            }
            paragraph += 1;
        }
        if fence {
            in_fence = true;
            continue;
        }
        if !t.is_empty() && para.is_none() {
            let block = if heading {
                BlockKind::Heading
            } else if item {
                BlockKind::ListItem
            } else {
                BlockKind::Text
            };
            para = Some((start, block));
        }
    }
    if let Some((s, block)) = para {
        split_sentences(text.get(s..).unwrap_or(""), paragraph, block, &mut out);
    }
    out
}

fn split_sentences<'a>(
    para: &'a str,
    paragraph: usize,
    block: BlockKind,
    out: &mut Vec<Sentence<'a>>,
) {
    let mut push = |s: &'a str| {
        let s = s.trim();
        if !s.is_empty() {
            out.push(Sentence {
                text: s,
                paragraph,
                block,
            });
        }
    };
    let mut start = 0;
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|&(_, n)| n.is_whitespace()) {
            push(&para[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    push(&para[start..]);
}

/// `Hook: …`, `**Anchor:** …`, `Personal example: …`: the writer labels the
/// sentence as their own example.
fn is_hook_label(sentence: &str) -> bool {
    let t = sentence
        .trim_start_matches(['*', '_', '-', '>', ' '])
        .to_lowercase();
    let Some((label, _)) = t.split_once(':') else {
        return false;
    };
    let label = label.trim_end_matches(['*', '_', ' ']);
    label.len() <= 24
        && label
            .split_whitespace()
            .any(|w| matches!(w, "hook" | "anchor" | "personal" | "experience"))
}

/// The distinct evidence keys of a sentence: its words and adjacent word
/// pairs (`k1 k2`), leaving out `excluded` words.
pub(crate) fn evidence_keys(toks: &[Tok], excluded: &HashSet<String>) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let unigrams = toks
        .iter()
        .filter(|t| !excluded.contains(&t.key))
        .map(|t| t.key.clone());
    // Pairs only of words adjacent in the text (no excluded word between).
    let pairs = toks
        .windows(2)
        .filter(|w| !excluded.contains(&w[0].key) && !excluded.contains(&w[1].key))
        .map(|w| format!("{} {}", w[0].key, w[1].key));
    // A name written in two words (`Argo CD`, `Active MQ`) is the one-word
    // name too.
    let joined = toks
        .windows(2)
        .filter(|w| w[0].capitalised && w[1].capitalised && !w[0].numeric && !w[1].numeric)
        .filter(|w| !excluded.contains(&w[0].key) && !excluded.contains(&w[1].key))
        .map(|w| format!("{}{}", w[0].key, w[1].key));
    unigrams
        .chain(pairs)
        .chain(joined)
        .filter(|k| seen.insert(k.clone()))
        .collect()
}

/// Evidence for one anchor in a sentence's keys (see [`evidence_keys`]).
pub(crate) fn evidence(sig: &AnchorSig, keys: &[String]) -> f32 {
    let (mut core, mut topic) = (0.0f32, 0.0f32);
    for k in keys {
        if let Some(f) = sig.features.get(k) {
            match f.source {
                Source::Prompt => topic += f.mention,
                _ => core += f.mention,
            }
        }
    }
    if core > 0.0 {
        core + topic
    } else {
        0.0
    }
}

/// Anchors `text` names, with the best sentence's evidence, best first.
/// With `personal`, only sentences in the writer's own voice count (or the
/// sentence right after one, in the same paragraph).
pub(crate) fn mentioned_anchors(
    model: &GuideModel,
    text: &str,
    excluded: &HashSet<String>,
    personal: bool,
) -> Vec<(AnchorId, f32)> {
    if model.anchors.is_empty() {
        return Vec::new();
    }
    let mut best: HashMap<AnchorId, f32> = HashMap::new();
    let sents = sentences(text);
    // Framing carries: to the next sentence of the paragraph; from a
    // personal sub-heading (`### My hook`) to its section; from a personal
    // lead-in ending with `:` to the list items after it.
    let mut prev_personal: Option<usize> = None;
    let mut heading_personal = false;
    let mut lead_in = false;
    for s in &sents {
        let v = voice::analyse(s.text);
        let own = personal && (voice::is_own_work_in(&v) || is_hook_label(s.text));
        // Only narration continues a sentence about own work: `I'd …`,
        // `I think …` or present-tense advice after it speaks for itself.
        let continues = voice::continues_own_work(&v);
        match s.block {
            BlockKind::Heading => heading_personal = own,
            BlockKind::Text => lead_in = false,
            BlockKind::ListItem => {}
        }
        let framed = !personal
            || own
            || heading_personal
            || (continues && prev_personal == Some(s.paragraph))
            || (lead_in && s.block == BlockKind::ListItem);
        prev_personal = own.then_some(s.paragraph);
        if own && s.text.trim_end_matches(['*', '_']).ends_with(':') {
            lead_in = true;
        }
        if !framed {
            continue;
        }
        let mut keys = evidence_keys(&tokens(s.text), excluded);
        // Outside the writer's own voice (the guide's model answers), a
        // number alone (`a pool of 20`) is not a project's metric.
        if !personal {
            keys.retain(|k| !k.starts_with(|c: char| c.is_ascii_digit()));
        }
        for (a, sig) in model.anchors.iter().enumerate() {
            let e = evidence(sig, &keys);
            if e >= MENTION {
                let b = best.entry(a).or_insert(0.0);
                *b = b.max(e);
            }
        }
    }
    let mut out: Vec<(AnchorId, f32)> = best.into_iter().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// How well each anchor of a guide fits a topic, best first. `focus` is the
/// question (title, heading) and counts double; `context` is the model
/// answer and the draft answer. Anchors the model answer itself uses get a
/// bonus.
pub(crate) fn topic_fit(
    model: &GuideModel,
    focus: &str,
    context: &str,
    used_by_model: &[(AnchorId, f32)],
    part: Option<crate::model::ItemId>,
) -> Vec<(AnchorId, f32)> {
    let focus_keys = key_set(focus);
    let context_keys = key_set(context);
    let mut out: Vec<(AnchorId, f32)> = model
        .anchors
        .iter()
        .enumerate()
        .map(|(a, sig)| {
            let mut s = 0.0;
            for (k, f) in &sig.features {
                if focus_keys.contains(k) {
                    s += 2.0 * f.topic;
                } else if context_keys.contains(k) {
                    s += f.topic;
                }
            }
            if used_by_model.iter().any(|(u, _)| *u == a) {
                s += 1.5 + 0.25 * s;
            }
            if part.is_some_and(|p| model.anchor_parts.get(a).is_some_and(|ps| ps.contains(&p))) {
                s += 0.5;
            }
            (a, s)
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}
