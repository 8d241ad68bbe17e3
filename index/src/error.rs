//! Errors of the index crate.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid UTF-8 (first bad byte on line {line}); save it as UTF-8")]
    NotUtf8 { path: PathBuf, line: u32 },
    #[error("cannot parse markdown in {path}")]
    Parse { path: PathBuf },
    #[error("invalid config {path}: {message}")]
    Config { path: PathBuf, message: String },
    #[error("invalid glob `{glob}`: {message}")]
    Glob { glob: String, message: String },
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index unavailable: {0}")]
    Unavailable(String),
    #[error("invalid search query: {0}")]
    Query(String),
    #[error("index cache at {path} is unusable: {message}")]
    Cache { path: PathBuf, message: String },
    #[error(transparent)]
    Model(#[from] crate::embed::ModelError),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
