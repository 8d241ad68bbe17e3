//! Shared by the quality tests: the user's real guide and sample
//! evaluation sets in `../shared` (present in CI, absent in a bare clone).
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gloss_index::LoadedGuide;
use serde_json::Value;

/// `../shared`, or `None` (with a SKIP line) when it is not beside the repo.
pub fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if dir.join("guide/DISTRIBUTED_SYSTEMS.md").exists() {
        Some(dir)
    } else {
        eprintln!("SKIP: ../shared not present");
        None
    }
}

/// The shared guide, parsed and indexed in memory.
pub fn load(shared: &Path) -> LoadedGuide {
    LoadedGuide::load(&shared.join("guide/DISTRIBUTED_SYSTEMS.md"), None).expect("guide loads")
}

/// One of the sample evaluation sets.
pub fn eval(shared: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(shared.join("eval").join(name)).expect("eval file");
    serde_json::from_str(&text).expect("eval json")
}

/// The embedding model gloss would use (`$GLOSS_MODEL`, else the copy
/// `gloss model fetch` installed in the cache), or `None` with a SKIP line.
pub fn model_dir() -> Option<PathBuf> {
    let cache = gloss_index::cache::Cache::default_location();
    let choice = gloss_index::embed::choose_model(None, Path::new("."), cache.as_ref())?;
    if choice.looks_installed() {
        Some(choice.dir)
    } else {
        eprintln!(
            "SKIP: no embedding model at {} (run `gloss model fetch` or set GLOSS_MODEL)",
            choice.dir.display()
        );
        None
    }
}

/// The model, loaded once per test binary.
pub fn embedder() -> Option<&'static gloss_index::embed::Embedder> {
    static MODEL: std::sync::OnceLock<Option<gloss_index::embed::Embedder>> =
        std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| {
            let dir = model_dir()?;
            Some(gloss_index::embed::Embedder::load(&dir).expect("the installed model loads"))
        })
        .as_ref()
}
