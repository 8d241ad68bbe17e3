//! Coverage rescoring: BM25 sums evidence per word, so a document matching
//! one query word very well (say, in its heading) can beat one that
//! matches every word the user typed. We multiply each candidate's score by
//! the idf-weighted fraction of query concepts it contains anywhere (the
//! classic Lucene `coord` factor, weighted by how informative each word
//! is).

use std::collections::{HashMap, HashSet};

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Score, Searcher, Term, TERMINATED};

use super::query::Concept;
use super::schema::Fields;

/// How strongly missing concepts are punished: score × coverage^EXPONENT.
pub const COVERAGE_EXPONENT: f32 = 1.0;

/// Documents containing `stem` in any searchable field.
fn docs_with(
    searcher: &Searcher,
    fields: &Fields,
    stem: &str,
) -> tantivy::Result<HashSet<DocAddress>> {
    let mut out = HashSet::new();
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        // A concept's definition borrowed from elsewhere adds score but not
        // coverage: the document itself must still contain the query's words.
        for (field, _) in fields
            .weighted()
            .into_iter()
            .filter(|(f, _)| *f != fields.defs)
        {
            let inv = seg.inverted_index(field)?;
            let term = Term::from_field_text(field, stem);
            if let Some(mut postings) = inv.read_postings(&term, IndexRecordOption::Basic)? {
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    out.insert(DocAddress::new(ord as u32, doc));
                    doc = postings.advance();
                }
            }
        }
    }
    Ok(out)
}

fn idf(n: u64, df: u64) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Rescores `top` by concept coverage, best first.
pub fn rescore(
    searcher: &Searcher,
    fields: &Fields,
    concepts: &[Concept],
    top: &mut [(Score, DocAddress)],
) -> tantivy::Result<()> {
    if concepts.len() < 2 {
        return Ok(());
    }
    let mut sets: HashMap<&str, HashSet<DocAddress>> = HashMap::new();
    for c in concepts {
        for s in c.stems.iter().chain(c.names.iter().flatten()) {
            if !sets.contains_key(s.as_str()) {
                sets.insert(s, docs_with(searcher, fields, s)?);
            }
        }
    }
    let n = searcher.num_docs();
    let has = |s: &String, d: &DocAddress| sets.get(s.as_str()).is_some_and(|set| set.contains(d));
    let weights: Vec<f32> = concepts
        .iter()
        .map(|c| {
            let df = c
                .stems
                .iter()
                .filter_map(|s| sets.get(s.as_str()).map(HashSet::len))
                .max()
                .unwrap_or(0);
            if df == 0 {
                0.0 // nothing can satisfy it: it does not discriminate
            } else {
                idf(n, df as u64)
            }
        })
        .collect();
    let total: f32 = weights.iter().sum();
    if total <= 0.0 {
        return Ok(());
    }
    for (score, addr) in top.iter_mut() {
        let got: f32 = concepts
            .iter()
            .zip(&weights)
            .filter(|(c, _)| {
                c.stems.iter().any(|s| has(s, addr))
                    || c.names.iter().any(|name| name.iter().all(|s| has(s, addr)))
            })
            .map(|(_, w)| w)
            .sum();
        *score *= (got / total).powf(COVERAGE_EXPONENT);
    }
    top.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(())
}
