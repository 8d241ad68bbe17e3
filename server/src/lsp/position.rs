//! LSP positions ↔ byte offsets, for UTF-8 or UTF-16 columns.
//!
//! Lines end at `\n`, `\r\n` or `\r` (the LSP definition). Out-of-range
//! positions give `None` from the strict conversions; edits use the clamped
//! ones, as the protocol asks.

use gloss_index::text::LineIndex;
use tower_lsp::lsp_types::{Position, PositionEncodingKind, Range};

/// The negotiated position encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// Picks UTF-8 when the client offers it, else UTF-16 (the default).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Byte offset in `line` (without terminator) of column `col`; `None` past the end.
/// A column inside a character (e.g. between surrogate halves) snaps to its start.
pub fn col_to_byte(line: &str, col: u32, enc: Encoding) -> Option<usize> {
    match enc {
        Encoding::Utf8 => {
            let mut c = col as usize;
            if c > line.len() {
                return None;
            }
            while !line.is_char_boundary(c) {
                c -= 1;
            }
            Some(c)
        }
        Encoding::Utf16 => {
            let mut units = 0u32;
            for (i, ch) in line.char_indices() {
                if units >= col {
                    return Some(i);
                }
                let n = ch.len_utf16() as u32;
                if units + n > col {
                    return Some(i);
                }
                units += n;
            }
            (units == col).then_some(line.len())
        }
    }
}

/// Like [`col_to_byte`] but clamps past-the-end columns to the line end.
pub fn col_to_byte_clamped(line: &str, col: u32, enc: Encoding) -> usize {
    col_to_byte(line, col, enc).unwrap_or(line.len())
}

/// Column of byte offset `byte` in `line` (clamped, floored to a char boundary).
pub fn byte_to_col(line: &str, byte: usize, enc: Encoding) -> u32 {
    let mut b = byte.min(line.len());
    while !line.is_char_boundary(b) {
        b -= 1;
    }
    match enc {
        Encoding::Utf8 => b as u32,
        Encoding::Utf16 => line[..b].encode_utf16().count() as u32,
    }
}

/// Strips one line terminator.
pub fn strip_eol(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .or_else(|| s.strip_suffix('\r'))
        .unwrap_or(s)
}

/// Position of byte `offset` of `text` (guide text with its line index).
pub fn text_position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(text.len());
    let line = lines.line_of(offset);
    let start = lines.line_start(line).unwrap_or(0);
    let line_text = text.get(start..offset).unwrap_or("");
    Position::new(line, byte_to_col(line_text, line_text.len(), enc))
}

/// Range of a byte span of `text`.
pub fn text_range(text: &str, lines: &LineIndex, start: usize, end: usize, enc: Encoding) -> Range {
    Range::new(
        text_position(text, lines, start, enc),
        text_position(text, lines, end, enc),
    )
}

/// Range covering a whole line (without its terminator) of `text`.
pub fn line_range(text: &str, lines: &LineIndex, line: u32, enc: Encoding) -> Range {
    match lines.line_span(text, line) {
        Some(sp) => text_range(text, lines, sp.start, sp.end, enc),
        None => Range::new(Position::new(line, 0), Position::new(line, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns() {
        let line = "😀 日本語 WAL";
        // 😀 = 2 units, space, 3 CJK, space → WAL at 7
        assert_eq!(
            col_to_byte(line, 7, Encoding::Utf16),
            Some(line.find("WAL").unwrap())
        );
        assert_eq!(
            byte_to_col(line, line.find("WAL").unwrap(), Encoding::Utf16),
            7
        );
        // inside the surrogate pair snaps to the emoji start
        assert_eq!(col_to_byte(line, 1, Encoding::Utf16), Some(0));
        assert_eq!(col_to_byte(line, 10, Encoding::Utf16), Some(line.len()));
        assert_eq!(col_to_byte(line, 11, Encoding::Utf16), None);
        assert_eq!(col_to_byte_clamped(line, 99, Encoding::Utf16), line.len());
    }

    #[test]
    fn utf8_columns() {
        let line = "§4.3 x";
        assert_eq!(col_to_byte(line, 1, Encoding::Utf8), Some(0));
        assert_eq!(col_to_byte(line, 2, Encoding::Utf8), Some(2));
        assert_eq!(col_to_byte(line, 99, Encoding::Utf8), None);
        assert_eq!(byte_to_col(line, 2, Encoding::Utf8), 2);
        assert_eq!(byte_to_col(line, 1, Encoding::Utf8), 0);
    }

    #[test]
    fn negotiation_prefers_utf8() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn text_positions() {
        let text = "ab\r\n😀x\n";
        let li = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            text_position(text, &li, x, Encoding::Utf16),
            Position::new(1, 2)
        );
        assert_eq!(
            text_position(text, &li, x, Encoding::Utf8),
            Position::new(1, 4)
        );
        assert_eq!(
            line_range(text, &li, 0, Encoding::Utf16).end,
            Position::new(0, 2)
        );
    }
}
