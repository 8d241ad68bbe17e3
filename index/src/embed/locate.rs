//! Which model folder to use: the `model` config key, else `$GLOSS_MODEL`,
//! else the default model installed by `gloss model fetch` in the cache.

use std::path::{Path, PathBuf};

use crate::cache::Cache;

/// Folder name of the default model inside `<cache>/models/`.
pub const DEFAULT_MODEL: &str = "all-minilm-l6-v2";
/// Environment variable naming a model folder (below the config key).
pub const MODEL_ENV: &str = "GLOSS_MODEL";

/// Where the chosen model folder came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelOrigin {
    /// The `model` key of gloss.toml or the editor settings.
    Config,
    /// `$GLOSS_MODEL`.
    Env,
    /// `<cache>/models/all-minilm-l6-v2`, where `gloss model fetch` installs.
    Cache,
}

impl ModelOrigin {
    pub fn describe(self) -> &'static str {
        match self {
            ModelOrigin::Config => "the `model` setting",
            ModelOrigin::Env => "$GLOSS_MODEL",
            ModelOrigin::Cache => "the gloss cache",
        }
    }
}

/// The model folder gloss would use; it may not exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelChoice {
    pub dir: PathBuf,
    pub origin: ModelOrigin,
}

impl ModelChoice {
    /// Whether the folder holds the three files a model needs (cheap; does
    /// not load it).
    pub fn looks_installed(&self) -> bool {
        [
            super::embedder::CONFIG_FILE,
            super::embedder::WEIGHTS_FILE,
            super::embedder::TOKENIZER_FILE,
        ]
        .iter()
        .all(|f| self.dir.join(f).is_file())
    }
}

/// Where `gloss model fetch` installs the default model.
pub fn default_model_dir(cache: &Cache) -> PathBuf {
    cache.root().join("models").join(DEFAULT_MODEL)
}

/// The model to use. `configured` is the `model` key (relative paths are
/// relative to `root`, the workspace root); `None` when no cache location
/// is known and nothing is configured.
pub fn choose_model(
    configured: Option<&str>,
    root: &Path,
    cache: Option<&Cache>,
) -> Option<ModelChoice> {
    if let Some(path) = configured.filter(|p| !p.trim().is_empty()) {
        return Some(ModelChoice {
            dir: resolve(root, path),
            origin: ModelOrigin::Config,
        });
    }
    if let Some(path) = std::env::var_os(MODEL_ENV).filter(|p| !p.is_empty()) {
        return Some(ModelChoice {
            dir: resolve(root, &path.to_string_lossy()),
            origin: ModelOrigin::Env,
        });
    }
    cache.map(|c| ModelChoice {
        dir: default_model_dir(c),
        origin: ModelOrigin::Cache,
    })
}

fn resolve(root: &Path, path: &str) -> PathBuf {
    let expanded = match path.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or_else(|| PathBuf::from(path)),
        None => PathBuf::from(path),
    };
    if expanded.is_absolute() {
        expanded
    } else {
        root.join(expanded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_key_wins_and_is_relative_to_the_root() {
        let cache = Cache::new("/c");
        let c = choose_model(Some("models/bge"), Path::new("/ws"), Some(&cache)).unwrap();
        assert_eq!(c.dir, PathBuf::from("/ws/models/bge"));
        assert_eq!(c.origin, ModelOrigin::Config);
        let abs = choose_model(Some("/m"), Path::new("/ws"), None).unwrap();
        assert_eq!(abs.dir, PathBuf::from("/m"));
        assert!(!abs.looks_installed());
    }
}
