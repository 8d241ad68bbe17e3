//! gloss-bench: the `lsp-bench` harness.
//!
//! * [`lsp`] drives any LSP server over stdio with one fixed script (spawn,
//!   initialize, open a note, wait for the first non-null hover, then timed
//!   hover / definition / workspace-symbol / unknown-method loops) and reports
//!   latency percentiles and peak RSS.
//! * [`gen`] writes benchmark workspaces: the guide, `gloss.toml` and notes of
//!   generated text that mention the guide's terms (chosen from the parsed
//!   guide at run time), link to each other with `[[wiki]]` and `[md](x.md)`
//!   links, and cite guide sections.
//! * [`compare`] turns repeated runs of gloss and a peer into the
//!   side-by-side table with gloss's targets.
//! * [`scale`] measures index build time and memory for N concatenated
//!   copies of a guide.

pub mod alloc;
pub mod compare;
pub mod gen;
pub mod lsp;
pub mod procfs;
pub mod rng;
pub mod scale;
pub mod stats;
