//! A key point as a diagnostic message: quoted whole when it is short, else
//! its most salient stretch of clauses, cut with `…`.

use std::collections::HashMap;

use super::super::lex::tokens;
use super::points::KeyPoint;

/// Longest quoted point.
pub const MAX_QUOTE: usize = 160;

/// `the model answer also says: "…"`
pub fn message(point: &KeyPoint) -> String {
    format!("the model answer also says: \"{}\"", shorten(point))
}

/// The point's text in at most [`MAX_QUOTE`] characters.
pub fn shorten(point: &KeyPoint) -> String {
    let text = crate::text::squash_whitespace(&point.text);
    if text.chars().count() <= MAX_QUOTE {
        return text;
    }
    let weights: HashMap<&str, f32> = point.keys.iter().map(|(k, w)| (k.as_str(), *w)).collect();
    let clauses = clauses(&text);
    let weight = |c: &(usize, usize)| -> f32 {
        tokens(&text[c.0..c.1])
            .iter()
            .filter_map(|t| weights.get(t.key.as_str()))
            .sum()
    };
    // The best contiguous run of clauses that fits (room for two `…`).
    let budget = MAX_QUOTE - 2;
    let mut best: Option<(f32, usize, usize)> = None;
    for i in 0..clauses.len() {
        let mut w = 0.0;
        for j in i..clauses.len() {
            let len = text[clauses[i].0..clauses[j].1].chars().count();
            if len > budget {
                break;
            }
            w += weight(&clauses[j]);
            if best.is_none_or(|b| w > b.0) {
                best = Some((w, i, j));
            }
        }
    }
    let Some((_, i, j)) = best else {
        return crate::text::truncate(&text, budget);
    };
    let (start, end) = (clauses[i].0, clauses[j].1);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(text[start..end].trim());
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Clause spans: cut after `. `, `; `, `, ` and around ` — `.
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        let cut = match c {
            '.' | ';' | ',' | ':' => b.get(i + 1) == Some(&b' '),
            '—' | '–' => true,
            _ => false,
        };
        if cut {
            let end = i + c.len_utf8();
            if text[start..end].trim().len() > 1 {
                out.push((start, end));
                start = end;
            }
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    // Trim each to its words.
    out.into_iter()
        .map(|(s, e)| {
            let seg = &text[s..e];
            let lead = seg.len() - seg.trim_start().len();
            (s + lead, e)
        })
        .collect()
}
