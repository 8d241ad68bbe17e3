//! Review mode on an invented guide: cards from the structure, stable ids
//! across edits, FSRS scheduling replayed from the log, stale cards.

use std::path::Path;

use gloss_index::review::deck::Filter;
use gloss_index::review::{cards, clock, CardKind, Deck, Grade, ReviewConfig};
use gloss_index::Guide;

const GUIDE: &str = include_str!("fixtures/review_guide.md");

fn guide(text: &str) -> Guide {
    Guide::parse("/ws/GUIDE.md", text.to_string())
}

fn deck(text: &str, root: &Path) -> Deck {
    let g = guide(text);
    Deck::open(&[&g], root, ReviewConfig::default()).expect("deck opens")
}

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    clock::parse(s).expect("time")
}

fn id_of(d: &Deck, front_starts: &str) -> String {
    d.cards
        .iter()
        .find(|c| c.front.starts_with(front_starts))
        .unwrap_or_else(|| panic!("no card starting {front_starts:?}"))
        .id
        .clone()
}

#[test]
fn cards_follow_the_guide_structure() {
    let g = guide(GUIDE);
    let all = cards::extract(&g, &CardKind::ALL);
    let count = |k| all.iter().filter(|c| c.kind == k).count();
    assert_eq!(count(CardKind::Question), 4);
    assert_eq!(
        count(CardKind::Flash),
        4,
        "nested items and answer lists are not cards"
    );
    assert_eq!(count(CardKind::Scenario), 2);
    assert!(count(CardKind::Term) > 0);
    let default = cards::extract(&g, &ReviewConfig::default().kinds());
    assert!(
        default.iter().all(|c| c.kind != CardKind::Term),
        "terms are off by default"
    );

    let flash: Vec<(&str, &str)> = all
        .iter()
        .filter(|c| c.kind == CardKind::Flash)
        .map(|c| (c.front.as_str(), c.back.as_str()))
        .collect();
    assert_eq!(flash[0], ("What does TTL stand for?", "Time to live."));
    assert_eq!(
        flash[1],
        ("Name two cache eviction policies.", "LRU and LFU.")
    );
    assert_eq!(flash[2].0, "Is `a?b` a valid glob?");

    let q = all.iter().find(|c| c.kind == CardKind::Question).unwrap();
    assert_eq!(
        q.front,
        "What problem does a write-through cache solve for readers of recent data?"
    );
    assert!(q.back.starts_with("Every write updates"));
    assert_eq!(q.source.label, "§1.2 Q1");
    assert_eq!(q.source.line, 10);
    assert_eq!(q.source.part.as_deref(), Some("1"));

    // A scenario whose heading asks nothing: the prompt runs to the question.
    let s2 = all
        .iter()
        .filter(|c| c.kind == CardKind::Scenario)
        .nth(1)
        .unwrap();
    assert!(
        s2.front.contains("cache.set(key, load(key))"),
        "{}",
        s2.front
    );
    assert!(s2.front.ends_with("What goes wrong on a large deploy?"));
    assert!(s2.back.starts_with("Every instance loads"));
    // Ids are unique.
    let mut ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len());
}

#[test]
fn good_is_due_later_than_again_and_replay_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = deck(GUIDE, dir.path());
    let now = at("2026-12-01T09:00:00Z");
    let a = id_of(&d, "What problem does a write-through");
    let b = id_of(&d, "Explain cache stampedes");
    for day in ["2026-11-20T09:00:00Z", "2026-11-24T09:00:00Z"] {
        d.grade(&a, Grade::Good, at(day)).unwrap();
        d.grade(&b, Grade::Good, at(day)).unwrap();
    }
    let again = d.grade(&a, Grade::Again, now).unwrap().due();
    let good = d.grade(&b, Grade::Good, now).unwrap().due();
    assert!(good > again, "good {good} should be after again {again}");
    assert!(good - now >= chrono::Duration::days(1));

    let first = deck(GUIDE, dir.path());
    let second = deck(GUIDE, dir.path());
    for id in [&a, &b] {
        assert_eq!(first.state(id), second.state(id));
        assert_eq!(first.state(id), d.state(id));
    }
    assert_eq!(first.stats(now), second.stats(now));
    let stats = first.stats(now);
    assert_eq!(stats.reviews_today, 2);
    assert_eq!(stats.reviews_total, 6);
    assert_eq!(stats.by_kind["question"].total, 4);
}

#[test]
fn next_prefers_due_cards_and_limits_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gloss.toml"), "[review]\nnew_per_day = 2\n").unwrap();
    let ws = gloss_index::config::Workspace::discover(dir.path(), None).unwrap();
    assert_eq!(ws.review.new_per_day(), 2);
    let g = guide(GUIDE);
    let mut d = Deck::open(&[&g], dir.path(), ws.review.clone()).unwrap();
    let day1 = at("2026-12-01T09:00:00Z");
    let first = d.next(day1, &Filter::default()).unwrap().id.clone();
    assert_eq!(first, id_of(&d, "What problem does a write-through"));
    d.grade(&first, Grade::Easy, day1).unwrap();
    let second = d.next(day1, &Filter::default()).unwrap().id.clone();
    d.grade(&second, Grade::Good, day1).unwrap();
    // The new-card allowance is used up; the Good card is in learning, due in minutes.
    assert!(d.next(day1, &Filter::default()).is_none());
    let later = day1 + chrono::Duration::minutes(30);
    assert_eq!(
        d.next(later, &Filter::default()).map(|c| c.id.clone()),
        Some(second)
    );
    let flash = Filter {
        kind: Some(CardKind::Flash),
        part: None,
    };
    let next_day = at("2026-12-02T09:00:00Z");
    assert_eq!(d.next(next_day, &flash).unwrap().kind, CardKind::Flash);
    let part2 = Filter {
        kind: Some(CardKind::Question),
        part: Some("2".into()),
    };
    assert_eq!(d.next(next_day, &part2).unwrap().source.label, "§2.1 Q1");
}

#[test]
fn history_survives_insertions_rewording_and_removal() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = deck(GUIDE, dir.path());
    let t = at("2026-12-01T09:00:00Z");
    let q2 = id_of(&d, "Explain cache stampedes");
    let q3 = id_of(&d, "When is a negative cache entry");
    let q1 = id_of(&d, "What problem does a write-through");
    d.grade(&q2, Grade::Good, t).unwrap();
    d.grade(&q3, Grade::Hard, t).unwrap();
    d.grade(&q1, Grade::Easy, t).unwrap();

    // A new Q&A before the old ones renumbers them all.
    let inserted = GUIDE.replace(
        "#### Q1. What problem",
        "#### Q1. What is a cache hit ratio?\n\nHits over lookups.\n\n#### Q2. What problem",
    );
    let inserted = inserted
        .replace("#### Q2. Explain", "#### Q3. Explain")
        .replace("#### Q3. When", "#### Q4. When");
    let d2 = deck(&inserted, dir.path());
    assert_eq!(id_of(&d2, "Explain cache stampedes"), q2);
    assert_eq!(d2.state(&q2).map(|s| s.reviews), Some(1));
    assert_eq!(d2.card(&q2).unwrap().source.label, "§1.2 Q3");

    // One word of a question reworded: same card, same history.
    let reworded = GUIDE.replace(
        "What problem does a write-through cache solve for readers of recent data?",
        "What problem does a write-through cache solve for readers of fresh data?",
    );
    let mut d3 = deck(&reworded, dir.path());
    let id = id_of(&d3, "What problem does a write-through");
    assert_eq!(id, q1);
    assert!(d3.stale.is_empty(), "{:?}", d3.stale);
    // Grading under the new wording records it, so a later rewording
    // is compared with this one.
    d3.grade(&id, Grade::Good, at("2026-12-05T09:00:00Z"))
        .unwrap();
    let again = reworded.replace("readers of fresh data", "readers of fresh rows");
    let d4 = deck(&again, dir.path());
    assert_eq!(id_of(&d4, "What problem does a write-through"), q1);
    assert_eq!(d4.state(&q1).map(|s| s.reviews), Some(2));

    // A question rewritten entirely is a new card; the old one is stale
    // and keeps its history.
    let removed = GUIDE.replace(
        "When is a negative cache entry worth storing?",
        "How do you size a cache for a skewed key distribution?",
    );
    let d5 = deck(&removed, dir.path());
    assert_eq!(d5.stale, vec![q3.clone()]);
    let shown = d5.show_json(&q3).unwrap();
    assert_eq!(shown["stale"], true);
    assert_eq!(shown["history"].as_array().map(Vec::len), Some(1));
    assert_eq!(d5.stats(t).stale, 1);
}

#[test]
fn unknown_cards_and_bad_settings_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = deck(GUIDE, dir.path());
    let err = d
        .grade("q-nope", Grade::Good, at("2026-12-01T09:00:00Z"))
        .unwrap_err();
    assert!(err.to_string().contains("q-nope"));
    assert!("meh".parse::<Grade>().is_err());
    let (_, warnings) = gloss_index::config::Config::from_toml(
        "[review]\nretention = 0.85\nspeed = 3\n",
        Path::new("gloss.toml"),
    )
    .unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("review.speed"));
    assert!(gloss_index::config::Config::from_toml(
        "[review]\nretention = 2\n",
        Path::new("gloss.toml")
    )
    .is_err());
}
