//! Markdown → flat block list, using tree-sitter-md's block grammar for
//! structure and its inline grammar for heading text.
//!
//! Extraction works on this list rather than the syntax tree so that the
//! term and outline passes stay simple and independent of grammar details.

use tree_sitter::{Node, Parser, Tree};

use crate::block_lines::{atx, has_lone_cr, lines, opens_long_html_block, Line};
use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// An ATX or setext heading of the given level.
    Heading(u8),
    Paragraph,
    /// A list item; `content` is its first paragraph without the marker.
    ListItem,
    Code,
    /// A pipe table; its cells are in `Block::cells`.
    Table,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block.
    pub span: Span,
    /// Its text content: heading text, paragraph text, list item's first paragraph.
    pub content: Span,
    /// Nesting depth inside lists and block quotes.
    pub depth: u8,
    /// Table rows (header first), each a list of cell spans; empty for other blocks.
    pub cells: Vec<Vec<Span>>,
}

/// Texts at least this long are parsed in two halves on two threads: the
/// block grammar is about three quarters of loading a guide.
const SPLIT_MIN: usize = 64 * 1024;

/// Parses markdown into blocks in document order. Never fails on malformed
/// input: tree-sitter recovers, and unparseable text degrades to paragraphs.
pub fn blocks(text: &str) -> Vec<Block> {
    if text.len() >= SPLIT_MIN {
        if let Some(blocks) = blocks_in_halves(text) {
            return blocks;
        }
    }
    blocks_whole(text)
}

/// The blocks of `text` parsed as two halves on two threads, cut at a
/// top-level heading near the middle that no block can run across (see
/// [`split_point`]); `None` when there is no such heading or no thread.
/// Equal to [`blocks_whole`] (a property test holds it to that).
pub fn blocks_in_halves(text: &str) -> Option<Vec<Block>> {
    let cut = split_point(text)?;
    let (a, b) = text.split_at(cut);
    let (left, right) = std::thread::scope(|s| {
        let right = std::thread::Builder::new()
            .name("gloss-parse".into())
            .spawn_scoped(s, || blocks_whole(b))
            .ok();
        let left = blocks_whole(a);
        (left, right.and_then(|h| h.join().ok()))
    });
    let mut out = left;
    out.extend(right?.into_iter().map(|blk| blk.shifted(cut)));
    Some(out)
}

/// A line start near the middle of `text` where an unindented ATX heading
/// begins outside any fence. Every open block ends before such a line, so
/// the halves parse as the whole does; one in an HTML block is part of it,
/// and an HTML block that ends only at a marker (`<!--`, `<pre`…) could run across it, so the scan stops at the
/// first one, and lone carriage returns (line ends this scan does not
/// see) rule a split out.
fn split_point(text: &str) -> Option<usize> {
    if has_lone_cr(text) {
        return None;
    }
    let mid = text.len() / 2;
    let mut before: Option<usize> = None;
    let unfenced = lines(text).filter(|l| !l.fenced);
    for Line {
        start,
        indent,
        body,
        html,
        ..
    } in unfenced
    {
        if indent < 4 && opens_long_html_block(body) {
            break;
        }
        // tree-sitter-md reads a text that is one heading line with no
        // line break as no heading at all: never cut to such a half.
        let last_line = !text[start..].contains('\n');
        if indent == 0 && start > 0 && !html && !last_line && atx(body).is_some() {
            if start >= mid {
                let after_is_closer = before.is_none_or(|b| start - mid < mid - b);
                return Some(if after_is_closer { start } else { before? });
            }
            before = Some(start);
        }
    }
    before
}

impl Block {
    fn shifted(self, by: usize) -> Block {
        let shift = |s: Span| Span::new(s.start + by, s.end + by);
        Block {
            span: shift(self.span),
            content: shift(self.content),
            cells: self
                .cells
                .into_iter()
                .map(|row| row.into_iter().map(shift).collect())
                .collect(),
            ..self
        }
    }
}

/// The blocks of `text` from one parse of the whole.
pub fn blocks_whole(text: &str) -> Vec<Block> {
    let Some(tree) = parse_tree(text, &tree_sitter_md::LANGUAGE.into()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(tree.root_node(), text, 0, &mut out);
    out
}

fn parse_tree(text: &str, language: &tree_sitter::Language) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(language).ok()?;
    parser.parse(text, None)
}

fn span(node: Node) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

fn walk(node: Node, text: &str, depth: u8, out: &mut Vec<Block>) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "section" | "document" => walk(child, text, depth, out),
            "list" => walk(child, text, depth + 1, out),
            "block_quote" => walk(child, text, depth + 1, out),
            "atx_heading" | "setext_heading" => out.push(heading(child)),
            "paragraph" => out.push(Block {
                kind: BlockKind::Paragraph,
                span: span(child),
                content: trim_span(text, span(child)),
                depth,
                cells: Vec::new(),
            }),
            "list_item" => {
                let content = first_child_of_kind(child, "paragraph")
                    .map(|p| trim_span(text, span(p)))
                    .unwrap_or_else(|| Span::new(child.end_byte(), child.end_byte()));
                out.push(Block {
                    kind: BlockKind::ListItem,
                    span: span(child),
                    content,
                    depth,
                    cells: Vec::new(),
                });
                // Nested lists and later paragraphs inside the item.
                let mut c = child.walk();
                for grand in child.children(&mut c) {
                    match grand.kind() {
                        "list" => walk_single(grand, text, depth + 1, out),
                        "block_quote" => walk(grand, text, depth + 1, out),
                        _ => {}
                    }
                }
            }
            "fenced_code_block" | "indented_code_block" => out.push(Block {
                kind: BlockKind::Code,
                span: span(child),
                content: span(child),
                depth,
                cells: Vec::new(),
            }),
            "pipe_table" => out.push(table(child, depth)),
            _ => {
                if child.is_named() && child.child_count() > 0 && child.kind() != "html_block" {
                    walk(child, text, depth, out);
                }
            }
        }
    }
}

fn walk_single(list: Node, text: &str, depth: u8, out: &mut Vec<Block>) {
    walk(list, text, depth, out)
}

fn first_child_of_kind<'a>(node: Node<'a>, kind: &str) -> Option<Node<'a>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|c| c.kind() == kind);
    found
}

fn heading(node: Node) -> Block {
    let mut level = 1u8;
    let mut content = Span::new(node.end_byte(), node.end_byte());
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        let kind = child.kind();
        if let Some(n) = kind
            .strip_prefix("atx_h")
            .and_then(|r| r.strip_suffix("_marker"))
        {
            level = n.parse().unwrap_or(1);
        } else if kind == "setext_h2_underline" {
            level = 2;
        } else if kind == "inline" || kind == "paragraph" {
            content = span(child);
        }
    }
    Block {
        kind: BlockKind::Heading(level),
        span: span(node),
        content,
        depth: 0,
        cells: Vec::new(),
    }
}

fn table(node: Node, depth: u8) -> Block {
    let mut rows = Vec::new();
    let mut cursor = node.walk();
    for row in node.children(&mut cursor) {
        if row.kind() != "pipe_table_header" && row.kind() != "pipe_table_row" {
            continue;
        }
        let mut c = row.walk();
        let cells: Vec<Span> = row
            .children(&mut c)
            .filter(|cell| cell.kind() == "pipe_table_cell")
            .map(span)
            .collect();
        rows.push(cells);
    }
    Block {
        kind: BlockKind::Table,
        span: span(node),
        content: span(node),
        depth,
        cells: rows,
    }
}

fn trim_span(text: &str, s: Span) -> Span {
    let raw = text.get(s.start..s.end).unwrap_or("");
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    Span::new(s.start + lead, s.start + lead + trimmed.len())
}

/// Plain text of an inline markdown fragment (heading or term name): parsed
/// with the inline grammar, dropping emphasis and code-span delimiters and
/// link destinations.
pub fn inline_plain(fragment: &str) -> String {
    const MARKUP: [char; 6] = ['*', '_', '`', '[', '<', '\\'];
    if !fragment.contains(MARKUP) {
        return fragment.trim().to_string();
    }
    // `**Name**`, the usual glossary head: strong emphasis around plain
    // text, without a parse.
    let t = fragment.trim();
    if let Some(inner) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
        let flanked =
            !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace);
        if flanked && !inner.is_empty() && !inner.contains(MARKUP) {
            return crate::text::squash_whitespace(inner);
        }
    }
    inline_plain_parsed(fragment)
}

fn inline_plain_parsed(fragment: &str) -> String {
    let Some(tree) = parse_tree(fragment, &tree_sitter_md::INLINE_LANGUAGE.into()) else {
        return fragment.trim().to_string();
    };
    let mut out = String::with_capacity(fragment.len());
    let mut last = 0;
    collect_plain(tree.root_node(), fragment, &mut last, &mut out);
    out.push_str(&fragment[last.min(fragment.len())..]);
    crate::text::squash_whitespace(&out)
}

/// Copies text up to each dropped node, skipping the node itself.
fn collect_plain(node: Node, src: &str, last: &mut usize, out: &mut String) {
    let drop = matches!(
        node.kind(),
        "emphasis_delimiter"
            | "code_span_delimiter"
            | "link_destination"
            | "link_title"
            | "backslash_escape_marker"
    );
    if drop {
        if node.start_byte() >= *last {
            out.push_str(&src[*last..node.start_byte()]);
            *last = node.end_byte();
        }
        return;
    }
    if matches!(node.kind(), "inline_link" | "full_reference_link") {
        // Keep only the link text.
        if let Some(text) = first_child_of_kind(node, "link_text") {
            if node.start_byte() >= *last {
                out.push_str(&src[*last..node.start_byte()]);
                out.push_str(&src[text.start_byte()..text.end_byte()]);
                *last = node.end_byte();
            }
            return;
        }
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_plain(child, src, last, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_a_small_guide() {
        let text = "# T\n\n## Part 1 — A\n\n- Foo — a bar.\n  - nested: x\n\n```\n# not a heading\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
        let b = blocks(text);
        let kinds: Vec<_> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Heading(2),
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Code,
                BlockKind::Table
            ]
        );
        assert_eq!(
            &text[b[1].content.start..b[1].content.end].trim(),
            &"Part 1 — A"
        );
        assert_eq!(&text[b[2].content.start..b[2].content.end], "Foo — a bar.");
        assert_eq!(b[3].depth, 2);
        assert_eq!(b[5].cells.len(), 2);
    }

    #[test]
    fn inline_plain_strips_markup() {
        assert_eq!(inline_plain("**ISR** and `acks=all`"), "ISR and acks=all");
        assert_eq!(inline_plain("see [the docs](http://x)"), "see the docs");
        assert_eq!(inline_plain("plain"), "plain");
        assert_eq!(
            inline_plain(" **Bloom  filter (BF)** "),
            "Bloom filter (BF)"
        );
        // The shortcut for `**Name**` gives what the parse gives.
        let names = [
            "ISR (In-Sync Replicas)",
            "Read  repair",
            "Área-51",
            "x",
            "a - b",
            "2PC",
            "C++ & Go",
            "(x)",
        ];
        for n in names {
            for f in [
                format!("**{n}**"),
                format!(" **{n}** "),
                format!("** {n}**"),
                format!("**{n} **"),
            ] {
                assert_eq!(inline_plain(&f), inline_plain_parsed(&f), "{f:?}");
            }
        }
    }

    #[test]
    fn malformed_input_does_not_panic() {
        for t in [
            "",
            "```\nunterminated",
            "#",
            "####### too deep",
            "| a |\n|-",
            "\u{0}\u{1}",
        ] {
            let _ = blocks(t);
        }
    }
}
