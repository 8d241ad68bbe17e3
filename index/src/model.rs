//! The guide model: what gloss knows about one study guide.
//!
//! Everything here is derived from the guide's own markdown structure; nothing
//! is specific to one guide's wording. Byte offsets index into `Guide::text`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::span::LineIndex;
pub use crate::span::Span;

/// Index of an item in `Guide::items`.
pub type ItemId = usize;
/// Index of a term in `Guide::terms`.
pub type TermId = usize;
/// Index of an anchor in `Guide::anchors`.
pub type AnchorId = usize;

/// What kind of outline item a heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// The document title (a lone level-1 heading).
    Title,
    /// `## Part N — …`
    Part,
    /// A numbered section: `### 4.3 …`
    Section,
    /// A Q&A: `#### Q5. …`, with the model answer as its body.
    Question,
    /// A numbered exercise such as `#### Scenario 3. …`.
    Scenario,
    /// Any other heading.
    Heading,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Title => "title",
            ItemKind::Part => "part",
            ItemKind::Section => "section",
            ItemKind::Question => "question",
            ItemKind::Scenario => "scenario",
            ItemKind::Heading => "heading",
        }
    }
}

/// One heading of the guide and the text it owns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutlineItem {
    pub kind: ItemKind,
    /// Markdown heading level (1–6).
    pub level: u8,
    /// Heading text without the `#` marks or inline markup, e.g. `Q5. Explain the leader epoch.`
    pub title: String,
    /// Part number (`4`), section number (`4.3`), question number (`5`) or scenario number.
    pub number: Option<String>,
    /// How a reader cites this item: `Part 4`, `§4.3`, `§4.16 Q5`, `§10.2 Scenario 3`.
    pub label: String,
    pub parent: Option<ItemId>,
    /// The enclosing part, if any (a part's own `part` is itself).
    pub part: Option<ItemId>,
    /// The nearest enclosing numbered section (a section's own `section` is itself).
    pub section: Option<ItemId>,
    /// The heading line itself.
    pub heading: Span,
    /// From the heading to the end of its subtree (next heading of the same or higher level).
    pub range: Span,
    /// From after the heading to the next heading of any level.
    pub body: Span,
    /// 0-based line of the heading.
    pub line: u32,
}

/// Where a term's definition was found; earlier variants are stronger evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermOrigin {
    /// A section whose whole heading names the term (`### 6.5 API gateway`).
    SectionHeading,
    /// A glossary bullet or paragraph lead-in (`- ISR (In-Sync Replicas) — …`, `Read repair: …`).
    Glossary,
    /// A "What is X?" / "Explain X." question, defined by its answer's first sentences.
    Question,
    /// A flash-card line (`What's a leader epoch? A monotonic number …`).
    FlashCard,
    /// One topic of a section heading that joins two (`### 4.8 Schema
    /// Registry & Avro`), defined by the section's opening text.
    JoinedHeading,
    /// A definitional sentence in prose (`A poison pill is a message that …`);
    /// only ever a secondary definition of a term found another way.
    Prose,
}

/// A term the guide defines.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Term {
    /// Canonical name as the guide writes it (`ISR`, `fencing token`).
    pub name: String,
    /// Other names: expansions or acronyms (`In-Sync Replicas`), alternative spellings.
    pub aliases: Vec<String>,
    /// Short definition, markdown.
    pub definition: String,
    pub origin: TermOrigin,
    /// Outline item holding the definition.
    pub item: ItemId,
    /// The defining text in the guide.
    pub span: Span,
    /// 0-based line of `span.start`.
    pub line: u32,
    /// Other definitions of the same term elsewhere in the guide (at most a few).
    pub also: Vec<AltDefinition>,
    /// Other places that define or discuss it (Q&As first), excluding `item`.
    pub mentions: Vec<ItemId>,
}

/// A secondary definition of a term (a flash card, a later glossary line).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AltDefinition {
    pub item: ItemId,
    pub line: u32,
    pub origin: TermOrigin,
    pub definition: String,
}

/// One of the user's anchor examples (a personal project answers should tie to).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Anchor {
    /// Name as the cheat sheet heading or anchor map writes it, e.g. `Legacy MQ Microservice (10k+ tx/day)`.
    pub name: String,
    /// Other names found for it (e.g. the anchor map's row label).
    pub aliases: Vec<String>,
    /// The prompts it is meant for ("Use for prompts about …" and the map's second column).
    pub prompts: Vec<String>,
    /// Key metrics and details, in guide order.
    pub details: Vec<String>,
    /// The cheat-sheet heading, when there is one.
    pub item: Option<ItemId>,
    /// Where the anchor is described (cheat-sheet heading, else the map row).
    pub span: Span,
    pub line: u32,
}

/// A parsed study guide.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Guide {
    pub path: PathBuf,
    pub text: String,
    /// blake3 of the text, hex.
    pub hash: String,
    pub lines: LineIndex,
    pub items: Vec<OutlineItem>,
    pub terms: Vec<Term>,
    pub anchors: Vec<Anchor>,
}
