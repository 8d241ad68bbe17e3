//! A linear layer whose weight is stored in panels of [`PANEL`] output
//! rows, each panel's inputs one after the other: `[panel][in][PANEL]`.
//!
//! gemm's f32 kernel walks 16 output rows across every input at a time. In
//! the usual layouts that walk jumps a whole row of the matrix (6 KB for
//! a 1536-wide layer) per input, one fresh page each step; in panels it
//! reads memory in order. Multiplying a short text (a query, a draft's
//! sentence) by the 24 weight matrices of all-MiniLM-L6-v2 took 11–12 ms
//! on two threads through candle's matmul, and 6.4–7 ms on panels (the
//! same matrices and inputs, interleaved; this 2-core VM).
//!
//! Panels only pay for short inputs: gemm packs the input again for every
//! panel, which costs a whole guide's batches (hundreds of rows) a quarter
//! of their throughput. Longer inputs go through candle's matmul on the
//! weight unpacked for the call (a copy of at most a few MB, next to
//! hundreds of milliseconds of arithmetic).

use candle_core::{DType, Result, Tensor};
use candle_nn::Linear;
use rayon::prelude::*;

/// Output rows per panel: the height of gemm's f32 AVX2 micro-kernel
/// (two 8-wide vectors).
const PANEL: usize = 16;

/// Inputs of at most this many rows (tokens over the batch) go through the
/// panels; a 12-word query has about 16.
const PANEL_ROWS: usize = 64;

/// `y = x·Wᵀ + b` with `W` in panels.
pub struct Dense {
    /// `[panel][in][PANEL]`; the last panel is zero-padded.
    panels: Vec<f32>,
    /// One per output (zeros when the layer has none).
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

impl Dense {
    /// Packs a candle linear layer (`weight` is `(out, in)`).
    pub fn new(l: &Linear) -> Result<Dense> {
        let (outputs, inputs) = l.weight().dims2()?;
        let w: Vec<f32> = l.weight().flatten_all()?.to_vec1()?;
        let n_panels = outputs.div_ceil(PANEL);
        let mut panels = vec![0f32; n_panels * inputs * PANEL];
        for (o, row) in w.chunks(inputs).enumerate() {
            let (p, r) = (o / PANEL, o % PANEL);
            let panel = &mut panels[p * inputs * PANEL..(p + 1) * inputs * PANEL];
            for (i, &v) in row.iter().enumerate() {
                panel[i * PANEL + r] = v;
            }
        }
        let bias = match l.bias() {
            Some(b) => b.to_vec1()?,
            None => vec![0f32; outputs],
        };
        if bias.len() != outputs {
            candle_core::bail!("bias of {} for {outputs} outputs", bias.len());
        }
        Ok(Dense {
            panels,
            bias,
            inputs,
            outputs,
        })
    }

    /// `(batch, len, in)` → `(batch, len, out)`. Panels are spread over the
    /// current rayon pool (the embedder's interactive or background pool).
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (b, len, h) = x.dims3()?;
        if h != self.inputs {
            candle_core::bail!("input of width {h} for a layer of {}", self.inputs);
        }
        let rows = b * len;
        if rows == 0 {
            // A tokenizer without special tokens can give an empty text no
            // token at all; there is nothing to multiply.
            return Tensor::zeros((b, len, self.outputs), DType::F32, x.device());
        }
        if rows > PANEL_ROWS {
            return self.forward_unpacked(x, rows);
        }
        let xs: Vec<f32> = x.flatten_all()?.to_vec1()?;
        // Each panel's result, column-major (`[row][PANEL]`): gemm then
        // keeps the panel as the operand it streams.
        let mut out = vec![0f32; self.panels.len() / self.inputs * rows];
        out.par_chunks_mut(PANEL * rows)
            .zip(self.panels.par_chunks(PANEL * self.inputs))
            .for_each(|(dst, panel)| {
                // SAFETY: dst holds PANEL × rows values at (r, j) = j·PANEL + r;
                // panel holds PANEL × inputs at (r, i) = i·PANEL + r; xs holds
                // rows × inputs at (i, j) = j·inputs + i (checked by dims3 and
                // the width test above). gemm reads and writes only those.
                unsafe {
                    gemm::gemm(
                        PANEL,
                        rows,
                        self.inputs,
                        dst.as_mut_ptr(),
                        PANEL as isize,
                        1,
                        false,
                        panel.as_ptr(),
                        PANEL as isize,
                        1,
                        xs.as_ptr(),
                        self.inputs as isize,
                        1,
                        0.0,
                        1.0,
                        false,
                        false,
                        false,
                        gemm::Parallelism::None,
                    )
                }
            });
        let mut y = unpanel(&out, rows, self.outputs);
        for row in y.chunks_mut(self.outputs) {
            row.iter_mut().zip(&self.bias).for_each(|(v, b)| *v += b);
        }
        Tensor::from_vec(y, (b, len, self.outputs), x.device())
    }

    /// Long inputs: `yᵀ = W·xᵀ` through candle, with `W` column-major
    /// (`Wᵀ` contiguous) so gemm streams the weight without repacking it.
    fn forward_unpacked(&self, x: &Tensor, rows: usize) -> Result<Tensor> {
        let (b, len, _) = x.dims3()?;
        let wt = unpanel(&self.panels, self.inputs, self.outputs);
        let wt = Tensor::from_vec(wt, (self.inputs, self.outputs), x.device())?;
        let bias = Tensor::new(self.bias.as_slice(), x.device())?;
        let y = wt
            .t()?
            .matmul(&x.reshape((rows, self.inputs))?.t()?)?
            .t()?
            .broadcast_add(&bias)?;
        y.reshape((b, len, self.outputs))
    }
}

/// `[panel][n][PANEL]` (the last panel padded) → `[n][outputs]`: the
/// weight as `Wᵀ`, or a panelled product as rows of outputs.
fn unpanel(panels: &[f32], n: usize, outputs: usize) -> Vec<f32> {
    let mut flat = vec![0f32; n * outputs];
    for (p, panel) in panels.chunks(PANEL * n).enumerate() {
        let start = p * PANEL;
        let width = PANEL.min(outputs - start);
        for (i, lane) in panel.chunks(PANEL).enumerate() {
            let at = i * outputs + start;
            flat[at..at + width].copy_from_slice(&lane[..width]);
        }
    }
    flat
}

#[cfg(test)]
mod tests {
    use super::Dense;
    use candle_core::{Device, Module, Tensor};
    use candle_nn::Linear;

    /// Both paths must give what candle's own linear layer gives, for
    /// widths that are and are not a multiple of the panel height.
    #[test]
    fn matches_candle_linear() {
        // The last case has more rows than the panels take.
        for (inputs, outputs, rows) in [(8, 16, 1), (5, 37, 3), (24, 48, 7), (6, 21, 40)] {
            let w: Vec<f32> = (0..outputs * inputs)
                .map(|i| ((i * 37) % 17) as f32 / 17.0 - 0.5)
                .collect();
            let b: Vec<f32> = (0..outputs).map(|i| i as f32 / 10.0).collect();
            let x: Vec<f32> = (0..2 * rows * inputs)
                .map(|i| ((i * 13) % 11) as f32 / 11.0 - 0.3)
                .collect();
            let dev = Device::Cpu;
            let lin = Linear::new(
                Tensor::from_vec(w, (outputs, inputs), &dev).expect("w"),
                Some(Tensor::from_vec(b, outputs, &dev).expect("b")),
            );
            let x = Tensor::from_vec(x, (2, rows, inputs), &dev).expect("x");
            let want: Vec<f32> = lin
                .forward(&x)
                .and_then(|t| t.flatten_all())
                .and_then(|t| t.to_vec1())
                .expect("candle");
            let got: Vec<f32> = Dense::new(&lin)
                .and_then(|d| d.forward(&x))
                .and_then(|t| t.flatten_all())
                .and_then(|t| t.to_vec1())
                .expect("panels");
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() < 1e-4, "{g} vs {w} ({inputs}×{outputs})");
            }
            let empty = Tensor::zeros((1, 0, inputs), candle_core::DType::F32, &dev)
                .and_then(|x| Dense::new(&lin).and_then(|d| d.forward(&x)))
                .expect("no rows");
            assert_eq!(empty.dims(), &[1, 0, outputs]);
        }
    }
}
