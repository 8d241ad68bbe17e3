//! The side-by-side table: gloss against a peer over one or more repeated
//! runs (the JSON files `lsp-bench --json` writes), on the requests both
//! serve, with the targets gloss is held to.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::lsp::{ServerResult, FIRST_ANSWER_METHODS};
use crate::stats::fmt_us;

#[derive(Deserialize)]
struct RunFile {
    servers: Vec<ServerResult>,
}

/// Loads the runs; each must have the baseline first and the peer second.
pub fn load(paths: &[impl AsRef<Path>]) -> Result<Vec<Vec<ServerResult>>> {
    let mut out = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        let run: RunFile =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", p.display()))?;
        if run.servers.len() < 2 {
            bail!("{}: needs two servers (baseline, peer)", p.display());
        }
        out.push(run.servers);
    }
    if out.is_empty() {
        bail!("give at least one --json run");
    }
    Ok(out)
}

/// What a row must show for gloss to meet its target.
#[derive(Clone, Copy)]
enum Target {
    /// Baseline at least this many times faster than the peer.
    Faster(f64),
    /// Baseline no slower than the peer (p99s on the large workspace).
    NoSlower,
    None,
}

type Get = fn(&ServerResult) -> f64;

fn first(r: &ServerResult, method: &str) -> f64 {
    r.first_answer
        .iter()
        .find(|f| f.method == method && f.answered == f.runs_ms.len())
        .map_or(0.0, |f| f.median_ms() * 1e3)
}

/// Markdown table; `p99_target` holds gloss's p99s to ≤ the peer's.
pub fn table(runs: &[Vec<ServerResult>], p99_target: bool) -> String {
    let base = &runs[0][0].name;
    let peer = &runs[0][1].name;
    let p99 = if p99_target {
        Target::NoSlower
    } else {
        Target::None
    };
    let rows: Vec<(&str, Get, Target)> = vec![
        (
            "spawn → first definition on a guide link",
            |r| first(r, FIRST_ANSWER_METHODS[0]),
            Target::Faster(5.0),
        ),
        (
            "spawn → first workspace/symbol",
            |r| first(r, FIRST_ANSWER_METHODS[1]),
            Target::Faster(5.0),
        ),
        (
            "spawn → first documentSymbol",
            |r| first(r, FIRST_ANSWER_METHODS[2]),
            Target::Faster(5.0),
        ),
        (
            "workspace/symbol p50",
            |r| r.workspace_symbol.p50_us,
            Target::None,
        ),
        ("workspace/symbol p99", |r| r.workspace_symbol.p99_us, p99),
        (
            "definition on a guide link p50",
            |r| r.guide_definition.p50_us,
            Target::None,
        ),
        (
            "definition on a guide link p99",
            |r| r.guide_definition.p99_us,
            p99,
        ),
        (
            "documentSymbol p50",
            |r| r.document_symbol.p50_us,
            Target::None,
        ),
        ("documentSymbol p99", |r| r.document_symbol.p99_us, p99),
    ];
    let n = runs.len();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| {} | {base} | {peer} | {peer} ÷ {base} | target |\n|---|---:|---:|---:|---|",
        if n > 1 {
            format!("over stdio, {n} runs each (run 1 · run 2 …)")
        } else {
            "over stdio".to_string()
        }
    );
    let cell = |vals: &[f64]| -> String {
        if vals.iter().any(|v| *v <= 0.0) {
            return "n/a".into();
        }
        vals.iter()
            .map(|v| fmt_us(*v))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    for (name, get, target) in &rows {
        let b: Vec<f64> = runs.iter().map(|r| get(&r[0])).collect();
        let p: Vec<f64> = runs.iter().map(|r| get(&r[1])).collect();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let valid = b.iter().chain(&p).all(|v| *v > 0.0);
        let ratio = if valid {
            format!("{:.1}×", mean(&p) / mean(&b))
        } else {
            "n/a".into()
        };
        // Every run must meet the target, not just the mean.
        let verdict = match target {
            _ if !valid => String::new(),
            Target::Faster(k) => {
                let ok = b.iter().zip(&p).all(|(b, p)| p / b >= *k);
                format!(
                    "≥ {k:.0}× faster: {}",
                    if ok { "met" } else { "**missed**" }
                )
            }
            Target::NoSlower => {
                let ok = b.iter().zip(&p).all(|(b, p)| b <= p);
                format!("≤ {peer}: {}", if ok { "met" } else { "**missed**" })
            }
            Target::None => String::new(),
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {ratio} | {verdict} |",
            cell(&b),
            cell(&p)
        );
    }
    let rss = |r: &ServerResult| r.vmhwm_kb.map_or(0.0, |k| k as f64 / 1024.0);
    let b: Vec<String> = runs.iter().map(|r| format!("{:.0}", rss(&r[0]))).collect();
    let p: Vec<String> = runs.iter().map(|r| format!("{:.0}", rss(&r[1]))).collect();
    let _ = writeln!(
        out,
        "| peak RSS (MB) | {} | {} | | |",
        b.join(" · "),
        p.join(" · ")
    );
    let checks = |r: &ServerResult| {
        format!(
            "{}/{} · {}/{} · {}/{}",
            r.workspace_symbol.answered,
            r.workspace_symbol.count,
            r.guide_definition.answered,
            r.guide_definition.count,
            r.document_symbol.answered,
            r.document_symbol.count
        )
    };
    let _ = writeln!(
        out,
        "| non-empty answers: symbol · definition into the guide · documentSymbol (run 1) | {} | {} | | |",
        checks(&runs[0][0]),
        checks(&runs[0][1])
    );
    out
}
