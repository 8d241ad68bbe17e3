//! Review mode: reading and replaying a 100,000-grade log, appending one
//! grade (write + fdatasync), and the per-Q&A lookups behind the lens.

use std::path::Path;

use chrono::Duration;
use criterion::{criterion_group, criterion_main, Criterion};
use gloss_index::review::{clock, Deck, Grade, LogEntry, ReviewConfig, ReviewLog, Schedule};
use gloss_index::Guide;

const GUIDE: &str = include_str!("../tests/fixtures/review_guide.md");

/// 100,000 grades over 300 cards, a few minutes apart, in time order.
fn big_log() -> String {
    let start = clock::parse("2024-01-01T08:00:00Z").unwrap();
    let grades = [
        Grade::Good,
        Grade::Good,
        Grade::Again,
        Grade::Hard,
        Grade::Easy,
    ];
    let mut s = String::new();
    for i in 0..100_000u32 {
        let e = LogEntry {
            card: format!("q-{:010x}", (i * 7919) % 300),
            at: start + Duration::minutes(i64::from(i) * 7),
            grade: grades[(i % 5) as usize],
            prompt: None,
        };
        s.push_str(&e.to_line());
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = big_log();
    let log = ReviewLog::new("bench.jsonl");
    c.bench_function("review/parse_100k_log", |b| {
        b.iter(|| log.parse(text.as_bytes()).entries.len())
    });
    let entries = log.parse(text.as_bytes()).entries;
    c.bench_function("review/replay_100k_grades", |b| {
        b.iter(|| Schedule::replay(&entries, 0.9).cards.len())
    });

    let dir = tempfile::tempdir().unwrap();
    let append_log = ReviewLog::at_root(dir.path());
    let entry = LogEntry {
        card: "q-0000000001".into(),
        at: clock::parse("2026-12-01T09:00:00Z").unwrap(),
        grade: Grade::Good,
        prompt: Some("a prompt of ordinary length for a question".into()),
    };
    c.bench_function("review/append_one_grade_fsync", |b| {
        b.iter(|| append_log.append(&entry).unwrap())
    });

    let guide = Guide::parse("/ws/GUIDE.md", GUIDE.to_string());
    let deck = Deck::open(&[&guide], dir.path(), ReviewConfig::default()).unwrap();
    let now = clock::parse("2026-12-01T09:00:00Z").unwrap();
    c.bench_function("review/lens_lookups_per_guide", |b| {
        b.iter(|| {
            let _ = std::fs::metadata(&append_log.path);
            let by_item = deck.cards_by_item(Path::new("/ws/GUIDE.md"));
            guide
                .questions()
                .filter_map(|(id, _)| by_item.get(&id))
                .filter_map(|c| deck.state(&c.id))
                .filter(|s| s.due() <= now)
                .count()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
