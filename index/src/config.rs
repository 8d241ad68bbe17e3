//! Workspace configuration (`gloss.toml`, or the same keys from an editor)
//! and discovery of guides and drafts.
//!
//! ```toml
//! guides = ["guides/*.md"]     # globs relative to the workspace root
//! drafts = ["drafts/**/*.md"]  # answer drafts checked for anchors
//! coverage = false             # no model-answer coverage (default: on)
//! model = "models/bge-small"   # embedding model folder (default: the fetched one)
//! ```
//! Without `guides`, every markdown file below the root with Q&A-shaped
//! headings is a guide. Unknown keys are reported as warnings, not errors.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const CONFIG_FILE: &str = "gloss.toml";
pub const DEFAULT_DRAFTS: &str = "drafts/**/*.md";
const KNOWN_KEYS: [&str; 5] = ["guides", "drafts", "review", "coverage", "model"];
/// Directories never searched for markdown.
const SKIP_DIRS: [&str; 6] = [".git", "node_modules", "target", ".cache", ".venv", "dist"];
/// Auto-detection reads at most this many files, to keep huge trees cheap.
const MAX_SCAN_FILES: usize = 20_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// The `[review]` table (spaced repetition settings).
    #[serde(default)]
    pub review: crate::review::ReviewConfig,
    /// Globs of guide files; `None` means auto-detect.
    pub guides: Option<Vec<String>>,
    /// Globs of answer drafts; `None` means `drafts/**/*.md`.
    pub drafts: Option<Vec<String>>,
    /// Model-answer coverage on drafts (`missing-point`, its lens and
    /// hover); `None` means on.
    pub coverage: Option<bool>,
    /// A sentence-transformers BERT folder for search by meaning (relative
    /// to the workspace root); `None` means the one `gloss model fetch` installs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl Config {
    /// Parses `gloss.toml` text. Returns the config and warnings for unknown keys.
    pub fn from_toml(text: &str, path: &Path) -> Result<(Config, Vec<String>)> {
        let value: toml::Value = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })?;
        let json = serde_json::to_value(value).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Self::from_json(&json, &path.display().to_string()).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Reads the keys from a JSON object (LSP `initializationOptions` or
    /// settings). `source` names where they came from, for warnings.
    pub fn from_json(
        value: &serde_json::Value,
        source: &str,
    ) -> std::result::Result<(Config, Vec<String>), String> {
        let mut warnings = Vec::new();
        let Some(obj) = value.as_object() else {
            if value.is_null() {
                return Ok((Config::default(), warnings));
            }
            return Err(format!("{source}: expected a table of settings"));
        };
        for key in obj.keys() {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                warnings.push(format!(
                    "{source}: unknown key `{key}` ignored (known keys: {})",
                    KNOWN_KEYS.join(", ")
                ));
            }
        }
        let list = |key: &str| -> std::result::Result<Option<Vec<String>>, String> {
            match obj.get(key) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(vec![s.clone()])),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| {
                        v.as_str().map(str::to_string).ok_or_else(|| {
                            format!("{source}: `{key}` must be a list of glob strings")
                        })
                    })
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map(Some),
                Some(_) => Err(format!("{source}: `{key}` must be a list of glob strings")),
            }
        };
        let coverage = match obj.get("coverage") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Bool(b)) => Some(*b),
            Some(_) => return Err(format!("{source}: `coverage` must be true or false")),
        };
        let review = match obj.get("review") {
            None | Some(serde_json::Value::Null) => Default::default(),
            Some(v) => crate::review::ReviewConfig::from_json(v, source, &mut warnings)?,
        };
        let model = match obj.get("model") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(format!("{source}: `model` must be a folder path")),
        };
        Ok((
            Config {
                review,
                guides: list("guides")?,
                drafts: list("drafts")?,
                coverage,
                model,
            },
            warnings,
        ))
    }

    /// Reads `gloss.toml` in `root` if present.
    pub fn load(root: &Path) -> Result<Option<(Config, Vec<String>)>> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::from_toml(&text, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Keys set here override those of `base`.
    pub fn or(self, base: Config) -> Config {
        Config {
            review: self.review.or(base.review),
            guides: self.guides.or(base.guides),
            drafts: self.drafts.or(base.drafts),
            coverage: self.coverage.or(base.coverage),
            model: self.model.or(base.model),
        }
    }
}

/// A resolved workspace: which files are guides and which are drafts.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    /// Review settings after layering (editor over `gloss.toml`).
    pub review: crate::review::ReviewConfig,
    pub guides: Vec<PathBuf>,
    drafts: GlobSet,
    /// Model-answer coverage is on (`coverage`, default true).
    pub coverage: bool,
    pub warnings: Vec<String>,
}

impl Workspace {
    /// Resolves `config` against `root`: expands guide globs (or
    /// auto-detects guides) and compiles the draft globs.
    pub fn resolve(root: &Path, config: &Config) -> Result<Workspace> {
        let mut warnings = Vec::new();
        let guides = match &config.guides {
            Some(globs) => {
                let set = globset(globs)?;
                let found: Vec<PathBuf> = markdown_files(root)
                    .into_iter()
                    .filter(|p| p.strip_prefix(root).is_ok_and(|rel| set.is_match(rel)))
                    .collect();
                if found.is_empty() {
                    warnings.push(format!(
                        "no guide matches {} under {}",
                        globs.join(", "),
                        root.display()
                    ));
                }
                found
            }
            None => detect_guides(root),
        };
        let drafts = match &config.drafts {
            Some(globs) => globset(globs)?,
            None => globset(&[DEFAULT_DRAFTS.to_string()])?,
        };
        Ok(Workspace {
            review: config.review.clone(),
            root: root.to_path_buf(),
            guides,
            drafts,
            coverage: config.coverage.unwrap_or(true),
            warnings,
        })
    }

    /// Reads `gloss.toml` (if any) under `root`, layered under `overrides`.
    pub fn discover(root: &Path, overrides: Option<Config>) -> Result<Workspace> {
        let (file, mut warnings) = Config::load(root)?.unwrap_or_default();
        let config = overrides.unwrap_or_default().or(file);
        let mut ws = Workspace::resolve(root, &config)?;
        warnings.append(&mut ws.warnings);
        ws.warnings = warnings;
        Ok(ws)
    }

    pub fn is_guide(&self, path: &Path) -> bool {
        self.guides.iter().any(|g| g == path)
    }

    /// Whether `path` (absolute or relative to the root) is an answer draft.
    pub fn is_draft(&self, path: &Path) -> bool {
        if self.is_guide(path) {
            return false;
        }
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        self.drafts.is_match(rel)
    }

    /// Every markdown file under the root (notes, drafts, guides).
    pub fn markdown_files(&self) -> Vec<PathBuf> {
        markdown_files(&self.root)
    }
}

fn globset(globs: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g.trim_start_matches("./")).map_err(|e| Error::Glob {
            glob: g.clone(),
            message: e.kind().to_string(),
        })?;
        b.add(glob);
    }
    b.build().map_err(|e| Error::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

/// Markdown files under `root`, sorted, skipping build and VCS folders.
pub fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && SKIP_DIRS.contains(&e.file_name().to_string_lossy().as_ref()))
        })
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
        })
        .take(MAX_SCAN_FILES)
        .collect();
    out.sort();
    out
}

/// A guide is a markdown file with at least two Q&A-shaped headings
/// (`#### Q1. …`). Only the headings are looked at, line by line.
pub fn detect_guides(root: &Path) -> Vec<PathBuf> {
    markdown_files(root)
        .into_iter()
        .filter(|p| looks_like_guide_file(p))
        .collect()
}

fn looks_like_guide_file(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut questions = 0;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('#') {
            let rest = rest.trim_start_matches('#').trim_start();
            if crate::outline::question_number(rest).is_some() {
                questions += 1;
                if questions >= 2 {
                    return true;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_warn() {
        let (c, w) = Config::from_toml(
            "guides = [\"g/*.md\"]\ncolour = 1\n",
            Path::new("gloss.toml"),
        )
        .unwrap();
        assert_eq!(c.guides, Some(vec!["g/*.md".to_string()]));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("colour"));
    }

    #[test]
    fn coverage_switch() {
        let (c, w) = Config::from_toml("coverage = false\n", Path::new("gloss.toml")).unwrap();
        assert_eq!((c.coverage, w.len()), (Some(false), 0));
        assert!(Config::from_toml("coverage = \"no\"", Path::new("gloss.toml")).is_err());
        let layered = Config::default().or(c);
        assert_eq!(layered.coverage, Some(false));
        let dir = tempfile::tempdir().unwrap();
        assert!(
            Workspace::resolve(dir.path(), &Config::default())
                .unwrap()
                .coverage
        );
        assert!(!Workspace::resolve(dir.path(), &layered).unwrap().coverage);
    }

    #[test]
    fn model_key_is_known() {
        let (c, w) =
            Config::from_toml("model = \"models/bge-small\"\n", Path::new("gloss.toml")).unwrap();
        assert_eq!(c.model.as_deref(), Some("models/bge-small"));
        assert!(w.is_empty(), "{w:?}");
        assert!(Config::from_toml("model = 3", Path::new("gloss.toml")).is_err());
        let over = Config {
            model: Some("a".into()),
            ..Config::default()
        };
        assert_eq!(Config::default().or(over).model.as_deref(), Some("a"));
    }

    #[test]
    fn bad_types_are_errors() {
        assert!(Config::from_toml("guides = 3", Path::new("gloss.toml")).is_err());
        assert!(Config::from_toml("guides = [", Path::new("gloss.toml")).is_err());
    }

    #[test]
    fn discovers_guides_and_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("drafts/a")).unwrap();
        std::fs::write(
            root.join("G.md"),
            "# G\n## Part 1 — x\n#### Q1. a?\nb\n#### Q2. c?\nd\n",
        )
        .unwrap();
        std::fs::write(root.join("notes.md"), "# notes\n").unwrap();
        std::fs::write(root.join("drafts/a/d.md"), "## Q1\n").unwrap();
        let ws = Workspace::discover(root, None).unwrap();
        assert_eq!(ws.guides, vec![root.join("G.md")]);
        assert!(ws.is_draft(&root.join("drafts/a/d.md")));
        assert!(!ws.is_draft(&root.join("notes.md")));
    }
}
