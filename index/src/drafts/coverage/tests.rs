//! Coverage on an invented guide (a bakery study guide in the same markdown
//! style as any gloss guide), with drafts written for it.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::LoadedGuide;

const GUIDE: &str = "\
# Bakery Operations — Study Guide

## Part 1 — Dough

### 1.1 Fermentation basics

- PFT (Proof Fermentation Time) — the minutes a shaped loaf rests before it goes in the oven.
- Autolyse: resting flour and water before salt and yeast go in, so gluten forms on its own.
- Levain — a stiff sourdough starter built the night before a bake.

Gluten forms when flour meets water; salt tightens it; fat shortens it.

### 1.2 Part 1 Q&A

#### Q1. How do you keep a sourdough starter healthy?

Feed it on a fixed schedule, at the same ratio every time. A starter left too long turns acidic and sluggish, so discard most of it before feeding.

Concrete: keep it at 24–26 °C; colder kitchens need a proofing box. In short, schedule plus temperature keeps it predictable.

#### Q2. How do you prevent an overproofed loaf?

Four checks in combination:

- Watch the PFT instead of the clock — the dough, not the timer, says when it is ready.
- Poke test — a dent that springs back slowly means it is ready; one that stays means overproofed.
- Retard in the fridge overnight so fermentation slows and the schedule has slack.
- Lower the levain share in summer — warm kitchens ferment faster.

Miss one and overproofing is likely. A cautionary tale: a bakery that ignored the poke test lost a whole 200-loaf batch on a hot Saturday.

#### Q3. Which flour suits which bread?

| Flour | Protein | Use |
|---|---|---|
| Bread flour | 12–14% | Open-crumb hearth loaves and bagels |
| Pastry flour | 8–9% | Tender pie crusts and biscuits |
| Rye flour | 7–10% | Dense loaves that need an acidic levain |

#### Q4. Show the oven schedule.

```text
250C 20min steam
230C 25min dry
```

#### Q5. What does autolyse do?

It lets gluten develop before salt arrives.

#### Q6. Why does a loaf collapse after baking?

Underbaking leaves the crumb wet, so it cannot hold its shape once it cools. Pull loaves at an internal 96 °C, not by colour.

Overproofing weakens the gluten network; it sets too thin to carry the weight. Underproofing does the opposite and tears the crust. An underbaked loaf stays wet and cannot hold its shape.

## Part 2 — Notes

### 2.1 Anything

Plain prose about ovens and deck loading, and about bagels and biscuits.
";

fn library() -> Library {
    let g = LoadedGuide::from_text(Path::new("/bakery/GUIDE.md"), GUIDE.to_string(), None)
        .expect("guide loads");
    Library::new(vec![Arc::new(g)])
}

fn item(lib: &Library, prefix: &str) -> ItemId {
    let g = &lib.guides[0].guide;
    g.items
        .iter()
        .position(|i| i.title.starts_with(prefix))
        .expect("question exists")
}

fn texts(lib: &Library, prefix: &str) -> Vec<String> {
    let g = &lib.guides[0];
    question_points(g, item(lib, prefix))
        .points
        .iter()
        .map(|p| p.text.clone())
        .collect()
}

fn one(lib: &Library, draft: &str) -> AnswerCoverage {
    let mut c = coverage(lib, draft, Options::default());
    assert_eq!(c.len(), 1, "one answer expected in {draft:?}");
    c.remove(0)
}

fn missing_texts(c: &AnswerCoverage) -> Vec<String> {
    c.missing().iter().map(|p| p.text.clone()).collect()
}

#[test]
fn list_answers_split_per_item_and_drop_lead_ins() {
    let lib = library();
    let pts = texts(&lib, "Q2.");
    assert!(pts.iter().all(|p| !p.contains("Four checks")), "{pts:#?}");
    assert!(
        pts.iter().any(|p| p.starts_with("Watch the PFT")),
        "{pts:#?}"
    );
    assert!(pts.iter().any(|p| p.starts_with("Poke test")), "{pts:#?}");
    // The thin coda joins the tale it introduces.
    assert!(
        pts.iter()
            .any(|p| p.contains("200-loaf") && !p.starts_with("A cautionary")
                || p.contains("200-loaf")),
        "{pts:#?}"
    );
    assert!(pts.len() >= 5 && pts.len() <= 6, "{pts:#?}");
}

#[test]
fn labels_and_fillers_are_not_points() {
    let lib = library();
    let pts = texts(&lib, "Q1.");
    assert!(pts.iter().all(|p| !p.starts_with("Concrete")), "{pts:#?}");
    assert!(pts.iter().all(|p| !p.starts_with("In short")), "{pts:#?}");
    assert!(
        pts.iter().any(|p| p.starts_with("Keep it at 24")),
        "{pts:#?}"
    );
}

#[test]
fn tables_give_a_point_per_row_and_code_none() {
    let lib = library();
    let rows = texts(&lib, "Q3.");
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert!(rows[1].contains("Pastry flour"), "{rows:#?}");
    assert!(texts(&lib, "Q4.").is_empty());
    assert_eq!(texts(&lib, "Q5.").len(), 1);
}

#[test]
fn aliases_and_word_forms_cover_a_point() {
    let lib = library();
    let c = one(
        &lib,
        "## How do you prevent an overproofed loaf?\n\n\
         Judge by proof fermentation time, never by the timer: the dough tells you.\n\n\
         Press it with a finger; if the dent springs back slowly it is ready.\n\n\
         Retarding the dough overnight in a fridge slows the fermentation and gives slack.\n",
    );
    let missing = missing_texts(&c);
    assert!(missing.iter().any(|m| m.contains("levain")), "{missing:#?}");
    assert!(missing.iter().all(|m| !m.contains("PFT")), "{missing:#?}");
    assert!(
        missing.iter().all(|m| !m.contains("fridge")),
        "{missing:#?}"
    );
    assert!(c.covered() >= 3, "covers {} of {}", c.covered(), c.total());
}

#[test]
fn negation_still_says_the_idea() {
    let lib = library();
    let c = one(
        &lib,
        "## Why does a loaf collapse after baking?\n\n\
         An underbaked crumb is still wet and cannot hold its shape when cooling; \
         go by internal temperature (96 °C), not colour.\n\n\
         It is not only baking: an overproofed gluten network gets too thin and weak to carry the weight.\n",
    );
    let missing = missing_texts(&c);
    assert!(
        missing.iter().all(|m| !m.contains("Overproofing")),
        "{missing:#?}"
    );
    assert!(
        missing.iter().all(|m| !m.contains("Underbaking")),
        "{missing:#?}"
    );
}

#[test]
fn restated_ideas_are_one_point() {
    let lib = library();
    let pts = texts(&lib, "Q6.");
    // The closing restatement of the underbaking idea is not a new point.
    assert!(
        pts.iter().all(|p| !p.contains("underbaked loaf")),
        "{pts:#?}"
    );
    assert!(pts[0].starts_with("Underbaking"), "{pts:#?}");
}

#[test]
fn unrelated_draft_lists_at_most_five_most_salient_first() {
    let lib = library();
    let c = one(
        &lib,
        "## How do you prevent an overproofed loaf?\n\nI like bread a lot and bake on weekends with friends.\n",
    );
    let m = c.missing();
    assert!(!m.is_empty() && m.len() <= MAX_MISSING);
    assert!(m.windows(2).all(|w| w[0].salience >= w[1].salience));
    for p in m {
        let msg = message(p);
        assert!(msg.starts_with("the model answer also says: \""));
        assert!(shorten(p).chars().count() <= MAX_QUOTE);
    }
}

#[test]
fn bad_input_never_floods() {
    let lib = library();
    // Empty answer: nothing to say.
    let c = one(&lib, "## How do you prevent an overproofed loaf?\n\n");
    assert!(c.missing().is_empty());
    assert_eq!(c.covered(), 0);
    // Unknown heading: no coverage at all.
    assert!(coverage(
        &lib,
        "## How do clouds form?\n\nWater.\n",
        Options::default()
    )
    .is_empty());
    // Code-only model answer: no points, so nothing is missing.
    let c = one(
        &lib,
        "## Show the oven schedule.\n\nHot first, then drier and cooler.\n",
    );
    assert_eq!(c.total(), 0);
    assert!(c.missing().is_empty());
    // A huge draft.
    let big = format!(
        "## How do you prevent an overproofed loaf?\n\n{}",
        "The poke test and the fridge matter; watch the dough not the clock. ".repeat(800)
    );
    assert!(big.len() > 50_000);
    let c = one(&lib, &big);
    assert!(c.missing().len() <= MAX_MISSING);
    // Text with no sentences, odd bytes, unclosed code.
    let c = one(
        &lib,
        "## How do you prevent an overproofed loaf?\n\n```\nunclosed ` code — ü 🥖\n",
    );
    assert!(c.missing().len() <= MAX_MISSING);
}

#[test]
fn long_points_are_shortened_around_their_salient_words() {
    let p = KeyPoint {
        span: Span::default(),
        spans: Vec::new(),
        text: "Some opening words that say little, and then more filler that goes on and on, \
               until finally the levain share drops in summer because warm kitchens ferment \
               faster, which is the point; and a tail that also says little more."
            .into(),
        keys: vec![
            ("levain".into(), 1.0),
            ("summer".into(), 0.9),
            ("ferment".into(), 0.8),
        ],
        salience: 1.0,
    };
    let s = shorten(&p);
    assert!(s.chars().count() <= MAX_QUOTE, "{s}");
    assert!(s.contains("levain share"), "{s}");
}

/// A second invented guide: answers whose ideas run over two sentences,
/// labelled asides, counts, identifiers, and two questions on one topic
/// asked two ways.
const GUIDE2: &str = "\
# Bakery Operations — Study Guide

## Part 1 — Ovens

### 1.1 Part 1 Q&A

#### Q1. How do you keep a deck oven from scorching bagels?

Load the deck from the back so the coolest stones take the first tray. Rotate trays halfway through the bake.

Gotcha: wet boards on a hot deck. Either dry the peel boards between loads, or (b) switch to parchment slings.

With 2 decks, stagger the loads by ten minutes. A `ScorchGuardTimer` alarm fires when a stone runs over temperature.

A steam injector hides scorching by darkening every crust; it tempts bakers into scorched batches. Cleaning the steam injector monthly keeps those batches honest.

#### Q2. Why can a deck oven scorch bagels?

The stones hold heat long after the burners drop, so the first trays after a preheat take the full blast of stored heat.
";

fn library2() -> Library {
    let g = LoadedGuide::from_text(Path::new("/bakery/OVENS.md"), GUIDE2.to_string(), None)
        .expect("guide loads");
    Library::new(vec![Arc::new(g)])
}

#[test]
fn an_idea_said_over_two_sentences_is_one_point() {
    let lib = library2();
    let pts = question_points(&lib.guides[0], item(&lib, "Q1."))
        .points
        .clone();
    let texts: Vec<&str> = pts.iter().map(|p| p.text.as_str()).collect();
    // The injector sentences share words only with each other: one idea.
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("A steam injector") && t.contains("monthly")),
        "{texts:#?}"
    );
    // A labelled noun phrase introduces what follows it.
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Wet boards") && t.contains("parchment")),
        "{texts:#?}"
    );
    // An identifier counts by its parts.
    let guard = pts
        .iter()
        .find(|p| p.text.contains("ScorchGuardTimer"))
        .expect("point with the identifier");
    assert!(
        guard.keys.iter().any(|(k, _)| k == "guard"),
        "{:?}",
        guard.keys
    );
}

#[test]
fn counts_and_identifier_parts_cover_in_other_words() {
    let lib = library2();
    let c = one(
        &lib,
        "## How do you keep a deck oven from scorching bagels?\n\n\
         On two decks, offset loads: a scorch guard timer alarms once a stone is over temperature.\n",
    );
    let missing = missing_texts(&c);
    assert!(
        missing.iter().all(|m| !m.contains("ScorchGuardTimer")),
        "{missing:#?}"
    );
}

#[test]
fn a_how_heading_answers_the_how_question() {
    let lib = library2();
    let c = one(
        &lib,
        "## How would you stop a deck oven scorching bagels?\n\n\
         Load from the back and rotate trays halfway through the bake.\n",
    );
    assert_eq!(c.question.1, item(&lib, "Q1."));
    assert_eq!(
        sections::asks("Q2. Why can a deck oven scorch?"),
        Some("why")
    );
    assert_eq!(sections::asks("What's a deck?"), Some("what"));
    assert_eq!(sections::asks("Deck ovens"), None);
}

#[test]
fn minor_details_are_not_flagged() {
    let lib = library();
    // Q1's closing summary says little of its own next to its other points.
    let c = one(
        &lib,
        "## How do you keep a sourdough starter healthy?\n\nI bake bread.\n",
    );
    let top = c
        .points
        .points
        .iter()
        .map(|p| p.salience)
        .fold(0.0, f32::max);
    assert!(c
        .missing()
        .iter()
        .all(|p| p.salience >= REPORT_SALIENCE * top));
}

/// A toy embedder: words of four letters or more map to dimensions, and
/// the words it knows as synonyms share one. Counts its calls.
struct Toy {
    calls: std::sync::atomic::AtomicUsize,
}

impl SentenceEmbedder for Toy {
    fn id(&self) -> &str {
        "toy"
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(texts
            .iter()
            .map(|t| {
                let mut v = vec![0.0f32; 64];
                for w in crate::text::words(t).filter(|w| w.text.len() >= 4) {
                    let w = w.text.to_lowercase();
                    let w = match w.as_str() {
                        "clock" | "timer" | "minutes" => "time",
                        "dough" | "loaf" => "bread",
                        "judge" => "watch",
                        "never" => "instead",
                        other => other,
                    };
                    let h = w
                        .bytes()
                        .fold(7usize, |h, b| h.wrapping_mul(31) ^ b as usize);
                    v[h % 64] += 1.0;
                }
                let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                v.iter().map(|x| x / n).collect()
            })
            .collect())
    }
}

#[test]
fn an_embedder_adds_meaning_and_embeds_points_once() {
    let lib = library();
    let toy = Toy {
        calls: std::sync::atomic::AtomicUsize::new(0),
    };
    let opts = Options {
        embedder: Some(&toy),
    };
    let draft = "## How do you prevent an overproofed loaf?\n\n\
                 Judge bread, never minutes. Bread first, never minutes.\n";
    let c = coverage(&lib, draft, opts).remove(0);
    assert!(c.verdicts.iter().all(|v| v.semantic.is_some()));
    let watch = c
        .points
        .points
        .iter()
        .position(|p| p.text.starts_with("Watch the PFT"))
        .expect("point");
    assert!(c.verdicts[watch].covered, "{:?}", c.verdicts[watch]);
    // Key points are embedded once; later keystrokes embed only the draft.
    let before = toy.calls.load(std::sync::atomic::Ordering::Relaxed);
    coverage(&lib, &format!("{draft}More."), opts);
    let after = toy.calls.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(after - before, 1);
    // Without the embedder the same draft is judged lexically only.
    let lexical = one(&lib, draft);
    assert!(lexical.verdicts.iter().all(|v| v.semantic.is_none()));
    assert!(
        !lexical.verdicts[watch].covered,
        "{:?}",
        lexical.verdicts[watch]
    );
}
