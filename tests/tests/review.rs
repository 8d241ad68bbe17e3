//! Review mode end to end: the real binary on a copy of the example
//! workspace, with the clock set by `GLOSS_NOW`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use gloss_tests::*;
use serde_json::{json, Value};

const NOW: &str = "2026-12-01T09:00:00Z";

/// A fresh workspace holding a copy of the example guide.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("guides")).unwrap();
    std::fs::copy(example_guide(), dir.path().join("guides/GUIDE.md")).unwrap();
    dir
}

fn gloss_cmd(ws: &Path, now: &str, args: &[&str]) -> Command {
    let mut c = Command::new(gloss_bin());
    c.args(args)
        .current_dir(ws)
        .env("GLOSS_NOW", now)
        .env("GLOSS_CACHE_DIR", ws.join(".cache"))
        .stdin(Stdio::null());
    c
}

fn gloss(ws: &Path, now: &str, args: &[&str]) -> Output {
    let out = gloss_cmd(ws, now, args).output().expect("run gloss");
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn log_path(ws: &Path) -> PathBuf {
    ws.join(".gloss/reviews.jsonl")
}

fn log_lines(ws: &Path) -> Vec<String> {
    std::fs::read_to_string(log_path(ws))
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn next_grade_show_stats() {
    let ws = workspace();
    let ws = ws.path();
    let stats = json_of(&gloss(ws, NOW, &["review", "stats", "--json"]));
    assert_eq!(stats["by_kind"]["question"]["total"], 18);
    assert_eq!(stats["by_kind"]["flash"]["total"], 7);
    assert_eq!(stats["by_kind"]["scenario"]["total"], 3);
    assert_eq!(stats["new"], 28);
    assert_eq!(stats["due"], 0);

    let next = json_of(&gloss(ws, NOW, &["review", "next", "--json"]));
    for key in ["card", "kind", "front", "back", "source", "due", "state"] {
        assert!(next.get(key).is_some(), "missing {key}: {next}");
    }
    assert_eq!(next["kind"], "question");
    assert_eq!(next["state"], "new");
    assert_eq!(next["source"]["label"], "§1.5 Q1");
    let card = next["card"].as_str().unwrap().to_string();

    let flash = json_of(&gloss(
        ws,
        NOW,
        &["review", "next", "--kind", "flash", "--json"],
    ));
    assert_eq!(flash["kind"], "flash");
    assert!(flash["front"].as_str().unwrap().ends_with('?'));
    let part3 = json_of(&gloss(
        ws,
        NOW,
        &[
            "review", "next", "--part", "3", "--kind", "question", "--json",
        ],
    ));
    assert!(
        part3["source"]["label"].as_str().unwrap().starts_with("§3"),
        "{part3}"
    );

    let g = gloss(ws, NOW, &["review", "grade", &card, "good"]);
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    let lines = log_lines(ws);
    assert_eq!(lines.len(), 1);
    let line: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(line["card"], card.as_str());
    assert_eq!(line["at"], NOW);
    assert_eq!(line["grade"], "good");

    let shown = json_of(&gloss(ws, NOW, &["review", "show", &card, "--json"]));
    assert_eq!(shown["history"], json!([{"at": NOW, "grade": "good"}]));
    assert_eq!(shown["state"], "learning");
    assert!(shown["due"].as_str().unwrap() > NOW);

    let bad = gloss(ws, NOW, &["review", "grade", &card, "meh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("again, hard, good or easy"));
    let unknown = gloss(ws, NOW, &["review", "grade", "q-0000000000", "good"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(log_lines(ws).len(), 1, "failed grades write nothing");

    // An hour later the learning card is due again and comes first.
    let later = "2026-12-01T10:00:00Z";
    let next = json_of(&gloss(ws, later, &["review", "next", "--json"]));
    assert_eq!(next["card"], card.as_str());
    let stats = json_of(&gloss(ws, later, &["review", "stats", "--json"]));
    assert_eq!(
        (stats["due"].as_u64(), stats["learning"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(stats["reviews_today"], 1);
}

#[test]
fn nothing_due_is_null() {
    let ws = workspace();
    std::fs::write(ws.path().join("gloss.toml"), "[review]\nnew_per_day = 0\n").unwrap();
    let out = gloss(ws.path(), NOW, &["review", "next", "--json"]);
    assert_eq!(json_of(&out), Value::Null);
}

#[test]
fn grades_from_four_concurrent_processes_are_all_recorded() {
    let ws = workspace();
    let ws = ws.path().to_path_buf();
    let card = json_of(&gloss(&ws, NOW, &["review", "next", "--json"]))["card"]
        .as_str()
        .unwrap()
        .to_string();
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (ws, card) = (ws.clone(), card.clone());
            std::thread::spawn(move || {
                for i in 0..50 {
                    let grade = ["again", "hard", "good", "easy"][(w + i) % 4];
                    let out = gloss(&ws, NOW, &["review", "grade", &card, grade]);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let lines = log_lines(&ws);
    assert_eq!(lines.len(), 200);
    for l in &lines {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        assert_eq!(v["card"], card.as_str());
    }
    let shown = json_of(&gloss(&ws, NOW, &["review", "show", &card, "--json"]));
    assert_eq!(shown["reviews"], 200);
}

#[cfg(unix)]
#[test]
fn sigkill_mid_grade_loses_at_most_that_grade() {
    let ws = workspace();
    let ws = ws.path();
    let card = json_of(&gloss(ws, NOW, &["review", "next", "--json"]))["card"]
        .as_str()
        .unwrap()
        .to_string();
    let mut completed = 0;
    for round in 0..40u64 {
        let mut child = gloss_cmd(ws, NOW, &["review", "grade", &card, "good"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at varying points of the process's life, including mid-write.
        std::thread::sleep(Duration::from_micros(500 + (round * 997) % 12_000));
        let _ = Command::new("kill")
            .args(["-KILL", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if status.success() {
            completed += 1;
        }
    }
    // A grade after the kills is recorded on a line of its own.
    assert!(gloss(ws, NOW, &["review", "grade", &card, "easy"])
        .status
        .success());
    completed += 1;
    let text = std::fs::read_to_string(log_path(ws)).unwrap();
    let valid = text
        .lines()
        .filter(|l| serde_json::from_str::<Value>(l).is_ok())
        .count();
    let corrupt = text.lines().filter(|l| !l.trim().is_empty()).count() - valid;
    assert!(
        valid >= completed,
        "{valid} valid lines < {completed} completed grades"
    );
    assert!(corrupt <= 40, "at most one torn line per killed process");
    // Whole and last; it carries the prompt too when no killed process got
    // as far as writing its grade (the log did not know the card yet).
    let last = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str::<Value>(l).ok());
    assert!(
        text.ends_with('\n') && last.is_some_and(|v| v["grade"] == "easy"),
        "the last grade is whole: {text}"
    );
    let shown = gloss(ws, NOW, &["review", "show", &card, "--json"]);
    assert_eq!(json_of(&shown)["reviews"].as_u64(), Some(valid as u64));
}

#[test]
fn corrupt_lines_are_skipped_with_a_warning_naming_the_line() {
    let ws = workspace();
    let ws = ws.path();
    let card = json_of(&gloss(ws, NOW, &["review", "next", "--json"]))["card"]
        .as_str()
        .unwrap()
        .to_string();
    gloss(ws, NOW, &["review", "grade", &card, "good"]);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(log_path(ws))
        .unwrap();
    f.write_all(b"<<<<<<< HEAD\n{\"card\":\"q-x\",\"at\":\"nope\"}\n")
        .unwrap();
    drop(f);
    gloss(ws, NOW, &["review", "grade", &card, "easy"]);
    let out = gloss(ws, NOW, &["review", "show", &card, "--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reviews.jsonl:2:"), "{err}");
    assert!(err.contains("reviews.jsonl:3:"), "{err}");
    assert_eq!(json_of(&out)["reviews"], 2);
}

#[test]
fn interactive_session_over_a_pipe() {
    let ws = workspace();
    let ws = ws.path();
    let mut child = gloss_cmd(ws, NOW, &["review"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Reveal, grade good; reveal, grade again; reveal, quit.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\n3\n\n1\n\nq\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 reviewed."), "{stdout}");
    assert!(stdout.contains("1 again  2 hard  3 good  4 easy"));
    let grades: Vec<String> = log_lines(ws)
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["grade"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(grades, ["good", "again"]);
}

#[test]
fn lsp_commands_and_lenses() {
    let ws = workspace();
    let root = ws.path();
    // The server reads the clock from its environment.
    // (std serialises environment access, and every other test here sets
    // its variables on its own commands.)
    std::env::set_var("GLOSS_NOW", NOW);
    let mut client = LspClient::spawn_gloss(root).expect("spawn");
    client.timeout = Duration::from_secs(60);
    client
        .initialize(&file_uri(root), None)
        .expect("initialize");
    let next = client
        .request(
            "workspace/executeCommand",
            json!({"command": "gloss.review.next", "arguments": []}),
        )
        .expect("next");
    assert_eq!(next["kind"], "question");
    assert!(next["source"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file://"));
    let card = next["card"].as_str().unwrap().to_string();
    let graded = client
        .request(
            "workspace/executeCommand",
            json!({"command": "gloss.review.grade", "arguments": [{"card": card, "grade": "easy"}]}),
        )
        .expect("grade");
    assert_eq!(graded["reviews"], 1);
    assert_eq!(graded["state"], "review");
    let stats = client
        .request(
            "workspace/executeCommand",
            json!({"command": "gloss.review.stats", "arguments": []}),
        )
        .expect("stats");
    assert_eq!(stats["reviews_today"], 1);
    assert_eq!(stats["review"], 1);
    // The CLI sees the server's grade, and the server sees the CLI's.
    let cli = json_of(&gloss(root, NOW, &["review", "stats", "--json"]));
    assert_eq!(cli["review"], 1);
    let second = json_of(&gloss(root, NOW, &["review", "next", "--json"]))["card"]
        .as_str()
        .unwrap()
        .to_string();
    gloss(root, NOW, &["review", "grade", &second, "again"]);

    let guide = root.join("guides/GUIDE.md");
    let uri = client.open(&guide).unwrap();
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .expect("lenses");
    let titles: Vec<(u64, String)> = lenses
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| {
            Some((
                l.pointer("/range/start/line")?.as_u64()?,
                l.pointer("/command/title")?.as_str()?.to_string(),
            ))
        })
        .collect();
    let text = std::fs::read_to_string(&guide).unwrap();
    let q1 = line_starting_with(&text, "#### Q1.").unwrap() as u64;
    let q2 = line_starting_with(&text, "#### Q2.").unwrap() as u64;
    let q3 = line_starting_with(&text, "#### Q3.").unwrap() as u64;
    let at = |line: u64| -> Vec<&str> {
        titles
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, t)| t.as_str())
            .collect()
    };
    assert!(
        at(q1)
            .iter()
            .any(|t| t.starts_with("next review in") && t.ends_with("· 1 review")),
        "{:?}",
        at(q1)
    );
    assert!(
        at(q2).iter().any(|t| t.starts_with("due today")),
        "{:?}",
        at(q2)
    );
    assert!(at(q3).contains(&"review: new"), "{:?}", at(q3));
    client.shutdown().ok();
}
