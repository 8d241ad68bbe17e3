//! End-to-end CLI tests: run the `gloss` binary in `examples/workspace`.

use std::collections::BTreeMap;

use gloss_tests::*;
use serde_json::Value;

fn guide_text() -> String {
    std::fs::read_to_string(example_guide()).expect("fixture guide")
}

/// 0-based line of `#### Q{q}.` inside `## Part {part} `.
fn question_line(part: u32, q: u32) -> u32 {
    let text = guide_text();
    let part_line = line_starting_with(&text, &format!("## Part {part} ")).expect("part heading");
    line_starting_with_after(&text, part_line, &format!("#### Q{q}.")).expect("question heading")
}

fn gloss(args: &[&str]) -> CliOutput {
    run_gloss(args, &example_workspace())
        .unwrap_or_else(|e| panic!("running gloss {args:?}: {e:#}"))
}

fn assert_no_panic(out: &CliOutput) {
    assert!(
        !out.stderr.contains("panicked"),
        "gloss panicked:\n{}",
        out.stderr
    );
}

/// CLI line numbers may be 1-based (editor style) or 0-based; accept either.
fn same_line(reported: &Value, zero_based: u32) -> bool {
    reported
        .as_u64()
        .is_some_and(|l| l == zero_based as u64 + 1 || l == zero_based as u64)
}

#[test]
fn search_json_puts_the_expected_question_first() {
    let cases = [
        (
            "What is a tombstone and why does it linger",
            "tombstone",
            question_line(1, 3),
        ),
        (
            "how does leveled compaction differ from size-tiered",
            "leveled compaction",
            question_line(2, 1),
        ),
        (
            "why does a long-running transaction bloat a Postgres table",
            "long-running transaction",
            question_line(3, 5),
        ),
    ];
    for (query, title_word, line) in cases {
        let out = gloss(&["search", query, "--json"]);
        assert_no_panic(&out);
        assert_eq!(
            out.code(),
            Some(0),
            "search {query:?} failed:\n{}",
            out.stderr
        );
        let hits = out.json();
        let hits = hits
            .as_array()
            .unwrap_or_else(|| panic!("search --json must print an array: {hits}"));
        assert!(!hits.is_empty(), "no hits for {query:?}");
        for h in hits {
            for field in ["kind", "title", "path", "line", "score", "snippet"] {
                assert!(h.get(field).is_some(), "hit lacks {field}: {h}");
            }
        }
        let top = &hits[0];
        assert_eq!(top["kind"], "question", "{query:?}: {top}");
        assert!(
            top["title"]
                .as_str()
                .unwrap_or_default()
                .contains(title_word),
            "{query:?}: expected the question about {title_word:?} first, got {hits:#?}"
        );
        assert!(
            top["path"]
                .as_str()
                .unwrap_or_default()
                .ends_with("STORAGE_ENGINES.md"),
            "{top}"
        );
        assert!(
            same_line(&top["line"], line),
            "{query:?}: line {} vs heading line {line} (0-based)",
            top["line"]
        );
        let scores: Vec<f64> = hits.iter().filter_map(|h| h["score"].as_f64()).collect();
        assert_eq!(scores.len(), hits.len(), "scores must be numbers");
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "not sorted by score: {scores:?}"
        );
    }
}

#[test]
fn search_finds_terms_too() {
    let out = gloss(&["search", "memtable", "--json"]);
    assert_eq!(out.code(), Some(0), "{}", out.stderr);
    let hits = out.json();
    let hits = hits.as_array().unwrap();
    assert!(
        hits.iter().any(|h| h["title"]
            .as_str()
            .is_some_and(|t| t.to_lowercase().starts_with("memtable"))),
        "Memtable term should be searchable: {hits:#?}"
    );
}

#[test]
fn define_prints_the_definition() {
    let out = gloss(&["define", "WAL"]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(0), "stderr:\n{}", out.stderr);
    assert!(
        out.stdout.contains("append-only"),
        "WAL definition missing:\n{}",
        out.stdout
    );

    // Case-insensitive, and via an acronym expansion.
    let out = gloss(&["define", "memtable"]);
    assert_eq!(out.code(), Some(0), "stderr:\n{}", out.stderr);
    assert!(out.stdout.contains("in-memory"), "{}", out.stdout);

    let out = gloss(&["define", "Multi-Version Concurrency Control"]);
    assert_eq!(out.code(), Some(0), "stderr:\n{}", out.stderr);
    assert!(out.stdout.contains("version"), "{}", out.stdout);
}

#[test]
fn define_unknown_term_exits_1() {
    let out = gloss(&["define", "nosuchterm"]);
    assert_no_panic(&out);
    assert_eq!(
        out.code(),
        Some(1),
        "stdout:\n{}\nstderr:\n{}",
        out.stdout,
        out.stderr
    );
    assert!(
        !out.stderr.trim().is_empty(),
        "expected a message on stderr"
    );
    assert!(
        out.stderr.contains("nosuchterm"),
        "message should name the term:\n{}",
        out.stderr
    );
}

#[test]
fn outline_lists_parts_sections_and_questions() {
    let out = gloss(&["outline"]);
    assert_no_panic(&out);
    assert_eq!(out.code(), Some(0), "{}", out.stderr);
    let s = &out.stdout;
    for needle in [
        "Part 1",
        "Storage Engine Internals",
        "1.3",
        "2.3",
        "Bloom filters",
        "What is a tombstone and why does it linger?",
        "Part 3",
        "Scenario 1",
        "Part 4",
    ] {
        assert!(s.contains(needle), "outline lacks {needle:?}:\n{s}");
    }
    let p1 = s.find("Storage Engine Internals").unwrap();
    let p2 = s.find("Reads, Indexes").expect("Part 2 title");
    let q3 = s.find("What is a tombstone").unwrap();
    assert!(p1 < q3 && q3 < p2, "outline out of order:\n{s}");
    assert!(
        !s.contains("durability knobs"),
        "a code-block comment was listed as a heading:\n{s}"
    );
}

#[test]
fn check_drafts_reports_missing_anchors() {
    let expected: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(fixture("drafts_expected.json")).unwrap())
            .unwrap();
    let out = gloss(&["check", "drafts", "--format", "json"]);
    assert_no_panic(&out);
    assert_eq!(
        out.code(),
        Some(1),
        "missing anchors must fail the check\nstdout:\n{}\nstderr:\n{}",
        out.stdout,
        out.stderr
    );
    let diags = out.json();
    let diags = diags
        .as_array()
        .unwrap_or_else(|| panic!("check --format json must print an array: {diags}"));
    for d in diags {
        for field in ["path", "line", "column", "severity", "code", "message"] {
            assert!(d.get(field).is_some(), "diagnostic lacks {field}: {d}");
        }
    }
    let missing_in = |file: &str| -> Vec<&Value> {
        diags
            .iter()
            .filter(|d| d["code"] == "missing-anchor")
            .filter(|d| {
                d["path"]
                    .as_str()
                    .unwrap_or_default()
                    .replace('\\', "/")
                    .ends_with(&format!("drafts/{file}"))
            })
            .collect()
    };
    for (file, verdict) in &expected {
        let found = missing_in(file);
        match verdict.as_str() {
            "missing" => {
                assert_eq!(
                    found.len(),
                    1,
                    "{file}: expected one missing-anchor diagnostic, got {diags:#?}"
                );
                let text =
                    std::fs::read_to_string(example_workspace().join("drafts").join(file)).unwrap();
                let heading = line_starting_with(&text, "## ").unwrap();
                assert!(
                    same_line(&found[0]["line"], heading),
                    "{file}: wrong line {}",
                    found[0]
                );
                assert!(
                    found[0]["severity"]
                        .as_str()
                        .is_some_and(|s| s.eq_ignore_ascii_case("warning"))
                        || found[0]["severity"] == 2
                );
            }
            "anchored" | "unknown" => {
                assert!(found.is_empty(), "{file} is {verdict} but got {found:#?}")
            }
            other => panic!("bad verdict {other:?} in drafts_expected.json"),
        }
    }
}

#[test]
fn nonexistent_guide_is_a_clean_error() {
    let out = gloss(&["search", "x", "--guide", "/nonexistent.md"]);
    assert_no_panic(&out);
    assert!(!out.status.success(), "should fail:\n{}", out.stdout);
    assert!(out.code().is_some(), "killed by a signal?");
    assert!(
        out.stderr.contains("nonexistent"),
        "error should name the missing file:\n{}",
        out.stderr
    );
}
