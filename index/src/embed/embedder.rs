//! A sentence-transformers BERT model (config.json, model.safetensors,
//! tokenizer.json) run with candle on the CPU: mean pooling over the
//! attention mask, L2-normalised, as sentence-transformers does.
//!
//! All inference runs on the embedder's own rayon pools: candle's matmuls
//! (gemm) and the tokenizer's batch encoding parallelise over the
//! *current* rayon pool, so `install`ing the work there bounds their
//! threads. Interactive work (a query, a draft's sentences) gets up to two
//! threads; building a guide's vectors gets one, so the rest of the
//! process (hover, definition) keeps a core while it runs.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::bert::{Bert, Config};
use super::error::ModelError;

/// Tokens per text; longer texts are truncated (the guide is split into
/// shorter passages first, see `passages`).
pub const MAX_TOKENS: usize = 256;
/// Characters of a text handed to the tokenizer: 256 wordpieces never need
/// more (a word longer than 100 characters is one `[UNK]`), and this keeps
/// a megabyte query cheap.
const MAX_CHARS: usize = MAX_TOKENS * 101;

pub const CONFIG_FILE: &str = "config.json";
pub const WEIGHTS_FILE: &str = "model.safetensors";
pub const TOKENIZER_FILE: &str = "tokenizer.json";

/// Threads of the interactive pool: two where the machine has two cores.
/// A 12-word query then takes about 14 ms instead of 19 ms (p50, measured
/// interleaved on this 2-core VM); more threads would only help longer
/// inputs, and would take the core hover and definition answer on.
pub fn interactive_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2)
}

/// Sizes candle's matrix-multiply parallelism to the interactive pool, and
/// keeps candle from starting threads of its own.
///
/// candle reads `RAYON_NUM_THREADS` on every matmul and, when it is unset,
/// splits work for every core. gemm runs those splits on the current
/// pool, so in the one-thread background pool they simply run one after
/// the other.
///
/// Large element-wise ops (≥ 64 Ki values: only whole-guide batches reach
/// that, never a query) run on candle's own "barrier pool" instead, of
/// `CANDLE_NUM_THREADS - 1` threads at normal priority that spin between
/// ops. While a guide embedded, that thread held the second core and
/// hover p99 went from 0.25 ms to 1.7–2 ms; with `CANDLE_NUM_THREADS=1`
/// the pool has no thread and those ops run on the caller's (nice 19)
/// thread.
///
/// Call it at the start of `main`, before any thread exists (setting the
/// environment is not thread-safe); values already set are kept.
pub fn pin_inference_threads() {
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        std::env::set_var("RAYON_NUM_THREADS", interactive_threads().to_string());
    }
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        std::env::set_var("CANDLE_NUM_THREADS", "1");
    }
}

/// A loaded model, ready to embed text. `Send + Sync`: share it in an `Arc`.
pub struct Embedder {
    dir: PathBuf,
    id: String,
    dims: usize,
    model: Bert,
    tokenizer: Tokenizer,
    /// Queries and drafts: someone is waiting.
    pool: rayon::ThreadPool,
    /// Whole-guide vector builds: one thread, whatever `pool` has.
    background: rayon::ThreadPool,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("dir", &self.dir)
            .field("id", &self.id)
            .field("dims", &self.dims)
            .finish()
    }
}

impl Embedder {
    /// Loads the model in `dir` with [`interactive_threads`] for queries.
    pub fn load(dir: &Path) -> Result<Embedder, ModelError> {
        Self::load_with_threads(dir, interactive_threads())
    }

    /// Loads the model in `dir`; queries use `threads` threads (≥ 1),
    /// background builds one.
    /// Checks that the folder is complete, the weights fit the config and
    /// the model produces vectors of the configured size.
    pub fn load_with_threads(dir: &Path, threads: usize) -> Result<Embedder, ModelError> {
        if !dir.is_dir() {
            return Err(ModelError::Missing(dir.to_path_buf()));
        }
        for file in [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE] {
            if !dir.join(file).is_file() {
                return Err(ModelError::MissingFile {
                    dir: dir.to_path_buf(),
                    file,
                });
            }
        }
        let config_path = dir.join(CONFIG_FILE);
        let config_bytes =
            std::fs::read(&config_path).map_err(|e| ModelError::io(&config_path, e))?;
        let config: Config =
            serde_json::from_slice(&config_bytes).map_err(|e| ModelError::Config {
                path: config_path.clone(),
                message: e.to_string(),
            })?;
        config.check().map_err(|message| ModelError::Config {
            path: config_path.clone(),
            message,
        })?;

        let tok_path = dir.join(TOKENIZER_FILE);
        let tok_bytes = std::fs::read(&tok_path).map_err(|e| ModelError::io(&tok_path, e))?;
        let tokenizer =
            load_tokenizer(&tok_bytes, &config).map_err(|message| ModelError::Tokenizer {
                path: tok_path.clone(),
                message,
            })?;

        let weights_path = dir.join(WEIGHTS_FILE);
        let weights = std::fs::read(&weights_path).map_err(|e| ModelError::io(&weights_path, e))?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(&config_bytes);
        hasher.update(&tok_bytes);
        hasher.update(&weights);
        let hash = hasher.finalize().to_hex();
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".into());
        let id = format!("{}-{}", sanitize(&name), &hash[..16]);

        let bad_weights = |message: String| ModelError::Weights {
            path: weights_path.clone(),
            message,
        };
        // candle checks shapes and offsets, but a hostile file should not
        // be able to take the process down either.
        let model = catch_unwind(AssertUnwindSafe(|| {
            let vb = VarBuilder::from_slice_safetensors(&weights, DType::F32, &Device::Cpu)?;
            Bert::load(vb, &config)
        }))
        .map_err(|_| bad_weights("the loader panicked".into()))?
        .map_err(|e| bad_weights(e.to_string()))?;
        drop(weights);

        let pool_of = |threads: usize, name: &'static str| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(move |i| format!("{name}-{i}"))
        };
        let started = |b: rayon::ThreadPoolBuilder| {
            b.build()
                .map_err(|e| ModelError::Inference(format!("cannot start the embedding pool: {e}")))
        };
        let pool = started(pool_of(threads.max(1), "gloss-embed"))?;
        let background = started(
            pool_of(1, "gloss-embed-bg").start_handler(|_| super::priority::lower_this_thread()),
        )?;
        let embedder = Embedder {
            dir: dir.to_path_buf(),
            id,
            dims: config.hidden_size,
            model,
            tokenizer,
            pool,
            background,
        };
        // One real inference: catches weights that load but do not work.
        let probe = embedder.embed(&["probe"])?;
        let got = probe.first().map_or(0, Vec::len);
        if got != config.hidden_size {
            return Err(ModelError::Dimensions {
                dir: dir.to_path_buf(),
                got,
                want: config.hidden_size,
            });
        }
        Ok(embedder)
    }

    /// The folder the model was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Identity of the model (folder name + hash of its files); part of
    /// every cache key of vectors it produced.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Length of the vectors.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Threads of the interactive inference pool.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// One unit vector for one text.
    pub fn embed_one(&self, text: &str) -> Result<Vec<f32>, ModelError> {
        self.embed(&[text])?
            .pop()
            .ok_or_else(|| ModelError::Inference("no output".into()))
    }

    /// Unit vectors for a batch of texts (padded to the longest, each
    /// truncated to [`MAX_TOKENS`]), on the interactive pool. Blocks the
    /// caller while the pool runs.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        self.embed_on(&self.pool, texts)
    }

    /// As [`Embedder::embed`], on the one-thread background pool: for
    /// building a guide's vectors while queries stay fast.
    pub fn embed_in_background(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        self.embed_on(&self.background, texts)
    }

    fn embed_on(
        &self,
        pool: &rayon::ThreadPool,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let inputs: Vec<&str> = texts.iter().map(|t| clip(t, MAX_CHARS)).collect();
        pool.install(|| {
            catch_unwind(AssertUnwindSafe(|| self.run(inputs)))
                .unwrap_or_else(|_| Err(ModelError::Inference("inference panicked".into())))
        })
    }

    fn run(&self, inputs: Vec<&str>) -> Result<Vec<Vec<f32>>, ModelError> {
        let n = inputs.len();
        let encodings = self
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| ModelError::Inference(format!("tokenizer: {e}")))?;
        let len = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(n * len);
        let mut types = Vec::with_capacity(n * len);
        let mut mask = Vec::with_capacity(n * len);
        for e in &encodings {
            if e.get_ids().len() != len {
                return Err(ModelError::Inference(
                    "tokenizer did not pad the batch".into(),
                ));
            }
            ids.extend_from_slice(e.get_ids());
            types.extend_from_slice(e.get_type_ids());
            mask.extend_from_slice(e.get_attention_mask());
        }
        let dev = Device::Cpu;
        let ids = Tensor::from_vec(ids, (n, len), &dev)?;
        let types = Tensor::from_vec(types, (n, len), &dev)?;
        let mask = Tensor::from_vec(mask, (n, len), &dev)?;
        let hidden = self.model.forward(&ids, &types, &mask)?;
        // Mean over the real tokens (padding excluded).
        let m = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&m)?.sum(1)?;
        let counts = m.sum(1)?.clamp(1f32, f32::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let mut rows = mean.to_vec2::<f32>()?;
        for row in &mut rows {
            normalize(row);
        }
        Ok(rows)
    }
}

/// Scales `v` to unit length (a zero vector stays zero).
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 1e-12 && norm.is_finite() {
        v.iter_mut().for_each(|x| *x /= norm);
    } else {
        v.iter_mut().for_each(|x| *x = 0.0);
    }
}

/// Dot product: the cosine of two unit vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The tokenizer with our truncation (256, or the model's limit if lower)
/// and padding to the longest text of each batch, replacing the file's.
fn load_tokenizer(bytes: &[u8], config: &Config) -> Result<Tokenizer, String> {
    let mut tok = catch_unwind(AssertUnwindSafe(|| Tokenizer::from_bytes(bytes)))
        .map_err(|_| "the tokenizer loader panicked".to_string())?
        .map_err(|e| e.to_string())?;
    let max_length = MAX_TOKENS.min(config.max_position_embeddings);
    tok.with_truncation(Some(TruncationParams {
        max_length,
        ..TruncationParams::default()
    }))
    .map_err(|e| e.to_string())?;
    let pad = tok.get_padding().cloned().unwrap_or_default();
    tok.with_padding(Some(PaddingParams {
        strategy: PaddingStrategy::BatchLongest,
        pad_to_multiple_of: None,
        ..pad
    }));
    // Every id it can produce must exist in the embedding table.
    let vocab = tok.get_vocab_size(true);
    if vocab == 0 || vocab > config.vocab_size {
        return Err(format!(
            "its vocabulary has {vocab} entries; the model's has {}",
            config.vocab_size
        ));
    }
    Ok(tok)
}

/// The longest prefix of `s` of at most `max` characters.
fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
