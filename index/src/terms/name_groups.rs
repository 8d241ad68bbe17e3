//! Candidates that share a name key, directly or through another
//! candidate, name one term: union-find over their keys. The extraction
//! (`merge`) and the line scan (`skimmed`) group the same way, so the skim
//! places a term where the index does.

use std::collections::HashMap;

/// For each candidate, the first (lowest-index) candidate of its group.
/// `keys[i]` holds candidate `i`'s name keys; empty keys link nothing.
pub(super) fn group_roots(keys: &[Vec<String>]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, ks) in keys.iter().enumerate() {
        for k in ks.iter().filter(|k| !k.is_empty()) {
            match by_key.get(k.as_str()) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    // The earlier candidate stays the root.
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    by_key.insert(k, i);
                }
            }
        }
    }
    (0..keys.len()).map(|i| root(&mut parent, i)).collect()
}

fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::group_roots;

    fn keys(names: &[&[&str]]) -> Vec<Vec<String>> {
        names
            .iter()
            .map(|ns| ns.iter().map(|n| n.to_string()).collect())
            .collect()
    }

    #[test]
    fn links_through_a_shared_alias_to_the_first() {
        // 1–2 share "raft", 0–2 share "quorum": one group, rooted at 0.
        let k = keys(&[&["quorum"], &["raft"], &["raft", "quorum"], &["gossip"]]);
        assert_eq!(group_roots(&k), vec![0, 0, 0, 3]);
    }

    #[test]
    fn empty_keys_link_nothing() {
        let k = keys(&[&[""], &[""], &["wal", ""]]);
        assert_eq!(group_roots(&k), vec![0, 1, 2]);
    }
}
