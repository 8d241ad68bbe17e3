//! Plain-text snippets: the stretch of a hit's text where the query's
//! words are densest.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

/// Target snippet length in bytes (about as many characters for English).
pub const SNIPPET_LEN: usize = 160;
/// Only this much of a body is scanned for query words.
const SCAN_LIMIT: usize = 8 * 1024;

/// About `SNIPPET_LEN` characters of `text` around its best-matching query
/// words, markdown emphasis removed, whitespace squashed, `…` where cut.
pub fn snippet(
    plain: &mut TextAnalyzer,
    stem: &mut TextAnalyzer,
    text: &str,
    highlight: &HashMap<String, f32>,
) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let scan = super::query::clip(text, SCAN_LIMIT);
    // (byte offset, weight, stem) of every query word in the text.
    let mut hits: Vec<(usize, f32, &str)> = Vec::new();
    // Stemming every word is the slow part: only words that begin like a
    // highlighted stem are stemmed (stemming only rewrites endings).
    let prefixes: Vec<&str> = highlight.keys().map(|k| super::query::clip(k, 3)).collect();
    let mut stream = plain.token_stream(scan);
    while stream.advance() {
        let t = stream.token();
        if !prefixes.iter().any(|p| t.text.starts_with(p)) {
            continue;
        }
        let mut word = stem.token_stream(&t.text);
        if word.advance() {
            if let Some((k, &w)) = highlight.get_key_value(word.token().text.as_str()) {
                hits.push((t.offset_from, w, k.as_str()));
            }
        }
    }
    drop(stream);
    let start = if hits.is_empty() {
        0
    } else {
        best_window(&hits)
    };
    cut(text, start)
}

/// Start of the window scoring the most distinct query words, leaving a
/// little lead-in before its first word.
fn best_window(hits: &[(usize, f32, &str)]) -> usize {
    let mut best = (f32::MIN, 0usize);
    let mut distinct: Vec<&str> = Vec::new();
    for (i, &(at, _, _)) in hits.iter().enumerate() {
        distinct.clear();
        let mut score = 0.0;
        for &(o, w, s) in &hits[i..] {
            if o >= at + SNIPPET_LEN * 3 / 4 {
                break;
            }
            if !distinct.contains(&s) {
                distinct.push(s);
                score += w;
            }
        }
        if score > best.0 {
            best = (score, at);
        }
    }
    best.1.saturating_sub(SNIPPET_LEN / 5)
}

fn cut(text: &str, start: usize) -> String {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Begin on a word boundary.
    if start > 0 {
        if let Some(sp) = text[start..].find(char::is_whitespace) {
            if sp < SNIPPET_LEN / 4 {
                start += sp;
            }
        }
    }
    let mut end = (start + SNIPPET_LEN).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if end < text.len() {
        if let Some(sp) = text[start..end].rfind(char::is_whitespace) {
            if sp > SNIPPET_LEN / 2 {
                end = start + sp;
            }
        }
    }
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    let mut space = false;
    for c in text[start..end].chars() {
        if c.is_whitespace() || c == '|' {
            space = true;
            continue;
        }
        if matches!(c, '*' | '`') {
            continue;
        }
        if space && !out.is_empty() && !out.ends_with('…') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::schema::{plain_analyzer, stem_analyzer};

    #[test]
    fn snippet_centres_on_the_words() {
        let text = format!(
            "{} The **fencing tokens** are checked by `storage`. {}",
            "filler words here. ".repeat(20),
            "more filler. ".repeat(20)
        );
        let mut hl = HashMap::new();
        hl.insert("fenc".to_string(), 1.0);
        hl.insert("token".to_string(), 1.0);
        let s = snippet(&mut plain_analyzer(), &mut stem_analyzer(), &text, &hl);
        assert!(s.contains("fencing tokens are checked by storage"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= SNIPPET_LEN + 2, "{s}");
    }

    #[test]
    fn snippet_without_match_is_the_start() {
        let s = snippet(
            &mut plain_analyzer(),
            &mut stem_analyzer(),
            "Short   body\n\ntext.",
            &HashMap::new(),
        );
        assert_eq!(s, "Short body text.");
    }
}
