//! What can go wrong with a model folder or with embedding. Every failure
//! is a value, never a panic: callers fall back to lexical search.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("no model folder at {0} (run `gloss model fetch`, or set `model = \"path\"`)")]
    Missing(PathBuf),
    #[error("model folder {dir} is incomplete: {file} is missing")]
    MissingFile { dir: PathBuf, file: &'static str },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a BERT config: {message}")]
    Config { path: PathBuf, message: String },
    #[error("{path}: unusable tokenizer: {message}")]
    Tokenizer { path: PathBuf, message: String },
    #[error("{path}: unusable weights (truncated, corrupt or not this architecture): {message}")]
    Weights { path: PathBuf, message: String },
    #[error("{dir}: the model produces {got}-dimensional vectors, its config says {want}")]
    Dimensions {
        dir: PathBuf,
        got: usize,
        want: usize,
    },
    #[error("embedding failed: {0}")]
    Inference(String),
    #[error("cannot install the model: {0}")]
    Install(String),
    #[error("embedding cancelled")]
    Cancelled,
}

impl ModelError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ModelError::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<candle_core::Error> for ModelError {
    fn from(e: candle_core::Error) -> Self {
        ModelError::Inference(e.to_string())
    }
}
