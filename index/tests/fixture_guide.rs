//! Snapshot of everything extracted from the example guide (our own text):
//! outline, terms, anchors. A change in extraction shows up as a diff here.

use std::fmt::Write;
use std::path::Path;

use gloss_index::Guide;

fn guide() -> Guide {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/workspace/guides/STORAGE_ENGINES.md");
    Guide::load(&path).expect("example guide loads")
}

#[test]
fn outline_snapshot() {
    let g = guide();
    let mut out = String::new();
    for it in &g.items {
        let indent = "  ".repeat(it.level.saturating_sub(1) as usize);
        writeln!(
            out,
            "{:4} {indent}{} [{}] {}",
            it.line + 1,
            it.kind.as_str(),
            it.label,
            it.title
        )
        .unwrap();
    }
    insta::assert_snapshot!(out);
}

#[test]
fn terms_snapshot() {
    let g = guide();
    let mut out = String::new();
    for t in &g.terms {
        writeln!(
            out,
            "{} {:?} ({:?}, line {}, {})\n    {}",
            t.name,
            t.aliases,
            t.origin,
            t.line + 1,
            g.items[t.item].label,
            t.definition
        )
        .unwrap();
        for a in &t.also {
            writeln!(out, "    also line {}: {}", a.line + 1, a.definition).unwrap();
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn anchors_snapshot() {
    let g = guide();
    let mut out = String::new();
    for a in &g.anchors {
        writeln!(
            out,
            "{} (line {}) aliases={:?}",
            a.name,
            a.line + 1,
            a.aliases
        )
        .unwrap();
        writeln!(out, "  prompts: {}", a.prompts.join(" | ")).unwrap();
        writeln!(out, "  details: {}", a.details.join(" | ")).unwrap();
    }
    insta::assert_snapshot!(out);
}
