//! Random incremental edits with UTF-16 positions (emoji, CRLF, lone CR,
//! combining marks, ZWJ sequences, out-of-range lines and columns) applied
//! to the server's rope-backed `Document`, checked after every edit against
//! a reference model: a `String` with LSP line splitting (`\n`, `\r\n`,
//! `\r` only) and the clamping the protocol asks for.
#![no_main]

use arbitrary::Arbitrary;
use gloss::lsp::documents::Document;
use gloss::lsp::position::Encoding;
use libfuzzer_sys::fuzz_target;
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
    "x\u{20dd}",
    "\n\n",
];

/// Fragments that only some line-splitting conventions treat as breaks.
const EXOTIC: &[&str] = &["\u{2028}", "\u{2029}", "\u{85}", "\u{b}", "\u{c}"];

#[derive(Debug, Arbitrary)]
struct Edit {
    full: bool,
    start: (u8, u8),
    end: (u8, u8),
    text: Vec<u8>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    initial: Vec<u8>,
    edits: Vec<Edit>,
}

fn build(codes: &[u8]) -> String {
    let exotic = std::env::var_os("GLOSS_FUZZ_EXOTIC_BREAKS").is_some();
    codes
        .iter()
        .map(|&c| {
            if exotic && c >= 0xF0 {
                EXOTIC[(c as usize) % EXOTIC.len()]
            } else {
                FRAGMENTS[(c as usize) % FRAGMENTS.len()]
            }
        })
        .collect()
}

/// Byte ranges `(start, content_end)` of the LSP lines of `text`.
fn lsp_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// Byte offset of UTF-16 column `col` in `line`, clamped to the line end,
/// snapping a column inside a surrogate pair to the character start.
fn col_clamped(line: &str, col: u32) -> usize {
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

fn offset_clamped(text: &str, pos: Position) -> usize {
    let lines = lsp_lines(text);
    match lines.get(pos.line as usize) {
        None => text.len(),
        Some(&(s, e)) => s + col_clamped(&text[s..e], pos.character),
    }
}

fn position_of(text: &str, offset: usize) -> Position {
    let lines = lsp_lines(text);
    let line = lines.iter().rposition(|&(s, _)| s <= offset).unwrap_or(0);
    let (s, e) = lines[line];
    let upto = &text[s..offset.min(e)];
    Position::new(line as u32, upto.encode_utf16().count() as u32)
}

fuzz_target!(|input: Input| {
    let uri = Url::parse("file:///fuzz/note.md").unwrap();
    let mut model = build(&input.initial);
    let mut doc = Document::new(&uri, &model, 1);
    for edit in input.edits.iter().take(64) {
        let text = build(&edit.text);
        let range = (!edit.full).then(|| {
            Range::new(
                Position::new(edit.start.0 as u32 / 4, edit.start.1 as u32 / 2),
                Position::new(edit.end.0 as u32 / 4, edit.end.1 as u32 / 2),
            )
        });
        doc.apply(
            &TextDocumentContentChangeEvent {
                range,
                range_length: None,
                text: text.clone(),
            },
            Encoding::Utf16,
        );
        match range {
            None => model = text,
            Some(r) => {
                let a = offset_clamped(&model, r.start);
                let b = offset_clamped(&model, r.end).max(a);
                model.replace_range(a..b, &text);
            }
        }
        assert_eq!(doc.text(), model, "after {edit:?}");
    }
    // Line structure and positions agree with the LSP's view of the text.
    let lines = lsp_lines(&model);
    assert_eq!(
        doc.line_count() as usize,
        lines.len(),
        "line count of {model:?}"
    );
    for (i, &(s, e)) in lines.iter().enumerate() {
        assert_eq!(
            doc.line(i as u32).as_deref(),
            Some(&model[s..e]),
            "line {i} of {model:?}"
        );
    }
    for (o, _) in model
        .char_indices()
        .chain(std::iter::once((model.len(), ' ')))
    {
        let p = position_of(&model, o);
        // Between the halves of a CRLF is not a position any client can name.
        let inside_crlf = model[..o].ends_with('\r') && model[o..].starts_with('\n');
        if !inside_crlf {
            assert_eq!(
                doc.position(o, Encoding::Utf16),
                p,
                "offset {o} of {model:?}"
            );
        }
    }
});
