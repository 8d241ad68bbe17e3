//! Hover: a reference's target preview, or a term's definition card.

use gloss_index::refs;
use gloss_index::text::{squash_whitespace, truncate};
use gloss_index::{GuideId, ItemId, Library, TermId};
use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

use super::documents::Document;
use super::position::{byte_to_col, Encoding};
use super::state::{guide_context, guide_uri};

/// How much of a referenced item's body the hover shows.
const PREVIEW_CHARS: usize = 600;
/// How many "also discussed in" links a term hover lists.
const MAX_MENTIONS: usize = 6;
/// How many guide passages an identifier's hover quotes.
const MAX_PASSAGES: usize = 2;

pub fn hover(lib: &Library, doc: &Document, pos: Position, enc: Encoding) -> Option<Hover> {
    let (line, col) = doc.line_at(pos, enc)?;
    let line_start = doc.line_start(pos.line)?;
    let range = |a: usize, b: usize| {
        Range::new(
            Position::new(pos.line, byte_to_col(&line, a, enc)),
            Position::new(pos.line, byte_to_col(&line, b, enc)),
        )
    };
    if let Some(m) = refs::ref_at(&line, col) {
        let ctx = guide_context(lib, doc, line_start + m.span.start);
        if let Some((gid, item)) = lib.resolve(&m.reference, ctx) {
            return Some(markdown(
                reference_markdown(lib, gid, item),
                range(m.span.start, m.span.end),
            ));
        }
    }
    let term = lib.term_at(&line, col);
    // An identifier wins only over a term inside it (`idempotence` of
    // `enable.idempotence`), never over a term the cursor is wholly on.
    let inside = |s: gloss_index::Span| term.is_none_or(|(_, t)| t.span.len() < s.len());
    if let Some(m) = gloss_index::mentioned::identifier_at(&line, col)
        .filter(|i| inside(i.span))
        .and_then(|_| lib.mentioned_at(&line, col, MAX_PASSAGES))
    {
        return Some(markdown(
            mentioned_markdown(lib, &m),
            range(m.ident.span.start, m.ident.span.end),
        ));
    }
    let (gid, tm) = term?;
    Some(markdown(
        term_markdown(lib, gid, tm.term),
        range(tm.span.start, tm.span.end),
    ))
}

/// An identifier the guide mentions without defining: its best passages,
/// labelled as mentions so they are not read as definitions.
fn mentioned_markdown(lib: &Library, m: &gloss_index::mentioned::Mentioned) -> String {
    let mut s = format!(
        "`{}` — *mentioned in the guide, not defined there*\n\n",
        m.ident.text
    );
    for (gid, p) in &m.passages {
        if p.code {
            s.push_str(&format!("```\n{}\n```\n", p.excerpt));
        } else {
            s.push_str(&format!("> {}\n\n", p.excerpt));
        }
        s.push_str(&format!("— {}\n\n", item_link(lib, *gid, p.item, p.line)));
    }
    s.trim_end().to_string()
}

fn markdown(value: String, range: Range) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    }
}

fn escape(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]")
}

/// `[§4.16 Q5 — Q5. Explain …](file:///guide.md#L972)`.
pub fn item_link(lib: &Library, gid: GuideId, item: ItemId, line: u32) -> String {
    let Some(g) = lib.guide(gid) else {
        return String::new();
    };
    let Some(it) = g.guide.items.get(item) else {
        return String::new();
    };
    let text = if it.label.is_empty() || it.title.starts_with(&it.label) {
        escape(&it.title)
    } else {
        format!("{} — {}", escape(&it.label), escape(&it.title))
    };
    let uri = guide_uri(&g.guide)
        .map(|u| u.to_string())
        .unwrap_or_default();
    format!("[{text}]({uri}#L{})", line + 1)
}

pub fn reference_markdown(lib: &Library, gid: GuideId, item: ItemId) -> String {
    let Some(g) = lib.guide(gid) else {
        return String::new();
    };
    let it = &g.guide.items[item];
    let mut s = String::new();
    if it.label.is_empty() {
        s.push_str(&format!("**{}**\n\n", it.title));
    } else {
        s.push_str(&format!("**{}** — {}\n\n", it.label, it.title));
    }
    let crumbs: Vec<&str> = g
        .guide
        .breadcrumb(item)
        .into_iter()
        .filter(|&i| i != item && g.guide.items[i].kind != gloss_index::ItemKind::Title)
        .map(|i| g.guide.items[i].title.as_str())
        .collect();
    if !crumbs.is_empty() {
        s.push_str(&format!("*{}*\n\n", crumbs.join(" › ")));
    }
    let body = g.guide.item_body(item);
    if !body.is_empty() {
        s.push_str(&preview(body));
        s.push_str("\n\n");
    }
    s.push_str(&format!("Open {}", item_link(lib, gid, item, it.line)));
    s
}

/// The first ~600 characters of a body, cut at a paragraph or word boundary,
/// with any unclosed code fence closed.
fn preview(body: &str) -> String {
    let mut cut = body.to_string();
    if body.chars().count() > PREVIEW_CHARS {
        let end = body
            .char_indices()
            .nth(PREVIEW_CHARS)
            .map_or(body.len(), |(i, _)| i);
        let head = &body[..end];
        cut = match head.rfind("\n\n") {
            Some(p) if p > end / 2 => format!("{}\n\n…", head[..p].trim_end()),
            _ => truncate(head, head.len()) + "…",
        };
    }
    if cut.matches("```").count() % 2 == 1 {
        cut.push_str("\n```");
    }
    cut
}

/// ` · *Part 4 — Kafka* · GUIDE.md`: the part (when the item is inside one)
/// and the guide file, so the source is clear with several guides open.
fn provenance(guide: &gloss_index::Guide, item: usize) -> String {
    let mut out = String::new();
    if let Some(part) = guide.items.get(item).and_then(|it| it.part) {
        if part != item {
            out.push_str(&format!(" · *{}*", guide.items[part].title));
        }
    }
    if let Some(name) = guide.path.file_name() {
        out.push_str(&format!(" · {}", name.to_string_lossy()));
    }
    out
}

pub fn term_markdown(lib: &Library, gid: GuideId, tid: TermId) -> String {
    let Some(g) = lib.guide(gid) else {
        return String::new();
    };
    let Some(t) = g.guide.terms.get(tid) else {
        return String::new();
    };
    let mut s = format!("**{}**", t.name);
    if !t.aliases.is_empty() {
        s.push_str(&format!(" ({})", t.aliases.join(", ")));
    }
    s.push_str("\n\n");
    s.push_str(t.definition.trim());
    s.push_str("\n\n");
    s.push_str(&format!(
        "Defined in {}{}\n",
        item_link(lib, gid, t.item, t.line),
        provenance(&g.guide, t.item)
    ));
    if !t.also.is_empty() {
        s.push_str("\n**Other definitions:**\n");
        for a in &t.also {
            s.push_str(&format!(
                "- {} — {}\n",
                squash_whitespace(a.definition.trim()),
                item_link(lib, gid, a.item, a.line)
            ));
        }
    }
    if !t.mentions.is_empty() {
        s.push_str("\nAlso discussed in:\n");
        for &m in t.mentions.iter().take(MAX_MENTIONS) {
            let line = g.guide.items.get(m).map_or(0, |it| it.line);
            s.push_str(&format!("- {}\n", item_link(lib, gid, m, line)));
        }
        if t.mentions.len() > MAX_MENTIONS {
            s.push_str(&format!(
                "- … and {} more\n",
                t.mentions.len() - MAX_MENTIONS
            ));
        }
    }
    s
}
