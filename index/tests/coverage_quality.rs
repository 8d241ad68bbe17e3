//! Model-answer coverage quality on the user's real guide: the sample
//! drafts in `../shared/eval/coverage` scored exactly as
//! `../shared/README.md` states. A `missing-point` message that contains
//! (case-insensitive) a keyword of an omitted point finds that point; one
//! with only keywords of covered points is a false alarm; one with neither
//! is neutral. Skips, loudly, without the data.
//!
//! `cargo test -p gloss-index --test coverage_quality -- --nocapture`
//! prints every point's verdict and the scores.

mod common;
use common::*;

use std::sync::Arc;

use gloss_index::drafts::coverage::{self, message, Options};
use gloss_index::Library;
use serde_json::Value;

#[derive(Default, Debug)]
struct Tally {
    found_msgs: u32,
    false_alarms: u32,
    neutral: u32,
    omitted: u32,
    omitted_found: u32,
    drafts: u32,
}

impl Tally {
    fn precision(&self) -> f32 {
        self.found_msgs as f32 / (self.found_msgs + self.false_alarms).max(1) as f32
    }
    fn recall(&self) -> f32 {
        self.omitted_found as f32 / self.omitted.max(1) as f32
    }
    fn neutral_per_draft(&self) -> f32 {
        self.neutral as f32 / self.drafts.max(1) as f32
    }
}

fn has_any(msg: &str, keywords: &[String]) -> bool {
    let m = msg.to_lowercase();
    keywords.iter().any(|k| m.contains(&k.to_lowercase()))
}

fn keywords(p: &Value) -> Vec<String> {
    p["keywords"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Scores one draft's messages against its labelled points.
fn score(t: &mut Tally, messages: &[String], points: &[Value]) {
    t.drafts += 1;
    let omitted: Vec<&Value> = points.iter().filter(|p| p["covered"] == false).collect();
    let covered: Vec<&Value> = points.iter().filter(|p| p["covered"] == true).collect();
    t.omitted += omitted.len() as u32;
    for p in &omitted {
        if messages.iter().any(|m| has_any(m, &keywords(p))) {
            t.omitted_found += 1;
        }
    }
    for m in messages {
        let finds = omitted.iter().any(|p| has_any(m, &keywords(p)));
        let alarms = covered.iter().any(|p| has_any(m, &keywords(p)));
        match (finds, alarms) {
            (true, _) => {
                t.found_msgs += 1;
                eprintln!("    found: {m}");
            }
            (false, true) => {
                t.false_alarms += 1;
                eprintln!("    FALSE ALARM: {m}");
            }
            (false, false) => {
                t.neutral += 1;
                eprintln!("    NEUTRAL: {m}");
            }
        }
    }
}

/// The labelled drafts: `$GLOSS_COVERAGE_EVAL` (a folder in the same
/// format, for trying other sets), else `../shared/eval/coverage`.
fn eval_dir(shared: &std::path::Path) -> std::path::PathBuf {
    std::env::var_os("GLOSS_COVERAGE_EVAL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| shared.join("eval/coverage"))
}

fn run(lib: &Library, opts: Options) -> Tally {
    let shared = shared().expect("checked by caller");
    let dir = eval_dir(&shared);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses");
    let mut t = Tally::default();
    let mut names: Vec<&String> = expected.as_object().expect("object").keys().collect();
    names.sort();
    for name in names {
        let spec = &expected[name.as_str()];
        let text = std::fs::read_to_string(dir.join(name)).expect("draft readable");
        let covs = coverage::coverage(lib, &text, opts);
        let want = spec["question"].as_str().unwrap_or("");
        eprintln!("{name}: want {want}");
        let mut messages = Vec::new();
        for c in &covs {
            let g = lib.guide(c.question.0).expect("guide");
            let title = &g.guide.items[c.question.1].title;
            eprintln!("  → {title}: covers {} of {}", c.covered(), c.total());
            for (p, v) in c.points.points.iter().zip(&c.verdicts) {
                eprintln!(
                    "    [{}] lex {:.2} sem {:?} sal {:.2} | {}",
                    if v.covered { "x" } else { " " },
                    v.lexical,
                    v.semantic.map(|s| (s * 100.0).round() / 100.0),
                    p.salience,
                    p.text
                );
            }
            messages.extend(c.missing().into_iter().map(message));
        }
        if covs.is_empty() {
            eprintln!("  → no question resolved");
        }
        score(
            &mut t,
            &messages,
            spec["points"].as_array().map_or(&[][..], |a| a.as_slice()),
        );
    }
    eprintln!(
        "coverage: precision {:.2} recall {:.2} neutral/draft {:.2} ({:?})",
        t.precision(),
        t.recall(),
        t.neutral_per_draft(),
        t
    );
    t
}

#[test]
fn sample_coverage_lexical() {
    let Some(shared) = shared() else { return };
    let lib = Library::new(vec![Arc::new(load(&shared))]);
    let t = run(&lib, Options::default());
    // Floors a little under what the lexical matcher reaches on the sample
    // (precision 1.00, recall 0.86, no neutral message; it was 0.50 / 0.71 /
    // 0.75 before salience-weighted points and the how/why resolution fix).
    // The targets on the hidden set are 0.85 / 0.85 / ≤ 1 per draft.
    // On another labelled set (GLOSS_COVERAGE_EVAL) only print.
    if std::env::var_os("GLOSS_COVERAGE_EVAL").is_some() {
        return;
    }
    assert!(t.precision() >= 0.95, "precision {:.2}", t.precision());
    assert!(t.recall() >= 0.8, "recall {:.2}", t.recall());
    assert!(
        t.neutral_per_draft() <= 0.25,
        "neutral per draft {:.2}",
        t.neutral_per_draft()
    );
}

/// The same drafts with the sentence-embedding model as a second judge
/// (skips without the model). It must do at least as well as the lexical
/// judge on every score.
#[test]
fn sample_coverage_with_model() {
    let Some(shared) = shared() else { return };
    let Some(e) = embedder() else { return };
    let lib = Library::new(vec![Arc::new(load(&shared))]);
    let lexical = run(&lib, Options::default());
    let t = run(&lib, Options { embedder: Some(e) });
    if std::env::var_os("GLOSS_COVERAGE_EVAL").is_some() {
        return;
    }
    assert!(
        t.precision() >= lexical.precision() && t.recall() >= lexical.recall(),
        "with the model {t:?}, lexical {lexical:?}"
    );
    assert!(t.neutral_per_draft() <= lexical.neutral_per_draft().max(0.25));
}
