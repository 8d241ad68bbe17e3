//! The user's anchor examples: personal projects that answers should tie to.
//!
//! Found from two structures a guide uses for them: cheat-sheet headings
//! (`### Anchor 3: Name (metric)` with "Use for prompts about:" and
//! "Key metrics:" lists) and an anchor map table whose first header cell
//! says "Anchor". Map rows are joined to cheat-sheet entries by word overlap.

use std::collections::HashSet;

use crate::model::{Anchor, Guide, ItemKind};
use crate::parse::{inline_plain, Block, BlockKind};
use crate::text::{normalize_word, squash_whitespace, words};

pub fn extract(guide: &Guide, blocks: &[Block]) -> Vec<Anchor> {
    let mut anchors = cheat_sheet(guide, blocks);
    for block in blocks.iter().filter(|b| b.kind == BlockKind::Table) {
        map_table(guide, block, &mut anchors);
    }
    anchors
}

/// `Anchor 3: Thymeleaf → JAXB` / `Anchor — Name` → the name.
fn anchor_heading_name(title: &str) -> Option<String> {
    let rest = title.strip_prefix("Anchor")?;
    let rest =
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '#');
    let rest = rest.strip_prefix([':', '.', '—', '–', '-', ')'])?;
    let name = rest.trim();
    (!name.is_empty()).then(|| name.to_string())
}

fn cheat_sheet(guide: &Guide, blocks: &[Block]) -> Vec<Anchor> {
    let mut out = Vec::new();
    for (id, item) in guide.items.iter().enumerate() {
        if item.kind == ItemKind::Part || item.kind == ItemKind::Title {
            continue;
        }
        let Some(name) = anchor_heading_name(&item.title) else {
            continue;
        };
        let mut prompts = Vec::new();
        let mut details = Vec::new();
        // Lists under a label: "Use for prompts about:" → prompts, anything else → details.
        let mut into_prompts = false;
        for b in blocks
            .iter()
            .filter(|b| b.span.start >= item.body.start && b.span.end <= item.body.end)
        {
            let text = squash_whitespace(guide.slice(b.content));
            match b.kind {
                BlockKind::Paragraph => {
                    let lower = text.to_lowercase();
                    into_prompts = lower.contains("prompt") || lower.contains("use for");
                }
                BlockKind::ListItem => {
                    let clean = inline_plain(text.trim_matches(['"', '“', '”']));
                    let clean = clean.trim_matches(['"', '“', '”']).to_string();
                    if into_prompts {
                        prompts.push(clean);
                    } else {
                        details.push(clean);
                    }
                }
                _ => {}
            }
        }
        out.push(Anchor {
            name,
            aliases: Vec::new(),
            prompts,
            details,
            item: Some(id),
            span: item.heading,
            line: item.line,
        });
    }
    out
}

fn map_table(guide: &Guide, table: &Block, anchors: &mut Vec<Anchor>) {
    let Some(header) = table.cells.first() else {
        return;
    };
    let first = header
        .first()
        .map(|s| guide.slice(*s).to_lowercase())
        .unwrap_or_default();
    if !first.contains("anchor") {
        return;
    }
    for row in table.cells.iter().skip(1) {
        let Some(name_span) = row.first() else {
            continue;
        };
        let name = inline_plain(guide.slice(*name_span).trim());
        if name.is_empty() {
            continue;
        }
        let prompts: Vec<String> = row
            .get(1)
            .map(|s| {
                guide
                    .slice(*s)
                    .split([',', ';'])
                    .map(|p| squash_whitespace(p.trim()))
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let best = anchors
            .iter_mut()
            .map(|a| (overlap(&a.name, &name), a))
            .filter(|(score, _)| *score >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match best {
            Some((_, anchor)) => {
                if !anchor.name.eq_ignore_ascii_case(&name) && !anchor.aliases.contains(&name) {
                    anchor.aliases.push(name);
                }
                for p in prompts {
                    if !anchor.prompts.iter().any(|q| q.eq_ignore_ascii_case(&p)) {
                        anchor.prompts.push(p);
                    }
                }
            }
            None => anchors.push(Anchor {
                name,
                aliases: Vec::new(),
                prompts,
                details: Vec::new(),
                item: None,
                span: *name_span,
                line: guide.lines.line_of(name_span.start),
            }),
        }
    }
}

/// Share of the shorter name's words found in the other (0..=1).
fn overlap(a: &str, b: &str) -> f32 {
    let set = |s: &str| -> HashSet<String> {
        words(s)
            .map(|w| normalize_word(w.text))
            .filter(|w| w.chars().count() > 1)
            .collect()
    };
    let (a, b) = (set(a), set(b));
    let small = a.len().min(b.len()).max(1) as f32;
    a.intersection(&b).count() as f32 / small
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_names() {
        assert_eq!(
            anchor_heading_name("Anchor 2: Cache rework (3x)").as_deref(),
            Some("Cache rework (3x)")
        );
        assert_eq!(anchor_heading_name("Anchor examples — quick map"), None);
        assert_eq!(anchor_heading_name("Anchoring"), None);
    }

    #[test]
    fn overlap_joins_map_rows() {
        assert!(
            overlap(
                "Legacy Billing Service (5k jobs/day)",
                "Legacy billing service"
            ) >= 0.99
        );
        assert!(overlap("Legacy Billing Service", "Intern program") < 0.5);
    }
}
