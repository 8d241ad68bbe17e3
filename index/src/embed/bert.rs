//! The BERT encoder of a sentence-transformers model, in candle. The same
//! computation as candle-transformers' `bert` (HF `BertModel`), written
//! out here because that crate compiles every model it ships, which costs
//! minutes on a 2-core machine for the 150 lines gloss needs. Inference
//! only (no dropout); the reference test checks it against
//! sentence-transformers.

use candle_core::{DType, Module, Result, Tensor, D};
use candle_nn::{embedding, layer_norm, linear, Embedding, LayerNorm, Linear, VarBuilder};

use super::dense::Dense;
use serde::Deserialize;

/// The keys of a Hugging Face BERT `config.json` gloss uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Config {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    pub max_position_embeddings: usize,
    #[serde(default = "default_type_vocab")]
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
}

fn default_act() -> String {
    "gelu".into()
}
fn default_type_vocab() -> usize {
    2
}
fn default_eps() -> f64 {
    1e-12
}

#[derive(Debug, Clone, Copy)]
enum Act {
    /// Exact (erf) GELU, HF's `gelu`.
    Gelu,
    /// tanh approximation (`gelu_new`, `gelu_pytorch_tanh`).
    GeluTanh,
    Relu,
}

impl Act {
    fn parse(name: &str) -> Option<Act> {
        match name {
            "gelu" => Some(Act::Gelu),
            "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast" => Some(Act::GeluTanh),
            "relu" => Some(Act::Relu),
            _ => None,
        }
    }
    fn forward(self, xs: &Tensor) -> Result<Tensor> {
        match self {
            Act::Gelu => super::gelu::gelu_erf(&xs.contiguous()?),
            Act::GeluTanh => xs.gelu(),
            Act::Relu => xs.relu(),
        }
    }
}

impl Config {
    /// Why this config cannot run, if it cannot.
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.hidden_size == 0 || self.num_attention_heads == 0 || self.num_hidden_layers == 0 {
            return Err(
                "hidden_size, num_attention_heads and num_hidden_layers must be positive".into(),
            );
        }
        if !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return Err(format!(
                "hidden_size {} is not a multiple of num_attention_heads {}",
                self.hidden_size, self.num_attention_heads
            ));
        }
        if self.max_position_embeddings == 0 || self.vocab_size == 0 || self.type_vocab_size == 0 {
            return Err(
                "max_position_embeddings, vocab_size and type_vocab_size must be positive".into(),
            );
        }
        if Act::parse(&self.hidden_act).is_none() {
            return Err(format!("unsupported hidden_act `{}`", self.hidden_act));
        }
        Ok(())
    }
}

struct Layer {
    /// Query, key and value projections stacked into one `(h, 3h)` dense
    /// layer: one matmul instead of three, which matters for short queries.
    qkv: Dense,
    attn_out: Dense,
    attn_norm: LayerNorm,
    inter: Dense,
    out: Dense,
    out_norm: LayerNorm,
}

/// Linears of the same input stacked along their outputs.
fn stacked(parts: &[Linear]) -> Result<Linear> {
    let weights: Vec<&Tensor> = parts.iter().map(|l| l.weight()).collect();
    let biases = parts
        .iter()
        .map(|l| l.bias())
        .collect::<Option<Vec<&Tensor>>>();
    let bias = match biases {
        Some(b) => Some(Tensor::cat(&b, 0)?),
        None => None,
    };
    Ok(Linear::new(Tensor::cat(&weights, 0)?, bias))
}

/// A loaded BERT encoder.
pub struct Bert {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_size: usize,
    act: Act,
}

impl Bert {
    /// Loads the weights; a missing tensor or a shape that differs from
    /// the config is an error. Accepts a `bert.` prefix on tensor names.
    pub fn load(vb: VarBuilder, c: &Config) -> Result<Bert> {
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let h = c.hidden_size;
        let e = vb.pp("embeddings");
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for i in 0..c.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention");
            layers.push(Layer {
                qkv: Dense::new(&stacked(&[
                    linear(h, h, a.pp("self.query"))?,
                    linear(h, h, a.pp("self.key"))?,
                    linear(h, h, a.pp("self.value"))?,
                ])?)?,
                attn_out: Dense::new(&linear(h, h, a.pp("output.dense"))?)?,
                attn_norm: layer_norm(h, c.layer_norm_eps, a.pp("output.LayerNorm"))?,
                inter: Dense::new(&linear(h, c.intermediate_size, l.pp("intermediate.dense"))?)?,
                out: Dense::new(&linear(c.intermediate_size, h, l.pp("output.dense"))?)?,
                out_norm: layer_norm(h, c.layer_norm_eps, l.pp("output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            words: embedding(c.vocab_size, h, e.pp("word_embeddings"))?,
            positions: embedding(c.max_position_embeddings, h, e.pp("position_embeddings"))?,
            types: embedding(c.type_vocab_size, h, e.pp("token_type_embeddings"))?,
            norm: layer_norm(h, c.layer_norm_eps, e.pp("LayerNorm"))?,
            layers,
            heads: c.num_attention_heads,
            head_size: h / c.num_attention_heads,
            act: Act::parse(&c.hidden_act).unwrap_or(Act::Gelu),
        })
    }

    /// Hidden states `(batch, len, hidden)` for token ids, type ids and the
    /// attention mask (all `(batch, len)` u32).
    pub fn forward(&self, ids: &Tensor, types: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, len) = ids.dims2()?;
        let pos: Vec<u32> = (0..len as u32).collect();
        let pos = Tensor::new(pos.as_slice(), ids.device())?;
        let x = (self.words.forward(ids)? + self.types.forward(types)?)?
            .broadcast_add(&self.positions.forward(&pos)?)?;
        let mut x = self.norm.forward(&x)?;
        // Padding gets a large negative bias before the softmax.
        let bias = ((mask.to_dtype(DType::F32)? - 1.0)? * 1e9)?.reshape((b, 1, 1, len))?;
        let split = |t: Tensor| -> Result<Tensor> {
            t.reshape((b, len, self.heads, self.head_size))?
                .transpose(1, 2)?
                .contiguous()
        };
        let scale = 1.0 / (self.head_size as f64).sqrt();
        for l in &self.layers {
            let qkv = l.qkv.forward(&x)?;
            let h = self.heads * self.head_size;
            let q = split(qkv.narrow(D::Minus1, 0, h)?)?;
            let k = split(qkv.narrow(D::Minus1, h, h)?)?;
            let v = split(qkv.narrow(D::Minus1, 2 * h, h)?)?;
            let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(&bias)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let ctx = probs
                .matmul(&v)?
                .transpose(1, 2)?
                .contiguous()?
                .flatten_from(D::Minus2)?;
            let a = l.attn_norm.forward(&(l.attn_out.forward(&ctx)? + &x)?)?;
            let i = self.act.forward(&l.inter.forward(&a)?)?;
            x = l.out_norm.forward(&(l.out.forward(&i)? + &a)?)?;
        }
        Ok(x)
    }
}
