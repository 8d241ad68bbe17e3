//! Model-answer coverage: which key points of the guide's model answer a
//! draft answer leaves out.
//!
//! - The draft's headings resolve to guide questions exactly as for
//!   `unknown-question` ([`super::sections`]); the answer's body overrides a
//!   paraphrased heading only when it says little of that question and
//!   plainly more of another.
//! - The model answer splits into key points along its own structure
//!   ([`points`]), weighted by salience: guide terms and words rare in the
//!   guide count most, the question's own words least, and a word several
//!   points say is divided among them (it tells none of them apart).
//! - A point is covered when a sentence or two of the draft carries enough
//!   of its weight in any words the guide equates: term aliases and
//!   acronyms, stems, counts (`three replicas` = `3 replicas`), the parts of
//!   identifiers ([`judge`]); with a sentence embedder, also when a draft
//!   sentence means the same, or nearly so with half the words agreeing
//!   ([`semantic`]).
//! - Only points that matter are flagged: uncovered, and salient next to
//!   the answer's most salient point ([`REPORT_SALIENCE`]); the hover lists
//!   them all.
//!
//! Points are computed once per guide version and question, their vectors
//! once per guide version and model.

mod concepts;
mod judge;
mod points;
mod quote;
mod semantic;
mod sentences;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use points::KeyPoint;
pub use quote::{message, shorten, MAX_QUOTE};
pub use semantic::{CachedEmbedder, SentenceEmbedder};

use super::lex::tokens;
use super::sections::{self, Role};
use crate::library::{GuideId, Library, LoadedGuide};
use crate::model::{ItemId, Span};

/// Most `missing-point` diagnostics per answer.
pub const MAX_MISSING: usize = 5;
/// A missing point is worth a diagnostic when its salience is at least this
/// share of the answer's most salient point: minor details of the model
/// answer are shown in the hover, not flagged.
const REPORT_SALIENCE: f32 = 0.6;
/// Share of a point's weight a stretch of the draft must say (lexical).
const LEXICAL_COVERS: f32 = 0.2;
/// Cosine at which a draft sentence says a point (with embeddings).
const SEMANTIC_COVERS: f32 = 0.62;
/// How far under [`SEMANTIC_COVERS`] a cosine may be when at least half the
/// lexical evidence agrees: two weaker signals that point the same way.
const SEMANTIC_SUPPORT: f32 = 0.08;
/// How much more of another question's model answer a draft must say to
/// override the question its paraphrased heading matched; and how little
/// of the heading's question it must say. The heading is the writer's own
/// word for the question: the body overrides it only when it plainly
/// answers something else.
const SWITCH: f32 = 0.25;
/// Fewer content words than this in an answer: nothing to judge yet.
const MIN_WORDS: usize = 5;

/// What coverage may use besides the guide.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    pub embedder: Option<&'a dyn SentenceEmbedder>,
}

/// Point vectors, tagged with the identity of the model that made them.
type PointVectors = (String, Arc<Vec<Vec<f32>>>);

/// A question's key points and, once computed, their vectors.
pub struct QuestionPoints {
    pub points: Vec<KeyPoint>,
    vectors: Mutex<Option<PointVectors>>,
}

impl QuestionPoints {
    fn vectors(&self, e: &dyn SentenceEmbedder) -> Option<Arc<Vec<Vec<f32>>>> {
        let mut slot = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((id, v)) = slot.as_ref() {
            if id == e.id() {
                return Some(Arc::clone(v));
            }
        }
        let texts: Vec<&str> = self.points.iter().map(|p| p.text.as_str()).collect();
        match e.embed(&texts) {
            Ok(v) if v.len() == texts.len() => {
                let v = Arc::new(v);
                *slot = Some((e.id().to_string(), Arc::clone(&v)));
                Some(v)
            }
            Ok(_) => None,
            Err(err) => {
                tracing::warn!("embedding key points failed: {err}");
                None
            }
        }
    }
}

/// Per guide version: the key points of each question asked so far.
#[derive(Default)]
pub struct GuidePoints {
    by_item: Mutex<HashMap<ItemId, Arc<QuestionPoints>>>,
}

/// The key points of a question's model answer.
pub fn question_points(g: &LoadedGuide, item: ItemId) -> Arc<QuestionPoints> {
    let cache = g.derived(|_| GuidePoints::default());
    let mut map = cache.by_item.lock().unwrap_or_else(|e| e.into_inner());
    Arc::clone(map.entry(item).or_insert_with(|| {
        let model = super::model::model(g);
        Arc::new(QuestionPoints {
            points: points::key_points(&g.guide, &g.matcher, &model, item),
            vectors: Mutex::new(None),
        })
    }))
}

/// Computes every question's points (and vectors) now, not on first use.
pub fn prepare(g: &LoadedGuide, opts: Options) {
    for (id, _) in g.guide.questions() {
        let q = question_points(g, id);
        if let Some(e) = opts.embedder {
            q.vectors(e);
        }
    }
}

/// A point's verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub covered: bool,
    /// Share of the point's weight the best stretch of the draft says.
    pub lexical: f32,
    /// Best cosine with a draft sentence, when an embedder was used.
    pub semantic: Option<f32>,
}

/// How one answer of a draft covers its question's model answer.
pub struct AnswerCoverage {
    /// The draft heading line.
    pub heading: Span,
    pub question: (GuideId, ItemId),
    pub points: Arc<QuestionPoints>,
    pub verdicts: Vec<Verdict>,
    /// The answer has too little text to judge.
    pub unwritten: bool,
}

impl AnswerCoverage {
    pub fn covered(&self) -> usize {
        self.verdicts.iter().filter(|v| v.covered).count()
    }

    pub fn total(&self) -> usize {
        self.verdicts.len()
    }

    /// Uncovered points, most salient first, at most [`MAX_MISSING`]; none
    /// for an answer with nothing written yet.
    pub fn missing(&self) -> Vec<&KeyPoint> {
        if self.unwritten {
            return Vec::new();
        }
        let top = self
            .points
            .points
            .iter()
            .map(|p| p.salience)
            .fold(0.0, f32::max);
        let mut out: Vec<&KeyPoint> = self
            .points
            .points
            .iter()
            .zip(&self.verdicts)
            .filter(|(p, v)| !v.covered && p.salience >= REPORT_SALIENCE * top)
            .map(|(p, _)| p)
            .collect();
        out.sort_by(|a, b| b.salience.total_cmp(&a.salience));
        out.truncate(MAX_MISSING);
        out
    }
}

/// Coverage of every answer in a draft that resolves to a guide question.
pub fn coverage(library: &Library, text: &str, opts: Options) -> Vec<AnswerCoverage> {
    let models: Vec<_> = library
        .guides
        .iter()
        .map(|g| super::model::model(g))
        .collect();
    let matchers: Vec<&crate::TermMatcher> =
        library.guides.iter().map(|g| g.matcher.as_ref()).collect();
    let mut out = Vec::new();
    let parsed = crate::parse::blocks(text);
    for s in sections::sections_in(library, &models, text, &parsed) {
        let body = text.get(s.body.start..s.body.end).unwrap_or("");
        let unwritten = tokens(body).len() < MIN_WORDS;
        let draft = judge::DraftConcepts::within(text, s.body, &parsed, &matchers);
        let question = match &s.role {
            Role::Answer {
                question,
                how: sections::MatchKind::Reference | sections::MatchKind::Title,
            } => *question,
            // A heading in other words: the answer itself says which question it is.
            Role::Answer { question, .. } => {
                let here = said(library, *question, &draft);
                if here >= SWITCH {
                    *question
                } else {
                    match by_body(library, &s.title, body, &draft, &[*question]) {
                        Some(q) if said(library, q, &draft) >= here + SWITCH => q,
                        _ => *question,
                    }
                }
            }
            Role::Unknown {
                candidates,
                unresolved: None,
            } if !unwritten => match by_body(library, &s.title, body, &draft, candidates) {
                Some(q) => q,
                None => continue,
            },
            _ => continue,
        };
        let Some(g) = library.guide(question.0) else {
            continue;
        };
        let points = question_points(g, question.1);
        let semantic = match opts.embedder {
            Some(e) if !unwritten && !draft.is_empty() && !points.points.is_empty() => {
                semantic_scores(e, &points, &draft.sentences)
            }
            _ => None,
        };
        let verdicts = points
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let lexical = if unwritten { 0.0 } else { draft.score(p) };
                let sem = semantic.as_ref().and_then(|v| v.get(i).copied());
                Verdict {
                    covered: !unwritten && says(lexical, sem),
                    lexical,
                    semantic: sem,
                }
            })
            .collect();
        out.push(AnswerCoverage {
            heading: s.heading,
            question,
            points,
            verdicts,
            unwritten,
        });
    }
    out
}

/// Whether a draft says a point: enough of its weight in a stretch of the
/// draft, or a draft sentence that means it, or both signals a little
/// weaker but agreeing.
fn says(lexical: f32, semantic: Option<f32>) -> bool {
    lexical >= LEXICAL_COVERS
        || semantic.is_some_and(|c| {
            c >= SEMANTIC_COVERS
                || (c >= SEMANTIC_COVERS - SEMANTIC_SUPPORT && lexical >= LEXICAL_COVERS / 2.0)
        })
}

/// Share of a question's points a draft says, lexically.
fn said(library: &Library, q: (GuideId, ItemId), draft: &judge::DraftConcepts) -> f32 {
    let Some(g) = library.guide(q.0) else {
        return 0.0;
    };
    let pts = question_points(g, q.1);
    if pts.points.is_empty() {
        return 0.0;
    }
    let covered = pts
        .points
        .iter()
        .filter(|p| draft.score(p) >= LEXICAL_COVERS)
        .count();
    covered as f32 / pts.points.len() as f32
}

/// The question a paraphrased heading and its answer are about: among the
/// heading's candidates and the questions the answer's words find, the one
/// whose model answer the draft says most of. `None` unless it says a
/// good share of it.
fn by_body(
    library: &Library,
    title: &str,
    body: &str,
    draft: &judge::DraftConcepts,
    candidates: &[(GuideId, ItemId)],
) -> Option<(GuideId, ItemId)> {
    let mut pool: Vec<(GuideId, ItemId)> = candidates.to_vec();
    let head: String = body.chars().take(600).collect();
    let query = format!("{title} {head}");
    if let Ok(hits) = library.search(&query, crate::KindFilter::Question, 6) {
        for (g, h) in hits {
            if !pool.contains(&(g, h.item)) {
                pool.push((g, h.item));
            }
        }
    }
    let mut best: Option<((GuideId, ItemId), f32)> = None;
    for (rank, q) in pool.iter().enumerate() {
        // Candidates the heading named come first: ties go to them.
        let score = said(library, *q, draft) - rank as f32 * 0.001;
        if best.is_none_or(|b| score > b.1) {
            best = Some((*q, score));
        }
    }
    best.filter(|b| b.1 >= 0.25).map(|b| b.0)
}

/// Per point, the best cosine with any draft sentence.
fn semantic_scores(
    e: &dyn SentenceEmbedder,
    points: &QuestionPoints,
    sentences: &[String],
) -> Option<Vec<f32>> {
    let pv = points.vectors(e)?;
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let dv = match e.embed(&texts) {
        Ok(v) => v,
        Err(err) => {
            tracing::warn!("embedding draft sentences failed: {err}");
            return None;
        }
    };
    Some(
        pv.iter()
            .map(|p| {
                dv.iter()
                    .map(|d| semantic::cosine(p, d))
                    .fold(f32::MIN, f32::max)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests;
