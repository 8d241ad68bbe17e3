//! Turning what the user typed into a tantivy query. There is no query
//! syntax: the text is analysed into words and every word becomes a
//! weighted `should` clause, so no input can be a syntax error.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use crate::model::Guide;
use crate::terms::TermMatcher;
use crate::text::phrase_key;

use super::schema::{self, Fields, BODY_BOOST, TITLE_BOOST};

/// At most this many distinct words of a query are used (a pasted
/// paragraph must not become a thousand-clause query).
pub const MAX_WORDS: usize = 24;
/// Only this much of the query text is looked at.
pub const MAX_QUERY_BYTES: usize = 1024;

/// Weight of a term's other names found through alias expansion: strong
/// evidence, but the user did not type them.
const EXPANSION_WEIGHT: f32 = 0.6;
/// Weight of a spelling correction of a word the guide does not contain.
const CORRECTION_WEIGHT: f32 = 0.8;
/// Bonus for two query words adjacent in a heading / in the text.
const PHRASE_TITLE_BOOST: f32 = 0.5 * TITLE_BOOST;
const PHRASE_BODY_BOOST: f32 = BODY_BOOST;

/// Words that carry no topic in a question to a study guide: English
/// function words plus the question forms every Q&A heading uses
/// (`What is`, `Explain`, `How do you`). Dropped from queries unless the
/// query has nothing else. Adverbs that only intensify ("never",
/// "always") are in the same class.
const STOP_WORDS: &[&str] = &[
    "a", "about", "actually", "always", "an", "and", "are", "as", "at", "be", "but", "by", "can",
    "could", "d", "did", "do", "does", "ever", "explain", "for", "from", "how", "i", "if", "in",
    "into", "is", "it", "its", "just", "ll", "me", "my", "never", "of", "on", "or", "re", "really",
    "s", "should", "so", "t", "tell", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "ve", "very", "was", "we", "what", "when", "where", "which", "who",
    "why", "will", "with", "would", "you", "your",
];

pub fn is_stop_word(plain: &str) -> bool {
    STOP_WORDS.binary_search(&plain).is_ok()
}

/// One thing the user asked for: a query word, satisfied by a document
/// containing its stem (or its spelling correction), or all the words of
/// another name of the term the word belongs to.
#[derive(Debug, Clone, Default)]
pub struct Concept {
    pub stems: Vec<String>,
    pub names: Vec<Vec<String>>,
}

/// One analysed query word.
#[derive(Debug, Clone)]
pub struct Word {
    /// Lowercased, accent-folded surface form.
    pub plain: String,
    /// Its stem, as indexed.
    pub stem: String,
    /// Position in the query.
    pub pos: usize,
    /// Byte offset in the analysed text.
    pub offset: usize,
}

/// Analyses text into (surface, stem) words.
pub fn analyze(plain: &mut TextAnalyzer, stem: &mut TextAnalyzer, text: &str) -> Vec<Word> {
    let mut surface = Vec::new();
    let mut ps = plain.token_stream(text);
    while ps.advance() {
        surface.push(ps.token().text.clone());
    }
    let mut out = Vec::with_capacity(surface.len());
    let mut ss = stem.token_stream(text);
    let mut i = 0;
    while ss.advance() {
        let t = ss.token();
        if let Some(p) = surface.get(i) {
            out.push(Word {
                plain: p.clone(),
                stem: t.text.clone(),
                pos: t.position,
                offset: t.offset_from,
            });
        }
        i += 1;
    }
    out
}

/// A query ready to run, plus what the snippet should highlight.
pub struct Plan {
    pub query: Box<dyn Query>,
    /// Stems worth showing in a snippet, with their weight.
    pub highlight: HashMap<String, f32>,
    /// What the user asked for, word by word, for the coverage rescoring.
    pub concepts: Vec<Concept>,
    /// Whether any clause was produced at all.
    pub empty: bool,
}

pub struct Planner<'a> {
    pub fields: &'a Fields,
    pub searcher: &'a Searcher,
    pub guide: &'a Guide,
    pub matcher: &'a TermMatcher,
    pub plain: TextAnalyzer,
    pub stem: TextAnalyzer,
    /// Corrects a word the guide does not contain (None: no good guess).
    pub correct: &'a dyn Fn(&str) -> Option<String>,
}

impl Planner<'_> {
    pub fn plan(&mut self, query: &str) -> tantivy::Result<Plan> {
        let query = clip(query, MAX_QUERY_BYTES);
        let words = analyze(&mut self.plain, &mut self.stem, query);
        let mut content: Vec<Word> = words
            .iter()
            .filter(|w| !is_stop_word(&w.plain))
            .cloned()
            .collect();
        if content.is_empty() {
            content = words.clone();
        }
        dedup_by_stem(&mut content);
        content.truncate(MAX_WORDS);

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlight = HashMap::new();
        let mut concepts = Vec::with_capacity(content.len());
        let mut corrections = Vec::new();
        for (i, w) in content.iter().enumerate() {
            highlight.insert(w.stem.clone(), 1.0);
            self.word_clauses(&w.stem, 1.0, &mut clauses);
            concepts.push(Concept {
                stems: vec![w.stem.clone()],
                names: Vec::new(),
            });
            if !self.known(&w.stem)? {
                if let Some(fixed) = (self.correct)(&w.plain) {
                    corrections.push((i, fixed));
                }
            }
        }
        for (i, fixed) in corrections {
            for w in analyze(&mut self.plain, &mut self.stem, &fixed) {
                if let Some(c) = concepts.get_mut(i) {
                    c.stems.push(w.stem.clone());
                }
                if highlight.contains_key(&w.stem) {
                    continue;
                }
                highlight.insert(w.stem.clone(), CORRECTION_WEIGHT);
                self.word_clauses(&w.stem, CORRECTION_WEIGHT, &mut clauses);
            }
        }
        self.phrase_clauses(&content, &mut clauses);
        self.expansion_clauses(query, &content, &mut concepts, &mut highlight, &mut clauses);

        let empty = clauses.is_empty();
        Ok(Plan {
            query: Box::new(BooleanQuery::new(clauses)),
            highlight,
            concepts,
            empty,
        })
    }

    /// Whether the stem occurs in any searchable field.
    fn known(&self, stem: &str) -> tantivy::Result<bool> {
        for (field, _) in self.fields.weighted() {
            if self
                .searcher
                .doc_freq(&Term::from_field_text(field, stem))?
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// One boosted term clause per field.
    fn word_clauses(&self, stem: &str, weight: f32, out: &mut Vec<(Occur, Box<dyn Query>)>) {
        for (field, boost) in self.fields.weighted() {
            let q = TermQuery::new(
                Term::from_field_text(field, stem),
                IndexRecordOption::WithFreqs,
            );
            out.push((Occur::Should, boosted(Box::new(q), boost * weight)));
        }
    }

    /// Proximity bonus (a sequential-dependence model): query words that
    /// are next to each other, or one word apart, should also be close in a
    /// heading or in the text, in the same order. The window allows for
    /// the dropped stop words and a couple more.
    fn phrase_clauses(&self, content: &[Word], out: &mut Vec<(Occur, Box<dyn Query>)>) {
        for (i, a) in content.iter().enumerate() {
            for (skip, b) in content.iter().skip(i + 1).take(2).enumerate() {
                let gap = b.pos.saturating_sub(a.pos);
                if gap == 0 || gap > 6 {
                    continue;
                }
                let weight = if skip == 0 { 1.0 } else { 0.5 };
                let pair = [
                    Word {
                        pos: 0,
                        ..a.clone()
                    },
                    Word {
                        pos: 1,
                        ..b.clone()
                    },
                ];
                let slop = (gap - 1) as u32 + 2;
                for (field, boost) in [
                    (self.fields.title, PHRASE_TITLE_BOOST),
                    (self.fields.body, PHRASE_BODY_BOOST),
                    (self.fields.defs, PHRASE_BODY_BOOST * schema::DEFS_BOOST),
                ] {
                    let q = phrase(field, &[&pair[0], &pair[1]], slop);
                    out.push((Occur::Should, boosted(q, boost * weight)));
                }
            }
        }
    }

    /// Alias expansion: a term named in the query (`in-sync replicas`)
    /// also searches for its other names (`ISR`).
    fn expansion_clauses(
        &mut self,
        query: &str,
        content: &[Word],
        concepts: &mut [Concept],
        highlight: &mut HashMap<String, f32>,
        out: &mut Vec<(Occur, Box<dyn Query>)>,
    ) {
        let mut seen = Vec::new();
        for m in self.matcher.scan(query) {
            if seen.contains(&m.term) || seen.len() >= 4 {
                continue;
            }
            seen.push(m.term);
            let Some(term) = self.guide.terms.get(m.term) else {
                continue;
            };
            let typed = phrase_key(query.get(m.span.start..m.span.end).unwrap_or(""));
            for name in std::iter::once(&term.name).chain(&term.aliases).take(6) {
                if phrase_key(name) == typed {
                    continue;
                }
                let words = analyze(&mut self.plain, &mut self.stem, name);
                if words.is_empty() || words.iter().all(|w| highlight.contains_key(&w.stem)) {
                    continue;
                }
                // The query words this term covers are also satisfied by this name.
                let stems: Vec<String> = words.iter().map(|w| w.stem.clone()).collect();
                for (c, w) in concepts.iter_mut().zip(content) {
                    if m.span.contains(w.offset) {
                        c.names.push(stems.clone());
                    }
                }
                for w in &words {
                    highlight.entry(w.stem.clone()).or_insert(EXPANSION_WEIGHT);
                }
                let refs: Vec<&Word> = words.iter().take(MAX_WORDS).collect();
                for (field, boost) in self.fields.weighted() {
                    let q: Box<dyn Query> = if refs.len() == 1 {
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &refs[0].stem),
                            IndexRecordOption::WithFreqs,
                        ))
                    } else if field == self.fields.context {
                        continue; // no positions there
                    } else {
                        phrase(field, &refs, 0)
                    };
                    out.push((Occur::Should, boosted(q, boost * EXPANSION_WEIGHT)));
                }
            }
        }
    }
}

fn phrase(field: Field, words: &[&Word], slop: u32) -> Box<dyn Query> {
    let first = words.first().map_or(0, |w| w.pos);
    let terms = words
        .iter()
        .map(|w| {
            (
                w.pos.saturating_sub(first),
                Term::from_field_text(field, &w.stem),
            )
        })
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn dedup_by_stem(words: &mut Vec<Word>) {
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.stem.clone()));
}

/// The first `max` bytes of `s`, cut on a char boundary.
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Spelling correction against the guide's own vocabulary: the closest
/// word within edit distance 1 (2 for words of 8+ letters; transpositions
/// count 1), most frequent first. Words under 4 letters are not corrected.
pub fn correct(vocab: &HashMap<String, u32>, word: &str) -> Option<String> {
    let n = word.chars().count();
    let max = match n {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    if word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let target: Vec<char> = word.chars().collect();
    let mut best: Option<(usize, u32, &str)> = None;
    for (cand, &count) in vocab {
        let m = cand.chars().count();
        if m.abs_diff(n) > max || cand.len() < 3 {
            continue;
        }
        let cand_chars: Vec<char> = cand.chars().collect();
        let Some(d) = osa_distance(&target, &cand_chars, max) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((bd, bc, bw)) => {
                (d, std::cmp::Reverse(count), cand.as_str()) < (bd, std::cmp::Reverse(bc), bw)
            }
        };
        if better {
            best = Some((d, count, cand));
        }
    }
    best.map(|(_, _, w)| w.to_string())
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions), or None when it exceeds `max`.
pub fn osa_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_sorted() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(
            osa_distance(&c("idempotnecy"), &c("idempotency"), 2),
            Some(1)
        );
        assert_eq!(osa_distance(&c("raft"), &c("raft"), 1), Some(0));
        assert_eq!(osa_distance(&c("raft"), &c("kafka"), 1), None);
        assert_eq!(osa_distance(&c("fencng"), &c("fencing"), 1), Some(1));
    }
}
