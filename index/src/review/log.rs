//! The review history: `.gloss/reviews.jsonl`, one line per grade,
//! append-only.
//!
//! ```text
//! {"card":"q-1f3a9c0b7d","at":"2026-12-01T09:00:00Z","grade":"good","prompt":"explain the leader epoch"}
//! ```
//! `prompt` (the normalised prompt) is written when the log does not yet
//! know the card under that prompt, so a reworded question can still be
//! matched to its history.
//!
//! Durability: each grade is one `write` on an `O_APPEND` descriptor while
//! holding an exclusive advisory lock (`flock` through `fs4`, which the
//! workspace already builds for tantivy), then `fdatasync`. The lock orders
//! appends from the CLI and the server and lets a writer repair a torn last
//! line (a crash mid-write) by starting on a fresh line; readers need no
//! lock because they skip an incomplete or corrupt line with a warning.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use fs4::FileExt;
use serde::{Deserialize, Serialize};

use super::clock;
use super::kind::Grade;
use super::ReviewError;

/// One recorded grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub card: String,
    pub at: DateTime<Utc>,
    pub grade: Grade,
    pub prompt: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Line<'a> {
    card: &'a str,
    at: &'a str,
    grade: Grade,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prompt: Option<String>,
}

impl LogEntry {
    /// The JSON line (with its newline).
    pub fn to_line(&self) -> String {
        let at = clock::format(self.at);
        let line = Line {
            card: &self.card,
            at: &at,
            grade: self.grade,
            prompt: self.prompt.clone(),
        };
        let mut s = serde_json::to_string(&line).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Parses one line; `None` when it is not a valid grade record.
    pub fn parse(line: &str) -> Option<LogEntry> {
        fast_parse(line).or_else(|| {
            let l: Line = serde_json::from_str(line).ok()?;
            Some(LogEntry {
                card: l.card.to_string(),
                at: clock::parse(l.at)?,
                grade: l.grade,
                prompt: l.prompt,
            })
        })
    }
}

/// The exact form gloss writes without a prompt, parsed without serde
/// (a long log is mostly these).
fn fast_parse(line: &str) -> Option<LogEntry> {
    let rest = line.strip_prefix("{\"card\":\"")?;
    let (card, rest) = rest.split_once("\",\"at\":\"")?;
    let (at, rest) = rest.split_once("\",\"grade\":\"")?;
    let grade = rest.strip_suffix("\"}")?;
    if card.contains(['"', '\\']) {
        return None;
    }
    let grade = match grade {
        "again" => Grade::Again,
        "hard" => Grade::Hard,
        "good" => Grade::Good,
        "easy" => Grade::Easy,
        _ => return None,
    };
    Some(LogEntry {
        card: card.to_string(),
        at: clock::parse(at)?,
        grade,
        prompt: None,
    })
}

/// What reading the log found.
#[derive(Debug, Default, Clone)]
pub struct ReadLog {
    pub entries: Vec<LogEntry>,
    /// One per skipped line, naming the file and line.
    pub warnings: Vec<String>,
}

/// The log file of one workspace.
#[derive(Debug, Clone)]
pub struct ReviewLog {
    pub path: PathBuf,
    /// Where the replay snapshot of this log is cached (see `snapshot`).
    pub snapshot: Option<PathBuf>,
}

impl ReviewLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        ReviewLog {
            path: path.into(),
            snapshot: None,
        }
    }

    /// `.gloss/reviews.jsonl` under the workspace root, with its replay
    /// snapshot in the gloss cache folder when there is one.
    pub fn at_root(root: &Path) -> Self {
        let path = root.join(super::LOG_FILE);
        let snapshot = crate::cache::Cache::default_location()
            .map(|c| super::snapshot::location(c.root(), &path));
        ReviewLog { path, snapshot }
    }

    fn io(&self, action: &'static str, source: std::io::Error) -> ReviewError {
        ReviewError::Io {
            action,
            path: self.path.clone(),
            source,
        }
    }

    /// Appends one grade durably (see the module docs).
    pub fn append(&self, entry: &LogEntry) -> Result<(), ReviewError> {
        let mut line = entry.to_line();
        let created = !self.path.exists();
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| self.io("create the folder of", e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(|e| self.io("open", e))?;
        file.lock_exclusive().map_err(|e| self.io("lock", e))?;
        if ends_torn(&mut file).map_err(|e| self.io("read", e))? {
            // A crash left half a line: start ours on a line of its own.
            line.insert(0, '\n');
        }
        // One write call: with O_APPEND the line lands whole at the end.
        file.write_all(line.as_bytes())
            .map_err(|e| self.io("append to", e))?;
        file.sync_data().map_err(|e| self.io("sync", e))?;
        if created {
            if let Some(dir) = self.path.parent().and_then(|d| File::open(d).ok()) {
                let _ = dir.sync_all();
            }
        }
        Ok(())
        // The lock is released when `file` is closed.
    }

    /// The raw bytes; a missing file is an empty log.
    pub fn bytes(&self) -> Result<Vec<u8>, ReviewError> {
        match std::fs::read(&self.path) {
            Ok(b) => Ok(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(self.io("read", e)),
        }
    }

    /// Reads every grade; a missing file is an empty log.
    pub fn read(&self) -> Result<ReadLog, ReviewError> {
        Ok(self.parse(&self.bytes()?))
    }

    pub fn parse(&self, bytes: &[u8]) -> ReadLog {
        self.parse_from(bytes, 1)
    }

    /// Parses lines numbered from `first_line` (for warnings).
    pub fn parse_from(&self, bytes: &[u8], first_line: usize) -> ReadLog {
        let mut out = ReadLog {
            entries: Vec::with_capacity(bytes.len() / 64),
            warnings: Vec::new(),
        };
        let name = self.path.display();
        for (n, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = std::str::from_utf8(raw).ok().and_then(LogEntry::parse);
            match parsed {
                Some(e) => out.entries.push(e),
                None => {
                    let shown: String = String::from_utf8_lossy(raw).chars().take(60).collect();
                    out.warnings.push(format!(
                        "{name}:{}: skipped a corrupt review line ({shown:?})",
                        n + first_line
                    ));
                }
            }
        }
        out
    }
}

/// Whether the file ends in the middle of a line.
fn ends_torn(file: &mut File) -> std::io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(card: &str, grade: Grade, prompt: Option<&str>) -> LogEntry {
        LogEntry {
            card: card.into(),
            at: clock::parse("2026-12-01T09:00:00Z").unwrap(),
            grade,
            prompt: prompt.map(str::to_string),
        }
    }

    #[test]
    fn lines_round_trip_through_both_parsers() {
        for e in [
            entry("q-0123456789", Grade::Good, None),
            entry("f-0123456789-2", Grade::Again, Some("what is \"x\"")),
        ] {
            let line = e.to_line();
            assert_eq!(LogEntry::parse(line.trim_end()), Some(e));
        }
        assert_eq!(
            LogEntry::parse(r#"{"grade":"easy","at":"2026-12-01T10:00:00+01:00","card":"q-1"}"#)
                .map(|e| (e.grade, clock::format(e.at))),
            Some((Grade::Easy, "2026-12-01T09:00:00Z".to_string()))
        );
        assert_eq!(
            LogEntry::parse(r#"{"card":"q-1","at":"x","grade":"good"}"#),
            None
        );
    }

    #[test]
    fn torn_lines_are_skipped_and_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let log = ReviewLog::at_root(dir.path());
        log.append(&entry("q-a", Grade::Good, None)).unwrap();
        // A crash mid-write leaves half a line.
        let mut f = OpenOptions::new().append(true).open(&log.path).unwrap();
        f.write_all(b"{\"card\":\"q-b\",\"at\":\"2026-").unwrap();
        drop(f);
        log.append(&entry("q-c", Grade::Easy, None)).unwrap();
        let read = log.read().unwrap();
        let cards: Vec<&str> = read.entries.iter().map(|e| e.card.as_str()).collect();
        assert_eq!(cards, ["q-a", "q-c"]);
        assert_eq!(read.warnings.len(), 1);
        assert!(
            read.warnings[0].contains("reviews.jsonl:2:"),
            "{:?}",
            read.warnings
        );
    }
}
