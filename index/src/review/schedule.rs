//! The schedule, derived by replaying the log through FSRS (`rs-fsrs`).
//! Replaying the same log always gives the same schedule: grades are
//! applied per card in time order (log order for equal times), and FSRS
//! itself is deterministic (no fuzz).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rs_fsrs::{Parameters, State, FSRS};
use serde::{Deserialize, Serialize};

use super::identity::KnownCard;
use super::kind::{CardKind, Grade};
use super::log::LogEntry;

/// What the log says about one card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardState {
    pub fsrs: rs_fsrs::Card,
    pub reviews: u32,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub last_grade: Grade,
    /// The last normalised prompt recorded with its grades.
    pub prompt: Option<String>,
}

impl CardState {
    pub fn due(&self) -> DateTime<Utc> {
        self.fsrs.due
    }
    pub fn state_name(&self) -> &'static str {
        state_name(self.fsrs.state)
    }
    pub fn is_learning(&self) -> bool {
        matches!(self.fsrs.state, State::Learning | State::Relearning)
    }
}

fn fsrs(retention: f64) -> FSRS {
    FSRS::new(Parameters {
        request_retention: retention,
        ..Parameters::default()
    })
}

pub fn state_name(s: State) -> &'static str {
    match s {
        State::New => "new",
        State::Learning => "learning",
        State::Review => "review",
        State::Relearning => "relearning",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Schedule {
    /// Rebuilt from the retention setting after loading a snapshot.
    #[serde(skip)]
    fsrs: FSRS,
    pub cards: HashMap<String, CardState>,
    /// Grades per UTC day.
    pub reviews_by_day: BTreeMap<NaiveDate, u32>,
    /// Cards seen for the first time, per UTC day (the new-card limit).
    pub new_by_day: BTreeMap<NaiveDate, u32>,
    /// Reviews of cards in the review state, and how many were recalled
    /// (not Again): the measured retention.
    pub mature_reviews: u32,
    pub mature_recalled: u32,
    pub grades: usize,
    /// The latest grade time applied (a snapshot can only be extended by
    /// grades at or after it without changing the replay order).
    pub latest: Option<DateTime<Utc>>,
}

impl Schedule {
    pub fn new(retention: f64) -> Schedule {
        Schedule {
            fsrs: fsrs(retention),
            latest: None,
            cards: HashMap::new(),
            reviews_by_day: BTreeMap::new(),
            new_by_day: BTreeMap::new(),
            mature_reviews: 0,
            mature_recalled: 0,
            grades: 0,
        }
    }

    /// Restores the scheduler after deserialisation.
    pub fn with_retention(mut self, retention: f64) -> Schedule {
        self.fsrs = fsrs(retention);
        self
    }

    /// Replays a whole log.
    pub fn replay(entries: &[LogEntry], retention: f64) -> Schedule {
        let mut s = Schedule::new(retention);
        let sorted = entries.windows(2).all(|w| w[0].at <= w[1].at);
        if sorted {
            for e in entries {
                s.apply(e);
            }
        } else {
            let mut order: Vec<&LogEntry> = entries.iter().collect();
            order.sort_by_key(|e| e.at);
            for e in order {
                s.apply(e);
            }
        }
        s
    }

    /// Applies one grade. A grade older than the card's last one (a merged
    /// log) is applied at the card's last review time.
    pub fn apply(&mut self, e: &LogEntry) {
        self.grades += 1;
        self.latest = self.latest.max(Some(e.at));
        *self.reviews_by_day.entry(e.at.date_naive()).or_default() += 1;
        let fsrs = &self.fsrs;
        let mut first_time = false;
        let st = self.cards.entry(e.card.clone()).or_insert_with(|| {
            first_time = true;
            CardState {
                fsrs: rs_fsrs::Card {
                    due: e.at,
                    last_review: e.at,
                    ..rs_fsrs::Card::default()
                },
                reviews: 0,
                first: e.at,
                last: e.at,
                last_grade: e.grade,
                prompt: None,
            }
        });
        if first_time {
            *self.new_by_day.entry(e.at.date_naive()).or_default() += 1;
        }
        if st.fsrs.state == State::Review {
            self.mature_reviews += 1;
            if e.grade != Grade::Again {
                self.mature_recalled += 1;
            }
        }
        let at = e.at.max(st.last);
        st.fsrs = fsrs.next(st.fsrs.clone(), at, e.grade.rating()).card;
        st.reviews += 1;
        st.last = at;
        st.last_grade = e.grade;
        if e.prompt.is_some() {
            st.prompt.clone_from(&e.prompt);
        }
    }

    pub fn get(&self, id: &str) -> Option<&CardState> {
        self.cards.get(id)
    }

    /// The cards the log knows, for identity matching.
    pub fn known(&self) -> HashMap<String, KnownCard> {
        self.cards
            .iter()
            .map(|(id, st)| {
                (
                    id.clone(),
                    KnownCard {
                        kind: CardKind::from_prefix(id),
                        key: st.prompt.clone(),
                    },
                )
            })
            .collect()
    }

    /// Measured retention (recalled / reviews of mature cards), if any.
    pub fn measured_retention(&self) -> Option<f64> {
        (self.mature_reviews > 0)
            .then(|| f64::from(self.mature_recalled) / f64::from(self.mature_reviews))
    }
}
