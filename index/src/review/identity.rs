//! Stable card ids.
//!
//! A card's natural id is a hash of its kind and normalised prompt, so it
//! does not change when items are added, moved or renumbered around it. When
//! the prompt is reworded the natural id changes; [`resolve`] then matches
//! the card to a card the log knows (by the prompt recorded with its grades)
//! when the two prompts are similar enough, and the card keeps its history.

use std::collections::{HashMap, HashSet};

use super::cards::Card;
use super::kind::CardKind;

/// Prompts at least this similar are the same card, lightly reworded.
pub const SIMILARITY_THRESHOLD: f64 = 0.7;

/// Lowercase words of the text, markup and punctuation dropped.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

pub fn natural_id(kind: CardKind, key: &str) -> String {
    let hash = blake3::hash(format!("{}\n{key}", kind.as_str()).as_bytes());
    format!("{}-{}", kind.prefix(), &hash.to_hex()[..10])
}

/// Gives each card its natural id; a repeated prompt gets `-2`, `-3`… in
/// guide order.
pub fn assign_natural_ids(cards: &mut [Card]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in cards.iter_mut() {
        let id = natural_id(c.kind, &c.key);
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        c.id = if *n == 1 { id } else { format!("{id}-{n}") };
    }
}

/// Similarity of two normalised prompts in [0, 1]: the better of a word-level
/// edit similarity (one word changed in eight is 0.875) and a character
/// bigram overlap (tolerates changed word forms).
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    let words = 1.0 - edit_distance(&wa, &wb) as f64 / wa.len().max(wb.len()).max(1) as f64;
    words.max(bigram_dice(a, b))
}

fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(x != y);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn bigram_dice(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        let mut g: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    // Multiset intersection of two sorted lists.
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

/// A card the log knows: its kind and the last prompt graded under its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCard {
    pub kind: Option<CardKind>,
    pub key: Option<String>,
}

/// Rewrites card ids to the log's ids: an exact natural-id match first, then
/// the most similar unclaimed known prompt of the same kind. Returns the
/// known ids no card claims (stale: their item is gone), sorted.
pub fn resolve(cards: &mut [Card], known: &HashMap<String, KnownCard>) -> Vec<String> {
    let mut claimed: HashSet<String> = HashSet::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in cards.iter().enumerate() {
        if known.contains_key(&c.id) {
            claimed.insert(c.id.clone());
        } else {
            open.push(i);
        }
    }
    let candidates: Vec<(&String, CardKind, &str)> = known
        .iter()
        .filter(|(id, _)| !claimed.contains(*id))
        .filter_map(|(id, k)| Some((id, k.kind?, k.key.as_deref()?)))
        .collect();
    if !candidates.is_empty() && !open.is_empty() {
        let mut pairs: Vec<(f64, usize, &String)> = Vec::new();
        for &i in &open {
            let c = &cards[i];
            for &(id, kind, key) in &candidates {
                if kind != c.kind {
                    continue;
                }
                let (la, lb) = (c.key.len(), key.len());
                if la.min(lb) * 2 < la.max(lb) {
                    continue;
                }
                let s = similarity(&c.key, key);
                if s >= SIMILARITY_THRESHOLD {
                    pairs.push((s, i, id));
                }
            }
        }
        // Best pairs first; ties broken by guide order then id, so the
        // outcome is deterministic.
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
        let mut taken: HashSet<usize> = HashSet::new();
        for (_, i, id) in pairs {
            if taken.contains(&i) || claimed.contains(id) {
                continue;
            }
            taken.insert(i);
            claimed.insert(id.clone());
            cards[i].id = id.clone();
        }
    }
    let mut stale: Vec<String> = known
        .keys()
        .filter(|id| !claimed.contains(*id))
        .cloned()
        .collect();
    stale.sort();
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_compares() {
        assert_eq!(
            normalise("What's a **WAL**, really?"),
            "what s a wal really"
        );
        let a = normalise("Why does a database write to the WAL before the data pages?");
        let b = normalise("Why does a database write to the log before the data pages?");
        assert!(similarity(&a, &b) >= SIMILARITY_THRESHOLD);
        let c = normalise("How would you size the block cache?");
        assert!(similarity(&a, &c) < SIMILARITY_THRESHOLD);
        assert_eq!(edit_distance(&["a", "b"], &["a", "c", "b"]), 1);
    }
}
