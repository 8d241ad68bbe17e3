//! Related guide items for a note: the "Related: §4.16 Q5 · §2.8 Q3" code
//! lenses above each heading of a note (neither a guide nor a draft), and
//! the `gloss.related {uri, line}` command behind :GlossRelated and
//! "Gloss: Related Q&As".
//!
//! Each lens entry is its own lens running [`OPEN_RELATED`] with
//! `[guide uri, line]`: Neovim lists same-line lenses for
//! `vim.lsp.codelens.run()` and both plugins open the target themselves;
//! any other client has the server ask it to show the document.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use gloss_index::search::note_section;
use gloss_index::{notes, GuideId, Hit, KindFilter, Library};
use serde_json::{json, Value};
use tower_lsp::lsp_types::{CodeLens, Command, Url};

use super::commands::hit_json;
use super::documents::Document;
use super::position::Encoding;
use super::state::lock;

pub const RELATED: &str = "gloss.related";
pub const OPEN_RELATED: &str = "gloss.openRelated";
/// Entries on a heading's lens.
pub const LENS_ENTRIES: usize = 3;
pub const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 100;
/// Cached sections kept before the memo starts over.
const MEMO_CAP: usize = 1024;

/// Related items by note section text, valid for one library and one
/// search mode (lexical or by meaning), so lens requests stay cheap.
#[derive(Default)]
pub struct RelatedMemo {
    inner: Mutex<Memo>,
}

/// Related items, best first, across guides.
type Hits = Arc<Vec<(GuideId, Hit)>>;

#[derive(Default)]
struct Memo {
    lib: Weak<Library>,
    meaning: bool,
    /// (hash of the section text, its length, limit) → hits.
    entries: HashMap<(u64, usize, usize), Hits>,
}

impl RelatedMemo {
    /// The related items of `section`, computed once per section text.
    pub fn get(
        &self,
        lib: &Arc<Library>,
        embedder: Option<&gloss_index::embed::Embedder>,
        section: &str,
        limit: usize,
    ) -> Arc<Vec<(GuideId, Hit)>> {
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            section.hash(&mut h);
            (h.finish(), section.len(), limit)
        };
        let meaning = embedder.is_some();
        {
            let mut m = lock(&self.inner);
            let same =
                m.lib.upgrade().is_some_and(|l| Arc::ptr_eq(&l, lib)) && m.meaning == meaning;
            if !same || m.entries.len() >= MEMO_CAP {
                m.lib = Arc::downgrade(lib);
                m.meaning = meaning;
                m.entries.clear();
            }
            if let Some(v) = m.entries.get(&key) {
                return Arc::clone(v);
            }
        }
        let hits = lib
            .related(section, KindFilter::Question, limit, embedder)
            .unwrap_or_else(|e| {
                tracing::warn!("related items failed: {e}");
                Vec::new()
            });
        let hits = Arc::new(hits);
        let mut m = lock(&self.inner);
        if m.lib.upgrade().is_some_and(|l| Arc::ptr_eq(&l, lib)) && m.meaning == meaning {
            m.entries.insert(key, Arc::clone(&hits));
        }
        hits
    }
}

/// One lens per related item above each heading of `doc` (a note).
pub fn note_lenses(
    memo: &RelatedMemo,
    lib: &Arc<Library>,
    embedder: Option<&gloss_index::embed::Embedder>,
    doc: &Document,
    enc: Encoding,
) -> Vec<CodeLens> {
    let text = doc.text();
    let mut out = Vec::new();
    for line in notes::heading_lines(&text) {
        let section = note_section(&text, Some(line));
        let hits = memo.get(lib, embedder, section, LENS_ENTRIES);
        let Some(start) = doc.line_start(line) else {
            continue;
        };
        let end = doc.line_start(line + 1).unwrap_or(text.len());
        let heading = text.get(start..end).unwrap_or("").trim_end();
        let range = doc.range(start, start + heading.len(), enc);
        for (i, (gid, hit)) in hits.iter().enumerate() {
            let Some(g) = lib.guide(*gid) else { continue };
            let Ok(uri) = Url::from_file_path(&g.guide.path) else {
                continue;
            };
            let name = if hit.label.is_empty() {
                gloss_index::text::truncate(&hit.title, 40)
            } else {
                hit.label.clone()
            };
            let title = if i == 0 {
                format!("Related: {name}")
            } else {
                name
            };
            out.push(CodeLens {
                range,
                command: Some(Command {
                    title,
                    command: OPEN_RELATED.to_string(),
                    arguments: Some(vec![json!(uri), json!(hit.line)]),
                }),
                data: None,
            });
        }
    }
    out
}

/// `gloss.related` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedArgs {
    pub uri: Url,
    /// 0-based; `None` means the whole note.
    pub line: Option<u32>,
    pub limit: usize,
}

/// Parses `[{"uri", "line"?, "limit"?}]` or `[uri, line?]`.
pub fn parse_related_args(args: &[Value]) -> Result<RelatedArgs, String> {
    const USAGE: &str = "gloss.related expects {\"uri\": …, \"line\": 0-based line}";
    let (uri, line, limit) = match args.first() {
        Some(Value::Object(o)) => (o.get("uri"), o.get("line"), o.get("limit")),
        Some(v @ Value::String(_)) => (Some(v), args.get(1), None),
        _ => return Err(USAGE.into()),
    };
    let uri = uri
        .and_then(Value::as_str)
        .and_then(|s| Url::parse(s).ok())
        .ok_or(USAGE)?;
    let line = match line {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().ok_or(USAGE)?.min(u32::MAX as u64) as u32),
    };
    let limit = match limit {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(v) => (v
            .as_u64()
            .ok_or("gloss.related: `limit` must be a non-negative integer")?
            as usize)
            .min(MAX_LIMIT),
    };
    Ok(RelatedArgs { uri, line, limit })
}

/// The full related list for a note section, in the `gloss.search` item shape.
pub fn related(
    lib: &Library,
    embedder: Option<&gloss_index::embed::Embedder>,
    text: &str,
    args: &RelatedArgs,
    enc: Encoding,
) -> Result<Value, String> {
    if args.limit == 0 {
        return Ok(json!([]));
    }
    let section = note_section(text, args.line);
    let hits = lib
        .related(section, KindFilter::Question, args.limit, embedder)
        .map_err(|e| e.to_string())?;
    Ok(Value::Array(
        hits.into_iter()
            .filter_map(|(gid, h)| hit_json(lib, gid, h, enc))
            .collect(),
    ))
}

impl super::Backend {
    /// Lenses for an open note; `None` for drafts and unknown documents.
    pub(super) async fn note_lenses(&self, uri: &Url) -> Option<Vec<CodeLens>> {
        let doc = self.state.doc(uri)?;
        if self.is_draft(&doc) {
            return None;
        }
        let lib = self.state.library();
        if lib.is_empty() {
            return Some(Vec::new());
        }
        let embedder = self.state.semantic.ready_embedder(&lib);
        let enc = self.enc();
        let this = self.clone();
        let lenses = tokio::task::spawn_blocking(move || {
            note_lenses(&this.state.related, &lib, embedder.as_deref(), &doc, enc)
        })
        .await
        .unwrap_or_default();
        Some(lenses)
    }

    /// `gloss.related {uri, line}`: the open text of the note, else the file.
    pub(super) async fn related_command(
        &self,
        args: &[Value],
    ) -> tower_lsp::jsonrpc::Result<Option<Value>> {
        use tower_lsp::jsonrpc::Error;
        let args = parse_related_args(args).map_err(Error::invalid_params)?;
        self.state.wait_ready().await;
        let text = match self.state.doc(&args.uri) {
            Some(d) => d.text(),
            None => {
                let path = args
                    .uri
                    .to_file_path()
                    .map_err(|_| Error::invalid_params("gloss.related: not a file uri"))?;
                gloss_index::guide::read_utf8(&path)
                    .map_err(|e| Error::invalid_params(format!("gloss.related: {e}")))?
            }
        };
        let lib = self.state.library();
        let embedder = self.state.semantic.ready_embedder(&lib);
        let enc = self.enc();
        let out = tokio::task::spawn_blocking(move || {
            related(&lib, embedder.as_deref(), &text, &args, enc)
        })
        .await
        .map_err(|e| Error::invalid_params(e.to_string()))?;
        out.map(Some).map_err(Error::invalid_params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_argument_shapes() {
        let a = parse_related_args(&[json!({"uri": "file:///n.md", "line": 4})]).unwrap();
        assert_eq!((a.line, a.limit), (Some(4), DEFAULT_LIMIT));
        let a = parse_related_args(&[json!("file:///n.md")]).unwrap();
        assert_eq!(a.line, None);
        let a = parse_related_args(&[json!({"uri": "file:///n.md", "limit": 3})]).unwrap();
        assert_eq!((a.line, a.limit), (None, 3));
        assert!(parse_related_args(&[]).is_err());
        assert!(parse_related_args(&[json!({"uri": 3})]).is_err());
        assert!(parse_related_args(&[json!({"uri": "file:///n.md", "line": -1})]).is_err());
        assert!(parse_related_args(&[json!({"uri": "not a uri", "line": 1})]).is_err());
    }
}
