//! Inline markdown links (`[text](../guide.md#4-3-replication)`) and the
//! GitHub-style heading slugs their fragments name, so a link into a guide
//! can be followed to the file or to the heading it points at.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::model::{Guide, ItemId};

/// An inline link found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte span of the whole link, `[` to `)`.
    pub span: Range<usize>,
    /// The destination's path part, percent-decoded (may be empty for `#frag`).
    pub path: String,
    /// The destination's fragment, percent-decoded, without `#`.
    pub fragment: Option<String>,
}

impl Link {
    /// True for destinations with a scheme (`https:`, `mailto:`), which name no local file.
    pub fn is_external(&self) -> bool {
        let p = &self.path;
        match p.find(':') {
            // `C:\…` style drive letters are one letter long.
            Some(i) => {
                i > 1
                    && p[..i]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            }
            None => false,
        }
    }
}

/// The inline link covering byte `offset` of `line`, if any.
pub fn link_at(line: &str, offset: usize) -> Option<Link> {
    links(line)
        .into_iter()
        .find(|l| l.span.start <= offset && offset < l.span.end)
}

/// All inline links of a line, left to right (images and reference-style
/// links are not followed).
pub fn links(line: &str) -> Vec<Link> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(rel) = line[from..].find("](") {
        let close = from + rel;
        let dest_start = close + 2;
        from = dest_start;
        let Some(open) = matching_open(bytes, close) else {
            continue;
        };
        if open > 0 && bytes[open - 1] == b'!' {
            continue;
        }
        let Some((dest, end)) = destination(line, dest_start) else {
            continue;
        };
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        out.push(Link {
            span: open..end,
            path: percent_decode(path),
            fragment,
        });
        from = end;
    }
    out
}

/// The `[` that the `]` at `close` ends, allowing nested brackets.
fn matching_open(bytes: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    for i in (0..close).rev() {
        match bytes[i] {
            b']' => depth += 1,
            b'[' if depth == 0 => return Some(i),
            b'[' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Parses `dest [title])` starting at `at` (just after `](`); returns the
/// destination and the byte after the closing `)`.
fn destination(line: &str, at: usize) -> Option<(&str, usize)> {
    let rest = &line[at..];
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    let (dest, after) = if let Some(inner) = trimmed.strip_prefix('<') {
        let end = inner.find('>')?;
        (&inner[..end], at + lead + 1 + end + 1)
    } else {
        // Up to whitespace or the `)` that balances the link's `(`.
        let mut depth = 0usize;
        let mut end = trimmed.len();
        for (i, c) in trimmed.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = i;
                    break;
                }
                ')' => depth -= 1,
                c if c.is_whitespace() => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        (&trimmed[..end], at + lead + end)
    };
    // An optional title, then `)`.
    let tail = &line[after..];
    let close = if tail.trim_start().starts_with(')') {
        after + (tail.len() - tail.trim_start().len())
    } else {
        let t = tail.trim_start();
        let quote = t.chars().next().filter(|c| matches!(c, '"' | '\'' | '('))?;
        let closing = if quote == '(' { ')' } else { quote };
        let body_start = after + (tail.len() - t.len()) + 1;
        let body_end = body_start + line[body_start..].find(closing)?;
        let rest = &line[body_end + 1..];
        let gap = rest.len() - rest.trim_start().len();
        if !rest.trim_start().starts_with(')') {
            return None;
        }
        body_end + 1 + gap
    };
    Some((dest, close + 1))
}

/// Decodes `%XX` escapes (as UTF-8); malformed escapes stay as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The anchor GitHub (and most markdown previewers) give a heading: lower
/// case, punctuation dropped, spaces to hyphens. `4.3 Replication — ISR`
/// → `43-replication--isr`.
pub fn slug(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Each outline item's anchor, in item order: its slug, with GitHub's
/// `-1`, `-2` suffixes for repeated headings.
pub fn heading_slugs(guide: &Guide) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    guide
        .items
        .iter()
        .map(|it| {
            let base = slug(&it.title);
            let n = seen.entry(base.clone()).or_insert(0);
            let s = if *n == 0 { base } else { format!("{base}-{n}") };
            *n += 1;
            s
        })
        .collect()
}

/// The guide heading a fragment names (case-insensitive).
pub fn item_for_fragment(guide: &Guide, fragment: &str) -> Option<ItemId> {
    let want = fragment.trim().to_lowercase();
    if want.is_empty() {
        return None;
    }
    heading_slugs(guide).iter().position(|s| *s == want)
}

/// `path` with `.` and `..` folded away, without touching the file system
/// (the link's target may name a guide through a path that does not exist
/// as written, e.g. `notes/../guides/g.md`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The file a link's path names, relative to the directory of the file it
/// appears in; `None` for fragment-only and external links.
pub fn resolve(link: &Link, from_file: &Path) -> Option<PathBuf> {
    if link.path.is_empty() || link.is_external() {
        return None;
    }
    let p = Path::new(&link.path);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        from_file.parent()?.join(p)
    };
    Some(normalize(&joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_with_titles_angles_and_nesting() {
        let line = "see [a [b] c](../g.md#x \"t\") and ![img](p.png) and [q](<my file.md>) end";
        let ls = links(line);
        assert_eq!(ls.len(), 2, "{ls:?}");
        assert_eq!(ls[0].path, "../g.md");
        assert_eq!(ls[0].fragment.as_deref(), Some("x"));
        assert_eq!(&line[ls[0].span.clone()], "[a [b] c](../g.md#x \"t\")");
        assert_eq!(ls[1].path, "my file.md");
        assert!(link_at(line, line.find("g.md").unwrap()).is_some());
        assert!(link_at(line, line.find("and").unwrap()).is_none());
        assert!(link_at(line, line.find("img").unwrap()).is_none());
    }

    #[test]
    fn unclosed_and_odd_links_are_ignored() {
        assert!(links("a ](b.md) c").is_empty());
        assert!(links("[a](b.md").is_empty());
        assert!(links("[a](b.md \"unterminated)").is_empty());
        assert_eq!(links("[a](b_(1).md)")[0].path, "b_(1).md");
        assert_eq!(links("[a](%C3%A9t%C3%A9%2.md)")[0].path, "été%2.md");
        assert!(links("[w](https://x.org/a.md)")[0].is_external());
        assert!(!links("[w](C:/g.md)")[0].is_external());
    }

    #[test]
    fn slugs_like_github() {
        assert_eq!(slug("4.3 Replication — ISR"), "43-replication--isr");
        assert_eq!(slug("Q5. Why `fsync`?"), "q5-why-fsync");
        assert_eq!(slug("Part 2 — Über_cache"), "part-2--über_cache");
    }

    #[test]
    fn resolves_relative_paths_lexically() {
        let l = &links("[x](../guides/./g.md#a)")[0];
        assert_eq!(
            resolve(l, Path::new("/w/notes/n.md")),
            Some(PathBuf::from("/w/guides/g.md"))
        );
        assert_eq!(resolve(&links("[x](#a)")[0], Path::new("/w/n.md")), None);
    }
}
