//! Anchors named only indirectly (issue 10), against the user's real guide:
//! drafts that tie to one of its anchors by situation or metrics only, and
//! first-person drafts that tie to nothing the writer did (hypotheticals,
//! opinions, reading) or name an anchor's technology as general advice.
//! Our own text throughout. Skips, loudly, without `../shared`.
//!
//! `cargo test -p gloss-index --test drafts_indirect_shared -- --nocapture`
//! prints accuracy and F1 and every diagnostic.

mod common;
use common::*;

use std::sync::Arc;

use gloss_index::drafts::{check_draft, DiagnosticKind};
use gloss_index::Library;

/// Anchors named only indirectly (issue 10), against the shared guide's
/// anchors; our own text. The project named by its situation or metrics
/// only; first-person drafts that tie to nothing the writer did; an
/// anchor's technology as general advice.
const INDIRECT: &[(&str, &str, &str)] = &[
    // --- anchored by situation or metrics ---
    (
        "rebalance times spelled out",
        "## Explain cooperative rebalancing and when it matters.\n\n\
         Eager rebalancing stops the whole group; cooperative only moves the partitions that change owner. \
         On the consumer group I was responsible for, adding static membership as well took a rebalance \
         from half a minute to about two seconds.\n",
        "anchored",
    ),
    (
        "intern cohort by size and completion",
        "## What's a distributed monolith and how do you spot one?\n\n\
         Lockstep deploys and chatty synchronous calls give it away. The group of about twenty interns \
         I coached kept building one until we made them draw the call graph in review; their sprint \
         completion went from sixty to eighty-five percent that term.\n",
        "anchored",
    ),
    (
        "cutover by dual-read window and expiry",
        "## When is XA / 2PC the right answer?\n\n\
         Rarely across a network. When we moved traffic off the on-prem broker we skipped XA: a dedup \
         table with a seventy-two-hour expiry caught repeats, and over thirty days of dual reads only \
         a couple of duplicates ever showed up.\n",
        "anchored",
    ),
    (
        "deploy success without the tool name",
        "## How do you test resilience patterns?\n\n\
         Inject faults in CI, then run game days. Across the dozen-odd services we deploy through git, \
         canaries that roll back by themselves when the error budget burns are what got our deploy \
         success rate to 99%.\n",
        "anchored",
    ),
    (
        "schema incidents by numbers",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         BACKWARD protects readers of old data; FULL protects both directions. After I got six teams to \
         agree on one default in the registry, breaking incidents went from about one a month to none.\n",
        "anchored",
    ),
    (
        "opinion about own project with its metric",
        "## How do you make a POST endpoint idempotent?\n\n\
         Keep the first response under the client's key and replay it. I think our 3-day dedup window on \
         the ingest path was more than we needed, but it never let a duplicate through.\n",
        "anchored",
    ),
    // --- first person, nothing done ---
    (
        "inverted conditional with anchor numbers",
        "## How would you handle a breaking schema change across 6 services reading from one Kafka topic?\n\n\
         Were I in charge, I'd freeze the old topic and stand up a v2 with the registry in BACKWARD mode, \
         then ask each of the six teams to move on their own schedule behind a codeowners gate.\n",
        "missing",
    ),
    (
        "preference naming the dedup store",
        "## How do you prevent a retry storm?\n\n\
         Retries at every layer multiply. Personally I prefer a DynamoDB dedup table with a 72h TTL \
         over clever retry logic, because it makes replays harmless.\n",
        "missing",
    ),
    (
        "tutorial over the weekend",
        "## What SLIs would you set for a Kafka consumer service?\n\n\
         Lag trend, processing latency and error rate. I spent the weekend on the ArgoCD tutorials and \
         really like how canary analysis ties rollbacks to SLO burn.\n",
        "missing",
    ),
    (
        "view, not experience",
        "## When is XA / 2PC the right answer?\n\n\
         In my view XA is rarely worth it: an ActiveMQ bridge with a DynamoDB dedup table and \
         at-least-once delivery is simpler.\n",
        "missing",
    ),
    (
        "imagined ownership",
        "## Explain the circuit breaker pattern.\n\n\
         Imagine we owned a bridge between two brokers: we would wrap each remote send in a breaker and \
         fail over to the passive node.\n",
        "missing",
    ),
    // Written for the second attempt: more situations, spellings and voices.
    (
        "review checklist, interns by situation",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         BACKWARD means new readers cope with old data; FULL adds the other direction. \
         I drilled this into the summer interns I looked after: a couple of hundred pull requests \
         went through one checklist, and the defects they shipped fell by about a third.\n",
        "anchored",
    ),
    (
        "bridge by its leader lock",
        "## Two processes both think they're the leader. What went wrong and how do you recover?\n\n\
         A lease expired while the old leader was paused and it never noticed. \
         When we retired the on-prem queue manager, a Redis lock decided which copy of the bridge \
         consumed, and the standby took over within seconds when we killed the active one.\n",
        "anchored",
    ),
    (
        "deploys by probes and one generator",
        "## How do you test resilience patterns?\n\n\
         Break things on purpose in staging first. Across the deploys I was responsible for, every \
         environment came from one ApplicationSet, and startup probes did more for our success rate \
         than anything else.\n",
        "anchored",
    ),
    (
        "six teams as half a dozen",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         FULL is stricter: both old and new readers work. Last year I got half a dozen teams that had \
         never coordinated to adopt one compatibility default, and breaking changes went to zero.\n",
        "anchored",
    ),
    (
        "ingest by its daily volume in words",
        "## How do you monitor and alert on consumer lag?\n\n\
         Alert on the lag trend, not a fixed number. The queue consumer I run handles ten thousand \
         transactions a day at 99.9% availability, and a growing lag was always the first sign of trouble.\n",
        "anchored",
    ),
    // --- first person, nothing done (second attempt) ---
    (
        "our team in a conditional",
        "## When is XA / 2PC the right answer?\n\n\
         Almost never across a network. If our team ever had to leave an on-prem broker, I would run \
         both paths side by side for a month and dedup with a 72-hour TTL.\n",
        "missing",
    ),
    (
        "a feeling about the deploy tool",
        "## How do you test resilience patterns?\n\n\
         Inject faults, then rehearse. Honestly I feel Sealed Secrets and ApplicationSets are the best \
         parts of the ArgoCD ecosystem.\n",
        "missing",
    ),
    (
        "a course, not a project",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         FULL checks both directions. I went through a vendor course on Schema Registry and the \
         BACKWARD default finally made sense to me.\n",
        "missing",
    ),
    (
        "a plan for next quarter",
        "## How do you monitor and alert on consumer lag?\n\n\
         Lag trend plus time since the last commit. Next quarter we plan to add canary rollouts that \
         roll back by themselves on SLO burn.\n",
        "missing",
    ),
    (
        "never used it",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         FULL protects both sides. I have never worked with JAXB, but generating classes from an XSD \
         looks safer than templates.\n",
        "missing",
    ),
    // --- technology as general advice (second attempt) ---
    (
        "leader election as advice",
        "## Two processes both think they're the leader. What went wrong and how do you recover?\n\n\
         Fence the old leader with an epoch. Use a Redis lock for leader election so only one bridge \
         consumes and the other stays passive.\n",
        "missing",
    ),
    (
        "TTL numbers addressed to the reader",
        "## How do you make a POST endpoint idempotent?\n\n\
         Keep the key and the first response. You can give a DynamoDB dedup table a 72-hour TTL and let \
         it expire the keys for you.\n",
        "missing",
    ),
    // Probes of each kind, one paragraph each (second attempt).
    (
        "bridge by its month of dual reads",
        "## When is XA / 2PC the right answer?\n\nRarely. When we moved traffic from the mainframe queue to the cloud broker, I kept both paths reading for a month before switching the old one off.\n",
        "anchored",
    ),
    (
        "rebalance by half a minute",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. The consumers I maintain used to stall for half a minute on every rebalance; static membership brought that down to a couple of seconds.\n",
        "anchored",
    ),
    (
        "intern cohort by review window and completion",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. For the twenty or so interns I mentored, code reviews had to happen within a day, and sprint completion climbed from 60 to 85 percent.\n",
        "anchored",
    ),
    (
        "templates by what replaced them",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. Our outbound XML used to be stitched together with a text template engine; I replaced it with classes generated from the XSD.\n",
        "anchored",
    ),
    (
        "deploys by environments and SLI",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. Across the dozen services I deploy to dev, staging and prod, we tracked each deploy's success as an SLI and alerted on burn rate.\n",
        "anchored",
    ),
    (
        "ingest by ownership and volume in words",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I own the pipeline that moves about ten thousand transactions a day from the old queue into Kafka; we've had no loss since cutover.\n",
        "anchored",
    ),
    (
        "conditional ownership with the anchor's numbers",
        "## When is XA / 2PC the right answer?\n\nRarely. If I owned a pipeline moving ten thousand transactions a day, I'd dedup in DynamoDB with a 72h TTL.\n",
        "missing",
    ),
    (
        "a fan of the generator",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I'm a fan of ApplicationSets; they generate every environment from one config.\n",
        "missing",
    ),
    (
        "reading the registry docs",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. I've been reading the Schema Registry docs, and BACKWARD by default looks like the safe choice.\n",
        "missing",
    ),
    (
        "ideally, in parallel",
        "## When is XA / 2PC the right answer?\n\nRarely. Ideally we would run both paths in parallel for thirty days before cutover.\n",
        "missing",
    ),
    (
        "dedup store as the standard way",
        "## When is XA / 2PC the right answer?\n\nRarely. DynamoDB with a 72h TTL is the standard way to dedup at ten thousand messages a day.\n",
        "missing",
    ),
    (
        "wanting a review gate",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. I'd want a PR-review gate with codeowners from every subscribing team.\n",
        "missing",
    ),
    (
        "my advice",
        "## When is XA / 2PC the right answer?\n\nRarely. My advice: use Redis for leader election and keep the standby passive.\n",
        "missing",
    ),
    (
        "knowing teams that do it",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I know teams that run canary rollouts with automatic rollback on SLO burn.\n",
        "missing",
    ),
    (
        "should track deploy success",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. We should track deploy success as an SLI with a burn-rate alert.\n",
        "missing",
    ),
    (
        "haven't used it in production",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I haven't used ArgoCD in production, but canary analysis there looks solid.\n",
        "missing",
    ),
    (
        "personally I'd",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. Personally, I'd put Sealed Secrets in every repo.\n",
        "missing",
    ),
    (
        "an online course",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. Last month I took an online course on Kafka consumer design covering static membership and cooperative rebalancing.\n",
        "missing",
    ),
    (
        "would have used",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. I would have used JAXB with XSD-first generation instead of Thymeleaf.\n",
        "missing",
    ),
    (
        "our textbook",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. Our textbook recommends BACKWARD compatibility by default across teams.\n",
        "missing",
    ),
    (
        "my favourite setup",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. My favourite setup is a Schema Registry in BACKWARD mode with a codeowners gate.\n",
        "missing",
    ),
    (
        "what I would say in an interview",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I've used Kafka for years. ArgoCD with canary analysis keeps deploys boring and rollbacks automatic.\n",
        "missing",
    ),
    (
        "own sentence, then advice about another tool",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I've seen teams adopt canary rollouts with automatic rollback on SLO burn.\n",
        "missing",
    ),
    (
        "seen teams adopt it",
        "## When is XA / 2PC the right answer?\n\nRarely. I owned an ingest path on the old queue. It moved ten thousand transactions a day without loss.\n",
        "anchored",
    ),
    (
        "pronoun continues own sentence",
        "## When is XA / 2PC the right answer?\n\nRarely. We kept our DynamoDB dedup table for the cutover. You should always give such a table a 72h TTL.\n",
        "anchored",
    ),
    (
        "own sentence, then advice addressed to the reader",
        "## When is XA / 2PC the right answer?\n\nRarely. I worked on payments for two years. A dedup table in DynamoDB with a 72h TTL is the standard answer.\n",
        "missing",
    ),
    (
        "unrelated own work, then the standard answer",
        "## When is XA / 2PC the right answer?\n\nRarely. In an interview I would say the bridge uses session-transacted JMS on both sides.\n",
        "missing",
    ),
    // Roles held now, numbers in words, more stances.
    (
        "availability in nines, on-call role",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. The service I'm on call for has held three nines of availability all year.\n",
        "anchored",
    ),
    (
        "rebalance times in words",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. When my consumers switched to static group membership, rebalances that took thirty seconds were over in two.\n",
        "anchored",
    ),
    (
        "bridge by its framework and transactions",
        "## When is XA / 2PC the right answer?\n\nRarely. On the Spring Boot service I wrote to move messages between the two brokers, both sides were session-transacted.\n",
        "anchored",
    ),
    (
        "bridge by its leader lock and passive node",
        "## When is XA / 2PC the right answer?\n\nRarely. We ran a leader lock so that only one instance of the bridge consumed at a time, and the passive node took over during the restart.\n",
        "anchored",
    ),
    (
        "deploys by generator and self-rolling canaries",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I put every environment of our ten-plus services behind one generator, and canaries rolled back automatically when the SLO burned.\n",
        "anchored",
    ),
    (
        "intern program by its defect drop",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. Over the internship program I ran, PR defects dropped by 30 percent.\n",
        "anchored",
    ),
    (
        "ingest by role, volume and a three-day expiry",
        "## When is XA / 2PC the right answer?\n\nRarely. The consumer I'm responsible for takes ten thousand records a day from the legacy queue; a keyed table that forgets entries after three days removes repeats.\n",
        "anchored",
    ),
    (
        "if I had to do it again",
        "## When is XA / 2PC the right answer?\n\nRarely. If I had to do the bridge again, I would keep dual reads for 30 days.\n",
        "missing",
    ),
    (
        "I'd probably use what most teams use",
        "## When is XA / 2PC the right answer?\n\nRarely. I'd probably use the same DynamoDB dedup table with a 72-hour TTL that most teams use.\n",
        "missing",
    ),
    (
        "convinced, not done",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I'm convinced canary rollouts with auto-rollback on SLO burn are the biggest lever.\n",
        "missing",
    ),
    (
        "my plan would be",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. My plan would be to add a codeowners gate on every schema PR.\n",
        "missing",
    ),
    (
        "studying for an exam",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. I'm studying for the exam and JAXB with XSD-first generation keeps coming up.\n",
        "missing",
    ),
    (
        "learned in class",
        "## When is XA / 2PC the right answer?\n\nRarely. We learned in class that DynamoDB TTLs expire keys lazily.\n",
        "missing",
    ),
    (
        "remember reading",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I remember reading that Sealed Secrets keep credentials out of git.\n",
        "missing",
    ),
    (
        "according to the docs",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. According to the docs, ApplicationSets generate one app per environment.\n",
        "missing",
    ),
    (
        "a promise for a future team",
        "## What's the difference between BACKWARD and FULL compatibility?\n\nFULL is both ways. When I join a team, I will push for a 24h PR review SLA.\n",
        "missing",
    ),
    // Abbreviations, possession that is not ownership.
    (
        "templates replaced by generated classes",
        "## When is XA / 2PC the right answer?\n\nRarely. The fix I shipped for our outbound integration was to generate classes from the schema instead of filling in a text template.\n",
        "anchored",
    ),
    (
        "consumer by its dedup store",
        "## When is XA / 2PC the right answer?\n\nRarely. On the consumer I built for the old queue, dedupe was a keyed DynamoDB table.\n",
        "anchored",
    ),
    (
        "deploys by environments and generator",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. We ran ten-plus services through dev, staging and prod with one ApplicationSet.\n",
        "anchored",
    ),
    (
        "pipeline by abbreviated metrics",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I owned the pipeline off the legacy queue: 10k tx a day, 99.9% up.\n",
        "anchored",
    ),
    (
        "teams agreeing on a default",
        "## When is XA / 2PC the right answer?\n\nRarely. When I got the teams to agree on BACKWARD by default, breaking changes stopped.\n",
        "anchored",
    ),
    (
        "cohort by sprint completion",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. The summer cohort I mentored went from finishing 60% of their sprint work to 85%.\n",
        "anchored",
    ),
    (
        "migration by both tool names",
        "## When is XA / 2PC the right answer?\n\nRarely. I migrated our XML generation from Thymeleaf to JAXB.\n",
        "anchored",
    ),
    (
        "present-tense we as general practice",
        "## When is XA / 2PC the right answer?\n\nRarely. We use DynamoDB with a TTL for dedup.\n",
        "missing",
    ),
    (
        "our industry",
        "## When is XA / 2PC the right answer?\n\nRarely. In our industry DynamoDB with a 72h TTL is the usual dedup store.\n",
        "missing",
    ),
    (
        "our instructor",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. Our instructor showed how ArgoCD ApplicationSets generate every environment.\n",
        "missing",
    ),
    (
        "my take",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. My take: canary rollouts with auto-rollback on SLO burn beat manual gates.\n",
        "missing",
    ),
    (
        "a colleague's bridge",
        "## When is XA / 2PC the right answer?\n\nRarely. A colleague of mine built a bridge with Redis leader election and dual reads for 30 days.\n",
        "missing",
    ),
    // The writer as object, time clauses, `used to`, passive learning.
    (
        "asked to lead it",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         FULL works in both directions. My manager asked me to get the six subscribing teams onto one \
         registry default, and breaking incidents went from monthly to none.\n",
        "anchored",
    ),
    (
        "when I lead the next one",
        "## How do you monitor and alert on consumer lag?\n\n\
         Alert on the trend. When I lead the next platform rollout, I'll track deploy success as an \
         SLI with a burn-rate alert.\n",
        "missing",
    ),
    (
        "used to think",
        "## When is XA / 2PC the right answer?\n\n\
         Almost never. I used to think a DynamoDB TTL of 72 hours removed keys exactly on time.\n",
        "missing",
    ),
    (
        "were taught",
        "## What's the difference between BACKWARD and FULL compatibility?\n\n\
         FULL is both ways. We were taught that a codeowners gate on schema PRs stops breaking \
         changes across teams.\n",
        "missing",
    ),
    // Whole answers: paragraphs, lists, stories over two sentences.
    (
        "were this my call, two paragraphs",
        "## How would you run a breaking change to a shared event schema?\n\nPhase it: registry first, then a CI check, then a review gate.\n\nWere this my call, I'd roll it out team by team with codeowners on every schema PR. Six teams is a lot of coordination, so I'd also hold weekly syncs.\n",
        "missing",
    ),
    (
        "a getting-started guide twice",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend.\n\nI've gone through the ArgoCD getting-started guide twice. It made rollbacks look trivial.\n",
        "missing",
    ),
    (
        "own lead-in, list of what I did",
        "## When is XA / 2PC the right answer?\n\nRarely.\n\nWhat I did on the ingest path I own:\n\n- a keyed table with a three-day expiry in front of the handler\n- manual commits only after processing\n",
        "anchored",
    ),
    (
        "templating retired on our feed",
        "## How would you run a breaking change to a shared event schema?\n\nVersion it.\n\nWe retired the templating approach on our partner feed: the XML is now generated from XSD-derived classes and the parser has external entities switched off.\n",
        "anchored",
    ),
    (
        "we all know",
        "## When is XA / 2PC the right answer?\n\nRarely. We all know DynamoDB TTLs are lazy.\n",
        "missing",
    ),
    (
        "skimmed the spec",
        "## How would you run a breaking change to a shared event schema?\n\nVersion it. I skimmed the JAXB spec over the weekend and XSD-first generation looks much safer.\n",
        "missing",
    ),
    (
        "a meetup talk",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I went to a meetup talk about ArgoCD canaries with auto-rollback on SLO burn.\n",
        "missing",
    ),
    (
        "personally I find",
        "## When is XA / 2PC the right answer?\n\nRarely. Personally, I find that a 72-hour TTL on a DynamoDB dedup table is plenty.\n",
        "missing",
    ),
    (
        "always wanted to",
        "## How do you monitor and alert on consumer lag?\n\nWatch the trend. I've always wanted to run canary rollouts with auto-rollback on SLO burn.\n",
        "missing",
    ),
    (
        "our ingest service at work",
        "## When is XA / 2PC the right answer?\n\nRarely. Our ingest service at work handles ten thousand transactions a day and never lost a message.\n",
        "anchored",
    ),
    (
        "rebalance story over two sentences",
        "## How do you monitor and alert on consumer lag?\n\nLag trend and time since last commit.\n\nThe consumer group I run used to spend half a minute rebalancing after every deploy. Static membership and cooperative rebalancing cut that to about two seconds.\n",
        "anchored",
    ),
    (
        "in an ideal world",
        "## How do you monitor and alert on consumer lag?\n\nLag trend and time since last commit.\n\nIn an ideal world every consumer would use static membership. Nobody I know has measured it, though.\n",
        "missing",
    ),
    (
        "my approach, if asked",
        "## How would you run a breaking change to a shared event schema?\n\nVersion it.\n\nMy approach, if asked, would be a v2 topic with dual writes during the migration.\n",
        "missing",
    ),
    (
        "six teams and half a year",
        "## How would you run a breaking change to a shared event schema?\n\nVersion it.\n\nI pushed six teams that had never coordinated onto one registry default, and breaking incidents went from about one a month to zero over the next half year.\n",
        "anchored",
    ),
    // --- technology as general advice ---
    (
        "GitOps tool as advice",
        "## How do you avoid alert fatigue in a 20-service system?\n\n\
         Page only on symptoms. ArgoCD with canary analysis and burn-rate alerts keeps pages rare, and \
         Sealed Secrets keeps credentials out of the repo.\n",
        "missing",
    ),
    (
        "dedup store as advice",
        "## How do you make a POST endpoint idempotent?\n\n\
         Store the key with the first response. DynamoDB with a 72h TTL is a cheap home for those keys, \
         and you get expiry for free.\n",
        "missing",
    ),
];

#[test]
fn indirect_anchors_generalise() {
    let Some(shared) = shared() else { return };
    let lib = Library::new(vec![Arc::new(load(&shared))]);
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    let mut wrong = Vec::new();
    for (name, text, want) in INDIRECT {
        eprintln!("{name} (want {want})");
        let diags = check_draft(&lib, text);
        for d in &diags {
            eprintln!("    {}: {}", d.code(), d.message);
        }
        let missing = diags
            .iter()
            .any(|d| d.kind == DiagnosticKind::MissingAnchor);
        let got = if missing { "missing" } else { "anchored" };
        match (*want, got) {
            ("missing", "missing") => tp += 1,
            ("anchored", "missing") => fp += 1,
            ("missing", "anchored") => fn_ += 1,
            _ => {}
        }
        if *want != got {
            wrong.push(format!("{name}: want {want}, got {got}"));
        }
    }
    let p = tp as f32 / (tp + fp).max(1) as f32;
    let r = tp as f32 / (tp + fn_).max(1) as f32;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let acc = 1.0 - wrong.len() as f32 / INDIRECT.len().max(1) as f32;
    eprintln!(
        "indirect variants: missing-anchor F1 {f1:.2} accuracy {acc:.2} \
         (tp {tp} fp {fp} fn {fn_}, {} drafts)",
        INDIRECT.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
}
