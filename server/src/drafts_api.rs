//! The answer-draft analysis API the server codes against.
//!
//! With the `drafts` feature this re-exports `gloss_index::drafts`; without
//! it (until that module lands) a stub with the same shape reports nothing.

#[cfg(feature = "drafts")]
pub use gloss_index::drafts::{
    answers, check_draft, DiagnosticKind, DraftAnswer, DraftDiagnostic, QuickFix, Severity,
};

#[cfg(not(feature = "drafts"))]
pub use stub::*;

#[cfg(not(feature = "drafts"))]
mod stub {
    #![allow(dead_code)]
    use gloss_index::{AnchorId, GuideId, ItemId, Library, Span};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DiagnosticKind {
        MissingAnchor,
        UnknownQuestion,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Severity {
        Warning,
        Information,
    }

    #[derive(Debug, Clone)]
    pub struct QuickFix {
        pub offset: usize,
        pub text: String,
        pub title: String,
    }

    #[derive(Debug, Clone)]
    pub struct DraftDiagnostic {
        pub kind: DiagnosticKind,
        pub span: Span,
        pub message: String,
        pub severity: Severity,
        pub question: Option<(GuideId, ItemId)>,
        pub recommended: Vec<(GuideId, AnchorId)>,
        pub candidates: Vec<(GuideId, ItemId)>,
        pub fix: Option<QuickFix>,
    }

    impl DraftDiagnostic {
        pub fn code(&self) -> &str {
            match self.kind {
                DiagnosticKind::MissingAnchor => "missing-anchor",
                DiagnosticKind::UnknownQuestion => "unknown-question",
            }
        }
    }

    pub fn check_draft(_lib: &Library, _text: &str) -> Vec<DraftDiagnostic> {
        Vec::new()
    }
}
