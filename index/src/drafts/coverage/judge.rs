//! Whether a draft says a key point, lexically: the point's weighted
//! concepts found in a short stretch of the draft (a sentence or two), so
//! that words scattered over unrelated sentences do not add up to an idea.

use std::collections::HashMap;

use super::concepts::{concepts, key_match, key_strengths};
use super::points::KeyPoint;
use super::sentences::sentences;
use crate::model::Span;
use crate::parse::{Block, BlockKind};
use crate::terms::TermMatcher;

/// Sentences of the draft body that a point may be said in.
const WINDOW: usize = 2;

/// A draft body as concept sets, one per stretch of consecutive sentences.
pub(crate) struct DraftConcepts {
    windows: Vec<HashMap<String, f32>>,
    /// The sentences, as written (for embeddings).
    pub sentences: Vec<String>,
}

impl DraftConcepts {
    /// The answer whose body is `body` (a byte range of `text`), from the
    /// blocks `text` was parsed into: a keystroke parses the draft once.
    pub(crate) fn within(
        text: &str,
        body: Span,
        parsed: &[Block],
        matchers: &[&TermMatcher],
    ) -> Self {
        let mut sents: Vec<HashMap<String, f32>> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let inside = parsed
            .iter()
            .filter(|b| body.start <= b.span.start && b.span.end <= body.end);
        for b in inside {
            if matches!(b.kind, BlockKind::Heading(_)) {
                continue;
            }
            // List items also own their nested lists: take only the first paragraph.
            let span = match b.kind {
                BlockKind::ListItem => b.content,
                _ => b.span,
            };
            let Some(text) = text.get(span.start..span.end) else {
                continue;
            };
            for s in sentences(text) {
                let t = &text[s.start..s.end];
                let mut keys: HashMap<String, f32> = HashMap::new();
                for m in matchers {
                    let cs = concepts(t, m);
                    for (k, v) in key_strengths(&cs) {
                        let e = keys.entry(k.to_string()).or_insert(0.0);
                        *e = e.max(v);
                    }
                }
                if !keys.is_empty() {
                    sents.push(keys);
                    texts.push(crate::parse::inline_plain(t));
                }
            }
        }
        let mut windows = Vec::with_capacity(sents.len() * 2);
        for i in 0..sents.len() {
            windows.push(sents[i].clone());
            if WINDOW > 1 && i + 1 < sents.len() {
                let mut w = sents[i].clone();
                for next in sents.iter().take((i + WINDOW).min(sents.len())).skip(i + 1) {
                    for (k, v) in next {
                        let e = w.entry(k.clone()).or_insert(0.0);
                        *e = e.max(*v);
                    }
                }
                windows.push(w);
            }
        }
        DraftConcepts {
            windows,
            sentences: texts,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }

    /// The share of the point's weight the best stretch of the draft says (0..=1).
    pub(crate) fn score(&self, point: &KeyPoint) -> f32 {
        let total: f32 = point.keys.iter().map(|(_, w)| w).sum();
        if total <= 0.0 {
            return 0.0;
        }
        self.windows
            .iter()
            .map(|w| {
                point
                    .keys
                    .iter()
                    .map(|(k, weight)| weight * best(k, w))
                    .sum::<f32>()
                    / total
            })
            .fold(0.0, f32::max)
    }
}

fn best(key: &str, window: &HashMap<String, f32>) -> f32 {
    if let Some(s) = window.get(key) {
        return *s;
    }
    window
        .iter()
        .map(|(d, s)| key_match(key, d) * s)
        .fold(0.0, f32::max)
}
