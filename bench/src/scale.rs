//! Index build cost versus guide size: N copies of a guide concatenated,
//! with part and section numbers shifted per copy (`## Part 3` →
//! `## Part 15`, `### 3.2` → `### 15.2`) so outline labels stay distinct.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use gloss_index::{Guide, SearchIndex, TermMatcher};
use serde::Serialize;

use crate::{alloc, procfs};

/// Renumbering stride per copy (the guide has parts 0–11).
pub const STRIDE: u64 = 12;

/// `copies` copies of `text`, copy `c` with part/section numbers + `c·STRIDE`.
pub fn replicate(text: &str, copies: usize) -> String {
    let mut out = String::with_capacity(text.len() * copies + copies);
    for c in 0..copies {
        let off = c as u64 * STRIDE;
        for line in text.split_inclusive('\n') {
            if off == 0 || !line.starts_with('#') {
                out.push_str(line);
                continue;
            }
            out.push_str(&renumber_heading(line, off));
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

fn renumber_heading(line: &str, off: u64) -> String {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let (marks, rest) = line.split_at(hashes);
    let body = rest.trim_start();
    let lead = &rest[..rest.len() - body.len()];
    if let Some(after) = body.strip_prefix("Part ") {
        if let Some((n, tail)) = leading_number(after) {
            return format!("{marks}{lead}Part {}{tail}", n + off);
        }
    }
    if let Some((n, tail)) = leading_number(body) {
        if tail.starts_with('.') && tail[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return format!("{marks}{lead}{}{tail}", n + off);
        }
    }
    line.to_string()
}

fn leading_number(s: &str) -> Option<(u64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

#[derive(Debug, Clone, Serialize)]
pub struct ScalePoint {
    pub copies: usize,
    pub bytes: usize,
    pub items: usize,
    pub terms: usize,
    pub runs: usize,
    /// Best of `runs`, milliseconds.
    pub parse_ms: f64,
    pub matcher_ms: f64,
    pub search_ms: f64,
    pub total_ms: f64,
    /// Heap bytes retained by guide + matcher + search index.
    pub retained_bytes: usize,
    /// Peak heap growth during the build.
    pub peak_heap_bytes: usize,
    /// Process RSS growth across the first build (KiB; allocator reuse makes later ones smaller).
    pub rss_delta_kb: i64,
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// Builds the index `runs` times for `copies` copies of `text`.
pub fn measure(text: &str, copies: usize, runs: usize, path: &Path) -> Result<ScalePoint> {
    let big = replicate(text, copies);
    let bytes = big.len();
    let mut best = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    let mut point = ScalePoint {
        copies,
        bytes,
        items: 0,
        terms: 0,
        runs,
        parse_ms: 0.0,
        matcher_ms: 0.0,
        search_ms: 0.0,
        total_ms: 0.0,
        retained_bytes: 0,
        peak_heap_bytes: 0,
        rss_delta_kb: 0,
    };
    for run in 0..runs.max(1) {
        let live0 = alloc::live();
        let rss0 = procfs::self_kb("VmRSS").unwrap_or(0) as i64;
        alloc::reset_peak();
        // The text the guide keeps counts as retained.
        let input = big.clone();
        let t = Instant::now();
        let guide = Guide::parse(path, input);
        let parse = ms(t);
        let t1 = Instant::now();
        let matcher = Arc::new(TermMatcher::new(&guide));
        let m = ms(t1);
        let t2 = Instant::now();
        // The matcher is shared, as `LoadedGuide` does.
        let search = SearchIndex::open_or_build_with(&guide, Arc::clone(&matcher), None)?;
        let s = ms(t2);
        let total = ms(t);
        if run == 0 {
            point.retained_bytes = alloc::live().saturating_sub(live0);
            point.peak_heap_bytes = alloc::peak().saturating_sub(live0);
            point.rss_delta_kb = procfs::self_kb("VmRSS").unwrap_or(0) as i64 - rss0;
            point.items = guide.items.len();
            point.terms = guide.terms.len();
        }
        if total < best.3 {
            best = (parse, m, s, total);
        }
        drop((guide, matcher, search));
    }
    point.parse_ms = best.0;
    point.matcher_ms = best.1;
    point.search_ms = best.2;
    point.total_ms = best.3;
    Ok(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbers_parts_and_sections() {
        let t = "# Title\n## Part 3 — X\n### 3.2 Thing\n#### Q1. Why?\ntext Part 3\n";
        let r = replicate(t, 2);
        assert!(r.contains("## Part 3 — X\n"));
        assert!(r.contains("## Part 15 — X\n"));
        assert!(r.contains("### 15.2 Thing\n"));
        assert_eq!(r.matches("#### Q1. Why?").count(), 2);
        assert_eq!(r.matches("text Part 3\n").count(), 2);
    }
}
