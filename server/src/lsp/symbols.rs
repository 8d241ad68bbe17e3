//! Workspace symbols (guide search), document symbols and folding ranges.

use std::collections::HashSet;
use std::sync::Arc;

use gloss_index::parse::{self, BlockKind};
use gloss_index::skim::Skim;
use gloss_index::text::LineIndex;
use gloss_index::{outline, ItemKind, KindFilter, Library, OutlineItem};
use tower_lsp::lsp_types::{
    DocumentSymbol, FoldingRange, FoldingRangeKind, Location, SymbolInformation, SymbolKind, Url,
};

use super::definition::{heading_location, term_location};
use super::position::{line_range, text_range, Encoding};

pub const WORKSPACE_SYMBOL_LIMIT: usize = 50;

pub fn item_symbol_kind(kind: ItemKind) -> SymbolKind {
    match kind {
        ItemKind::Title => SymbolKind::FILE,
        ItemKind::Part => SymbolKind::MODULE,
        ItemKind::Section => SymbolKind::NAMESPACE,
        ItemKind::Question => SymbolKind::METHOD,
        ItemKind::Scenario => SymbolKind::FUNCTION,
        ItemKind::Heading => SymbolKind::STRING,
    }
}

fn hit_symbol_kind(kind: &str) -> SymbolKind {
    match kind {
        "term" => SymbolKind::CONSTANT,
        "part" => SymbolKind::MODULE,
        "section" => SymbolKind::NAMESPACE,
        "question" => SymbolKind::METHOD,
        "scenario" => SymbolKind::FUNCTION,
        _ => SymbolKind::STRING,
    }
}

#[allow(deprecated)]
fn symbol(
    name: String,
    kind: SymbolKind,
    location: Location,
    container: Option<String>,
) -> SymbolInformation {
    SymbolInformation {
        name,
        kind,
        tags: None,
        deprecated: None,
        location,
        container_name: container.filter(|c| !c.is_empty()),
    }
}

/// Guide search as workspace symbols; an empty query lists parts and sections.
pub fn workspace_symbols(lib: &Library, query: &str, enc: Encoding) -> Vec<SymbolInformation> {
    let query = query.trim();
    let mut out = Vec::new();
    if query.is_empty() {
        for (gid, g) in lib.guides.iter().enumerate() {
            for (id, it) in g.guide.items.iter().enumerate() {
                if matches!(it.kind, ItemKind::Part | ItemKind::Section) {
                    if let Some(loc) = heading_location(lib, gid, id, enc) {
                        out.push(symbol(
                            it.title.clone(),
                            item_symbol_kind(it.kind),
                            loc,
                            Some(it.label.clone()),
                        ));
                    }
                }
            }
        }
        return out;
    }
    let hits = match lib.search(query, KindFilter::Any, WORKSPACE_SYMBOL_LIMIT) {
        Ok(h) => h,
        Err(e) => {
            tracing::debug!("workspace/symbol search {query:?}: {e}");
            Vec::new()
        }
    };
    let mut terms_seen = HashSet::new();
    for (gid, hit) in hits {
        if !names_match(query, &hit.title, &hit.label) {
            continue;
        }
        let loc = match hit.term {
            Some(t) => {
                terms_seen.insert((gid, t));
                term_location(lib, gid, t, enc)
            }
            None => heading_location(lib, gid, hit.item, enc),
        };
        if let Some(loc) = loc {
            out.push(symbol(
                hit.title,
                hit_symbol_kind(&hit.kind),
                loc,
                Some(hit.label),
            ));
        }
    }
    // Term names containing the query, in case the ranked search left them out.
    let q = query.to_lowercase();
    for (gid, g) in lib.guides.iter().enumerate() {
        for (tid, t) in g.guide.terms.iter().enumerate() {
            if out.len() >= WORKSPACE_SYMBOL_LIMIT {
                return out;
            }
            let hit = std::iter::once(&t.name)
                .chain(&t.aliases)
                .any(|n| n.to_lowercase().contains(&q));
            if hit && terms_seen.insert((gid, tid)) {
                if let Some(loc) = term_location(lib, gid, tid, enc) {
                    let label = g.guide.items.get(t.item).map(|it| it.label.clone());
                    out.push(symbol(t.name.clone(), SymbolKind::CONSTANT, loc, label));
                }
            }
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

/// Workspace symbols from the guides' skims while the first indexing runs:
/// the headings whose titles match the query, then the glossary terms whose
/// names contain it, in document order (ranking and the other terms come
/// with the index). Locations are the ones the index gives.
pub fn skimmed_symbols(skims: &[Arc<Skim>], query: &str, enc: Encoding) -> Vec<SymbolInformation> {
    let query = query.trim();
    let q = query.to_lowercase();
    let mut out = Vec::new();
    for skim in skims.iter().filter(|s| s.complete) {
        let Ok(uri) = Url::from_file_path(&skim.path) else {
            continue;
        };
        for h in &skim.headings {
            let wanted = if query.is_empty() {
                matches!(h.kind, ItemKind::Part | ItemKind::Section)
            } else {
                names_match(query, &h.title, "")
            };
            if wanted && out.len() < WORKSPACE_SYMBOL_LIMIT {
                let range = text_range(&skim.text, &skim.lines, h.span.start, h.span.end, enc);
                out.push(symbol(
                    h.title.clone(),
                    item_symbol_kind(h.kind),
                    Location::new(uri.clone(), range),
                    None,
                ));
            }
        }
        if query.is_empty() {
            continue;
        }
        for t in skim.terms() {
            let hit = std::iter::once(&t.name)
                .chain(&t.aliases)
                .any(|n| n.to_lowercase().contains(&q));
            if hit && out.len() < WORKSPACE_SYMBOL_LIMIT {
                // As `term_location` gives it: from the definition's start
                // to the end of its line.
                let line = skim.lines.line_of(t.start);
                let mut range = line_range(&skim.text, &skim.lines, line, enc);
                range.start = text_range(&skim.text, &skim.lines, t.start, t.start, enc).start;
                out.push(symbol(
                    t.name.clone(),
                    SymbolKind::CONSTANT,
                    Location::new(uri.clone(), range),
                    None,
                ));
            }
        }
    }
    out
}

/// Workspace symbols match on names: at least half of the query's words
/// (compared on their first five characters, so plurals and stems match)
/// must occur in the symbol's title or label. Full-text relevance alone is
/// what `gloss.search` is for.
pub fn names_match(query: &str, title: &str, label: &str) -> bool {
    let q = words(query);
    if q.is_empty() {
        return true;
    }
    let mut t = words(title);
    t.extend(words(label));
    let hits = q
        .iter()
        .filter(|w| {
            let stem: String = w.chars().take(5).collect();
            t.iter()
                .any(|x| x.starts_with(&stem) || (w.len() < 5 && x == *w))
        })
        .count();
    hits * 2 >= q.len()
}

/// The heading outline of any markdown text.
pub fn outline_of(text: &str) -> (Vec<OutlineItem>, LineIndex, Vec<parse::Block>) {
    let lines = LineIndex::new(text);
    let blocks = parse::blocks(text);
    let items = outline::build(text, &blocks, &lines);
    (items, lines, blocks)
}

/// Last byte of a span that is not trailing whitespace.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let s = text.get(start..end).unwrap_or("");
    start + s.trim_end().len()
}

#[allow(deprecated)]
pub fn document_symbols(text: &str, enc: Encoding) -> Vec<DocumentSymbol> {
    let (items, lines, _) = outline_of(text);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut roots = Vec::new();
    for (i, it) in items.iter().enumerate() {
        match it.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    fn build(
        i: usize,
        items: &[OutlineItem],
        children: &[Vec<usize>],
        text: &str,
        lines: &LineIndex,
        enc: Encoding,
    ) -> DocumentSymbol {
        let it = &items[i];
        let end = trim_end(text, it.range.start, it.range.end).max(it.heading.end);
        let kids: Vec<DocumentSymbol> = children[i]
            .iter()
            .map(|&c| build(c, items, children, text, lines, enc))
            .collect();
        let name = if it.title.trim().is_empty() {
            "(untitled)".to_string()
        } else {
            it.title.clone()
        };
        DocumentSymbol {
            name,
            detail: (!it.label.is_empty()).then(|| it.label.clone()),
            kind: item_symbol_kind(it.kind),
            tags: None,
            deprecated: None,
            range: text_range(text, lines, it.range.start, end, enc),
            selection_range: text_range(text, lines, it.heading.start, it.heading.end, enc),
            children: (!kids.is_empty()).then_some(kids),
        }
    }
    roots
        .into_iter()
        .map(|r| build(r, &items, &children, text, &lines, enc))
        .collect()
}

pub fn folding_ranges(text: &str) -> Vec<FoldingRange> {
    let (items, lines, blocks) = outline_of(text);
    let mut out = Vec::new();
    let fold =
        |start: usize, end: usize, kind: Option<FoldingRangeKind>, out: &mut Vec<FoldingRange>| {
            let end = trim_end(text, start, end);
            let (s, e) = (
                lines.line_of(start),
                lines.line_of(end.saturating_sub(1).max(start)),
            );
            if e > s {
                out.push(FoldingRange {
                    start_line: s,
                    start_character: None,
                    end_line: e,
                    end_character: None,
                    kind,
                    collapsed_text: None,
                });
            }
        };
    for it in &items {
        fold(
            it.range.start,
            it.range.end,
            Some(FoldingRangeKind::Region),
            &mut out,
        );
    }
    let mut run: Option<(u8, usize, usize)> = None; // depth, start, end of a list
    for b in &blocks {
        match b.kind {
            BlockKind::Code => fold(
                b.span.start,
                b.span.end,
                Some(FoldingRangeKind::Region),
                &mut out,
            ),
            BlockKind::ListItem => {
                fold(b.span.start, b.span.end, None, &mut out);
                run = match run {
                    Some((d, s, e))
                        if d == b.depth
                            && text
                                .get(e..b.span.start)
                                .is_some_and(|g| g.trim().is_empty()) =>
                    {
                        Some((d, s, b.span.end))
                    }
                    Some((d, s, e)) if b.depth > d => Some((d, s, e)),
                    Some((_, s, e)) => {
                        fold(s, e, None, &mut out);
                        Some((b.depth, b.span.start, b.span.end))
                    }
                    None => Some((b.depth, b.span.start, b.span.end)),
                };
            }
            _ => {
                if let Some((_, s, e)) = run.take() {
                    fold(s, e, None, &mut out);
                }
            }
        }
    }
    if let Some((_, s, e)) = run {
        fold(s, e, None, &mut out);
    }
    out.sort_by_key(|r| (r.start_line, std::cmp::Reverse(r.end_line)));
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    out
}
