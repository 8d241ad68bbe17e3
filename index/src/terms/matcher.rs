//! The matcher that finds terms again in any text: names, aliases, plurals,
//! word forms through stems, name prefixes and proper-name tails.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::tails;
use super::words::CATEGORY_SUFFIXES;
use crate::model::{Guide, Span, Term, TermId};
use crate::text::{is_acronym, phrase_key, stem, words};

/// Longest term name, in words, that the matcher tries.
const MAX_TERM_WORDS: usize = 6;

/// A term occurrence in some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub term: TermId,
    /// Byte range in the searched text.
    pub span: Span,
}

/// Finds term names, aliases, plurals and any-case forms in text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TermMatcher {
    keys: HashMap<String, TermId>,
    /// The same keys, sorted, for prefix lookups.
    sorted: Vec<(String, TermId)>,
    /// Keys with every word stemmed, for word forms the guide never writes
    /// (`linearizability` → `Linearizable`). Stems shared by two terms are left out.
    stems: HashMap<String, TermId>,
    /// Tails of proper names (`Pulsar` for "Apache Pulsar"), see [`tails`].
    #[serde(default)]
    tails: HashMap<String, TermId>,
    max_words: usize,
}

/// A key with each word reduced to its stem.
fn stem_key(key: &str) -> String {
    key.split(' ').map(stem).collect::<Vec<_>>().join(" ")
}

impl TermMatcher {
    pub fn new(guide: &Guide) -> Self {
        let mut m = Self::from_terms(&guide.terms, true);
        m.tails = tails::proper_tails(&guide.terms, &guide.text, &m.keys);
        m
    }

    /// `with_stems` adds the stem fallback, which only `match_at` uses: the
    /// extraction passes (labels, mentions) only `scan`.
    pub(super) fn from_terms(terms: &[Term], with_stems: bool) -> Self {
        let mut keys = HashMap::new();
        let mut max_words = 1;
        // Names and aliases first, so they win over derived short forms.
        for (id, t) in terms.iter().enumerate() {
            for n in std::iter::once(&t.name).chain(&t.aliases) {
                let key = phrase_key(n);
                if key.is_empty() {
                    continue;
                }
                max_words = max_words.max(key.split(' ').count());
                keys.entry(key).or_insert(id);
            }
        }
        // Derived forms: `CAP theorem` → `CAP`, `circuit breaker pattern` → `circuit breaker`.
        for (id, t) in terms.iter().enumerate() {
            let ws: Vec<&str> = words(&t.name).map(|w| w.text).collect();
            if ws.len() >= 2 && is_acronym(ws[0]) {
                keys.entry(phrase_key(ws[0])).or_insert(id);
            }
            if ws.len() >= 2 {
                let last = ws[ws.len() - 1].to_lowercase();
                if CATEGORY_SUFFIXES.contains(&last.as_str()) {
                    keys.entry(phrase_key(&ws[..ws.len() - 1].join(" ")))
                        .or_insert(id);
                }
            }
        }
        let mut sorted: Vec<(String, TermId)> = keys.iter().map(|(k, &t)| (k.clone(), t)).collect();
        sorted.sort_unstable();
        let mut stems: HashMap<String, Option<TermId>> = HashMap::new();
        for (key, id) in sorted.iter().filter(|_| with_stems) {
            let slot = stems.entry(stem_key(key)).or_insert(Some(*id));
            if *slot != Some(*id) {
                *slot = None;
            }
        }
        let stems = stems
            .into_iter()
            .filter_map(|(k, t)| t.map(|t| (k, t)))
            .collect();
        TermMatcher {
            keys,
            sorted,
            stems,
            tails: HashMap::new(),
            max_words: max_words.min(MAX_TERM_WORDS),
        }
    }

    /// The one term whose name begins with the phrase `key` (whole words), if
    /// exactly one does: `split brain` → `Split-brain prevention`.
    fn unique_prefix(&self, key: &str) -> Option<TermId> {
        let prefix = format!("{key} ");
        let from = self
            .sorted
            .partition_point(|(k, _)| k.as_str() < prefix.as_str());
        let mut found = None;
        for (k, t) in &self.sorted[from..] {
            if !k.starts_with(&prefix) {
                break;
            }
            match found {
                None => found = Some(*t),
                Some(f) if f != *t => return None,
                Some(_) => {}
            }
        }
        found
    }

    /// The term a name or alias denotes (any case or number).
    pub fn lookup(&self, name: &str) -> Option<TermId> {
        let key = phrase_key(name);
        self.keys
            .get(&key)
            .or_else(|| self.tails.get(&key))
            .copied()
    }

    /// The longest term occurrence in `line` covering byte `offset`.
    pub fn match_at(&self, line: &str, offset: usize) -> Option<TermMatch> {
        let ws: Vec<_> = words(line).collect();
        let at = ws
            .iter()
            .position(|w| w.span.start <= offset && offset <= w.span.end)?;
        let norm: Vec<String> = ws
            .iter()
            .map(|w| crate::text::normalize_word(w.text))
            .collect();
        let mut best = self.longest_at(&self.keys, line, &ws, &norm, at);
        if best.is_none() {
            let stemmed: Vec<String> = norm.iter().map(|w| stem(w)).collect();
            best = self.longest_at(&self.stems, line, &ws, &stemmed, at);
        }
        if best.is_none() {
            best = self.prefix_match(line, &ws, &norm, at);
        }
        if best.is_none() {
            best = self.longest_at(&self.tails, line, &ws, &norm, at);
        }
        best.map(|(_, m)| m)
    }

    /// The longest phrase of `words` covering word `at` whose key is in `keys`.
    fn longest_at(
        &self,
        keys: &HashMap<String, TermId>,
        line: &str,
        ws: &[crate::text::Word],
        words: &[String],
        at: usize,
    ) -> Option<(usize, TermMatch)> {
        let mut best: Option<(usize, TermMatch)> = None;
        let lo = at.saturating_sub(self.max_words - 1);
        for start in lo..=at {
            let mut key = String::new();
            for end in start..ws.len().min(start + self.max_words) {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(&words[end]);
                if end < at || !adjacent(line, ws, start, end) {
                    continue;
                }
                if let Some(&term) = keys.get(&key) {
                    let len = end - start + 1;
                    if best.is_none_or(|(l, _)| len > l) {
                        let span = Span::new(ws[start].span.start, ws[end].span.end);
                        best = Some((len, TermMatch { term, span }));
                    }
                }
            }
        }
        best
    }

    /// Fallback for a phrase that is only the start of a term's name. Only
    /// phrases of two or more words, or an acronym, qualify: a lone common
    /// word (`split`) must not pull in a term (`Split-brain prevention`).
    fn prefix_match(
        &self,
        line: &str,
        ws: &[crate::text::Word],
        norm: &[String],
        at: usize,
    ) -> Option<(usize, TermMatch)> {
        let mut best: Option<(usize, TermMatch)> = None;
        let lo = at.saturating_sub(self.max_words - 1);
        for start in lo..=at {
            for end in at..ws.len().min(start + self.max_words) {
                let len = end - start + 1;
                if (len < 2 && !is_acronym(ws[at].text)) || !adjacent(line, ws, start, end) {
                    continue;
                }
                let key = norm[start..=end].join(" ");
                if let Some(term) = self.unique_prefix(&key) {
                    if best.is_none_or(|(l, _)| len > l) {
                        let span = Span::new(ws[start].span.start, ws[end].span.end);
                        best = Some((len, TermMatch { term, span }));
                    }
                }
            }
        }
        best
    }

    /// All non-overlapping term occurrences in `text`, longest first at each position.
    pub fn scan(&self, text: &str) -> Vec<TermMatch> {
        let ws: Vec<_> = words(text).collect();
        let norm: Vec<String> = ws
            .iter()
            .map(|w| crate::text::normalize_word(w.text))
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let mut found: Option<(usize, TermId)> = None;
            let mut key = String::new();
            let stop = ws.len().min(i + self.max_words);
            for (end, word) in norm.iter().enumerate().take(stop).skip(i) {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(word);
                if !adjacent(text, &ws, i, end) {
                    break;
                }
                if let Some(&t) = self.keys.get(&key) {
                    found = Some((end, t));
                }
            }
            match found {
                Some((end, term)) => {
                    out.push(TermMatch {
                        term,
                        span: Span::new(ws[i].span.start, ws[end].span.end),
                    });
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Words `start..=end` form one phrase: separated only by spaces, hyphens
/// or similar joiners, never by a line break or sentence punctuation.
fn adjacent(text: &str, ws: &[crate::text::Word], start: usize, end: usize) -> bool {
    (start..end).all(|k| {
        let gap = &text[ws[k].span.end..ws[k + 1].span.start];
        gap.len() <= 3
            && gap
                .chars()
                .all(|c| matches!(c, ' ' | '-' | '/' | '\'' | '’' | '_'))
    })
}
