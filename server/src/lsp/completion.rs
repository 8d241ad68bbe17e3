//! Completion: `§` → sections and Q&As, `Part ` → parts and their Q&As,
//! otherwise guide terms for a word prefix of two or more characters.

use std::collections::HashSet;

use gloss_index::{ItemKind, Library};
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, Position, Range, TextEdit,
};

use super::documents::Document;
use super::position::{byte_to_col, Encoding};

const MAX_TERM_ITEMS: usize = 100;

pub fn completion(
    lib: &Library,
    doc: &Document,
    pos: Position,
    enc: Encoding,
) -> Option<Vec<CompletionItem>> {
    let (line, col) = doc.line_at(pos, enc)?;
    let before = &line[..col];
    let edit_range =
        |start: usize| Range::new(Position::new(pos.line, byte_to_col(&line, start, enc)), pos);
    // `§` followed by a partial number.
    let num_tail = before
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
        .len();
    if before[..num_tail].ends_with('§') {
        let start = num_tail - '§'.len_utf8();
        return Some(section_items(lib, &before[num_tail..], edit_range(start)));
    }
    // `Part ` followed by a partial number.
    let digits_tail = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if before[..digits_tail].ends_with("Part ") {
        let start = digits_tail - "Part ".len();
        let word_ok = start == 0
            || !before[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        if word_ok {
            return Some(part_items(lib, &before[digits_tail..], edit_range(start)));
        }
    }
    // A word prefix.
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-' || *c == '_')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let prefix = &before[word_start..];
    if prefix.chars().count() < 2 {
        return None;
    }
    Some(term_items(lib, prefix, edit_range(word_start)))
}

fn item(
    label: String,
    detail: String,
    kind: CompletionItemKind,
    range: Range,
    sort: usize,
) -> CompletionItem {
    CompletionItem {
        label: label.clone(),
        kind: Some(kind),
        detail: Some(detail),
        filter_text: Some(label.clone()),
        sort_text: Some(format!("{sort:06}")),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, label))),
        ..Default::default()
    }
}

fn section_items(lib: &Library, typed: &str, range: Range) -> Vec<CompletionItem> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for g in &lib.guides {
        for it in &g.guide.items {
            let ok = match it.kind {
                ItemKind::Section => true,
                ItemKind::Question | ItemKind::Scenario => it.label.starts_with('§'),
                _ => false,
            };
            let num = it.label.trim_start_matches('§');
            if !ok || !num.starts_with(typed) || !seen.insert(it.label.clone()) {
                continue;
            }
            let kind = if it.kind == ItemKind::Section {
                CompletionItemKind::MODULE
            } else {
                CompletionItemKind::REFERENCE
            };
            out.push(item(
                it.label.clone(),
                it.title.clone(),
                kind,
                range,
                out.len(),
            ));
        }
    }
    out
}

fn part_items(lib: &Library, typed: &str, range: Range) -> Vec<CompletionItem> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for g in &lib.guides {
        let items = &g.guide.items;
        for it in items {
            let (label, kind) = match it.kind {
                ItemKind::Part => (
                    format!("Part {}", it.number.as_deref().unwrap_or("")),
                    CompletionItemKind::MODULE,
                ),
                ItemKind::Question => {
                    let Some(part) = it.part.and_then(|p| items[p].number.clone()) else {
                        continue;
                    };
                    (
                        format!("Part {part} Q{}", it.number.as_deref().unwrap_or("")),
                        CompletionItemKind::REFERENCE,
                    )
                }
                _ => continue,
            };
            let num = &label["Part ".len()..];
            if !num.starts_with(typed) || !seen.insert(label.clone()) {
                continue;
            }
            out.push(item(label, it.title.clone(), kind, range, out.len()));
        }
    }
    out
}

fn term_items(lib: &Library, prefix: &str, range: Range) -> Vec<CompletionItem> {
    let p = prefix.to_lowercase();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for g in &lib.guides {
        for t in &g.guide.terms {
            let Some(name) = std::iter::once(&t.name)
                .chain(&t.aliases)
                .find(|n| n.to_lowercase().starts_with(&p))
            else {
                continue;
            };
            if !seen.insert(name.to_lowercase()) {
                continue;
            }
            let detail = if *name == t.name {
                t.aliases.join(", ")
            } else {
                t.name.clone()
            };
            let mut ci = item(
                name.clone(),
                detail,
                CompletionItemKind::CONSTANT,
                range,
                out.len(),
            );
            ci.documentation = Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: t.definition.clone(),
            }));
            out.push(ci);
            if out.len() >= MAX_TERM_ITEMS {
                return out;
            }
        }
    }
    out
}
