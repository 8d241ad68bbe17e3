//! `workspace/executeCommand`: `gloss.search` and `gloss.showModelAnswer`.

use gloss_index::{GuideId, Hit, KindFilter, Library};
use serde_json::{json, Value};
use tower_lsp::lsp_types::{Location, Position, Range, Url};

use super::definition::{heading_location, term_location};
use super::position::Encoding;

pub const SEARCH: &str = "gloss.search";
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 500;

#[derive(Debug, Clone, PartialEq)]
pub struct SearchArgs {
    pub query: String,
    pub kind: KindFilter,
    pub limit: usize,
}

/// Parses `[{"query", "kind"?, "limit"?}]` or `["query"]`.
pub fn parse_search_args(args: &[Value]) -> Result<SearchArgs, String> {
    let first = args
        .first()
        .ok_or("gloss.search expects one argument: {\"query\": …} or a query string")?;
    match first {
        Value::String(q) => Ok(SearchArgs {
            query: q.clone(),
            kind: KindFilter::Any,
            limit: DEFAULT_LIMIT,
        }),
        Value::Object(o) => {
            let query = o
                .get("query")
                .and_then(Value::as_str)
                .ok_or("gloss.search: `query` must be a string")?
                .to_string();
            let kind = match o.get("kind") {
                None | Some(Value::Null) => KindFilter::Any,
                Some(Value::String(k)) => k.parse::<KindFilter>()?,
                Some(_) => return Err("gloss.search: `kind` must be a string".into()),
            };
            let limit = match o.get("limit") {
                None | Some(Value::Null) => DEFAULT_LIMIT,
                Some(v) => {
                    let n = v
                        .as_u64()
                        .or_else(|| {
                            v.as_f64()
                                .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                                .map(|f| f as u64)
                        })
                        .ok_or("gloss.search: `limit` must be a non-negative integer")?;
                    (n as usize).min(MAX_LIMIT)
                }
            };
            Ok(SearchArgs { query, kind, limit })
        }
        _ => Err("gloss.search: argument must be an object or a string".into()),
    }
}

/// Runs a search and maps hits to the `gloss.search` result shape: hybrid
/// when `embedder` is given (every guide embedded), else lexical.
pub fn search(
    lib: &Library,
    args: &SearchArgs,
    embedder: Option<&gloss_index::embed::Embedder>,
    enc: Encoding,
) -> Result<Value, String> {
    if args.query.trim().is_empty() || args.limit == 0 {
        return Ok(json!([]));
    }
    let hits = lib
        .search_semantic(&args.query, args.kind, args.limit, embedder)
        .map_err(|e| e.to_string())?;
    let out: Vec<Value> = hits
        .into_iter()
        .filter_map(|(gid, h)| hit_json(lib, gid, h, enc))
        .collect();
    Ok(Value::Array(out))
}

/// One hit in the `gloss.search` (and `gloss.related`) result shape.
pub fn hit_json(lib: &Library, gid: GuideId, h: Hit, enc: Encoding) -> Option<Value> {
    let loc = match h.term {
        Some(t) => term_location(lib, gid, t, enc),
        None => heading_location(lib, gid, h.item, enc),
    }?;
    Some(json!({
        "title": h.title,
        "kind": h.kind,
        "label": h.label,
        "uri": loc.uri,
        "range": loc.range,
        "line": h.line + 1,
        "score": h.score,
        "snippet": h.snippet,
    }))
}

/// `gloss.showModelAnswer` arguments: `[uri, line]` (0-based line) or a Location.
pub fn parse_location_args(args: &[Value]) -> Result<Location, String> {
    if let Some(loc) = args
        .first()
        .and_then(|v| serde_json::from_value::<Location>(v.clone()).ok())
    {
        return Ok(loc);
    }
    let uri = args
        .first()
        .and_then(Value::as_str)
        .and_then(|s| Url::parse(s).ok())
        .ok_or("gloss.showModelAnswer expects [uri, line]")?;
    let line = args
        .get(1)
        .and_then(Value::as_u64)
        .ok_or("gloss.showModelAnswer expects [uri, line]")? as u32;
    Ok(Location::new(
        uri,
        Range::new(Position::new(line, 0), Position::new(line, 0)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_argument_shapes() {
        let a = parse_search_args(&[json!("wal")]).unwrap();
        assert_eq!(a.query, "wal");
        let a = parse_search_args(&[json!({"query": "x", "kind": "term", "limit": 3})]).unwrap();
        assert_eq!((a.kind, a.limit), (KindFilter::Term, 3));
        assert!(parse_search_args(&[]).is_err());
        assert!(parse_search_args(&[json!(3)]).is_err());
        assert!(parse_search_args(&[json!({"query": 1})]).is_err());
        assert!(parse_search_args(&[json!({"query": "x", "kind": "bogus"})]).is_err());
        assert!(parse_search_args(&[json!({"query": "x", "limit": -1})]).is_err());
    }
}
