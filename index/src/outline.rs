//! Builds the outline (parts, numbered sections, Q&As, scenarios) from the
//! headings of a parsed guide. Classification reads only heading shapes
//! (`Part N`, `4.3`, `Q5.`, `Scenario 2.`), never a particular guide's words.

use crate::model::{ItemId, ItemKind, OutlineItem, Span};
use crate::parse::{inline_plain, Block, BlockKind};
use crate::text::LineIndex;

/// Words that introduce numbered exercises, so `Scenario 3.` can be cited like a Q&A.
const EXERCISE_WORDS: [&str; 6] = ["Scenario", "Exercise", "Problem", "Case", "Drill", "Puzzle"];

pub fn build(text: &str, blocks: &[Block], lines: &LineIndex) -> Vec<OutlineItem> {
    let headings: Vec<(&Block, u8)> = blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading(level) => Some((b, level)),
            _ => None,
        })
        .collect();
    let mut items: Vec<OutlineItem> = Vec::with_capacity(headings.len());
    let mut stack: Vec<ItemId> = Vec::new();
    for (i, (block, level)) in headings.iter().enumerate() {
        let level = *level;
        let raw = text
            .get(block.content.start..block.content.end)
            .unwrap_or("");
        let title = inline_plain(raw.trim().trim_end_matches('#').trim());
        let next_start = headings
            .get(i + 1)
            .map_or(text.len(), |(b, _)| b.span.start);
        let end = headings[i + 1..]
            .iter()
            .find(|(_, l)| *l <= level)
            .map_or(text.len(), |(b, _)| b.span.start);
        while stack.last().is_some_and(|&p| items[p].level >= level) {
            stack.pop();
        }
        let parent = stack.last().copied();
        let (kind, number) = classify(&title, level, items.is_empty());
        let id = items.len();
        let part = if kind == ItemKind::Part {
            Some(id)
        } else {
            parent.and_then(|p| items[p].part)
        };
        let section = if kind == ItemKind::Section {
            Some(id)
        } else {
            parent.and_then(|p| items[p].section)
        };
        let heading_end = heading_line_end(text, block.span);
        items.push(OutlineItem {
            kind,
            level,
            title,
            number,
            label: String::new(),
            parent,
            part,
            section,
            heading: Span::new(block.span.start, heading_end),
            range: Span::new(block.span.start, end),
            body: Span::new(heading_end.min(next_start), next_start),
            line: lines.line_of(block.span.start),
        });
        stack.push(id);
    }
    for id in 0..items.len() {
        items[id].label = label(&items, id);
    }
    items
}

/// The end of the heading's own text (setext underlines included), excluding the newline.
fn heading_line_end(text: &str, span: Span) -> usize {
    let raw = text.get(span.start..span.end).unwrap_or("");
    span.start + raw.trim_end().len()
}

/// What a heading is (part, section, Q&A…) and its number, from its plain
/// title and level; `first` for the guide's first heading (its title).
pub fn classify(title: &str, level: u8, first: bool) -> (ItemKind, Option<String>) {
    if let Some(n) = part_number(title) {
        return (ItemKind::Part, Some(n));
    }
    if let Some(n) = section_number(title) {
        return (ItemKind::Section, Some(n));
    }
    if let Some(n) = question_number(title) {
        return (ItemKind::Question, Some(n));
    }
    for word in EXERCISE_WORDS {
        if let Some(n) = title.strip_prefix(word).and_then(numbered_label) {
            return (ItemKind::Scenario, Some(n));
        }
    }
    if level == 1 && first {
        return (ItemKind::Title, None);
    }
    (ItemKind::Heading, None)
}

/// `Part 4 — Kafka` → `4`; also `Part IV:`.
pub fn part_number(title: &str) -> Option<String> {
    let rest = title.strip_prefix("Part ")?.trim_start();
    let n: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let after = &rest[n.len()..];
    let is_number = !n.is_empty()
        && (n.chars().all(|c| c.is_ascii_digit()) || n.chars().all(|c| "IVXLC".contains(c)));
    let separated = after.is_empty() || after.starts_with([' ', ':', '.', '—', '–', '-']);
    (is_number && separated).then_some(n)
}

/// `4.3 Replication` → `4.3` (two or more dotted components).
pub fn section_number(title: &str) -> Option<String> {
    let n: String = title
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let n = n.trim_end_matches('.');
    let after = &title[n.len()..].trim_start_matches('.');
    let parts: Vec<&str> = n.split('.').collect();
    let valid = parts.len() >= 2 && parts.iter().all(|p| !p.is_empty());
    (valid && (after.is_empty() || after.starts_with(' '))).then(|| n.to_string())
}

/// `Q5. Explain …` → `5` (also `Q5:` and `Q5)`).
pub fn question_number(title: &str) -> Option<String> {
    title.strip_prefix('Q').and_then(numbered_label)
}

/// `5. text` / `5: text` / `5) text` / `5` → `5`.
fn numbered_label(rest: &str) -> Option<String> {
    let rest = rest.trim_start();
    let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if n.is_empty() {
        return None;
    }
    let after = &rest[n.len()..];
    (after.is_empty() || after.starts_with(['.', ':', ')', ' ', '—'])).then_some(n)
}

fn label(items: &[OutlineItem], id: ItemId) -> String {
    let item = &items[id];
    let number = item.number.as_deref().unwrap_or("");
    let scope = || {
        item.section
            .map(|s| format!("§{} ", items[s].number.as_deref().unwrap_or("")))
            .or_else(|| {
                item.part
                    .map(|p| format!("Part {} ", items[p].number.as_deref().unwrap_or("")))
            })
            .unwrap_or_default()
    };
    match item.kind {
        ItemKind::Part => format!("Part {number}"),
        ItemKind::Section => format!("§{number}"),
        ItemKind::Question => format!("{}Q{number}", scope()),
        ItemKind::Scenario => {
            let word = item.title.split_whitespace().next().unwrap_or("Scenario");
            format!("{}{word} {number}", scope())
        }
        ItemKind::Title | ItemKind::Heading => item.title.clone(),
    }
}

/// Heading text without its citation number: `Q5. Explain X` → `Explain X`,
/// `4.3 Replication` → `Replication`, `Part 4 — Kafka` → `Kafka`.
pub fn strip_number(item: &OutlineItem) -> &str {
    let title = item.title.as_str();
    let Some(number) = item.number.as_deref().filter(|n| !n.is_empty()) else {
        return title;
    };
    // Only a short lead-in (`Q`, `Part `, `Scenario `, `§`) may precede the number.
    let Some(at) = title.find(number).filter(|&at| at <= 10) else {
        return title;
    };
    let lead = &title[..at];
    if !lead
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '§')
    {
        return title;
    }
    let rest = &title[at + number.len()..];
    // The number must end there (`Q1` must not strip from `Q12`).
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return title;
    }
    let rest = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | ')' | '—' | '–' | '-')
    });
    if rest.is_empty() {
        title
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_shapes() {
        assert_eq!(part_number("Part 4 — Kafka"), Some("4".into()));
        assert_eq!(part_number("Part IV: x"), Some("IV".into()));
        assert_eq!(part_number("Particular"), None);
        assert_eq!(section_number("4.16 Part 4 Q&A"), Some("4.16".into()));
        assert_eq!(section_number("4. Foo"), None);
        assert_eq!(section_number("2026.1"), Some("2026.1".into()));
        assert_eq!(question_number("Q12. How?"), Some("12".into()));
        assert_eq!(question_number("Quorum"), None);
    }
}
