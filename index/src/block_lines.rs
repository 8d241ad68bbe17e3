//! Line-level recognisers of markdown block starts (ATX headings, code
//! fences, HTML blocks, setext underlines), for the scans that must not
//! wait for a parse: the heading skim and the parser's split points.
//! CommonMark's rules, restricted to what those scans need.

/// `## Title` → (2, " Title"): one to six `#`, then a space, a tab or the
/// line end. `body` starts after the line's indentation.
pub fn atx(body: &str) -> Option<(u8, &str)> {
    let hashes = body.len() - body.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &body[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((hashes as u8, rest))
}

/// Tracks fenced code blocks line by line.
#[derive(Debug, Default)]
struct Fences {
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Feeds one line (its indentation in spaces, and the rest); true when
    /// the line belongs to a fenced block (its fences included).
    fn step(&mut self, indent: usize, body: &str) -> bool {
        if let Some((ch, len)) = self.open {
            if indent < 4 && closes_fence(body, ch, len) {
                self.open = None;
            }
            return true;
        }
        if indent < 4 {
            if let Some(open) = opens_fence(body) {
                self.open = Some(open);
                return true;
            }
        }
        false
    }
}

fn opens_fence(body: &str) -> Option<(u8, usize)> {
    let ch = *body.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = body.len() - body.trim_start_matches(ch as char).len();
    // A backtick fence's info string may not contain a backtick.
    let info_ok = ch == b'~' || !body[len..].contains('`');
    (len >= 3 && info_ok).then_some((ch, len))
}

fn closes_fence(body: &str, ch: u8, len: usize) -> bool {
    let run = body.len() - body.trim_start_matches(ch as char).len();
    run >= len && body[run..].trim().is_empty()
}

/// A line of only `=` or only `-`: a setext underline after paragraph text.
pub fn is_setext_underline(body: &str) -> bool {
    let t = body.trim_end();
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

/// An ATX heading inside one or more `>` block quotes.
pub fn quoted_heading(body: &str) -> bool {
    let mut rest = body;
    let mut quoted = false;
    while let Some(r) = rest.strip_prefix('>') {
        quoted = true;
        rest = r.trim_start();
    }
    quoted && atx(rest).is_some()
}

/// The start of an HTML block that runs to an end marker rather than a
/// blank line (CommonMark types 1–5: `<pre`, `<script`, `<style`,
/// `<textarea`, `<!--`, `<?`, `<!X`, `<![CDATA[`): it can hide headings.
pub fn opens_long_html_block(body: &str) -> bool {
    let Some(rest) = body.strip_prefix('<') else {
        return false;
    };
    if rest.starts_with(['?', '!']) {
        return true;
    }
    let lower = rest.get(..9).unwrap_or(rest).to_ascii_lowercase();
    ["pre", "script", "style", "textarea"].iter().any(|tag| {
        lower.starts_with(tag)
            && lower[tag.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == '>' || c.is_whitespace())
    })
}

/// One line of a markdown text, for the scans above.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Byte offset of the line in the text.
    pub start: usize,
    /// Leading spaces.
    pub indent: usize,
    /// The line after its indentation, without its line end.
    pub body: &'a str,
    /// Inside a fenced code block, or one of its fences.
    pub fenced: bool,
    /// Perhaps inside an HTML block that runs to a blank line: from a line
    /// opening with `<` to the next blank line (an over-approximation: some
    /// such lines are paragraphs).
    pub html: bool,
}

/// The lines of `text` split at `\n`, each marked fenced or not, and
/// perhaps in an HTML block or not.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> + '_ {
    let mut fences = Fences::default();
    let mut in_html = false;
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let indent = indent_of(line);
        let body = &line[indent..];
        let fenced = fences.step(indent, body);
        if body.trim().is_empty() {
            in_html = false;
        } else if !fenced && indent < 4 && body.starts_with('<') {
            in_html = true;
        }
        Line {
            start,
            indent,
            body,
            fenced,
            html: in_html && !fenced,
        }
    })
}

/// A carriage return not followed by a line feed: a line end for the
/// parser that [`lines`] does not see.
pub fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// Leading spaces of a line (tabs count as too deep for these scans).
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognisers() {
        assert_eq!(atx("## T"), Some((2, " T")));
        assert_eq!(atx("#"), Some((1, "")));
        assert_eq!(atx("#tag"), None);
        assert_eq!(atx("####### seven"), None);
        let mut f = Fences::default();
        let inside: Vec<bool> = ["a", "```rs", "# x", "~~~", "````", "# y"]
            .iter()
            .map(|l| f.step(0, l))
            .collect();
        assert_eq!(inside, [false, true, true, true, true, false]);
        assert!(is_setext_underline("---") && !is_setext_underline("- a"));
        assert!(quoted_heading("> > ## q") && !quoted_heading("> text"));
        for yes in [
            "<!-- c",
            "<?php",
            "<!DOCTYPE",
            "<pre>",
            "<script src=x>",
            "<STYLE",
        ] {
            assert!(opens_long_html_block(yes), "{yes}");
        }
        for no in ["<div>", "<prefix>", "<b>", "a <!--"] {
            assert!(!opens_long_html_block(no), "{no}");
        }
    }
}
