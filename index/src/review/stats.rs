//! Deck statistics: what is due, how much is new, learning or in review,
//! per kind, today's reviews and the retention measured from the log.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::deck::Deck;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KindStats {
    pub total: usize,
    pub due: usize,
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Reviewed cards due now.
    pub due: usize,
    /// Cards never reviewed.
    pub new: usize,
    /// New cards still allowed today (`review.new_per_day` minus those started).
    pub new_today: usize,
    /// Learning and relearning cards.
    pub learning: usize,
    pub review: usize,
    pub total: usize,
    pub by_kind: BTreeMap<String, KindStats>,
    pub reviews_today: u32,
    pub reviews_total: usize,
    /// Share of reviews of mature cards not graded Again; null before any.
    pub retention: Option<f64>,
    pub retention_target: f64,
    pub stale: usize,
    pub stale_cards: Vec<String>,
    /// Log lines skipped as corrupt.
    pub skipped_lines: usize,
}

impl Deck {
    pub fn stats(&self, now: DateTime<Utc>) -> Stats {
        let mut s = Stats {
            total: self.cards.len(),
            reviews_today: self
                .schedule
                .reviews_by_day
                .get(&now.date_naive())
                .copied()
                .unwrap_or(0),
            reviews_total: self.schedule.grades,
            retention: self.schedule.measured_retention(),
            retention_target: self.config.retention(),
            stale: self.stale.len(),
            stale_cards: self.stale.clone(),
            skipped_lines: self.warnings.len(),
            ..Stats::default()
        };
        for c in &self.cards {
            let k = s.by_kind.entry(c.kind.as_str().to_string()).or_default();
            k.total += 1;
            match self.state(&c.id) {
                None => {
                    k.new += 1;
                    s.new += 1;
                }
                Some(st) => {
                    if st.due() <= now {
                        k.due += 1;
                        s.due += 1;
                    }
                    if st.is_learning() {
                        k.learning += 1;
                        s.learning += 1;
                    } else {
                        k.review += 1;
                        s.review += 1;
                    }
                }
            }
        }
        let allowance = self
            .config
            .new_per_day()
            .saturating_sub(self.new_today(now)) as usize;
        s.new_today = allowance.min(s.new);
        s
    }
}
