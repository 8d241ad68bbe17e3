//! Guide items related to a note the student wrote in their own words.
//!
//! Lexically, the note becomes a query of its most salient words: those
//! the guide uses, weighted by how often the note says them and how rare
//! they are in the guide (tf × log(guide words / guide count)), kept in the
//! note's order so adjacent pairs still earn the phrase bonus. With a
//! model, that ranking is fused with the cosine between the note and each
//! item's passages (see `fusion`).

use std::collections::HashMap;

use super::{Hit, KindFilter, SearchIndex};
use crate::error::Result;
use crate::model::Guide;

/// Words kept from a note as its lexical query.
pub const SALIENT_WORDS: usize = 12;
/// Characters of a note considered.
const NOTE_LIMIT: usize = 64 * 1024;

impl SearchIndex {
    /// The salient-words query for `note` (empty when it shares no
    /// meaningful word with the guide).
    pub fn related_query(&self, guide: &Guide, note: &str) -> String {
        let vocab = self.vocab(guide);
        let total: f64 = vocab.values().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
        let mut plain = self.plain.clone();
        let mut order: Vec<String> = Vec::new();
        let mut tf: HashMap<String, u32> = HashMap::new();
        let mut words = plain.token_stream(super::query::clip(note, NOTE_LIMIT));
        while words.advance() {
            let w = words.token().text.as_str();
            if w.chars().count() < 3
                || w.chars().all(|c| c.is_ascii_digit())
                || super::is_stop_word(w)
            {
                continue;
            }
            match tf.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    tf.insert(w.to_string(), 1);
                    order.push(w.to_string());
                }
            }
        }
        let mut weighted: Vec<(f64, usize)> = order
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let cf = f64::from(*vocab.get(w)?);
                let n = f64::from(tf.get(w).copied().unwrap_or(1));
                Some(((1.0 + n.ln()) * (total / cf).ln(), i))
            })
            .collect();
        weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        weighted.truncate(SALIENT_WORDS);
        weighted.sort_by_key(|&(_, i)| i);
        weighted
            .iter()
            .map(|&(_, i)| order[i].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Items related to `note`, lexically (best first).
    pub fn related_lexical(
        &self,
        guide: &Guide,
        note: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let q = self.related_query(guide, note);
        self.search(guide, &q, filter, limit)
    }
}

/// The part of a note that `line` (0-based) belongs to: from its enclosing
/// heading to the next heading of any level; the whole text when `line` is
/// `None`. Headings inside fenced code blocks do not count.
pub fn note_section(text: &str, line: Option<u32>) -> &str {
    let Some(line) = line else {
        return text;
    };
    let mut starts: Vec<usize> = Vec::new(); // byte offset of each heading line
    let mut offset = 0usize;
    let mut fence = false;
    let mut line_starts = Vec::new();
    for l in text.split_inclusive('\n') {
        line_starts.push(offset);
        let t = l.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        } else if !fence && is_heading(t) {
            starts.push(offset);
        }
        offset += l.len();
    }
    let Some(&at) = line_starts.get(line as usize) else {
        return text;
    };
    let start = starts
        .iter()
        .rev()
        .find(|&&s| s <= at)
        .copied()
        .unwrap_or(0);
    let end = starts
        .iter()
        .find(|&&s| s > at)
        .copied()
        .unwrap_or(text.len());
    &text[start..end]
}

fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t', '\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_runs_from_heading_to_next_heading() {
        let t = "intro\n# A\na1\na2\n## B\nb1\n```\n# not a heading\n```\n# C\nc1\n";
        assert_eq!(note_section(t, Some(2)), "# A\na1\na2\n");
        assert!(note_section(t, Some(5)).starts_with("## B\nb1\n```"));
        assert!(
            note_section(t, Some(7)).ends_with("```\n"),
            "fenced # is not a heading"
        );
        assert_eq!(note_section(t, Some(0)), "intro\n");
        assert_eq!(note_section(t, None), t);
        assert_eq!(note_section(t, Some(999)), t);
        assert_eq!(note_section("", Some(0)), "");
    }
}
