//! Draft diagnostics (`missing-anchor`, `unknown-question`) as LSP diagnostics.

use gloss_index::Library;
use serde_json::json;
use tower_lsp::lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Url,
};

use super::definition::{heading_location, line_location};
use super::documents::Document;
use super::position::Encoding;
use gloss_index::drafts::{check_draft, DraftDiagnostic, Severity};

pub const SOURCE: &str = "gloss";

pub fn draft_diagnostics(lib: &Library, doc: &Document, enc: Encoding) -> Vec<Diagnostic> {
    let text = doc.text();
    check_draft(lib, &text)
        .iter()
        .map(|d| to_lsp(lib, doc, d, enc))
        .collect()
}

pub fn to_lsp(lib: &Library, doc: &Document, d: &DraftDiagnostic, enc: Encoding) -> Diagnostic {
    let range = doc.range(d.span.start, d.span.end, enc);
    let mut related = Vec::new();
    let mut question = serde_json::Value::Null;
    if let Some((gid, item)) = d.question {
        if let Some(loc) = heading_location(lib, gid, item, enc) {
            let it = &lib.guides[gid].guide.items[item];
            question =
                json!({ "uri": loc.uri, "range": loc.range, "label": it.label, "title": it.title });
            related.push(DiagnosticRelatedInformation {
                location: loc,
                message: format!("Model answer: {} {}", it.label, it.title),
            });
        }
    }
    let mut anchors = Vec::new();
    for &(gid, aid) in &d.recommended {
        let Some(a) = lib.guide(gid).and_then(|g| g.guide.anchors.get(aid)) else {
            continue;
        };
        anchors.push(a.name.clone());
        if let Some(loc) = line_location(lib, gid, a.line, enc) {
            related.push(DiagnosticRelatedInformation {
                location: loc,
                message: format!("Anchor: {}", a.name),
            });
        }
    }
    for &(gid, item) in d.candidates.iter().take(3) {
        if let Some(loc) = heading_location(lib, gid, item, enc) {
            let it = &lib.guides[gid].guide.items[item];
            related.push(DiagnosticRelatedInformation {
                location: loc,
                message: format!("Did you mean {} — “{}”", it.label, it.title),
            });
        }
    }
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "position": doc.position(f.offset, enc),
            "text": f.text,
            "title": f.title,
        })
    });
    Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Information => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "fix": fix, "question": question, "anchors": anchors })),
    }
}

/// Publishes nothing for non-file URIs.
pub fn is_file(uri: &Url) -> bool {
    uri.scheme() == "file"
}
