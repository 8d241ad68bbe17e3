//! Review mode over LSP: `gloss.review.next|grade|show|stats` and the
//! "due today" / "next review in 5 d · 4 reviews" lens on each Q&A heading.
//!
//! The deck (cards plus the schedule replayed from the log) is cached and
//! rebuilt only when the library, the review settings or the log file (its
//! length or mtime) change, so a lens request costs a `stat` and lookups.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use gloss_index::config::Workspace;
use gloss_index::review::deck::Filter;
use gloss_index::review::{clock, CardKind, CardState, Deck, Grade, ReviewConfig, ReviewLog};
use gloss_index::{Guide, GuideId, Library};
use serde_json::{json, Value};
use tower_lsp::lsp_types::{CodeLens, Command, Url};

use super::position::{line_range, Encoding};
use super::state::{lock, State};

pub const NEXT: &str = "gloss.review.next";
pub const GRADE: &str = "gloss.review.grade";
pub const SHOW: &str = "gloss.review.show";
pub const STATS: &str = "gloss.review.stats";
pub const COMMANDS: [&str; 4] = [NEXT, GRADE, SHOW, STATS];

/// What a cached deck was built from.
#[derive(PartialEq)]
struct Key {
    root: PathBuf,
    guides: Vec<(PathBuf, String)>,
    config: ReviewConfig,
    log: Option<(u64, SystemTime)>,
}

type Cached = Option<(Key, Arc<Mutex<Deck>>)>;

/// One deck per server process (one workspace root).
static DECK: Mutex<Cached> = Mutex::new(None);

fn key(ws: &Workspace, lib: &Library) -> Key {
    let log = ReviewLog::at_root(&ws.root);
    Key {
        root: ws.root.clone(),
        guides: lib
            .guides
            .iter()
            .map(|g| (g.guide.path.clone(), g.guide.hash.clone()))
            .collect(),
        config: ws.review.clone(),
        log: std::fs::metadata(&log.path)
            .ok()
            .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH))),
    }
}

/// The current deck, rebuilt when its inputs changed.
pub fn deck(state: &State, lib: &Library) -> Result<Arc<Mutex<Deck>>, String> {
    let ws = state
        .workspace()
        .ok_or("gloss: the workspace is not loaded yet")?;
    let k = key(&ws, lib);
    let mut cached = lock(&DECK);
    if let Some((ck, d)) = cached.as_ref() {
        if *ck == k {
            return Ok(Arc::clone(d));
        }
    }
    let guides: Vec<&Guide> = lib.guides.iter().map(|g| &g.guide).collect();
    let deck = Deck::open(&guides, &ws.root, ws.review.clone()).map_err(|e| e.to_string())?;
    for w in &deck.warnings {
        tracing::warn!("{w}");
    }
    let d = Arc::new(Mutex::new(deck));
    *cached = Some((k, Arc::clone(&d)));
    Ok(d)
}

fn invalidate() {
    *lock(&DECK) = None;
}

fn with_uri(mut v: Value) -> Value {
    let uri = v["source"]["path"]
        .as_str()
        .and_then(|p| Url::from_file_path(p).ok());
    if let (Some(uri), Some(src)) = (uri, v.get_mut("source").and_then(Value::as_object_mut)) {
        src.insert("uri".into(), json!(uri));
    }
    v
}

fn parse_filter(args: &[Value]) -> Result<Filter, String> {
    let Some(o) = args.first().and_then(Value::as_object) else {
        return Ok(Filter::default());
    };
    let kind = match o.get("kind") {
        None | Some(Value::Null) => None,
        Some(Value::String(k)) => Some(k.parse::<CardKind>().map_err(|e| e.to_string())?),
        Some(_) => return Err(format!("{NEXT}: `kind` must be a string")),
    };
    let part = match o.get("part") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err(format!("{NEXT}: `part` must be a string or number")),
    };
    Ok(Filter { kind, part })
}

/// `[{"card", "grade"}]` or `["card", "grade"]`.
fn parse_grade(args: &[Value]) -> Result<(String, Grade), String> {
    let usage =
        || format!("{GRADE} expects [{{\"card\": id, \"grade\": \"again|hard|good|easy\"}}]");
    let (card, grade) = match args.first() {
        Some(Value::Object(o)) => (o.get("card").cloned(), o.get("grade").cloned()),
        Some(Value::String(_)) => (args.first().cloned(), args.get(1).cloned()),
        _ => return Err(usage()),
    };
    let card = card
        .and_then(|c| c.as_str().map(str::to_string))
        .ok_or_else(usage)?;
    let grade = match grade {
        Some(Value::String(g)) => g.parse::<Grade>().map_err(|e| e.to_string())?,
        Some(Value::Number(n)) => n.to_string().parse::<Grade>().map_err(|e| e.to_string())?,
        _ => return Err(usage()),
    };
    Ok((card, grade))
}

/// Runs one of [`COMMANDS`] (blocking: call from a blocking task).
pub fn execute(
    state: &State,
    lib: &Library,
    command: &str,
    args: &[Value],
) -> Result<Value, String> {
    let now = clock::now().map_err(|e| e.to_string())?;
    let deck = deck(state, lib)?;
    match command {
        NEXT => {
            let f = parse_filter(args)?;
            let d = lock(&deck);
            Ok(d.next(now, &f)
                .map_or(Value::Null, |c| with_uri(d.card_json(c))))
        }
        GRADE => {
            let (card, grade) = parse_grade(args)?;
            let result = {
                let mut d = lock(&deck);
                d.grade(&card, grade, now).map_err(|e| e.to_string())?;
                d.show_json(&card).map(with_uri).unwrap_or(Value::Null)
            };
            // The log changed; the next request replays it (and sees any
            // grades other processes appended meanwhile).
            invalidate();
            Ok(result)
        }
        SHOW => {
            let card = args
                .first()
                .and_then(|v| v.as_str().or_else(|| v.get("card").and_then(Value::as_str)))
                .ok_or(format!("{SHOW} expects [card id]"))?;
            let d = lock(&deck);
            d.show_json(card)
                .map(with_uri)
                .ok_or_else(|| format!("no card `{card}` in the guide or the review log"))
        }
        STATS => serde_json::to_value(lock(&deck).stats(now)).map_err(|e| e.to_string()),
        other => Err(format!("unknown command `{other}`")),
    }
}

/// The lens title for a card's schedule.
pub fn lens_title(st: Option<&CardState>, now: DateTime<Utc>) -> String {
    let Some(st) = st else {
        return "review: new".to_string();
    };
    let reviews = match st.reviews {
        1 => "1 review".to_string(),
        n => format!("{n} reviews"),
    };
    let due = st.due();
    if due <= now || due.date_naive() == now.date_naive() {
        return format!("due today · {reviews}");
    }
    let secs = (due - now).num_seconds();
    let when = if secs >= 86_400 {
        format!("{} d", (secs + 43_200) / 86_400)
    } else if secs >= 3_600 {
        format!("{} h", secs / 3_600)
    } else {
        format!("{} min", (secs / 60).max(1))
    };
    format!("next review in {when} · {reviews}")
}

/// A review lens on each Q&A heading of a guide that has a card.
pub fn code_lenses(state: &State, lib: &Library, gid: GuideId, enc: Encoding) -> Vec<CodeLens> {
    let Some(g) = lib.guide(gid) else {
        return Vec::new();
    };
    let Ok(deck) = deck(state, lib) else {
        return Vec::new();
    };
    let Ok(now) = clock::now() else {
        return Vec::new();
    };
    let d = lock(&deck);
    let by_item = d.cards_by_item(&g.guide.path);
    g.guide
        .questions()
        .filter_map(|(id, it)| {
            let card = by_item.get(&id)?;
            Some(CodeLens {
                range: line_range(&g.guide.text, &g.guide.lines, it.line, enc),
                command: Some(Command {
                    title: lens_title(d.state(&card.id), now),
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_arguments() {
        assert_eq!(
            parse_grade(&[json!({"card": "q-1", "grade": "good"})]).unwrap(),
            ("q-1".to_string(), Grade::Good)
        );
        assert_eq!(
            parse_grade(&[json!("q-1"), json!(1)]).unwrap(),
            ("q-1".to_string(), Grade::Again)
        );
        assert!(parse_grade(&[json!({"card": "q-1", "grade": "meh"})]).is_err());
        assert!(parse_grade(&[]).is_err());
        let f = parse_filter(&[json!({"kind": "flash", "part": 4})]).unwrap();
        assert_eq!(
            (f.kind, f.part.as_deref()),
            (Some(CardKind::Flash), Some("4"))
        );
        assert!(parse_filter(&[json!({"kind": "nope"})]).is_err());
    }
}
