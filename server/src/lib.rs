//! gloss: the CLI and language server over `gloss-index`.

pub mod check;
pub mod cli;
pub mod framing;
pub mod lsp;
pub mod review;
pub mod semantic;
