//! Fixture tests for the LSP handlers: `$0` marks the cursor in a note or
//! in the guide itself, against a small inline guide (tests/fixtures/WEB_CACHING.md).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gloss::lsp::completion::completion;
use gloss::lsp::definition::{definition, skimmed_link_location};
use gloss::lsp::documents::Document;
use gloss::lsp::hover::hover;
use gloss::lsp::position::Encoding;
use gloss::lsp::symbols::{document_symbols, folding_ranges, skimmed_symbols, workspace_symbols};
use gloss_index::skim::Skim;
use gloss_index::{Library, LoadedGuide};
use tower_lsp::lsp_types::{HoverContents, Position, SymbolKind, Url};

const GUIDE_PATH: &str = "/gloss-fixture/guides/WEB_CACHING.md";

fn guide_text() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/WEB_CACHING.md"),
    )
    .expect("fixture guide")
}

fn library() -> Library {
    let g = LoadedGuide::from_text(Path::new(GUIDE_PATH), guide_text(), None).expect("load guide");
    Library::new(vec![Arc::new(g)])
}

/// Removes the `$0` marker and returns the text and the cursor (UTF-16 column).
fn fixture(src: &str) -> (String, Position) {
    let at = src.find("$0").expect("fixture needs a $0 cursor");
    let text = format!("{}{}", &src[..at], &src[at + 2..]);
    let before = &src[..at];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].encode_utf16().count() as u32;
    (text, Position::new(line, col))
}

fn note(text: &str) -> Document {
    Document::new(
        &Url::parse("file:///gloss-fixture/notes/n.md").unwrap(),
        text,
        1,
    )
}

fn hover_md(lib: &Library, src: &str) -> Option<String> {
    let (text, pos) = fixture(src);
    let h = hover(lib, &note(&text), pos, Encoding::Utf16)?;
    match h.contents {
        HoverContents::Markup(m) => Some(m.value),
        other => panic!("unexpected hover shape {other:?}"),
    }
}

fn guide_line(prefix: &str) -> u32 {
    guide_text()
        .lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line {prefix:?}")) as u32
}

fn guide_line_after(after: &str, prefix: &str) -> u32 {
    let text = guide_text();
    let from = guide_line(after) as usize;
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(i, _)| i as u32)
        .unwrap()
}

#[test]
fn hover_on_term_shows_definition_and_link() {
    let lib = library();
    let md = hover_md(&lib, "We tuned the T$0TL last week.").expect("hover on TTL");
    assert!(md.contains("How long a stored response"), "{md}");
    let link = format!("file://{GUIDE_PATH}#L{}", guide_line("- TTL (") + 1);
    assert!(md.contains(&link), "{md}");
    insta::assert_snapshot!("hover_ttl", md);
}

#[test]
fn hover_on_alias_plural_and_any_case() {
    let lib = library();
    for src in [
        "the time to l$0ive matters",
        "all our TTL$0s are short",
        "ttl$0 again",
    ] {
        let md = hover_md(&lib, src).unwrap_or_else(|| panic!("no hover for {src:?}"));
        assert!(md.starts_with("**TTL**"), "{src}: {md}");
    }
    let md = hover_md(&lib, "two origin sh$0ields in front").expect("multi-word term");
    assert!(md.to_lowercase().starts_with("**origin shield**"), "{md}");
    assert!(hover_md(&lib, "nothing to see h$0ere").is_none());
}

#[test]
fn hover_on_word_forms_and_list_lead_ins() {
    let lib = library();
    // `Cacheable (a.k.a. storable / reusable):` — reached from another word form.
    let md = hover_md(&lib, "check the cach$0eability rules").expect("word form");
    assert!(md.starts_with("**Cacheable**"), "{md}");
    assert!(md.contains("may keep and hand out again"), "{md}");
    // `- Negative caching. Keeping …` — a list item whose name ends at a full stop.
    let md = hover_md(&lib, "we turned on negative cach$0ing").expect("list lead-in");
    assert!(md.starts_with("**Negative caching**"), "{md}");
}

#[test]
fn hover_after_emoji_and_cjk_uses_utf16_columns() {
    let lib = library();
    let (text, pos) = fixture("😀 日本語 then the C$0DN edge");
    let h = hover(&lib, &note(&text), pos, Encoding::Utf16).expect("hover");
    let r = h.range.expect("range");
    // 😀 is two UTF-16 units: "😀 日本語 then the " = 2+1+3+1+4+1+3+1 = 16
    assert_eq!((r.start.character, r.end.character), (16, 19));
    // The same cursor in UTF-8 bytes.
    let byte_col = text.find("CDN").unwrap() as u32 + 1;
    let h8 = hover(
        &lib,
        &note(&text),
        Position::new(0, byte_col),
        Encoding::Utf8,
    )
    .expect("utf-8 hover");
    let r8 = h8.range.unwrap();
    assert_eq!(r8.start.character, text.find("CDN").unwrap() as u32);
    // Plain word before the term does not hover.
    let (text, pos) = fixture("😀 日本語 th$0en the CDN edge");
    assert!(hover(&lib, &note(&text), pos, Encoding::Utf16).is_none());
}

#[test]
fn hover_on_reference_previews_the_target() {
    let lib = library();
    let md = hover_md(&lib, "reread §1.$02 tonight").expect("hover on §1.2");
    assert!(md.contains("1.2 Validation"), "{md}");
    assert!(md.contains("Conditional requests"), "{md}");
    insta::assert_snapshot!("hover_section_ref", md);
}

#[test]
fn out_of_range_positions_are_none() {
    let lib = library();
    let d = note("one TTL line");
    for pos in [
        Position::new(5, 0),
        Position::new(0, 99),
        Position::new(u32::MAX, u32::MAX),
    ] {
        assert!(hover(&lib, &d, pos, Encoding::Utf16).is_none());
        assert!(definition(&lib, &d, pos, Encoding::Utf16).is_none());
        assert!(completion(&lib, &d, pos, Encoding::Utf16).is_none());
    }
}

fn def_line(lib: &Library, doc: &Document, pos: Position) -> Option<(PathBuf, u32)> {
    let loc = definition(lib, doc, pos, Encoding::Utf16)?;
    Some((loc.uri.to_file_path().unwrap(), loc.range.start.line))
}

#[test]
fn definition_of_references_and_terms() {
    let lib = library();
    let (text, pos) = fixture("see §1.$02 first");
    assert_eq!(
        def_line(&lib, &note(&text), pos),
        Some((PathBuf::from(GUIDE_PATH), guide_line("### 1.2 ")))
    );
    let (text, pos) = fixture("compare Part 2 Q$01 with it");
    assert_eq!(
        def_line(&lib, &note(&text), pos).map(|x| x.1),
        Some(guide_line_after("## Part 2 ", "#### Q1."))
    );
    let (text, pos) = fixture("and §2.2 Q$02 too");
    assert_eq!(
        def_line(&lib, &note(&text), pos).map(|x| x.1),
        Some(guide_line_after("## Part 2 ", "#### Q2."))
    );
    let (text, pos) = fixture("the C$0DN layer");
    assert_eq!(
        def_line(&lib, &note(&text), pos).map(|x| x.1),
        Some(guide_line("- CDN ("))
    );
    // A bare `Q5` in a note has no part to resolve in.
    let (text, pos) = fixture("see Q$01");
    assert_eq!(def_line(&lib, &note(&text), pos), None);
}

#[test]
fn bare_question_inside_the_guide_resolves_in_its_part() {
    let lib = library();
    let text = guide_text();
    let doc = Document::new(&Url::from_file_path(GUIDE_PATH).unwrap(), &text, 1);
    // "compare Q1 above" sits in Part 2 → Part 2 Q1.
    let (line, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("compare Q1 above"))
        .unwrap();
    let col = l.find("Q1 above").unwrap() as u32 + 1;
    let got = def_line(&lib, &doc, Position::new(line as u32, col)).map(|x| x.1);
    assert_eq!(got, Some(guide_line_after("## Part 2 ", "#### Q1.")));
    // "Part 1 Q2" on the same line still goes to Part 1.
    let col = l.find("Part 1 Q2").unwrap() as u32 + 1;
    let got = def_line(&lib, &doc, Position::new(line as u32, col)).map(|x| x.1);
    assert_eq!(got, Some(guide_line_after("## Part 1 ", "#### Q2.")));
}

#[test]
fn completion_after_section_sign_and_part() {
    let lib = library();
    let (text, pos) = fixture("Revisit §$0");
    let items = completion(&lib, &note(&text), pos, Encoding::Utf16).expect("items");
    let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
    assert!(labels.contains(&"§1.2".to_string()), "{labels:?}");
    assert!(labels.contains(&"§2.2 Q1".to_string()), "{labels:?}");
    let v = items.iter().find(|i| i.label == "§1.2").unwrap();
    assert_eq!(v.detail.as_deref(), Some("1.2 Validation"));

    let (text, pos) = fixture("Revisit §2$0");
    let items = completion(&lib, &note(&text), pos, Encoding::Utf16).expect("items");
    assert!(items.iter().all(|i| i.label.starts_with("§2")), "{items:?}");

    let (text, pos) = fixture("see Part $0");
    let labels: Vec<String> = completion(&lib, &note(&text), pos, Encoding::Utf16)
        .expect("parts")
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert!(
        labels.contains(&"Part 1".to_string()) && labels.contains(&"Part 2 Q2".to_string()),
        "{labels:?}"
    );

    let (text, pos) = fixture("we used a cd$0");
    let items = completion(&lib, &note(&text), pos, Encoding::Utf16).expect("terms");
    assert!(items.iter().any(|i| i.label == "CDN"), "{items:?}");
    let (text, pos) = fixture("x$0");
    assert!(completion(&lib, &note(&text), pos, Encoding::Utf16).is_none());
}

#[test]
fn document_symbols_of_the_guide() {
    let syms = document_symbols(&guide_text(), Encoding::Utf16);
    let mut flat = Vec::new();
    fn walk(s: &[tower_lsp::lsp_types::DocumentSymbol], depth: usize, out: &mut Vec<String>) {
        for x in s {
            out.push(format!(
                "{}{} [{}] L{}",
                "  ".repeat(depth),
                x.name,
                x.detail.clone().unwrap_or_default(),
                x.selection_range.start.line
            ));
            walk(x.children.as_deref().unwrap_or(&[]), depth + 1, out);
        }
    }
    walk(&syms, 0, &mut flat);
    let text = flat.join("\n");
    assert!(
        !text.contains("max-age tuning"),
        "code comment became a heading"
    );
    insta::assert_snapshot!("guide_symbols", text);
}

#[test]
fn folding_ranges_nest_and_cover_code() {
    let text = guide_text();
    let ranges = folding_ranges(&text);
    let p1 = guide_line("## Part 1 ");
    let p2 = guide_line("## Part 2 ");
    let outer = ranges
        .iter()
        .find(|r| r.start_line == p1)
        .expect("Part 1 fold");
    assert!(outer.end_line < p2);
    let code = guide_line("```ini");
    assert!(ranges.iter().any(|r| r.start_line == code), "code fold");
}

#[test]
fn hover_on_mentioned_identifier_quotes_the_guide() {
    let lib = library();
    // Quoted config key: labelled as a mention, the explaining prose first.
    let md = hover_md(&lib, "we set `edge.stale_w$0indow_s=60` for the sale").expect("key hover");
    assert!(
        md.starts_with("`edge.stale_window_s` — *mentioned in the guide, not defined there*"),
        "{md}"
    );
    let first = md.find("> ").expect("a prose passage");
    assert!(
        md[first..].starts_with("> Most edge networks expose"),
        "{md}"
    );
    assert!(md.contains("Raising edge.stale_window_s hides"), "{md}");
    let link = format!(
        "file://{GUIDE_PATH}#L{}",
        guide_line("Most edge networks") + 1
    );
    assert!(md.contains(&link), "{md}");
    assert!(md.matches("— [").count() <= 2, "at most two passages: {md}");
    // The same key in plain text; the Q&A's prose outranks the code line.
    let md = hover_md(&lib, "then purge.batch_si$0ze goes down").expect("plain key");
    let q = md
        .find("Keep `purge.batch_size` small")
        .expect("Q&A passage");
    let code = md.find("purge.batch_size = 200").unwrap_or(usize::MAX);
    assert!(q < code, "{md}");
    assert!(
        md.contains("#### Q1.") || md.contains("Q1. How large"),
        "{md}"
    );
}

#[test]
fn hover_on_identifiers_never_fires_on_plain_words_or_swamps_terms() {
    let lib = library();
    // A bare word fires only in backticks, and only when the guide writes it as code.
    assert!(hover_md(&lib, "we pre$0warm daily").is_none());
    let md = hover_md(&lib, "run `pre$0warm` first").expect("quoted word");
    assert!(md.contains("on the busiest paths"), "{md}");
    // Not in the guide: nothing.
    assert!(hover_md(&lib, "set `bogus.ke$0y_name`").is_none());
    // A defined term keeps its card, quoted or not.
    let md = hover_md(&lib, "the `TT$0L` knob").expect("term");
    assert!(md.starts_with("**TTL**"), "{md}");
}

#[test]
fn hover_on_name_without_its_vendor_prefix() {
    let lib = library();
    let md = hover_md(&lib, "we moved the assets to Edge$0works").expect("tail of a name");
    assert!(md.starts_with("**Nimbus Edgeworks**"), "{md}");
    let loc = definition(
        &lib,
        &note("we moved the assets to Edgeworks"),
        Position::new(0, 25),
        Encoding::Utf16,
    )
    .expect("definition");
    assert_eq!(loc.range.start.line, guide_line("- Nimbus Edgeworks"));
}

#[test]
fn definition_follows_markdown_links_into_the_guide() {
    let lib = library();
    let guide = Some(PathBuf::from(GUIDE_PATH));
    // The fragment is the heading's GitHub slug.
    let (text, pos) = fixture("see [this](../guides/WEB_CACHING.md#21-stale-while-$0revalidate)");
    assert_eq!(
        def_line(&lib, &note(&text), pos),
        Some((guide.clone().unwrap(), guide_line("### 2.1 ")))
    );
    // Anywhere on the link, including its text, with a title after the destination.
    let (text, pos) = fixture(
        "[Q1 of p$0art 2](../guides/./WEB_CACHING.md#q1-how-do-you-purge-a-cdn-safely \"t\")",
    );
    assert_eq!(
        def_line(&lib, &note(&text), pos).map(|x| x.1),
        Some(guide_line_after("## Part 2 ", "#### Q1."))
    );
    let (text, pos) = fixture("[x](../guides/WEB_CACHING.md#13-part-1-qa$0)");
    assert_eq!(
        def_line(&lib, &note(&text), pos).map(|x| x.1),
        Some(guide_line("### 1.3 "))
    );
    // No fragment, or one naming no heading: the top of the guide.
    for src in [
        "[guide](../guides/WEB_CACHING$0.md)",
        "[guide](../guides/WEB_CACHING.md#no-such-$0heading)",
    ] {
        let (text, pos) = fixture(src);
        assert_eq!(
            def_line(&lib, &note(&text), pos),
            Some((guide.clone().unwrap(), 0)),
            "{src}"
        );
    }
    // A link to another file is not the guide's; a term in its text still resolves.
    let (text, pos) = fixture("[the C$0DN notes](other.md)");
    assert_eq!(
        def_line(&lib, &note(&text), pos).map(|x| x.1),
        Some(guide_line("- CDN ("))
    );
    let (text, pos) = fixture("[notes](other$0.md) and [web](https://example.org/WEB_CACHING.md)");
    assert_eq!(def_line(&lib, &note(&text), pos), None);
}

/// While the first index builds, link definitions come from the guide's
/// heading skim; they must land exactly where the indexed answer does, and
/// defer (None) whenever the skim cannot vouch.
#[test]
fn skimmed_link_definitions_match_the_indexed_ones() {
    let lib = library();
    let skims = vec![Arc::new(Skim::new(GUIDE_PATH, guide_text()))];
    assert!(skims[0].complete);
    for src in [
        "see [this](../guides/WEB_CACHING.md#21-stale-while-$0revalidate)",
        "[Q1 of p$0art 2](../guides/./WEB_CACHING.md#q1-how-do-you-purge-a-cdn-safely \"t\")",
        "[x](../guides/WEB_CACHING.md#13-part-1-qa$0)",
        "[guide](../guides/WEB_CACHING$0.md)",
    ] {
        let (text, pos) = fixture(src);
        let doc = note(&text);
        let skimmed = skimmed_link_location(&skims, &doc, pos, Encoding::Utf16);
        assert!(skimmed.is_some(), "{src}");
        assert_eq!(
            skimmed,
            definition(&lib, &doc, pos, Encoding::Utf16),
            "{src}"
        );
    }
    for src in [
        "[guide](../guides/WEB_CACHING.md#no-such-$0heading)",
        "[notes](other$0.md)",
        "a C$0DN term, not a link",
    ] {
        let (text, pos) = fixture(src);
        assert_eq!(
            skimmed_link_location(&skims, &note(&text), pos, Encoding::Utf16),
            None,
            "{src}"
        );
    }
}

/// Term symbols from the skim's glossary lead-ins: each is one the index
/// gives for the same query, at the same place.
#[test]
fn skimmed_term_symbols_are_where_the_index_puts_them() {
    let lib = library();
    let skims = vec![Arc::new(Skim::new(GUIDE_PATH, guide_text()))];
    let terms = skims[0].terms();
    assert!(terms.len() >= 5, "{terms:?}");
    for t in terms {
        let skimmed = skimmed_symbols(&skims, &t.name, Encoding::Utf16);
        let full = workspace_symbols(&lib, &t.name, Encoding::Utf16);
        let s = skimmed
            .iter()
            .find(|s| s.kind == SymbolKind::CONSTANT && s.name == t.name)
            .unwrap_or_else(|| panic!("{} not among {skimmed:?}", t.name));
        assert!(
            full.iter()
                .any(|f| f.kind == s.kind && f.name == s.name && f.location == s.location),
            "{}: {:?} not in {full:?}",
            t.name,
            s.location
        );
    }
}

#[test]
fn skimmed_symbols_are_headings_where_the_index_puts_them() {
    let lib = library();
    let skims = vec![Arc::new(Skim::new(GUIDE_PATH, guide_text()))];
    let full = workspace_symbols(&lib, "purge cdn", Encoding::Utf16);
    let skimmed = skimmed_symbols(&skims, "purge cdn", Encoding::Utf16);
    assert!(!skimmed.is_empty());
    for s in &skimmed {
        assert!(s.name.to_lowercase().contains("purge"), "{}", s.name);
        if let Some(f) = full.iter().find(|f| f.name == s.name) {
            assert_eq!((f.kind, &f.location), (s.kind, &s.location), "{}", s.name);
        }
    }
    assert!(
        skimmed
            .iter()
            .any(|s| full.iter().any(|f| f.name == s.name)),
        "the skim finds a heading the index also finds"
    );
}
