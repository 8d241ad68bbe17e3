//! The language server: a thin tower-lsp layer over gloss-index.

pub mod actions;
pub mod commands;
pub mod completion;
pub mod coverage;
pub mod definition;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod lens;
pub mod position;
pub mod progress;
pub mod references;
pub mod related;
pub mod review;
pub mod semantic;
pub mod state;
pub mod symbols;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use gloss_index::config::{Config, Workspace};
use gloss_index::skim::Skim;
use gloss_index::{Library, LoadedGuide};
use serde_json::Value;
use tower_lsp::jsonrpc::{Error as RpcError, Result as RpcResult};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer, LspService, Server as LspServer};

use self::documents::Document;
use self::position::Encoding;
use self::progress::Progress;
use self::state::{guide_for_path, read, write, ClientFlags, State};

/// Delay before re-checking a draft after an edit.
const DIAGNOSTICS_DEBOUNCE: Duration = Duration::from_millis(150);
/// Delay before re-indexing a guide edited in the editor.
const GUIDE_EDIT_DEBOUNCE: Duration = Duration::from_millis(750);
/// Delay before re-indexing a guide changed on disk.
const GUIDE_DISK_DEBOUNCE: Duration = Duration::from_millis(200);

/// `gloss.status`: whether search is by meaning or lexical, and why.
pub const STATUS: &str = "gloss.status";

/// Settings keys that belong to editor extensions, not the server.
const CLIENT_ONLY_KEYS: [&str; 3] = ["server", "trace", "path"];

pub struct Inner {
    pub client: Client,
    pub state: State,
}

#[derive(Clone)]
pub struct Backend(Arc<Inner>);

impl std::ops::Deref for Backend {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Runs the server on stdin/stdout until `exit`.
pub async fn run_stdio() {
    let stdin = crate::framing::filter(tokio::io::stdin());
    let stdout = tokio::io::stdout();
    let (service, socket) = LspService::build(Backend::new).finish();
    LspServer::new(stdin, stdout, socket).serve(service).await;
}

/// Reads `guides`/`drafts` overrides from editor settings. Empty lists and
/// absent keys mean "no override"; editor-only keys are ignored.
pub fn config_from_settings(value: &Value, source: &str) -> (Option<Config>, Vec<String>) {
    // Neovim encodes an empty Lua table `{}` as `[]`.
    if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
        return (None, Vec::new());
    }
    let mut v = value.clone();
    if let Some(obj) = v.as_object_mut() {
        for k in CLIENT_ONLY_KEYS {
            obj.remove(k);
        }
    }
    match Config::from_json(&v, source) {
        Ok((mut c, warnings)) => {
            if c.guides.as_ref().is_some_and(Vec::is_empty) {
                c.guides = None;
            }
            if c.drafts.as_ref().is_some_and(Vec::is_empty) {
                c.drafts = None;
            }
            let c = (c != Config::default()).then_some(c);
            (c, warnings)
        }
        Err(e) => (None, vec![format!("{e}; ignored")]),
    }
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend(Arc::new(Inner {
            client,
            state: State::default(),
        }))
    }

    fn enc(&self) -> Encoding {
        self.state.encoding()
    }

    async fn warn(&self, msg: impl Into<String>) {
        let msg = msg.into();
        tracing::warn!("{msg}");
        self.client.show_message(MessageType::WARNING, msg).await;
    }

    /// Resolves the workspace and (re)indexes every guide, then swaps the
    /// library in and refreshes open drafts.
    async fn reload_all(&self) {
        let root = read(&self.state.root).clone();
        let settings = read(&self.state.settings_config).clone();
        let init = read(&self.state.init_config).clone();
        let overrides = match (settings, init) {
            (Some(s), Some(i)) => Some(s.or(i)),
            (s, i) => s.or(i),
        };
        let ws = {
            let root = root.clone();
            tokio::task::spawn_blocking(move || Workspace::discover(&root, overrides)).await
        };
        let ws = match ws {
            Ok(Ok(ws)) => ws,
            Ok(Err(e)) => {
                self.client
                    .show_message(MessageType::ERROR, format!("gloss: {e}"))
                    .await;
                tracing::error!("{e}");
                self.state.set_ready();
                return;
            }
            Err(e) => {
                tracing::error!("workspace discovery task failed: {e}");
                self.state.set_ready();
                return;
            }
        };
        for w in &ws.warnings {
            self.warn(format!("gloss: {w}")).await;
        }
        if !self.state.is_ready() {
            // Headings first, in milliseconds: link definitions and heading
            // symbols answer from them while the full parse and index run.
            let paths = ws.guides.clone();
            let skims: Vec<Arc<Skim>> = tokio::task::spawn_blocking(move || {
                paths
                    .iter()
                    .filter_map(|p| {
                        let text = gloss_index::guide::read_utf8(p).ok()?;
                        Some(Arc::new(Skim::new(p, text)))
                    })
                    .collect()
            })
            .await
            .unwrap_or_default();
            self.state.set_skims(skims.clone());
            // Then their glossary lead-ins, for term symbols, before the
            // parse takes both cores.
            let _ = tokio::task::spawn_blocking(move || {
                skims.iter().for_each(|s| {
                    s.terms();
                })
            })
            .await;
        }
        if ws.guides.is_empty() {
            self.warn(format!(
                "gloss: no study guide found under {} — set `guides = [\"path/to/GUIDE.md\"]` in gloss.toml or the `gloss.guides` setting",
                root.display()
            ))
            .await;
        }
        let enabled = read(&self.state.client).work_done_progress;
        let progress = Progress::begin(
            &self.client,
            enabled,
            "gloss: indexing guides",
            Some(format!("{} guide(s)", ws.guides.len())),
        )
        .await;
        let old = self.state.library();
        let mut guides = Vec::new();
        let n = ws.guides.len().max(1);
        for (i, path) in ws.guides.iter().enumerate() {
            progress
                .report(display_rel(path, &root), (i * 100 / n) as u32)
                .await;
            match self.load_guide(path.clone(), None).await {
                Ok(g) => {
                    if g.guide.questions().next().is_none() {
                        self.warn(format!("gloss: {} has no Q&A headings", path.display()))
                            .await;
                    }
                    guides.push(Arc::new(g))
                }
                Err(e) => {
                    self.warn(format!("gloss: cannot index {}: {e}", path.display()))
                        .await;
                    if let Some(prev) = old.guides.iter().find(|g| &g.guide.path == path) {
                        guides.push(Arc::clone(prev));
                    }
                }
            }
        }
        let count = guides.len();
        *write(&self.state.workspace) = Some(Arc::new(ws));
        self.state.set_library(Library::new(guides));
        self.state.set_ready();
        // Then, on one blocking thread so they do not compete for the
        // cores: the search indexes (for the first search or symbol
        // query), then the draft-analysis models (so the first keystroke
        // in a draft does not pay for them).
        let lib = self.state.library();
        tokio::task::spawn_blocking(move || {
            warm_search(&lib);
            lib.guides
                .iter()
                .for_each(|g| gloss_index::drafts::prepare(g))
        });
        progress
            .end(Some(format!("{count} guide(s) indexed")))
            .await;
        tracing::info!("indexed {count} guide(s)");
        self.semantic_reload();
        self.refresh_open_docs().await;
    }

    async fn load_guide(&self, path: PathBuf, text: Option<String>) -> anyhow::Result<LoadedGuide> {
        let cache = self.state.cache.clone();
        let g = tokio::task::spawn_blocking(move || match text {
            Some(t) => LoadedGuide::from_text(&path, t, None),
            None => LoadedGuide::load(&path, cache.as_ref()),
        })
        .await??;
        Ok(g)
    }

    /// Re-checks every open draft (and clears diagnostics of non-drafts).
    async fn refresh_open_docs(&self) {
        let uris: Vec<Url> = read(&self.state.docs).keys().cloned().collect();
        for uri in uris {
            self.schedule_diagnostics(uri, Duration::ZERO);
        }
    }

    /// Model-answer coverage is on (`coverage` in gloss.toml or settings).
    fn coverage_on(&self) -> bool {
        self.state.workspace().is_none_or(|ws| ws.coverage)
    }

    fn is_draft(&self, doc: &Document) -> bool {
        let Some(path) = &doc.path else {
            return false;
        };
        self.state.workspace().is_some_and(|ws| ws.is_draft(path))
    }

    /// Debounced draft check; results of a superseded run are dropped.
    fn schedule_diagnostics(&self, uri: Url, delay: Duration) {
        let gen = State::bump(&self.state.diag_gen, &uri);
        let this = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            this.state.wait_ready().await;
            if State::current(&this.state.diag_gen, &uri) != gen {
                return;
            }
            let Some(doc) = this.state.doc(&uri) else {
                return;
            };
            if !this.is_draft(&doc) {
                return;
            }
            let lib = this.state.library();
            let enc = this.enc();
            let version = doc.version;
            let with_coverage = this.coverage_on();
            let model = this.state.semantic.coverage_embedder(&lib);
            let diags = tokio::task::spawn_blocking(move || {
                let mut d = diagnostics::draft_diagnostics(&lib, &doc, enc);
                if with_coverage {
                    let opts = coverage::options(model.as_deref());
                    d.extend(coverage::diagnostics(&lib, &doc, enc, opts));
                }
                d
            })
            .await
            .unwrap_or_default();
            if State::current(&this.state.diag_gen, &uri) != gen {
                return;
            }
            this.client
                .publish_diagnostics(uri, diags, Some(version))
                .await;
        });
    }

    /// Debounced re-index of one guide; keeps the last good version on failure.
    fn schedule_reindex(&self, path: PathBuf, text: Option<String>, delay: Duration) {
        let gen = State::bump(&self.state.reindex_gen, &path);
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if State::current(&this.state.reindex_gen, &path) != gen {
                return;
            }
            if text.is_none() && !path.exists() {
                this.warn(format!(
                    "gloss: guide {} disappeared; keeping the last indexed version",
                    path.display()
                ))
                .await;
                return;
            }
            let loaded = this.load_guide(path.clone(), text).await;
            if State::current(&this.state.reindex_gen, &path) != gen {
                return;
            }
            match loaded {
                Ok(g) => {
                    let lib = this.state.library();
                    let Some(gid) = guide_for_path(&lib, &path) else {
                        return;
                    };
                    if lib.guides[gid].guide.hash == g.guide.hash {
                        return;
                    }
                    let mut guides = lib.guides.clone();
                    guides[gid] = Arc::new(g);
                    this.state.set_library(Library::new(guides));
                    let lib = this.state.library();
                    tokio::task::spawn_blocking(move || warm_search(&lib));
                    tracing::info!("re-indexed {}", path.display());
                    this.semantic_refresh();
                    this.refresh_open_docs().await;
                }
                Err(e) => {
                    this.warn(format!(
                        "gloss: cannot re-index {} ({e}); keeping the last good version",
                        path.display()
                    ))
                    .await;
                }
            }
        });
    }

    async fn register_watchers(&self) {
        if !read(&self.state.client).watch_dynamic {
            return;
        }
        let opts = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.md".into()),
                    kind: None,
                },
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/gloss.toml".into()),
                    kind: None,
                },
            ],
        };
        let reg = Registration {
            id: "gloss-watch-markdown".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(opts).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![reg]).await {
            tracing::warn!("file watcher registration failed: {e}");
        }
    }

    fn doc_or_none(&self, uri: &Url) -> Option<Document> {
        self.state.doc(uri)
    }
}

/// Builds the guides' search indexes (and writes freshly parsed models to
/// the cache). Loading leaves this out so hover answers sooner; running it
/// right after publishing the library means the first search or symbol
/// query usually finds the index built. Blocking.
fn warm_search(lib: &Library) {
    lib.guides.iter().for_each(|g| g.warm());
}

/// Runs `f` inline once every guide's search index is built, else on a
/// blocking thread: an answer that needs the index (an identifier's hover, a
/// symbol query) must not stall a runtime worker while it is being built.
async fn off_runtime_until_searchable<T: Default + Send + 'static>(
    lib: Arc<Library>,
    f: impl FnOnce(&Library) -> T + Send + 'static,
) -> T {
    if lib.guides.iter().all(|g| g.search_ready()) {
        return f(&lib);
    }
    tokio::task::spawn_blocking(move || f(&lib))
        .await
        .unwrap_or_default()
}

fn display_rel(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn root_from(params: &InitializeParams) -> Option<PathBuf> {
    if let Some(f) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        if let Ok(p) = f.uri.to_file_path() {
            return Some(p);
        }
    }
    #[allow(deprecated)]
    if let Some(u) = &params.root_uri {
        if let Ok(p) = u.to_file_path() {
            return Some(p);
        }
    }
    #[allow(deprecated)]
    params.root_path.as_ref().map(PathBuf::from)
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        if let Some(root) = root_from(&params) {
            *write(&self.state.root) = root;
        }
        let caps = &params.capabilities;
        let enc = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        *write(&self.state.encoding) = enc;
        *write(&self.state.client) = ClientFlags {
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_dynamic: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            show_document: caps
                .window
                .as_ref()
                .and_then(|w| w.show_document.as_ref())
                .is_some_and(|s| s.support),
        };
        if let Some(opts) = &params.initialization_options {
            let (config, warnings) = config_from_settings(opts, "initializationOptions");
            *write(&self.state.init_config) = config;
            for w in warnings {
                // Shown once the client is ready for messages.
                let client = self.client.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    client
                        .show_message(MessageType::WARNING, format!("gloss: {w}"))
                        .await;
                });
            }
        }
        let capabilities = ServerCapabilities {
            position_encoding: Some(enc.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..Default::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["§".into(), " ".into()]),
                resolve_provider: Some(false),
                ..Default::default()
            }),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::EMPTY]),
                resolve_provider: Some(false),
                ..Default::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![
                    commands::SEARCH.to_string(),
                    related::RELATED.to_string(),
                    related::OPEN_RELATED.to_string(),
                    STATUS.to_string(),
                    actions::SHOW_MODEL_ANSWER.to_string(),
                    lens::SHOW_ANSWERS.to_string(),
                    review::NEXT.to_string(),
                    review::GRADE.to_string(),
                    review::SHOW.to_string(),
                    review::STATS.to_string(),
                ],
                ..Default::default()
            }),
            ..Default::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "gloss".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let this = self.clone();
        tokio::spawn(async move {
            this.reload_all().await;
            this.register_watchers().await;
        });
    }

    async fn shutdown(&self) -> RpcResult<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let doc = Document::new(&td.uri, &td.text, td.version);
        write(&self.state.docs).insert(td.uri.clone(), doc);
        self.schedule_diagnostics(td.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let enc = self.enc();
        let guide_text = {
            let mut docs = write(&self.state.docs);
            let Some(doc) = docs.get_mut(&uri) else {
                tracing::warn!("didChange for unopened {uri}");
                return;
            };
            for change in &params.content_changes {
                doc.apply(change, enc);
            }
            doc.version = params.text_document.version;
            let lib = self.state.library();
            doc.path
                .as_ref()
                .filter(|p| guide_for_path(&lib, p).is_some())
                .map(|p| (p.clone(), doc.text()))
        };
        if let Some((path, text)) = guide_text {
            self.schedule_reindex(path, Some(text), GUIDE_EDIT_DEBOUNCE);
        }
        self.schedule_diagnostics(uri, DIAGNOSTICS_DEBOUNCE);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let Ok(path) = params.text_document.uri.to_file_path() else {
            return;
        };
        if guide_for_path(&self.state.library(), &path).is_some() {
            self.schedule_reindex(path, None, GUIDE_DISK_DEBOUNCE);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let removed = write(&self.state.docs).remove(&uri);
        State::bump(&self.state.diag_gen, &uri);
        if removed.is_some_and(|d| self.is_draft(&d)) {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = match params.settings.get("gloss") {
            Some(v) => v.clone(),
            None => params.settings,
        };
        let (config, warnings) = config_from_settings(&settings, "settings");
        for w in warnings {
            self.warn(format!("gloss: {w}")).await;
        }
        *write(&self.state.settings_config) = config;
        let this = self.clone();
        tokio::spawn(async move { this.reload_all().await });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let lib = self.state.library();
        let mut reload = false;
        for change in params.changes {
            let Ok(path) = change.uri.to_file_path() else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == "gloss.toml") {
                reload = true;
                continue;
            }
            if guide_for_path(&lib, &path).is_some() {
                self.schedule_reindex(path, None, GUIDE_DISK_DEBOUNCE);
            } else if change.typ == FileChangeType::CREATED
                && self.state.workspace().is_some_and(|_| {
                    read(&self.state.settings_config)
                        .as_ref()
                        .and_then(|c| c.guides.as_ref())
                        .is_none()
                })
            {
                // A new file may be a guide under auto-detection.
                reload |= gloss_index::guide::read_utf8(&path)
                    .map(|t| gloss_index::Guide::parse(&path, t).looks_like_guide())
                    .unwrap_or(false);
            }
        }
        if reload {
            let this = self.clone();
            tokio::spawn(async move { this.reload_all().await });
        }
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        self.state.wait_ready().await;
        let p = params.text_document_position_params;
        let Some(doc) = self.doc_or_none(&p.text_document.uri) else {
            return Ok(None);
        };
        if self.coverage_on() && self.is_draft(&doc) {
            let lib = self.state.library();
            let (d, enc, pos) = (doc.clone(), self.enc(), p.position);
            let model = self.state.semantic.coverage_embedder(&lib);
            let found = tokio::task::spawn_blocking(move || {
                coverage::hover(&lib, &d, pos, enc, coverage::options(model.as_deref()))
            })
            .await
            .unwrap_or_default();
            if found.is_some() {
                return Ok(found);
            }
        }
        let (lib, enc) = (self.state.library(), self.enc());
        Ok(
            off_runtime_until_searchable(lib, move |lib| hover::hover(lib, &doc, p.position, enc))
                .await,
        )
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> RpcResult<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        if !self.state.is_ready() {
            self.state.wait_skimmed().await;
            let skims = self.state.skims();
            if let Some(loc) = self.doc_or_none(&p.text_document.uri).and_then(|doc| {
                definition::skimmed_link_location(&skims, &doc, p.position, self.enc())
            }) {
                return Ok(Some(GotoDefinitionResponse::Scalar(loc)));
            }
        }
        self.state.wait_ready().await;
        let Some(doc) = self.doc_or_none(&p.text_document.uri) else {
            return Ok(None);
        };
        Ok(
            definition::definition(&self.state.library(), &doc, p.position, self.enc())
                .map(GotoDefinitionResponse::Scalar),
        )
    }

    async fn references(&self, params: ReferenceParams) -> RpcResult<Option<Vec<Location>>> {
        self.state.wait_ready().await;
        let p = params.text_document_position;
        let Some(doc) = self.doc_or_none(&p.text_document.uri) else {
            return Ok(None);
        };
        let lib = self.state.library();
        let enc = self.enc();
        let Some(target) = definition::target_at(&lib, &doc, p.position, enc) else {
            return Ok(None);
        };
        let include = params.context.include_declaration;
        let this = self.clone();
        let locs = tokio::task::spawn_blocking(move || {
            references::references(&this.state, &lib, target, include, enc)
        })
        .await
        .unwrap_or_default();
        Ok(Some(locs))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> RpcResult<Option<Vec<SymbolInformation>>> {
        if !self.state.is_ready() {
            self.state.wait_skimmed().await;
            let (skims, enc, query) = (self.state.skims(), self.enc(), params.query.clone());
            let found =
                tokio::task::spawn_blocking(move || symbols::skimmed_symbols(&skims, &query, enc))
                    .await
                    .unwrap_or_default();
            if !found.is_empty() {
                return Ok(Some(found));
            }
        }
        self.state.wait_ready().await;
        let (lib, enc) = (self.state.library(), self.enc());
        let found = off_runtime_until_searchable(lib, move |lib| {
            symbols::workspace_symbols(lib, &params.query, enc)
        })
        .await;
        Ok(Some(found))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> RpcResult<Option<DocumentSymbolResponse>> {
        let Some(doc) = self.doc_or_none(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(Some(DocumentSymbolResponse::Nested(
            symbols::document_symbols(&doc.text(), self.enc()),
        )))
    }

    async fn folding_range(
        &self,
        params: FoldingRangeParams,
    ) -> RpcResult<Option<Vec<FoldingRange>>> {
        let Some(doc) = self.doc_or_none(&params.text_document.uri) else {
            return Ok(None);
        };
        Ok(Some(symbols::folding_ranges(&doc.text())))
    }

    async fn completion(&self, params: CompletionParams) -> RpcResult<Option<CompletionResponse>> {
        self.state.wait_ready().await;
        let p = params.text_document_position;
        let Some(doc) = self.doc_or_none(&p.text_document.uri) else {
            return Ok(None);
        };
        Ok(
            completion::completion(&self.state.library(), &doc, p.position, self.enc())
                .map(CompletionResponse::Array),
        )
    }

    async fn code_lens(&self, params: CodeLensParams) -> RpcResult<Option<Vec<CodeLens>>> {
        self.state.wait_ready().await;
        let Some(path) = params.text_document.uri.to_file_path().ok() else {
            return Ok(None);
        };
        let lib = self.state.library();
        let Some(gid) = guide_for_path(&lib, &path) else {
            if let Some(lenses) = self.draft_lenses(&params.text_document.uri).await {
                return Ok(Some(lenses));
            }
            return Ok(self.note_lenses(&params.text_document.uri).await);
        };
        let enc = self.enc();
        let this = self.clone();
        let lenses = tokio::task::spawn_blocking(move || {
            let mut lenses = lens::code_lenses(&this.state, &lib, gid, enc);
            lenses.extend(review::code_lenses(&this.state, &lib, gid, enc));
            lenses
        })
        .await
        .unwrap_or_default();
        Ok(Some(lenses))
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        self.state.wait_ready().await;
        let Some(doc) = self.doc_or_none(&params.text_document.uri) else {
            return Ok(None);
        };
        if !self.is_draft(&doc) {
            return Ok(None);
        }
        let lib = self.state.library();
        let enc = self.enc();
        let actions =
            tokio::task::spawn_blocking(move || actions::code_actions(&lib, &doc, &params, enc))
                .await
                .unwrap_or_default();
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> RpcResult<Option<Value>> {
        match params.command.as_str() {
            commands::SEARCH => {
                let args = commands::parse_search_args(&params.arguments)
                    .map_err(RpcError::invalid_params)?;
                self.state.wait_ready().await;
                let lib = self.state.library();
                let enc = self.enc();
                let embedder = self.state.semantic.ready_embedder(&lib);
                let result = tokio::task::spawn_blocking(move || {
                    commands::search(&lib, &args, embedder.as_deref(), enc)
                })
                .await
                .map_err(|e| RpcError::invalid_params(e.to_string()))?;
                match result {
                    Ok(v) => Ok(Some(v)),
                    Err(e) => Err(RpcError::invalid_params(e)),
                }
            }
            related::RELATED => self.related_command(&params.arguments).await,
            STATUS => Ok(Some(self.state.semantic.status_json())),
            related::OPEN_RELATED => {
                let loc = commands::parse_location_args(&params.arguments)
                    .map_err(RpcError::invalid_params)?;
                self.show(loc.clone());
                Ok(serde_json::to_value(loc).ok())
            }
            // Clients with their own list UI (the plugins) handle this one;
            // any other client gets the first draft opened.
            lens::SHOW_ANSWERS => {
                let locs = lens::parse_show_answers(&params.arguments)
                    .map_err(RpcError::invalid_params)?;
                if let Some(first) = locs.first().cloned() {
                    self.show(first);
                }
                Ok(serde_json::to_value(locs).ok())
            }
            actions::SHOW_MODEL_ANSWER => {
                let loc = commands::parse_location_args(&params.arguments)
                    .map_err(RpcError::invalid_params)?;
                self.show(loc.clone());
                Ok(serde_json::to_value(loc).ok())
            }
            cmd if review::COMMANDS.contains(&cmd) => {
                self.state.wait_ready().await;
                let (this, lib, cmd) = (self.clone(), self.state.library(), cmd.to_string());
                tokio::task::spawn_blocking(move || {
                    review::execute(&this.state, &lib, &cmd, &params.arguments)
                })
                .await
                .map_err(|e| RpcError::invalid_params(e.to_string()))?
                .map(Some)
                .map_err(RpcError::invalid_params)
            }
            other => Err(RpcError::invalid_params(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

impl Backend {
    /// Coverage lenses on an open draft's answer headings.
    async fn draft_lenses(&self, uri: &Url) -> Option<Vec<CodeLens>> {
        let doc = self.doc_or_none(uri)?;
        if !self.coverage_on() || !self.is_draft(&doc) {
            return None;
        }
        let lib = self.state.library();
        let (uri, enc) = (uri.clone(), self.enc());
        let model = self.state.semantic.coverage_embedder(&lib);
        let lenses = tokio::task::spawn_blocking(move || {
            coverage::lenses(&lib, &uri, &doc, enc, coverage::options(model.as_deref()))
        })
        .await
        .unwrap_or_default();
        Some(lenses)
    }

    /// Asks the client to open a location, when it can (`window/showDocument`).
    fn show(&self, loc: Location) {
        if read(&self.state.client).show_document {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client
                    .show_document(ShowDocumentParams {
                        uri: loc.uri,
                        external: Some(false),
                        take_focus: Some(true),
                        selection: Some(loc.range),
                    })
                    .await;
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_layering_inputs() {
        assert_eq!(config_from_settings(&json!([]), "s"), (None, vec![]));
        assert_eq!(config_from_settings(&Value::Null, "s"), (None, vec![]));
        let (c, w) = config_from_settings(&json!({"guides": [], "server": {"path": "x"}}), "s");
        assert_eq!((c, w.len()), (None, 0));
        let (c, w) = config_from_settings(&json!({"guides": ["g/*.md"], "colour": 1}), "s");
        assert_eq!(c.unwrap().guides, Some(vec!["g/*.md".to_string()]));
        assert_eq!(w.len(), 1);
        let (c, w) = config_from_settings(&json!({"guides": 3}), "s");
        assert!(c.is_none() && w.len() == 1);
    }
}
