//! Find references of a term: its definitions and every occurrence in the
//! guide, plus occurrences in the user's markdown files (open documents from
//! memory, the rest from disk, cached by mtime).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use gloss_index::text::LineIndex;
use gloss_index::{GuideId, Library, LoadedGuide, TermId, TermMatch};
use tower_lsp::lsp_types::{Location, Url};

use super::definition::{heading_location, term_location, Target};
use super::documents::Document;
use super::position::{text_range, Encoding};
use super::state::{guide_uri, lock, read, FileScan, State};

/// Term occurrences in a guide's own text (cached per guide hash).
pub fn guide_scan(state: &State, g: &LoadedGuide) -> Arc<Vec<TermMatch>> {
    if let Some(s) = lock(&state.guide_scans).get(&g.guide.hash) {
        return Arc::clone(s);
    }
    let scan = Arc::new(g.matcher.scan(&g.guide.text));
    lock(&state.guide_scans).insert(g.guide.hash.clone(), Arc::clone(&scan));
    scan
}

/// Term occurrences in a file on disk, cached by mtime. Files that are not
/// valid UTF-8 are skipped with a warning.
fn file_scan(state: &State, g: &LoadedGuide, path: &PathBuf) -> Option<FileScan> {
    let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    let key = (path.clone(), g.guide.hash.clone());
    if let Some(s) = lock(&state.file_scans).get(&key) {
        if s.mtime == mtime {
            return Some(s.clone());
        }
    }
    let bytes = std::fs::read(path).ok()?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            tracing::warn!("skipping {}: not valid UTF-8", path.display());
            return None;
        }
    };
    let matches = g.matcher.scan(&text);
    let scan = FileScan {
        mtime,
        text: Arc::new(text),
        matches: Arc::new(matches),
    };
    lock(&state.file_scans).insert(key, scan.clone());
    Some(scan)
}

pub fn references(
    state: &State,
    lib: &Library,
    target: Target,
    include_declaration: bool,
    enc: Encoding,
) -> Vec<Location> {
    match target {
        Target::Term(gid, tid) => term_references(state, lib, gid, tid, include_declaration, enc),
        Target::Item(gid, item) => heading_location(lib, gid, item, enc).into_iter().collect(),
    }
}

fn term_references(
    state: &State,
    lib: &Library,
    gid: GuideId,
    tid: TermId,
    include_declaration: bool,
    enc: Encoding,
) -> Vec<Location> {
    let Some(lg) = lib.guide(gid) else {
        return Vec::new();
    };
    let g = &lg.guide;
    let Some(term) = g.terms.get(tid) else {
        return Vec::new();
    };
    let mut out: Vec<Location> = Vec::new();
    let mut seen: HashSet<(Url, u32, u32)> = HashSet::new();
    let mut push = |loc: Location, out: &mut Vec<Location>| {
        if seen.insert((
            loc.uri.clone(),
            loc.range.start.line,
            loc.range.start.character,
        )) {
            out.push(loc);
        }
    };
    if include_declaration {
        if let Some(l) = term_location(lib, gid, tid, enc) {
            push(l, &mut out);
        }
    }
    let Some(uri) = guide_uri(g) else {
        return out;
    };
    let decl_line = term.line;
    for m in guide_scan(state, lg).iter().filter(|m| m.term == tid) {
        let range = text_range(&g.text, &g.lines, m.span.start, m.span.end, enc);
        if !include_declaration && range.start.line == decl_line {
            continue;
        }
        push(Location::new(uri.clone(), range), &mut out);
    }
    // The user's files: open documents first (their current text), then disk.
    let open: Vec<(Url, Document)> = read(&state.docs)
        .iter()
        .map(|(u, d)| (u.clone(), d.clone()))
        .collect();
    let mut open_paths: HashSet<PathBuf> = HashSet::new();
    let guide_paths: HashSet<&PathBuf> = lib.guides.iter().map(|g| &g.guide.path).collect();
    for (u, d) in &open {
        if let Some(p) = &d.path {
            open_paths.insert(p.clone());
            if guide_paths.contains(p) {
                continue;
            }
        }
        let text = d.text();
        for m in lg.matcher.scan(&text).iter().filter(|m| m.term == tid) {
            push(
                Location::new(u.clone(), d.range(m.span.start, m.span.end, enc)),
                &mut out,
            );
        }
    }
    if let Some(ws) = state.workspace() {
        for path in ws.markdown_files() {
            if open_paths.contains(&path) || guide_paths.contains(&path) {
                continue;
            }
            let Some(scan) = file_scan(state, lg, &path) else {
                continue;
            };
            let Ok(u) = Url::from_file_path(&path) else {
                continue;
            };
            let lines = LineIndex::new(&scan.text);
            for m in scan.matches.iter().filter(|m| m.term == tid) {
                push(
                    Location::new(
                        u.clone(),
                        text_range(&scan.text, &lines, m.span.start, m.span.end, enc),
                    ),
                    &mut out,
                );
            }
        }
    }
    out
}
