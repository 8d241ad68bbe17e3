//! Glossary lead-ins from a line scan, for the heading skim: the terms the
//! full extraction gives at the same lines, found in a few milliseconds
//! without a parse, so workspace symbols can name terms while a guide not
//! yet in the cache is indexed.
//!
//! The scan keeps only what it can be sure the extraction agrees on: a
//! lead-in opening a top-level paragraph or a list item of at most three
//! spaces' indent, with its definition on the same line, under a heading
//! that is neither the title nor a Q&A or scenario (where lead-ins are often
//! discourse labels), named by no section heading and by no earlier
//! lead-in. Everything else it leaves to the index. Tests hold it to the
//! extraction on every guide we have and on generated markdown.

use std::collections::HashSet;

use super::name_groups::group_roots;

use super::lead_in::{is_remark, lead_in_names, LeadIn};
use super::names::opens_with_function_word;
use super::sections::section_names;
use crate::block_lines::{atx, is_setext_underline, lines, Line};
use crate::model::ItemKind;
use crate::text::phrase_key;

/// What the scan needs of a heading.
#[derive(Debug, Clone, Copy)]
pub struct HeadingRef<'a> {
    /// Byte offset of the heading line.
    pub start: usize,
    pub kind: ItemKind,
    pub title: &'a str,
    pub number: Option<&'a str>,
}

/// A term the extraction defines at `start`, the first byte of its
/// lead-in's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkimmedTerm {
    /// The canonical name, as the extracted term has it.
    pub name: String,
    /// Other names on the same line (the extracted term may have more).
    pub aliases: Vec<String>,
    pub start: usize,
}

/// The lead-in terms of `text`, in document order. `headings` are the
/// text's headings in order, as the outline has them.
pub fn skimmed_lead_ins(text: &str, headings: &[HeadingRef]) -> Vec<SkimmedTerm> {
    let taken = section_keys(headings);
    let all: Vec<Line> = lines(text).collect();
    let mut found: Vec<Found> = Vec::new();
    for (k, line) in all.iter().enumerate() {
        let prev = k.checked_sub(1).and_then(|p| all.get(p));
        let blank = line.body.trim().is_empty();
        // Raw HTML may open a block that holds anything up to the next
        // blank line.
        if line.fenced || line.html || blank {
            continue;
        }
        let block_start = prev.is_none_or(|p| p.fenced || p.body.trim().is_empty() || is_atx(p));
        if line.indent > 3 {
            continue;
        }
        let Some(start) = lead_in_start(line, prev, block_start) else {
            continue;
        };
        let next = all.get(k + 1).filter(|n| !n.fenced);
        if next.is_some_and(|n| is_setext_underline(n.body) || is_delimiter_row(n.body)) {
            continue;
        }
        let first_line = text[start..line.start + line.indent + line.body.len()].trim_end();
        let Some(names) = lead_in_terms(first_line, &all[k + 1..]) else {
            continue;
        };
        // Lead-ins in the preamble never become terms; those in an answer,
        // or opening with a function word, do only if the guide uses the
        // name elsewhere, which a line scan cannot tell: they still claim
        // their names, but the skim gives no term for them.
        let in_answer = match item_kind_at(headings, line.start) {
            Some(ItemKind::Title) | None => continue,
            Some(kind) => matches!(kind, ItemKind::Question | ItemKind::Scenario),
        };
        for names in names {
            let sure = !in_answer && !opens_with_function_word(&names[0]);
            found.push(Found { names, start, sure });
        }
    }
    first_of_each_name(found, &taken)
}

/// Where a lead-in's text would start on this line: after a list marker,
/// or at the start of a top-level paragraph.
fn lead_in_start(line: &Line, prev: Option<&Line>, block_start: bool) -> Option<usize> {
    let body = line.body;
    let offset = line.start + line.indent;
    if let Some(after) = list_marker(body, prev, block_start) {
        let content = &body[after..];
        let spaces = content.len() - content.trim_start_matches(' ').len();
        // Five spaces open indented code inside the item.
        if spaces > 4 || opens_other_block(content.trim_start()) {
            return None;
        }
        return Some(offset + after + spaces);
    }
    // Paragraphs: only at the margin, after a blank line or a heading, so
    // that neither a list item nor a block quote can claim the line.
    if line.indent == 0 && block_start && !opens_other_block(body) {
        return Some(offset);
    }
    None
}

/// Byte length of a list marker opening `body` (`- `, `* `, `+ `, `1. `,
/// `2) `), when the line is a list item for sure.
fn list_marker(body: &str, prev: Option<&Line>, block_start: bool) -> Option<usize> {
    let bytes = body.as_bytes();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            // An ordered item interrupts a paragraph only when it is number
            // one; elsewhere the line may be the paragraph's continuation.
            let follows_item = prev.is_some_and(|p| list_marker(p.body, None, true).is_some());
            if !(block_start || follows_item || &body[..digits] == "1") {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    if bytes.get(marker) != Some(&b' ') || is_thematic_break(body) {
        return None;
    }
    Some(marker)
}

/// `---`, `* * *`, `___`: a break, not an item.
fn is_thematic_break(body: &str) -> bool {
    let mut marks = body.bytes().filter(|b| !b.is_ascii_whitespace());
    let Some(first @ (b'-' | b'*' | b'_')) = marks.next() else {
        return false;
    };
    let mut n = 1;
    for b in marks {
        if b != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// Text that opens a block other than a paragraph, or that the scan does
/// not judge (tabs, link reference definitions, raw HTML).
fn opens_other_block(s: &str) -> bool {
    s.is_empty()
        || s.starts_with(['>', '<', '|', '\t', '`', '~', '[', '#', '='])
        || atx(s).is_some()
        || list_marker(s, None, true).is_some()
        || is_thematic_break(s)
}

fn is_atx(line: &Line) -> bool {
    !line.fenced && line.indent < 4 && atx(line.body).is_some()
}

/// A pipe table's delimiter row (`|---|:--:|`, `--- | ---`).
fn is_delimiter_row(body: &str) -> bool {
    let t = body.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The name groups a lead-in line defines, when its definition starts on
/// the line. A `?` soon after the separator may make it a flash card, which
/// ranks lower than a glossary entry: such lines are left to the index.
fn lead_in_terms(first_line: &str, after: &[Line]) -> Option<Vec<Vec<String>>> {
    let LeadIn { groups, rest, .. } = lead_in_names(first_line)?;
    // What `clean_definition` keeps of the line, without its copy.
    let definition = rest.trim().trim_start_matches(['—', '–', ':', '-']).trim();
    if definition.is_empty() || is_remark(definition) || definition.contains('?') {
        return None;
    }
    let mut seen = definition.len();
    for line in after
        .iter()
        .take_while(|l| !l.fenced && !l.body.trim().is_empty())
    {
        if seen > 100 {
            break;
        }
        if line.body.contains('?') {
            return None;
        }
        seen += line.body.len() + 1;
    }
    Some(groups)
}

/// The kind of the innermost heading above `offset`: the last one before it.
fn item_kind_at(headings: &[HeadingRef], offset: usize) -> Option<ItemKind> {
    let idx = headings.partition_point(|h| h.start <= offset);
    idx.checked_sub(1).map(|i| headings[i].kind)
}

/// Name keys a numbered section heading claims: a section term outranks a
/// glossary entry of the same name.
fn section_keys(headings: &[HeadingRef]) -> HashSet<String> {
    headings
        .iter()
        .filter(|h| h.kind == ItemKind::Section)
        .filter_map(|h| section_names(h.title, h.number?))
        .flat_map(|names| {
            names
                .all()
                .iter()
                .map(|n| phrase_key(n))
                .collect::<Vec<_>>()
        })
        .filter(|k| !k.is_empty())
        .collect()
}

/// One lead-in's names on a line.
struct Found {
    names: Vec<String>,
    start: usize,
    /// Whether the index surely keeps it.
    sure: bool,
}

/// Lead-ins sharing a name (directly or through another lead-in) are one
/// term, placed at the first; a term is given only when that first one is
/// sure and no name of the group is a section's.
fn first_of_each_name(found: Vec<Found>, taken: &HashSet<String>) -> Vec<SkimmedTerm> {
    let keys: Vec<Vec<String>> = found
        .iter()
        .map(|f| f.names.iter().map(|n| phrase_key(n)).collect())
        .collect();
    let roots = group_roots(&keys);
    let mut claimed = vec![false; found.len()];
    for (ks, &root) in keys.iter().zip(&roots) {
        if ks.iter().any(|k| taken.contains(k)) {
            claimed[root] = true;
        }
    }
    found
        .iter()
        .zip(&keys)
        .enumerate()
        .filter(|&(i, (f, _))| f.sure && roots[i] == i && !claimed[i])
        .map(|(_, (f, ks))| {
            // Only the line's own names: others in the group may belong to
            // lead-ins the index drops.
            let mut aliases = Vec::new();
            let mut seen: Vec<&String> = ks.iter().take(1).collect();
            for (n, k) in f.names.iter().zip(ks).skip(1) {
                if !seen.contains(&k) {
                    seen.push(k);
                    aliases.push(n.clone());
                }
            }
            SkimmedTerm {
                name: f.names[0].clone(),
                aliases,
                start: f.start,
            }
        })
        .collect()
}
