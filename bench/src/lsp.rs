//! The LSP benchmark script, identical for every server.
//!
//! 1. spawn the server command in the workspace directory (clock starts);
//! 2. `initialize` (rootUri + workspaceFolders, hover/definition/workspace
//!    symbol capabilities, via `gloss_tests::LspClient::initialize`) and
//!    `initialized`;
//! 3. `didOpen` the note;
//! 4. poll `textDocument/hover` on the first position until the answer is
//!    non-null (or `ready_timeout`): **cold start** = spawn → that answer;
//! 5. warm-up (20 of each request, not counted), then timed loops, one
//!    request in flight at a time: hover ×N, definition ×N cycling over the
//!    positions, `workspace/symbol` ×M cycling over the queries, and the
//!    protocol floor: an unknown method (`gloss/noSuchMethod`) ×N, which
//!    every server must answer with MethodNotFound;
//! 6. peak RSS (`VmHWM`) and current RSS from `/proc/<pid>/status`, then
//!    `shutdown` + `exit`.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use gloss_index::{Guide, TermMatcher};
use gloss_tests::{codes, file_uri, text_document_position, utf16_len, LspClient};
use serde::Serialize;
use serde_json::{json, Value};

use crate::procfs;
use crate::stats::Summary;

/// Which positions a server is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Guide terms mentioned in the note (what gloss answers on).
    Term,
    /// `[[wiki]]` and `[text](x.md)` links in the note (what note-graph servers like markdown-oxide answer on).
    Link,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "term" => Ok(Profile::Term),
            "link" => Ok(Profile::Link),
            o => Err(format!("unknown profile `{o}` (term or link)")),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub workspace: PathBuf,
    pub note: PathBuf,
    pub hovers: usize,
    pub definitions: usize,
    pub symbols: usize,
    pub floor: usize,
    pub ready_timeout: Duration,
    pub request_timeout: Duration,
    /// Explicit positions (line, UTF-16 column) overriding the profile's.
    pub positions: Option<Vec<(u32, u32)>>,
    pub queries: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServerResult {
    pub name: String,
    pub command: String,
    pub profile: Profile,
    pub positions: Vec<(u32, u32)>,
    pub ready: bool,
    pub initialize_ms: f64,
    pub cold_start_ms: f64,
    pub hover: Summary,
    pub definition: Summary,
    pub workspace_symbol: Summary,
    pub unknown_method: Summary,
    pub vmhwm_kb: Option<u64>,
    pub vmrss_kb: Option<u64>,
    /// Exited with status 0 after `shutdown` + `exit`.
    pub clean_exit: bool,
    /// Exited within 2 s of the `exit` notification with stdin still open.
    pub exits_on_exit: bool,
    pub error: Option<String>,
}

/// Splits a command line on whitespace (no quoting: use a wrapper script for that).
pub fn split_command(cmd: &str) -> Result<(String, Vec<String>)> {
    let mut parts = cmd.split_whitespace().map(str::to_string);
    let bin = parts.next().context("empty server command")?;
    Ok((bin, parts.collect()))
}

/// A short display name: the program's file name.
pub fn server_name(cmd: &str) -> String {
    let first = cmd.split_whitespace().next().unwrap_or(cmd);
    Path::new(first)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| first.to_string())
}

/// Positions of guide-term mentions in `text` (a character inside each match).
pub fn term_positions(text: &str, guides: &[PathBuf], max: usize) -> Vec<(u32, u32)> {
    let mut matchers = Vec::new();
    for g in guides {
        if let Ok(t) = std::fs::read_to_string(g) {
            let guide = Guide::parse(g, t);
            matchers.push(TermMatcher::new(&guide));
        }
    }
    let mut all = Vec::new();
    let mut in_fence = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence || line.starts_with('#') {
            continue;
        }
        for m in &matchers {
            // Only the first match of a line, so positions spread over the note.
            if let Some(tm) = m
                .scan(line)
                .into_iter()
                .find(|tm| !inside_link(line, tm.span.start))
            {
                let col = utf16_len(&line[..tm.span.start]) + 1;
                all.push((i as u32, col));
                break;
            }
        }
    }
    spread(all, max)
}

/// True when `at` falls inside `[...](...)` or `[[...]]` on the line.
fn inside_link(line: &str, at: usize) -> bool {
    let before = &line[..at];
    let open = before.rfind('[');
    let close = before.rfind(']');
    let paren_open = before.rfind("](");
    let paren_close = before.rfind(')');
    matches!((open, close), (Some(o), c) if c.is_none_or(|c| c < o))
        || matches!((paren_open, paren_close), (Some(o), c) if c.is_none_or(|c| c < o))
}

/// Positions inside `[[wiki]]` and `[text](x.md)` links in `text`.
pub fn link_positions(text: &str, max: usize) -> Vec<(u32, u32)> {
    let mut all = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find("[[") {
            all.push((i as u32, utf16_len(&line[..at]) + 3));
        } else if let Some(at) = line.find("](") {
            all.push((i as u32, utf16_len(&line[..at]) + 3));
        }
    }
    spread(all, max)
}

fn spread(all: Vec<(u32, u32)>, max: usize) -> Vec<(u32, u32)> {
    if all.len() <= max {
        return all;
    }
    let step = all.len() as f64 / max as f64;
    (0..max).map(|k| all[(k as f64 * step) as usize]).collect()
}

/// A few `workspace/symbol` queries: words of headings in the note (which
/// generated notes build from guide term names), deduplicated.
pub fn default_queries(text: &str, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("## ")) {
        let word = line[3..]
            .split_whitespace()
            .find(|w| w.len() >= 4 && w.chars().all(char::is_alphanumeric))
            .map(str::to_lowercase);
        if let Some(w) = word {
            if !out.contains(&w) {
                out.push(w);
            }
        }
        if out.len() >= n {
            break;
        }
    }
    if out.is_empty() {
        out.push("the".into());
    }
    out
}

fn is_non_null(resp: &Value) -> bool {
    resp.get("error").is_none()
        && match resp.get("result") {
            None | Some(Value::Null) => false,
            Some(Value::Array(a)) => !a.is_empty(),
            Some(_) => true,
        }
}

struct Timed {
    samples: Vec<Duration>,
    answered: usize,
    errors: usize,
}

fn timed_loop(
    client: &mut LspClient,
    n: usize,
    timeout: Duration,
    mut make: impl FnMut(usize) -> (&'static str, Value),
    mut ok: impl FnMut(&Value) -> bool,
) -> Result<Timed> {
    let mut t = Timed {
        samples: Vec::with_capacity(n),
        answered: 0,
        errors: 0,
    };
    for i in 0..n {
        let (method, params) = make(i);
        let start = Instant::now();
        let resp = client.request_response(method, params, timeout)?;
        t.samples.push(start.elapsed());
        if resp.get("error").is_some() {
            t.errors += 1;
        }
        if ok(&resp) {
            t.answered += 1;
        }
        if i % 100 == 99 {
            // Drop notifications (diagnostics, progress, logs) queued meanwhile.
            client.drain_pending();
        }
    }
    Ok(t)
}

/// Runs the script against one server command.
pub fn bench_server(command: &str, profile: Profile, opts: &RunOptions) -> ServerResult {
    let mut result = ServerResult {
        name: server_name(command),
        command: command.to_string(),
        profile,
        positions: Vec::new(),
        ready: false,
        initialize_ms: 0.0,
        cold_start_ms: 0.0,
        hover: Summary::default(),
        definition: Summary::default(),
        workspace_symbol: Summary::default(),
        unknown_method: Summary::default(),
        vmhwm_kb: None,
        vmrss_kb: None,
        clean_exit: false,
        exits_on_exit: false,
        error: None,
    };
    if let Err(e) = run_script(command, profile, opts, &mut result) {
        result.error = Some(format!("{e:#}"));
    }
    result
}

fn run_script(
    command: &str,
    profile: Profile,
    opts: &RunOptions,
    result: &mut ServerResult,
) -> Result<()> {
    let ws = opts
        .workspace
        .canonicalize()
        .with_context(|| format!("workspace {}", opts.workspace.display()))?;
    let note_path = ws.join(&opts.note);
    let note_text = std::fs::read_to_string(&note_path)
        .with_context(|| format!("reading note {}", note_path.display()))?;
    let positions = match &opts.positions {
        Some(p) => p.clone(),
        None => match profile {
            Profile::Term => term_positions(&note_text, &crate::gen::workspace_guides(&ws), 32),
            Profile::Link => link_positions(&note_text, 32),
        },
    };
    if positions.is_empty() {
        bail!("no {profile:?} positions found in {}", note_path.display());
    }
    result.positions = positions.clone();

    let (bin, args) = split_command(command)?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let before = procfs::children();
    let t0 = Instant::now();
    let mut client = LspClient::spawn(Path::new(&bin), &args, &ws)
        .with_context(|| format!("spawning `{command}`"))?;
    let pid = procfs::children().difference(&before).copied().max();
    client.timeout = opts.request_timeout;

    let init = client.initialize(&file_uri(&ws), None);
    result.initialize_ms = t0.elapsed().as_secs_f64() * 1e3;
    init.context("initialize")?;
    let uri = client.open(&note_path)?;

    // Readiness: first non-null hover on the first position.
    let (l0, c0) = positions[0];
    loop {
        let resp = client.request_response(
            "textDocument/hover",
            text_document_position(&uri, l0, c0),
            opts.request_timeout,
        )?;
        if is_non_null(&resp) {
            result.ready = true;
            break;
        }
        if t0.elapsed() > opts.ready_timeout {
            break;
        }
        thread::sleep(Duration::from_millis(5));
    }
    result.cold_start_ms = t0.elapsed().as_secs_f64() * 1e3;
    client.drain_pending();

    let pos_at = |i: usize| positions[i % positions.len()];
    let queries = if opts.queries.is_empty() {
        default_queries(&note_text, 5)
    } else {
        opts.queries.clone()
    };
    let td = |i: usize| {
        let (l, c) = pos_at(i);
        text_document_position(&uri, l, c)
    };
    let timeout = opts.request_timeout;

    // Warm-up, not counted.
    for i in 0..20 {
        client.request_response("textDocument/hover", td(i), timeout)?;
        client.request_response("textDocument/definition", td(i), timeout)?;
        client.request_response(
            "workspace/symbol",
            json!({ "query": queries[i % queries.len()] }),
            timeout,
        )?;
    }
    client.drain_pending();

    let h = timed_loop(
        &mut client,
        opts.hovers,
        timeout,
        |i| ("textDocument/hover", td(i)),
        is_non_null,
    )?;
    result.hover = Summary::from(&h.samples, h.answered, h.errors);
    let d = timed_loop(
        &mut client,
        opts.definitions,
        timeout,
        |i| ("textDocument/definition", td(i)),
        is_non_null,
    )?;
    result.definition = Summary::from(&d.samples, d.answered, d.errors);
    let s = timed_loop(
        &mut client,
        opts.symbols,
        timeout,
        |i| {
            (
                "workspace/symbol",
                json!({ "query": queries[i % queries.len()] }),
            )
        },
        is_non_null,
    )?;
    result.workspace_symbol = Summary::from(&s.samples, s.answered, s.errors);
    let f = timed_loop(
        &mut client,
        opts.floor,
        timeout,
        |_| ("gloss/noSuchMethod", json!({})),
        |r| r.pointer("/error/code").and_then(Value::as_i64) == Some(codes::METHOD_NOT_FOUND),
    )?;
    result.unknown_method = Summary::from(&f.samples, f.answered, f.errors);

    if let Some(pid) = pid {
        result.vmhwm_kb = procfs::status_kb(pid, "VmHWM");
        result.vmrss_kb = procfs::status_kb(pid, "VmRSS");
    }
    // shutdown + exit; a server should exit on `exit` alone, but give it EOF
    // after 2 s (what editors do when they close the pipe) and note which it was.
    client
        .request("shutdown", Value::Null)
        .context("shutdown")?;
    client.notify("exit", Value::Null)?;
    match client.wait_exit(Duration::from_secs(2)) {
        Ok(status) => {
            result.exits_on_exit = true;
            result.clean_exit = status.success();
        }
        Err(_) => {
            // wait_exit killed it; nothing more to learn.
            result.exits_on_exit = false;
        }
    }
    Ok(())
}
