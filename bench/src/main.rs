//! `lsp-bench`: benchmark LSP servers over stdio, generate bench workspaces,
//! and measure index scaling. See `bench/README.md`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use gloss_bench::gen::{self, GenOptions};
use gloss_bench::lsp::{self, Profile, RunOptions, ServerResult};
use gloss_bench::stats::{fmt_us, linear_fit};
use gloss_bench::{alloc, scale};
use serde_json::json;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

#[derive(Parser)]
#[command(
    name = "lsp-bench",
    about = "Benchmark LSP servers over stdio with one fixed script"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    cmd: Option<Cmd>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a benchmark workspace (guide copy, gloss.toml, generated notes).
    Gen(GenArgs),
    /// Index build time and memory for N concatenated copies of a guide.
    Scale(ScaleArgs),
    /// Side-by-side table of gloss and a peer from repeated runs' JSON.
    Compare(CompareArgs),
}

#[derive(Args)]
struct CompareArgs {
    /// A run's JSON (`--json` of a run with the baseline first, the peer second); repeat per run.
    #[arg(long = "json", required = true)]
    runs: Vec<PathBuf>,
    /// Hold the baseline's p99s to ≤ the peer's (the large workspace).
    #[arg(long)]
    p99_target: bool,
    #[arg(long)]
    markdown: Option<PathBuf>,
}

#[derive(Args, Default)]
struct RunArgs {
    /// Server command, split on whitespace (repeat to compare; the first is the baseline).
    #[arg(long = "server")]
    servers: Vec<String>,
    /// Position profile per server, in --server order: `term` (guide terms) or
    /// `link` (wiki/markdown links). Default: `term` for commands naming gloss, else `link`.
    #[arg(long = "profile")]
    profiles: Vec<Profile>,
    /// Workspace directory (the servers' cwd and rootUri).
    #[arg(long)]
    workspace: Option<PathBuf>,
    /// Note to open, relative to the workspace.
    #[arg(long, default_value = gen::BENCH_NOTE)]
    note: PathBuf,
    /// Explicit positions `LINE:COL,LINE:COL,…` (0-based, UTF-16) used for every server.
    #[arg(long)]
    positions: Option<String>,
    /// workspace/symbol query (repeatable; default: words from the note's headings).
    #[arg(long = "query")]
    queries: Vec<String>,
    #[arg(long, default_value_t = 1000)]
    hovers: usize,
    #[arg(long, default_value_t = 1000)]
    definitions: usize,
    #[arg(long, default_value_t = 200)]
    symbols: usize,
    /// Unknown-method round trips (the protocol floor).
    #[arg(long, default_value_t = 1000)]
    floor: usize,
    /// Definitions on markdown links into the guide (same positions for every server).
    #[arg(long, default_value_t = 1000)]
    guide_definitions: usize,
    #[arg(long, default_value_t = 200)]
    document_symbols: usize,
    /// Fresh spawns per request kind for "spawn → first answer" (0 skips them).
    #[arg(long, default_value_t = 1)]
    first_answer_runs: usize,
    /// Keep the inherited GLOSS_CACHE_DIR for first-answer spawns (warm
    /// cache) instead of giving each an empty one.
    #[arg(long)]
    first_answer_keep_cache: bool,
    /// Give up waiting for the first non-null hover after this many seconds.
    #[arg(long, default_value_t = 300)]
    ready_timeout: u64,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 60)]
    request_timeout: u64,
    /// Label of the workspace in the table heading.
    #[arg(long)]
    label: Option<String>,
    /// Write the results as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write the markdown table here (it is always printed too).
    #[arg(long)]
    markdown: Option<PathBuf>,
}

#[derive(Args)]
struct GenArgs {
    /// Guide to copy into `<out>/guides/` and draw term names from.
    #[arg(long)]
    guide: PathBuf,
    #[arg(long)]
    out: PathBuf,
    /// Number of notes including notes/bench.md.
    #[arg(long, default_value_t = 6)]
    notes: usize,
    /// Approximate bytes per generated note.
    #[arg(long, default_value_t = 5000)]
    note_bytes: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

#[derive(Args)]
struct ScaleArgs {
    #[arg(long)]
    guide: PathBuf,
    /// Copy counts, comma-separated.
    #[arg(long, default_value = "1,10,50")]
    copies: String,
    /// Builds per size (best time is reported); sizes ≥ 20 copies build once.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    #[arg(long)]
    json: Option<PathBuf>,
    #[arg(long)]
    markdown: Option<PathBuf>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.cmd {
        Some(Cmd::Gen(a)) => run_gen(a),
        Some(Cmd::Scale(a)) => run_scale(a),
        Some(Cmd::Compare(a)) => {
            let runs = gloss_bench::compare::load(&a.runs)?;
            let table = gloss_bench::compare::table(&runs, a.p99_target);
            println!("{table}");
            if let Some(p) = &a.markdown {
                std::fs::write(p, &table)?;
            }
            Ok(())
        }
        None => run_bench(cli.run),
    }
}

fn run_gen(a: GenArgs) -> Result<()> {
    let report = gen::generate(&GenOptions {
        guide: a.guide,
        out: a.out.clone(),
        notes: a.notes,
        note_bytes: a.note_bytes,
        seed: a.seed,
    })?;
    println!(
        "wrote {} notes ({:.1} MB) + guide ({:.0} KB) to {} ({} terms, {} refs used, {} links into the guide)",
        report.notes,
        report.note_bytes_total as f64 / 1e6,
        report.guide_bytes as f64 / 1e3,
        a.out.display(),
        report.terms_used,
        report.refs_used,
        report.guide_links
    );
    Ok(())
}

fn parse_positions(s: &str) -> Result<Vec<(u32, u32)>> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (l, c) = p
                .trim()
                .split_once(':')
                .context("position must be LINE:COL")?;
            Ok((l.parse()?, c.parse()?))
        })
        .collect()
}

fn run_bench(a: RunArgs) -> Result<()> {
    if a.servers.is_empty() {
        bail!("give at least one --server \"CMD ARGS\" (or a subcommand: gen, scale)");
    }
    let workspace = a.workspace.context("--workspace DIR is required")?;
    let opts = RunOptions {
        workspace: workspace.clone(),
        note: a.note.clone(),
        hovers: a.hovers,
        definitions: a.definitions,
        symbols: a.symbols,
        floor: a.floor,
        ready_timeout: Duration::from_secs(a.ready_timeout),
        request_timeout: Duration::from_secs(a.request_timeout),
        positions: a.positions.as_deref().map(parse_positions).transpose()?,
        queries: a.queries.clone(),
        guide_definitions: a.guide_definitions,
        document_symbols: a.document_symbols,
        first_answer_runs: a.first_answer_runs,
        first_answer_fresh_cache: !a.first_answer_keep_cache,
    };
    let mut results = Vec::new();
    for (i, cmd) in a.servers.iter().enumerate() {
        let profile = a.profiles.get(i).copied().unwrap_or_else(|| {
            if lsp::server_name(cmd).contains("gloss") {
                Profile::Term
            } else {
                Profile::Link
            }
        });
        eprintln!("lsp-bench: {cmd} ({profile:?} positions) …");
        let r = lsp::bench_server(cmd, profile, &opts);
        if let Some(e) = &r.error {
            eprintln!("lsp-bench: {cmd}: {e}");
        }
        results.push(r);
    }
    let label = a
        .label
        .clone()
        .unwrap_or_else(|| workspace.display().to_string());
    let table = markdown_table(&label, &opts, &results);
    println!("{table}");
    if let Some(p) = &a.markdown {
        std::fs::write(p, &table)?;
    }
    if let Some(p) = &a.json {
        let v = json!({
            "workspace": workspace,
            "label": label,
            "note": a.note,
            "counts": { "hover": a.hovers, "definition": a.definitions, "guide_definition": a.guide_definitions, "document_symbol": a.document_symbols, "workspace_symbol": a.symbols, "unknown_method": a.floor, "first_answer_runs": a.first_answer_runs },
            "servers": results,
        });
        std::fs::write(p, serde_json::to_string_pretty(&v)?)?;
    }
    Ok(())
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or("n/a".into(), |k| format!("{:.1} MB", k as f64 / 1024.0))
}

fn ratio(base: f64, other: f64) -> String {
    if base > 0.0 && other > 0.0 {
        format!("{:.2}×", other / base)
    } else {
        "n/a".into()
    }
}

/// Median spawn → first answer of `method`, ms (0 when not measured).
fn first_ms(r: &ServerResult, method: &str) -> f64 {
    r.first_answer
        .iter()
        .find(|f| f.method == method)
        .map_or(0.0, |f| f.median_ms())
}

fn markdown_table(label: &str, opts: &RunOptions, rs: &[ServerResult]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {label}\n");
    let mut header = String::from("| metric |");
    let mut sep = String::from("|---|");
    for r in rs {
        let _ = write!(header, " {} |", r.name);
        sep.push_str("---:|");
    }
    for r in rs.iter().skip(1) {
        let _ = write!(header, " {}/{} |", r.name, rs[0].name);
        sep.push_str("---:|");
    }
    let _ = writeln!(out, "{header}\n{sep}");
    type Get = fn(&ServerResult) -> f64;
    let runs = opts.first_answer_runs;
    let mut timed: Vec<(String, Get)> = Vec::new();
    if runs > 0 {
        timed.extend::<Vec<(String, Get)>>(vec![
            (
                format!("first answer: definition on a guide link (spawn →, median of {runs})"),
                |r| first_ms(r, lsp::FIRST_ANSWER_METHODS[0]) * 1e3,
            ),
            (
                format!("first answer: workspace/symbol (spawn →, median of {runs})"),
                |r| first_ms(r, lsp::FIRST_ANSWER_METHODS[1]) * 1e3,
            ),
            (
                format!("first answer: documentSymbol (spawn →, median of {runs})"),
                |r| first_ms(r, lsp::FIRST_ANSWER_METHODS[2]) * 1e3,
            ),
        ]);
    }
    timed.extend::<Vec<(String, Get)>>(vec![
        ("spawn → initialize answered".into(), |r| {
            r.initialize_ms * 1e3
        }),
        ("cold start (spawn → first non-null hover)".into(), |r| {
            r.cold_start_ms * 1e3
        }),
        (format!("hover p50 ({}×)", opts.hovers), |r| r.hover.p50_us),
        (format!("hover p99 ({}×)", opts.hovers), |r| r.hover.p99_us),
        (format!("definition p50 ({}×)", opts.definitions), |r| {
            r.definition.p50_us
        }),
        (format!("definition p99 ({}×)", opts.definitions), |r| {
            r.definition.p99_us
        }),
        (format!("workspace/symbol p50 ({}×)", opts.symbols), |r| {
            r.workspace_symbol.p50_us
        }),
        (format!("workspace/symbol p99 ({}×)", opts.symbols), |r| {
            r.workspace_symbol.p99_us
        }),
        (
            format!(
                "definition on a guide link p50 ({}×)",
                opts.guide_definitions
            ),
            |r| r.guide_definition.p50_us,
        ),
        (
            format!(
                "definition on a guide link p99 ({}×)",
                opts.guide_definitions
            ),
            |r| r.guide_definition.p99_us,
        ),
        (
            format!("documentSymbol p50 ({}×)", opts.document_symbols),
            |r| r.document_symbol.p50_us,
        ),
        (
            format!("documentSymbol p99 ({}×)", opts.document_symbols),
            |r| r.document_symbol.p99_us,
        ),
        (format!("unknown method p50 ({}×)", opts.floor), |r| {
            r.unknown_method.p50_us
        }),
        (format!("unknown method p99 ({}×)", opts.floor), |r| {
            r.unknown_method.p99_us
        }),
    ]);
    for (name, get) in &timed {
        let mut row = format!("| {name} |");
        for r in rs {
            let v = get(r);
            let _ = write!(row, " {} |", if v > 0.0 { fmt_us(v) } else { "n/a".into() });
        }
        for r in rs.iter().skip(1) {
            let _ = write!(row, " {} |", ratio(get(&rs[0]), get(r)));
        }
        let _ = writeln!(out, "{row}");
    }
    let mut row = String::from("| hover p99 ÷ unknown-method p99 |");
    for r in rs {
        let _ = write!(row, " {} |", ratio(r.unknown_method.p99_us, r.hover.p99_us));
    }
    for _ in rs.iter().skip(1) {
        row.push_str(" |");
    }
    let _ = writeln!(out, "{row}");
    let mut row = String::from("| peak RSS (VmHWM) |");
    for r in rs {
        let _ = write!(row, " {} |", mb(r.vmhwm_kb));
    }
    for r in rs.iter().skip(1) {
        let f = |k: Option<u64>| k.map_or(0.0, |k| k as f64);
        let _ = write!(row, " {} |", ratio(f(rs[0].vmhwm_kb), f(r.vmhwm_kb)));
    }
    let _ = writeln!(out, "{row}");
    type Show = fn(&ServerResult) -> String;
    let counts: Vec<(&str, Show)> = vec![
        ("positions profile", |r| {
            format!("{:?} ({} positions)", r.profile, r.positions.len()).to_lowercase()
        }),
        ("non-null hovers", |r| {
            format!("{}/{}", r.hover.answered, r.hover.count)
        }),
        ("non-null definitions", |r| {
            format!("{}/{}", r.definition.answered, r.definition.count)
        }),
        ("non-empty symbol answers", |r| {
            format!(
                "{}/{}",
                r.workspace_symbol.answered, r.workspace_symbol.count
            )
        }),
        ("guide-link definitions landing in the guide", |r| {
            format!(
                "{}/{} ({} positions)",
                r.guide_definition.answered,
                r.guide_definition.count,
                r.guide_positions.len()
            )
        }),
        ("non-empty documentSymbol answers", |r| {
            format!("{}/{}", r.document_symbol.answered, r.document_symbol.count)
        }),
        ("first answers (non-empty / runs; each run, ms)", |r| {
            r.first_answer
                .iter()
                .map(|f| {
                    let runs: Vec<String> = f.runs_ms.iter().map(|m| format!("{m:.0}")).collect();
                    format!(
                        "{}: {}/{} ({})",
                        f.method.rsplit('/').next().unwrap_or(&f.method),
                        f.answered,
                        f.runs_ms.len(),
                        runs.join(", ")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }),
        ("MethodNotFound answers", |r| {
            format!("{}/{}", r.unknown_method.answered, r.unknown_method.count)
        }),
        ("ready / exits on `exit` (stdin open)", |r| {
            format!("{} / {}", r.ready, r.exits_on_exit)
        }),
    ];
    for (name, get) in &counts {
        let mut row = format!("| {name} |");
        for r in rs {
            let _ = write!(row, " {} |", get(r));
        }
        for _ in rs.iter().skip(1) {
            row.push_str(" |");
        }
        let _ = writeln!(out, "{row}");
    }
    for r in rs {
        if let Some(e) = &r.error {
            let first = e.lines().next().unwrap_or(e);
            let _ = writeln!(out, "\n**{}** failed: `{}`", r.name, first);
        }
    }
    out
}

fn run_scale(a: ScaleArgs) -> Result<()> {
    let text = std::fs::read_to_string(&a.guide)
        .with_context(|| format!("reading {}", a.guide.display()))?;
    let mut points = Vec::new();
    for c in a.copies.split(',').filter(|s| !s.trim().is_empty()) {
        let copies: usize = c
            .trim()
            .parse()
            .context("--copies is a comma list of numbers")?;
        let runs = if copies >= 20 { 1 } else { a.runs };
        eprintln!("lsp-bench scale: {copies} copies ×{runs} …");
        points.push(scale::measure(&text, copies, runs, &a.guide)?);
    }
    let mut out = String::from(
        "| copies | size | outline items | terms | Guide::parse | TermMatcher::new | SearchIndex (RAM) | total | ms / MB | retained heap | peak heap | RSS Δ |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for p in &points {
        let size_mb = p.bytes as f64 / 1e6;
        let _ = writeln!(
            out,
            "| {} | {:.2} MB | {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} | {:.1} MB | {:.1} MB | {:.1} MB |",
            p.copies,
            size_mb,
            p.items,
            p.terms,
            p.parse_ms,
            p.matcher_ms,
            p.search_ms,
            p.total_ms,
            p.total_ms / size_mb,
            p.retained_bytes as f64 / 1e6,
            p.peak_heap_bytes as f64 / 1e6,
            p.rss_delta_kb as f64 / 1024.0,
        );
    }
    let pts: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.bytes as f64 / 1e6, p.total_ms))
        .collect();
    let (a0, b) = linear_fit(&pts);
    let mem: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (p.bytes as f64 / 1e6, p.retained_bytes as f64 / 1e6))
        .collect();
    let (m0, mb_per_mb) = linear_fit(&mem);
    let _ = writeln!(
        out,
        "\nFit over the sizes above: build time ≈ {a0:.1} ms + {b:.1} ms/MB; retained heap ≈ {m0:.1} MB + {mb_per_mb:.2} MB per MB of guide."
    );
    println!("{out}");
    if let Some(p) = &a.markdown {
        std::fs::write(p, &out)?;
    }
    if let Some(p) = &a.json {
        let v = json!({
            "guide": a.guide,
            "points": points,
            "fit": { "ms_intercept": a0, "ms_per_mb": b, "retained_mb_intercept": m0, "retained_mb_per_mb": mb_per_mb },
        });
        std::fs::write(p, serde_json::to_string_pretty(&v)?)?;
    }
    Ok(())
}
