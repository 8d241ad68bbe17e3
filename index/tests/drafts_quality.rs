//! Draft-check quality on the user's real guide: the sample drafts in
//! `../shared/eval/drafts` against `drafts_expected.json`, plus harder
//! variants written here (in our own words) to check that the anchor
//! matcher generalises beyond the sample. Skips, loudly, without the data.
//!
//! `cargo test -p gloss-index --test drafts_quality -- --nocapture` prints
//! precision/recall and every diagnostic.

mod common;
use common::*;

use std::path::Path;
use std::sync::Arc;

use gloss_index::drafts::{answers, check_draft, DiagnosticKind};
use gloss_index::Library;
use serde_json::Value;

fn library(shared: &Path) -> Library {
    Library::new(vec![Arc::new(load(shared))])
}

/// "missing" when any answer lacks an anchor, else "anchored".
fn verdict(lib: &Library, text: &str) -> &'static str {
    let diags = check_draft(lib, text);
    for d in &diags {
        eprintln!("    {}: {}", d.code(), d.message);
    }
    if diags
        .iter()
        .any(|d| d.kind == DiagnosticKind::MissingAnchor)
    {
        "missing"
    } else {
        "anchored"
    }
}

struct Score {
    tp: u32,
    fp: u32,
    fn_: u32,
    total: u32,
    wrong: Vec<String>,
}

impl Score {
    fn new() -> Self {
        Score {
            tp: 0,
            fp: 0,
            fn_: 0,
            total: 0,
            wrong: Vec::new(),
        }
    }
    fn add(&mut self, name: &str, want: &str, got: &str) {
        self.total += 1;
        match (want, got) {
            ("missing", "missing") => self.tp += 1,
            ("anchored", "missing") => self.fp += 1,
            ("missing", "anchored") => self.fn_ += 1,
            _ => {}
        }
        if want != got {
            self.wrong.push(format!("{name}: want {want}, got {got}"));
        }
    }
    fn report(&self, what: &str) {
        let p = self.tp as f32 / (self.tp + self.fp).max(1) as f32;
        let r = self.tp as f32 / (self.tp + self.fn_).max(1) as f32;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let acc = 1.0 - self.wrong.len() as f32 / self.total.max(1) as f32;
        eprintln!(
            "{what}: missing-anchor precision {p:.2} recall {r:.2} F1 {f1:.2} accuracy {acc:.2} \
             (tp {} fp {} fn {}, {} drafts)",
            self.tp, self.fp, self.fn_, self.total
        );
    }
}

#[test]
fn sample_drafts_match_expected_verdicts() {
    let Some(shared) = shared() else { return };
    let lib = library(&shared);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("eval/drafts_expected.json")).expect("expected"),
    )
    .expect("json");
    let Some(expected) = expected.as_object() else {
        panic!("drafts_expected.json is not an object");
    };
    let mut score = Score::new();
    let mut names: Vec<&String> = expected.keys().collect();
    names.sort();
    for name in names {
        let want = expected[name].as_str().unwrap_or("");
        let text =
            std::fs::read_to_string(shared.join("eval/drafts").join(name)).expect("draft file");
        eprintln!("{name} (want {want})");
        let got = verdict(&lib, &text);
        score.add(name, want, got);
    }
    score.report("sample drafts");
    assert!(score.wrong.is_empty(), "{:#?}", score.wrong);
}

/// Harder phrasings, against the shared guide's anchors. Bodies are our own
/// text; headings are the guide's questions (cited, quoted or paraphrased).
const VARIANTS: &[(&str, &str, &str)] = &[
    // --- anchored: the anchor named in many ways ---
    (
        "possessive service name",
        "## How would you design a consumer that processes 10k+ messages/day reliably?\n\n\
         Idempotent handler, manual commits, bounded retries, then a dead-letter topic. \
         On our MQ ingest service we saw duplicates after every rebalance until the dedup table went in.\n",
        "anchored",
    ),
    (
        "metric as a name",
        "## Explain at-least-once vs exactly-once delivery.\n\n\
         Exactly-once is mostly marketing outside a single system. \
         My 10k tx/day ingest runs at-least-once and nobody has ever noticed a duplicate.\n",
        "anchored",
    ),
    (
        "the bridge I built",
        "## What's a poison pill and how do you handle one?\n\n\
         Bound the retries, then park it with enough context to replay. \
         In the ActiveMQ bridge I built, malformed payloads went to a parking queue after three tries.\n",
        "anchored",
    ),
    (
        "the microservice I own",
        "## §4.16 Q9\n\n\
         It commits offsets on a timer, not when the work is done. \
         The legacy MQ microservice I own moved to manual commits after a deploy ate a batch.\n",
        "anchored",
    ),
    (
        "coordinated standardization, number spelled out",
        "## What are the subject naming strategies in Schema Registry?\n\n\
         TopicName, RecordName, TopicRecordName. \
         When I coordinated the standardization effort across six teams we settled on one record type per topic.\n",
        "anchored",
    ),
    (
        "ArgoCD-managed services",
        "## Q: How do you keep alert fatigue down in a system of twenty services?\n\n\
         Page on symptoms, not causes, and make every page actionable. \
         For the ArgoCD-managed services I ran, only burn-rate alerts were allowed to page anyone.\n",
        "anchored",
    ),
    (
        "templating migration",
        "## Explain the dual-write problem and the outbox pattern.\n\n\
         Two writes, no shared transaction, so a crash leaves them inconsistent. \
         Replacing our Thymeleaf XML templates with JAXB bindings taught me to make bad output unrepresentable.\n",
        "anchored",
    ),
    (
        "mentorship cohort",
        "## How do you test resilience patterns?\n\n\
         Fault injection in integration tests, then game days in staging. \
         I folded this into the TDD curriculum for the intern cohort I mentored.\n",
        "anchored",
    ),
    (
        "evidence in the sentence after the personal one",
        "## Part 4 Q12\n\n\
         Keep the handler idempotent and commit after processing. I owned an ingest path on IBM MQ. \
         It moved over 10k transactions a day with zero loss during cutover.\n",
        "anchored",
    ),
    (
        "dedup metrics in own voice",
        "## How would you guarantee no message loss in a bridge between IBM MQ and AWS ActiveMQ?\n\n\
         Transacted sessions on both ends so a failed send rolls back the receive. \
         We kept a DynamoDB dedup table with a 72h TTL and caught two duplicates during a restart.\n",
        "anchored",
    ),
    (
        "metric of the anchor, no name",
        "## How would you design a consumer that processes 10k+ messages/day reliably?\n\n\
         Idempotent handlers and bounded retries. Once we moved to cooperative rebalancing with \
         static membership, our rebalances went from 30s to 2s.\n",
        "anchored",
    ),
    // --- missing: topic words, question words, no personal voice ---
    (
        "question metric repeated without framing",
        "## How would you design a consumer that processes 10k+ messages/day reliably?\n\n\
         At 10k+ messages/day throughput is trivial; the hard part is idempotency. \
         Use a dedup store with a TTL and a DLQ for the rest.\n",
        "missing",
    ),
    (
        "question metric repeated with opinion framing",
        "## How would you design a consumer that processes 10k+ messages/day reliably?\n\n\
         I think 10k+ messages/day is tiny, so I focus on idempotent handlers and a DLQ.\n",
        "missing",
    ),
    (
        "generic Kafka and DLQ",
        "## What's a poison pill and how do you handle one?\n\n\
         Kafka consumers should retry a few times with backoff, then send the record to a DLQ and alert.\n",
        "missing",
    ),
    (
        "generic Kafka and DLQ in own voice",
        "## What's a poison pill and how do you handle one?\n\n\
         In my experience Kafka consumers need a DLQ and retry topics with a bounded number of attempts.\n",
        "missing",
    ),
    (
        "personal opinion, no anchor",
        "## How do you prevent a retry storm?\n\n\
         I think exponential backoff is best, with jitter so clients spread out.\n",
        "missing",
    ),
    (
        "hypothetical voice with anchor-like details",
        "## Explain at-least-once vs exactly-once delivery.\n\n\
         Duplicates are fine if handlers are idempotent. We'd use a DynamoDB table with a 72h TTL for dedup.\n",
        "missing",
    ),
    (
        "schema registry advice, impersonal",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         BACKWARD lets new readers read old data; FULL adds the reverse. Schema Registry enforces either per subject.\n",
        "missing",
    ),
    (
        "experience without a project",
        "## Why is enable.auto.commit=true dangerous?\n\n\
         I've seen auto-commit drop messages when processing is slow; commit after processing instead.\n",
        "missing",
    ),
    (
        "a common word that also sits in an anchor's description",
        "## What's a poison pill and how do you handle one?\n\n\
         In my experience you bound the retries and park the message somewhere safe.\n",
        "missing",
    ),
    (
        "conditional voice naming an anchor-like project",
        "## Explain the circuit breaker pattern.\n\n\
         If I were building a bridge between two brokers, I would wrap the remote send in a breaker.\n",
        "missing",
    ),
    (
        "team word alone",
        "## How do you correlate logs across services for a single user request?\n\n\
         Our team puts a correlation ID in every header and logs it with each line.\n",
        "missing",
    ),
];

#[test]
fn harder_variants_generalise() {
    let Some(shared) = shared() else { return };
    let lib = library(&shared);
    let mut score = Score::new();
    for (name, text, want) in VARIANTS {
        eprintln!("{name} (want {want})");
        let got = verdict(&lib, text);
        score.add(name, want, got);
    }
    score.report("harder variants");
    assert!(score.wrong.is_empty(), "{:#?}", score.wrong);
}

#[test]
fn headings_resolve_to_guide_questions() {
    let Some(shared) = shared() else { return };
    let lib = library(&shared);
    let g = &lib.guides[0].guide;
    for (heading, label) in [
        ("## Part 2 Q10", "§2.8 Q10"),
        ("## §4.16 Q9", "§4.16 Q9"),
        (
            "## Q: What SLIs would you set for a Kafka consumer service?",
            "§8.4 Q4",
        ),
        ("## How can you stop a retry storm?", "§7.12 Q6"),
        (
            "## What is the outbox pattern and when should you use it?",
            "§6.14 Q7",
        ),
        ("## How do you make a POST endpoint idempotent", "§6.14 Q8"),
        (
            "## What does a service mesh buy you, and when is it worth it?",
            "§6.14 Q9",
        ),
        // The ask after a topic, a bare "difference", "vs".
        ("## circuit breakers - explain the pattern", "§6.14 Q4"),
        (
            "## Poison pills: what are they and how to handle them",
            "§3.9 Q3",
        ),
        (
            "## Difference between sync, async and semi-sync replication",
            "§2.8 Q9",
        ),
        ("## Explain CAP, with an example", "§1.9 Q1"),
        ("## Outbox vs XA/2PC: when would you pick 2PC?", "§3.9 Q8"),
        ("## Part 7, Q1", "§7.12 Q1"),
    ] {
        let a = answers(&lib, &format!("{heading}\n\nText.\n"));
        let got = a
            .first()
            .and_then(|a| a.question)
            .map(|(_, i)| g.items[i].label.clone());
        assert_eq!(got.as_deref(), Some(label), "{heading}");
    }
    // A random question does not map to a guide question.
    let a = answers(&lib, "## How do you bake sourdough bread?\n\nFlour.\n");
    assert!(a.iter().all(|a| a.question.is_none()));
}

#[test]
fn recommendations_fit_the_topic() {
    let Some(shared) = shared() else { return };
    let lib = library(&shared);
    let g = &lib.guides[0].guide;
    for (heading, anchor_word) in [
        ("## §5.8 Q5", "ActiveMQ"),
        (
            "## How would you design a consumer that processes 10k+ messages/day reliably?",
            "MQ",
        ),
        (
            "## What's the difference between BACKWARD and FULL compatibility?",
            "Schema",
        ),
    ] {
        let d = check_draft(&lib, &format!("{heading}\n\nSome generic text.\n"));
        let m = d
            .iter()
            .find(|d| d.kind == DiagnosticKind::MissingAnchor)
            .expect("missing-anchor");
        eprintln!("{heading}: {}", m.message);
        let top = m.recommended.first().expect("recommendation");
        assert!(
            g.anchors[top.1].name.contains(anchor_word),
            "{heading}: {}",
            m.message
        );
        assert!(m.fix.is_some());
    }
}
