//! What gets embedded: each Q&A as its question plus model answer, each
//! section, scenario and other heading with its text, and each term with
//! its definition. Long bodies are split into passages of about
//! [`PASSAGE_WORDS`] words (all-MiniLM-L6-v2 was trained on short texts);
//! every passage starts with its item's title, and an item scores by its
//! best passage.

use serde::{Deserialize, Serialize};

use crate::model::{Guide, ItemId, ItemKind, TermId};

/// Words per passage: ~130 wordpieces, under the 128–256 the model handles well.
pub const PASSAGE_WORDS: usize = 100;
/// Words of a term's definition that are embedded.
const TERM_WORDS: usize = 60;

/// What a passage stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    Item(ItemId),
    Term(TermId),
}

/// One text to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub target: Target,
    pub text: String,
}

/// Every passage of the guide, in guide order (items, then terms).
pub fn passages(guide: &Guide) -> Vec<Passage> {
    let mut out = Vec::new();
    for (id, it) in guide.items.iter().enumerate() {
        if it.kind == ItemKind::Title {
            continue;
        }
        let title = plain(crate::outline::strip_number(it));
        let body = guide.item_body(id);
        let chunks = split_passages(body, PASSAGE_WORDS);
        if chunks.is_empty() {
            if !title.is_empty() {
                out.push(Passage {
                    target: Target::Item(id),
                    text: title.clone(),
                });
            }
            continue;
        }
        for chunk in chunks {
            out.push(Passage {
                target: Target::Item(id),
                text: format!("{title}\n{chunk}"),
            });
        }
    }
    for (tid, t) in guide.terms.iter().enumerate() {
        let name = if t.aliases.is_empty() {
            t.name.clone()
        } else {
            format!("{} ({})", t.name, t.aliases.join(", "))
        };
        let def = plain(&t.definition);
        let def: Vec<&str> = def.split_whitespace().take(TERM_WORDS).collect();
        out.push(Passage {
            target: Target::Term(tid),
            text: format!("{name}: {}", def.join(" ")),
        });
    }
    out
}

/// Splits text into passages of at most `max_words` words: whole
/// paragraphs where they fit, else sentences, else a hard cut. Markdown
/// markup is dropped; empty text gives no passages.
pub fn split_passages(text: &str, max_words: usize) -> Vec<String> {
    let max_words = max_words.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(current.join(" "));
            current.clear();
        }
    };
    for para in text.split("\n\n") {
        let para = plain(para);
        let words: Vec<&str> = para.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if current.len() + words.len() <= max_words {
            current.extend(words.iter().map(|w| w.to_string()));
            continue;
        }
        flush(&mut current, &mut out);
        if words.len() <= max_words {
            current.extend(words.iter().map(|w| w.to_string()));
            continue;
        }
        // A long paragraph: sentence by sentence.
        for sentence in sentences(&para) {
            let sw: Vec<&str> = sentence.split_whitespace().collect();
            if current.len() + sw.len() > max_words {
                flush(&mut current, &mut out);
            }
            for chunk in sw.chunks(max_words) {
                if current.len() + chunk.len() > max_words {
                    flush(&mut current, &mut out);
                }
                current.extend(chunk.iter().map(|w| w.to_string()));
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

/// Sentences of a paragraph (ends at `. `, `! `, `? `).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let end = (0..bytes.len().saturating_sub(1))
            .find(|&i| matches!(bytes[i], b'.' | b'!' | b'?') && bytes[i + 1] == b' ')
            .map_or(rest.len(), |i| i + 1);
        let (s, r) = rest.split_at(end);
        rest = r.trim_start();
        Some(s)
    })
}

/// Text without markdown markup that carries no meaning for the model
/// (emphasis, code ticks, table pipes, list and quote markers).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("> "))
            .unwrap_or(t);
        // Table separator rows (`|---|---|`) say nothing.
        if !t.is_empty() && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
            continue;
        }
        for c in t.chars() {
            match c {
                '*' | '`' | '|' | '_' if c != '_' || !out.ends_with(char::is_alphanumeric) => {
                    out.push(' ')
                }
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    // Paragraph breaks survive; other whitespace is squashed by callers.
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_paragraph_then_sentence() {
        let p1 = "one two three.";
        let long = "alpha beta gamma delta. epsilon zeta eta theta. iota kappa.";
        let text = format!("{p1}\n\n{long}");
        let parts = split_passages(&text, 5);
        assert_eq!(parts[0], "one two three.");
        assert!(
            parts.iter().all(|p| p.split_whitespace().count() <= 5),
            "{parts:?}"
        );
        assert_eq!(parts.join(" ").split_whitespace().count(), 3 + 10);
        assert!(split_passages("  \n\n ", 5).is_empty());
        // A run-on sentence is cut by words.
        let run = "w ".repeat(23);
        let cut = split_passages(&run, 10);
        assert_eq!(cut.len(), 3);
    }

    #[test]
    fn markup_is_dropped() {
        let t = plain("- **Bold** and `code` | cell |\n|---|---|\n> quote snake_case");
        assert!(t.contains("Bold") && !t.contains('*') && !t.contains('`'));
        assert!(t.contains("snake_case"), "{t}");
        assert!(!t.contains("---"));
    }

    #[test]
    fn every_item_and_term_gets_a_passage() {
        let g = Guide::parse(
            "g.md",
            "# G\n\n## Part 1 — Basics\n\n### 1.1 Caching\n\n- TTL (Time To Live) — how long an entry stays.\n\n#### Q1. Why cache?\n\nTo avoid recomputing. \n\n#### Q2. Empty?\n"
                .to_string(),
        );
        let ps = passages(&g);
        for (id, it) in g.items.iter().enumerate() {
            if it.kind != ItemKind::Title {
                assert!(
                    ps.iter().any(|p| p.target == Target::Item(id)),
                    "{}",
                    it.title
                );
            }
        }
        let q1 = ps
            .iter()
            .find(|p| p.text.starts_with("Why cache?"))
            .expect("q1");
        assert!(q1.text.contains("recomputing"), "{}", q1.text);
        assert!(ps
            .iter()
            .any(|p| matches!(p.target, Target::Term(_))
                && p.text.starts_with("TTL (Time To Live):")));
    }
}
