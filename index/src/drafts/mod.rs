//! Answer drafts: which guide question each draft heading answers, and
//! whether the answer ties back to one of the user's anchor examples.
//!
//! - [`answers`] splits a draft into answers. A heading answers a guide
//!   question when it cites it (`§4.16 Q9`, `Part 4 Q9`, or `Q9` under a
//!   `Part 4` heading), repeats its title (ignoring case, punctuation and a
//!   `Qn.`/`Q:` prefix), or paraphrases it closely (weighted word overlap
//!   with the title, candidates also drawn from the search index). An answer
//!   runs to the next heading of the same or higher level.
//! - [`check_draft`] reports `missing-anchor` when an answer never speaks
//!   of an anchor example in the writer's own voice, and `unknown-question`
//!   for question-shaped headings the guide does not have (those are not
//!   answers, so they are not checked for anchors).
//!
//! Layering: `drafts` builds on `library` (and the guide model below it);
//! `library` never imports `drafts` — its per-guide model lives in the
//! guide's untyped derived slot (`LoadedGuide::derived`).
//!
//! Nothing here knows a particular guide: anchor signatures come from the
//! guide's anchor map and cheat sheet, word specificity from its sections.

pub mod coverage;
mod lex;
mod mentions;
mod metrics;
pub(crate) mod model;
mod sections;
mod voice;

use std::collections::HashSet;
use std::sync::Arc;

pub use sections::MatchKind;

use crate::library::{GuideId, Library, LoadedGuide};
use crate::model::{AnchorId, ItemId, Span};
use lex::{key_set, tokens};
use model::GuideModel;
use sections::{Role, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    /// The answer mentions none of the user's anchor examples.
    MissingAnchor,
    /// A question-shaped heading that matches no guide question.
    UnknownQuestion,
}

impl DiagnosticKind {
    pub fn code(&self) -> &'static str {
        match self {
            DiagnosticKind::MissingAnchor => "missing-anchor",
            DiagnosticKind::UnknownQuestion => "unknown-question",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Warning,
    Information,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Information => "information",
        }
    }
}

/// A text insertion that fixes a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickFix {
    /// Byte offset in the draft where `text` goes.
    pub offset: usize,
    pub text: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct DraftDiagnostic {
    pub kind: DiagnosticKind,
    pub severity: Severity,
    /// The heading line (without its line break), as a byte range of the draft.
    pub span: Span,
    pub message: String,
    /// The guide question this answer is for.
    pub question: Option<(GuideId, ItemId)>,
    /// Anchors that fit this answer's topic, best first.
    pub recommended: Vec<(GuideId, AnchorId)>,
    /// For `unknown-question`: the closest guide questions, best first.
    pub candidates: Vec<(GuideId, ItemId)>,
    pub fix: Option<QuickFix>,
}

impl DraftDiagnostic {
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }
}

/// One answer in a draft: a heading that names (or asks) a question and the
/// text below it.
#[derive(Debug, Clone)]
pub struct DraftAnswer {
    /// The heading line, without its line break.
    pub heading: Span,
    /// From after the heading to the next heading of the same or higher level.
    pub body: Span,
    pub level: u8,
    /// Heading text without `#` marks or inline markup.
    pub title: String,
    /// The guide question it answers; `None` for a question the guide lacks.
    pub question: Option<(GuideId, ItemId)>,
    pub matched_by: Option<MatchKind>,
    /// Anchors the answer mentions (best evidence first).
    pub anchors: Vec<(GuideId, AnchorId)>,
}

/// Builds what draft analysis needs of a guide now rather than on the first
/// keystroke in a draft (the server calls this after indexing).
pub fn prepare(guide: &LoadedGuide) {
    model::model(guide);
}

/// The answers of a draft, in order (headings that are the writer's own
/// structure are left out).
pub fn answers(library: &Library, text: &str) -> Vec<DraftAnswer> {
    let models = models(library);
    sections::sections(library, &models, text)
        .into_iter()
        .filter_map(|s| {
            let (question, matched_by) = match &s.role {
                Role::Answer { question, how } => (Some(*question), Some(*how)),
                Role::Unknown { .. } => (None, None),
                Role::Other => return None,
            };
            let anchors = mentioned(library, &models, text, &s, question)
                .into_iter()
                .map(|(g, a, _)| (g, a))
                .collect();
            Some(DraftAnswer {
                heading: s.heading,
                body: s.body,
                level: s.level,
                title: s.title,
                question,
                matched_by,
                anchors,
            })
        })
        .collect()
}

/// Diagnostics for a draft, in heading order.
pub fn check_draft(library: &Library, text: &str) -> Vec<DraftDiagnostic> {
    let models = models(library);
    let has_anchors = models.iter().any(|m| !m.anchors.is_empty());
    let mut out = Vec::new();
    for s in sections::sections(library, &models, text) {
        let question = match &s.role {
            Role::Other => continue,
            Role::Answer { question, .. } => Some(*question),
            // An answer to a question the guide doesn't ask is still an
            // answer: the anchor rule holds for it too.
            Role::Unknown {
                candidates,
                unresolved,
            } => {
                out.push(unknown_question(
                    library,
                    &s,
                    candidates,
                    unresolved.as_deref(),
                ));
                None
            }
        };
        if !has_anchors {
            continue;
        }
        let body = text.get(s.body.start..s.body.end).unwrap_or("");
        if tokens(body).is_empty() {
            // Nothing written yet: nothing to judge.
            continue;
        }
        if !mentioned(library, &models, text, &s, question).is_empty() {
            continue;
        }
        out.push(missing_anchor(library, &models, text, &s, question));
    }
    out
}

fn models(library: &Library) -> Vec<Arc<GuideModel>> {
    library.guides.iter().map(|g| model::model(g)).collect()
}

fn question_title(library: &Library, q: Option<(GuideId, ItemId)>) -> &str {
    q.and_then(|(g, i)| library.guide(g)?.guide.items.get(i))
        .map_or("", |it| it.title.as_str())
}

/// Anchors (of any guide) the answer mentions, best evidence first.
fn mentioned(
    library: &Library,
    models: &[Arc<GuideModel>],
    text: &str,
    s: &Section,
    question: Option<(GuideId, ItemId)>,
) -> Vec<(GuideId, AnchorId, f32)> {
    let body = text.get(s.body.start..s.body.end).unwrap_or("");
    // Words of the question are the topic, never evidence of an anchor.
    let mut excluded: HashSet<String> = key_set(&s.title);
    excluded.extend(key_set(question_title(library, question)));
    let mut found: Vec<(GuideId, AnchorId, f32)> = models
        .iter()
        .enumerate()
        .flat_map(|(g, m)| {
            mentions::mentioned_anchors(m, body, &excluded, true)
                .into_iter()
                .map(move |(a, e)| (g, a, e))
        })
        .collect();
    found.sort_by(|a, b| b.2.total_cmp(&a.2));
    found
}

fn missing_anchor(
    library: &Library,
    models: &[Arc<GuideModel>],
    text: &str,
    s: &Section,
    question: Option<(GuideId, ItemId)>,
) -> DraftDiagnostic {
    let body = text.get(s.body.start..s.body.end).unwrap_or("");
    let q_title = question_title(library, question);
    let model_answer = question
        .and_then(|(g, i)| {
            let guide = &library.guide(g)?.guide;
            let it = guide.items.get(i)?;
            guide.text.get(it.body.start..it.range.end)
        })
        .unwrap_or("");
    // The enclosing section and part titles say what the question is about too.
    let scope_titles: String = question
        .and_then(|(g, i)| {
            let guide = &library.guide(g)?.guide;
            let it = guide.items.get(i)?;
            let titles: Vec<&str> = [it.section, it.part]
                .into_iter()
                .flatten()
                .filter_map(|x| guide.items.get(x).map(|t| t.title.as_str()))
                .collect();
            Some(titles.join("\n"))
        })
        .unwrap_or_default();
    let focus = format!("{}\n{}", s.title, q_title);
    let context = format!("{scope_titles}\n{model_answer}\n{body}");
    let mut ranked: Vec<(GuideId, AnchorId, f32)> = Vec::new();
    for (g, m) in models.iter().enumerate() {
        let part = question
            .filter(|(qg, _)| *qg == g)
            .and_then(|(_, i)| library.guide(g)?.guide.items.get(i)?.part);
        let used: &[(AnchorId, f32)] = question
            .filter(|(qg, _)| *qg == g)
            .and_then(|(_, i)| m.model_mentions.get(&i))
            .map_or(&[], |v| v.as_slice());
        ranked.extend(
            mentions::topic_fit(m, &focus, &context, used, part)
                .into_iter()
                .map(|(a, score)| (g, a, score)),
        );
    }
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let top = ranked.first().map_or(0.0, |r| r.2);
    let recommended: Vec<(GuideId, AnchorId)> = ranked
        .iter()
        .filter(|r| r.2 > 0.0 && r.2 >= 0.3 * top)
        .take(3)
        .map(|r| (r.0, r.1))
        .collect();
    // Name the best one or two in the message.
    let named: Vec<(GuideId, AnchorId)> = ranked
        .iter()
        .take(2)
        .enumerate()
        .filter(|(i, r)| *i == 0 || (r.2 > 0.0 && r.2 >= 0.6 * top))
        .map(|(_, r)| (r.0, r.1))
        .collect();
    let sig = |(g, a): (GuideId, AnchorId)| models.get(g).and_then(|m| m.anchors.get(a));
    let phrases: Vec<String> = named
        .iter()
        .filter_map(|&ga| sig(ga))
        .map(|a| match a.metrics.first() {
            Some(m) => format!("\"{}\" ({m})", a.display),
            None => format!("\"{}\"", a.display),
        })
        .collect();
    let message = if phrases.is_empty() {
        "no anchor example: tie this answer to one of your own projects".to_string()
    } else {
        format!(
            "no anchor example: tie this answer to {}",
            phrases.join(" or ")
        )
    };
    let fix = named.first().and_then(|&ga| sig(ga)).map(|a| {
        let (offset, at_eof) = after_last_line(text, s.body);
        let metrics: Vec<&str> = a.metrics.iter().take(2).map(String::as_str).collect();
        let tail = if metrics.is_empty() {
            String::new()
        } else {
            format!(" — {}", metrics.join(", "))
        };
        let mut insert = format!(
            "\n\nOn the {}, I <what you did that answers this>{tail}.",
            a.display
        );
        if at_eof {
            insert.push('\n');
        }
        QuickFix {
            offset,
            text: insert,
            title: format!("Add an anchor hook: {}", a.display),
        }
    });
    DraftDiagnostic {
        kind: DiagnosticKind::MissingAnchor,
        severity: Severity::Warning,
        span: s.heading,
        message,
        question,
        recommended,
        candidates: Vec::new(),
        fix,
    }
}

/// End of the last non-blank line of `body` (else of the heading), and
/// whether nothing but whitespace follows it in the draft.
fn after_last_line(text: &str, body: Span) -> (usize, bool) {
    let b = text.get(body.start..body.end).unwrap_or("");
    let end = body.start + b.trim_end().len();
    let at_eof = text.get(end..).is_none_or(|r| r.trim().is_empty());
    (end, at_eof)
}

fn unknown_question(
    library: &Library,
    s: &Section,
    candidates: &[(GuideId, ItemId)],
    unresolved: Option<&str>,
) -> DraftDiagnostic {
    let several = library.guides.len() > 1;
    let labels: Vec<String> = candidates
        .iter()
        .filter_map(|&(g, i)| {
            let lg = library.guide(g)?;
            let it = lg.guide.items.get(i)?;
            let title = crate::text::truncate(sections::strip_question_prefix(&it.title), 70);
            let guide = if several {
                lg.guide
                    .path
                    .file_stem()
                    .map(|f| format!("{} ", f.to_string_lossy()))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            Some(format!("{guide}{} \"{title}\"", it.label))
        })
        .collect();
    let lead = match unresolved {
        Some(r) => format!("\"{r}\" is not in the guide"),
        None => "no guide question matches this heading".to_string(),
    };
    let message = if labels.is_empty() {
        lead
    } else {
        format!("{lead}; closest: {}", labels.join(", "))
    };
    DraftDiagnostic {
        kind: DiagnosticKind::UnknownQuestion,
        severity: Severity::Information,
        span: s.heading,
        message,
        question: None,
        recommended: Vec::new(),
        candidates: candidates.to_vec(),
        fix: None,
    }
}

#[cfg(test)]
mod tests;
