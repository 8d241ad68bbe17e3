//! Anchors named only indirectly, against the example workspace guide
//! (`examples/workspace`, our own text, always present): drafts that tie to
//! a project by its situation or metrics only, and first-person drafts that
//! tie to nothing the writer did (hypotheticals, opinions, reading), or name
//! an anchor's technology as general advice. Plus bad drafts: an empty
//! draft, a 50 KB draft.

use std::path::Path;
use std::sync::Arc;

use gloss_index::drafts::{check_draft, DiagnosticKind};
use gloss_index::{Library, LoadedGuide};

fn library() -> Library {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/workspace/guides/STORAGE_ENGINES.md");
    Library::new(vec![Arc::new(
        LoadedGuide::load(&path, None).expect("example guide loads"),
    )])
}

fn missing_anchor(lib: &Library, text: &str) -> bool {
    let d = check_draft(lib, text);
    for x in &d {
        eprintln!("    {}: {}", x.code(), x.message);
    }
    d.iter().any(|d| d.kind == DiagnosticKind::MissingAnchor)
}

/// (what, draft, should get `missing-anchor`)
const CASES: &[(&str, &str, bool)] = &[
    // --- the project named by its situation or numbers only ---
    (
        "ledger by its volume and fsync numbers",
        "## Why does a database write to the WAL before touching the data pages?\n\n\
         So a crash can be replayed from a sequential log instead of half-written pages. \
         On the double-entry service I looked after, about two million rows a day, batching \
         commits took us from one fsync per transaction to roughly one in five.\n",
        false,
    ),
    (
        "index rebuild by its latency numbers",
        "## How does leveled compaction differ from size-tiered compaction?\n\n\
         Leveled keeps few overlapping files per level, so reads touch less; size-tiered writes less. \
         When we rebuilt the index behind a shadow copy, leveled compaction took p99 \
         lookups from 45 ms to 12 ms.\n",
        false,
    ),
    (
        "cache move by a spelled-out pin window",
        "## A user updates their profile and the page still shows the old value. What happened?\n\n\
         The read went to a replica that had not caught up yet. After the cache cutover I ran, \
         we pinned reads to the primary for five seconds after each write and the stale \
         profiles stopped.\n",
        false,
    ),
    (
        "on-call redesign by its page counts, opinion about own work",
        "## What is read amplification?\n\n\
         How many reads the engine does per logical read. I think our rotation was badly tuned \
         for years: pages went from thirty a week to six once we deleted the alerts nobody acted on.\n",
        false,
    ),
    // Written for the second attempt.
    (
        "ledger by its month-end peak",
        "## What is write skew and how do you prevent it?\n\n\
         Two transactions each read a condition, then write something that breaks it together. \
         The double-entry system I maintain peaks near nine hundred inserts a second at month end, \
         so we run the transfer path serializable and let the retries happen.\n",
        false,
    ),
    (
        "index rebuild by its rollback window",
        "## Why do range scans get slower after a bulk delete on an LSM store?\n\n\
         The deleted keys are still there as tombstones until compaction drops them. \
         After our rebuild we swapped the alias to the new copy and kept the old one for two days \
         in case we had to roll back.\n",
        false,
    ),
    (
        "cache move by its hit ratio",
        "## How would you size the block cache for a read-heavy workload?\n\n\
         Size it to the hot set and watch the hit ratio as you grow it. Moving our sessions off the \
         lone Memcached box onto a six-shard cluster lifted the hit ratio from 91 to 97 percent.\n",
        false,
    ),
    // Probes of each kind (second attempt).
    (
        "ledger by its vacuum numbers",
        "## Why does a long-running transaction bloat a Postgres table?\n\nOld versions pile up. On the payments database I was responsible for, autovacuum tuning took the biggest table from 310 GB down to 120 GB.\n",
        false,
    ),
    (
        "rotation by its handoff",
        "## What is read amplification?\n\nExtra reads per lookup. The eight engineers on my rotation handed off between two offices, and every page linked a runbook.\n",
        false,
    ),
    (
        "index rebuild by its dual write and alias swap",
        "## What is read amplification?\n\nExtra reads per lookup. When we rebuilt the index, we wrote to both copies until the new one caught up, then swapped the alias.\n",
        false,
    ),
    (
        "inverted conditional about the rotation",
        "## What is read amplification?\n\nExtra reads per lookup. Were I redesigning an on-call rotation, I'd delete every non-actionable alert first.\n",
        true,
    ),
    (
        "read that it can ingest",
        "## What is read amplification?\n\nExtra reads per lookup. I read that RocksDB can ingest pre-sorted SSTables directly, skipping the memtable.\n",
        true,
    ),
    (
        "isolation as advice",
        "## Why does a long-running transaction bloat a Postgres table?\n\nOld versions pile up. Serializable isolation on a transfer path prevents balance drift.\n",
        true,
    ),
    (
        "would love to try",
        "## Why does a long-running transaction bloat a Postgres table?\n\nOld versions pile up. I'd love to try Redis Cluster with write-through invalidation keyed by entity version.\n",
        true,
    ),
    // Roles held now, more stances.
    (
        "ledger by volume and month-end peak",
        "## What is read amplification?\n\nExtra reads per lookup. The payments store I run takes two million writes a day and peaks at nine hundred a second when the month closes.\n",
        false,
    ),
    (
        "on-call by the WAL disk alert",
        "## What is read amplification?\n\nExtra reads per lookup. After the WAL volume filled up one night, I added an alert that forecasts disk usage.\n",
        false,
    ),
    (
        "cache by pinned reads",
        "## What is read amplification?\n\nExtra reads per lookup. We sent reads to the primary for five seconds after each write and the stale profiles disappeared.\n",
        false,
    ),
    (
        "if I ever rebuild",
        "## What is read amplification?\n\nExtra reads per lookup. If I ever rebuild an index that size, I'll write to a shadow copy first.\n",
        true,
    ),
    (
        "a belief about compaction",
        "## What is read amplification?\n\nExtra reads per lookup. I believe leveled compaction is worth it once an index passes 40 GB.\n",
        true,
    ),
    (
        "my notes say",
        "## Why does a long-running transaction bloat a Postgres table?\n\nOld versions pile up. My notes say group commit cuts fsyncs per transaction to about 0.2.\n",
        true,
    ),
    // Possession that is not ownership.
    (
        "ledger by vacuum tuning",
        "## What is read amplification?\n\nExtra reads per lookup. I tuned autovacuum on our busiest Postgres table until it shrank by more than half.\n",
        false,
    ),
    (
        "rotation by pages a week",
        "## What is read amplification?\n\nExtra reads per lookup. Our rotation used to page someone thirty times a week.\n",
        false,
    ),
    (
        "our textbook",
        "## What is read amplification?\n\nExtra reads per lookup. Our textbook says RocksDB compaction is the main source of it.\n",
        true,
    ),
    (
        "a friend's cache move",
        "## What is read amplification?\n\nExtra reads per lookup. A friend of mine moved a cache to Redis Cluster and got p99 from 8 ms to 2 ms.\n",
        true,
    ),
    // Whole answers.
    (
        "ledger by its isolation record",
        "## What is read amplification?\n\nExtra reads per lookup. The ledger I maintain runs serializable on the transfer path and hasn't drifted a cent in a year and a half.\n",
        false,
    ),
    (
        "if I ever own one",
        "## What is read amplification?\n\nExtra reads per lookup. If I ever own a ledger, I'll run the transfer path serializable.\n",
        true,
    ),
    (
        "runbooks by mitigation time in words",
        "## What is read amplification?\n\nExtra reads per lookup.\n\nWe cut median time to mitigate from forty minutes to fifteen once every page linked a runbook.\n",
        false,
    ),
    (
        "runbooks as advice",
        "## What is read amplification?\n\nExtra reads per lookup.\n\nEvery page should link a runbook; median time to mitigate drops from 40 min to 15 min.\n",
        true,
    ),
    // --- first person, but nothing the writer did ---
    (
        "hypothetical cache move",
        "## A user updates their profile and the page still shows the old value. What happened?\n\n\
         A lagging replica served the read. If I were running a cache migration, I'd pin \
         reads to the primary for 5 s after every write and key invalidation by entity version.\n",
        true,
    ),
    (
        "reading the docs of an anchor's technology",
        "## How would you size the block cache for a read-heavy workload?\n\n\
         Start from the working set and watch the hit ratio. I read the Redis Cluster docs \
         last week and I think their resharding story is the hard part.\n",
        true,
    ),
    (
        "opinion naming the anchor's engine",
        "## When would you pick an LSM engine over a B-tree engine?\n\n\
         For write-heavy workloads with mostly point reads. I prefer RocksDB with leveled \
         compaction and pre-sorted SSTable ingestion for bulk loads.\n",
        true,
    ),
    (
        "plan for the future",
        "## Explain checkpointing.\n\n\
         A checkpoint flushes dirty pages so recovery replays less WAL. I'm going to tune \
         group commit on Postgres next, since we'd cut fsyncs per transaction.\n",
        true,
    ),
    // Written for the second attempt.
    (
        "inverted conditional about the cache",
        "## A user updates their profile and the page still shows the old value. What happened?\n\n\
         The read hit a stale replica. Were we to shard the cache, I'd key invalidation by entity \
         version and pin reads for 5 s.\n",
        true,
    ),
    (
        "a talk about compaction",
        "## How does leveled compaction differ from size-tiered compaction?\n\n\
         Leveled rewrites more to keep reads cheap. I watched a conference talk on leveled compaction \
         in RocksDB and it convinced me size-tiered is rarely worth it.\n",
        true,
    ),
    (
        "vacuum numbers as advice",
        "## Why does a long-running transaction bloat a Postgres table?\n\n\
         Old row versions cannot be removed while it runs. Tune autovacuum on a hot table or it can \
         grow from 120 GB to 310 GB.\n",
        true,
    ),
    (
        "a view on group commit",
        "## Why does a database write to the WAL before touching the data pages?\n\n\
         Sequential log writes are cheap and replayable. In my view, group commit is the best \
         durability knob Postgres has.\n",
        true,
    ),
    // --- an anchor's technology as general advice ---
    (
        "technology as advice",
        "## What is a phantom read?\n\n\
         A range query returns new rows on a second run. Serializable isolation on Postgres \
         stops it; a transfer path should always run serializable.\n",
        true,
    ),
    (
        "metrics as advice",
        "## What is write amplification and how do you measure it?\n\n\
         Bytes written to disk per byte written by the application. Leveled compaction on a \
         40 GB RocksDB index can write ten times the data; measure it from compaction stats.\n",
        true,
    ),
];

#[test]
fn indirect_anchors_on_the_example_guide() {
    let lib = library();
    let mut wrong = Vec::new();
    let (mut tp, mut fp, mut fn_, mut right) = (0, 0, 0, 0);
    for (what, text, want) in CASES {
        eprintln!("{what} (want missing={want})");
        let got = missing_anchor(&lib, text);
        match (want, got) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            _ => {}
        }
        if *want == got {
            right += 1;
        } else {
            wrong.push(*what);
        }
    }
    let p = tp as f32 / (tp + fp).max(1) as f32;
    let r = tp as f32 / (tp + fn_).max(1) as f32;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    eprintln!(
        "example-guide variants: tp {tp} fp {fp} fn {fn_}, F1 {f1:.2}, accuracy {right}/{}",
        CASES.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn empty_drafts_get_nothing() {
    let lib = library();
    for text in [
        "",
        "\n\n",
        "## Explain checkpointing.\n",
        "## Explain checkpointing.\n\n   \n",
    ] {
        assert!(check_draft(&lib, text).is_empty(), "{text:?}");
    }
}

#[test]
fn a_50_kb_draft_gets_at_most_one_line_per_answer() {
    let lib = library();
    // One long answer…
    let mut one = String::from("## Explain checkpointing.\n\n");
    while one.len() < 50_000 {
        one.push_str(
            "Checkpoints bound recovery time by flushing dirty pages; the WAL before them \
             can be recycled. ",
        );
    }
    let d = check_draft(&lib, &one);
    assert_eq!(d.len(), 1, "{}", d.len());
    // …and many short ones, half of them tied to a project.
    let mut many = String::new();
    let mut answers = 0;
    while many.len() < 50_000 {
        many.push_str("## Explain checkpointing.\n\nFlush dirty pages, recycle the WAL.\n");
        if answers % 2 == 0 {
            many.push_str("On the ledger service I owned we checkpointed every five minutes.\n");
        }
        many.push('\n');
        answers += 1;
    }
    let d = check_draft(&lib, &many);
    assert!(d.len() <= answers / 2 + 1, "{} for {answers}", d.len());
    assert!(d.iter().all(|d| d.kind == DiagnosticKind::MissingAnchor));
}
