//! Glossary bullets and paragraph lead-ins: `NAME (ALIAS) — definition`.

use super::definition::{clean_definition, finish_definition, following_list};
use super::names::{parse_names, split_outside_parens};
use super::words::REMARK_OPENERS;
use super::Candidate;
use crate::model::{Guide, TermOrigin};
use crate::parse::{inline_plain, Block};

/// Glossary bullet or paragraph lead-in: `NAME (ALIAS) — definition`.
/// `Sloppy quorum & hinted handoff: …` defines each of its names.
pub(super) fn lead_in(guide: &Guide, blocks: &[Block], i: usize) -> Vec<Candidate> {
    let block = &blocks[i];
    let content = guide.slice(block.content);
    let first_line = content.lines().next().unwrap_or("");
    let Some(LeadIn { groups, rest, sep }) = lead_in_names(first_line) else {
        return Vec::new();
    };
    let rest_full = &content[first_line.len() - rest.len()..];
    let mut definition = clean_definition(rest_full);
    if is_remark(&definition) {
        return Vec::new();
    }
    let mut origin = TermOrigin::Glossary;
    // `Term — solves what problem? Answer…`: keep the answer.
    if let Some(q) = definition.find("? ") {
        if q < 80 && !definition[..q].contains(['.', ':']) {
            definition = definition[q + 2..].to_string();
            origin = TermOrigin::FlashCard;
        }
    }
    if definition.is_empty() {
        // `Dead-letter queue (DLQ) pattern:` followed by a list: only trust
        // this shape when the name carries an acronym, i.e. is clearly a term.
        if sep != ':' || groups.iter().all(|names| names.len() < 2) {
            return Vec::new();
        }
        match following_list(guide, blocks, i) {
            Some(list) => definition = list,
            None => return Vec::new(),
        }
    }
    let definition = finish_definition(&definition);
    groups
        .into_iter()
        .map(|names| Candidate {
            names,
            definition: definition.clone(),
            origin,
            span: block.content,
            item: None,
        })
        .collect()
}

/// A lead-in line's names, one group per ` & ` part, and what follows its
/// separator on that line.
pub(super) struct LeadIn<'a> {
    pub groups: Vec<Vec<String>>,
    pub rest: &'a str,
    pub sep: char,
}

/// The names a lead-in line opens with, when every part of its head reads
/// as names.
pub(super) fn lead_in_names(first_line: &str) -> Option<LeadIn<'_>> {
    let (head, rest, sep) = split_lead(first_line)?;
    let head = inline_plain(head);
    let parts = split_outside_parens(&head, " & ");
    let groups: Vec<Vec<String>> = parts.iter().filter_map(|p| parse_names(p)).collect();
    (!groups.is_empty() && groups.len() == parts.len()).then_some(LeadIn { groups, rest, sep })
}

/// `Kafka: usually framed as CP …` remarks on the name in context; a
/// definition does not open with a frequency adverb.
pub(super) fn is_remark(definition: &str) -> bool {
    let opener = definition
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    REMARK_OPENERS.contains(&opener.trim_end_matches(','))
}

/// Splits a lead-in line at its separator: ` — `, ` – `, `: ` or `. `
/// followed by a capital. Returns (head, rest, separator).
fn split_lead(line: &str) -> Option<(&str, &str, char)> {
    let window = &line[..floor_boundary(line, 90)];
    // The first separator in one pass: every pattern opens with a space
    // or a colon.
    let mut best: Option<(usize, usize, char)> = None;
    for (i, b) in window.bytes().enumerate() {
        if b != b' ' && b != b':' {
            continue;
        }
        let at = &window[i..];
        let found = [(" — ", '—'), (" – ", '–'), (": ", ':'), (" -- ", '-')]
            .into_iter()
            .find(|(pat, _)| at.starts_with(pat));
        if let Some((pat, ch)) = found {
            best = Some((i, pat.len(), ch));
            break;
        }
    }
    if best.is_none() && window.trim_end().ends_with(':') {
        let i = window.trim_end().len() - 1;
        best = Some((i, 1, ':'));
    }
    if best.is_none() {
        if let Some(i) = window.find(". ") {
            let after = &line[i + 2..];
            if after.starts_with(|c: char| c.is_uppercase()) {
                best = Some((i, 2, '.'));
            }
        }
    }
    let (i, len, ch) = best?;
    let head = line[..i].trim();
    // A parenthetical may hold the separator character (`(Ongaro, 2014)`): reject unbalanced heads.
    if head.matches('(').count() != head.matches(')').count() {
        return None;
    }
    Some((head, &line[i + len..], ch))
}

fn floor_boundary(s: &str, max: usize) -> usize {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_in_shapes() {
        assert_eq!(
            split_lead("Bloom filter: a sketch").unwrap().0,
            "Bloom filter"
        );
        assert_eq!(
            split_lead("Compaction. Merges runs").unwrap().0,
            "Compaction"
        );
        assert!(split_lead("Compaction. merges runs").is_none());
        // The earliest separator wins, whichever it is.
        assert_eq!(split_lead("A: b — c").unwrap().0, "A");
        assert_eq!(split_lead("A — b: c").unwrap().0, "A");
        assert_eq!(split_lead("A -- b").unwrap().2, '-');
        assert_eq!(split_lead("Área – b").unwrap().0, "Área");
    }
}
