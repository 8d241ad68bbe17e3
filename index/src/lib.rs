//! gloss-index: the knowledge behind gloss.
//!
//! Parses markdown study guides with tree-sitter-md into a [`Guide`] model
//! (outline, terms, anchor examples), resolves references such as `§4.3` or
//! `Part 4 Q5`, and indexes guides with tantivy for ranked search. No LSP or
//! async runtime here: the server crate is a thin protocol layer over this.

pub mod anchors;
pub mod block_lines;
pub mod cache;
pub mod config;
pub mod derived;
pub mod drafts;
pub mod embed;
pub mod error;
pub mod guide;
pub mod hybrid;
pub mod library;
pub mod links;
pub mod mentioned;
pub mod model;
pub mod notes;
pub mod outline;
pub mod parse;
pub mod refs;
pub mod review;
pub mod search;
pub mod skim;
pub mod span;
pub mod terms;
pub mod text;

pub use error::Error;
pub use library::{GuideId, Library, LoadedGuide};
pub use model::*;
pub use refs::{RefMatch, Reference};
pub use search::{Hit, KindFilter, SearchIndex};
pub use terms::{TermMatch, TermMatcher};
