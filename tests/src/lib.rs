//! Test harness for gloss's end-to-end tests: a small synchronous LSP client
//! that drives the real `gloss` binary over stdio, the way an editor does.
//!
//! Only std + serde_json: a reader thread parses `Content-Length` framed
//! messages into a channel; the client side waits on that channel with
//! timeouts so a misbehaving server fails a test instead of hanging it.
//! Requests the server sends *to* the client (`window/workDoneProgress/create`,
//! `client/registerCapability`, `workspace/configuration`, …) are answered
//! automatically from the reader thread so the server never blocks on us.

use std::collections::VecDeque;
use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, Once};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

/// Default time to wait for a response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// JSON-RPC error codes the tests check for.
pub mod codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const SERVER_NOT_INITIALIZED: i64 = -32002;
}

/// An error response from the server, recoverable from `anyhow::Error` with
/// `err.downcast_ref::<ResponseError>()`.
#[derive(Debug, Clone)]
pub struct ResponseError {
    pub method: String,
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with code {}: {}",
            self.method, self.code, self.message
        )
    }
}

impl std::error::Error for ResponseError {}

/// Root of the cargo workspace (`tests/..`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate has a parent directory")
        .to_path_buf()
}

/// The demo / fixture workspace, `examples/workspace`.
pub fn example_workspace() -> PathBuf {
    workspace_root().join("examples").join("workspace")
}

/// The fixture guide.
pub fn example_guide() -> PathBuf {
    example_workspace()
        .join("guides")
        .join("STORAGE_ENGINES.md")
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

static BUILD: Once = Once::new();

/// Path of the gloss binary: `$GLOSS_BIN` if set, else `<root>/target/debug/gloss`,
/// built once with `cargo build -p gloss` if it does not exist yet.
pub fn gloss_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("GLOSS_BIN") {
        return PathBuf::from(bin);
    }
    let exe = if cfg!(windows) { "gloss.exe" } else { "gloss" };
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let bin = target.join("debug").join(exe);
    BUILD.call_once(|| {
        if bin.exists() {
            return;
        }
        // Bounded, so a held build lock can never hang the test run.
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let child = Command::new(cargo)
            .args(["build", "-p", "gloss"])
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => return eprintln!("gloss-tests: could not run cargo: {e}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20 * 60);
        loop {
            match child.try_wait() {
                Ok(Some(s)) if s.success() => return,
                Ok(Some(s)) => return eprintln!("gloss-tests: `cargo build -p gloss` failed: {s}"),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(200)),
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return eprintln!(
                        "gloss-tests: `cargo build -p gloss` did not finish; build it first or set GLOSS_BIN"
                    );
                }
            }
        }
    });
    bin
}

/// `file://` URI of a path (made absolute; non-URI-safe bytes percent-encoded).
pub fn file_uri(path: &Path) -> String {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let s = abs.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if out.len() > 7 => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes a `file://` URI back to a path (percent-decoding).
pub fn uri_to_path(uri: &str) -> PathBuf {
    let rest = uri.strip_prefix("file://").unwrap_or(uri);
    let rest = rest.split('#').next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(v) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

/// UTF-16 length of a string.
pub fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// Finds the first line containing `marker_line_substring`, then `needle` within
/// that line, and returns its LSP position `(line, utf16 column)` — both 0-based.
/// Panics (with a helpful message) when either is missing, since that means the
/// fixture changed.
pub fn position_of(text: &str, marker_line_substring: &str, needle: &str) -> (u32, u32) {
    try_position_of(text, marker_line_substring, needle).unwrap_or_else(|| {
        panic!("fixture has no line containing {marker_line_substring:?} with {needle:?}")
    })
}

/// Like [`position_of`] but returns `None` instead of panicking.
pub fn try_position_of(
    text: &str,
    marker_line_substring: &str,
    needle: &str,
) -> Option<(u32, u32)> {
    for (i, line) in text.lines().enumerate() {
        if line.contains(marker_line_substring) {
            let at = line.find(needle)?;
            return Some((i as u32, utf16_len(&line[..at])));
        }
    }
    None
}

/// 0-based index of the first line starting with `prefix` (e.g. `"### 2.1 "`).
pub fn line_starting_with(text: &str, prefix: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .map(|i| i as u32)
}

/// 0-based index of the first line starting with `prefix` at or after line `from`.
pub fn line_starting_with_after(text: &str, from: u32, prefix: &str) -> Option<u32> {
    text.lines()
        .enumerate()
        .skip(from as usize)
        .find(|(_, l)| l.starts_with(prefix))
        .map(|(i, _)| i as u32)
}

/// An LSP position object.
pub fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// An LSP range object.
pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({ "start": pos(start.0, start.1), "end": pos(end.0, end.1) })
}

/// `{ textDocument: {uri}, position }` params.
pub fn text_document_position(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos(line, character) })
}

/// Extracts the plain text of a hover result's `contents`, whatever its shape
/// (MarkupContent, MarkedString, or an array of them). Empty for `null`.
pub fn hover_text(hover: &Value) -> String {
    fn flatten(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
            Value::Object(map) => {
                if let Some(v) = map.get("value") {
                    flatten(v, out);
                }
            }
            _ => {}
        }
    }
    let mut out = String::new();
    if let Some(c) = hover.get("contents") {
        flatten(c, &mut out);
    }
    out
}

/// Normalizes a definition/declaration result (Location, Location[] or
/// LocationLink[]) into `(uri, start line)` pairs.
pub fn locations(result: &Value) -> Vec<(String, u32)> {
    fn one(v: &Value) -> Option<(String, u32)> {
        if let Some(uri) = v.get("uri").and_then(Value::as_str) {
            let line = v.pointer("/range/start/line")?.as_u64()? as u32;
            return Some((uri.to_string(), line));
        }
        let uri = v.get("targetUri")?.as_str()?;
        let line = v
            .pointer("/targetSelectionRange/start/line")
            .or_else(|| v.pointer("/targetRange/start/line"))?
            .as_u64()? as u32;
        Some((uri.to_string(), line))
    }
    match result {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        Value::Null => Vec::new(),
        v => one(v).into_iter().collect(),
    }
}

type Shared<T> = Arc<Mutex<T>>;

fn write_message(stdin: &Shared<Option<ChildStdin>>, msg: &Value) -> Result<()> {
    let body = serde_json::to_vec(msg)?;
    let mut guard = stdin.lock().map_err(|_| anyhow!("stdin lock poisoned"))?;
    let w = guard
        .as_mut()
        .ok_or_else(|| anyhow!("server stdin already closed"))?;
    write!(w, "Content-Length: {}\r\n\r\n", body.len())?;
    w.write_all(&body)?;
    w.flush()?;
    Ok(())
}

/// Reads one `Content-Length` framed message. `Ok(None)` on clean EOF.
fn read_message(r: &mut impl BufRead) -> Result<Option<Value>> {
    let mut len: Option<usize> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            if saw_header {
                bail!("EOF inside message headers");
            }
            return Ok(None);
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if saw_header {
                break;
            }
            continue; // tolerate stray blank lines between messages
        }
        saw_header = true;
        if let Some((name, value)) = trimmed.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                len = Some(value.trim().parse().context("bad Content-Length")?);
            }
        }
    }
    let len = len.ok_or_else(|| anyhow!("message without Content-Length"))?;
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok(Some(
        serde_json::from_slice(&body).context("server sent invalid JSON")?,
    ))
}

/// Result the harness sends for a request the server makes to the client.
fn auto_reply(method: &str, params: &Value) -> Value {
    match method {
        "workspace/configuration" => {
            let n = params
                .get("items")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            Value::Array(vec![Value::Null; n])
        }
        "workspace/workspaceFolders" => Value::Null,
        "workspace/applyEdit" => json!({ "applied": false }),
        "window/showMessageRequest" => Value::Null,
        _ => Value::Null,
    }
}

/// A synchronous LSP client driving one server process.
pub struct LspClient {
    child: Child,
    stdin: Shared<Option<ChildStdin>>,
    rx: Receiver<Value>,
    /// Messages received but not yet consumed (notifications, stray responses).
    pending: VecDeque<Value>,
    stderr: Shared<Vec<u8>>,
    server_requests: Shared<Vec<Value>>,
    next_id: i64,
    /// Timeout used by [`LspClient::request`].
    pub timeout: Duration,
    exited: Option<ExitStatus>,
}

impl LspClient {
    /// Starts `bin args…` in `cwd` with piped stdio.
    pub fn spawn(bin: &Path, args: &[&str], cwd: &Path) -> Result<Self> {
        let mut child = Command::new(bin)
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env_remove("GLOSS_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("spawning {}", bin.display()))?;
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr_pipe = child.stderr.take().expect("piped stderr");

        let stderr = Arc::new(Mutex::new(Vec::new()));
        {
            let stderr = Arc::clone(&stderr);
            thread::spawn(move || {
                let mut pipe = stderr_pipe;
                let mut buf = [0u8; 4096];
                loop {
                    match pipe.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            if let Ok(mut s) = stderr.lock() {
                                s.extend_from_slice(&buf[..n]);
                            }
                        }
                    }
                }
            });
        }

        let (tx, rx) = mpsc::channel();
        let server_requests = Arc::new(Mutex::new(Vec::new()));
        {
            let stdin = Arc::clone(&stdin);
            let server_requests = Arc::clone(&server_requests);
            thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                loop {
                    let msg = match read_message(&mut reader) {
                        Ok(Some(msg)) => msg,
                        Ok(None) => break,
                        Err(e) => {
                            // Report the framing problem as a pseudo-notification and stop.
                            let _ = tx.send(json!({
                                "method": "$/harnessReadError",
                                "params": { "error": e.to_string() }
                            }));
                            break;
                        }
                    };
                    let is_server_request = msg.get("method").is_some()
                        && msg.get("id").is_some_and(|id| !id.is_null());
                    if is_server_request {
                        let method = msg["method"].as_str().unwrap_or_default().to_string();
                        let params = msg.get("params").cloned().unwrap_or(Value::Null);
                        let reply = json!({
                            "jsonrpc": "2.0",
                            "id": msg["id"].clone(),
                            "result": auto_reply(&method, &params),
                        });
                        let _ = write_message(&stdin, &reply);
                        if let Ok(mut reqs) = server_requests.lock() {
                            reqs.push(msg.clone());
                        }
                    }
                    if tx.send(msg).is_err() {
                        break;
                    }
                }
            });
        }

        Ok(LspClient {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            stderr,
            server_requests,
            next_id: 1,
            timeout: DEFAULT_TIMEOUT,
            exited: None,
        })
    }

    /// `gloss lsp` in `cwd`.
    pub fn spawn_gloss(cwd: &Path) -> Result<Self> {
        Self::spawn(&gloss_bin(), &["lsp"], cwd)
    }

    /// Everything the server wrote to stderr so far (for failure messages).
    pub fn stderr_text(&self) -> String {
        self.stderr
            .lock()
            .map(|s| String::from_utf8_lossy(&s).into_owned())
            .unwrap_or_default()
    }

    /// Requests the server sent to the client so far (already auto-answered).
    pub fn server_requests(&self) -> Vec<Value> {
        self.server_requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Sends a request and waits (default timeout) for its response; error
    /// responses become `Err` carrying a [`ResponseError`].
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value> {
        let timeout = self.timeout;
        self.request_with_timeout(method, params, timeout)
    }

    pub fn request_with_timeout(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value> {
        let resp = self.request_response(method, params, timeout)?;
        if let Some(err) = resp.get("error") {
            return Err(ResponseError {
                method: method.to_string(),
                code: err.get("code").and_then(Value::as_i64).unwrap_or(0),
                message: err
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                data: err.get("data").cloned(),
            }
            .into());
        }
        Ok(resp.get("result").cloned().unwrap_or(Value::Null))
    }

    /// Sends a request and returns the whole response object (`result` or `error`).
    pub fn request_response(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value> {
        let id = self.send_request(method, params)?;
        self.wait_response(id, method, timeout)
    }

    /// Sends a request without waiting; returns its id (see [`LspClient::wait_response`]).
    pub fn send_request(&mut self, method: &str, params: Value) -> Result<i64> {
        let id = self.next_id;
        self.next_id += 1;
        write_message(
            &self.stdin,
            &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        )
        .with_context(|| format!("sending {method}"))?;
        Ok(id)
    }

    /// Waits for the response with `id`, queueing anything else that arrives.
    pub fn wait_response(&mut self, id: i64, method: &str, timeout: Duration) -> Result<Value> {
        if let Some(i) = self.pending.iter().position(|m| is_response_to(m, id)) {
            return Ok(self.pending.remove(i).expect("index in range"));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) if is_response_to(&msg, id) => return Ok(msg),
                Ok(msg) => self.pending.push_back(msg),
                Err(RecvTimeoutError::Timeout) => {
                    bail!(
                        "timed out after {timeout:?} waiting for {method} (id {id}); stderr:\n{}",
                        self.stderr_text()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.try_wait().ok().flatten();
                    bail!(
                        "server closed stdout before answering {method} (id {id}), exit status {status:?}; stderr:\n{}",
                        self.stderr_text()
                    )
                }
            }
        }
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) -> Result<()> {
        write_message(
            &self.stdin,
            &json!({ "jsonrpc": "2.0", "method": method, "params": params }),
        )
        .with_context(|| format!("sending {method}"))
    }

    /// Writes raw bytes to the server's stdin (for garbage-input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) -> Result<()> {
        let mut guard = self
            .stdin
            .lock()
            .map_err(|_| anyhow!("stdin lock poisoned"))?;
        let w = guard
            .as_mut()
            .ok_or_else(|| anyhow!("server stdin already closed"))?;
        w.write_all(bytes)?;
        w.flush()?;
        Ok(())
    }

    /// Waits for the next notification `method` (buffered ones first) and
    /// returns its params.
    pub fn wait_notification(&mut self, method: &str, timeout: Duration) -> Option<Value> {
        self.wait_notification_matching(method, timeout, |_| true)
    }

    /// Waits for a notification `method` whose params satisfy `pred`;
    /// non-matching messages stay queued.
    pub fn wait_notification_matching(
        &mut self,
        method: &str,
        timeout: Duration,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Option<Value> {
        let is_match = |m: &Value, pred: &mut dyn FnMut(&Value) -> bool| {
            m.get("id").is_none_or(Value::is_null)
                && m.get("method").and_then(Value::as_str) == Some(method)
                && pred(m.get("params").unwrap_or(&Value::Null))
        };
        if let Some(i) = self.pending.iter().position(|m| is_match(m, &mut pred)) {
            let m = self.pending.remove(i)?;
            return Some(m.get("params").cloned().unwrap_or(Value::Null));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) if is_match(&msg, &mut pred) => {
                    return Some(msg.get("params").cloned().unwrap_or(Value::Null))
                }
                Ok(msg) => self.pending.push_back(msg),
                Err(_) => return None,
            }
        }
    }

    /// Waits for `textDocument/publishDiagnostics` for `uri`; returns its params.
    pub fn wait_diagnostics(&mut self, uri: &str, timeout: Duration) -> Option<Value> {
        self.wait_diagnostics_matching(uri, timeout, |_| true)
    }

    /// Waits for `publishDiagnostics` for `uri` whose diagnostics array satisfies
    /// `pred` (servers often publish an empty list before the real one).
    pub fn wait_diagnostics_matching(
        &mut self,
        uri: &str,
        timeout: Duration,
        mut pred: impl FnMut(&[Value]) -> bool,
    ) -> Option<Value> {
        let want = uri_to_path(uri);
        self.wait_notification_matching("textDocument/publishDiagnostics", timeout, |p| {
            let same = p
                .get("uri")
                .and_then(Value::as_str)
                .is_some_and(|u| u == uri || uri_to_path(u) == want);
            same && pred(
                p.get("diagnostics")
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice),
            )
        })
    }

    /// Takes every message received so far that hasn't been consumed.
    pub fn drain_pending(&mut self) -> Vec<Value> {
        while let Ok(msg) = self.rx.try_recv() {
            self.pending.push_back(msg);
        }
        self.pending.drain(..).collect()
    }

    /// `initialize` + `initialized`; returns the InitializeResult.
    pub fn initialize(&mut self, root_uri: &str, init_options: Option<Value>) -> Result<Value> {
        let name = root_uri.rsplit('/').next().unwrap_or("workspace");
        let mut params = json!({
            "processId": std::process::id(),
            "clientInfo": { "name": "gloss-tests", "version": "0" },
            "rootUri": root_uri,
            "rootPath": uri_to_path(root_uri),
            "workspaceFolders": [ { "uri": root_uri, "name": name } ],
            "capabilities": {
                "general": { "positionEncodings": ["utf-16"] },
                "window": { "workDoneProgress": true },
                "workspace": {
                    "workspaceFolders": true,
                    "configuration": true,
                    "symbol": { "dynamicRegistration": false },
                    "executeCommand": { "dynamicRegistration": false }
                },
                "textDocument": {
                    "synchronization": { "didSave": true, "dynamicRegistration": false },
                    "hover": { "contentFormat": ["markdown", "plaintext"] },
                    "definition": { "linkSupport": false },
                    "references": {},
                    "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
                    "foldingRange": { "lineFoldingOnly": true },
                    "completion": { "completionItem": { "snippetSupport": false } },
                    "codeAction": {
                        "codeActionLiteralSupport": {
                            "codeActionKind": { "valueSet": ["", "quickfix", "refactor", "source"] }
                        }
                    },
                    "codeLens": {},
                    "publishDiagnostics": { "relatedInformation": true }
                }
            },
            "trace": "off"
        });
        if let Some(opts) = init_options {
            params["initializationOptions"] = opts;
        }
        let result = self.request("initialize", params)?;
        self.notify("initialized", json!({}))?;
        Ok(result)
    }

    /// Opens a file from disk (`didOpen`, languageId markdown, version 1); returns its URI.
    pub fn open(&mut self, path: &Path) -> Result<String> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let uri = file_uri(path);
        self.open_text(&uri, &text)?;
        Ok(uri)
    }

    /// `didOpen` with the given text (languageId markdown, version 1).
    pub fn open_text(&mut self, uri: &str, text: &str) -> Result<()> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        )
    }

    /// `didChange` with explicit content changes (range edits or full text).
    pub fn change(&mut self, uri: &str, version: i64, changes: Vec<Value>) -> Result<()> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
    }

    /// `didClose`.
    pub fn close(&mut self, uri: &str) -> Result<()> {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        )
    }

    /// `textDocument/hover` at a position.
    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Result<Value> {
        self.request(
            "textDocument/hover",
            text_document_position(uri, line, character),
        )
    }

    /// `textDocument/definition` at a position.
    pub fn definition(&mut self, uri: &str, line: u32, character: u32) -> Result<Value> {
        self.request(
            "textDocument/definition",
            text_document_position(uri, line, character),
        )
    }

    /// `shutdown` request then `exit` notification; waits for the process to exit.
    pub fn shutdown(&mut self) -> Result<ExitStatus> {
        self.request("shutdown", Value::Null)?;
        self.notify("exit", Value::Null)?;
        self.wait_exit(DEFAULT_TIMEOUT)
    }

    /// Closes the server's stdin (EOF).
    pub fn close_stdin(&mut self) {
        if let Ok(mut g) = self.stdin.lock() {
            g.take();
        }
    }

    /// Waits for the process to exit, killing it after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Result<ExitStatus> {
        if let Some(s) = self.exited {
            return Ok(s);
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait()? {
                self.exited = Some(status);
                return Ok(status);
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                bail!(
                    "server did not exit within {timeout:?}; stderr:\n{}",
                    self.stderr_text()
                );
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

fn is_response_to(msg: &Value, id: i64) -> bool {
    msg.get("method").is_none() && msg.get("id").and_then(Value::as_i64) == Some(id)
}

impl Drop for LspClient {
    fn drop(&mut self) {
        if self.exited.is_none() {
            if let Ok(None) = self.child.try_wait() {
                let _ = self.child.kill();
            }
            let _ = self.child.wait();
        }
    }
}

/// Output of one CLI run.
#[derive(Debug)]
pub struct CliOutput {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl CliOutput {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
    /// stdout parsed as JSON (panics with the output on failure).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `gloss args…` in `cwd` with a timeout (default 60 s), capturing output.
pub fn run_gloss(args: &[&str], cwd: &Path) -> Result<CliOutput> {
    run_gloss_with_timeout(args, cwd, Duration::from_secs(60))
}

pub fn run_gloss_with_timeout(args: &[&str], cwd: &Path, timeout: Duration) -> Result<CliOutput> {
    let bin = gloss_bin();
    let mut child = Command::new(&bin)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("spawning {}", bin.display()))?;
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out_t = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out_pipe.read_to_end(&mut s);
        s
    });
    let err_t = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err_pipe.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("gloss {args:?} did not finish within {timeout:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
    Ok(CliOutput {
        status,
        stdout,
        stderr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_utf16() {
        let text = "# t\n😀 日本語 then the WAL keeps\n";
        // 😀 is 2 UTF-16 units, space, 3 CJK chars (1 each), " then the " = 10
        assert_eq!(position_of(text, "WAL keeps", "WAL"), (1, 2 + 1 + 3 + 10));
    }

    #[test]
    fn uri_round_trip() {
        let p = Path::new("/tmp/a b/ç.md");
        let uri = file_uri(p);
        assert!(uri.starts_with("file:///tmp/a%20b/"));
        assert_eq!(uri_to_path(&uri), p);
    }

    #[test]
    fn framing_parses_messages() {
        let body = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let raw = format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{body}",
            body.len()
        );
        let mut r = BufReader::new(raw.as_bytes());
        let msg = read_message(&mut r).unwrap().unwrap();
        assert_eq!(msg["id"], 1);
        assert!(read_message(&mut r).unwrap().is_none());
    }

    #[test]
    fn locations_normalize() {
        let loc = json!({"uri": "file:///g.md", "range": range((3, 0), (3, 4))});
        assert_eq!(locations(&loc), vec![("file:///g.md".into(), 3)]);
        assert_eq!(locations(&json!([loc])).len(), 1);
        assert!(locations(&Value::Null).is_empty());
    }
}
