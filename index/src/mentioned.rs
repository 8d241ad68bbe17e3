//! Identifiers the guide mentions but never defines (`enable.idempotence`,
//! `trace_id`, `commitSync()`): finding one at a cursor, and the guide
//! passages that explain it best.
//!
//! Only identifier-shaped tokens qualify, so plain words never fire: dotted
//! or snake_case names, camelCase, ALL_CAPS, the key of `key=value`, or a
//! bare word the guide itself writes in backticks. Passages are the guide
//! lines that contain the identifier, ranked by where they sit (a heading
//! naming it, prose that explains it, a code line that only sets it) and
//! by how well their item ranks in the guide's search index for it.

use std::collections::HashMap;

use crate::library::{GuideId, Library};
use crate::model::{Guide, ItemId, Span};
use crate::search::KindFilter;
use crate::text::truncate;

/// Longest identifier considered, in bytes.
const MAX_IDENT: usize = 80;
/// Longest excerpt shown per passage, in bytes.
const MAX_EXCERPT: usize = 320;
/// Items of the search ranking that lend a passage their rank.
const SEARCH_POOL: usize = 10;

/// An identifier at a cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// What the guide is searched for (`enable.idempotence`).
    pub text: String,
    /// Byte range of `text` in the line.
    pub span: Span,
    /// Written in a code span (`` `…` ``).
    pub quoted: bool,
}

/// A guide line that mentions an identifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub item: ItemId,
    /// 0-based guide line.
    pub line: u32,
    /// The sentence(s) around the mention, markdown as the guide writes it.
    pub excerpt: String,
    /// A line of a code block rather than prose.
    pub code: bool,
    pub score: f32,
}

/// An identifier and the best passages about it, across guides.
#[derive(Debug, Clone)]
pub struct Mentioned {
    pub ident: Identifier,
    pub passages: Vec<(GuideId, Passage)>,
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// The identifier covering byte `offset` of `line`, if it has an
/// identifier's shape (see the module doc). Bare lowercase words in
/// backticks are returned with `quoted` set; [`Library::mentioned_at`]
/// keeps them only when the guide also writes them as code.
pub fn identifier_at(line: &str, offset: usize) -> Option<Identifier> {
    if offset > line.len() || !line.is_char_boundary(offset) {
        return None;
    }
    let quoted = code_span_at(line, offset);
    // The run of identifier characters around the cursor.
    let start = line[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| ident_char(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = line[offset..]
        .char_indices()
        .find(|&(_, c)| !ident_char(c))
        .map_or(line.len(), |(i, _)| offset + i);
    // Sentence punctuation and list dashes at the ends are not part of it.
    let raw = &line[start..end];
    let lead = raw.len() - raw.trim_start_matches(['.', '-']).len();
    let core = raw.trim_matches(['.', '-']);
    let start = start + lead;
    let end = start + core.len();
    if core.len() < 2 || core.len() > MAX_IDENT || !core.chars().any(char::is_alphabetic) {
        return None;
    }
    if offset < start || offset > end {
        return None;
    }
    let followed_by_call = line[end..].starts_with("()");
    let assigned =
        line[end..].trim_start().starts_with('=') && !line[end..].trim_start().starts_with("==");
    let shaped = structured(core) || followed_by_call || (quoted && assigned);
    if !(shaped || quoted && plain_word(core)) {
        return None;
    }
    Some(Identifier {
        text: core.to_string(),
        span: Span::new(start, end),
        quoted,
    })
}

/// Dotted (`replication.factor`), snake (`trace_id`), camel
/// (`commitSync`), ALL_CAPS or digit-bearing (`payments.v1`) shapes.
fn structured(s: &str) -> bool {
    let segments: Vec<&str> = s.split(['.', '_']).collect();
    let dotted = segments.len() >= 2
        && segments.iter().filter(|p| p.chars().count() >= 2).count() >= 2
        && segments
            .first()
            .and_then(|p| p.chars().next())
            .is_some_and(char::is_alphabetic);
    let mut chars = s.chars();
    let first_lower = chars.next().is_some_and(char::is_lowercase);
    let camel = first_lower && chars.any(char::is_uppercase);
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase()) && s.contains('_');
    // `records-lag-max` is an identifier in code, but prose hyphenates words.
    dotted || camel || caps
}

/// A bare word (`outbox`, `acks`, `BOQNAME`): an identifier only when quoted.
fn plain_word(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `offset` is inside a `` `code span` `` of the line.
fn code_span_at(line: &str, offset: usize) -> bool {
    let ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| i).collect();
    ticks
        .chunks_exact(2)
        .any(|p| p[0] < offset && offset <= p[1])
}

/// Byte ranges of fenced code blocks in `text`.
fn fences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            match open.take() {
                Some(s) => out.push(Span::new(s, at + line.len())),
                None => open = Some(at),
            }
        }
        at += line.len();
    }
    if let Some(s) = open {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// Start offsets of whole-identifier occurrences of `ident` in `text`:
/// `group.id` is not found inside `consumer.group.id` or `group.idle`.
fn occurrences(text: &str, ident: &str) -> Vec<usize> {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(ident)
        .filter(|&(at, _)| {
            let before = text[..at].chars().next_back();
            let after = &text[at + ident.len()..];
            let mut next = after.chars();
            let a = next.next();
            let dotted_on = a == Some('.') && glued(next.next());
            !glued(before) && before != Some('.') && !glued(a) && !dotted_on
        })
        .map(|(at, _)| at)
        .collect()
}

/// Passages of one guide mentioning `ident`, best first, at most one per
/// item. `rank` lends each item its position in a search for the identifier.
pub fn passages(
    guide: &Guide,
    ident: &str,
    rank: &HashMap<ItemId, usize>,
    max: usize,
) -> Vec<Passage> {
    let text = guide.text.as_str();
    let found = occurrences(text, ident);
    if found.is_empty() {
        return Vec::new();
    }
    let code = fences(text);
    let mut best: HashMap<ItemId, Passage> = HashMap::new();
    for at in found {
        let Some(item) = guide.item_at(at) else {
            continue;
        };
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line_text = &text[line_start..line_end];
        let in_code = code.iter().any(|s| s.contains(at));
        let heading = !in_code && line_text.starts_with('#');
        let mut score = if heading {
            3.0
        } else if in_code {
            0.5
        } else {
            2.0
        };
        let after = text[at + ident.len()..line_end].trim_start_matches(['`', '*']);
        // `X — …`, `X: …`, `X (…)`: the line goes on to say what X is.
        if !in_code
            && [" —", ":", " (", " –", " - "]
                .iter()
                .any(|p| after.starts_with(p))
        {
            score += 1.0;
        }
        if guide
            .items
            .get(item)
            .is_some_and(|it| !occurrences(guide.slice(it.heading), ident).is_empty())
        {
            score += 2.0;
        }
        if let Some(&r) = rank.get(&item) {
            score += 1.5 / (1.0 + r as f32);
        }
        if line_text.trim().len() < 40 {
            score -= 0.5;
        }
        let excerpt = if in_code {
            line_text.trim().to_string()
        } else {
            excerpt(line_text, at - line_start, ident.len())
        };
        let passage = Passage {
            item,
            line: guide.lines.line_of(at),
            excerpt,
            code: in_code,
            score,
        };
        if best.get(&item).is_none_or(|p| p.score < passage.score) {
            best.insert(item, passage);
        }
    }
    let mut out: Vec<Passage> = best.into_values().collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.line.cmp(&b.line)));
    out.truncate(max);
    out
}

/// The sentence holding the mention at `at..at+len` of `line`, with its
/// neighbours while they fit, list markers and heading marks removed.
fn excerpt(line: &str, at: usize, len: usize) -> String {
    let body_start = line.len() - line.trim_start_matches(['#', '-', '*', ' ', '>']).len();
    let body = &line[body_start..];
    let at = at.saturating_sub(body_start);
    // Sentence boundaries: `. ` followed by an uppercase letter or a backtick.
    let mut bounds = vec![0];
    for (i, _) in body.match_indices(". ") {
        let next = body[i + 2..].chars().next();
        if next.is_some_and(|c| c.is_uppercase() || c == '`') {
            bounds.push(i + 2);
        }
    }
    bounds.push(body.len());
    let k = bounds
        .windows(2)
        .position(|w| w[0] <= at && at < w[1])
        .unwrap_or(0);
    let (mut lo, mut hi) = (k, k + 1);
    // Grow by whole sentences, following sentence first.
    loop {
        let grown = if hi + 1 < bounds.len() && bounds[hi + 1] - bounds[lo] <= MAX_EXCERPT {
            hi += 1;
            true
        } else if lo > 0 && bounds[hi] - bounds[lo - 1] <= MAX_EXCERPT {
            lo -= 1;
            true
        } else {
            false
        };
        if !grown {
            break;
        }
    }
    let (s, e) = (bounds[lo], bounds[hi]);
    let mut out = String::new();
    if s > 0 {
        out.push('…');
    }
    if e - s > MAX_EXCERPT {
        // One very long sentence: keep the part around the mention.
        let from = floor(body, (at + len / 2).saturating_sub(MAX_EXCERPT / 2).max(s));
        let cut = truncate(&body[from..e], MAX_EXCERPT);
        if from > s && s == 0 {
            out.push('…');
        }
        out.push_str(cut.trim());
        if !cut.ends_with('…') && e < body.len() {
            out.push('…');
        }
    } else {
        out.push_str(body[s..e].trim());
        if e < body.len() {
            out.push('…');
        }
    }
    out
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Library {
    /// The identifier at `offset` of `line` and the guide passages that
    /// explain it best (at most `max`), or `None` when it is not an
    /// identifier or no guide mentions it.
    pub fn mentioned_at(&self, line: &str, offset: usize, max: usize) -> Option<Mentioned> {
        let ident = identifier_at(line, offset)?;
        let mut all: Vec<(GuideId, Passage)> = Vec::new();
        for (gid, g) in self.guides.iter().enumerate() {
            let text = &g.guide.text;
            if !text.contains(&ident.text) {
                continue;
            }
            // A bare word counts only when this guide writes it as code too.
            if !structured(&ident.text)
                && !text.contains(&format!("`{}`", ident.text))
                && !text.contains(&format!("`{}=", ident.text))
            {
                continue;
            }
            let query = ident.text.replace(['.', '_', '-'], " ");
            let rank: HashMap<ItemId, usize> = g
                .search()
                .and_then(|s| s.search(&g.guide, &query, KindFilter::Any, SEARCH_POOL))
                .unwrap_or_default()
                .into_iter()
                .filter(|h| h.term.is_none())
                .enumerate()
                .map(|(r, h)| (h.item, r))
                .collect();
            all.extend(
                passages(&g.guide, &ident.text, &rank, max)
                    .into_iter()
                    .map(|p| (gid, p)),
            );
        }
        if all.is_empty() {
            return None;
        }
        all.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
        all.truncate(max);
        Some(Mentioned {
            ident,
            passages: all,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: &str, marker: &str) -> Option<String> {
        let i = line.find(marker).expect("marker") + 1;
        identifier_at(line, i).map(|m| m.text)
    }

    #[test]
    fn identifier_shapes() {
        let l = "Set `cache.max_entries=500` and raise edge.stale.window too.";
        assert_eq!(at(l, "max_entries").as_deref(), Some("cache.max_entries"));
        assert_eq!(at(l, "stale").as_deref(), Some("edge.stale.window"));
        assert_eq!(
            at("call flushAll() first", "flush").as_deref(),
            Some("flushAll")
        );
        assert_eq!(at("the purge() call", "purge").as_deref(), Some("purge"));
        assert_eq!(
            at("tag each with req_id here", "req").as_deref(),
            Some("req_id")
        );
        assert_eq!(
            at("use `ttlSeconds` now", "ttl").as_deref(),
            Some("ttlSeconds")
        );
        assert_eq!(at("set `warm` first", "warm").as_deref(), Some("warm"));
        // Plain prose: no identifiers.
        assert_eq!(at("the cache warms up. Then it serves", "warms"), None);
        assert_eq!(at("a stale-while-revalidate copy", "while"), None);
        assert_eq!(at("it works, e.g. here", "e.g"), None);
        assert_eq!(at("version 3.5 ships", "3.5"), None);
    }

    #[test]
    fn whole_identifier_occurrences() {
        let t = "group.id and consumer.group.id and group.idle and `group.id=x`.";
        assert_eq!(occurrences(t, "group.id"), vec![0, 51]);
    }

    #[test]
    fn passages_prefer_explaining_prose() {
        let text = "## Part 1 — Edge\n\n### 1.1 Settings\n\n\
```ini\nedge.stale.window = 30\n```\n\n\
Raising `edge.stale.window` lets the edge keep serving an expired copy while it refetches. That hides origin hiccups from readers.\n\n\
### 1.2 Other\n\nSee edge.stale.window.\n";
        let g = Guide::parse("g.md", text.to_string());
        let ps = passages(&g, "edge.stale.window", &HashMap::new(), 2);
        assert_eq!(ps.len(), 2);
        assert!(!ps[0].code, "{ps:?}");
        assert!(
            ps[0].excerpt.starts_with("Raising `edge.stale.window`"),
            "{ps:?}"
        );
        assert!(ps[0].excerpt.contains("hides origin hiccups"), "{ps:?}");
        assert!(passages(&g, "edge.stale", &HashMap::new(), 2).is_empty());
    }

    #[test]
    fn long_sentences_are_cut_around_the_mention() {
        let filler = "word ".repeat(120);
        let line = format!("{filler}the `a.b` knob {filler}");
        let at = line.find("a.b").unwrap();
        let ex = excerpt(&line, at, 3);
        assert!(ex.contains("`a.b` knob"), "{ex}");
        assert!(ex.len() <= MAX_EXCERPT + 8, "{}", ex.len());
    }
}
