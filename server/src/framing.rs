//! A tolerant filter in front of tower-lsp's stdin.
//!
//! tower-lsp 0.20 reads stdin through tokio-util's `FramedRead`, which ends
//! the stream after the first decode error: one garbage frame would stop the
//! server. This filter re-frames stdin itself, passes on only well-formed
//! JSON-RPC messages, and logs and drops everything else, so the server
//! keeps serving whatever the client sends.

use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// Set when the client sent `shutdown`; `exit` without it means exit code 1.
pub static SHUTDOWN_REQUESTED: AtomicBool = AtomicBool::new(false);
/// Set when the client sent `exit`.
pub static EXIT_REQUESTED: AtomicBool = AtomicBool::new(false);

/// The `method` of a message body, if any.
fn method_of(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("method")?.as_str().map(str::to_string)
}

/// Frames larger than this are treated as garbage rather than buffered.
const MAX_FRAME: usize = 64 * 1024 * 1024;
/// A header block longer than this without its blank line is garbage.
const MAX_HEADER: usize = 8 * 1024;

/// What the deframer found in the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A complete, valid JSON-RPC message body.
    Message(Vec<u8>),
    /// Input that was dropped, with the reason.
    Dropped(String),
}

/// Incremental LSP base-protocol parser that resynchronises on garbage.
#[derive(Debug, Default)]
pub struct Deframer {
    buf: Vec<u8>,
}

impl Deframer {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Event> {
        self.buf.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(ev) = self.next_event() {
            events.push(ev);
        }
        events
    }

    fn next_event(&mut self) -> Option<Event> {
        // Resynchronise: a frame starts with a header line.
        let start =
            find_ci(&self.buf, b"content-length").or_else(|| find_ci(&self.buf, b"content-type"));
        match start {
            Some(0) => {}
            Some(i) => {
                self.buf.drain(..i);
                return Some(Event::Dropped(format!("{i} bytes outside any frame")));
            }
            None => {
                // Keep a tail that may be the start of a header split across reads.
                let keep = self.buf.len().min(16);
                let drop = self.buf.len() - keep;
                if drop > 0 {
                    self.buf.drain(..drop);
                    return Some(Event::Dropped(format!("{drop} bytes outside any frame")));
                }
                return None;
            }
        }
        let Some(end) = find(&self.buf, b"\r\n\r\n") else {
            if self.buf.len() > MAX_HEADER {
                self.buf.drain(..1);
                return Some(Event::Dropped(
                    "header without terminating blank line".into(),
                ));
            }
            return None;
        };
        let header = String::from_utf8_lossy(&self.buf[..end]).into_owned();
        let body_start = end + 4;
        let length = header.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        });
        let Some(length) = length.filter(|&n| n <= MAX_FRAME) else {
            self.buf.drain(..body_start);
            return Some(Event::Dropped(format!(
                "bad frame header {:?}",
                header.trim()
            )));
        };
        if self.buf.len() < body_start + length {
            return None;
        }
        let body: Vec<u8> = self.buf[body_start..body_start + length].to_vec();
        self.buf.drain(..body_start + length);
        Some(match validate(&body) {
            Ok(()) => Event::Message(normalize(body)),
            Err(why) => Event::Dropped(why),
        })
    }
}

/// Accepts what tower-lsp can decode: a JSON-RPC 2.0 request, notification or response.
fn validate(body: &[u8]) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = value.as_object().ok_or("message is not a JSON object")?;
    if obj.get("jsonrpc").and_then(|v| v.as_str()) != Some("2.0") {
        return Err("missing \"jsonrpc\": \"2.0\"".into());
    }
    if let Some(method) = obj.get("method") {
        if !method.is_string() {
            return Err("\"method\" is not a string".into());
        }
        if let Some(id) = obj.get("id") {
            if !(id.is_string() || id.is_i64() || id.is_u64() || id.is_null()) {
                return Err("invalid request id".into());
            }
        }
        if let Some(params) = obj.get("params") {
            if !(params.is_object() || params.is_array() || params.is_null()) {
                return Err("\"params\" must be an object or array".into());
            }
        }
        return Ok(());
    }
    if obj.contains_key("id") && (obj.contains_key("result") || obj.contains_key("error")) {
        return Ok(());
    }
    Err("neither a request, a notification nor a response".into())
}

/// Drops `"params": null`, which tower-lsp rejects for parameterless
/// methods such as `shutdown` and `exit` although clients send it.
fn normalize(body: Vec<u8>) -> Vec<u8> {
    let Ok(serde_json::Value::Object(mut obj)) = serde_json::from_slice(&body) else {
        return body;
    };
    if obj.get("params").is_some_and(|p| p.is_null()) {
        obj.remove("params");
        if let Ok(v) = serde_json::to_vec(&obj) {
            return v;
        }
    }
    body
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Spawns the filter over `input` and returns the clean stream for tower-lsp.
/// End of input closes the clean stream, so the server sees EOF as usual.
pub fn filter<R>(mut input: R) -> tokio::io::DuplexStream
where
    R: AsyncRead + Unpin + Send + 'static,
{
    let (mut tx, rx) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut deframer = Deframer::default();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    tracing::error!("reading stdin: {e}");
                    break;
                }
            };
            for event in deframer.push(&chunk[..n]) {
                match event {
                    Event::Message(body) => {
                        let method = method_of(&body);
                        let header = format!("Content-Length: {}\r\n\r\n", body.len());
                        if tx.write_all(header.as_bytes()).await.is_err()
                            || tx.write_all(&body).await.is_err()
                        {
                            return;
                        }
                        match method.as_deref() {
                            Some("shutdown") => SHUTDOWN_REQUESTED.store(true, Ordering::SeqCst),
                            Some("exit") => {
                                // tower-lsp only notices `exit` on the next
                                // message: end the stream so it stops now.
                                EXIT_REQUESTED.store(true, Ordering::SeqCst);
                                let _ = tx.shutdown().await;
                                return;
                            }
                            _ => {}
                        }
                    }
                    Event::Dropped(why) => tracing::error!("dropped client input: {why}"),
                }
            }
        }
        let _ = tx.shutdown().await;
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn messages(events: &[Event]) -> usize {
        events
            .iter()
            .filter(|e| matches!(e, Event::Message(_)))
            .count()
    }

    #[test]
    fn passes_valid_messages_across_split_reads() {
        let mut d = Deframer::default();
        let msg = frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        let (a, b) = msg.split_at(10);
        assert!(d.push(a).is_empty());
        assert_eq!(messages(&d.push(b)), 1);
    }

    #[test]
    fn drops_garbage_and_resynchronises() {
        let mut d = Deframer::default();
        let mut input = b"\x00\xffgarbage here".to_vec();
        input.extend(frame("{not json"));
        input.extend(frame(r#"{"jsonrpc":"2.0","method":"x","params":3}"#));
        input.extend(b"Content-Length: abc\r\n\r\n");
        input.extend(frame(r#"[1,2]"#));
        input.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
        let events = d.push(&input);
        assert_eq!(messages(&events), 1, "{events:?}");
        assert!(events.len() >= 5);
    }

    #[test]
    fn null_params_are_dropped() {
        let mut d = Deframer::default();
        let events = d.push(&frame(
            r#"{"jsonrpc":"2.0","id":3,"method":"shutdown","params":null}"#,
        ));
        match &events[0] {
            Event::Message(body) => assert!(!String::from_utf8_lossy(body).contains("params")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn oversized_frames_are_dropped() {
        let mut d = Deframer::default();
        let events = d.push(b"Content-Length: 999999999999\r\n\r\n");
        assert!(matches!(events[0], Event::Dropped(_)));
    }
}
