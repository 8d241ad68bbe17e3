//! Review mode: spaced repetition of the guide's own Q&As, flash cards,
//! scenarios and (optionally) terms.
//!
//! - [`cards`] turns a guide's structure into cards (no markup added by the user);
//! - [`identity`] gives each card an id that survives edits around it and
//!   light rewording, by matching against the cards the log already knows;
//! - [`log`] is the append-only `.gloss/reviews.jsonl` history;
//! - [`schedule`] replays the log through FSRS (the `rs-fsrs` crate);
//! - [`deck`] ties them together: next card, grade, show, stats.

pub mod cards;
pub mod clock;
pub mod config;
pub mod deck;
pub mod flash;
pub mod identity;
pub mod kind;
pub mod log;
pub mod schedule;
pub mod snapshot;
pub mod stats;

pub use cards::{Card, CardSource};
pub use config::ReviewConfig;
pub use deck::Deck;
pub use kind::{CardKind, Grade};
pub use log::{LogEntry, ReviewLog};
pub use schedule::{CardState, Schedule};
pub use stats::Stats;

use std::path::PathBuf;

/// Where the history lives, relative to the workspace root.
pub const LOG_FILE: &str = ".gloss/reviews.jsonl";

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{value}` is not a valid {what}; expected {expected}")]
    Invalid {
        what: &'static str,
        value: String,
        expected: String,
    },
    #[error("no card `{0}` in the guide or the review log")]
    UnknownCard(String),
}
