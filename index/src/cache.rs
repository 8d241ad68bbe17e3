//! Where persisted indexes live: `$GLOSS_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/gloss`, else `~/.cache/gloss`; one folder per guide
//! content hash, so an unchanged guide reopens without a rebuild.

use std::path::{Path, PathBuf};

/// Bumped whenever the persisted model or index layout changes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Cache { root: root.into() }
    }

    /// The default location, if a home or cache directory is known.
    pub fn default_location() -> Option<Self> {
        if let Some(dir) = std::env::var_os("GLOSS_CACHE_DIR") {
            return Some(Cache::new(dir));
        }
        if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
            return Some(Cache::new(PathBuf::from(dir).join("gloss")));
        }
        std::env::var_os("HOME").map(|h| Cache::new(PathBuf::from(h).join(".cache").join("gloss")))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder for a guide with this content hash.
    pub fn guide_dir(&self, hash: &str) -> PathBuf {
        let short = hash.get(..32).unwrap_or(hash);
        // The source fingerprint (build.rs) invalidates caches written by
        // a build whose extraction or indexing differed.
        self.root.join(format!(
            "v{FORMAT_VERSION}-{}-{}-{short}",
            env!("CARGO_PKG_VERSION"),
            env!("GLOSS_INDEX_FINGERPRINT")
        ))
    }
}
