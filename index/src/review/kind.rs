//! What a card is made from, and the four grades.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ReviewError;

/// Which part of the guide a card comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// A Q&A: the question, then its model answer.
    Question,
    /// A flash-card list item: its prompt, then the rest.
    Flash,
    /// A scenario / exercise: its prompt, then its resolution.
    Scenario,
    /// A defined term: its name, then the definition (off by default).
    Term,
}

impl CardKind {
    pub const ALL: [CardKind; 4] = [
        CardKind::Question,
        CardKind::Flash,
        CardKind::Scenario,
        CardKind::Term,
    ];
    /// The kinds reviewed when `review.kinds` is not set.
    pub const DEFAULT: [CardKind; 3] = [CardKind::Question, CardKind::Flash, CardKind::Scenario];

    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Question => "question",
            CardKind::Flash => "flash",
            CardKind::Scenario => "scenario",
            CardKind::Term => "term",
        }
    }

    /// One letter starting each card id of this kind (`q-…`).
    pub fn prefix(self) -> char {
        match self {
            CardKind::Question => 'q',
            CardKind::Flash => 'f',
            CardKind::Scenario => 's',
            CardKind::Term => 't',
        }
    }

    pub fn from_prefix(id: &str) -> Option<CardKind> {
        let mut chars = id.chars();
        let c = chars.next()?;
        (chars.next() == Some('-')).then_some(())?;
        CardKind::ALL.into_iter().find(|k| k.prefix() == c)
    }
}

impl fmt::Display for CardKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CardKind {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let lower = lower.trim_end_matches('s');
        match lower {
            "question" | "qa" | "q&a" => Ok(CardKind::Question),
            "flash" | "flashcard" | "flash-card" | "card" => Ok(CardKind::Flash),
            "scenario" => Ok(CardKind::Scenario),
            "term" => Ok(CardKind::Term),
            _ => Err(ReviewError::Invalid {
                what: "card kind",
                value: s.to_string(),
                expected: "question, flash, scenario or term".into(),
            }),
        }
    }
}

/// How well the answer was recalled (Anki's four buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Again => "again",
            Grade::Hard => "hard",
            Grade::Good => "good",
            Grade::Easy => "easy",
        }
    }

    pub fn rating(self) -> rs_fsrs::Rating {
        match self {
            Grade::Again => rs_fsrs::Rating::Again,
            Grade::Hard => rs_fsrs::Rating::Hard,
            Grade::Good => rs_fsrs::Rating::Good,
            Grade::Easy => rs_fsrs::Rating::Easy,
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Grade {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "again" | "1" => Ok(Grade::Again),
            "hard" | "2" => Ok(Grade::Hard),
            "good" | "3" => Ok(Grade::Good),
            "easy" | "4" => Ok(Grade::Easy),
            _ => Err(ReviewError::Invalid {
                what: "grade",
                value: s.to_string(),
                expected: "again, hard, good or easy (or 1–4)".into(),
            }),
        }
    }
}
