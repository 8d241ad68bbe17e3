//! A guide's ATX headings from a plain line scan, for the few hundred
//! milliseconds the full parse (tree-sitter, terms, tantivy) of a guide
//! not yet in the cache takes: the language server answers definitions on
//! links into the guide, and heading symbols, from it meanwhile.
//!
//! The parsed outline stays the truth. A skim only vouches for a guide
//! whose every heading it can see — no setext headings, none in block
//! quotes or list items — and gives titles, slugs and lines equal to the outline's there
//! (a test holds it to that on every guide we have).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::block_lines::{
    atx, has_lone_cr, is_setext_underline, lines, opens_long_html_block, quoted_heading, Line,
};
use crate::links::slug;
use crate::model::{ItemKind, Span};
use crate::outline::classify;
use crate::parse::inline_plain;
use crate::terms::{skimmed_lead_ins, HeadingRef, SkimmedTerm};
use crate::text::LineIndex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkimHeading {
    pub level: u8,
    /// Part, section, Q&A… as the outline classifies the title.
    pub kind: ItemKind,
    /// Plain title, as the outline gives it.
    pub title: String,
    /// Its number (`4.3`, `Q5`, `Part 2`'s `2`), as the outline gives it.
    pub number: Option<String>,
    /// The anchor a link names it by (`-1`, `-2` for repeats), as
    /// [`crate::links::heading_slugs`] gives it.
    pub slug: String,
    /// The heading line, without its line break.
    pub span: Span,
}

#[derive(Debug)]
pub struct Skim {
    pub path: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    pub headings: Vec<SkimHeading>,
    /// Glossary lead-ins, scanned on first use (see [`Skim::terms`]).
    terms: OnceLock<Vec<SkimmedTerm>>,
    /// Every heading is an ATX heading outside block quotes, so the skim
    /// agrees with the parsed outline; otherwise it answers nothing.
    pub complete: bool,
}

impl Skim {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Skim {
        let (headings, complete) = scan(&text);
        Skim {
            path: path.into(),
            lines: LineIndex::new(&text),
            text,
            headings,
            terms: OnceLock::new(),
            complete,
        }
    }

    /// The glossary lead-ins the index will give as terms at the same
    /// places (see [`crate::terms::skimmed_lead_ins`]); empty unless
    /// `complete`. Scanned on first use, a few milliseconds, so that the
    /// headings are out first.
    pub fn terms(&self) -> &[SkimmedTerm] {
        self.terms.get_or_init(|| {
            if !self.complete {
                return Vec::new();
            }
            let refs: Vec<HeadingRef> = self
                .headings
                .iter()
                .map(|h| HeadingRef {
                    start: h.span.start,
                    kind: h.kind,
                    title: &h.title,
                    number: h.number.as_deref(),
                })
                .collect();
            skimmed_lead_ins(&self.text, &refs)
        })
    }

    /// The heading a link's `#fragment` names (case-insensitive), when the
    /// skim can vouch for it. Callers check [`Skim::complete`] before using
    /// `headings` themselves.
    pub fn heading_for_fragment(&self, fragment: &str) -> Option<&SkimHeading> {
        let want = fragment.trim().to_lowercase();
        if !self.complete || want.is_empty() {
            return None;
        }
        self.headings.iter().find(|h| h.slug == want)
    }
}

/// Headings in document order, and whether the scan saw them all.
fn scan(text: &str) -> (Vec<SkimHeading>, bool) {
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    // Lone carriage returns end lines for the parser but not for this scan.
    let mut complete = !has_lone_cr(text);
    let mut prev_blank = true;
    for Line {
        start,
        indent,
        body,
        fenced,
        html,
    } in lines(text)
    {
        if fenced {
            prev_blank = false;
            continue;
        }
        if indent < 4 {
            if let Some((level, content)) = atx(body) {
                // An indented heading may sit in a list item, and one in
                // an HTML block is none.
                if indent > 0 || html {
                    complete = false;
                }
                // tree-sitter-md reads an empty heading that ends the text
                // without a line break (`# `) as no heading at all.
                // Nor does it see a heading that is the whole text.
                let ends_text = !text[start..].contains('\n');
                if ends_text && (content.trim().is_empty() || start == 0) {
                    complete = false;
                }
                let title = inline_plain(content.trim().trim_end_matches('#').trim());
                let base = slug(&title);
                let n = seen.entry(base.clone()).or_insert(0);
                let slug = if *n == 0 { base } else { format!("{base}-{n}") };
                *n += 1;
                let (kind, number) = classify(&title, level, out.is_empty());
                out.push(SkimHeading {
                    level,
                    kind,
                    title,
                    number,
                    slug,
                    span: Span::new(start + indent, start + indent + body.trim_end().len()),
                });
                prev_blank = false;
                continue;
            }
            // A setext underline, a heading inside a block quote, or an
            // HTML block that may hide one: the scan would miss a heading,
            // so it vouches for none.
            if (!prev_blank && is_setext_underline(body))
                || quoted_heading(body)
                || opens_long_html_block(body)
            {
                complete = false;
            }
        }
        prev_blank = body.trim().is_empty();
    }
    (out, complete)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(s: &Skim) -> Vec<(u8, &str, &str)> {
        s.headings
            .iter()
            .map(|h| (h.level, h.title.as_str(), h.slug.as_str()))
            .collect()
    }

    #[test]
    fn atx_headings_outside_fences() {
        let text = "# Guide\n\nText.\n\n```md\n# not a heading\n```\n\n## 1.2 Tides — `ebb` ##\n\n#hashtag\n\n### Q1. Why?\n### Q1. Why?\n";
        let s = Skim::new("g.md", text.into());
        assert!(s.complete);
        assert_eq!(
            titles(&s),
            vec![
                (1, "Guide", "guide"),
                (2, "1.2 Tides — ebb", "12-tides--ebb"),
                (3, "Q1. Why?", "q1-why"),
                (3, "Q1. Why?", "q1-why-1"),
            ]
        );
        let h = s.heading_for_fragment("12-Tides--ebb").map(|h| h.span);
        assert_eq!(
            h.map(|sp| &text[sp.start..sp.end]),
            Some("## 1.2 Tides — `ebb` ##")
        );
        assert_eq!(s.headings[3].kind, ItemKind::Question);
    }

    #[test]
    fn setext_or_quoted_headings_make_it_vouch_for_nothing() {
        for text in ["# A\n\nTitle\n-----\n", "# A\n\n> ## Quoted\n"] {
            let s = Skim::new("g.md", text.into());
            assert!(!s.complete, "{text:?}");
            assert!(s.heading_for_fragment("a").is_none());
        }
        assert!(!Skim::new("g.md", "- item\n\n  ## In the item\n".into()).complete);
        assert!(!Skim::new("g.md", "<!--\n# hidden\n-->\n".into()).complete);
        assert!(!Skim::new("g.md", "# A\n\n## ".into()).complete);
        // A thematic break after a blank line is not a heading.
        assert!(Skim::new("g.md", "# A\n\ntext\n\n---\n".into()).complete);
    }
}
