//! Does an answer tie itself to one of the user's anchor examples, and which
//! anchors fit a question's topic.
//!
//! A mention is a sentence in the writer's own voice (or right after one)
//! whose words, minus those of the question, carry enough of an anchor's
//! signature: its name, aliases, distinctive detail words and metrics,
//! weighted by how specific they are in the guide. Prompt words are topics,
//! so they only add to evidence that is already there.

use std::collections::{HashMap, HashSet};

use super::lex::{is_personal, key_set, tokens, Tok};
use super::model::{AnchorSig, GuideModel, Source};
use crate::model::AnchorId;

/// Evidence a sentence needs to count as naming an anchor.
pub(crate) const MENTION: f32 = 0.5;

/// A sentence of a markdown body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    /// Paragraphs (or list items) are numbered; framing carries within one.
    pub paragraph: usize,
}

/// Sentences of `text`, skipping fenced code.
pub(crate) fn sentences<'a>(text: &'a str) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut in_fence = false;
    let mut para_start: Option<usize> = None;
    let mut offset = 0;
    let flush =
        |start: Option<usize>, end: usize, paragraph: usize, out: &mut Vec<Sentence<'a>>| {
            if let Some(s) = start {
                split_sentences(text.get(s..end).unwrap_or(""), paragraph, out);
            }
        };
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(para_start.take(), start, paragraph, &mut out);
            paragraph += 1;
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let new_block = t.is_empty()
            || t.starts_with('#')
            || t.starts_with(['-', '*', '+', '>', '|'])
            || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            });
        if new_block {
            flush(para_start.take(), start, paragraph, &mut out);
            paragraph += 1;
        }
        if !t.is_empty() && para_start.is_none() {
            para_start = Some(start);
        }
    }
    flush(para_start.take(), text.len(), paragraph, &mut out);
    out
}

fn split_sentences<'a>(para: &'a str, paragraph: usize, out: &mut Vec<Sentence<'a>>) {
    let mut start = 0;
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            let end_here = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
            if end_here {
                let s = para[start..i + c.len_utf8()].trim();
                if !s.is_empty() {
                    out.push(Sentence { text: s, paragraph });
                }
                start = i + c.len_utf8();
            }
        }
    }
    let s = para[start..].trim();
    if !s.is_empty() {
        out.push(Sentence { text: s, paragraph });
    }
}

/// Evidence in `toks` for one anchor, ignoring `excluded` keys.
pub(crate) fn evidence(sig: &AnchorSig, toks: &[Tok], excluded: &HashSet<String>) -> f32 {
    let kept: Vec<Tok> = toks
        .iter()
        .filter(|t| !excluded.contains(&t.key))
        .cloned()
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let (mut core, mut topic) = (0.0f32, 0.0f32);
    let unigrams = kept.iter().map(|t| t.key.clone());
    // Bigrams only over words adjacent in the original text (no excluded word between).
    let pairs: Vec<String> = toks
        .windows(2)
        .filter(|w| !excluded.contains(&w[0].key) && !excluded.contains(&w[1].key))
        .map(|w| format!("{} {}", w[0].key, w[1].key))
        .collect();
    for k in unigrams.chain(pairs) {
        if !seen.insert(k.clone()) {
            continue;
        }
        if let Some(f) = sig.features.get(&k) {
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
    let mut prev_personal: Option<usize> = None;
    for s in &sents {
        let own = personal && is_personal(s.text);
        let framed = !personal || own || prev_personal == Some(s.paragraph);
        prev_personal = own.then_some(s.paragraph);
        if !framed {
            continue;
        }
        let toks = tokens(s.text);
        for (a, sig) in model.anchors.iter().enumerate() {
            let e = evidence(sig, &toks, excluded);
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
