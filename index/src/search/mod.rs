//! Ranked search over a guide (tantivy).
//!
//! One document per outline item (heading text, the names of the terms the
//! heading mentions, its own body, its part/section headings) and one per
//! defined term. Queries have no syntax: every word of the query becomes a
//! boosted clause per field (heading ≫ aliases > body > context), adjacent
//! words add a phrase bonus, terms named in the query also search for their
//! other names, and words the guide does not contain are spell-corrected
//! against the guide's own vocabulary.
//!
//! Persisted indexes live in a folder with a `ready` marker (written after
//! the index is complete) naming the schema version and the guide hash.

mod fusion;
mod query;
mod rank;
mod related;
mod schema;
mod snippet;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::directory::{Directory, MmapDirectory, RamDirectory};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, Term};

use crate::embed::Target;
use crate::error::{Error, Result};
use crate::model::{Guide, ItemId, TermId};
use crate::terms::TermMatcher;

use schema::Fields;

pub use fusion::{Fusion, RELATED_FUSION, SEARCH_FUSION, VECTOR_CANDIDATES};
pub use query::is_stop_word;
pub use related::{note_section, SALIENT_WORDS};

pub use schema::SCHEMA_VERSION;

/// Which kinds of hits a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    #[default]
    Any,
    /// Q&As only (not scenarios).
    Question,
    /// Numbered sections and parts.
    Section,
    /// Defined terms.
    Term,
}

impl KindFilter {
    /// The `kind` values this filter admits; `None` admits everything.
    pub fn kinds(self) -> Option<&'static [&'static str]> {
        match self {
            KindFilter::Any => None,
            KindFilter::Question => Some(&["question"]),
            KindFilter::Section => Some(&["section", "part"]),
            KindFilter::Term => Some(&["term"]),
        }
    }
}

impl std::str::FromStr for KindFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "any" => Ok(KindFilter::Any),
            "question" => Ok(KindFilter::Question),
            "section" => Ok(KindFilter::Section),
            "term" => Ok(KindFilter::Term),
            other => Err(format!(
                "unknown kind `{other}` (expected question, section, term or any)"
            )),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// `question`, `section`, `part`, `scenario`, `heading` or `term`.
    pub kind: String,
    /// Heading text without `#` marks (for a term: its name).
    pub title: String,
    /// Citation label (`§4.16 Q5`).
    pub label: String,
    /// The outline item (for a term: where it is defined).
    pub item: ItemId,
    pub term: Option<TermId>,
    /// 0-based line in the guide.
    pub line: u32,
    pub score: f32,
    pub snippet: String,
}

/// Ranked targets, best first, and the query's words a snippet
/// highlights.
#[derive(Debug, Default)]
pub(crate) struct Ranked {
    pub targets: Vec<(Target, f32)>,
    pub highlight: HashMap<String, f32>,
}

impl Hit {
    /// A hit on `target`; `snippet` makes the snippet from its body (a
    /// term's definition). `None` when the guide has no such target.
    pub(crate) fn at(
        guide: &Guide,
        target: Target,
        score: f32,
        snippet: impl FnOnce(&str) -> String,
    ) -> Option<Hit> {
        match target {
            Target::Item(id) => guide.items.get(id).map(|it| Hit {
                kind: it.kind.as_str().into(),
                title: it.title.clone(),
                label: it.label.clone(),
                item: id,
                term: None,
                line: it.line,
                score,
                snippet: snippet(guide.slice(it.body)),
            }),
            Target::Term(tid) => Hit::term(guide, tid, score, snippet),
        }
    }

    /// A hit on term `tid`, labelled with the item that defines it;
    /// `snippet` makes the snippet from the definition.
    pub(crate) fn term(
        guide: &Guide,
        tid: TermId,
        score: f32,
        snippet: impl FnOnce(&str) -> String,
    ) -> Option<Hit> {
        let t = guide.terms.get(tid)?;
        Some(Hit {
            kind: "term".into(),
            title: t.name.clone(),
            label: guide
                .items
                .get(t.item)
                .map_or_else(String::new, |it| it.label.clone()),
            item: t.item,
            term: Some(tid),
            line: t.line,
            score,
            snippet: snippet(&t.definition),
        })
    }
}

/// Indexing memory budget: the whole guide fits many times over.
const WRITER_BUDGET: usize = 16_000_000;
/// Candidates fetched for coverage rescoring.
const CANDIDATES: usize = 50;
/// Name of the completeness marker in a persisted index folder.
const MARKER: &str = "ready";

/// The search index of one guide.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    matcher: Arc<TermMatcher>,
    plain: TextAnalyzer,
    stem: TextAnalyzer,
    /// Lowercased words of the guide with their counts, for spelling
    /// correction; built on the first query that needs it.
    vocab: OnceLock<HashMap<String, u32>>,
    reused: bool,
    /// The background copy of a freshly built index into its cache folder.
    persisting: Mutex<Option<JoinHandle<Result<()>>>>,
}

impl Drop for SearchIndex {
    /// Lets a pending cache write finish, so a short-lived process (the
    /// CLI) still leaves a reusable index behind.
    fn drop(&mut self) {
        if let Err(e) = self.wait_persisted() {
            tracing::warn!("search index not cached: {e}");
        }
    }
}

impl SearchIndex {
    /// Opens the persisted index in `dir` if it matches, else builds it there
    /// (or in memory when `dir` is `None`).
    ///
    /// A build always happens in memory; the copy into `dir` runs on a
    /// background thread (fsyncs are slow) and is complete once `dir/ready`
    /// exists — see [`SearchIndex::wait_persisted`]. A folder whose marker
    /// is missing or names another guide or schema is replaced. A folder
    /// whose marker matches but whose files are unreadable yields `Err`
    /// (never a panic), so the caller can wipe it.
    pub fn open_or_build(guide: &Guide, dir: Option<&Path>) -> Result<SearchIndex> {
        Self::open_or_build_with(guide, Arc::new(TermMatcher::new(guide)), dir)
    }

    /// [`SearchIndex::open_or_build`] with the guide's term matcher, already built.
    pub fn open_or_build_with(
        guide: &Guide,
        matcher: Arc<TermMatcher>,
        dir: Option<&Path>,
    ) -> Result<SearchIndex> {
        if let Some(dir) = dir {
            if marker_matches(dir, guide) {
                let index = open_dir(dir)?;
                return Self::from_index(index, matcher, true);
            }
        }
        let ram = RamDirectory::create();
        let index = build(guide, &matcher, ram.clone())?;
        let search = Self::from_index(index, matcher, false)?;
        if let Some(dir) = dir {
            let (dir, marker) = (dir.to_path_buf(), marker_text(guide));
            let job = move || persist(&ram, &dir, &marker);
            match std::thread::Builder::new()
                .name("gloss-index-cache".into())
                .spawn(job.clone())
            {
                Ok(handle) => {
                    if let Ok(mut slot) = search.persisting.lock() {
                        *slot = Some(handle);
                    }
                }
                Err(_) => job()?,
            }
        }
        Ok(search)
    }

    /// Waits for the background cache write of a fresh build, if any.
    pub fn wait_persisted(&self) -> Result<()> {
        let handle = match self.persisting.lock() {
            Ok(mut slot) => slot.take(),
            Err(_) => None,
        };
        match handle.map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Error::Query("index cache writer panicked".into())),
        }
    }

    fn from_index(index: Index, matcher: Arc<TermMatcher>, reused: bool) -> Result<SearchIndex> {
        let fields = schema::fields_of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            reader,
            fields,
            matcher,
            plain: schema::plain_analyzer(),
            stem: schema::stem_analyzer(),
            vocab: OnceLock::new(),
            reused,
            persisting: Mutex::new(None),
        })
    }

    /// True when this index was opened from a persisted folder rather than built.
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// Number of indexed documents (items with text plus terms).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Ranked hits for a free-text query, best first. Never fails on odd
    /// input: an empty or all-punctuation query has no hits.
    pub fn search(
        &self,
        guide: &Guide,
        query: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let ranked = self.ranked(guide, query, filter, limit)?;
        Ok(self.hits(guide, ranked))
    }

    /// The best `limit` targets for `query`, best first, before any
    /// snippet is made: fusion keeps only some of them.
    pub(crate) fn ranked(
        &self,
        guide: &Guide,
        query: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Ranked> {
        let searcher = self.reader.searcher();
        let limit = limit.min(searcher.num_docs() as usize);
        if limit == 0 || query.trim().is_empty() {
            return Ok(Ranked::default());
        }
        let correct = |w: &str| query::correct(self.vocab(guide), w);
        let mut planner = query::Planner {
            fields: &self.fields,
            searcher: &searcher,
            guide,
            matcher: &self.matcher,
            plain: self.plain.clone(),
            stem: self.stem.clone(),
            correct: &correct,
        };
        let plan = planner.plan(query)?;
        if plan.empty {
            return Ok(Ranked::default());
        }
        // Rescoring may reorder: take a wider pool than asked for.
        let pool = limit.max(CANDIDATES).min(searcher.num_docs() as usize);
        let collector = TopDocs::with_limit(pool);
        let mut top = searcher.search(&self.filtered(plan.query, filter), &collector)?;
        if top.is_empty() {
            // Last resort: edit-distance matches on the indexed stems.
            if let Some(fuzzy) = self.fuzzy(&plan.highlight) {
                top = searcher.search(&self.filtered(fuzzy, filter), &collector)?;
            }
        } else {
            rank::rescore(&searcher, &self.fields, &plan.concepts, &mut top)?;
        }
        top.truncate(limit);
        Ok(Ranked {
            targets: targets(&searcher, guide, &top)?,
            highlight: plan.highlight,
        })
    }

    /// Hits for ranked targets, each with its snippet.
    fn hits(&self, guide: &Guide, ranked: Ranked) -> Vec<Hit> {
        let mut stem = self.stem.clone();
        let mut plain = self.plain.clone();
        ranked
            .targets
            .into_iter()
            .filter_map(|(target, score)| {
                Hit::at(guide, target, score, |text| {
                    snippet::snippet(&mut plain, &mut stem, text, &ranked.highlight)
                })
            })
            .collect()
    }

    fn filtered(&self, q: Box<dyn Query>, filter: KindFilter) -> Box<dyn Query> {
        let Some(kinds) = filter.kinds() else {
            return q;
        };
        // A zero-boosted disjunction of exact kind terms: filters without
        // scoring (cheaper than a TermSetQuery, which builds an automaton).
        let any_kind: Vec<(Occur, Box<dyn Query>)> = kinds
            .iter()
            .map(|k| {
                let term = Term::from_field_text(self.fields.kind, k);
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        let only: Box<dyn Query> =
            Box::new(BoostQuery::new(Box::new(BooleanQuery::new(any_kind)), 0.0));
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, q),
            (Occur::Must, only),
        ]))
    }

    /// Fuzzy clauses (distance 1, 2 for stems of 8+ letters, transpositions
    /// cost 1) over heading and body; constant-scored, so only a fallback.
    fn fuzzy(&self, stems: &HashMap<String, f32>) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for stem in stems.keys() {
            let distance = match stem.chars().count() {
                0..=3 => continue,
                4..=7 => 1,
                _ => 2,
            };
            for (field, boost) in [
                (self.fields.title, schema::TITLE_BOOST),
                (self.fields.body, schema::BODY_BOOST),
            ] {
                let q = FuzzyTermQuery::new(Term::from_field_text(field, stem), distance, true);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
            }
        }
        (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn vocab(&self, guide: &Guide) -> &HashMap<String, u32> {
        self.vocab.get_or_init(|| {
            let mut vocab: HashMap<String, u32> = HashMap::new();
            let mut plain = self.plain.clone();
            let mut stream = plain.token_stream(&guide.text);
            while stream.advance() {
                let w = stream.token().text.as_str();
                match vocab.get_mut(w) {
                    Some(c) => *c += 1,
                    None => {
                        vocab.insert(w.to_string(), 1);
                    }
                }
            }
            vocab
        })
    }
}

/// The targets of ranked documents. A document the guide does not know
/// (an index of another guide) is dropped.
fn targets(
    searcher: &Searcher,
    guide: &Guide,
    top: &[(Score, DocAddress)],
) -> Result<Vec<(Target, f32)>> {
    let mut columns = HashMap::new();
    let mut out = Vec::with_capacity(top.len());
    for &(score, addr) in top {
        let (items, terms) = match columns.get(&addr.segment_ord) {
            Some(c) => c,
            None => {
                let ff = searcher.segment_reader(addr.segment_ord).fast_fields();
                let c = (ff.u64("item")?, ff.u64("term")?);
                columns.entry(addr.segment_ord).or_insert(c)
            }
        };
        let term = terms
            .first(addr.doc_id)
            .and_then(|t| usize::try_from(t).ok());
        let target = match term {
            Some(tid) => (tid < guide.terms.len()).then_some(Target::Term(tid)),
            None => items
                .first(addr.doc_id)
                .and_then(|i| usize::try_from(i).ok())
                .filter(|&id| id < guide.items.len())
                .map(Target::Item),
        };
        out.extend(target.map(|t| (t, score)));
    }
    Ok(out)
}

fn build(
    guide: &Guide,
    matcher: &TermMatcher,
    dir: impl Into<Box<dyn Directory>>,
) -> Result<Index> {
    let (schema, fields) = schema::build_schema();
    let mut writer = Index::builder()
        .schema(schema)
        .tokenizers(schema::tokenizers())
        .single_segment_index_writer(dir, WRITER_BUDGET)?;
    for doc in schema::documents(guide, matcher, &fields) {
        writer.add_document(doc)?;
    }
    Ok(writer.finalize()?)
}

fn marker_text(guide: &Guide) -> String {
    format!("gloss-search v{SCHEMA_VERSION}\n{}\n", guide.hash)
}

fn marker_matches(dir: &Path, guide: &Guide) -> bool {
    std::fs::read_to_string(dir.join(MARKER)).is_ok_and(|s| s == marker_text(guide))
}

fn cache_err(path: &Path, message: impl std::fmt::Display) -> Error {
    Error::Cache {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Opens a complete persisted index, checking every file's checksum. Any
/// failure (including a panic inside tantivy on garbage) is an `Err`.
fn open_dir(dir: &Path) -> Result<Index> {
    let opened = catch_unwind(AssertUnwindSafe(|| -> Result<Index> {
        let mmap = MmapDirectory::open(dir).map_err(|e| cache_err(dir, e))?;
        let mut index = Index::open(mmap)?;
        index.set_tokenizers(schema::tokenizers());
        schema::fields_of(&index.schema())?;
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(cache_err(dir, format!("damaged files {damaged:?}")));
        }
        Ok(index)
    }));
    opened.unwrap_or_else(|_| Err(cache_err(dir, "index files are corrupt")))
}

/// Copies a built index into a fresh sibling folder, marks it complete,
/// then moves it into place, so a reader never sees a half-written index.
fn persist(ram: &RamDirectory, dir: &Path, marker: &str) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| cache_err(parent, e))?;
    let tmp = temp_sibling(dir);
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| cache_err(&tmp, e))?;
    let done = (|| -> Result<()> {
        let mmap = MmapDirectory::open(&tmp).map_err(|e| cache_err(&tmp, e))?;
        ram.persist(&mmap)?;
        drop(mmap);
        std::fs::write(tmp.join(MARKER), marker).map_err(|e| cache_err(&tmp, e))?;
        let current = || std::fs::read_to_string(dir.join(MARKER)).is_ok_and(|m| m == marker);
        if dir.exists() && !current() {
            std::fs::remove_dir_all(dir).map_err(|e| cache_err(dir, e))?;
        }
        if let Err(e) = std::fs::rename(&tmp, dir) {
            // Another process may have finished the same index first.
            if !current() {
                return Err(cache_err(dir, e));
            }
        }
        Ok(())
    })();
    if tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    done
}

fn temp_sibling(dir: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = dir
        .file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(
        ".{name}.build-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "\
# Networking Study Guide

## Part 1 — Transport

### 1.1 Congestion control

TCP backs off when packets are lost. Slow start doubles the window each round trip.

- RTT (Round-Trip Time) — the time for a packet to reach the peer and the acknowledgement to come back.
- Nagle's algorithm: coalesces small writes into one segment.

### 1.2 Part 1 Q&A

#### Q1. Explain slow start.

The sender starts with a small congestion window and doubles it every round trip until loss or the threshold.

#### Q2. Why does head-of-line blocking hurt HTTP/2 over TCP?

One lost packet stalls every stream on the connection, because TCP delivers bytes in order. QUIC fixes this.

#### Q3. How do you measure latency between two hosts?

Ping gives the RTT; for application latency, time a request end to end. Slow start also matters on new connections.

## Part 2 — Naming

### 2.1 DNS

Resolvers cache answers for the record's TTL. A negative answer is cached too.

### 2.2 Part 2 Q&A

#### Q1. What happens when a DNS record's TTL expires?

The resolver discards the cached answer and asks the authoritative server again on the next lookup.
";

    fn guide() -> Guide {
        Guide::parse("net.md", FIXTURE.to_string())
    }

    fn titles(idx: &SearchIndex, g: &Guide, q: &str, f: KindFilter) -> Vec<String> {
        idx.search(g, q, f, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.title)
            .collect()
    }

    #[test]
    fn heading_outranks_passing_mention() {
        let g = guide();
        let idx = SearchIndex::open_or_build(&g, None).expect("index");
        let t = titles(&idx, &g, "slow start", KindFilter::Question);
        assert_eq!(
            t.first().map(String::as_str),
            Some("Q1. Explain slow start."),
            "{t:?}"
        );
        assert!(
            t.iter().any(|x| x.starts_with("Q3.")),
            "passing mention still found: {t:?}"
        );
        let any = idx
            .search(&g, "slow start", KindFilter::Any, 10)
            .expect("search");
        assert!(!any[0].snippet.is_empty());
        assert!(
            any[0].snippet.to_lowercase().contains("slow") || any[0].snippet.contains("doubles")
        );
    }

    #[test]
    fn filters_select_kinds() {
        let g = guide();
        let idx = SearchIndex::open_or_build(&g, None).expect("index");
        let sec = idx
            .search(&g, "DNS", KindFilter::Section, 10)
            .expect("search");
        assert!(!sec.is_empty() && sec.iter().all(|h| h.kind == "section" || h.kind == "part"));
        let terms = idx
            .search(&g, "round trip", KindFilter::Term, 10)
            .expect("search");
        assert_eq!(
            terms.first().map(|h| h.title.as_str()),
            Some("RTT"),
            "{terms:?}"
        );
        let tid = terms[0].term.expect("term id");
        assert_eq!(g.terms[tid].name, "RTT");
        assert_eq!(terms[0].line, g.terms[tid].line);
        assert!(idx
            .search(&g, "round trip", KindFilter::Question, 5)
            .expect("q")
            .iter()
            .all(|h| h.kind == "question"));
    }

    #[test]
    fn alias_expansion_finds_the_acronym() {
        let g = guide();
        let idx = SearchIndex::open_or_build(&g, None).expect("index");
        // Only "RTT" appears in Q3; the query uses the expansion.
        let t = titles(
            &idx,
            &g,
            "round-trip time between hosts",
            KindFilter::Question,
        );
        assert!(t.first().is_some_and(|x| x.starts_with("Q3.")), "{t:?}");
    }

    #[test]
    fn stemming_and_typos() {
        let g = guide();
        let idx = SearchIndex::open_or_build(&g, None).expect("index");
        let t = titles(&idx, &g, "resolver caching", KindFilter::Any);
        assert!(t.iter().take(2).any(|x| x.contains("DNS")), "{t:?}");
        let t = titles(&idx, &g, "congestoin windwo", KindFilter::Question);
        assert!(
            t.first()
                .is_some_and(|x| x.starts_with("Q1. Explain slow start")),
            "{t:?}"
        );
        let t = titles(&idx, &g, "head-of-lnie blocking", KindFilter::Question);
        assert!(t.first().is_some_and(|x| x.starts_with("Q2.")), "{t:?}");
    }

    #[test]
    fn odd_queries_never_fail() {
        let g = guide();
        let idx = SearchIndex::open_or_build(&g, None).expect("index");
        let long = "why slow ".repeat(5000);
        for q in [
            "",
            " ",
            "\"",
            "***",
            "C++",
            "a OR",
            "acks=all",
            "\"unbalanced",
            "é ß 漢字 🙂",
            "(",
            "the",
            &long,
        ] {
            idx.search(&g, q, KindFilter::Any, 10).expect(q);
        }
        assert!(idx
            .search(&g, "slow", KindFilter::Any, 0)
            .expect("zero")
            .is_empty());
        assert!(!idx
            .search(&g, "slow", KindFilter::Any, usize::MAX)
            .expect("max")
            .is_empty());
        // All stop words: still searched rather than empty.
        assert!(!titles(&idx, &g, "what happens", KindFilter::Question).is_empty());
    }

    #[test]
    fn strips_citation_numbers() {
        let g = guide();
        let stripped: Vec<&str> = g.items.iter().map(schema::strip_number).collect();
        assert!(stripped.contains(&"Explain slow start."), "{stripped:?}");
        assert!(stripped.contains(&"Congestion control"), "{stripped:?}");
        assert!(stripped.contains(&"Transport"), "{stripped:?}");
    }

    #[test]
    fn persisted_index_reopens_and_corruption_rebuilds() {
        let g = guide();
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("idx");
        let built = SearchIndex::open_or_build(&g, Some(&dir)).expect("build");
        assert!(!built.reused());
        built.wait_persisted().expect("persisted");
        assert!(dir.join(MARKER).exists());
        drop(built);
        let again = SearchIndex::open_or_build(&g, Some(&dir)).expect("reopen");
        assert!(again.reused(), "reopened without rebuild");
        assert!(!titles(&again, &g, "slow start", KindFilter::Any).is_empty());
        drop(again);

        // Another guide's marker: wiped and rebuilt.
        let other = Guide::parse("other.md", format!("{FIXTURE}\nmore\n"));
        let rebuilt = SearchIndex::open_or_build(&other, Some(&dir)).expect("rebuild");
        assert!(!rebuilt.reused());
        rebuilt.wait_persisted().expect("persisted");
        drop(rebuilt);
        assert!(SearchIndex::open_or_build(&other, Some(&dir))
            .expect("reopen")
            .reused());

        // Garbage files behind a valid marker: an error, not a panic.
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            if entry.file_name() != MARKER {
                std::fs::write(entry.path(), b"garbage").expect("corrupt");
            }
        }
        assert!(SearchIndex::open_or_build(&other, Some(&dir)).is_err());
        // Missing marker: rebuilt in place.
        std::fs::remove_file(dir.join(MARKER)).expect("rm marker");
        let fresh = SearchIndex::open_or_build(&other, Some(&dir)).expect("fresh");
        assert!(!fresh.reused());
        assert!(!titles(&fresh, &other, "DNS", KindFilter::Any).is_empty());

        // A directory that is not an index at all, with a forged marker.
        let junk = tmp.path().join("junk");
        std::fs::create_dir_all(&junk).expect("mkdir");
        std::fs::write(junk.join(MARKER), marker_text(&g)).expect("marker");
        std::fs::write(junk.join("meta.json"), b"{not json").expect("meta");
        assert!(SearchIndex::open_or_build(&g, Some(&junk)).is_err());
    }
}
