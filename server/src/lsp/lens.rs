//! Which guide questions a draft answers, and the "N drafts answer this"
//! code lens on each Q&A heading of a guide.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

#[cfg(not(feature = "drafts"))]
use gloss_index::refs::find_refs;
#[cfg(not(feature = "drafts"))]
use gloss_index::ItemKind;
use gloss_index::{GuideId, ItemId, Library, Span};
use tower_lsp::lsp_types::{CodeLens, Command};

use super::position::{line_range, Encoding};
use super::state::{lock, read, State};
#[cfg(not(feature = "drafts"))]
use super::symbols::outline_of;
#[cfg(feature = "drafts")]
use crate::drafts_api;

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

#[cfg(not(feature = "drafts"))]
fn normalize(title: &str) -> String {
    let t = title.trim();
    // Drop a leading `Q:`, `Q5.`, `Q5:` marker.
    let t = match t.strip_prefix('Q') {
        Some(rest) => {
            let r = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            match r.strip_prefix([':', '.', ')']) {
                Some(r) => r,
                None => t,
            }
        }
        None => t,
    };
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The questions a draft's headings answer (the draft analysis of
/// `gloss_index::drafts`: citations, titles and close paraphrases).
#[cfg(feature = "drafts")]
pub fn draft_answers(lib: &Library, text: &str) -> Vec<Answered> {
    drafts_api::answers(lib, text)
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

/// Fallback without the draft analysis: a reference in the heading
/// (`## Part 2 Q4 …`), else a heading whose text matches a question title.
#[cfg(not(feature = "drafts"))]
pub fn draft_answers(lib: &Library, text: &str) -> Vec<Answered> {
    let (items, _, _) = outline_of(text);
    let mut titles: HashMap<String, (GuideId, ItemId)> = HashMap::new();
    for (gid, g) in lib.guides.iter().enumerate() {
        for (id, it) in g.guide.questions() {
            titles.entry(normalize(&it.title)).or_insert((gid, id));
        }
    }
    let mut out = Vec::new();
    for it in &items {
        let raw = &it.title;
        let by_ref = find_refs(raw).into_iter().find_map(|m| {
            let (gid, item) = lib.resolve(&m.reference, None)?;
            let kind = lib.guide(gid)?.guide.items[item].kind;
            matches!(kind, ItemKind::Question | ItemKind::Scenario).then_some((gid, item))
        });
        let norm = normalize(raw);
        let by_title = || {
            if norm.len() < 8 {
                return None;
            }
            titles.get(&norm).copied().or_else(|| {
                titles
                    .iter()
                    .filter(|(t, _)| {
                        t.len() >= 16 && (t.contains(&norm) || norm.contains(t.as_str()))
                    })
                    .max_by_key(|(t, _)| t.len())
                    .map(|(_, v)| *v)
            })
        };
        if let Some((gid, item)) = by_ref.or_else(by_title) {
            out.push(Answered {
                gid,
                item,
                heading: it.heading,
                range: it.range,
            });
        }
    }
    out
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
