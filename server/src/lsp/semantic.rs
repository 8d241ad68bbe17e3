//! Search by meaning in the language server: the embedding model is loaded
//! off the request path once the lexical index is ready, then each guide is
//! embedded in the background (reporting `$/progress`). Until a guide's
//! vectors are in place everything stays lexical, and hover and definition
//! never wait for any of it.
//!
//! Vectors belong to one `LoadedGuide` (one guide text), so a guide edited
//! while it is embedded gets a new `LoadedGuide` with no vectors: the old
//! build is cancelled and the driver embeds the new text.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use gloss_index::drafts::coverage::{CachedEmbedder, SentenceEmbedder};
use gloss_index::embed::{choose_model, Embedder, GuideVectors, ModelChoice};
use gloss_index::{Library, LoadedGuide};
use serde_json::{json, Value};
use tower_lsp::lsp_types::MessageType;

use super::progress::Progress;
use super::state::{lock, read, write};
use super::Backend;

/// The command that makes the default model available.
pub const FETCH_HINT: &str = "run `gloss model fetch` (or set `model` in gloss.toml / the editor settings) for search by meaning";

/// What search runs on right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Not started yet (the lexical index is still being built).
    Starting,
    /// No usable model: `reason` says why.
    Lexical { reason: String },
    /// Model loading, or guides being embedded: lexical meanwhile.
    Embedding { detail: String },
    /// Every guide has vectors: hybrid search and related items.
    Meaning { model: PathBuf },
}

/// The semantic layer's state inside [`super::state::State`].
pub struct Semantic {
    embedder: RwLock<Option<Arc<Embedder>>>,
    /// The model folder the embedder (or the last failed load) came from.
    tried: Mutex<Option<PathBuf>>,
    mode: RwLock<Mode>,
    /// One background driver at a time embeds guides, one after another.
    driving: AtomicBool,
    /// The cancel flag of the build in flight, with its guide hash.
    current: Mutex<Option<(String, Arc<AtomicBool>)>>,
    /// The "search is lexical" log line is written once per reason.
    logged: Mutex<Option<String>>,
    /// The model as coverage's second judge, remembering the vectors of a
    /// draft's sentences so a keystroke embeds only the sentence it changed.
    coverage: Mutex<Option<Arc<CoverageEmbedder>>>,
}

/// The model with a bounded memory of sentence vectors.
pub type CoverageEmbedder = CachedEmbedder<Arc<Embedder>>;

/// Sentences remembered for coverage before the memory starts over.
const COVERAGE_SENTENCES: usize = 4096;

impl Default for Semantic {
    fn default() -> Self {
        Semantic {
            embedder: RwLock::new(None),
            tried: Mutex::new(None),
            mode: RwLock::new(Mode::Starting),
            driving: AtomicBool::new(false),
            current: Mutex::new(None),
            logged: Mutex::new(None),
            coverage: Mutex::new(None),
        }
    }
}

impl Semantic {
    /// The embedder, when every guide of `lib` has its vectors (search by
    /// meaning); `None` while embedding or without a model.
    pub fn ready_embedder(&self, lib: &Library) -> Option<Arc<Embedder>> {
        let e = read(&self.embedder).clone()?;
        (!self.driving.load(Ordering::Acquire) && lib.semantic_ready(&e)).then_some(e)
    }

    /// The model for model-answer coverage, once search by meaning is ready
    /// (before that the one inference thread is busy embedding guides, and
    /// coverage stays lexical rather than wait).
    pub fn coverage_embedder(&self, lib: &Library) -> Option<Arc<CoverageEmbedder>> {
        let e = self.ready_embedder(lib)?;
        let mut slot = lock(&self.coverage);
        match slot.as_ref() {
            Some(c) if c.id() == e.id() => Some(Arc::clone(c)),
            _ => {
                let c = Arc::new(CachedEmbedder::new(e, COVERAGE_SENTENCES));
                *slot = Some(Arc::clone(&c));
                Some(c)
            }
        }
    }

    pub fn mode(&self) -> Mode {
        read(&self.mode).clone()
    }

    fn set_mode(&self, m: Mode) {
        *write(&self.mode) = m;
    }

    /// `gloss.status`: `{search: "meaning"|"lexical"|"embedding"|"starting", message, model?, hint?}`.
    pub fn status_json(&self) -> Value {
        match self.mode() {
            Mode::Starting => json!({"search": "starting", "message": "indexing the guides"}),
            Mode::Lexical { reason } => json!({
                "search": "lexical",
                "message": reason,
                "hint": FETCH_HINT,
            }),
            Mode::Embedding { detail } => json!({
                "search": "embedding",
                "message": format!("{detail}; search is lexical until it finishes"),
            }),
            Mode::Meaning { model } => json!({
                "search": "meaning",
                "message": format!("hybrid search with the model in {}", model.display()),
                "model": model,
            }),
        }
    }
}

impl Backend {
    /// Called whenever the library changes: cancels a build of a guide
    /// that is gone, and (re)starts the background driver.
    pub(super) fn semantic_refresh(&self) {
        self.semantic_changed(false);
    }

    /// After a full reload (the configuration may name another model, or
    /// the model may have been fetched since): try loading it again.
    pub(super) fn semantic_reload(&self) {
        self.semantic_changed(true);
    }

    fn semantic_changed(&self, retry: bool) {
        if retry {
            *lock(&self.state.semantic.tried) = None;
        }
        let lib = self.state.library();
        if let Some((hash, cancel)) = lock(&self.state.semantic.current).as_ref() {
            if !lib.guides.iter().any(|g| &g.guide.hash == hash) {
                cancel.store(true, Ordering::Release);
            }
        }
        let this = self.clone();
        tokio::spawn(async move { this.drive().await });
    }

    /// Loads the model if needed, then embeds every guide lacking vectors.
    /// One driver runs at a time; a library change that races with its
    /// end is picked up by running again.
    async fn drive(&self) {
        let sem = &self.state.semantic;
        loop {
            if sem.driving.swap(true, Ordering::AcqRel) {
                return;
            }
            self.drive_once().await;
            sem.driving.store(false, Ordering::Release);
            if read(&sem.embedder).is_none() {
                return;
            }
            let lib = self.state.library();
            if lib.guides.iter().all(|g| g.vectors().is_some()) {
                return;
            }
        }
    }

    async fn drive_once(&self) {
        let sem = &self.state.semantic;
        loop {
            let Some(embedder) = self.ensure_model().await else {
                return;
            };
            let lib = self.state.library();
            let next = lib.guides.iter().find(|g| g.vectors().is_none()).cloned();
            let Some(guide) = next else {
                if !lib.guides.is_empty() && lib.semantic_ready(&embedder) {
                    sem.set_mode(Mode::Meaning {
                        model: embedder.dir().to_path_buf(),
                    });
                    self.log_once(
                        MessageType::INFO,
                        format!(
                            "gloss: search by meaning ready ({} guide(s), model {})",
                            lib.guides.len(),
                            embedder.dir().display()
                        ),
                    )
                    .await;
                }
                // Guides with vectors of another model keep them until a
                // reload gives fresh guides.
                return;
            };
            self.embed_guide(&embedder, guide).await;
            if read(&sem.embedder).is_none() {
                return;
            }
        }
    }

    /// The embedder for the configured model, loading it on a blocking
    /// thread when the choice changed. `None` (and a logged reason) when no
    /// usable model is there.
    async fn ensure_model(&self) -> Option<Arc<Embedder>> {
        let sem = &self.state.semantic;
        let root = read(&self.state.root).clone();
        let configured = self.configured_model(&root);
        let choice = choose_model(configured.as_deref(), &root, self.state.cache.as_ref());
        let Some(choice) = choice else {
            return self
                .lexical("no cache folder for the embedding model".into())
                .await;
        };
        if let Some(e) = read(&sem.embedder).clone() {
            if e.dir() == choice.dir {
                return Some(e);
            }
        }
        if lock(&sem.tried).as_ref() == Some(&choice.dir) && read(&sem.embedder).is_none() {
            return None;
        }
        *lock(&sem.tried) = Some(choice.dir.clone());
        if !choice.looks_installed() {
            *write(&sem.embedder) = None;
            return self.lexical(missing_reason(&choice)).await;
        }
        sem.set_mode(Mode::Embedding {
            detail: format!("loading the model in {}", choice.dir.display()),
        });
        let dir = choice.dir.clone();
        let loaded = tokio::task::spawn_blocking(move || Embedder::load(&dir)).await;
        match loaded {
            Ok(Ok(e)) => {
                let e = Arc::new(e);
                *write(&sem.embedder) = Some(Arc::clone(&e));
                tracing::info!("embedding model loaded from {}", choice.dir.display());
                Some(e)
            }
            Ok(Err(err)) => {
                *write(&sem.embedder) = None;
                self.lexical(format!(
                    "the embedding model in {} cannot be used: {err}",
                    choice.dir.display()
                ))
                .await
            }
            Err(err) => {
                *write(&sem.embedder) = None;
                self.lexical(format!("loading the embedding model failed: {err}"))
                    .await
            }
        }
    }

    /// The `model` key: editor settings, then initializationOptions, then gloss.toml.
    fn configured_model(&self, root: &std::path::Path) -> Option<String> {
        let from =
            |c: &Option<gloss_index::config::Config>| c.as_ref().and_then(|c| c.model.clone());
        from(&read(&self.state.settings_config))
            .or_else(|| from(&read(&self.state.init_config)))
            .or_else(|| {
                gloss_index::config::Config::load(root)
                    .ok()
                    .flatten()
                    .and_then(|(c, _)| c.model)
            })
    }

    async fn lexical(&self, reason: String) -> Option<Arc<Embedder>> {
        self.state.semantic.set_mode(Mode::Lexical {
            reason: reason.clone(),
        });
        self.log_once(
            MessageType::INFO,
            format!("gloss: search is lexical: {reason}; {FETCH_HINT}"),
        )
        .await;
        None
    }

    /// Logs to stderr and the client's log (never a popup, never an error),
    /// once per distinct message.
    async fn log_once(&self, typ: MessageType, msg: String) {
        {
            let mut last = lock(&self.state.semantic.logged);
            if last.as_deref() == Some(msg.as_str()) {
                return;
            }
            *last = Some(msg.clone());
        }
        tracing::info!("{msg}");
        self.client.log_message(typ, msg).await;
    }

    /// Embeds one guide on a blocking thread (inference runs in the
    /// embedder's own pool), forwarding progress; installs the vectors
    /// unless the build was cancelled.
    async fn embed_guide(&self, embedder: &Arc<Embedder>, guide: Arc<LoadedGuide>) {
        let sem = &self.state.semantic;
        let name = guide
            .guide
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let cancel = Arc::new(AtomicBool::new(false));
        *lock(&sem.current) = Some((guide.guide.hash.clone(), Arc::clone(&cancel)));
        sem.set_mode(Mode::Embedding {
            detail: format!("embedding {name}"),
        });
        let enabled = read(&self.state.client).work_done_progress;
        let progress = Progress::begin(
            &self.client,
            enabled,
            "gloss: embedding guide",
            Some(format!("{name} (search stays lexical until done)")),
        )
        .await;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
        let job = {
            let (embedder, guide, cancel) = (
                Arc::clone(embedder),
                Arc::clone(&guide),
                Arc::clone(&cancel),
            );
            let cache = self.state.cache.clone();
            tokio::task::spawn_blocking(move || {
                let started = std::time::Instant::now();
                let r = GuideVectors::load_or_build(
                    &guide.guide,
                    &embedder,
                    cache.as_ref(),
                    &mut |p| {
                        let _ = tx.send((p.done, p.total));
                    },
                    &|| cancel.load(Ordering::Acquire),
                );
                (r, started.elapsed())
            })
        };
        while let Some((done, total)) = rx.recv().await {
            let pct = (done * 100).checked_div(total).unwrap_or(100) as u32;
            progress
                .report(format!("{name}: {done}/{total} passages"), pct)
                .await;
        }
        let outcome = job.await;
        *lock(&sem.current) = None;
        match outcome {
            Ok((Ok((vectors, stats)), took)) => {
                let fresh = !cancel.load(Ordering::Acquire);
                if fresh && guide.set_vectors(Arc::new(vectors)) {
                    tracing::info!(
                        "embedded {name}: {} passages ({} reused, cache: {}) in {:.1?}",
                        stats.passages,
                        stats.reused,
                        stats.from_cache,
                        took
                    );
                }
                progress.end(Some(format!("{name} embedded"))).await;
            }
            Ok((Err(e), _)) => {
                if cancel.load(Ordering::Acquire) {
                    tracing::info!("embedding {name} cancelled: the guide changed");
                    progress
                        .end(Some("guide changed; re-embedding".into()))
                        .await;
                } else {
                    progress.end(Some(format!("embedding failed: {e}"))).await;
                    self.lexical(format!("embedding {name} failed: {e}")).await;
                    // Do not retry this model until the configuration changes.
                    *write(&sem.embedder) = None;
                }
            }
            Err(e) => {
                progress.end(Some(format!("embedding failed: {e}"))).await;
                *write(&sem.embedder) = None;
                self.lexical(format!("embedding {name} failed: {e}")).await;
            }
        }
    }
}

fn missing_reason(choice: &ModelChoice) -> String {
    if choice.dir.exists() {
        format!(
            "the embedding model folder {} ({}) is incomplete: it needs config.json, model.safetensors and tokenizer.json",
            choice.dir.display(),
            choice.origin.describe()
        )
    } else {
        format!(
            "no embedding model in {} ({})",
            choice.dir.display(),
            choice.origin.describe()
        )
    }
}
