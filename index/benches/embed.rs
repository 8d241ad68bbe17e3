//! Search by meaning: query embedding, hybrid search, opening cached
//! vectors, and embedding throughput (whole guide cold, extrapolated from
//! a timed sample plus one full build when `GLOSS_BENCH_COLD=1`).
//!
//! `cargo bench -p gloss-index --bench embed -- --warm-up-time 1 --measurement-time 3`
//!
//! Needs the model (`gloss model fetch`, or `GLOSS_MODEL=dir`) and the
//! user's guide (`../shared`) or the example guide; skips without a model.
//! `GLOSS_EMBED_THREADS=N` sizes the interactive pool (default: as `gloss`,
//! two threads on a machine with two cores).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use gloss_index::cache::Cache;
use gloss_index::embed::{choose_model, passages, Embedder, GuideVectors};
use gloss_index::{KindFilter, Library, LoadedGuide};

fn guide_path() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../../shared/guide/DISTRIBUTED_SYSTEMS.md");
    if shared.exists() {
        shared
    } else {
        root.join("../examples/workspace/guides/STORAGE_ENGINES.md")
    }
}

/// Twelve-word queries in a student's own words.
const QUERIES: &[&str] = &[
    "why do events for the same user show up out of order sometimes",
    "what happens to writes when the leader node suddenly dies mid request",
    "how can a retry accidentally charge the customer twice for one order",
    "which setting makes the producer wait until every replica has the data",
    "why does reading my own write sometimes return the old value again",
    "what stops two workers from both thinking they still hold the lock",
];

fn bench(c: &mut Criterion) {
    // As `gloss` does at start, unless GLOSS_EMBED_THREADS asks for more.
    if std::env::var_os("GLOSS_EMBED_THREADS").is_none() {
        gloss_index::embed::pin_inference_threads();
    }
    let cache = Cache::default_location();
    let Some(choice) =
        choose_model(None, Path::new("."), cache.as_ref()).filter(|c| c.looks_installed())
    else {
        eprintln!("SKIP: no embedding model (gloss model fetch, or GLOSS_MODEL=dir)");
        return;
    };
    let threads: usize = std::env::var("GLOSS_EMBED_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(gloss_index::embed::interactive_threads);
    let t = Instant::now();
    let e = Embedder::load_with_threads(&choice.dir, threads).expect("model loads");
    eprintln!("model load: {:?} ({} threads)", t.elapsed(), e.threads());
    let path = guide_path();
    let g = LoadedGuide::load(&path, None).expect("guide");
    eprintln!("guide: {} ({} bytes)", path.display(), g.guide.text.len());

    c.bench_function("embed: one 12-word query", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(e.embed_one(QUERIES[i % QUERIES.len()]).expect("embed"))
        })
    });
    percentiles("query embedding (12 words)", 300, |i| {
        black_box(e.embed_one(QUERIES[i % QUERIES.len()]).expect("embed"));
    });

    // Throughput on a sample of the guide's real passages, on the
    // one-thread background pool that builds a guide's vectors.
    let ps = passages(&g.guide);
    let sample: Vec<&str> = ps
        .iter()
        .step_by((ps.len() / 48).max(1))
        .map(|p| p.text.as_str())
        .collect();
    let t = Instant::now();
    for chunk in sample.chunks(8) {
        black_box(e.embed_in_background(chunk).expect("embed"));
    }
    let per = t.elapsed().as_secs_f64() / sample.len() as f64;
    eprintln!(
        "embedding throughput: {:.1} passages/s on {} sampled passages → whole guide ({} passages) ≈ {:.0} s",
        1.0 / per,
        sample.len(),
        ps.len(),
        per * ps.len() as f64
    );

    // A whole cold build once, into a private cache (slow: opt-in).
    let tmp = tempfile::tempdir().expect("tmp");
    let private = Cache::new(tmp.path());
    if std::env::var_os("GLOSS_BENCH_COLD").is_some() {
        let t = Instant::now();
        let (_, stats) =
            GuideVectors::load_or_build(&g.guide, &e, Some(&private), &mut |_| {}, &|| false)
                .expect("build");
        eprintln!("whole-guide cold embedding: {:?} ({stats:?})", t.elapsed());
    }
    let vectors =
        match GuideVectors::load_or_build(&g.guide, &e, cache.as_ref(), &mut |_| {}, &|| false) {
            Ok((v, _)) => v,
            Err(err) => panic!("vectors: {err}"),
        };
    let dir = cache
        .as_ref()
        .map(|c| c.guide_dir(&g.guide.hash))
        .expect("cache dir");
    c.bench_function("open cached vectors", |b| {
        b.iter(|| black_box(GuideVectors::open_cached(&g.guide, &dir, &e).expect("cached")))
    });
    percentiles("open cached vectors", 200, |_| {
        black_box(GuideVectors::open_cached(&g.guide, &dir, &e).expect("cached"));
    });

    assert!(g.set_vectors(Arc::new(vectors)));
    let lib = Library::new(vec![Arc::new(g)]);
    c.bench_function("hybrid search (embed query + fuse)", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(
                lib.search_semantic(QUERIES[i % QUERIES.len()], KindFilter::Any, 10, Some(&e))
                    .expect("search"),
            )
        })
    });
    percentiles("hybrid search", 300, |i| {
        black_box(
            lib.search_semantic(QUERIES[i % QUERIES.len()], KindFilter::Any, 10, Some(&e))
                .expect("search"),
        );
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
