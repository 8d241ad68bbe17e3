//! Open documents, stored as ropes, with incremental edits.

use std::path::PathBuf;

use ropey::Rope;
use tower_lsp::lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

use super::position::{byte_to_col, col_to_byte, col_to_byte_clamped, strip_eol, Encoding};

#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// File path, for `file:` URIs.
    pub path: Option<PathBuf>,
}

impl Document {
    pub fn new(uri: &Url, text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            path: uri.to_file_path().ok(),
        }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn line_count(&self) -> u32 {
        self.rope.len_lines() as u32
    }

    /// Line `line` without its terminator.
    pub fn line(&self, line: u32) -> Option<String> {
        if (line as usize) >= self.rope.len_lines() {
            return None;
        }
        let s = self.rope.line(line as usize).to_string();
        Some(strip_eol(&s).to_string())
    }

    /// Byte offset where `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        if (line as usize) >= self.rope.len_lines() {
            return None;
        }
        Some(self.rope.line_to_byte(line as usize))
    }

    /// The line text and the byte column in it, for a position; `None` when
    /// the position is outside the document.
    pub fn line_at(&self, pos: Position, enc: Encoding) -> Option<(String, usize)> {
        let line = self.line(pos.line)?;
        let col = col_to_byte(&line, pos.character, enc)?;
        Some((line, col))
    }

    /// Absolute byte offset of a position (strict).
    pub fn offset(&self, pos: Position, enc: Encoding) -> Option<usize> {
        let (line, col) = self.line_at(pos, enc)?;
        drop(line);
        Some(self.line_start(pos.line)? + col)
    }

    /// Absolute byte offset of a position, clamped into the document.
    pub fn offset_clamped(&self, pos: Position, enc: Encoding) -> usize {
        let lines = self.rope.len_lines() as u32;
        if pos.line >= lines {
            return self.rope.len_bytes();
        }
        let line = self.line(pos.line).unwrap_or_default();
        self.rope.line_to_byte(pos.line as usize) + col_to_byte_clamped(&line, pos.character, enc)
    }

    /// Position of an absolute byte offset (clamped).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.rope.len_bytes());
        while offset > 0 && self.rope.try_byte_to_char(offset).is_err() {
            offset -= 1;
        }
        let line = self.rope.byte_to_line(offset);
        let start = self.rope.line_to_byte(line);
        let text = self.rope.line(line).to_string();
        Position::new(line as u32, byte_to_col(&text, offset - start, enc))
    }

    pub fn range(&self, start: usize, end: usize, enc: Encoding) -> Range {
        Range::new(self.position(start, enc), self.position(end, enc))
    }

    /// Applies one content change (a range edit, or a full replacement).
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let a = self.offset_clamped(range.start, enc);
                let b = self.offset_clamped(range.end, enc).max(a);
                let ca = self.rope.byte_to_char(a);
                let cb = self.rope.byte_to_char(b);
                self.rope.remove(ca..cb);
                self.rope.insert(ca, &change.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new(&Url::parse("file:///tmp/n.md").unwrap(), text, 1)
    }

    fn edit(d: &mut Document, s: (u32, u32), e: (u32, u32), text: &str) {
        d.apply(
            &TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(s.0, s.1), Position::new(e.0, e.1))),
                range_length: None,
                text: text.into(),
            },
            Encoding::Utf16,
        );
    }

    #[test]
    fn incremental_edits_with_emoji_and_crlf() {
        let mut d = doc("😀 日本語 WAL\r\nsecond\r\n");
        edit(&mut d, (0, 0), (0, 0), "🎉 ");
        assert_eq!(d.line(0).unwrap(), "🎉 😀 日本語 WAL");
        // replace the CJK (cols 6..9 in UTF-16)
        edit(&mut d, (0, 6), (0, 9), "中文");
        assert_eq!(d.line(0).unwrap(), "🎉 😀 中文 WAL");
        edit(&mut d, (1, 0), (1, 6), "2nd");
        assert_eq!(d.line(1).unwrap(), "2nd");
        // past-end edits clamp
        edit(&mut d, (99, 0), (99, 0), "tail");
        assert!(d.text().ends_with("tail"));
    }

    #[test]
    fn positions_round_trip() {
        let d = doc("a😀b\r\n日本\nlast");
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let text = d.text();
            for (i, _) in text.char_indices() {
                let p = d.position(i, enc);
                if let Some(o) = d.offset(p, enc) {
                    // \r and \n positions map back to the line end
                    assert!(o == i || text[o..i].chars().all(|c| c == '\r' || c == '\n'));
                }
            }
        }
        assert_eq!(d.offset(Position::new(9, 0), Encoding::Utf16), None);
        assert_eq!(d.offset(Position::new(0, 99), Encoding::Utf16), None);
        assert_eq!(
            d.offset(Position::new(0, 4), Encoding::Utf16),
            Some("a😀b".len())
        );
        assert_eq!(
            d.offset(Position::new(0, 6), Encoding::Utf8),
            Some("a😀b".len())
        );
    }
}
