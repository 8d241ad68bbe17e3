//! Numbered section headings that name a topic (`### 6.5 API gateway`).

use super::definition::{finish_definition, opening_text};
use super::names::{plausible_name, split_outside_parens, split_parens, strip_article};
use super::Candidate;
use crate::model::{Guide, ItemId, TermOrigin};
use crate::text::is_acronym;

/// A numbered section whose heading is a noun phrase defines that phrase by
/// its opening paragraph: `### 6.5 API gateway`, `### 1.3 CAP theorem — stated precisely`.
/// A heading joining two topics (`### 4.8 Schema Registry & Avro`) names
/// both, but only parts that read as names on their own: several words, or
/// an acronym (`Controller & KRaft` yields `KRaft`, `Time & ordering` nothing).
pub(super) fn section_term(guide: &Guide, id: ItemId) -> Vec<Candidate> {
    let item = &guide.items[id];
    let Some(number) = item.number.as_deref() else {
        return Vec::new();
    };
    let Some(names) = section_names(&item.title, number) else {
        return Vec::new();
    };
    let Some(def) = opening_text(guide, item.body) else {
        return Vec::new();
    };
    let definition = finish_definition(&def);
    match names {
        SectionNames::Synonyms(synonyms) => vec![Candidate {
            names: synonyms.iter().map(|w| w.to_string()).collect(),
            definition,
            origin: TermOrigin::SectionHeading,
            span: item.heading,
            item: Some(id),
        }],
        SectionNames::Topics { names, joined } => names
            .into_iter()
            .map(|name| Candidate {
                names: vec![name.to_string()],
                definition: definition.clone(),
                // A joined heading's opening text may be about the other topic.
                origin: if joined {
                    TermOrigin::JoinedHeading
                } else {
                    TermOrigin::SectionHeading
                },
                span: item.heading,
                item: Some(id),
            })
            .collect(),
    }
}

/// The names a numbered section heading gives, before its body is read.
pub(super) enum SectionNames<'a> {
    /// `Partitioning / sharding`: one topic under several one-word names.
    Synonyms(Vec<&'a str>),
    /// One topic, or two joined by `&` (each then a term of its own).
    Topics { names: Vec<&'a str>, joined: bool },
}

impl SectionNames<'_> {
    pub fn all(&self) -> &[&str] {
        match self {
            SectionNames::Synonyms(names) | SectionNames::Topics { names, .. } => names,
        }
    }
}

/// The names in a section's `title` after its `number`; `None` when the
/// heading does not read as naming a topic.
pub(super) fn section_names<'a>(title: &'a str, number: &str) -> Option<SectionNames<'a>> {
    let title = title.strip_prefix(number)?;
    let title = title.trim_start_matches('.').trim();
    let title = title.split(" — ").next().unwrap_or(title);
    let title = title.split(" – ").next().unwrap_or(title);
    let title = title.split(": ").next().unwrap_or(title);
    let synonyms: Vec<&str> = title.split(" / ").map(str::trim).collect();
    if synonyms.len() > 1 {
        let all_words = synonyms
            .iter()
            .all(|w| w.split_whitespace().count() == 1 && plausible_name(w));
        return all_words.then_some(SectionNames::Synonyms(synonyms));
    }
    let conjoined = title.contains([',', '/']) || title.contains(" vs") || title.contains(" and ");
    if conjoined || title.contains("Q&A") {
        return None;
    }
    let parts = split_outside_parens(title, " & ");
    let joined = parts.len() > 1;
    let names: Vec<&str> = parts
        .into_iter()
        .map(|p| strip_article(split_parens(p).0.trim()))
        .filter(|p| plausible_name(p) && !p.contains('&'))
        .filter(|p| !joined || p.split_whitespace().count() >= 2 || is_acronym(p))
        .collect();
    Some(SectionNames::Topics { names, joined })
}
