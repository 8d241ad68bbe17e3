use std::process::ExitCode;

use clap::Parser;
use gloss::cli::{self, Cli, Command};
use tracing_subscriber::EnvFilter;

fn init_tracing(verbose: u8, lsp: bool) {
    let filter = match verbose {
        0 => EnvFilter::try_from_env("GLOSS_LOG")
            .or_else(|_| EnvFilter::try_from_default_env())
            .ok()
            .or_else(|| lsp.then(|| EnvFilter::new("gloss=warn,gloss_index=warn"))),
        1 => Some(EnvFilter::new("gloss=debug,gloss_index=debug")),
        _ => Some(EnvFilter::new(
            "gloss=trace,gloss_index=trace,tower_lsp=debug",
        )),
    };
    if let Some(filter) = filter {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
    }
}

fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Search {
            query,
            guides,
            kind,
            limit,
            json,
            lexical,
        } => cli::search(&query, &guides, &kind, limit, json, lexical),
        Command::Related {
            target,
            guides,
            kind,
            limit,
            json,
            lexical,
        } => gloss::semantic::related(&target, &guides, &kind, limit, json, lexical),
        Command::Model { action } => match action {
            cli::ModelAction::Fetch { force } => gloss::semantic::fetch(force),
            cli::ModelAction::Status { json } => gloss::semantic::status(json),
        },
        Command::Define { term, guides, json } => cli::define(&term, &guides, json),
        Command::Outline { guides } => cli::outline(&guides),
        Command::Guides { json } => cli::list_guides(json),
        Command::Check {
            paths,
            format,
            guides,
            lexical,
        } => gloss::check::run(&gloss::check::CheckArgs {
            paths,
            format,
            guides,
            lexical,
        }),
        Command::Review(args) => gloss::review::run(args),
        Command::Lsp => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(gloss::lsp::run_stdio());
            // The stdin reader is a blocking thread that would keep the
            // runtime (and the process) alive after `exit`.
            rt.shutdown_background();
            use std::sync::atomic::Ordering;
            let exit_without_shutdown = gloss::framing::EXIT_REQUESTED.load(Ordering::SeqCst)
                && !gloss::framing::SHUTDOWN_REQUESTED.load(Ordering::SeqCst);
            Ok(if exit_without_shutdown { 1 } else { 0 })
        }
    }
}

fn main() -> ExitCode {
    // Before any thread starts (see the function's note).
    gloss_index::embed::pin_inference_threads();
    let cli = Cli::parse();
    init_tracing(cli.verbose, matches!(cli.command, Command::Lsp));
    match run(cli) {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("gloss: {e:#}");
            ExitCode::from(2)
        }
    }
}
