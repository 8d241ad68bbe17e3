//! A cached replay of a long log, so `gloss review next` on 100,000 grades
//! replays only the lines appended since.
//!
//! The snapshot records how many bytes of the log it covers and their
//! blake3 hash. It is used only when the log still starts with exactly
//! those bytes and every later grade is no older than the last one replayed
//! (so the replay order is unchanged); otherwise the log is replayed from
//! the start. Either way the schedule is the one a full replay gives.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::log::ReviewLog;
use super::schedule::Schedule;
use super::ReviewError;

/// Bumped when the snapshot layout or the replay changes.
const VERSION: u32 = 1;
/// Logs shorter than this replay fast enough without a snapshot.
const MIN_GRADES: usize = 512;

#[derive(Serialize, Deserialize)]
struct Snapshot {
    version: u32,
    retention: f64,
    /// Bytes of the log covered (whole lines).
    len: u64,
    hash: String,
    /// Lines covered, for numbering warnings about later lines.
    lines: usize,
    warnings: Vec<String>,
    schedule: Schedule,
}

/// The snapshot file for a log: one per log path, in the gloss cache.
pub fn location(cache_root: &Path, log: &Path) -> PathBuf {
    let abs = std::path::absolute(log).unwrap_or_else(|_| log.to_path_buf());
    let key = blake3::hash(abs.to_string_lossy().as_bytes()).to_hex();
    cache_root
        .join("review")
        .join(format!("{}.snapshot", &key[..24]))
}

/// The replayed schedule of `log` and the warnings about skipped lines.
pub fn load(log: &ReviewLog, retention: f64) -> Result<(Schedule, Vec<String>), ReviewError> {
    let bytes = log.bytes()?;
    // Only whole lines go into a snapshot; a torn tail is re-read each time.
    let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if let Some(path) = &log.snapshot {
        if let Some(found) = extend(log, path, &bytes, whole, retention) {
            return Ok(found);
        }
    }
    let read = log.parse(&bytes);
    let schedule = Schedule::replay(&read.entries, retention);
    if let Some(path) = &log.snapshot {
        if read.entries.len() >= MIN_GRADES {
            let lines = bytes[..whole].iter().filter(|&&b| b == b'\n').count();
            save_prefix(
                path,
                &bytes[..whole],
                lines,
                &read.warnings,
                &schedule,
                retention,
            );
        }
    }
    Ok((schedule, read.warnings))
}

/// Saves a snapshot of the log's first `lines` whole lines, keeping only the
/// warnings about those lines (later ones are re-read from the tail).
fn save_prefix(
    path: &Path,
    prefix: &[u8],
    lines: usize,
    warnings: &[String],
    schedule: &Schedule,
    retention: f64,
) {
    let prefix_warnings = warnings
        .iter()
        .filter(|w| warning_line(w).is_some_and(|n| n <= lines))
        .cloned()
        .collect();
    save(path, prefix, lines, prefix_warnings, schedule, retention);
}

/// The snapshot extended by the lines after it, if it still applies.
fn extend(
    log: &ReviewLog,
    path: &Path,
    bytes: &[u8],
    whole: usize,
    retention: f64,
) -> Option<(Schedule, Vec<String>)> {
    let data = std::fs::read(path).ok()?;
    let snap: Snapshot = postcard::from_bytes(&data).ok()?;
    let len = usize::try_from(snap.len).ok()?;
    if snap.version != VERSION || snap.retention != retention || len > bytes.len() {
        return None;
    }
    if blake3::hash(&bytes[..len]).to_hex().as_str() != snap.hash {
        return None;
    }
    let tail = log.parse_from(&bytes[len..], snap.lines + 1);
    let latest = snap.schedule.latest;
    let in_order = tail.entries.windows(2).all(|w| w[0].at <= w[1].at)
        && tail.entries.first().is_none_or(|e| Some(e.at) >= latest);
    if !in_order {
        return None;
    }
    let mut schedule = snap.schedule.with_retention(retention);
    for e in &tail.entries {
        schedule.apply(e);
    }
    let mut warnings = snap.warnings;
    warnings.extend(tail.warnings.iter().cloned());
    if tail.entries.len() >= MIN_GRADES {
        let lines = snap.lines + bytes[len..whole].iter().filter(|&&b| b == b'\n').count();
        save_prefix(
            path,
            &bytes[..whole],
            lines,
            &warnings,
            &schedule,
            retention,
        );
    }
    Some((schedule, warnings))
}

/// The line number a warning names (`path:17: …`).
fn warning_line(w: &str) -> Option<usize> {
    let (head, _) = w.split_once(": ")?;
    head.rsplit(':').next()?.parse().ok()
}

fn save(
    path: &Path,
    covered: &[u8],
    lines: usize,
    warnings: Vec<String>,
    schedule: &Schedule,
    retention: f64,
) {
    let snap = Snapshot {
        version: VERSION,
        retention,
        len: covered.len() as u64,
        hash: blake3::hash(covered).to_hex().to_string(),
        lines,
        warnings,
        schedule: schedule.clone(),
    };
    let write = || -> std::io::Result<()> {
        let dir = path
            .parent()
            .ok_or_else(|| std::io::Error::other("no folder"))?;
        std::fs::create_dir_all(dir)?;
        let bytes = postcard::to_allocvec(&snap).map_err(std::io::Error::other)?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        tracing::debug!("cannot write review snapshot {}: {e}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::clock;
    use crate::review::kind::Grade;
    use crate::review::log::LogEntry;

    fn entry(i: i64, card: &str) -> LogEntry {
        LogEntry {
            card: card.into(),
            at: clock::parse("2026-01-01T00:00:00Z").unwrap() + chrono::Duration::hours(i * 5),
            grade: [Grade::Good, Grade::Again, Grade::Easy, Grade::Hard][(i % 4) as usize],
            prompt: None,
        }
    }

    fn full(log: &ReviewLog) -> Schedule {
        Schedule::replay(&log.read().unwrap().entries, 0.9)
    }

    #[test]
    fn snapshot_extends_to_the_same_schedule_as_a_full_replay() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = ReviewLog::new(dir.path().join("reviews.jsonl"));
        log.snapshot = Some(dir.path().join("snap"));
        for i in 0..600 {
            log.append(&entry(i, &format!("q-{}", i % 37))).unwrap();
        }
        let (first, _) = load(&log, 0.9).unwrap();
        assert!(dir.path().join("snap").exists());
        assert_eq!(first.cards, full(&log).cards);
        for i in 600..650 {
            log.append(&entry(i, &format!("q-{}", i % 41))).unwrap();
        }
        let (extended, _) = load(&log, 0.9).unwrap();
        let replayed = full(&log);
        assert_eq!(extended.cards, replayed.cards);
        assert_eq!(extended.grades, 650);
        assert_eq!(extended.reviews_by_day, replayed.reviews_by_day);

        // An older grade appended (a merge) or an edited prefix: full replay.
        log.append(&entry(3, "q-1")).unwrap();
        assert_eq!(load(&log, 0.9).unwrap().0.cards, full(&log).cards);
        let text = std::fs::read_to_string(&log.path).unwrap();
        std::fs::write(&log.path, text.replacen("\"good\"", "\"easy\"", 1)).unwrap();
        assert_eq!(load(&log, 0.9).unwrap().0.cards, full(&log).cards);
        // A different retention setting does not reuse it either.
        let other = Schedule::replay(&log.read().unwrap().entries, 0.8);
        assert_eq!(load(&log, 0.8).unwrap().0.cards, other.cards);
    }
}
