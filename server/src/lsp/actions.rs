//! Code actions: the `missing-anchor` quick fix and "Show model answer".

use std::collections::HashMap;

use gloss_index::Library;
use serde_json::json;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Diagnostic,
    NumberOrString, Position, Range, TextEdit, WorkspaceEdit,
};

use super::definition::heading_location;
use super::documents::Document;
use super::lens::draft_answers;
use super::position::Encoding;
use gloss_index::drafts::check_draft;

pub const SHOW_MODEL_ANSWER: &str = "gloss.showModelAnswer";

fn wants(only: &Option<Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|k| {
            k.as_str().is_empty()
                || kind.as_str() == k.as_str()
                || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        }),
    }
}

fn is_missing_anchor(d: &Diagnostic) -> bool {
    matches!(&d.code, Some(NumberOrString::String(c)) if c == "missing-anchor")
}

/// The quick-fix insertion for a diagnostic: from its `data`, else recomputed.
fn fix_for(
    lib: &Library,
    doc: &Document,
    d: &Diagnostic,
    enc: Encoding,
) -> Option<(Position, String, String)> {
    if let Some(f) = d
        .data
        .as_ref()
        .and_then(|v| v.get("fix"))
        .filter(|f| !f.is_null())
    {
        let pos: Position = serde_json::from_value(f.get("position")?.clone()).ok()?;
        let text = f.get("text")?.as_str()?.to_string();
        let title = f
            .get("title")
            .and_then(|t| t.as_str())
            .unwrap_or("Add an anchor sentence")
            .to_string();
        return Some((pos, text, title));
    }
    let text = doc.text();
    check_draft(lib, &text).into_iter().find_map(|x| {
        let start = doc.position(x.span.start, enc);
        if x.code() != "missing-anchor" || start.line != d.range.start.line {
            return None;
        }
        let f = x.fix?;
        Some((doc.position(f.offset, enc), f.text, f.title))
    })
}

pub fn code_actions(
    lib: &Library,
    doc: &Document,
    params: &CodeActionParams,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let only = &params.context.only;
    let uri = &params.text_document.uri;
    if wants(only, &CodeActionKind::QUICKFIX) {
        for d in params
            .context
            .diagnostics
            .iter()
            .filter(|d| is_missing_anchor(d))
        {
            let Some((pos, text, title)) = fix_for(lib, doc, d, enc) else {
                continue;
            };
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), vec![TextEdit::new(Range::new(pos, pos), text)]);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                is_preferred: Some(true),
                ..Default::default()
            }));
        }
    }
    let show_kind = CodeActionKind::EMPTY;
    if only.is_none() || wants(only, &show_kind) {
        let text = doc.text();
        let line_start = doc
            .line_start(params.range.start.line)
            .unwrap_or(usize::MAX);
        let answered = draft_answers(lib, &text);
        if let Some(a) = answered
            .iter()
            .find(|a| a.range.contains(line_start) || a.heading.start == line_start)
        {
            if let Some(loc) = heading_location(lib, a.gid, a.item, enc) {
                let it = &lib.guides[a.gid].guide.items[a.item];
                let title = format!("Show model answer: {} {}", it.label, it.title);
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: title.clone(),
                    kind: Some(show_kind),
                    command: Some(Command {
                        title,
                        command: SHOW_MODEL_ANSWER.to_string(),
                        arguments: Some(vec![json!(loc.uri), json!(loc.range.start.line)]),
                    }),
                    ..Default::default()
                }));
            }
        }
    }
    out
}
