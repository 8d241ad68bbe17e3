//! Search and related-items on loaded guides, by meaning when the guide's
//! vectors are in place and the model is loaded, lexically otherwise.
//!
//! The vectors of a [`LoadedGuide`] are set once ([`LoadedGuide::set_vectors`]),
//! after a background build; a changed guide is a new `LoadedGuide`, so
//! vectors of an old version can never answer for a new one.

use std::sync::{Arc, OnceLock};

use crate::embed::{normalize, split_passages, Embedder, GuideVectors, PASSAGE_WORDS};
use crate::error::Result;
use crate::library::{GuideId, Library, LoadedGuide};
use crate::search::{Hit, KindFilter, RELATED_FUSION, SEARCH_FUSION};

/// Passages of a note embedded for `related` (its first ones).
const NOTE_PASSAGES: usize = 8;

/// The guide's vectors, set once per `LoadedGuide` (a derived slot, so
/// `library` never depends on this module).
#[derive(Default)]
struct VectorSlot(OnceLock<Arc<GuideVectors>>);

impl LoadedGuide {
    fn vector_slot(&self) -> Arc<VectorSlot> {
        self.derived(|_| VectorSlot::default())
    }

    /// Installs the guide's vectors. Refused (false) when they belong to
    /// another version of the guide or vectors are already set.
    pub fn set_vectors(&self, vectors: Arc<GuideVectors>) -> bool {
        vectors.guide_hash() == self.guide.hash && self.vector_slot().0.set(vectors).is_ok()
    }

    /// The guide's vectors, once set.
    pub fn vectors(&self) -> Option<Arc<GuideVectors>> {
        self.vector_slot().0.get().cloned()
    }

    /// Vectors usable with `embedder` (same model), if set.
    fn vectors_for(&self, embedder: Option<&Embedder>) -> Option<Arc<GuideVectors>> {
        let e = embedder?;
        self.vectors().filter(|v| v.model_id() == e.id())
    }

    /// Hybrid search when possible (`query_vec` given and vectors of that
    /// model set), else lexical.
    pub fn search_with(
        &self,
        query: &str,
        query_vec: Option<&[f32]>,
        vectors: Option<&GuideVectors>,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let search = self.search()?;
        match (query_vec, vectors) {
            (Some(qv), Some(v)) => {
                search.search_fused(&self.guide, query, qv, v, filter, limit, SEARCH_FUSION)
            }
            _ => search.search(&self.guide, query, filter, limit),
        }
    }

    /// Guide items related to `note` (a note's section or whole text).
    pub fn related(
        &self,
        note: &str,
        filter: KindFilter,
        limit: usize,
        embedder: Option<&Embedder>,
    ) -> Result<Vec<Hit>> {
        let vectors = self.vectors_for(embedder);
        let note_vec = match (embedder, &vectors) {
            (Some(e), Some(_)) => note_vector(e, note),
            _ => None,
        };
        self.related_with(note, note_vec.as_deref(), vectors.as_deref(), filter, limit)
    }

    /// [`LoadedGuide::related`] with the note's vector computed by the caller.
    pub fn related_with(
        &self,
        note: &str,
        note_vec: Option<&[f32]>,
        vectors: Option<&GuideVectors>,
        filter: KindFilter,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let search = self.search()?;
        let q = search.related_query(&self.guide, note);
        match (note_vec, vectors) {
            (Some(nv), Some(v)) => {
                search.search_fused(&self.guide, &q, nv, v, filter, limit, RELATED_FUSION)
            }
            _ => search.search(&self.guide, &q, filter, limit),
        }
    }
}

/// One vector for a note: the normalised mean of its first passages.
/// `None` when the note is empty or the model fails (logged).
pub fn note_vector(embedder: &Embedder, note: &str) -> Option<Vec<f32>> {
    let parts = split_passages(note, PASSAGE_WORDS);
    let texts: Vec<&str> = parts
        .iter()
        .take(NOTE_PASSAGES)
        .map(String::as_str)
        .collect();
    if texts.is_empty() {
        return None;
    }
    match embedder.embed(&texts) {
        Ok(vs) => {
            let mut mean = vec![0f32; embedder.dims()];
            for v in &vs {
                mean.iter_mut().zip(v).for_each(|(m, x)| *m += x);
            }
            normalize(&mut mean);
            Some(mean)
        }
        Err(e) => {
            tracing::warn!("cannot embed the note ({e}); related items are lexical");
            None
        }
    }
}

/// The query's vector, or `None` (logged) when the model fails.
pub fn query_vector(embedder: &Embedder, query: &str) -> Option<Vec<f32>> {
    match embedder.embed_one(query) {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!("cannot embed the query ({e}); searching lexically");
            None
        }
    }
}

impl Library {
    /// Whether every guide has vectors for `embedder`'s model.
    pub fn semantic_ready(&self, embedder: &Embedder) -> bool {
        !self.guides.is_empty()
            && self
                .guides
                .iter()
                .all(|g| g.vectors_for(Some(embedder)).is_some())
    }

    /// Ranked hits across guides: hybrid for guides with vectors of
    /// `embedder`'s model, lexical for the others (and without a model).
    /// The query is embedded once.
    pub fn search_semantic(
        &self,
        query: &str,
        filter: KindFilter,
        limit: usize,
        embedder: Option<&Embedder>,
    ) -> Result<Vec<(GuideId, Hit)>> {
        self.across_guides(
            limit,
            embedder,
            |e| query_vector(e, query),
            |g, qv, v| g.search_with(query, qv, v, filter, limit),
        )
    }

    /// Items related to `note` across guides, best first.
    pub fn related(
        &self,
        note: &str,
        filter: KindFilter,
        limit: usize,
        embedder: Option<&Embedder>,
    ) -> Result<Vec<(GuideId, Hit)>> {
        self.across_guides(
            limit,
            embedder,
            |e| note_vector(e, note),
            |g, nv, v| g.related_with(note, nv, v, filter, limit),
        )
    }

    /// The best `limit` hits of `per_guide` over every guide. The text is
    /// embedded (by `embed`) once, and only when some guide has vectors of
    /// `embedder`'s model.
    fn across_guides(
        &self,
        limit: usize,
        embedder: Option<&Embedder>,
        embed: impl FnOnce(&Embedder) -> Option<Vec<f32>>,
        per_guide: impl Fn(&LoadedGuide, Option<&[f32]>, Option<&GuideVectors>) -> Result<Vec<Hit>>,
    ) -> Result<Vec<(GuideId, Hit)>> {
        let any = self
            .guides
            .iter()
            .any(|g| g.vectors_for(embedder).is_some());
        let vector = match embedder {
            Some(e) if any && limit > 0 => embed(e),
            _ => None,
        };
        let mut all = Vec::new();
        for (gid, g) in self.guides.iter().enumerate() {
            let v = g.vectors_for(embedder);
            for hit in per_guide(g, vector.as_deref(), v.as_deref())? {
                all.push((gid, hit));
            }
        }
        all.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
        all.truncate(limit);
        Ok(all)
    }
}
