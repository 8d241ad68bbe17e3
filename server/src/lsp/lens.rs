//! Which guide questions a draft answers, and the "N drafts answer this"
//! code lens on each Q&A heading of a guide.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use gloss_index::{GuideId, ItemId, Library, Span};
use serde_json::json;
use tower_lsp::lsp_types::{CodeLens, Command, Location, Position, Range, Url};

use super::position::{line_range, Encoding};
use super::state::{lock, read, State};
use gloss_index::drafts;

/// A draft heading mapped to a guide question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    pub gid: GuideId,
    pub item: ItemId,
    /// The draft heading (byte span in the draft).
    pub heading: Span,
    /// The draft heading's subtree.
    pub range: Span,
}

/// The questions a draft's headings answer (the draft analysis of
/// `gloss_index::drafts`: citations, titles and close paraphrases).
pub fn draft_answers(lib: &Library, text: &str) -> Vec<Answered> {
    drafts::answers(lib, text)
        .into_iter()
        .filter_map(|a| {
            let (gid, item) = a.question?;
            Some(Answered {
                gid,
                item,
                heading: a.heading,
                range: Span::new(a.heading.start, a.body.end.max(a.heading.end)),
            })
        })
        .collect()
}

/// The questions a draft's text answers: (guide path, item, heading line).
fn answered_in(lib: &Library, text: &str) -> Vec<(PathBuf, ItemId, u32)> {
    draft_answers(lib, text)
        .into_iter()
        .filter_map(|a| {
            let line = text.get(..a.heading.start)?.matches('\n').count() as u32;
            Some((lib.guide(a.gid)?.guide.path.clone(), a.item, line))
        })
        .collect()
}

/// Questions answered by a draft on disk, cached by mtime.
fn draft_on_disk(state: &State, lib: &Library, path: &PathBuf) -> Arc<Vec<(PathBuf, ItemId, u32)>> {
    let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if let Some(mtime) = mtime {
        if let Some((t, v)) = lock(&state.draft_questions).get(path) {
            if *t == mtime {
                return Arc::clone(v);
            }
        }
    }
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            tracing::warn!("skipping draft {}: not valid UTF-8", path.display());
            String::new()
        }
        Err(_) => String::new(),
    };
    let v = Arc::new(answered_in(lib, &text));
    if let Some(mtime) = mtime {
        lock(&state.draft_questions).insert(path.clone(), (mtime, Arc::clone(&v)));
    }
    v
}

/// The draft headings answering each question, by (guide path, item); open
/// drafts count with their current text.
pub fn answer_locations(state: &State, lib: &Library) -> HashMap<(PathBuf, ItemId), Vec<Location>> {
    let mut out: HashMap<(PathBuf, ItemId), Vec<Location>> = HashMap::new();
    let Some(ws) = state.workspace() else {
        return out;
    };
    let open: HashMap<PathBuf, String> = read(&state.docs)
        .values()
        .filter_map(|d| {
            let p = d.path.clone()?;
            ws.is_draft(&p).then(|| (p, d.text()))
        })
        .collect();
    let mut add = |draft: &PathBuf, answered: &[(PathBuf, ItemId, u32)]| {
        let Ok(uri) = Url::from_file_path(draft) else {
            return;
        };
        for (guide, item, line) in answered {
            let at = Position::new(*line, 0);
            out.entry((guide.clone(), *item))
                .or_default()
                .push(Location::new(uri.clone(), Range::new(at, at)));
        }
    };
    for path in ws.markdown_files() {
        if ws.is_draft(&path) && !open.contains_key(&path) {
            add(&path, &draft_on_disk(state, lib, &path));
        }
    }
    for (path, text) in &open {
        add(path, &answered_in(lib, text));
    }
    for locs in out.values_mut() {
        locs.sort_by(|a, b| {
            (a.uri.as_str(), a.range.start.line).cmp(&(b.uri.as_str(), b.range.start.line))
        });
    }
    out
}

/// Distinct drafts among answer locations.
fn draft_count(locs: &[Location]) -> usize {
    let mut uris: Vec<&str> = locs.iter().map(|l| l.uri.as_str()).collect();
    uris.dedup();
    uris.len()
}

/// "N drafts answer this" on each Q&A heading of a guide. With answers,
/// the lens runs [`SHOW_ANSWERS`] with `[guide uri, heading line, locations]`.
pub fn code_lenses(state: &State, lib: &Library, gid: GuideId, enc: Encoding) -> Vec<CodeLens> {
    let Some(g) = lib.guide(gid) else {
        return Vec::new();
    };
    let mut answers = answer_locations(state, lib);
    let guide_uri = Url::from_file_path(&g.guide.path).ok();
    g.guide
        .questions()
        .map(|(id, it)| {
            let locs = answers
                .remove(&(g.guide.path.clone(), id))
                .unwrap_or_default();
            let n = draft_count(&locs);
            let title = match n {
                1 => "1 draft answers this".to_string(),
                n => format!("{n} drafts answer this"),
            };
            let (command, arguments) = match (&guide_uri, n) {
                (Some(uri), 1..) => (
                    SHOW_ANSWERS.to_string(),
                    Some(vec![json!(uri), json!(it.line), json!(locs)]),
                ),
                _ => (String::new(), None),
            };
            CodeLens {
                range: line_range(&g.guide.text, &g.guide.lines, it.line, enc),
                command: Some(Command {
                    title,
                    command,
                    arguments,
                }),
                data: None,
            }
        })
        .collect()
}

/// Opens the drafts answering a question: `[guide uri, line, locations]`.
pub const SHOW_ANSWERS: &str = "gloss.showAnswers";

/// The locations argument of [`SHOW_ANSWERS`].
pub fn parse_show_answers(args: &[serde_json::Value]) -> Result<Vec<Location>, String> {
    args.get(2)
        .and_then(|v| serde_json::from_value::<Vec<Location>>(v.clone()).ok())
        .ok_or_else(|| format!("{SHOW_ANSWERS} expects [guide uri, line, locations]"))
}
