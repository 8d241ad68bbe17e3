//! Cold build, warm open, search, define and hover on a real-size guide.
//!
//! `cargo bench -p gloss-index --bench guide -- --warm-up-time 1 --measurement-time 3`
//!
//! Uses the user's guide (`../shared`) when present, else the example guide,
//! else a generated one. Also prints search p50/p99 over 1000 varied queries.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use gloss_index::cache::Cache;
use gloss_index::skim::Skim;
use gloss_index::{Guide, KindFilter, LoadedGuide, SearchIndex};

fn guide_source() -> (PathBuf, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for p in [
        root.join("../../shared/guide/DISTRIBUTED_SYSTEMS.md"),
        root.join("../examples/workspace/guides/STORAGE_ENGINES.md"),
    ] {
        if let Ok(text) = std::fs::read_to_string(&p) {
            return (p, text);
        }
    }
    (root.join("generated.md"), generated())
}

/// A ~200 KB guide of generated parts, sections and Q&As.
fn generated() -> String {
    let words = [
        "replica",
        "leader",
        "quorum",
        "partition",
        "offset",
        "consumer",
        "producer",
        "latency",
        "throughput",
        "checkpoint",
        "snapshot",
        "compaction",
        "retention",
        "index",
        "segment",
    ];
    let mut s = String::from("# Generated Guide\n\n");
    let mut n = 0usize;
    for part in 1..=12 {
        s.push_str(&format!("## Part {part} — Topic {part}\n\n"));
        for sec in 1..=8 {
            s.push_str(&format!(
                "### {part}.{sec} Section about {}\n\n",
                words[(part + sec) % words.len()]
            ));
            for _ in 0..6 {
                n += 1;
                s.push_str(&format!(
                    "Paragraph {n}: the {} talks to the {} while the {} waits.\n\n",
                    words[n % words.len()],
                    words[(n * 7) % words.len()],
                    words[(n * 11) % words.len()]
                ));
            }
        }
        s.push_str(&format!("### {part}.9 Part {part} Q&A\n\n"));
        for q in 1..=8 {
            s.push_str(&format!(
                "#### Q{q}. Why does the {} need a {}?\n\n",
                words[(part * q) % words.len()],
                words[(part + q * 3) % words.len()]
            ));
            s.push_str(
                &"Because the answer explains it at length with several sentences. ".repeat(4),
            );
            s.push_str("\n\n");
        }
    }
    s
}

const QUERIES: &[&str] = &[
    "CAP theorem concrete example",
    "in-sync replicas",
    "exactly once within kafka transactions",
    "how does a consumer group rebalance",
    "idempotnecy",
    "circuit breaker",
    "latency versus consistency when there is no partition",
    "leader epoch",
    "thundering herd of retries",
    "bloom filter false positives",
    "write-ahead log",
    "compaction",
    "acks=all",
    "message that can never be processed",
    "quorum",
    "a",
];

fn bench(c: &mut Criterion) {
    let (path, text) = guide_source();
    eprintln!("guide: {} ({} bytes)", path.display(), text.len());

    // What the language server answers link definitions and workspace
    // symbols from while the first parse runs.
    c.bench_function("cold: skim (headings, lead-in terms)", |b| {
        b.iter(|| {
            let skim = Skim::new(&path, text.clone());
            black_box(skim.terms().len());
            skim
        })
    });

    // What an answer that needs only the outline (a heading, a link's
    // target) waits for on an empty cache.
    c.bench_function("cold: parse only", |b| {
        b.iter(|| black_box(Guide::parse(&path, text.clone())))
    });

    // What hover waits for on an empty cache: the index is built later.
    c.bench_function("cold: LoadedGuide::from_text (parse + matcher)", |b| {
        b.iter(|| black_box(LoadedGuide::from_text(&path, text.clone(), None).expect("load")))
    });

    c.bench_function("cold: parse + index in RAM", |b| {
        b.iter(|| {
            let g = Guide::parse(&path, text.clone());
            black_box(SearchIndex::open_or_build(&g, None).expect("index"));
        })
    });

    let tmp = tempfile::tempdir().expect("tempdir");
    let mut n = 0u32;
    c.bench_function("cold: parse + index to disk", |b| {
        b.iter(|| {
            n += 1;
            let g = Guide::parse(&path, text.clone());
            let dir = tmp.path().join(format!("cold-{n}"));
            black_box(SearchIndex::open_or_build(&g, Some(&dir)).expect("index"));
        })
    });

    let cache = Cache::new(tmp.path().join("cache"));
    let guide_file = tmp.path().join("guide.md");
    std::fs::write(&guide_file, &text).expect("write guide");
    let first = LoadedGuide::load(&guide_file, Some(&cache)).expect("first load");
    assert!(!first.search().expect("index").reused());
    // Dropping writes the model and waits for the index copy.
    drop(first);
    c.bench_function("warm: LoadedGuide::load (cache hit, model only)", |b| {
        b.iter(|| black_box(LoadedGuide::load(&guide_file, Some(&cache)).expect("warm load")))
    });
    c.bench_function("warm: LoadedGuide::load + open index (cache hit)", |b| {
        b.iter(|| {
            let g = LoadedGuide::load(&guide_file, Some(&cache)).expect("warm load");
            assert!(g.search().expect("index").reused());
            black_box(g);
        })
    });

    let g = LoadedGuide::load(&path, None).expect("load");
    let search = g.search().expect("index");
    c.bench_function("search: one query (Any, 10)", |b| {
        b.iter(|| {
            black_box(
                search
                    .search(
                        &g.guide,
                        "exactly once within kafka transactions",
                        KindFilter::Any,
                        10,
                    )
                    .expect("search"),
            )
        })
    });
    let name = g
        .guide
        .terms
        .first()
        .map_or("ISR", |t| t.name.as_str())
        .to_string();
    c.bench_function("define: matcher.lookup", |b| {
        b.iter(|| black_box(g.matcher.lookup(black_box(&name))))
    });
    let line = format!("We discussed {name} and its trade-offs with the team yesterday.");
    let at = line.find(&name).unwrap_or(0) + 1;
    c.bench_function("hover: matcher.match_at", |b| {
        b.iter(|| black_box(g.matcher.match_at(black_box(&line), at)))
    });

    percentiles("search", 1000, |i| {
        let q = QUERIES[i % QUERIES.len()];
        let filter = [KindFilter::Any, KindFilter::Question][i % 2];
        black_box(search.search(&g.guide, q, filter, 10).expect("search"));
    });
    let names: Vec<String> = g
        .guide
        .terms
        .iter()
        .map(|t| t.name.to_lowercase())
        .collect();
    percentiles("define", 10_000, |i| {
        let n = names
            .get(i % names.len().max(1))
            .map_or("isr", String::as_str);
        black_box(g.matcher.lookup(n));
    });
}

/// Runs `f` `n` times and prints p50 / p99 / max.
fn percentiles(name: &str, n: usize, mut f: impl FnMut(usize)) {
    let mut d: Vec<Duration> = (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    d.sort_unstable();
    let at = |p: f64| d[((d.len() as f64 * p) as usize).min(d.len() - 1)];
    eprintln!(
        "{name}: p50 {:?}  p99 {:?}  max {:?}  (n={n})",
        at(0.50),
        at(0.99),
        d[d.len() - 1]
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
