//! `gloss check`: answer-draft diagnostics on the command line.
//!
//! ```text
//! gloss check [PATH…] [--guide GUIDE…] [--format text|json]
//! ```
//! Paths default to the workspace's drafts (`drafts` globs in `gloss.toml`,
//! else `drafts/**/*.md`); a directory means every markdown file below it.
//! Guides come from `--guide` or workspace discovery. Text output is
//! `path:line:col: severity[code]: message` (1-based; columns count
//! characters); JSON is an array of `{path, line, column, severity, code,
//! message}`. Exit status: 2 on a usage or I/O error (after checking what
//! can be checked), else 1 when any warning was reported, else 0:
//! information-level findings (`missing-point`, `unknown-question`) never
//! change it. `coverage = false` in `gloss.toml` leaves out `missing-point`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gloss_index::cache::Cache;
use gloss_index::config::{self, Workspace};
use gloss_index::drafts::{check_draft, DraftDiagnostic, Severity};
use gloss_index::text::LineIndex;
use gloss_index::{Library, LoadedGuide};
use serde::Serialize;

pub struct CheckArgs {
    pub paths: Vec<PathBuf>,
    /// `text` or `json`.
    pub format: String,
    pub guides: Vec<PathBuf>,
    /// Coverage without the embedding model even when it is installed.
    pub lexical: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

/// One reported problem, as printed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<i32> {
    let format = match args.format.as_str() {
        "" | "text" => Format::Text,
        "json" => Format::Json,
        other => {
            eprintln!("gloss check: unknown format `{other}` (expected text or json)");
            return Ok(2);
        }
    };
    let cwd = std::env::current_dir()?;
    let (findings, failed) = check(args, &cwd);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Text => {
            for f in &findings {
                writeln!(
                    out,
                    "{}:{}:{}: {}[{}]: {}",
                    f.path, f.line, f.column, f.severity, f.code, f.message
                )?;
            }
        }
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&findings)?)?,
    }
    out.flush()?;
    Ok(exit_code(&findings, failed))
}

fn exit_code(findings: &[Finding], failed: bool) -> i32 {
    if failed {
        2
    } else if findings.iter().any(|f| f.severity == "warning") {
        1
    } else {
        0
    }
}

/// Checks the drafts `args` names, from `cwd`. Errors go to stderr as they
/// happen; the flag says whether any occurred.
pub fn check(args: &CheckArgs, cwd: &Path) -> (Vec<Finding>, bool) {
    let mut failed = false;
    let needs_workspace = args.paths.is_empty() || args.guides.is_empty();
    let workspace = if needs_workspace {
        match Workspace::discover(cwd, None) {
            Ok(ws) => {
                for w in &ws.warnings {
                    eprintln!("gloss check: {w}");
                }
                Some(ws)
            }
            Err(e) => {
                eprintln!("gloss check: {e}");
                return (Vec::new(), true);
            }
        }
    } else {
        None
    };

    // Guides.
    let mut guide_paths: Vec<PathBuf> = Vec::new();
    if args.guides.is_empty() {
        guide_paths.extend(workspace.iter().flat_map(|ws| ws.guides.iter().cloned()));
    } else {
        for g in &args.guides {
            let g = cwd.join(g);
            if g.is_dir() {
                guide_paths.extend(config::detect_guides(&g));
            } else {
                guide_paths.push(g);
            }
        }
    }
    if guide_paths.is_empty() {
        eprintln!("gloss check: no guides found (pass --guide PATH or set `guides` in gloss.toml)");
        return (Vec::new(), true);
    }
    let cache = Cache::default_location();
    // Loaded on the first answer that has key points (never without one).
    let model = std::cell::OnceCell::new();
    let mut loaded = Vec::new();
    for p in &guide_paths {
        match LoadedGuide::load(p, cache.as_ref()) {
            Ok(g) => loaded.push(Arc::new(g)),
            Err(e) => {
                eprintln!("gloss check: {e}");
                failed = true;
            }
        }
    }
    if loaded.is_empty() {
        return (Vec::new(), true);
    }
    let library = Library::new(loaded);
    let is_guide = |p: &Path| {
        let canon = p.canonicalize().ok();
        guide_paths
            .iter()
            .any(|g| g == p || (canon.is_some() && g.canonicalize().ok() == canon))
    };

    // Drafts.
    let mut drafts: Vec<PathBuf> = Vec::new();
    if args.paths.is_empty() {
        if let Some(ws) = &workspace {
            drafts.extend(ws.markdown_files().into_iter().filter(|p| ws.is_draft(p)));
        }
        if drafts.is_empty() {
            eprintln!("gloss check: no drafts found under {}", cwd.display());
        }
    } else {
        for p in &args.paths {
            let full = cwd.join(p);
            if full.is_dir() {
                drafts.extend(
                    config::markdown_files(&full)
                        .into_iter()
                        .filter(|d| !is_guide(d)),
                );
            } else if full.is_file() {
                drafts.push(full);
            } else {
                eprintln!("gloss check: {}: no such file or directory", p.display());
                failed = true;
            }
        }
    }

    let coverage_on = match &workspace {
        Some(ws) => ws.coverage,
        None => config::Config::load(cwd)
            .ok()
            .flatten()
            .and_then(|(c, _)| c.coverage)
            .unwrap_or(true),
    };
    let mut findings = Vec::new();
    for path in &drafts {
        let text = match gloss_index::guide::read_utf8(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("gloss check: {e}");
                failed = true;
                continue;
            }
        };
        let shown = display_path(path, cwd);
        findings.extend(
            check_draft(&library, &text)
                .iter()
                .map(|d| finding(&shown, &text, d)),
        );
        if coverage_on {
            let model = model.get_or_init(|| {
                if args.lexical {
                    None
                } else {
                    crate::semantic::load_quietly()
                }
            });
            findings.extend(point_findings(&library, &shown, &text, model.as_ref()));
        }
    }
    (findings, failed)
}

/// A path relative to `cwd` when it is below it.
fn display_path(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd).unwrap_or(path).display().to_string()
}

/// `missing-point` findings: what each answer's model answer also says.
/// With the embedding model, when installed, as coverage's second judge.
fn point_findings(
    library: &Library,
    path: &str,
    text: &str,
    model: Option<&gloss_index::embed::Embedder>,
) -> Vec<Finding> {
    use gloss_index::drafts::coverage::{coverage, message, Options, SentenceEmbedder};
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let opts = Options {
        embedder: model.map(|m| m as &dyn SentenceEmbedder),
    };
    for c in coverage(library, text, opts) {
        let (line, column) = line_col(text, &lines, c.heading.start);
        for p in c.missing() {
            out.push(Finding {
                path: path.to_string(),
                line,
                column,
                severity: "information",
                code: "missing-point",
                message: message(p),
            });
        }
    }
    out
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, lines: &LineIndex, offset: usize) -> (u32, u32) {
    let start = offset.min(text.len());
    let line = lines.line_of(start);
    let line_start = lines.line_start(line).unwrap_or(0);
    let column = text.get(line_start..start).map_or(0, |s| s.chars().count()) as u32;
    (line + 1, column + 1)
}

fn finding(path: &str, text: &str, d: &DraftDiagnostic) -> Finding {
    let lines = LineIndex::new(text);
    let start = d.span.start.min(text.len());
    let line = lines.line_of(start);
    let line_start = lines.line_start(line).unwrap_or(0);
    let column = text.get(line_start..start).map_or(0, |s| s.chars().count()) as u32;
    Finding {
        path: path.to_string(),
        line: line + 1,
        column: column + 1,
        severity: match d.severity {
            Severity::Warning => "warning",
            Severity::Information => "information",
        },
        code: d.code(),
        message: d.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Garden Guide\n\n\
        ### Anchor map\n\n| Anchor | Use for prompts about… |\n|---|---|\n\
        | Allotment drip irrigation (40% less water) | watering, irrigation |\n\n\
        ## Part 1 — Soil\n\n### 1.1 Part 1 Q&A\n\n\
        #### Q1. How often should you water tomatoes?\n\nDeeply, twice a week.\n\n\
        #### Q2. Why mulch a bed?\n\nIt keeps moisture in.\n\n\
        ## Part 2 — Anchor Example Cheat Sheet\n\n\
        ### Anchor 1: Allotment Drip Irrigation (40% less water)\n\n\
        Use for prompts about:\n\n- Watering\n- Irrigation\n\n\
        Key metrics:\n\n- 40% less water across 12 beds\n- Gardena timers on every line\n";

    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("guides")).expect("mkdir");
        std::fs::create_dir_all(root.join("drafts/more")).expect("mkdir");
        std::fs::write(root.join("guides/GARDEN.md"), GUIDE).expect("write");
        std::fs::write(
            root.join("drafts/water.md"),
            "# Notes\n\n## How often should you water tomatoes?\n\nDeeply, not daily.\n",
        )
        .expect("write");
        std::fs::write(
            root.join("drafts/more/mulch.md"),
            "## Why mulch a bed?\n\nMoisture. On my allotment the drip lines with Gardena timers cut water by 40%.\n",
        )
        .expect("write");
        dir
    }

    fn args(paths: &[&str], guides: &[&str]) -> CheckArgs {
        CheckArgs {
            lexical: true,
            paths: paths.iter().map(PathBuf::from).collect(),
            format: "text".into(),
            guides: guides.iter().map(PathBuf::from).collect(),
        }
    }

    #[test]
    fn discovers_drafts_and_guides() {
        let dir = workspace();
        std::env::set_var("GLOSS_CACHE_DIR", dir.path().join(".cache"));
        let (findings, failed) = check(&args(&[], &[]), dir.path());
        assert!(!failed);
        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert_eq!(f.path, Path::new("drafts/water.md").display().to_string());
        assert_eq!((f.line, f.column), (3, 1));
        assert_eq!((f.severity, f.code), ("warning", "missing-anchor"));
        assert!(
            f.message.contains("Allotment Drip Irrigation"),
            "{}",
            f.message
        );
        assert_eq!(exit_code(&findings, failed), 1);
    }

    #[test]
    fn explicit_paths_directories_and_errors() {
        let dir = workspace();
        std::env::set_var("GLOSS_CACHE_DIR", dir.path().join(".cache"));
        let (findings, failed) = check(
            &args(&["drafts/more", "missing.md"], &["guides/GARDEN.md"]),
            dir.path(),
        );
        assert!(failed, "a missing path is an error");
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(exit_code(&findings, failed), 2);

        std::fs::write(dir.path().join("drafts/bad.md"), b"## Q\n\xff\xfe\n").expect("write");
        let (findings, failed) = check(&args(&["drafts"], &["guides"]), dir.path());
        assert!(failed, "non-UTF-8 draft is an error");
        assert_eq!(findings.len(), 1, "other drafts are still checked");
    }

    #[test]
    fn no_guides_is_a_usage_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.md"), "## Why?\n\nx\n").expect("write");
        let (findings, failed) = check(&args(&["a.md"], &[]), dir.path());
        assert!(failed);
        assert!(findings.is_empty());
    }

    #[test]
    fn columns_count_characters() {
        let text = "é ## x\n";
        let d = DraftDiagnostic {
            kind: gloss_index::drafts::DiagnosticKind::UnknownQuestion,
            severity: Severity::Information,
            span: gloss_index::Span::new(3, 7),
            message: "m".into(),
            question: None,
            recommended: Vec::new(),
            candidates: Vec::new(),
            fix: None,
        };
        let f = finding("p", text, &d);
        assert_eq!((f.line, f.column), (1, 3));
        let json = serde_json::to_value(vec![f]).expect("json");
        assert_eq!(json[0]["severity"], "information");
        assert_eq!(json[0]["code"], "unknown-question");
    }
}
