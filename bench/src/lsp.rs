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
//!    positions, definition on links into the guide ×N (the same positions
//!    for every server), `workspace/symbol` ×M cycling over the queries,
//!    `documentSymbol` of the note ×M, and the protocol floor: an unknown
//!    method (`gloss/noSuchMethod`) ×N, which every server must answer with
//!    MethodNotFound;
//! 6. peak RSS (`VmHWM`) and current RSS from `/proc/<pid>/status`, then
//!    `shutdown` + `exit`.
//!
//! Before that, **first answer**: for each request every server serves
//! (definition on a guide link, `workspace/symbol`, `documentSymbol`), a
//! fresh process is spawned, initialized, given the note, and asked that
//! request until the answer is non-empty; spawn → that answer is timed.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use gloss_index::{Guide, TermMatcher};
use gloss_tests::{codes, file_uri, text_document_position, utf16_len, LspClient};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::procfs;
use crate::stats::Summary;

/// Which positions a server is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// Guide terms mentioned in the note (what gloss answers on).
    Term,
    /// `[[wiki]]` and `[text](x.md)` links in the note (what note-graph servers like markdown-oxide answer on).
    Link,
    /// `[text](../guides/G.md#slug)` links into a workspace guide (what gloss and note-graph servers both resolve).
    GuideLink,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "term" => Ok(Profile::Term),
            "link" => Ok(Profile::Link),
            "guide-link" => Ok(Profile::GuideLink),
            o => Err(format!("unknown profile `{o}` (term, link or guide-link)")),
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
    /// Definitions on links into the guide (same positions for every server).
    pub guide_definitions: usize,
    pub document_symbols: usize,
    /// Fresh spawns per first-answer request kind (0: skip).
    pub first_answer_runs: usize,
    /// Give each first-answer spawn an empty `GLOSS_CACHE_DIR` of its own.
    pub first_answer_fresh_cache: bool,
}

/// The requests every benchmarked server serves, timed from spawn.
pub const FIRST_ANSWER_METHODS: [&str; 3] = [
    "textDocument/definition",
    "workspace/symbol",
    "textDocument/documentSymbol",
];

/// Spawn → first non-empty answer of one request kind, per fresh spawn.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FirstAnswer {
    pub method: String,
    pub runs_ms: Vec<f64>,
    /// Runs that got a non-empty answer before the ready timeout.
    pub answered: usize,
}

impl FirstAnswer {
    /// Median over the runs (what the tables show).
    pub fn median_ms(&self) -> f64 {
        let mut v = self.runs_ms.clone();
        v.sort_by(|a, b| a.total_cmp(b));
        match v.len() {
            0 => 0.0,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// Definition on links into the guide; answered = a location in the guide file.
    pub guide_definition: Summary,
    pub document_symbol: Summary,
    pub guide_positions: Vec<(u32, u32)>,
    pub first_answer: Vec<FirstAnswer>,
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

/// Positions inside the destination of `[text](…/G.md#slug)` links whose
/// file is one of `guide_names` (file names of the workspace's guides).
pub fn guide_link_positions(text: &str, guide_names: &[String], max: usize) -> Vec<(u32, u32)> {
    let mut all = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let hit = gloss_index::links::links(line).into_iter().find(|l| {
            Path::new(&l.path)
                .file_name()
                .is_some_and(|f| guide_names.iter().any(|g| f.to_string_lossy() == *g))
        });
        if let Some(l) = hit {
            if let Some(at) = line[l.span.clone()].find("](") {
                all.push((i as u32, utf16_len(&line[..l.span.start + at]) + 3));
            }
        }
    }
    spread(all, max)
}

/// File names of a workspace's guides.
pub fn guide_names(ws: &Path) -> Vec<String> {
    crate::gen::workspace_guides(ws)
        .iter()
        .filter_map(|g| g.file_name().map(|f| f.to_string_lossy().into_owned()))
        .collect()
}

/// True when a definition answer (Location, Location[] or LocationLink[])
/// points into a file named one of `names`.
pub fn points_into(resp: &Value, names: &[String]) -> bool {
    let uri_of = |v: &Value| {
        v.get("uri")
            .or_else(|| v.get("targetUri"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let uris: Vec<String> = match resp.get("result") {
        Some(Value::Array(a)) => a.iter().filter_map(uri_of).collect(),
        Some(v @ Value::Object(_)) => uri_of(v).into_iter().collect(),
        _ => Vec::new(),
    };
    uris.iter().any(|u| {
        let path = u.split(['#', '?']).next().unwrap_or(u);
        let file = path.rsplit('/').next().unwrap_or(path);
        let file = gloss_index::links::percent_decode(file);
        names.contains(&file)
    })
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
        guide_definition: Summary::default(),
        document_symbol: Summary::default(),
        guide_positions: Vec::new(),
        first_answer: Vec::new(),
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
            Profile::GuideLink => guide_link_positions(&note_text, &guide_names(&ws), 32),
        },
    };
    if positions.is_empty() {
        bail!("no {profile:?} positions found in {}", note_path.display());
    }
    result.positions = positions.clone();
    let names = guide_names(&ws);
    let guide_positions = guide_link_positions(&note_text, &names, 32);
    result.guide_positions = guide_positions.clone();
    let queries = if opts.queries.is_empty() {
        default_queries(&note_text, 5)
    } else {
        opts.queries.clone()
    };
    let (bin, args) = split_command(command)?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    if opts.first_answer_runs > 0 {
        if guide_positions.is_empty() {
            bail!(
                "no links into the guide in {} for the first-answer definition",
                note_path.display()
            );
        }
        for method in FIRST_ANSWER_METHODS {
            let mut fa = FirstAnswer {
                method: method.to_string(),
                runs_ms: Vec::new(),
                answered: 0,
            };
            for _ in 0..opts.first_answer_runs {
                let (ms, ok) = first_answer(
                    &bin,
                    &args,
                    &ws,
                    &note_path,
                    method,
                    guide_positions[0],
                    &queries[0],
                    &names,
                    opts,
                )
                .with_context(|| format!("first answer to {method}"))?;
                fa.runs_ms.push(ms);
                fa.answered += usize::from(ok);
            }
            result.first_answer.push(fa);
        }
    }

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
    let td = |i: usize| {
        let (l, c) = pos_at(i);
        text_document_position(&uri, l, c)
    };
    let gtd = |i: usize| {
        let (l, c) = guide_positions[i % guide_positions.len().max(1)];
        text_document_position(&uri, l, c)
    };
    let doc_params = json!({ "textDocument": { "uri": uri } });
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
        if !guide_positions.is_empty() {
            client.request_response("textDocument/definition", gtd(i), timeout)?;
        }
        client.request_response("textDocument/documentSymbol", doc_params.clone(), timeout)?;
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
    if !guide_positions.is_empty() {
        let g = timed_loop(
            &mut client,
            opts.guide_definitions,
            timeout,
            |i| ("textDocument/definition", gtd(i)),
            |r| points_into(r, &names),
        )?;
        result.guide_definition = Summary::from(&g.samples, g.answered, g.errors);
    }
    let ds = timed_loop(
        &mut client,
        opts.document_symbols,
        timeout,
        |_| ("textDocument/documentSymbol", doc_params.clone()),
        is_non_null,
    )?;
    result.document_symbol = Summary::from(&ds.samples, ds.answered, ds.errors);
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

/// One fresh spawn: initialize, open the note, then ask `method` until the
/// answer is non-empty (every 5 ms, up to the ready timeout). Returns
/// spawn → that answer in ms and whether it came.
#[allow(clippy::too_many_arguments)]
fn first_answer(
    bin: &str,
    args: &[&str],
    ws: &Path,
    note_path: &Path,
    method: &str,
    guide_pos: (u32, u32),
    query: &str,
    names: &[String],
    opts: &RunOptions,
) -> Result<(f64, bool)> {
    // An empty gloss cache of its own (other servers ignore the variable).
    let fresh = opts.first_answer_fresh_cache.then(|| {
        std::env::temp_dir().join(format!(
            "lsp-bench-cache-{}-{}",
            std::process::id(),
            next_id()
        ))
    });
    let saved = std::env::var_os("GLOSS_CACHE_DIR");
    if let Some(dir) = &fresh {
        std::fs::create_dir_all(dir)?;
        std::env::set_var("GLOSS_CACHE_DIR", dir);
    }
    let t0 = Instant::now();
    let spawned = LspClient::spawn(Path::new(bin), args, ws);
    match &saved {
        Some(v) => std::env::set_var("GLOSS_CACHE_DIR", v),
        None => std::env::remove_var("GLOSS_CACHE_DIR"),
    }
    let mut client = spawned?;
    client.timeout = opts.request_timeout;
    let outcome = (|| -> Result<(f64, bool)> {
        client.initialize(&file_uri(ws), None)?;
        let uri = client.open(note_path)?;
        let params = match method {
            "workspace/symbol" => json!({ "query": query }),
            "textDocument/documentSymbol" => json!({ "textDocument": { "uri": uri } }),
            _ => text_document_position(&uri, guide_pos.0, guide_pos.1),
        };
        loop {
            let resp = client.request_response(method, params.clone(), opts.request_timeout)?;
            let ok = if method == "textDocument/definition" {
                points_into(&resp, names)
            } else {
                is_non_null(&resp)
            };
            if ok {
                return Ok((t0.elapsed().as_secs_f64() * 1e3, true));
            }
            if t0.elapsed() > opts.ready_timeout {
                return Ok((t0.elapsed().as_secs_f64() * 1e3, false));
            }
            thread::sleep(Duration::from_millis(5));
        }
    })();
    let _ = client.request("shutdown", Value::Null);
    let _ = client.notify("exit", Value::Null);
    let _ = client.wait_exit(Duration::from_secs(2));
    if let Some(dir) = fresh {
        let _ = std::fs::remove_dir_all(dir);
    }
    outcome
}

/// Distinct numbers for temp directory names.
fn next_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}
