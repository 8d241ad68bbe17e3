//! The optional meaning-based half of coverage: sentence embeddings of the
//! key points (computed once per guide version) against the draft's
//! sentences (cached by text, so a keystroke re-embeds only what changed).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Anything that turns sentences into L2-normalised vectors.
pub trait SentenceEmbedder: Send + Sync {
    /// Names the model: vectors of different ids are never compared.
    fn id(&self) -> &str;
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String>;
}

/// Dot product of two normalised vectors (their cosine).
pub(crate) fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Remembers the vectors of recent texts; forgets everything past a bound
/// (drafts change slowly, so what is re-embedded after a reset is small).
pub struct CachedEmbedder<E> {
    inner: E,
    cache: Mutex<HashMap<String, Arc<Vec<f32>>>>,
    bound: usize,
}

impl<E: SentenceEmbedder> CachedEmbedder<E> {
    pub fn new(inner: E, bound: usize) -> Self {
        CachedEmbedder {
            inner,
            cache: Mutex::new(HashMap::new()),
            bound,
        }
    }
}

impl<E: SentenceEmbedder> SentenceEmbedder for CachedEmbedder<E> {
    fn id(&self) -> &str {
        self.inner.id()
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let missing: Vec<&str> = {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            texts
                .iter()
                .copied()
                .filter(|t| !cache.contains_key(*t))
                .collect()
        };
        let fresh = if missing.is_empty() {
            Vec::new()
        } else {
            self.inner.embed(&missing)?
        };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() + fresh.len() > self.bound {
            cache.clear();
        }
        for (t, v) in missing.iter().zip(fresh) {
            cache.insert((*t).to_string(), Arc::new(v));
        }
        texts
            .iter()
            .map(|t| {
                cache
                    .get(*t)
                    .map(|v| v.as_ref().clone())
                    .ok_or_else(|| "embedding missing".to_string())
            })
            .collect()
    }
}

/// The search-by-meaning model serves coverage too (one model in memory).
impl SentenceEmbedder for crate::embed::Embedder {
    fn id(&self) -> &str {
        crate::embed::Embedder::id(self)
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        crate::embed::Embedder::embed(self, texts).map_err(|e| e.to_string())
    }
}

/// A shared model (the server keeps one `Arc<Embedder>` for everything).
impl<T: SentenceEmbedder + ?Sized> SentenceEmbedder for Arc<T> {
    fn id(&self) -> &str {
        (**self).id()
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        (**self).embed(texts)
    }
}
