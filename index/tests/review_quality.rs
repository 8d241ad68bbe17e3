//! Review cards on the user's real guide (`../shared`): the counts follow
//! the guide's structure. Expected counts are computed from the raw
//! markdown lines, independently of the parser.

mod common;

use gloss_index::review::{cards, CardKind};

#[test]
fn card_counts_match_the_guide_structure() {
    let Some(shared) = common::shared() else {
        return;
    };
    let g = common::load(&shared);
    let text = &g.guide.text;
    let all = cards::extract(&g.guide, &CardKind::ALL);
    let count = |k| all.iter().filter(|c| c.kind == k).count();

    let mut questions = 0;
    let mut scenarios = 0;
    let mut bank_items = 0;
    let mut in_bank = false;
    let mut fence = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fence = !fence;
        }
        if fence {
            continue;
        }
        if line.starts_with('#') {
            let title = line.trim_start_matches('#').trim().to_lowercase();
            in_bank = title.contains("flash-card") || title.contains("flash card");
            questions += usize::from(line.starts_with("#### Q"));
            scenarios += usize::from(line.starts_with("#### Scenario "));
        } else if in_bank && line.starts_with("- ") {
            bank_items += 1;
        }
    }
    assert_eq!(questions, 88, "the guide has 88 Q&As");
    assert_eq!(scenarios, 8, "the guide has 8 scenarios");
    assert!(bank_items >= 20, "the rapid-fire bank has many cards");
    assert_eq!(count(CardKind::Question), questions);
    assert_eq!(count(CardKind::Scenario), scenarios);
    assert_eq!(count(CardKind::Flash), bank_items);
    // Every flash card has a prompt and an answer; prompts without a `?`
    // are one sentence.
    for c in all.iter().filter(|c| c.kind == CardKind::Flash) {
        assert!(
            !c.back.is_empty(),
            "flash card without an answer: {}",
            c.front
        );
        assert!(
            c.front.ends_with('?') || c.front.ends_with('.'),
            "{}",
            c.front
        );
    }
    // Scenario prompts end with their question, and every back is non-empty.
    for c in all.iter().filter(|c| c.kind == CardKind::Scenario) {
        assert!(c.front.trim_end().ends_with('?'), "{}", c.front);
        assert!(!c.back.is_empty());
    }
    let mut ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "card ids are unique");
}
