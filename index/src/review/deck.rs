//! A workspace's deck: the guides' cards with their stable ids, the log and
//! the schedule replayed from it. What the CLI and the server call.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::cards::{self, Card};
use super::clock;
use super::config::ReviewConfig;
use super::identity;
use super::kind::{CardKind, Grade};
use super::log::{LogEntry, ReviewLog};
use super::schedule::{CardState, Schedule};

use super::ReviewError;
use crate::model::{Guide, ItemId};

/// Which cards `next` may pick.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<CardKind>,
    /// A part number as the guide writes it (`4`, `IV`).
    pub part: Option<String>,
}

impl Filter {
    fn accepts(&self, c: &Card) -> bool {
        self.kind.is_none_or(|k| k == c.kind)
            && self.part.as_deref().is_none_or(|p| {
                c.source
                    .part
                    .as_deref()
                    .is_some_and(|cp| cp.eq_ignore_ascii_case(p))
            })
    }
}

pub struct Deck {
    pub cards: Vec<Card>,
    /// Ids in the log whose item is gone from the guide (kinds under review only).
    pub stale: Vec<String>,
    pub schedule: Schedule,
    pub config: ReviewConfig,
    pub log: ReviewLog,
    /// Corrupt log lines that were skipped.
    pub warnings: Vec<String>,
    by_id: HashMap<String, usize>,
}

impl Deck {
    /// Cards of `guides` (of the configured kinds) against the log at `root`.
    pub fn open(guides: &[&Guide], root: &Path, config: ReviewConfig) -> Result<Deck, ReviewError> {
        let kinds = config.kinds();
        let cards: Vec<Card> = guides
            .iter()
            .flat_map(|g| cards::extract(g, &kinds))
            .collect();
        Self::with_cards(cards, ReviewLog::at_root(root), config)
    }

    pub fn with_cards(
        mut cards: Vec<Card>,
        log: ReviewLog,
        config: ReviewConfig,
    ) -> Result<Deck, ReviewError> {
        let (schedule, warnings) = super::snapshot::load(&log, config.retention())?;
        let kinds = config.kinds();
        let mut stale = identity::resolve(&mut cards, &schedule.known());
        stale.retain(|id| CardKind::from_prefix(id).is_none_or(|k| kinds.contains(&k)));
        let by_id = cards
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        Ok(Deck {
            cards,
            stale,
            schedule,
            config,
            log,
            warnings,
            by_id,
        })
    }

    pub fn card(&self, id: &str) -> Option<&Card> {
        self.by_id.get(id).map(|&i| &self.cards[i])
    }

    pub fn state(&self, id: &str) -> Option<&CardState> {
        self.schedule.get(id)
    }

    /// The card made from an outline item (a Q&A or scenario heading).
    pub fn card_for_item(&self, path: &Path, item: ItemId) -> Option<&Card> {
        self.cards.iter().find(|c| {
            c.source.item == item
                && c.kind != CardKind::Flash
                && c.kind != CardKind::Term
                && c.source.path == path
        })
    }

    /// New cards started today (UTC).
    pub fn new_today(&self, now: DateTime<Utc>) -> u32 {
        self.schedule
            .new_by_day
            .get(&now.date_naive())
            .copied()
            .unwrap_or(0)
    }

    /// The next card to review: the most overdue card due now, else the first
    /// unseen card in guide order while today's new-card allowance lasts.
    pub fn next(&self, now: DateTime<Utc>, filter: &Filter) -> Option<&Card> {
        let mut best: Option<(&Card, DateTime<Utc>)> = None;
        for c in self.cards.iter().filter(|c| filter.accepts(c)) {
            if let Some(st) = self.state(&c.id) {
                let due = st.due();
                if due <= now && best.is_none_or(|(_, d)| due < d) {
                    best = Some((c, due));
                }
            }
        }
        if let Some((c, _)) = best {
            return Some(c);
        }
        if self.new_today(now) >= self.config.new_per_day() {
            return None;
        }
        self.cards
            .iter()
            .filter(|c| filter.accepts(c))
            .find(|c| self.state(&c.id).is_none())
    }

    /// Records a grade for a card of the guide or a stale card of the log.
    pub fn grade(
        &mut self,
        id: &str,
        grade: Grade,
        now: DateTime<Utc>,
    ) -> Result<&CardState, ReviewError> {
        let known = self.schedule.get(id);
        let prompt = match (self.card(id), known) {
            (Some(c), Some(st)) if st.prompt.as_deref() == Some(c.key.as_str()) => None,
            (Some(c), _) => Some(c.key.clone()),
            (None, Some(_)) => None,
            (None, None) => return Err(ReviewError::UnknownCard(id.to_string())),
        };
        let entry = LogEntry {
            card: id.to_string(),
            at: now,
            grade,
            prompt,
        };
        self.log.append(&entry)?;
        self.schedule.apply(&entry);
        self.schedule
            .get(id)
            .ok_or_else(|| ReviewError::UnknownCard(id.to_string()))
    }

    /// `{card, kind, front, back, source: {path, line, label}, due, state}`;
    /// `line` is 1-based, `due` null for a card never reviewed.
    pub fn card_json(&self, c: &Card) -> Value {
        let st = self.state(&c.id);
        json!({
            "card": c.id,
            "kind": c.kind,
            "front": c.front,
            "back": c.back,
            "source": {
                "path": c.source.path.display().to_string(),
                "line": c.source.line + 1,
                "label": c.source.label,
            },
            "due": st.map(|s| clock::format(s.due())),
            "state": st.map_or("new", CardState::state_name),
        })
    }

    /// A card (current or stale) with its history and next due time.
    pub fn show_json(&self, id: &str) -> Option<Value> {
        // The history is read from the log itself (it is not kept in memory).
        let mut entries = self.log.read().map(|r| r.entries).unwrap_or_default();
        entries.retain(|e| e.card == id);
        entries.sort_by_key(|e| e.at);
        let history: Vec<Value> = entries
            .iter()
            .map(|e| json!({"at": clock::format(e.at), "grade": e.grade}))
            .collect();
        let st = self.state(id);
        let mut v = match self.card(id) {
            Some(c) => self.card_json(c),
            None => {
                let st = st?;
                json!({
                    "card": id,
                    "kind": CardKind::from_prefix(id),
                    "front": st.prompt,
                    "back": null,
                    "source": null,
                    "due": clock::format(st.due()),
                    "state": st.state_name(),
                })
            }
        };
        if let Some(o) = v.as_object_mut() {
            o.insert("stale".into(), json!(self.card(id).is_none()));
            o.insert("reviews".into(), json!(history.len()));
            o.insert("history".into(), Value::Array(history));
            if let Some(st) = st {
                o.insert("stability".into(), json!(st.fsrs.stability));
                o.insert("difficulty".into(), json!(st.fsrs.difficulty));
            }
        }
        Some(v)
    }
}

impl Deck {
    /// The Q&A and scenario cards of one guide by outline item (for lenses).
    pub fn cards_by_item(&self, path: &Path) -> HashMap<ItemId, &Card> {
        self.cards
            .iter()
            .filter(|c| {
                matches!(c.kind, CardKind::Question | CardKind::Scenario) && c.source.path == path
            })
            .map(|c| (c.source.item, c))
            .collect()
    }
}
