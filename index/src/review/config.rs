//! The `[review]` table of `gloss.toml` (or `{"review": {…}}` from an editor).
//!
//! ```toml
//! [review]
//! kinds = ["question", "flash", "scenario"]   # add "term" for term cards
//! new_per_day = 20
//! retention = 0.9
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::kind::CardKind;

pub const DEFAULT_NEW_PER_DAY: u32 = 20;
pub const DEFAULT_RETENTION: f64 = 0.9;
const KNOWN_KEYS: [&str; 3] = ["kinds", "new_per_day", "retention"];

/// Review settings; `None` means "not set here" so layers can be merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewConfig {
    pub kinds: Option<Vec<CardKind>>,
    pub new_per_day: Option<u32>,
    pub retention: Option<f64>,
}

// Retention is validated to a finite number in (0, 1), so equality is total.
impl Eq for ReviewConfig {}

impl ReviewConfig {
    pub fn kinds(&self) -> Vec<CardKind> {
        self.kinds
            .clone()
            .unwrap_or_else(|| CardKind::DEFAULT.to_vec())
    }
    pub fn new_per_day(&self) -> u32 {
        self.new_per_day.unwrap_or(DEFAULT_NEW_PER_DAY)
    }
    pub fn retention(&self) -> f64 {
        self.retention.unwrap_or(DEFAULT_RETENTION)
    }

    /// Keys set here override those of `base`.
    pub fn or(self, base: ReviewConfig) -> ReviewConfig {
        ReviewConfig {
            kinds: self.kinds.or(base.kinds),
            new_per_day: self.new_per_day.or(base.new_per_day),
            retention: self.retention.or(base.retention),
        }
    }

    /// Reads the `review` table; unknown keys become warnings, wrong types errors.
    pub fn from_json(
        value: &Value,
        source: &str,
        warnings: &mut Vec<String>,
    ) -> Result<ReviewConfig, String> {
        let Some(obj) = value.as_object() else {
            return Err(format!("{source}: `review` must be a table"));
        };
        for key in obj.keys() {
            if !KNOWN_KEYS.contains(&key.as_str()) {
                warnings.push(format!(
                    "{source}: unknown key `review.{key}` ignored (known keys: {})",
                    KNOWN_KEYS.join(", ")
                ));
            }
        }
        let kinds = match obj.get("kinds") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .ok_or_else(|| {
                                format!("{source}: `review.kinds` must be a list of strings")
                            })?
                            .parse::<CardKind>()
                            .map_err(|e| format!("{source}: review.kinds: {e}"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(_) => {
                return Err(format!(
                    "{source}: `review.kinds` must be a list of strings"
                ))
            }
        };
        let new_per_day =
            match obj.get("new_per_day") {
                None | Some(Value::Null) => None,
                Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(
                    || format!("{source}: `review.new_per_day` must be a non-negative integer"),
                )?),
            };
        let retention = match obj.get("retention") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_f64()
                    .filter(|r| r.is_finite() && *r > 0.0 && *r < 1.0)
                    .ok_or_else(|| {
                        format!("{source}: `review.retention` must be a number between 0 and 1")
                    })?,
            ),
        };
        Ok(ReviewConfig {
            kinds,
            new_per_day,
            retention,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_validates() {
        let mut w = Vec::new();
        let c = ReviewConfig::from_json(
            &json!({"kinds": ["question", "term"], "new_per_day": 5, "colour": 1}),
            "t",
            &mut w,
        )
        .unwrap();
        assert_eq!(c.kinds(), vec![CardKind::Question, CardKind::Term]);
        assert_eq!(c.new_per_day(), 5);
        assert_eq!(c.retention(), DEFAULT_RETENTION);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("review.colour"));
        for bad in [
            json!({"retention": 1.5}),
            json!({"kinds": ["bogus"]}),
            json!({"new_per_day": -1}),
            json!(3),
        ] {
            assert!(ReviewConfig::from_json(&bad, "t", &mut w).is_err(), "{bad}");
        }
    }
}
