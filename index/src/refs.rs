//! References to guide locations in free text — `§4.3`, `§1.9 Q4`,
//! `Part 4 Q5`, `Part 9`, `Q5`, `§10.2 Scenario 3` — and their resolution.

use crate::model::{Guide, ItemId, ItemKind, Span};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference {
    /// `4.3` in `§4.3`.
    pub section: Option<String>,
    /// `4` in `Part 4`.
    pub part: Option<String>,
    /// `5` in `Q5`.
    pub question: Option<String>,
    /// `3` in `Scenario 3`.
    pub scenario: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefMatch {
    pub span: Span,
    pub reference: Reference,
}

/// All references in `text`, in order.
pub fn find_refs(text: &str) -> Vec<RefMatch> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let boundary = i == 0 || !prev_char(text, i).is_alphanumeric();
        let mut found: Option<(usize, Reference)> = None;
        // `§4.3`, and the spelled-out `Section 4.3` (dotted numbers only, so
        // "section 2" in prose is not a reference).
        let marker = if rest.starts_with('§') {
            Some('§'.len_utf8())
        } else if boundary
            && (rest.starts_with("Section ") || rest.starts_with("section "))
            && dotted(&rest[8..]).contains('.')
        {
            Some(7)
        } else {
            None
        };
        if let Some(r) = marker.map(|m| &rest[m..]) {
            let r0 = r.trim_start_matches(' ');
            let num = dotted(r0);
            if !num.is_empty() {
                let mut len = (rest.len() - r.len()) + (r.len() - r0.len()) + num.len();
                let mut reference = Reference::default();
                if num.contains('.') {
                    reference.section = Some(num.to_string());
                } else {
                    reference.part = Some(num.to_string());
                }
                len += suffix(&text[i + len..], &mut reference);
                found = Some((len, reference));
            }
        } else if boundary && rest.starts_with("Part ") {
            let num = digits(&rest[5..]);
            if !num.is_empty() && end_ok(text, i + 5 + num.len()) {
                let mut reference = Reference {
                    part: Some(num.to_string()),
                    ..Default::default()
                };
                let mut len = 5 + num.len();
                len += suffix(&text[i + len..], &mut reference);
                found = Some((len, reference));
            }
        } else if boundary && (rest.starts_with('Q') || rest.starts_with("Scenario ")) {
            let mut reference = Reference::default();
            let len = suffix(rest, &mut reference);
            if len > 0 {
                found = Some((len, reference));
            }
        }
        match found {
            Some((len, reference)) => {
                out.push(RefMatch {
                    span: Span::new(i, i + len),
                    reference,
                });
                i += len;
            }
            None => {
                i += 1;
                while i < bytes.len() && !text.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    out
}

/// The reference covering byte `offset` of `text`.
pub fn ref_at(text: &str, offset: usize) -> Option<RefMatch> {
    find_refs(text)
        .into_iter()
        .find(|m| m.span.start <= offset && offset <= m.span.end)
}

fn prev_char(text: &str, i: usize) -> char {
    text[..i].chars().next_back().unwrap_or(' ')
}

fn end_ok(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn digits(s: &str) -> &str {
    let n = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    &s[..n]
}

/// `4.16` from `4.16 Q5`, without a trailing dot.
fn dotted(s: &str) -> &str {
    let n = s
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let d = s[..n].trim_end_matches('.');
    if d.starts_with('.') || d.contains("..") {
        ""
    } else {
        d
    }
}

/// Parses an optional ` Q5` / ` Scenario 3` after a section or part (or at
/// the start, for bare references); returns the bytes consumed.
fn suffix(s: &str, reference: &mut Reference) -> usize {
    let trimmed = s.trim_start_matches([' ', ',']);
    let skip = s.len() - trimmed.len();
    if skip > 2 {
        return 0;
    }
    if let Some(r) = trimmed.strip_prefix('Q') {
        let n = digits(r);
        if !n.is_empty() && end_ok(trimmed, 1 + n.len()) {
            reference.question = Some(n.to_string());
            return skip + 1 + n.len();
        }
    }
    if let Some(r) = trimmed.strip_prefix("Scenario ") {
        let n = digits(r);
        if !n.is_empty() && end_ok(trimmed, 9 + n.len()) {
            reference.scenario = Some(n.to_string());
            return skip + 9 + n.len();
        }
    }
    0
}

impl Guide {
    /// Resolves a reference to an outline item. A bare `Q5` resolves inside
    /// `context_part` (the part the reference appears in).
    pub fn resolve(&self, r: &Reference, context_part: Option<ItemId>) -> Option<ItemId> {
        let find = |kind: ItemKind, num: &str| {
            self.items
                .iter()
                .position(|it| it.kind == kind && it.number.as_deref() == Some(num))
        };
        let scope: Option<ItemId> = match (&r.section, &r.part) {
            (Some(s), _) => Some(find(ItemKind::Section, s)?),
            (None, Some(p)) => Some(find(ItemKind::Part, p)?),
            (None, None) => context_part,
        };
        let child = |kind: ItemKind, num: &str| -> Option<ItemId> {
            let scope_range = scope.map(|s| self.items[s].range);
            self.items.iter().position(|it| {
                it.kind == kind
                    && it.number.as_deref() == Some(num)
                    && scope_range
                        .is_none_or(|rg| rg.start <= it.range.start && it.range.end <= rg.end)
            })
        };
        match (&r.question, &r.scenario) {
            (Some(q), _) => {
                if scope.is_none() && r.section.is_none() && r.part.is_none() {
                    return None;
                }
                child(ItemKind::Question, q)
            }
            (None, Some(s)) => {
                scope?;
                child(ItemKind::Scenario, s)
            }
            (None, None) => scope,
        }
    }

    /// The part enclosing a byte offset of the guide text.
    pub fn part_at(&self, offset: usize) -> Option<ItemId> {
        self.item_at(offset).and_then(|i| self.items[i].part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<(String, Reference)> {
        find_refs(text)
            .into_iter()
            .map(|m| (text[m.span.start..m.span.end].to_string(), m.reference))
            .collect()
    }

    #[test]
    fn finds_reference_shapes() {
        let r = refs("See §4.3, §1.9 Q4 and Part 4 Q5; Part 9. Also Q5 and §10.2 Scenario 3.");
        let spans: Vec<&str> = r.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            spans,
            [
                "§4.3",
                "§1.9 Q4",
                "Part 4 Q5",
                "Part 9",
                "Q5",
                "§10.2 Scenario 3"
            ]
        );
        assert_eq!(r[1].1.section.as_deref(), Some("1.9"));
        assert_eq!(r[1].1.question.as_deref(), Some("4"));
        assert_eq!(r[2].1.part.as_deref(), Some("4"));
        let r = refs("Reread Section 2.8 Q4 and section 3.8, not section 2 or Section A.");
        let spans: Vec<&str> = r.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(spans, ["Section 2.8 Q4", "section 3.8"]);
        assert_eq!(r[0].1.section.as_deref(), Some("2.8"));
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(refs("Quorum, Particle 4, QA, FAQ5, Q5x").is_empty());
    }
}
