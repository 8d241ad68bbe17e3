//! A set of loaded guides and the queries that span them.
//!
//! Layering: this module bundles a parsed guide with its term matcher and
//! search index. Analyses built on top (`drafts`) import it; it imports
//! none of them and keeps their per-guide data in an untyped [`Derived`]
//! slot.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crate::cache::Cache;
use crate::derived::Derived;
use crate::error::{Error, Result};
use crate::guide::read_utf8;
use crate::model::{Guide, ItemId, TermId};
use crate::refs::Reference;
use crate::search::{Hit, KindFilter, SearchIndex};
use crate::terms::{TermMatch, TermMatcher};

/// Index of a guide in `Library::guides`.
pub type GuideId = usize;

/// A guide with its term matcher and search index.
pub struct LoadedGuide {
    pub guide: Guide,
    /// Built at load (hover needs it); the search index shares it.
    pub matcher: Arc<TermMatcher>,
    /// Built on first use ([`LoadedGuide::search`]): hover and definition
    /// need only the matcher, and the index is much of a cold load. A
    /// failure is kept, so it is not retried on every query.
    search: OnceLock<std::result::Result<SearchIndex, String>>,
    /// This guide's cache folder, if it has one.
    cache: Option<(Cache, PathBuf)>,
    /// The model was parsed, not read from `cache`, and is not written yet.
    model_unsaved: AtomicBool,
    /// What higher layers derive from this guide (e.g. the draft-analysis
    /// model), built on first use.
    derived: Derived,
}

impl LoadedGuide {
    /// Reads a guide file, reusing the persisted model (and, on first
    /// search, index) when the cache has this exact content.
    pub fn load(path: &Path, cache: Option<&Cache>) -> Result<LoadedGuide> {
        let text = read_utf8(path)?;
        Self::from_text(path, text, cache)
    }

    /// Parses `text` (or reads its cached model). Never builds the search
    /// index; a freshly parsed model is written to the cache by
    /// [`LoadedGuide::warm`] or on drop, off the path to the first answer.
    pub fn from_text(path: &Path, text: String, cache: Option<&Cache>) -> Result<LoadedGuide> {
        let Some(cache) = cache else {
            return Ok(Self::assemble(Guide::parse(path, text), None, false));
        };
        let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        let dir = cache.guide_dir(&hash);
        let (guide, unsaved) = match read_model(&dir, &hash) {
            Some(mut guide) => {
                guide.path = path.to_path_buf();
                cache.touch(&dir);
                (guide, false)
            }
            None => (Guide::parse(path, text), true),
        };
        Ok(Self::assemble(guide, Some((cache.clone(), dir)), unsaved))
    }

    fn assemble(guide: Guide, cache: Option<(Cache, PathBuf)>, unsaved: bool) -> LoadedGuide {
        LoadedGuide {
            matcher: Arc::new(TermMatcher::new(&guide)),
            guide,
            search: OnceLock::new(),
            cache,
            model_unsaved: AtomicBool::new(unsaved),
            derived: Derived::default(),
        }
    }

    /// The search index, opened from the cache or built on first use;
    /// concurrent first callers wait for the one build.
    pub fn search(&self) -> Result<&SearchIndex> {
        self.search
            .get_or_init(|| {
                self.open_search().map_err(|e| {
                    tracing::error!("no search index for {}: {e}", self.guide.path.display());
                    e.to_string()
                })
            })
            .as_ref()
            .map_err(|e| Error::Unavailable(e.clone()))
    }

    /// Whether [`LoadedGuide::search`] would answer without building.
    pub fn search_ready(&self) -> bool {
        self.search.get().is_some()
    }

    /// Does the work that loading defers: builds (or opens) the search
    /// index and writes a freshly parsed model to the cache.
    pub fn warm(&self) {
        let _ = self.search();
        self.save_model();
    }

    fn open_search(&self) -> Result<SearchIndex> {
        let matcher = || Arc::clone(&self.matcher);
        let Some((_, dir)) = &self.cache else {
            return SearchIndex::open_or_build_with(&self.guide, matcher(), None);
        };
        let index_dir = dir.join("tantivy");
        match SearchIndex::open_or_build_with(&self.guide, matcher(), Some(&index_dir)) {
            Ok(s) => Ok(s),
            Err(e) => {
                // A corrupt or half-written cache: drop it and rebuild once,
                // else answer from an index in memory.
                tracing::warn!(
                    "index cache {} unusable ({e}); rebuilding",
                    index_dir.display()
                );
                let _ = std::fs::remove_dir_all(&index_dir);
                SearchIndex::open_or_build_with(&self.guide, matcher(), Some(&index_dir))
                    .or_else(|_| SearchIndex::open_or_build_with(&self.guide, matcher(), None))
            }
        }
    }

    /// Writes the model to the cache if it was parsed and not written yet.
    fn save_model(&self) {
        let Some((cache, dir)) = &self.cache else {
            return;
        };
        if !self.model_unsaved.swap(false, Ordering::AcqRel) {
            return;
        }
        if let Err(e) = write_model(dir, &self.guide) {
            tracing::warn!("cannot persist guide model in {}: {e}", dir.display());
        }
        // Each edit of a guide makes a new folder: drop old ones.
        cache.touch(dir);
        cache.prune(dir);
    }

    /// The value of type `T` derived from this guide by `build`, built once
    /// and kept for the guide's lifetime.
    pub fn derived<T: std::any::Any + Send + Sync>(
        &self,
        build: impl FnOnce(&Guide) -> T,
    ) -> Arc<T> {
        self.derived.get_or_init(|| build(&self.guide))
    }
}

impl Drop for LoadedGuide {
    /// A short-lived process (the CLI) that never warmed the guide still
    /// leaves its model in the cache.
    fn drop(&mut self) {
        self.save_model();
    }
}

fn read_model(dir: &Path, hash: &str) -> Option<Guide> {
    let bytes = std::fs::read(dir.join("model.bin")).ok()?;
    match postcard::from_bytes::<Guide>(&bytes) {
        Ok(g) if g.hash == hash => Some(g),
        Ok(_) => None,
        Err(e) => {
            tracing::warn!("ignoring corrupt model cache in {}: {e}", dir.display());
            None
        }
    }
}

fn write_model(dir: &Path, guide: &Guide) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let bytes = postcard::to_allocvec(guide).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!("model.bin.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, dir.join("model.bin"))
}

/// Several guides, queried together.
#[derive(Default, Clone)]
pub struct Library {
    pub guides: Vec<Arc<LoadedGuide>>,
}

impl Library {
    pub fn new(guides: Vec<Arc<LoadedGuide>>) -> Self {
        Library { guides }
    }

    pub fn guide(&self, id: GuideId) -> Option<&LoadedGuide> {
        self.guides.get(id).map(|g| g.as_ref())
    }

    pub fn is_empty(&self) -> bool {
        self.guides.is_empty()
    }

    /// Ranked hits across all guides, best first.
    pub fn search(
        &self,
        query: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Vec<(GuideId, Hit)>> {
        let mut all = Vec::new();
        for (gid, g) in self.guides.iter().enumerate() {
            for hit in g.search()?.search(&g.guide, query, filter, limit)? {
                all.push((gid, hit));
            }
        }
        all.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
        all.truncate(limit);
        Ok(all)
    }

    /// The term a name denotes, in the first guide that defines it.
    pub fn define(&self, name: &str) -> Option<(GuideId, TermId)> {
        self.guides
            .iter()
            .enumerate()
            .find_map(|(gid, g)| g.matcher.lookup(name).map(|t| (gid, t)))
    }

    /// The longest term occurrence in `line` covering byte `offset`.
    pub fn term_at(&self, line: &str, offset: usize) -> Option<(GuideId, TermMatch)> {
        self.guides
            .iter()
            .enumerate()
            .filter_map(|(gid, g)| g.matcher.match_at(line, offset).map(|m| (gid, m)))
            .max_by_key(|(_, m)| m.span.len())
    }

    /// Resolves a reference. `context` is where it appears when that is a
    /// guide (a bare `Q5` means that part's Q5); otherwise the first guide
    /// that has the target wins.
    pub fn resolve(
        &self,
        r: &Reference,
        context: Option<(GuideId, ItemId)>,
    ) -> Option<(GuideId, ItemId)> {
        if let Some((gid, item)) = context {
            let g = self.guide(gid)?;
            let part = g.guide.items.get(item).and_then(|it| it.part);
            if let Some(found) = g.guide.resolve(r, part) {
                return Some((gid, found));
            }
        }
        self.guides
            .iter()
            .enumerate()
            .find_map(|(gid, g)| g.guide.resolve(r, None).map(|i| (gid, i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Tiny guide\n\n## Part 1 — Basics\n\n### 1.1 Widgets\n\n- Sprocket — a toothed wheel that drives a chain.\n\n### 1.2 Part 1 Q&A\n\n#### Q1. What is a sprocket?\n\nA toothed wheel.\n";

    fn load(dir: &Path) -> (Cache, PathBuf, LoadedGuide) {
        let path = dir.join("g.md");
        std::fs::write(&path, GUIDE).expect("write guide");
        let cache = Cache::new(dir.join("cache"));
        let g = LoadedGuide::load(&path, Some(&cache)).expect("load");
        (cache, path, g)
    }

    #[test]
    fn load_defers_index_and_model_until_warm() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (cache, path, g) = load(tmp.path());
        let dir = cache.guide_dir(&g.guide.hash);
        assert!(!g.search_ready());
        assert!(!dir.join("model.bin").exists());
        assert!(
            g.matcher.lookup("sprocket").is_some(),
            "hover needs no index"
        );

        g.warm();
        assert!(g.search_ready());
        assert!(dir.join("model.bin").exists());
        let search = g.search().expect("index");
        assert!(!search.reused());
        search.wait_persisted().expect("persisted");
        drop(g);

        let again = LoadedGuide::load(&path, Some(&cache)).expect("warm load");
        assert!(
            !again.model_unsaved.load(Ordering::Relaxed),
            "model read back"
        );
        assert!(again.search().expect("index").reused());
    }

    #[test]
    fn drop_saves_an_unwarmed_model() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (cache, _, g) = load(tmp.path());
        let dir = cache.guide_dir(&g.guide.hash);
        drop(g);
        assert!(dir.join("model.bin").exists());
        assert!(
            !dir.join("tantivy").exists(),
            "never searched, never indexed"
        );
    }

    #[test]
    fn concurrent_first_searches_share_one_index() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (_, _, g) = load(tmp.path());
        let found: Vec<usize> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| g.search().expect("index") as *const SearchIndex as usize))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("join"))
                .collect()
        });
        assert!(found.windows(2).all(|w| w[0] == w[1]), "{found:?}");
    }
}
