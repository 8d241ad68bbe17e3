//! Arbitrary bytes → (if UTF-8) the whole guide pipeline must not panic:
//! `Guide::parse`, `TermMatcher::new`, `scan`, `match_at`, `find_refs`.
#![no_main]

use gloss_index::{refs, Guide, TermMatcher};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let guide = Guide::parse("fuzz.md", text.to_string());
    let matcher = TermMatcher::new(&guide);
    for m in matcher.scan(text) {
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        assert!(m.span.start <= m.span.end && m.span.end <= text.len());
    }
    for line in text.lines().take(64) {
        for (i, _) in line.char_indices().step_by(7) {
            let _ = matcher.match_at(line, i);
        }
        let _ = matcher.match_at(line, line.len());
    }
    for r in refs::find_refs(text) {
        assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
    }
    for (id, _) in guide.items.iter().enumerate() {
        let _ = guide.item_body(id);
        let _ = guide.breadcrumb(id);
    }
    for t in &guide.terms {
        let _ = guide.slice(t.span);
        let _ = matcher.lookup(&t.name);
    }
});
