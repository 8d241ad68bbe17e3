//! The vectors of one guide: one per passage (see `passages`), cached in
//! the guide's cache folder (`vectors-<model id>.bin`, next to `tantivy/`).
//!
//! Building reuses every passage whose text was embedded before by the
//! same model — in any cached version of the guide, including the partial
//! file an interrupted build leaves — so an edit re-embeds only the
//! passages it changed. Builds report progress after each small batch and
//! stop at the next batch when `cancel()` turns true (a new version of the
//! guide superseded this one).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::embedder::{dot, Embedder};
use super::error::ModelError;
use super::passages::{passages, Target};
use super::store::{self, Key, Records};
use crate::cache::Cache;
use crate::model::Guide;

/// Passages per inference batch: small, so a cancel or a query waiting
/// for the pool is never held up long (and padding stays short).
const BATCH: usize = 8;

/// How far a build has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Passages with a vector (reused or embedded).
    pub done: usize,
    pub total: usize,
    /// Of `done`, those taken from a cache rather than embedded.
    pub reused: usize,
}

/// What a build did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BuildStats {
    pub passages: usize,
    pub reused: usize,
    pub embedded: usize,
    /// Opened whole from this guide version's cache file.
    pub from_cache: bool,
}

/// Unit vectors for the passages of one guide version, for one model.
#[derive(Debug, Clone)]
pub struct GuideVectors {
    model_id: String,
    guide_hash: String,
    dims: usize,
    records: Records,
}

impl GuideVectors {
    /// Name of the cache file for vectors of `model_id`.
    pub fn file_name(model_id: &str) -> String {
        format!("vectors-{model_id}.bin")
    }

    fn partial_name(model_id: &str) -> String {
        format!("vectors-{model_id}.partial")
    }

    /// The model that made these vectors.
    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    /// The guide version (content hash) they belong to.
    pub fn guide_hash(&self) -> &str {
        &self.guide_hash
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Number of passages.
    pub fn len(&self) -> usize {
        self.records.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Vectors given directly (tests, or vectors computed elsewhere); each
    /// must have `dims` entries and a target that exists in `guide`.
    pub fn from_vectors(
        guide: &Guide,
        model_id: &str,
        dims: usize,
        vectors: Vec<(Target, Vec<f32>)>,
    ) -> Option<Self> {
        let mut records = Records::default();
        for (t, v) in vectors {
            let exists = match t {
                Target::Item(i) => i < guide.items.len(),
                Target::Term(i) => i < guide.terms.len(),
            };
            if v.len() != dims || !exists {
                return None;
            }
            records.targets.push(t);
            records.keys.push(store::key(&format!("{t:?}")));
            records.data.extend_from_slice(&v);
        }
        Some(GuideVectors {
            model_id: model_id.to_string(),
            guide_hash: guide.hash.clone(),
            dims,
            records,
        })
    }

    /// Opens the cached vectors of exactly this guide version, if complete.
    pub fn open_cached(guide: &Guide, guide_dir: &Path, embedder: &Embedder) -> Option<Self> {
        Self::open_file(
            &guide_dir.join(Self::file_name(embedder.id())),
            guide,
            embedder.id(),
            embedder.dims(),
        )
    }

    /// Opens a vector file for `guide` by model id and size (no model needed).
    pub fn open_file(path: &Path, guide: &Guide, model_id: &str, dims: usize) -> Option<Self> {
        let records = store::read(path, model_id, Some(&guide.hash), dims)?;
        let valid = records.targets.iter().all(|t| match *t {
            Target::Item(i) => i < guide.items.len(),
            Target::Term(i) => i < guide.terms.len(),
        });
        valid.then(|| GuideVectors {
            model_id: model_id.to_string(),
            guide_hash: guide.hash.clone(),
            dims,
            records,
        })
    }

    /// The cached vectors of this guide version, else builds them (reusing
    /// what any cached version embedded) and caches them. Without a cache
    /// everything is embedded and nothing is written.
    pub fn load_or_build(
        guide: &Guide,
        embedder: &Embedder,
        cache: Option<&Cache>,
        progress: &mut dyn FnMut(Progress),
        cancel: &dyn Fn() -> bool,
    ) -> Result<(Self, BuildStats), ModelError> {
        let Some(cache) = cache else {
            return Self::build(guide, embedder, &HashMap::new(), None, progress, cancel);
        };
        let dir = cache.guide_dir(&guide.hash);
        if let Some(v) = Self::open_cached(guide, &dir, embedder) {
            let stats = BuildStats {
                passages: v.len(),
                reused: v.len(),
                embedded: 0,
                from_cache: true,
            };
            progress(Progress {
                done: v.len(),
                total: v.len(),
                reused: v.len(),
            });
            return Ok((v, stats));
        }
        let known = known_vectors(cache, embedder);
        Self::build(guide, embedder, &known, Some(&dir), progress, cancel)
    }

    /// Embeds every passage of `guide` not in `known` (key → vector).
    /// With `dir`, the result is written there, and on cancel the vectors
    /// embedded so far are kept in a partial file for the next build.
    pub fn build(
        guide: &Guide,
        embedder: &Embedder,
        known: &HashMap<Key, Vec<f32>>,
        dir: Option<&Path>,
        progress: &mut dyn FnMut(Progress),
        cancel: &dyn Fn() -> bool,
    ) -> Result<(Self, BuildStats), ModelError> {
        let dims = embedder.dims();
        let ps = passages(guide);
        let total = ps.len();
        let keys: Vec<Key> = ps.iter().map(|p| store::key(&p.text)).collect();
        let mut vectors: Vec<Option<Vec<f32>>> = keys
            .iter()
            .map(|k| known.get(k).filter(|v| v.len() == dims).cloned())
            .collect();
        let reused = vectors.iter().filter(|v| v.is_some()).count();
        // Embed the rest shortest first: batches of similar length pad little.
        let mut todo: Vec<usize> = (0..total).filter(|&i| vectors[i].is_none()).collect();
        todo.sort_by_key(|&i| ps[i].text.len());
        let mut done = reused;
        progress(Progress {
            done,
            total,
            reused,
        });
        for batch in todo.chunks(BATCH) {
            if cancel() {
                if let Some(dir) = dir {
                    save_partial(dir, embedder, guide, &keys, &vectors);
                }
                return Err(ModelError::Cancelled);
            }
            let texts: Vec<&str> = batch.iter().map(|&i| ps[i].text.as_str()).collect();
            let out = embedder.embed_in_background(&texts)?;
            for (&i, v) in batch.iter().zip(out) {
                vectors[i] = Some(v);
            }
            done += batch.len();
            progress(Progress {
                done,
                total,
                reused,
            });
        }
        let mut data = Vec::with_capacity(total * dims);
        for v in &vectors {
            match v {
                Some(v) => data.extend_from_slice(v),
                None => return Err(ModelError::Inference("a passage has no vector".into())),
            }
        }
        let records = Records {
            targets: ps.iter().map(|p| p.target).collect(),
            keys,
            data,
        };
        let gv = GuideVectors {
            model_id: embedder.id().to_string(),
            guide_hash: guide.hash.clone(),
            dims,
            records,
        };
        if let Some(dir) = dir {
            let path = dir.join(Self::file_name(embedder.id()));
            if let Err(e) = store::write(&path, embedder.id(), &guide.hash, dims, &gv.records) {
                tracing::warn!("cannot cache vectors in {}: {e}", path.display());
            }
            let _ = std::fs::remove_file(dir.join(Self::partial_name(embedder.id())));
        }
        let stats = BuildStats {
            passages: total,
            reused,
            embedded: total - reused,
            from_cache: false,
        };
        Ok((gv, stats))
    }

    /// Each target's best passage cosine with `query` (a unit vector).
    pub fn scores(&self, query: &[f32]) -> HashMap<Target, f32> {
        let mut best: HashMap<Target, f32> = HashMap::new();
        if query.len() != self.dims || self.dims == 0 {
            return best;
        }
        for (t, v) in self
            .records
            .targets
            .iter()
            .zip(self.records.data.chunks_exact(self.dims))
        {
            let s = dot(query, v);
            best.entry(*t).and_modify(|b| *b = b.max(s)).or_insert(s);
        }
        best
    }

    /// Key → vector of every passage, for reuse by another build.
    pub fn known(&self) -> HashMap<Key, Vec<f32>> {
        self.records
            .keys
            .iter()
            .zip(self.records.data.chunks_exact(self.dims.max(1)))
            .map(|(k, v)| (*k, v.to_vec()))
            .collect()
    }
}

/// Vectors this model made for any cached guide version (complete or
/// partial files), by passage key.
fn known_vectors(cache: &Cache, embedder: &Embedder) -> HashMap<Key, Vec<f32>> {
    let mut known = HashMap::new();
    let Ok(entries) = std::fs::read_dir(cache.root()) else {
        return known;
    };
    let names = [
        GuideVectors::file_name(embedder.id()),
        GuideVectors::partial_name(embedder.id()),
    ];
    let files: Vec<PathBuf> = entries
        .flatten()
        .flat_map(|e| names.iter().map(move |n| e.path().join(n)))
        .filter(|p| p.is_file())
        .collect();
    for f in files {
        if let Some(r) = store::read(&f, embedder.id(), None, embedder.dims()) {
            for (k, v) in r.keys.iter().zip(r.data.chunks_exact(embedder.dims())) {
                known.entry(*k).or_insert_with(|| v.to_vec());
            }
        }
    }
    known
}

fn save_partial(
    dir: &Path,
    embedder: &Embedder,
    guide: &Guide,
    keys: &[Key],
    vectors: &[Option<Vec<f32>>],
) {
    let mut rec = Records::default();
    for (k, v) in keys.iter().zip(vectors) {
        if let Some(v) = v {
            rec.targets.push(Target::Item(0));
            rec.keys.push(*k);
            rec.data.extend_from_slice(v);
        }
    }
    let path = dir.join(GuideVectors::partial_name(embedder.id()));
    if let Err(e) = store::write(&path, embedder.id(), &guide.hash, embedder.dims(), &rec) {
        tracing::debug!("cannot keep partial vectors in {}: {e}", path.display());
    }
}
