//! Cards from the guide's structure: Q&As, flash cards, scenarios, terms.
//! Nothing is marked up by the user; the outline and list items are enough.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::flash;
use super::identity;
use super::kind::CardKind;
use crate::model::{Guide, ItemId, ItemKind, OutlineItem, Span};
use crate::parse::{self, BlockKind};
use crate::text::squash_whitespace;

/// Where a card comes from in the guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardSource {
    pub path: PathBuf,
    /// 0-based line of the card's text (heading or list item).
    pub line: u32,
    /// How a reader cites it: `§4.16 Q5`, `§10.1 card 3`, `§10.2 Scenario 2`.
    pub label: String,
    /// The outline item holding it (the Q&A heading for questions).
    pub item: ItemId,
    /// The enclosing part number (`4`), for `--part`.
    pub part: Option<String>,
}

/// One card: a front to recall from and a back to check against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Stable id (see [`identity`]): natural until resolved against the log.
    pub id: String,
    pub kind: CardKind,
    pub front: String,
    pub back: String,
    /// Normalised prompt: what identity is computed from.
    pub key: String,
    pub source: CardSource,
}

/// The cards of one guide, of the given kinds, in guide order, with
/// natural ids (unique within the guide).
pub fn extract(guide: &Guide, kinds: &[CardKind]) -> Vec<Card> {
    let mut cards = Vec::new();
    for (id, it) in guide.items.iter().enumerate() {
        match it.kind {
            ItemKind::Question if kinds.contains(&CardKind::Question) => {
                cards.push(question(guide, id, it))
            }
            ItemKind::Scenario if kinds.contains(&CardKind::Scenario) => {
                cards.push(scenario(guide, id, it))
            }
            _ => {}
        }
        if kinds.contains(&CardKind::Flash) && flash::is_flash_heading(&it.title) {
            flash_cards(guide, id, it, &mut cards);
        }
    }
    if kinds.contains(&CardKind::Term) {
        for t in &guide.terms {
            let front = if t.aliases.is_empty() {
                t.name.clone()
            } else {
                format!("{} ({})", t.name, t.aliases.join(", "))
            };
            let label = guide
                .items
                .get(t.item)
                .map(|i| i.label.clone())
                .unwrap_or_default();
            cards.push(card(
                guide,
                CardKind::Term,
                front,
                t.definition.clone(),
                &t.name,
                t.line,
                label,
                t.item,
            ));
        }
        // Terms are found all over the guide; keep guide order overall.
        cards.sort_by_key(|c| c.source.line);
    }
    identity::assign_natural_ids(&mut cards);
    cards
}

#[allow(clippy::too_many_arguments)]
fn card(
    guide: &Guide,
    kind: CardKind,
    front: String,
    back: String,
    key_text: &str,
    line: u32,
    label: String,
    item: ItemId,
) -> Card {
    let part = guide
        .items
        .get(item)
        .and_then(|i| i.part)
        .and_then(|p| guide.items[p].number.clone());
    Card {
        id: String::new(),
        kind,
        front,
        back,
        key: identity::normalise(key_text),
        source: CardSource {
            path: guide.path.clone(),
            line,
            label,
            item,
            part,
        },
    }
}

/// `Q5. Explain …` → `Explain …`; `Scenario 2. A …` → `A …`.
fn strip_number(it: &OutlineItem) -> &str {
    let Some(n) = it.number.as_deref() else {
        return &it.title;
    };
    match it.title.find(n) {
        Some(at) if at < 16 => it.title[at + n.len()..]
            .trim_start_matches(['.', ':', ')', '—', '-'])
            .trim(),
        _ => &it.title,
    }
}

/// Everything below the heading, sub-headings included.
fn below_heading(it: &OutlineItem) -> Span {
    Span::new(it.heading.end.min(it.range.end), it.range.end)
}

fn question(guide: &Guide, id: ItemId, it: &OutlineItem) -> Card {
    let q = strip_number(it);
    let back = guide.slice(below_heading(it)).trim().to_string();
    card(
        guide,
        CardKind::Question,
        q.to_string(),
        back,
        q,
        it.line,
        it.label.clone(),
        id,
    )
}

/// A scenario's prompt is its heading, continued through the body up to the
/// first paragraph ending in `?` when the heading itself asks nothing
/// (`Scenario 2. A handler does:` + code + `What's broken?`).
fn scenario(guide: &Guide, id: ItemId, it: &OutlineItem) -> Card {
    let title = strip_number(it);
    let body = below_heading(it);
    let text = guide.slice(body);
    let mut split = 0;
    if !title.trim_end().ends_with('?') {
        for b in parse::blocks(text) {
            if matches!(b.kind, BlockKind::Heading(_)) {
                break;
            }
            let content = text.get(b.content.start..b.content.end).unwrap_or("");
            if b.kind == BlockKind::Paragraph && content.trim_end().ends_with('?') {
                split = b.span.end;
                break;
            }
        }
    }
    let (lead, rest) = text.split_at(split.min(text.len()));
    let front = if lead.trim().is_empty() {
        title.to_string()
    } else {
        format!("{title}\n\n{}", lead.trim())
    };
    card(
        guide,
        CardKind::Scenario,
        front,
        rest.trim().to_string(),
        title,
        it.line,
        it.label.clone(),
        id,
    )
}

/// The top-level list items under a flash-card heading (up to its first sub-heading).
fn flash_cards(guide: &Guide, id: ItemId, it: &OutlineItem, out: &mut Vec<Card>) {
    let body = guide.slice(it.body);
    let blocks = parse::blocks(body);
    let top = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| b.depth)
        .min();
    let mut n = 0;
    for b in &blocks {
        if b.kind != BlockKind::ListItem || Some(b.depth) != top {
            continue;
        }
        let raw = body.get(b.content.start..b.content.end).unwrap_or("");
        if raw.trim().is_empty() {
            continue;
        }
        n += 1;
        let (prompt, answer) = flash::split(raw);
        let line = guide.lines.line_of(it.body.start + b.content.start);
        let label = format!("{} card {n}", it.label);
        out.push(card(
            guide,
            CardKind::Flash,
            squash_whitespace(prompt),
            answer.to_string(),
            &crate::parse::inline_plain(prompt),
            line,
            label,
            id,
        ));
    }
}
