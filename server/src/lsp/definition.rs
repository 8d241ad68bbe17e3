//! Go to definition: references to their heading, terms to their definition,
//! markdown links into a guide to the heading (or file) they point at.

use std::path::PathBuf;
use std::sync::Arc;

use gloss_index::skim::Skim;
use gloss_index::{links, refs};
use gloss_index::{GuideId, ItemId, Library, TermId};
use tower_lsp::lsp_types::{Location, Position, Url};

use super::documents::Document;
use super::position::{line_range, text_range, Encoding};
use super::state::{guide_context, guide_for_path, guide_uri, same_file};

/// What the cursor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Item(GuideId, ItemId),
    Term(GuideId, TermId),
}

pub fn target_at(lib: &Library, doc: &Document, pos: Position, enc: Encoding) -> Option<Target> {
    let (line, col) = doc.line_at(pos, enc)?;
    let line_start = doc.line_start(pos.line)?;
    if let Some(m) = refs::ref_at(&line, col) {
        let ctx = guide_context(lib, doc, line_start + m.span.start);
        if let Some((gid, item)) = lib.resolve(&m.reference, ctx) {
            return Some(Target::Item(gid, item));
        }
    }
    lib.term_at(&line, col)
        .map(|(gid, m)| Target::Term(gid, m.term))
}

pub fn definition(lib: &Library, doc: &Document, pos: Position, enc: Encoding) -> Option<Location> {
    if let Some(loc) = guide_link_location(lib, doc, pos, enc) {
        return Some(loc);
    }
    match target_at(lib, doc, pos, enc)? {
        Target::Item(gid, item) => heading_location(lib, gid, item, enc),
        Target::Term(gid, tid) => term_location(lib, gid, tid, enc),
    }
}

/// A markdown link under the cursor that names a loaded guide: the heading
/// its `#fragment` slug names, else the guide's first line. Links to other
/// files are left to the editor (and to the term under the cursor).
pub fn guide_link_location(
    lib: &Library,
    doc: &Document,
    pos: Position,
    enc: Encoding,
) -> Option<Location> {
    let (link, target) = link_target(doc, pos, enc)?;
    let gid = guide_for_path(lib, &target)?;
    let g = &lib.guide(gid)?.guide;
    match link
        .fragment
        .as_deref()
        .and_then(|f| links::item_for_fragment(g, f))
    {
        Some(item) => heading_location(lib, gid, item, enc),
        None => line_location(lib, gid, 0, enc),
    }
}

/// As [`guide_link_location`], from the guides' heading skims while the
/// first indexing runs; `None` when a skim cannot vouch for the answer.
pub fn skimmed_link_location(
    skims: &[Arc<Skim>],
    doc: &Document,
    pos: Position,
    enc: Encoding,
) -> Option<Location> {
    let (link, target) = link_target(doc, pos, enc)?;
    let skim = skims
        .iter()
        .find(|s| s.path == target)
        .or_else(|| skims.iter().find(|s| same_file(&s.path, &target)))?;
    let uri = Url::from_file_path(&skim.path).ok()?;
    let range = match link.fragment.as_deref() {
        Some(f) => {
            let h = skim.heading_for_fragment(f)?;
            text_range(&skim.text, &skim.lines, h.span.start, h.span.end, enc)
        }
        None => line_range(&skim.text, &skim.lines, 0, enc),
    };
    Some(Location::new(uri, range))
}

/// The markdown link under the cursor and the file it names.
fn link_target(doc: &Document, pos: Position, enc: Encoding) -> Option<(links::Link, PathBuf)> {
    let (line, col) = doc.line_at(pos, enc)?;
    let link = links::link_at(&line, col)?;
    let target = links::resolve(&link, doc.path.as_deref()?)?;
    Some((link, target))
}

/// The heading line of an outline item.
pub fn heading_location(
    lib: &Library,
    gid: GuideId,
    item: ItemId,
    enc: Encoding,
) -> Option<Location> {
    let g = &lib.guide(gid)?.guide;
    let it = g.items.get(item)?;
    Some(Location::new(
        guide_uri(g)?,
        text_range(&g.text, &g.lines, it.heading.start, it.heading.end, enc),
    ))
}

/// The first line of a term's defining text.
pub fn term_location(lib: &Library, gid: GuideId, tid: TermId, enc: Encoding) -> Option<Location> {
    let g = &lib.guide(gid)?.guide;
    let t = g.terms.get(tid)?;
    let line = line_range(&g.text, &g.lines, t.line, enc);
    let start = gloss_index::text::LineIndex::line_start(&g.lines, t.line).unwrap_or(0);
    let mut range = line;
    if t.span.start >= start {
        range.start = text_range(&g.text, &g.lines, t.span.start, t.span.start, enc).start;
    }
    Some(Location::new(guide_uri(g)?, range))
}

/// A location at a 0-based line of a guide (whole line).
pub fn line_location(lib: &Library, gid: GuideId, line: u32, enc: Encoding) -> Option<Location> {
    let g = &lib.guide(gid)?.guide;
    Some(Location::new(
        guide_uri(g)?,
        line_range(&g.text, &g.lines, line, enc),
    ))
}
