//! What draft analysis precomputes per guide: word specificity (IDF over the
//! guide's own sections), each anchor's signature of distinctive words and
//! numbers, question titles for matching, and which anchors each model
//! answer already uses. Built once per guide content and cached by hash.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::lex::{tokens, Tok};
use super::mentions;
use crate::library::LoadedGuide;
use crate::model::{AnchorId, Guide, ItemId, ItemKind};

/// Where an anchor's word came from; decides how much it says about the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Source {
    /// "Use for prompts about …": topics, so only corroborating evidence.
    Prompt,
    /// A plain word of a key-metric line.
    Detail,
    /// A number, acronym or proper name in a key-metric line (`72h`, `DynamoDB`).
    DetailStrong,
    /// The anchor's name or an alias.
    Name,
}

impl Source {
    fn weight(self) -> f32 {
        match self {
            Source::Name => 1.0,
            Source::DetailStrong => 0.8,
            Source::Detail => 0.4,
            Source::Prompt => 0.25,
        }
    }
    /// Weight for topic fit (recommendation): prompts say it best; plain
    /// detail words are facts of the project, not topics.
    fn topic_weight(self) -> f32 {
        match self {
            Source::Prompt => 1.0,
            Source::Name => 0.8,
            Source::DetailStrong => 0.4,
            Source::Detail => 0.0,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Feature {
    pub source: Source,
    /// Evidence that text naming this feature refers to the anchor.
    pub mention: f32,
    /// How much this word ties a topic to the anchor.
    pub topic: f32,
}

#[derive(Debug, Clone)]
pub(crate) struct AnchorSig {
    /// Display name (the name without a trailing metric in parentheses).
    pub display: String,
    /// Key metrics, best first.
    pub metrics: Vec<String>,
    /// Unigram keys and bigrams (`"k1 k2"`).
    pub features: HashMap<String, Feature>,
}

#[derive(Debug, Clone)]
pub(crate) struct QuestionInfo {
    pub item: ItemId,
    /// Content keys of the title with their weights.
    pub keys: Vec<(String, f32)>,
    pub weight_sum: f32,
    /// The kind of question the title asks (`how`, `why`, …).
    pub ask: Option<&'static str>,
    /// Content keys of the model answer.
    pub body: HashSet<String>,
}

pub struct GuideModel {
    docs: f32,
    df: HashMap<String, u32>,
    pub anchors: Vec<AnchorSig>,
    pub questions: Vec<QuestionInfo>,
    /// Normalised full title (without `Qn.`) → question.
    pub exact: HashMap<String, ItemId>,
    /// Anchors each model answer mentions, with evidence score.
    pub model_mentions: HashMap<ItemId, Vec<(AnchorId, f32)>>,
    /// Per anchor, the parts whose model answers use it.
    pub anchor_parts: Vec<HashSet<ItemId>>,
}

impl GuideModel {
    /// Specificity of a key in this guide, 0 (everywhere) ..= 1 (nowhere else).
    pub fn idf(&self, key: &str) -> f32 {
        let df = self.df.get(key).copied().unwrap_or(0) as f32;
        idf(self.docs, df)
    }
}

fn idf(docs: f32, df: f32) -> f32 {
    let n = docs.max(2.0);
    (((n + 1.0) / (df + 0.5)).ln().max(0.0) / (n + 1.0).ln()).min(1.0)
}

/// Keys the guide writes capitalised mid-sentence more often than in lower
/// case: names of products and technologies (`Terraform`, `Spring`).
fn proper_names(text: &str) -> HashSet<String> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for t in tokens(text) {
        if t.numeric {
            continue;
        }
        let first_upper = text
            .get(t.start..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase);
        let before = text
            .get(..t.start)
            .unwrap_or("")
            .trim_end_matches([' ', '\t', '(', '"', '“', '*', '_', '`']);
        let initial = before.is_empty()
            || before.ends_with(['.', '!', '?', ':', '\n', '|', '-', '#', '>', '—', '–', '='])
            || before.ends_with(|c: char| c.is_ascii_digit());
        let e = counts.entry(t.key).or_default();
        if !first_upper {
            e.1 += 1;
        } else if !initial {
            e.0 += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, (cap, lower))| cap > lower)
        .map(|(k, _)| k)
        .collect()
}

/// The model of a loaded guide, built on first use and kept with it.
pub(crate) fn model(guide: &LoadedGuide) -> Arc<GuideModel> {
    guide.derived(build)
}

/// Normalised title for exact matching: the words, lowercase and singular,
/// without a leading `Qn.`, `Q:` or reference.
pub(crate) fn title_key(title: &str) -> String {
    let t = super::sections::strip_question_prefix(title);
    crate::text::phrase_key(t)
}

pub(crate) fn bigrams(toks: &[Tok]) -> impl Iterator<Item = String> + '_ {
    toks.windows(2)
        .map(|w| format!("{} {}", w[0].key, w[1].key))
}

fn build(guide: &Guide) -> GuideModel {
    // Documents for specificity: every outline item's own text, except the
    // anchor descriptions themselves (cheat-sheet entries, the map table).
    let anchor_items: HashSet<ItemId> = guide.anchors.iter().filter_map(|a| a.item).collect();
    let mut doc_tokens: Vec<Vec<Tok>> = Vec::new();
    for (id, it) in guide.items.iter().enumerate() {
        if anchor_items.contains(&id)
            || guide
                .anchors
                .iter()
                .any(|a| it.body.start <= a.span.start && a.span.end <= it.body.end)
        {
            continue;
        }
        let text = guide.text.get(it.heading.start..it.body.end).unwrap_or("");
        doc_tokens.push(tokens(text));
    }
    let docs = doc_tokens.len() as f32;
    let mut df: HashMap<String, u32> = HashMap::new();
    for toks in &doc_tokens {
        let set: HashSet<&str> = toks.iter().map(|t| t.key.as_str()).collect();
        for k in set {
            *df.entry(k.to_string()).or_default() += 1;
        }
    }

    // Anchor signatures.
    let proper = proper_names(&guide.text);
    let mut raw_sigs: Vec<HashMap<String, Source>> = Vec::new();
    for a in &guide.anchors {
        let mut f: HashMap<String, Source> = HashMap::new();
        let mut add = |key: String, s: Source| {
            let e = f.entry(key).or_insert(s);
            if s > *e {
                *e = s;
            }
        };
        // A trailing parenthesis describes the project (`(schema-bound XML)`,
        // `(10k+ tx/day)`): its words are details, not the name.
        let mut details: Vec<&str> = a.details.iter().map(String::as_str).collect();
        for name in std::iter::once(&a.name).chain(&a.aliases) {
            let (head, described) = split_description(name);
            details.extend(described);
            let toks = tokens(head);
            for t in toks.iter().filter(|t| !t.small_number) {
                add(t.key.clone(), Source::Name);
            }
            for b in bigrams(&toks) {
                add(b, Source::Name);
            }
        }
        for d in details {
            let toks = tokens(d);
            for t in toks.iter().filter(|t| !t.small_number) {
                // A number, an acronym or mixed-case name, or a word the guide
                // treats as a name (or uses nowhere else).
                let strong = t.numeric
                    || is_acronym_like(d, t.start)
                    || (t.capitalised && (proper.contains(&t.key) || !df.contains_key(&t.key)));
                add(
                    t.key.clone(),
                    if strong {
                        Source::DetailStrong
                    } else {
                        Source::Detail
                    },
                );
            }
            for b in bigrams(&toks) {
                add(b, Source::DetailStrong);
            }
        }
        for p in &a.prompts {
            let toks = tokens(p);
            for t in toks.iter().filter(|t| !t.small_number) {
                add(t.key.clone(), Source::Prompt);
            }
            for b in bigrams(&toks) {
                add(b, Source::Prompt);
            }
        }
        raw_sigs.push(f);
    }
    // Bigram document frequencies, only for the bigrams anchors use.
    let wanted: HashSet<&str> = raw_sigs
        .iter()
        .flat_map(|s| s.keys())
        .filter(|k| k.contains(' '))
        .map(String::as_str)
        .collect();
    let mut bigram_df: HashMap<String, u32> = HashMap::new();
    for toks in &doc_tokens {
        let set: HashSet<String> = bigrams(toks)
            .filter(|b| wanted.contains(b.as_str()))
            .collect();
        for b in set {
            *bigram_df.entry(b).or_default() += 1;
        }
    }
    let n_anchors = raw_sigs.len().max(1) as f32;
    let mut anchor_count: HashMap<&str, u32> = HashMap::new();
    for s in &raw_sigs {
        for k in s.keys() {
            *anchor_count.entry(k.as_str()).or_default() += 1;
        }
    }
    let mut anchors = Vec::with_capacity(raw_sigs.len());
    for (a, raw) in guide.anchors.iter().zip(&raw_sigs) {
        let mut features = HashMap::new();
        for (k, &s) in raw {
            let d = if k.contains(' ') {
                bigram_df.get(k).copied().unwrap_or(0)
            } else {
                df.get(k).copied().unwrap_or(0)
            };
            let spec = idf(docs, d as f32);
            if spec < 0.12 {
                continue;
            }
            let shared = anchor_count.get(k.as_str()).copied().unwrap_or(1) as f32;
            let anchor_spec = (1.0 + n_anchors / shared).ln() / (1.0 + n_anchors).ln();
            features.insert(
                k.clone(),
                Feature {
                    source: s,
                    mention: s.weight() * spec,
                    // Bigrams and numbers identify a project when named, but
                    // a question's `20 calls` or `50%` says nothing of its topic.
                    topic: if k.contains(' ') || k.starts_with(|c: char| c.is_ascii_digit()) {
                        0.0
                    } else {
                        s.topic_weight() * anchor_spec * spec
                    },
                },
            );
        }
        let (display, metrics) = display_and_metrics(&a.name, &a.details);
        anchors.push(AnchorSig {
            display,
            metrics,
            features,
        });
    }

    let mut questions = Vec::new();
    let mut exact = HashMap::new();
    let mut model = GuideModel {
        docs,
        df,
        anchors,
        questions: Vec::new(),
        exact: HashMap::new(),
        model_mentions: HashMap::new(),
        anchor_parts: Vec::new(),
    };
    let mut model_mentions = HashMap::new();
    for (id, it) in guide.items.iter().enumerate() {
        if !matches!(it.kind, ItemKind::Question | ItemKind::Scenario) {
            continue;
        }
        exact.entry(title_key(&it.title)).or_insert(id);
        let mut seen = HashSet::new();
        let keys: Vec<(String, f32)> = tokens(super::sections::strip_question_prefix(&it.title))
            .into_iter()
            .filter(|t| !t.small_number && seen.insert(t.key.clone()))
            .map(|t| {
                let w = model.idf(&t.key).max(0.05);
                (t.key, w)
            })
            .collect();
        let weight_sum = keys.iter().map(|(_, w)| w).sum();
        let body = guide.text.get(it.body.start..it.range.end).unwrap_or("");
        questions.push(QuestionInfo {
            item: id,
            keys,
            weight_sum,
            ask: super::sections::asks(&it.title),
            body: super::lex::key_set(body),
        });
        let found = mentions::mentioned_anchors(&model, body, &HashSet::new(), false);
        if !found.is_empty() {
            model_mentions.insert(id, found);
        }
    }
    let mut anchor_parts = vec![HashSet::new(); model.anchors.len()];
    for (q, found) in &model_mentions {
        let part = guide.items.get(*q).and_then(|it| it.part);
        for (a, _) in found {
            if let (Some(p), Some(set)) = (part, anchor_parts.get_mut(*a)) {
                set.insert(p);
            }
        }
    }
    model.questions = questions;
    model.exact = exact;
    model.model_mentions = model_mentions;
    model.anchor_parts = anchor_parts;
    model
}

/// The word at `start` has an inner capital (`DynamoDB`, `XSD`).
fn is_acronym_like(text: &str, start: usize) -> bool {
    let word: String = text
        .get(start..)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    word.chars().skip(1).any(char::is_uppercase)
}

/// `Intern Mentorship Program (sprint completion 60% → 85%)` → the name
/// without the parenthesis, and key metrics best first: a parenthesised
/// metric, then metric-like detail lines (numbers, before → after).
/// `Thymeleaf → JAXB Migration (schema-bound XML)` → the name, and the
/// description in its trailing parenthesis if any.
fn split_description(name: &str) -> (&str, Option<&str>) {
    let name = name.trim();
    match (name.rfind('('), name.ends_with(')')) {
        (Some(open), true) if !name[..open].trim().is_empty() => (
            name[..open].trim(),
            Some(name[open + 1..name.len() - 1].trim()),
        ),
        _ => (name, None),
    }
}

fn display_and_metrics(name: &str, details: &[String]) -> (String, Vec<String>) {
    let mut display = name.trim().to_string();
    let mut metrics: Vec<(i32, usize, String)> = Vec::new();
    if let (Some(open), true) = (display.rfind('('), display.ends_with(')')) {
        let inner = display[open + 1..display.len() - 1].trim().to_string();
        let head = display[..open].trim().to_string();
        if !head.is_empty() && !inner.is_empty() {
            let has_digit = inner.chars().any(|c| c.is_ascii_digit());
            metrics.push((if has_digit { 10 } else { 1 }, 0, inner));
            display = head;
        }
    }
    let name_numbers: HashSet<String> = tokens(name)
        .into_iter()
        .filter(|t| t.numeric)
        .map(|t| t.key)
        .collect();
    for (i, d) in details.iter().enumerate() {
        let nums: Vec<String> = tokens(d)
            .into_iter()
            .filter(|t| t.numeric)
            .map(|t| t.key)
            .collect();
        let mut score = 0;
        if !nums.is_empty() {
            score += 3;
            if nums.iter().any(|n| !name_numbers.contains(n)) {
                score += 2;
            }
        }
        if d.contains(['→', '%']) || d.contains("->") {
            score += 2;
        }
        if d.chars().count() > 70 {
            score -= 2;
        }
        metrics.push((score, i + 1, crate::text::truncate(d, 80)));
    }
    metrics.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen = HashSet::new();
    let metrics = metrics
        .into_iter()
        .map(|(_, _, m)| m)
        .filter(|m| seen.insert(crate::text::phrase_key(m)))
        .collect();
    (display, metrics)
}
