//! Positions in a text: byte ranges and line lookup.
//!
//! A leaf module (it imports nothing from this crate) so that both the
//! guide model (`model`) and the text utilities (`text`) can build on it
//! without depending on each other.

use serde::{Deserialize, Serialize};

/// A half-open byte range into the guide text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Byte offsets of line starts, for offset ↔ line conversion.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 0-based line containing `offset` (clamped to the last line).
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = offset.min(self.len);
        (self.starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// Byte offset where `line` starts, if it exists.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get(line as usize).copied()
    }

    /// Byte range of `line` without its line terminator.
    pub fn line_span(&self, text: &str, line: u32) -> Option<Span> {
        let start = self.line_start(line)?;
        let end = self
            .starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.len);
        let raw = &text[start..end];
        let trimmed = raw.trim_end_matches(['\n', '\r']);
        Some(Span::new(start, start + trimmed.len()))
    }

    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_round_trips() {
        let text = "a\nbc\n\nd";
        let li = LineIndex::new(text);
        assert_eq!(li.line_of(0), 0);
        assert_eq!(li.line_of(2), 1);
        assert_eq!(li.line_of(5), 2);
        assert_eq!(li.line_of(6), 3);
        assert_eq!(li.line_of(100), 3);
        assert_eq!(li.line_span(text, 1), Some(Span::new(2, 4)));
        assert_eq!(li.line_span(text, 9), None);
    }
}
