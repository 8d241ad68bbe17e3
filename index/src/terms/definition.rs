//! A candidate's definition text: a body's opening, a following list, and
//! the cleaning and capping every definition goes through.

use crate::model::{Guide, Span};
use crate::parse::{Block, BlockKind};
use crate::text::{first_sentences, squash_whitespace, truncate};

/// Longest definition kept, in bytes.
const MAX_DEFINITION: usize = 360;

/// The first paragraph or list item of a body, skipping code and tables.
/// A paragraph ending in `:` introduces a list, so its first items join it.
pub(super) fn opening_text(guide: &Guide, body: Span) -> Option<String> {
    let text = guide.slice(body);
    let mut para = String::new();
    let mut items: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            if !para.is_empty() && items.is_empty() && !para.ends_with(':') {
                break;
            }
            continue;
        }
        if in_code {
            continue;
        }
        if t.starts_with('|') || t.starts_with('#') {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        let marker = t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ");
        let content = if marker { t[2..].trim_start() } else { t };
        if para.ends_with(':') {
            if t.is_empty() {
                if items.is_empty() {
                    continue;
                }
                break;
            }
            if marker {
                if items.len() == 3 {
                    break;
                }
                items.push(content.to_string());
                continue;
            }
            match items.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(content);
                    continue;
                }
                None => break,
            }
        }
        if t.is_empty() {
            if !para.is_empty() {
                break;
            }
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(content);
    }
    // `… horizontally. Three strategies:` with no list after it: the
    // dangling introduction is dropped when a sentence precedes it.
    if items.is_empty() && para.ends_with(':') {
        if let Some(i) = para.trim_end_matches(':').rfind(". ") {
            para.truncate(i + 1);
        }
    }
    if !items.is_empty() {
        let list: Vec<String> = items
            .iter()
            .map(|i| i.trim_end_matches(['.', ';']).to_string())
            .collect();
        para = format!("{} {}.", para, list.join("; "));
    }
    let def = clean_definition(&para);
    (!def.is_empty()).then_some(def)
}

/// The list after a lead-in that ends in `:`, as `a; b; c`.
pub(super) fn following_list(guide: &Guide, blocks: &[Block], i: usize) -> Option<String> {
    let depth = blocks[i].depth;
    let items: Vec<String> = blocks[i + 1..]
        .iter()
        .take_while(|b| b.kind == BlockKind::ListItem && b.depth > depth.saturating_sub(1))
        .filter(|b| b.depth == blocks.get(i + 1).map_or(0, |f| f.depth))
        .take(3)
        .map(|b| clean_definition(guide.slice(b.content)))
        .collect();
    (!items.is_empty()).then(|| items.join("; "))
}

pub(super) fn clean_definition(s: &str) -> String {
    squash_whitespace(s.trim().trim_start_matches(['—', '–', ':', '-']).trim())
}

/// Up to two sentences, capped, with a capital first letter.
pub(super) fn finish_definition(def: &str) -> String {
    let short = first_sentences(def, 2);
    let short = truncate(short, MAX_DEFINITION);
    let mut chars = short.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() && !short.starts_with(|c: char| c.is_ascii_digit()) => {
            // Keep code-like lowercase starts (`acks=all`) as written.
            let first_word = short.split_whitespace().next().unwrap_or("");
            if first_word.contains(['=', '.', '_', '(']) {
                short
            } else {
                c.to_uppercase().collect::<String>() + chars.as_str()
            }
        }
        _ => short,
    }
}
