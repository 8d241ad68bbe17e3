//! Bad input never panics and never loses the guide: empty files, a file cut
//! mid-code-fence, heading-only files, non-UTF-8 bytes, a corrupt cache.

use gloss_index::cache::Cache;
use gloss_index::{Error, Guide, ItemKind, KindFilter, LoadedGuide};

const SMALL_GUIDE: &str = "# Tiny guide\n\n## Part 1 — Basics\n\n### 1.1 Widgets\n\n- Sprocket — a toothed wheel that drives a chain.\n\n### 1.2 Part 1 Q&A\n\n#### Q1. What is a sprocket?\n\nA toothed wheel.\n\n#### Q2. Explain the gear train.\n\nGears in sequence.\n";

#[test]
fn degenerate_guides_parse() {
    for text in [
        "",
        "\n\n\n",
        "# Only a title",
        "## Part 1 — A\n### 1.1 B\n#### Q1. C?\n",
        "## Part 1 — A\n\n```rust\nfn cut_mid_fence() {\n#### Q1. not a heading\n",
        "#### Q1.\n#### Q\n#### Q99999999999999999999. overflow?\n",
        "- — :\n- : —\n| a |\n|---|\n| ISR (In-Sync Replicas) — x |\n",
        "\u{feff}# BOM title\r\n\r\n## Part 1 — CRLF\r\n#### Q1. Why?\r\nBecause.\r\n",
    ] {
        let g = Guide::parse("t.md", text.to_string());
        for t in &g.terms {
            assert!(t.item < g.items.len().max(1));
        }
    }
    let cut = Guide::parse(
        "t.md",
        "## Part 1 — A\n\n```rust\nfn cut() {\n#### Q1. not a heading\n".into(),
    );
    assert_eq!(
        cut.count(ItemKind::Question),
        0,
        "headings inside an unclosed fence are code"
    );
}

#[test]
fn non_utf8_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.md");
    std::fs::write(&path, b"# ok\nline two\nbad \xff\xfe byte\n").unwrap();
    match Guide::load(&path) {
        Err(Error::NotUtf8 { line, .. }) => assert_eq!(line, 3),
        other => panic!("expected NotUtf8, got {other:?}"),
    }
    let message = Guide::load(&path).unwrap_err().to_string();
    assert!(
        message.contains("bad.md") && message.contains("UTF-8"),
        "{message}"
    );
}

#[test]
fn missing_file_is_a_clear_error() {
    let err = Guide::load("/nonexistent/guide.md".as_ref()).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/guide.md"), "{err}");
}

#[test]
fn corrupt_cache_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let guide_path = dir.path().join("g.md");
    std::fs::write(&guide_path, SMALL_GUIDE).unwrap();
    let cache = Cache::new(dir.path().join("cache"));
    let first = LoadedGuide::load(&guide_path, Some(&cache)).expect("cold load");
    let hits = |g: &LoadedGuide| {
        g.search()
            .expect("index")
            .search(&g.guide, "sprocket", KindFilter::Question, 5)
            .unwrap()
            .len()
    };
    assert!(hits(&first) > 0);
    // Loading defers the model write and the index copy: finish both.
    first.warm();
    first.search().unwrap().wait_persisted().unwrap();

    // Scribble over every cached file.
    let hash = first.guide.hash.clone();
    let gdir = cache.guide_dir(&hash);
    for entry in walk(&gdir) {
        std::fs::write(&entry, b"garbage").unwrap();
    }
    let again = LoadedGuide::load(&guide_path, Some(&cache)).expect("rebuilds over garbage");
    assert_eq!(again.guide.terms.len(), first.guide.terms.len());
    assert!(hits(&again) > 0);

    // A warm open after the rebuild reuses the cache.
    let warm = LoadedGuide::load(&guide_path, Some(&cache)).expect("warm load");
    assert_eq!(warm.guide.items.len(), first.guide.items.len());
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
