//! Property tests for LSP position conversion (`gloss::lsp::position`) and
//! incremental edits on the rope-backed `Document`, against a reference
//! model: a `String` split into lines the LSP way (`\n`, `\r\n`, `\r`
//! only), with UTF-16 columns and the clamping the protocol asks for.

use gloss::lsp::documents::Document;
use gloss::lsp::position::{byte_to_col, col_to_byte, col_to_byte_clamped, Encoding};
use proptest::prelude::*;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

const FRAGMENTS: &[&str] = &[
    "a",
    "WAL",
    " ",
    "😀",
    "\r\n",
    "\n",
    "\r",
    "é",
    "e\u{301}",
    "日本",
    "👩\u{200d}💻",
    "\t",
    "[[x]]",
    "§1.2",
    "ß",
    "\u{feff}",
    "🇫🇷",
    "Ω",
    "\n\n",
];

/// Characters some line-splitting conventions (ropey's `unicode_lines`) treat
/// as line breaks but the LSP does not.
const EXOTIC: &[&str] = &["\u{2028}", "\u{2029}", "\u{85}", "\u{b}", "\u{c}"];

fn text_from(fragments: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(fragments), 0..max).prop_map(|v| v.concat())
}

fn line_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "a",
                " ",
                "😀",
                "é",
                "e\u{301}",
                "日本",
                "👩\u{200d}💻",
                "\t",
                "§",
                "🇫🇷",
            ][..],
        ),
        0..24,
    )
    .prop_map(|v| v.concat())
}

/// Byte ranges `(start, content_end)` of the LSP lines of `text`.
fn lsp_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

fn utf16_clamped(line: &str, col: u32) -> usize {
    let mut units = 0u32;
    for (i, ch) in line.char_indices() {
        let n = ch.len_utf16() as u32;
        if units + n > col {
            return i;
        }
        units += n;
    }
    line.len()
}

fn model_offset(text: &str, pos: Position) -> usize {
    match lsp_lines(text).get(pos.line as usize) {
        None => text.len(),
        Some(&(s, e)) => s + utf16_clamped(&text[s..e], pos.character),
    }
}

#[derive(Debug, Clone)]
struct Edit {
    range: Option<((u32, u32), (u32, u32))>,
    text: String,
}

fn edits(fragments: &'static [&'static str]) -> impl Strategy<Value = Vec<Edit>> {
    let edit = (
        prop::option::weighted(0.95, ((0u32..12, 0u32..40), (0u32..12, 0u32..40))),
        text_from(fragments, 6),
    )
        .prop_map(|(range, text)| Edit { range, text });
    prop::collection::vec(edit, 0..24)
}

fn check_edits(initial: &str, edits: &[Edit]) -> Result<(), TestCaseError> {
    let uri = Url::parse("file:///prop/note.md").unwrap();
    let mut model = initial.to_string();
    let mut doc = Document::new(&uri, &model, 1);
    for e in edits {
        let range = e
            .range
            .map(|(s, t)| Range::new(Position::new(s.0, s.1), Position::new(t.0, t.1)));
        doc.apply(
            &TextDocumentContentChangeEvent {
                range,
                range_length: None,
                text: e.text.clone(),
            },
            Encoding::Utf16,
        );
        match range {
            None => model = e.text.clone(),
            Some(r) => {
                let a = model_offset(&model, r.start);
                let b = model_offset(&model, r.end).max(a);
                model.replace_range(a..b, &e.text);
            }
        }
        prop_assert_eq!(doc.text(), model.clone(), "after {:?}", e);
    }
    let lines = lsp_lines(&model);
    prop_assert_eq!(
        doc.line_count() as usize,
        lines.len(),
        "line count of {:?}",
        model
    );
    for (i, &(s, e)) in lines.iter().enumerate() {
        prop_assert_eq!(
            doc.line(i as u32),
            Some(model[s..e].to_string()),
            "line {} of {:?}",
            i,
            model
        );
        // Every character start on the line converts to a position and back.
        for (b, _) in model[s..e]
            .char_indices()
            .chain(std::iter::once((e - s, ' ')))
        {
            let p = doc.position(s + b, Encoding::Utf16);
            let col = model[s..s + b].encode_utf16().count() as u32;
            prop_assert_eq!(
                p,
                Position::new(i as u32, col),
                "offset {} of {:?}",
                s + b,
                model
            );
            prop_assert_eq!(doc.offset(p, Encoding::Utf16), Some(s + b));
        }
    }
    prop_assert_eq!(
        doc.offset(Position::new(lines.len() as u32, 0), Encoding::Utf16),
        None
    );
    Ok(())
}

proptest! {
    #[test]
    fn utf16_and_utf8_columns_round_trip(line in line_text()) {
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (b, _) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
                let col = byte_to_col(&line, b, enc);
                prop_assert_eq!(col_to_byte(&line, col, enc), Some(b), "{:?} byte {} {:?}", line, b, enc);
            }
        }
        let units = line.encode_utf16().count() as u32;
        prop_assert_eq!(col_to_byte(&line, units, Encoding::Utf16), Some(line.len()));
        prop_assert_eq!(col_to_byte(&line, units + 1, Encoding::Utf16), None);
        prop_assert_eq!(col_to_byte(&line, line.len() as u32 + 1, Encoding::Utf8), None);
    }

    #[test]
    fn any_column_lands_on_a_char_boundary(line in line_text(), col in 0u32..64) {
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            if let Some(b) = col_to_byte(&line, col, enc) {
                prop_assert!(line.is_char_boundary(b) && b <= line.len());
                // Snapping goes backwards: the column of the result is ≤ the asked column.
                prop_assert!(byte_to_col(&line, b, enc) <= col);
            }
            let c = col_to_byte_clamped(&line, col, enc);
            prop_assert!(line.is_char_boundary(c) && c <= line.len());
        }
        for b in 0..=line.len() + 2 {
            let col = byte_to_col(&line, b, Encoding::Utf16);
            prop_assert!(col <= line.encode_utf16().count() as u32);
        }
    }

    #[test]
    fn incremental_edits_match_the_model(initial in text_from(FRAGMENTS, 30), edits in edits(FRAGMENTS)) {
        check_edits(&initial, &edits)?;
    }
}

/// With U+2028, U+2029, NEL, VT or FF in the text, ropey's default
/// `unicode_lines` feature splits lines where LSP clients do not, so line
/// numbers after such a character disagree with the editor's.
#[test]
fn exotic_line_breaks_are_not_lines() {
    let mut all: Vec<&'static str> = FRAGMENTS.to_vec();
    all.extend_from_slice(EXOTIC);
    let all: &'static [&'static str] = Box::leak(all.into_boxed_slice());
    let mut runner = proptest::test_runner::TestRunner::default();
    runner
        .run(&(text_from(all, 30), edits(all)), |(initial, edits)| {
            check_edits(&initial, &edits)
        })
        .unwrap();
}
