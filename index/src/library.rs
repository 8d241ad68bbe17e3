//! A set of loaded guides and the queries that span them.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::cache::Cache;
use crate::error::Result;
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
    /// Shared with the search index, which builds it.
    pub matcher: Arc<TermMatcher>,
    pub search: SearchIndex,
    /// What draft analysis needs of this guide (anchor vocabulary, word
    /// rarity), built on first use.
    pub(crate) drafts_model: OnceLock<Arc<crate::drafts::model::GuideModel>>,
    /// Passage vectors for search by meaning, once embedded (see `embed::hybrid`).
    pub(crate) vectors: OnceLock<Arc<crate::embed::GuideVectors>>,
}

impl LoadedGuide {
    /// Reads a guide file, reusing the persisted model and index when the
    /// cache has this exact content.
    pub fn load(path: &Path, cache: Option<&Cache>) -> Result<LoadedGuide> {
        let text = read_utf8(path)?;
        Self::from_text(path, text, cache)
    }

    pub fn from_text(path: &Path, text: String, cache: Option<&Cache>) -> Result<LoadedGuide> {
        let Some(cache) = cache else {
            let guide = Guide::parse(path, text);
            let search = SearchIndex::open_or_build(&guide, None)?;
            return Ok(Self::assemble(guide, search));
        };
        let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        let dir = cache.guide_dir(&hash);
        let guide = match read_model(&dir, &hash) {
            Some(mut guide) => {
                guide.path = path.to_path_buf();
                cache.touch(&dir);
                guide
            }
            None => {
                let guide = Guide::parse(path, text);
                if let Err(e) = write_model(&dir, &guide) {
                    tracing::warn!("cannot persist guide model in {}: {e}", dir.display());
                }
                // Each edit of a guide makes a new folder: drop old ones.
                cache.touch(&dir);
                cache.prune(&dir);
                guide
            }
        };
        let index_dir = dir.join("tantivy");
        let search = match SearchIndex::open_or_build(&guide, Some(&index_dir)) {
            Ok(s) => s,
            Err(e) => {
                // A corrupt or half-written cache: drop it and rebuild once.
                tracing::warn!(
                    "index cache {} unusable ({e}); rebuilding",
                    index_dir.display()
                );
                let _ = std::fs::remove_dir_all(&index_dir);
                SearchIndex::open_or_build(&guide, Some(&index_dir))
                    .or_else(|_| SearchIndex::open_or_build(&guide, None))?
            }
        };
        Ok(Self::assemble(guide, search))
    }

    fn assemble(guide: Guide, search: SearchIndex) -> LoadedGuide {
        let matcher = search.matcher();
        LoadedGuide {
            guide,
            matcher,
            search,
            drafts_model: OnceLock::new(),
            vectors: OnceLock::new(),
        }
    }

    /// Builds what draft analysis needs now rather than on the first
    /// keystroke in a draft (the server calls this after indexing).
    pub fn prepare_drafts(&self) {
        crate::drafts::model::model(self);
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
            for hit in g.search.search(&g.guide, query, filter, limit)? {
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
