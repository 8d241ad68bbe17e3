//! Server state shared by the handlers: workspace, library, open documents,
//! caches. Locks are std locks held only for short, non-async sections.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime};

use gloss_index::cache::Cache;
use gloss_index::config::{Config, Workspace};
use gloss_index::skim::Skim;
use gloss_index::{Guide, GuideId, ItemId, Library, TermMatch};
use tokio::sync::watch;
use tower_lsp::lsp_types::Url;

use super::documents::Document;
use super::position::Encoding;

/// How long requests wait for the first indexing to finish.
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
pub fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}
pub fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|e| e.into_inner())
}

/// What the client told us it supports.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFlags {
    pub work_done_progress: bool,
    pub watch_dynamic: bool,
    pub show_document: bool,
}

/// A scanned markdown file on disk: its text and the term occurrences of one guide.
#[derive(Clone)]
pub struct FileScan {
    pub mtime: SystemTime,
    pub text: Arc<String>,
    pub matches: Arc<Vec<TermMatch>>,
}

/// Questions a draft answers, as (guide path, item, 0-based line of the
/// draft heading), with the draft's mtime.
pub type DraftAnswers = (SystemTime, Arc<Vec<(PathBuf, ItemId, u32)>>);

pub struct State {
    pub cache: Option<Cache>,
    pub root: RwLock<PathBuf>,
    /// `initializationOptions`.
    pub init_config: RwLock<Option<Config>>,
    /// The latest `workspace/didChangeConfiguration` settings.
    pub settings_config: RwLock<Option<Config>>,
    pub workspace: RwLock<Option<Arc<Workspace>>>,
    pub library: RwLock<Arc<Library>>,
    pub docs: RwLock<HashMap<Url, Document>>,
    pub encoding: RwLock<Encoding>,
    pub client: RwLock<ClientFlags>,
    ready_tx: watch::Sender<bool>,
    /// The guides' heading skims, kept from just after workspace discovery
    /// until the first indexing finishes (see [`State::wait_skimmed`]).
    skims: RwLock<Vec<Arc<Skim>>>,
    skimmed_tx: watch::Sender<bool>,
    /// Per-URI generation counters: stale debounced work is dropped.
    pub diag_gen: Mutex<HashMap<Url, u64>>,
    pub reindex_gen: Mutex<HashMap<PathBuf, u64>>,
    /// Term occurrences in each guide's own text, by guide hash.
    pub guide_scans: Mutex<HashMap<String, Arc<Vec<TermMatch>>>>,
    /// Term occurrences in workspace files, by (path, guide hash).
    pub file_scans: Mutex<HashMap<(PathBuf, String), FileScan>>,
    /// Which guide questions each draft answers, by draft mtime.
    pub draft_questions: Mutex<HashMap<PathBuf, DraftAnswers>>,
    /// The embedding model and background embedding (search by meaning).
    pub semantic: super::semantic::Semantic,
    /// Related items of note sections, for the note lenses.
    pub related: super::related::RelatedMemo,
}

impl Default for State {
    fn default() -> Self {
        Self::new(Cache::default_location())
    }
}

impl State {
    pub fn new(cache: Option<Cache>) -> Self {
        let (ready_tx, _) = watch::channel(false);
        let (skimmed_tx, _) = watch::channel(false);
        State {
            cache,
            root: RwLock::new(std::env::current_dir().unwrap_or_default()),
            init_config: RwLock::new(None),
            settings_config: RwLock::new(None),
            workspace: RwLock::new(None),
            library: RwLock::new(Arc::new(Library::default())),
            docs: RwLock::new(HashMap::new()),
            encoding: RwLock::new(Encoding::Utf16),
            client: RwLock::new(ClientFlags::default()),
            ready_tx,
            skims: RwLock::new(Vec::new()),
            skimmed_tx,
            diag_gen: Mutex::new(HashMap::new()),
            reindex_gen: Mutex::new(HashMap::new()),
            guide_scans: Mutex::new(HashMap::new()),
            file_scans: Mutex::new(HashMap::new()),
            draft_questions: Mutex::new(HashMap::new()),
            semantic: Default::default(),
            related: Default::default(),
        }
    }

    pub fn library(&self) -> Arc<Library> {
        Arc::clone(&read(&self.library))
    }

    pub fn set_library(&self, lib: Library) {
        *write(&self.library) = Arc::new(lib);
        lock(&self.draft_questions).clear();
    }

    pub fn workspace(&self) -> Option<Arc<Workspace>> {
        read(&self.workspace).clone()
    }

    pub fn encoding(&self) -> Encoding {
        *read(&self.encoding)
    }

    pub fn doc(&self, uri: &Url) -> Option<Document> {
        read(&self.docs).get(uri).cloned()
    }

    pub fn set_ready(&self) {
        self.ready_tx.send_replace(true);
        self.skimmed_tx.send_replace(true);
        write(&self.skims).clear();
    }

    /// Publishes the guides' heading skims, until the index is ready.
    pub fn set_skims(&self, skims: Vec<Arc<Skim>>) {
        if !self.is_ready() {
            *write(&self.skims) = skims;
        }
        self.skimmed_tx.send_replace(true);
    }

    /// The heading skims, while the first indexing runs; empty after.
    pub fn skims(&self) -> Vec<Arc<Skim>> {
        read(&self.skims).clone()
    }

    /// Waits (up to [`READY_TIMEOUT`]) until the guides are skimmed or
    /// indexed, whichever comes first: a few milliseconds after start.
    pub async fn wait_skimmed(&self) {
        let mut rx = self.skimmed_tx.subscribe();
        if *rx.borrow() {
            return;
        }
        let _ = tokio::time::timeout(READY_TIMEOUT, rx.wait_for(|r| *r)).await;
    }

    pub fn is_ready(&self) -> bool {
        *self.ready_tx.borrow()
    }

    /// Waits (up to [`READY_TIMEOUT`]) for the first indexing to finish.
    pub async fn wait_ready(&self) {
        let mut rx = self.ready_tx.subscribe();
        if *rx.borrow() {
            return;
        }
        if tokio::time::timeout(READY_TIMEOUT, rx.wait_for(|r| *r))
            .await
            .is_err()
        {
            tracing::warn!("index not ready after {READY_TIMEOUT:?}; answering without it");
        }
    }

    /// Bumps and returns the generation of `key`.
    pub fn bump<K: std::hash::Hash + Eq + Clone>(map: &Mutex<HashMap<K, u64>>, key: &K) -> u64 {
        let mut m = lock(map);
        let g = m.entry(key.clone()).or_insert(0);
        *g += 1;
        *g
    }

    pub fn current<K: std::hash::Hash + Eq>(map: &Mutex<HashMap<K, u64>>, key: &K) -> u64 {
        lock(map).get(key).copied().unwrap_or(0)
    }
}

pub fn guide_uri(g: &Guide) -> Option<Url> {
    Url::from_file_path(&g.path).ok()
}

pub fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The guide loaded from `path`, if any.
pub fn guide_for_path(lib: &Library, path: &Path) -> Option<GuideId> {
    lib.guides
        .iter()
        .position(|g| g.guide.path == path)
        .or_else(|| {
            lib.guides
                .iter()
                .position(|g| same_file(&g.guide.path, path))
        })
}

/// When `doc` is a guide: that guide and the item containing `offset`
/// (for resolving a bare `Q5` in its part).
pub fn guide_context(lib: &Library, doc: &Document, offset: usize) -> Option<(GuideId, ItemId)> {
    let gid = guide_for_path(lib, doc.path.as_deref()?)?;
    let item = lib.guide(gid)?.guide.item_at(offset)?;
    Some((gid, item))
}
