//! Where persisted indexes live: `$GLOSS_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/gloss`, else `~/.cache/gloss`; one folder per guide
//! content hash, so an unchanged guide reopens without a rebuild.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Guide folders kept; each edit of a guide makes a new one.
const KEEP_ENTRIES: usize = 16;
/// A half-written index folder this old belongs to a process that died.
const STALE_BUILD: Duration = Duration::from_secs(3600);

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

    /// Marks a guide folder as just used, so pruning keeps it.
    pub fn touch(&self, dir: &Path) {
        let stamp = dir.join(USED_STAMP);
        let now = SystemTime::now();
        let touched = std::fs::File::open(&stamp).and_then(|f| f.set_modified(now));
        if touched.is_err() {
            let _ = std::fs::write(&stamp, b"");
        }
    }

    /// Removes guide folders beyond the [`KEEP_ENTRIES`] most recently used
    /// (never `keep`), and index copies left half-written by a dead process.
    /// Best effort: a folder another process holds open just stays.
    pub fn prune(&self, keep: &Path) {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return;
        };
        let now = SystemTime::now();
        let mut dirs: Vec<(SystemTime, PathBuf)> = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            // Only folders named by `guide_dir`: `GLOSS_CACHE_DIR` may point
            // somewhere shared, and nothing else there is ours to delete.
            if !path.is_dir() || path == keep || !is_guide_dir_name(&entry.file_name()) {
                continue;
            }
            remove_stale_builds(&path, now);
            let used = std::fs::metadata(path.join(USED_STAMP))
                .or_else(|_| entry.metadata())
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            dirs.push((used, path));
        }
        dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
        for (_, path) in dirs.into_iter().skip(KEEP_ENTRIES.saturating_sub(1)) {
            tracing::debug!("pruning cache folder {}", path.display());
            let _ = std::fs::remove_dir_all(path);
        }
        remove_stale_builds(keep, now);
    }
}

/// `v{FORMAT_VERSION}-…`, as [`Cache::guide_dir`] names folders.
fn is_guide_dir_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.strip_prefix('v')
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(version, _)| {
            !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Touched on every use of a guide folder.
const USED_STAMP: &str = "used";

/// `.tantivy.build-*` folders older than [`STALE_BUILD`] inside `dir`.
fn remove_stale_builds(dir: &Path, now: SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().contains(".build-") {
            continue;
        }
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok());
        if age.is_some_and(|a| a > STALE_BUILD) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn age(path: &Path, secs: u64) {
        let t = SystemTime::now() - Duration::from_secs(secs);
        std::fs::File::open(path)
            .and_then(|f| f.set_modified(t))
            .expect("set mtime");
    }

    #[test]
    fn prune_keeps_recent_folders_and_drops_dead_builds() {
        let root = tempfile::tempdir().expect("tempdir");
        let cache = Cache::new(root.path());
        let mut dirs = Vec::new();
        for i in 0..KEEP_ENTRIES + 4 {
            let d = cache.guide_dir(&format!("{i:032}"));
            std::fs::create_dir_all(&d).expect("mkdir");
            cache.touch(&d);
            // Older folders first: folder 0 was used longest ago.
            age(&d.join(USED_STAMP), 1000 - i as u64);
            dirs.push(d);
        }
        // Someone else's folders in the same root are never touched.
        let foreign = root.path().join("notes-backup");
        std::fs::create_dir_all(&foreign).expect("mkdir");
        age(&foreign, 1_000_000);
        let keep = &dirs[0];
        let dead = keep.join(".tantivy.build-1-0");
        let live = keep.join(".tantivy.build-2-0");
        std::fs::create_dir_all(&dead).expect("mkdir");
        std::fs::create_dir_all(&live).expect("mkdir");
        age(&dead, 2 * STALE_BUILD.as_secs());
        cache.prune(keep);
        let left: Vec<bool> = dirs.iter().map(|d| d.exists()).collect();
        assert_eq!(left.iter().filter(|&&x| x).count(), KEEP_ENTRIES);
        assert!(left[0], "the folder in use stays");
        assert!(!left[1] && !left[4], "the least recently used go");
        assert!(left[KEEP_ENTRIES + 3], "the most recently used stay");
        assert!(!dead.exists() && live.exists());
        assert!(foreign.exists(), "a folder gloss did not name stays");
    }
}
