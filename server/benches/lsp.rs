//! In-process latency of the LSP handlers (not JSON-RPC): hover and
//! definition on the user's guide (or the example guide when absent), and
//! draft diagnostics on a ~2 KB draft. Prints p50/p99 over many calls, then
//! runs the criterion benchmarks.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{black_box, Criterion};
use gloss::lsp::definition::definition;
use gloss::lsp::diagnostics::draft_diagnostics;
use gloss::lsp::documents::Document;
use gloss::lsp::hover::hover;
use gloss::lsp::position::Encoding;
use gloss_index::{refs, Library, LoadedGuide};
use tower_lsp::lsp_types::{Position, Url};

fn guide_path() -> PathBuf {
    let shared = PathBuf::from("/work/shared/guide/DISTRIBUTED_SYSTEMS.md");
    if let Ok(p) = std::env::var("GLOSS_BENCH_GUIDE") {
        return PathBuf::from(p);
    }
    if shared.exists() {
        return shared;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/workspace/guides/STORAGE_ENGINES.md")
}

/// Cursor positions on term occurrences and references of the guide text.
fn positions(doc: &Document, lib: &Library, text: &str) -> Vec<Position> {
    let g = &lib.guides[0];
    let mut out = Vec::new();
    for m in g.matcher.scan(text).iter().step_by(7).take(400) {
        out.push(doc.position(m.span.start + 1, Encoding::Utf16));
    }
    for r in refs::find_refs(text).iter().take(200) {
        out.push(doc.position(r.span.start + 1, Encoding::Utf16));
    }
    // Some misses too: line starts.
    for line in (0..doc.line_count()).step_by(37) {
        out.push(Position::new(line, 0));
    }
    out
}

fn percentiles(name: &str, mut f: impl FnMut(usize)) {
    let n = 3000;
    for i in 0..200 {
        f(i);
    }
    let mut times: Vec<Duration> = (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    times.sort();
    let p = |q: f64| times[((n as f64 * q) as usize).min(n - 1)];
    println!(
        "{name:<28} p50 {:>9.1?}  p99 {:>9.1?}  max {:>9.1?}  (n={n})",
        p(0.50),
        p(0.99),
        times[n - 1]
    );
}

fn draft_text(lib: &Library) -> String {
    let g = &lib.guides[0].guide;
    let q = g
        .questions()
        .next()
        .map(|(_, it)| it.title.clone())
        .unwrap_or_default();
    let mut s = format!("# Draft\n\n## {q}\n\n");
    let para = "In my last role we had to explain this trade-off to a team that had only used the defaults. \
                I started from the failure we saw, walked through the mechanism, and closed with what we changed and how we measured it.\n\n";
    while s.len() < 2048 {
        s.push_str(para);
    }
    s
}

fn main() {
    let path = guide_path();
    let text = std::fs::read_to_string(&path).expect("bench guide");
    let t = Instant::now();
    let g = LoadedGuide::from_text(&path, text.clone(), None).expect("load guide");
    println!(
        "guide {} ({} bytes) loaded in {:?}",
        path.display(),
        text.len(),
        t.elapsed()
    );
    let lib = Library::new(vec![Arc::new(g)]);
    let uri = Url::from_file_path(&path).unwrap();
    let doc = Document::new(&uri, &text, 1);
    let note_uri = Url::parse("file:///tmp/gloss-bench-note.md").unwrap();
    let note = Document::new(&note_uri, &text, 1);
    let pos = positions(&doc, &lib, &text);
    println!("{} cursor positions", pos.len());

    percentiles("hover (in guide)", |i| {
        black_box(hover(&lib, &doc, pos[i % pos.len()], Encoding::Utf16));
    });
    percentiles("hover (in note)", |i| {
        black_box(hover(&lib, &note, pos[i % pos.len()], Encoding::Utf16));
    });
    percentiles("definition (in guide)", |i| {
        black_box(definition(&lib, &doc, pos[i % pos.len()], Encoding::Utf16));
    });
    let draft = Document::new(
        &Url::parse("file:///tmp/drafts/d.md").unwrap(),
        &draft_text(&lib),
        1,
    );
    percentiles("diagnostics (2 KB draft)", |_| {
        black_box(draft_diagnostics(&lib, &draft, Encoding::Utf16));
    });

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    let mut i = 0;
    c.bench_function("hover", |b| {
        b.iter(|| {
            i += 1;
            hover(&lib, &doc, pos[i % pos.len()], Encoding::Utf16)
        })
    });
    c.bench_function("definition", |b| {
        b.iter(|| {
            i += 1;
            definition(&lib, &doc, pos[i % pos.len()], Encoding::Utf16)
        })
    });
    c.bench_function("diagnostics_2kb", |b| {
        b.iter(|| draft_diagnostics(&lib, &draft, Encoding::Utf16))
    });
    c.final_summary();
}
