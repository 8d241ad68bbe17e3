//! End-to-end tests: terms extracted from a small guide, then matched.

use super::TermMatcher;
use crate::model::Guide;

#[test]
fn joined_headings_and_prefixes() {
    let text = "## Part 1 — Caching\n\n\
### 1.1 Cache keys & TTL\n\nA cache key identifies a stored response.\n\n\
### 1.2 Time & ordering\n\nClocks drift.\n\n\
### 1.3 Stampede protection\n\nMany clients refill one expired key at once.\n\n\
- Split-brain prevention — fencing the old leader.\n";
    let g = Guide::parse("g.md", text.to_string());
    let m = TermMatcher::new(&g);
    let name = |phrase: &str| m.match_at(phrase, 1).map(|t| g.terms[t.term].name.clone());
    // Both topics of a joined heading, but not lone common words.
    assert_eq!(name("Cache keys").as_deref(), Some("Cache keys"));
    assert_eq!(name("TTL").as_deref(), Some("TTL"));
    assert_eq!(name("Time"), None);
    // A two-word phrase that starts exactly one term's name.
    assert_eq!(
        name("stampede protection").as_deref(),
        Some("Stampede protection")
    );
    assert_eq!(name("Stampede"), None);
    assert_eq!(
        name("split-brain").as_deref(),
        Some("Split-brain prevention")
    );
    assert_eq!(name("split"), None);
}

#[test]
fn word_forms_and_function_word_compounds() {
    let text = "## Part 1 — Caching\n\n### 1.1 Freshness\n\n\
- Serializable (a.k.a. strict): every read sees one total order.\n\
- At-most-once fill: each key is filled by one caller at a time.\n\
- One-page summary: the rules on one page.\n\n\
### 1.2 Fills\n\nAt-most-once fill keeps the origin calm.\n";
    let g = Guide::parse("g.md", text.to_string());
    let m = TermMatcher::new(&g);
    let name = |phrase: &str| m.match_at(phrase, 1).map(|t| g.terms[t.term].name.clone());
    // A word form the guide never writes reaches the term through its stem.
    assert_eq!(name("serializability").as_deref(), Some("Serializable"));
    // A compound opening with a function word is kept when the guide uses
    // it again elsewhere, and dropped as a label when it does not.
    assert_eq!(
        name("at-most-once fill").as_deref(),
        Some("At-most-once fill")
    );
    assert!(g.terms.iter().all(|t| t.name != "One-page summary"));
}
