//! Quality on the user's real guide and the sample evaluation sets in
//! `../shared` (present in CI). Skips, loudly, when the data is absent.
//!
//! Prints the measured figures (run with `--nocapture` to see them) and
//! fails when a sample item regresses.

mod common;
use common::*;

use gloss_index::{refs, Guide, ItemKind};

/// The numbered section an item belongs to (`4.3`), or its part for part-level items.
fn section_of(guide: &Guide, item: usize) -> String {
    let it = &guide.items[item];
    it.section
        .and_then(|s| guide.items[s].number.clone())
        .unwrap_or_default()
}

#[test]
fn outline_of_shared_guide() {
    let Some(shared) = shared() else { return };
    let g = load(&shared);
    let guide = &g.guide;
    assert_eq!(guide.count(ItemKind::Part), 12, "parts");
    assert_eq!(guide.count(ItemKind::Question), 88, "Q&As");
    assert_eq!(guide.count(ItemKind::Scenario), 8, "scenarios");
    // Every `### N.M` heading outside code is a numbered section.
    let mut in_code = false;
    let mut expected = 0;
    for line in guide.text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code
            && line.starts_with("### ")
            && line[4..].starts_with(|c: char| c.is_ascii_digit())
        {
            expected += 1;
        }
    }
    assert_eq!(
        guide.count(ItemKind::Section),
        expected,
        "numbered sections"
    );
    assert!(guide.anchors.len() >= 6, "anchors: {}", guide.anchors.len());
}

#[test]
fn hover_terms_define() {
    let Some(shared) = shared() else { return };
    let g = load(&shared);
    let cases = eval(&shared, "hover.json");
    let mut ok_def = 0;
    let mut ok_loc = 0;
    let mut failures = Vec::new();
    let cases = cases.as_array().expect("array");
    for case in cases {
        let note = case["note"].as_str().unwrap_or_default();
        let term = case["term"].as_str().unwrap_or_default();
        let at = note.find(term).unwrap_or(0) + term.len() / 2;
        let Some(m) = g.matcher.match_at(note, at) else {
            failures.push(format!("{term}: no term found in {note:?}"));
            continue;
        };
        let t = &g.guide.terms[m.term];
        let also: Vec<&str> = t.also.iter().map(|a| a.definition.as_str()).collect();
        let text = format!(
            "{} {} {} {}",
            t.name,
            t.aliases.join(" "),
            t.definition,
            also.join(" ")
        )
        .to_lowercase();
        let groups = case["expect_any"].as_array().cloned().unwrap_or_default();
        let def_ok = groups.iter().all(|grp| {
            grp.as_array()
                .into_iter()
                .flatten()
                .any(|w| text.contains(&w.as_str().unwrap_or("").to_lowercase()))
        });
        let sections: Vec<&str> = case["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .collect();
        let loc_ok = sections.contains(&section_of(&g.guide, t.item).as_str());
        ok_def += def_ok as usize;
        ok_loc += loc_ok as usize;
        if !def_ok || !loc_ok {
            failures.push(format!(
                "{term}: got {:?} in §{} def_ok={def_ok} loc_ok={loc_ok}: {}",
                t.name,
                section_of(&g.guide, t.item),
                t.definition
            ));
        }
    }
    eprintln!(
        "hover: definition {ok_def}/{n}, location {ok_loc}/{n}",
        n = cases.len()
    );
    assert!(
        failures.is_empty(),
        "hover failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn references_resolve() {
    let Some(shared) = shared() else { return };
    let g = load(&shared);
    let cases = eval(&shared, "references.json");
    let mut failures = Vec::new();
    for case in cases.as_array().expect("array") {
        let note = case["note"].as_str().unwrap_or_default();
        let r = case["ref"].as_str().unwrap_or_default();
        let at = note.find(r).unwrap_or(0) + 1;
        let found = refs::ref_at(note, at).and_then(|m| g.guide.resolve(&m.reference, None));
        let target = case["target"].as_str().unwrap_or_default();
        let ok = found.is_some_and(|id| {
            let it = &g.guide.items[id];
            let part_ok = case["part"].as_str().is_none_or(|p| {
                it.part
                    .is_some_and(|pid| g.guide.items[pid].title.starts_with(p))
            });
            it.title.starts_with(target) && part_ok
        });
        if !ok {
            failures.push(format!(
                "{r}: {:?}",
                found.map(|id| &g.guide.items[id].title)
            ));
        }
    }
    eprintln!("references: {} failures", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every dotted config key the guide writes in backticks gets a mention
/// hover quoting a guide passage that contains it (keys found at run time).
#[test]
fn mentioned_identifiers_quote_the_guide() {
    let Some(shared) = shared() else { return };
    let g = load(&shared);
    let lib = gloss_index::Library::new(vec![std::sync::Arc::new(g)]);
    let text = lib.guides[0].guide.text.clone();
    let mut keys: Vec<String> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|s| s.split('=').next().unwrap_or("").trim().to_string())
        .filter(|k| k.contains('.') && !k.contains(' ') && k.len() > 4)
        .collect();
    keys.sort();
    keys.dedup();
    let mut ok = 0;
    for k in &keys {
        let note = format!("we tuned {k} yesterday");
        let at = note.find(k.as_str()).unwrap_or(0) + 1;
        if let Some(m) = lib.mentioned_at(&note, at, 2) {
            if m.passages
                .iter()
                .any(|(_, p)| p.excerpt.contains(k.as_str()))
            {
                ok += 1;
                continue;
            }
        }
        eprintln!("no passage for {k}");
    }
    eprintln!("mentioned identifiers: {ok}/{}", keys.len());
    assert!(ok * 10 >= keys.len() * 9, "{ok}/{}", keys.len());
}
