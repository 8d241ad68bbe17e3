//! Loading a guide and navigating its model.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Guide, ItemId, ItemKind, OutlineItem, Span};
use crate::text::LineIndex;
use crate::{anchors, outline, parse, terms};

impl Guide {
    /// Builds the model of a guide from its text. Never fails: malformed
    /// markdown yields whatever structure can be recovered.
    pub fn parse(path: impl Into<PathBuf>, text: String) -> Guide {
        let lines = LineIndex::new(&text);
        let blocks = parse::blocks(&text);
        let items = outline::build(&text, &blocks, &lines);
        let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        let mut guide = Guide {
            path: path.into(),
            text,
            hash,
            lines,
            items,
            terms: Vec::new(),
            anchors: Vec::new(),
        };
        guide.terms = terms::extract(&guide, &blocks);
        guide.anchors = anchors::extract(&guide, &blocks);
        guide
    }

    /// Reads and parses a guide file.
    pub fn load(path: &Path) -> Result<Guide> {
        let text = read_utf8(path)?;
        Ok(Guide::parse(path, text))
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The innermost outline item whose range contains `offset`.
    pub fn item_at(&self, offset: usize) -> Option<ItemId> {
        // Items are in document order; the last one starting at or before
        // `offset` whose range still covers it is the innermost.
        let idx = self.items.partition_point(|it| it.range.start <= offset);
        (0..idx)
            .rev()
            .find(|&i| self.items[i].range.contains(offset))
    }

    pub fn questions(&self) -> impl Iterator<Item = (ItemId, &OutlineItem)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, it)| it.kind == ItemKind::Question)
    }

    pub fn count(&self, kind: ItemKind) -> usize {
        self.items.iter().filter(|it| it.kind == kind).count()
    }

    /// Heading text plus body of an item's own text (up to its first sub-heading).
    pub fn item_body(&self, id: ItemId) -> &str {
        self.items
            .get(id)
            .map_or("", |it| self.slice(it.body).trim())
    }

    /// The heading chain of an item: `Part 4 — … › 4.16 Part 4 Q&A › Q5. …`.
    pub fn breadcrumb(&self, id: ItemId) -> Vec<ItemId> {
        let mut chain = Vec::new();
        let mut cur = Some(id);
        while let Some(i) = cur {
            chain.push(i);
            cur = self.items[i].parent;
        }
        chain.reverse();
        chain
    }

    /// True when the file has the shape of a study guide: Q&A headings.
    pub fn looks_like_guide(&self) -> bool {
        self.count(ItemKind::Question) >= 2
    }
}

/// Reads a file as UTF-8, reporting the first invalid line instead of panicking.
pub fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1;
        Error::NotUtf8 {
            path: path.to_path_buf(),
            line,
        }
    })
}
