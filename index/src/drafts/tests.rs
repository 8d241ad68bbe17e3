//! Draft checks against a small invented networking guide with three anchors.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::library::{Library, LoadedGuide};

const GUIDE: &str = "\
# Network Engineering Interview Guide

## Part 0 — Using this guide

Tie every answer to one of your own projects.

### Anchor map

| Anchor | Use for prompts about… |
|---|---|
| Campus wireless rollout (1,200 access points) | Wireless design, roaming, capacity planning |
| BGP peering cleanup | Routing policy, route leaks, peering |
| Firewall rule audit (9k → 2k rules) | Security policy, change management, audits |

## Part 1 — Routing

### 1.1 Path selection

Routers compare attributes in a fixed order: weight, local preference, path length, origin, MED. \
Most outages blamed on routing are really policy mistakes. Routing tables converge slowly.

### 1.2 Route leaks

A leak happens when a network re-announces routes it learned from one provider to another. \
Filters on every session and RPKI origin validation stop most of them.

### 1.5 Part 1 Q&A

#### Q1. How does BGP choose the best path?

It walks the decision process: highest weight, then local preference, then shortest AS path, \
then origin, then lowest MED, then eBGP over iBGP. Policy usually decides before path length does.

#### Q2. What is a route leak and how do you prevent one?

A leak is a route propagated beyond its intended scope. Prevent it with prefix filters, max-prefix \
limits and RPKI. The BGP peering cleanup is the story here: consolidating peers made every session \
filtered.

#### Q3. Explain ECMP.

Equal-cost multipath spreads flows over several next hops with the same cost, hashing on the \
five-tuple so one flow stays on one path.

## Part 2 — Wireless

### 2.4 Part 2 Q&A

#### Q1. How do clients roam between access points?

The client decides: it scans, compares signal strength and reassociates. Fast transition (802.11r) \
shortens the handshake so calls survive the move.

#### Q2. How would you plan capacity for a lecture hall?

Count devices, not seats. Plan for three devices per student, use narrow channels, and mount access \
points under the seats when the ceiling is too high.

## Part 3 — Security

### 3.3 Part 3 Q&A

#### Q1. Why do firewall rule sets rot over time?

Rules are added for projects and never removed, nobody owns them, and shadowed rules hide mistakes. \
Expiry dates and owners on every rule keep a rule base healthy.

#### Q2. What belongs in a change-management process for network policy?

A ticket, a peer review, an automated test of the intended flows, a rollback plan and a change window.

## Part 4 — Anchor Example Cheat Sheet

### Anchor 1: Campus Wireless Rollout (1,200 access points)

Use for prompts about:

- Wireless design
- Roaming and handoff
- Capacity planning

Key metrics:

- 1,200 access points across 14 buildings
- Roaming drops cut from 8% to 0.5%
- Ekahau site surveys before every install

### Anchor 2: BGP Peering Cleanup (40 peers → 12)

Use for prompts about:

- Routing policy
- Route leaks
- Peering strategy

Key metrics:

- 40 peers consolidated to 12
- RPKI origin validation on every edge router
- Zero route leaks in 18 months

### Anchor 3: Firewall Rule Audit (9k → 2k rules)

Use for prompts about:

- Security policy
- Change management
- Audits and compliance

Key metrics:

- Rule base cut from 9k to 2k rules
- Terraform-managed Palo Alto policies
- Audit time: 3 weeks → 2 days
";

fn library() -> Library {
    let lg = LoadedGuide::from_text(Path::new("NET.md"), GUIDE.to_string(), None)
        .expect("fixture guide loads");
    Library::new(vec![Arc::new(lg)])
}

fn anchor_name(lib: &Library, a: AnchorId) -> String {
    lib.guides[0].guide.anchors[a].name.clone()
}

fn question_label(lib: &Library, q: Option<(GuideId, ItemId)>) -> Option<String> {
    q.map(|(g, i)| lib.guides[g].guide.items[i].label.clone())
}

/// `(code, heading text)` of each diagnostic.
fn codes(text: &str) -> Vec<(&'static str, String)> {
    let lib = library();
    check_draft(&lib, text)
        .into_iter()
        .map(|d| (d.code(), text[d.span.start..d.span.end].to_string()))
        .collect()
}

fn missing(text: &str) -> bool {
    codes(text).iter().any(|(c, _)| *c == "missing-anchor")
}

#[test]
fn fixture_has_three_anchors() {
    let lib = library();
    assert_eq!(lib.guides[0].guide.anchors.len(), 3);
}

#[test]
fn heading_by_reference() {
    let lib = library();
    let a = answers(&lib, "## §1.5 Q2\n\nFilters everywhere.\n");
    assert_eq!(a.len(), 1);
    assert_eq!(
        question_label(&lib, a[0].question).as_deref(),
        Some("§1.5 Q2")
    );
    assert_eq!(a[0].matched_by, Some(MatchKind::Reference));
    let a = answers(&lib, "## Part 2 Q1 — roaming\n\nScans.\n");
    assert_eq!(
        question_label(&lib, a[0].question).as_deref(),
        Some("§2.4 Q1")
    );
}

#[test]
fn bare_reference_takes_scope_from_enclosing_heading() {
    let lib = library();
    let a = answers(&lib, "# Part 3\n\n## Q1\n\nOwners.\n");
    assert_eq!(a.len(), 1);
    assert_eq!(
        question_label(&lib, a[0].question).as_deref(),
        Some("§3.3 Q1")
    );
}

#[test]
fn heading_by_exact_title() {
    let lib = library();
    for h in [
        "## What is a route leak and how do you prevent one?",
        "## Q2. what is a route leak, and how do you prevent one",
        "### Q: What is a route leak and how do you prevent one?",
    ] {
        let a = answers(&lib, &format!("{h}\n\nFilters.\n"));
        assert_eq!(
            question_label(&lib, a[0].question).as_deref(),
            Some("§1.5 Q2"),
            "{h}"
        );
        assert_eq!(a[0].matched_by, Some(MatchKind::Title), "{h}");
    }
}

#[test]
fn heading_by_paraphrase() {
    let lib = library();
    for (h, want) in [
        ("## How can you prevent a route leak?", "§1.5 Q2"),
        ("## Q: Why do firewall rules rot?", "§3.3 Q1"),
        ("## How do clients roam across access points", "§2.4 Q1"),
        ("## Explain equal-cost multipath (ECMP)", "§1.5 Q3"),
    ] {
        let a = answers(&lib, &format!("{h}\n\nText.\n"));
        assert_eq!(
            question_label(&lib, a[0].question).as_deref(),
            Some(want),
            "{h}"
        );
    }
}

#[test]
fn unknown_question() {
    let lib = library();
    let d = check_draft(
        &lib,
        "## How do you choose a cooking oil?\n\nSmoke point.\n",
    );
    assert!(d
        .iter()
        .any(|d| d.kind == DiagnosticKind::UnknownQuestion && d.severity == Severity::Information));
    let d = check_draft(&lib, "## §1.5 Q9\n\nText.\n");
    let u = d
        .iter()
        .find(|d| d.kind == DiagnosticKind::UnknownQuestion)
        .expect("unresolved reference reported");
    assert!(u.message.contains("§1.5 Q9"), "{}", u.message);
    // Closest candidates come with labels and titles.
    let d = check_draft(
        &lib,
        "## Why do firewalls need owners for routing audits?\n\nX.\n",
    );
    if let Some(u) = d.iter().find(|d| d.kind == DiagnosticKind::UnknownQuestion) {
        assert!(!u.candidates.is_empty());
        assert!(u.message.contains("closest: §"), "{}", u.message);
    }
}

#[test]
fn non_question_headings_are_ignored() {
    assert!(codes("# Notes\n\nStuff.\n\n## Summary\n\nMore.\n").is_empty());
    let lib = library();
    let draft = "## Q: What is a route leak and how do you prevent one?\n\n\
                 Filters and RPKI.\n\n### Why it matters here\n\n\
                 On the peering cleanup I led we filtered every session.\n";
    let a = answers(&lib, draft);
    assert_eq!(a.len(), 1, "sub-structure headings are not answers");
    assert!(check_draft(&lib, draft).is_empty());
}

#[test]
fn empty_and_headingless_drafts() {
    assert!(codes("").is_empty());
    assert!(codes("Just some notes about BGP without any heading.\n").is_empty());
    // A heading with nothing under it yet is not judged.
    assert!(codes("## How does BGP choose the best path?\n").is_empty());
}

#[test]
fn mention_by_paraphrased_name() {
    assert!(!missing(
        "## How does BGP choose the best path?\n\nWeight first, then local preference.\n\n\
         On the peering cleanup I led, policy mattered more than path length.\n"
    ));
}

#[test]
fn mention_by_metric() {
    assert!(!missing(
        "## Why do firewall rule sets rot over time?\n\nNobody owns them.\n\n\
         When I took our rule base from 9k down to 2k, most of the dead ones had no owner.\n"
    ));
    assert!(!missing(
        "## How do clients roam between access points?\n\nThe client decides.\n\n\
         We got drops from 8% to 0.5% across 14 buildings.\n"
    ));
}

#[test]
fn mention_by_technology_name() {
    assert!(!missing(
        "## What belongs in a change-management process for network policy?\n\n\
         Review and tests. I moved our policies into Terraform so every change is a reviewed diff.\n"
    ));
    assert!(!missing(
        "## How would you plan capacity for a lecture hall?\n\nCount devices.\n\n\
         I always ran Ekahau surveys first.\n"
    ));
}

#[test]
fn question_words_alone_are_not_a_mention() {
    // The heading's words (firewall, rule) are the topic, not an anchor.
    assert!(missing(
        "## Why do firewall rule sets rot over time?\n\n\
         In my experience firewall rules rot because every rule outlives its project.\n"
    ));
    assert!(missing(
        "## What is a route leak and how do you prevent one?\n\n\
         I think route leaks are prevented with filters on every session.\n"
    ));
}

#[test]
fn anchor_words_without_personal_framing_are_not_a_mention() {
    assert!(missing(
        "## What belongs in a change-management process for network policy?\n\n\
         Terraform-managed policies and RPKI make review easy.\n"
    ));
    // Hypothetical voice is not experience.
    assert!(missing(
        "## How would you plan capacity for a lecture hall?\n\n\
         I'd run Ekahau surveys and plan for 1,200 access points.\n"
    ));
}

#[test]
fn missing_anchor_recommends_and_fixes() {
    let lib = library();
    let draft = "## §1.5 Q2\n\nPrefix filters and max-prefix limits.\n\n## Notes\n\nlater\n";
    let d = check_draft(&lib, draft);
    assert_eq!(d.len(), 1, "{d:?}");
    let d = &d[0];
    assert_eq!(d.code(), "missing-anchor");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(&draft[d.span.start..d.span.end], "## §1.5 Q2");
    assert_eq!(question_label(&lib, d.question).as_deref(), Some("§1.5 Q2"));
    let top = d.recommended.first().expect("a recommendation");
    assert!(anchor_name(&lib, top.1).starts_with("BGP Peering Cleanup"));
    assert!(
        d.message.starts_with(
            "no anchor example: tie this answer to \"BGP Peering Cleanup\" (40 peers → 12)"
        ),
        "{}",
        d.message
    );
    let fix = d.fix.as_ref().expect("quick fix");
    assert_eq!(fix.title, "Add an anchor hook: BGP Peering Cleanup");
    assert_eq!(
        fix.text,
        "\n\nOn the BGP Peering Cleanup, I <what you did that answers this> — 40 peers → 12, Zero route leaks in 18 months."
    );
    let mut fixed = draft.to_string();
    fixed.insert_str(fix.offset, &fix.text);
    assert!(fixed.contains("max-prefix limits.\n\nOn the BGP Peering Cleanup, I"));
    assert!(fixed.contains("18 months.\n\n## Notes"));
}

#[test]
fn fix_at_end_of_file() {
    let lib = library();
    let draft = "## Why do firewall rule sets rot over time?\n\nNobody owns them.";
    let d = check_draft(&lib, draft);
    let fix = d[0].fix.as_ref().expect("fix");
    assert_eq!(fix.offset, draft.len());
    assert!(fix.text.ends_with(".\n"));
    assert!(anchor_name(&lib, d[0].recommended[0].1).starts_with("Firewall Rule Audit"));
}

#[test]
fn unknown_questions_are_still_checked_for_anchors() {
    // An answer to a question the guide doesn't ask is still an answer.
    let d = codes("## How do you choose a cooking oil?\n\nSmoke point matters most.\n");
    assert_eq!(
        d.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        ["unknown-question", "missing-anchor"]
    );
    let d = codes("## How do you choose a cooking oil?\n\n");
    assert_eq!(
        d.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        ["unknown-question"],
        "an empty answer is not judged"
    );
}

#[test]
fn no_anchors_no_missing_anchor() {
    let text = "# G\n\n## Part 1 — X\n\n#### Q1. Why is the sky blue?\n\nScattering.\n\n#### Q2. Why is grass green?\n\nChlorophyll.\n";
    let lg = LoadedGuide::from_text(Path::new("G.md"), text.to_string(), None).expect("loads");
    let lib = Library::new(vec![Arc::new(lg)]);
    assert!(check_draft(&lib, "## Why is the sky blue?\n\nRayleigh.\n").is_empty());
}

#[test]
fn model_answer_mentions_feed_recommendations() {
    let lib = library();
    let m = model::model(&lib.guides[0]);
    let q2 = lib.guides[0]
        .guide
        .items
        .iter()
        .position(|it| it.label == "§1.5 Q2")
        .expect("q2");
    let used = m
        .model_mentions
        .get(&q2)
        .expect("model answer uses an anchor");
    assert!(anchor_name(&lib, used[0].0).starts_with("BGP"));
}

#[test]
fn framing_carries_through_markdown_structure() {
    // A personal sub-heading frames its section.
    assert!(!missing(
        "## How does BGP choose the best path?\n\nLocal preference first.\n\n\
         ### My hook\n\nThe peering cleanup: 40 peers down to 12.\n"
    ));
    // A personal lead-in frames the list after it.
    assert!(!missing(
        "## Why do firewall rule sets rot over time?\n\nNo owners.\n\nWhat I did:\n\n\
         - cut the rule base from 9k to 2k\n- Terraform for every policy\n"
    ));
    // A hook label frames its sentence.
    assert!(!missing(
        "## How do clients roam between access points?\n\nThe client decides.\n\n\
         **Hook:** Ekahau surveys across 14 buildings before the rollout.\n"
    ));
    // A non-personal heading does not.
    assert!(missing(
        "## How does BGP choose the best path?\n\nLocal preference first.\n\n\
         ### Background\n\nRPKI origin validation on every edge router is common.\n"
    ));
    // Code blocks are not prose.
    assert!(missing(
        "## Why do firewall rule sets rot over time?\n\nNo owners.\n\n```\n\
         # my terraform rule base: 9k -> 2k\n```\n"
    ));
}

#[test]
fn a_name_in_two_words_is_the_one_word_name() {
    let keys = mentions::evidence_keys(&lex::tokens("We ran it on Argo CD."), &Default::default());
    assert!(keys.iter().any(|k| k == "argocd"), "{keys:?}");
    let keys = mentions::evidence_keys(&lex::tokens("the argo cd docs"), &Default::default());
    assert!(
        !keys.iter().any(|k| k == "argocd"),
        "only names join: {keys:?}"
    );
}
