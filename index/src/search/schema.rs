//! The index layout: fields, analyzers and the documents built from a guide.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TextAnalyzerBuilder, TokenizerManager,
};
use tantivy::TantivyDocument;

use crate::model::{Guide, ItemKind, Term};
use crate::terms::TermMatcher;
use crate::text::phrase_key;

/// Bumped whenever fields, analyzers or document contents change, so a
/// persisted index built by an older gloss is rebuilt.
pub const SCHEMA_VERSION: u32 = 3;

/// Name under which the stemming analyzer is registered on every index.
pub const ANALYZER: &str = "gloss_en";

/// Word analysis shared by indexing and querying: split on anything that is
/// not a letter or digit, drop absurdly long tokens, lowercase, fold
/// accents (`naïve` → `naive`).
fn base() -> TextAnalyzerBuilder {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic()
}

/// `base` plus English (Porter2) stemming: the analyzer of every text field.
pub fn stem_analyzer() -> TextAnalyzer {
    base()
        .filter_dynamic(Stemmer::new(Language::English))
        .build()
}

/// `base` without stemming: the surface forms used for stop words and
/// spelling correction. Yields exactly the tokens `stem_analyzer` yields,
/// in the same order (stemming never drops a token).
pub fn plain_analyzer() -> TextAnalyzer {
    base().build()
}

pub fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(ANALYZER, stem_analyzer());
    manager
}

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `question`, `section`, … or `term` (raw string, for filtering).
    pub kind: Field,
    /// Outline item id (for a term: the item holding its definition).
    pub item: Field,
    /// Term id, only on term documents.
    pub term: Field,
    /// Heading text without its number; for a term, its name and aliases.
    pub title: Field,
    /// Names and aliases of the terms the title mentions.
    pub aliases: Field,
    /// The item's own text; for a term, its definitions.
    pub body: Field,
    /// Definitions, from elsewhere in the guide, of the terms the heading
    /// names: a query that describes a concept finds the Q&A about it.
    pub defs: Field,
    /// Headings of the enclosing part and section.
    pub context: Field,
}

impl Fields {
    /// The text fields a query word is looked up in, with their boosts.
    pub fn weighted(&self) -> [(Field, f32); 5] {
        [
            (self.title, TITLE_BOOST),
            (self.aliases, ALIASES_BOOST),
            (self.body, BODY_BOOST),
            (self.defs, DEFS_BOOST),
            (self.context, CONTEXT_BOOST),
        ]
    }
}

/// A word of the heading is the strongest evidence that an item is *about*
/// it: the heading is the question being asked.
pub const TITLE_BOOST: f32 = 2.0;
/// Other names of concepts named in the heading: about-ness by proxy.
pub const ALIASES_BOOST: f32 = 1.5;
/// A mention in the text: the baseline.
pub const BODY_BOOST: f32 = 1.0;
/// The named concepts' definitions: about-ness by proxy, below the item's own text.
pub const DEFS_BOOST: f32 = 0.5;
/// Words of the enclosing part/section heading: weak topical prior.
pub const CONTEXT_BOOST: f32 = 0.4;

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(record),
        )
    };
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let id = NumericOptions::default().set_stored().set_fast();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING),
        item: b.add_u64_field("item", id.clone()),
        term: b.add_u64_field("term", id),
        title: b.add_text_field("title", text(positions)),
        aliases: b.add_text_field("aliases", text(positions)),
        body: b.add_text_field("body", text(positions)),
        defs: b.add_text_field("defs", text(positions)),
        context: b.add_text_field("context", text(IndexRecordOption::WithFreqs)),
    };
    (b.build(), fields)
}

/// Looks up the fields of an opened index, failing on a foreign schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    Ok(Fields {
        kind: schema.get_field("kind")?,
        item: schema.get_field("item")?,
        term: schema.get_field("term")?,
        title: schema.get_field("title")?,
        aliases: schema.get_field("aliases")?,
        body: schema.get_field("body")?,
        defs: schema.get_field("defs")?,
        context: schema.get_field("context")?,
    })
}

pub use crate::outline::strip_number;

/// One document per outline item with text and one per term.
pub fn documents(guide: &Guide, matcher: &TermMatcher, f: &Fields) -> Vec<TantivyDocument> {
    let mut docs = Vec::with_capacity(guide.items.len() + guide.terms.len());
    for (id, it) in guide.items.iter().enumerate() {
        let title = strip_number(it);
        let body = guide.slice(it.body).trim();
        if title.trim().is_empty() && body.is_empty() {
            continue;
        }
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, it.kind.as_str());
        doc.add_u64(f.item, id as u64);
        doc.add_text(f.title, title);
        let aliases = title_aliases(guide, matcher, &it.title);
        if !aliases.is_empty() {
            doc.add_text(f.aliases, aliases);
        }
        if !body.is_empty() {
            doc.add_text(f.body, body);
        }
        if matches!(it.kind, ItemKind::Question | ItemKind::Scenario) {
            let defs = title_definitions(guide, matcher, id, &it.title);
            if !defs.is_empty() {
                doc.add_text(f.defs, defs);
            }
        }
        let context = context_of(guide, id);
        if !context.is_empty() {
            doc.add_text(f.context, context);
        }
        docs.push(doc);
    }
    for (tid, t) in guide.terms.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, "term");
        doc.add_u64(f.item, t.item as u64);
        doc.add_u64(f.term, tid as u64);
        let mut title = t.name.clone();
        for a in &t.aliases {
            title.push_str(" \n ");
            title.push_str(a);
        }
        doc.add_text(f.title, title);
        let mut body = t.definition.clone();
        for alt in &t.also {
            body.push_str("\n\n");
            body.push_str(&alt.definition);
        }
        doc.add_text(f.body, body);
        if let Some(it) = guide.items.get(t.item) {
            doc.add_text(f.context, strip_number(it));
        }
        docs.push(doc);
    }
    docs
}

/// The terms a heading names, each once, with the text that named it.
fn heading_terms<'a>(
    guide: &'a Guide,
    matcher: &TermMatcher,
    heading: &'a str,
) -> Vec<(&'a Term, &'a str)> {
    let mut out: Vec<(&Term, &str)> = Vec::new();
    let mut seen = Vec::new();
    for m in matcher.scan(heading) {
        if seen.contains(&m.term) {
            continue;
        }
        seen.push(m.term);
        if let Some(term) = guide.terms.get(m.term) {
            out.push((term, heading.get(m.span.start..m.span.end).unwrap_or("")));
        }
    }
    out
}

/// Names and aliases of the terms a heading mentions, except the very form
/// the heading uses (that one is already in the title field).
fn title_aliases(guide: &Guide, matcher: &TermMatcher, heading: &str) -> String {
    let mut out = String::new();
    for (term, used) in heading_terms(guide, matcher, heading) {
        let used = phrase_key(used);
        for name in std::iter::once(&term.name).chain(&term.aliases) {
            if phrase_key(name) != used {
                // A line break between names keeps phrase queries from
                // matching across two of them.
                out.push_str(name);
                out.push_str(" \n ");
            }
        }
    }
    out
}

/// Definitions of the terms a heading names, except those taken from the
/// item itself (its own text is already its body).
fn title_definitions(guide: &Guide, matcher: &TermMatcher, id: usize, heading: &str) -> String {
    let mut out = String::new();
    for (term, _) in heading_terms(guide, matcher, heading) {
        let primary = std::iter::once((term.item, term.definition.as_str()));
        let others = term.also.iter().map(|a| (a.item, a.definition.as_str()));
        for (item, def) in primary.chain(others) {
            if item != id {
                out.push_str(def);
                out.push_str(" \n ");
            }
        }
    }
    out
}

/// Headings of the part and section around an item (not the item itself).
fn context_of(guide: &Guide, id: usize) -> String {
    let Some(it) = guide.items.get(id) else {
        return String::new();
    };
    let mut out = String::new();
    for anc in [it.part, it.section].into_iter().flatten() {
        if anc == id {
            continue;
        }
        if let Some(a) = guide.items.get(anc) {
            if a.kind == ItemKind::Part || a.kind == ItemKind::Section {
                out.push_str(strip_number(a));
                out.push_str(" \n ");
            }
        }
    }
    out
}
