//! Ranked search over a guide (tantivy). PLACEHOLDER: being replaced by the
//! real tantivy index; the API below is the contract.

use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::model::{Guide, ItemId, ItemKind, TermId};

/// Which kinds of hits a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    #[default]
    Any,
    Question,
    Section,
    Term,
}

impl std::str::FromStr for KindFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "any" => Ok(KindFilter::Any),
            "question" => Ok(KindFilter::Question),
            "section" => Ok(KindFilter::Section),
            "term" => Ok(KindFilter::Term),
            other => Err(format!(
                "unknown kind `{other}` (expected question, section, term or any)"
            )),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// `question`, `section`, `part`, `scenario`, `heading` or `term`.
    pub kind: String,
    /// Heading text without `#` marks (for a term: its name).
    pub title: String,
    /// Citation label (`§4.16 Q5`).
    pub label: String,
    /// The outline item (for a term: where it is defined).
    pub item: ItemId,
    pub term: Option<TermId>,
    /// 0-based line in the guide.
    pub line: u32,
    pub score: f32,
    pub snippet: String,
}

pub struct SearchIndex {}

impl SearchIndex {
    /// Opens the persisted index in `dir` if it matches, else builds it there
    /// (or in memory when `dir` is `None`).
    pub fn open_or_build(_guide: &Guide, _dir: Option<&Path>) -> Result<SearchIndex> {
        Ok(SearchIndex {})
    }

    pub fn search(
        &self,
        guide: &Guide,
        query: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let q = query.to_lowercase();
        let mut hits = Vec::new();
        for (id, it) in guide.items.iter().enumerate() {
            let ok = match filter {
                KindFilter::Any => true,
                KindFilter::Question => it.kind == ItemKind::Question,
                KindFilter::Section => it.kind == ItemKind::Section,
                KindFilter::Term => false,
            };
            if ok && it.title.to_lowercase().contains(&q) {
                hits.push(Hit {
                    kind: it.kind.as_str().into(),
                    title: it.title.clone(),
                    label: it.label.clone(),
                    item: id,
                    term: None,
                    line: it.line,
                    score: 1.0,
                    snippet: String::new(),
                });
            }
        }
        hits.truncate(limit);
        Ok(hits)
    }
}
