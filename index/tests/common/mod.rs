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
