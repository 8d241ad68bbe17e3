//! Model-answer coverage on answer drafts: `missing-point` diagnostics, the
//! "covers 4 of 6 points · §3.9 Q5" code lens on each answer heading (it
//! runs `gloss.showAnswers`, so the plugins peek the model answer the way
//! they peek drafts from a guide), and the list of points on heading hover.

use gloss_index::drafts::coverage::{self, message, shorten, AnswerCoverage, Options};
use gloss_index::Library;
use serde_json::json;
use tower_lsp::lsp_types::{
    CodeLens, Command, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, Url,
};

use super::diagnostics::SOURCE;
use super::documents::Document;
use super::lens::SHOW_ANSWERS;
use super::position::{text_range, Encoding};
use super::state::guide_uri;

pub const CODE: &str = "missing-point";

/// Coverage options: lexical, or with the model as a second judge.
pub fn options(model: Option<&super::semantic::CoverageEmbedder>) -> Options<'_> {
    Options {
        embedder: model.map(|m| m as &dyn gloss_index::drafts::coverage::SentenceEmbedder),
    }
}

/// `missing-point` diagnostics for every answer of a draft.
pub fn diagnostics(lib: &Library, doc: &Document, enc: Encoding, opts: Options) -> Vec<Diagnostic> {
    let text = doc.text();
    let mut out = Vec::new();
    for c in coverage::coverage(lib, &text, opts) {
        let range = doc.range(c.heading.start, c.heading.end, enc);
        let label = label(lib, &c);
        for p in c.missing() {
            let related = point_location(lib, &c, p.span.start, p.span.end, enc).map(|loc| {
                vec![DiagnosticRelatedInformation {
                    location: loc,
                    message: format!("{label}: {}", shorten(p)),
                }]
            });
            out.push(Diagnostic {
                range,
                severity: Some(DiagnosticSeverity::INFORMATION),
                code: Some(NumberOrString::String(CODE.to_string())),
                code_description: None,
                source: Some(SOURCE.to_string()),
                message: message(p),
                related_information: related,
                tags: None,
                data: Some(json!({ "question": label })),
            });
        }
    }
    out
}

/// "covers N of M points · §x Qy" on each answer heading with key points.
pub fn lenses(
    lib: &Library,
    uri: &Url,
    doc: &Document,
    enc: Encoding,
    opts: Options,
) -> Vec<CodeLens> {
    let text = doc.text();
    coverage::coverage(lib, &text, opts)
        .into_iter()
        .filter(|c| c.total() > 0)
        .filter_map(|c| {
            let (gid, item) = c.question;
            let g = &lib.guide(gid)?.guide;
            let it = g.items.get(item)?;
            let answer = Location::new(
                guide_uri(g)?,
                text_range(&g.text, &g.lines, it.heading.start, it.range.end, enc),
            );
            let range = doc.range(c.heading.start, c.heading.end, enc);
            let title = format!(
                "covers {} of {} points · {}",
                c.covered(),
                c.total(),
                label(lib, &c)
            );
            Some(CodeLens {
                range,
                command: Some(Command {
                    title,
                    command: SHOW_ANSWERS.to_string(),
                    arguments: Some(vec![json!(uri), json!(range.start.line), json!([answer])]),
                }),
                data: None,
            })
        })
        .collect()
}

/// On an answer heading: its question and every key point, covered or not.
pub fn hover(
    lib: &Library,
    doc: &Document,
    pos: Position,
    enc: Encoding,
    opts: Options,
) -> Option<Hover> {
    let offset = doc.offset(pos, enc)?;
    let text = doc.text();
    let c = coverage::coverage(lib, &text, opts)
        .into_iter()
        .find(|c| c.heading.start <= offset && offset <= c.heading.end)?;
    let (gid, item) = c.question;
    let g = &lib.guide(gid)?.guide;
    let it = g.items.get(item)?;
    let mut md = format!(
        "**{} — {}**: covers {} of {} key points\n\n",
        it.label,
        it.title,
        c.covered(),
        c.total()
    );
    if c.total() == 0 {
        md.push_str("_The model answer has no prose points (a code block only)._\n");
    }
    for (p, v) in c.points.points.iter().zip(&c.verdicts) {
        let mark = if v.covered {
            "✓ covered"
        } else {
            "✗ missing"
        };
        md.push_str(&format!("- {mark}: {}\n", shorten(p).replace('\n', " ")));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(doc.range(c.heading.start, c.heading.end, enc)),
    })
}

fn label(lib: &Library, c: &AnswerCoverage) -> String {
    lib.guide(c.question.0)
        .and_then(|g| g.guide.items.get(c.question.1))
        .map(|it| it.label.clone())
        .unwrap_or_default()
}

fn point_location(
    lib: &Library,
    c: &AnswerCoverage,
    start: usize,
    end: usize,
    enc: Encoding,
) -> Option<Location> {
    let g = &lib.guide(c.question.0)?.guide;
    Some(Location::new(
        guide_uri(g)?,
        text_range(&g.text, &g.lines, start, end, enc),
    ))
}
