//! Which guide questions a draft answers, and the "N drafts answer this"
//! code lens on each Q&A heading of a guide.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use gloss_index::{GuideId, ItemId, Library, Span};
use tower_lsp::lsp_types::{CodeLens, Command};

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

/// Questions answered by a draft on disk (guide path, item), cached by mtime.
fn draft_on_disk(state: &State, lib: &Library, path: &PathBuf) -> Arc<Vec<(PathBuf, ItemId)>> {
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
    let v: Arc<Vec<(PathBuf, ItemId)>> = Arc::new(
        draft_answers(lib, &text)
            .into_iter()
            .filter_map(|a| Some((lib.guide(a.gid)?.guide.path.clone(), a.item)))
            .collect(),
    );
    if let Some(mtime) = mtime {
        lock(&state.draft_questions).insert(path.clone(), (mtime, Arc::clone(&v)));
    }
    v
}

/// How many drafts answer each question, by (guide path, item).
pub fn answer_counts(state: &State, lib: &Library) -> HashMap<(PathBuf, ItemId), usize> {
    let mut counts = HashMap::new();
    let Some(ws) = state.workspace() else {
        return counts;
    };
    // Open drafts count with their current text.
    let open: HashMap<PathBuf, String> = read(&state.docs)
        .values()
        .filter_map(|d| {
            let p = d.path.clone()?;
            ws.is_draft(&p).then(|| (p, d.text()))
        })
        .collect();
    for path in ws.markdown_files() {
        if !ws.is_draft(&path) || open.contains_key(&path) {
            continue;
        }
        let answered = draft_on_disk(state, lib, &path);
        let mut uniq: Vec<&(PathBuf, ItemId)> = answered.iter().collect();
        uniq.sort();
        uniq.dedup();
        for k in uniq {
            *counts.entry(k.clone()).or_insert(0) += 1;
        }
    }
    for text in open.values() {
        let mut uniq: Vec<(PathBuf, ItemId)> = draft_answers(lib, text)
            .into_iter()
            .filter_map(|a| Some((lib.guide(a.gid)?.guide.path.clone(), a.item)))
            .collect();
        uniq.sort();
        uniq.dedup();
        for k in uniq {
            *counts.entry(k).or_insert(0) += 1;
        }
    }
    counts
}

pub fn code_lenses(state: &State, lib: &Library, gid: GuideId, enc: Encoding) -> Vec<CodeLens> {
    let Some(g) = lib.guide(gid) else {
        return Vec::new();
    };
    let counts = answer_counts(state, lib);
    g.guide
        .questions()
        .map(|(id, it)| {
            let n = counts
                .get(&(g.guide.path.clone(), id))
                .copied()
                .unwrap_or(0);
            let title = match n {
                1 => "1 draft answers this".to_string(),
                n => format!("{n} drafts answer this"),
            };
            CodeLens {
                range: line_range(&g.guide.text, &g.guide.lines, it.line, enc),
                command: Some(Command {
                    title,
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            }
        })
        .collect()
}
