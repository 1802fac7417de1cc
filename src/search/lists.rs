//! The lists of a search's keys as loaded so far ([`Lists`]): a whole list, or a split list
//! ([`Split`]) with its title positions, its newest block and the older blocks loaded, newest
//! first. The engine in the worker and the tests load blocks through it and ask
//! [`crate::search::query::evaluate_partial`] what the loaded lists tell.

use std::collections::HashMap;

use super::index::{Entry, Postings, Split};
use super::query::Known;

/// One key's list as loaded.
#[derive(Debug, Clone)]
struct KeyList {
    /// The split list's directory (`None`: the list is whole).
    split: Option<Split>,
    /// How many of the split list's older blocks are loaded (the newest ones).
    loaded: usize,
    /// The loaded blocks, newest first.
    blocks: Vec<Postings>,
    /// Everything loaded, as one list.
    merged: Postings,
}

impl KeyList {
    fn merge(&mut self) {
        if let Some(split) = &self.split {
            // The blocks are newest first, over disjoint ranges of documents.
            let mut parts: Vec<&Postings> = self.blocks.iter().rev().collect();
            parts.push(&split.body);
            let body = Postings::concat(&parts);
            self.merged = match &split.title {
                Some(title) => title.merge(&body),
                None => body,
            };
        }
    }

    /// The first document from which the body positions are all loaded.
    fn from(&self) -> u32 {
        match &self.split {
            None => 0,
            Some(s) if self.loaded == s.older.len() => 0,
            Some(s) => {
                let lowest = match self.loaded {
                    0 => s.newest,
                    n => s.older[n - 1].0,
                };
                lowest.saturating_mul(s.span)
            }
        }
    }
}

/// The lists loaded, by key.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    keys: HashMap<String, KeyList>,
}

impl Lists {
    /// Whether `key`'s entry is in.
    pub fn has(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    /// Adds a key's entry, read from its shard.
    pub fn insert(&mut self, key: String, entry: Entry) {
        let mut list = match entry {
            Entry::Whole(p) => KeyList {
                split: None,
                loaded: 0,
                blocks: Vec::new(),
                merged: p,
            },
            Entry::Split(s) => KeyList {
                split: Some(s),
                loaded: 0,
                blocks: Vec::new(),
                merged: Postings::default(),
            },
        };
        list.merge();
        self.keys.insert(key, list);
    }

    /// Everything loaded of `key`'s list.
    pub fn postings(&self, key: &str) -> Option<&Postings> {
        self.keys.get(key).map(|l| &l.merged)
    }

    /// What is known of `key`'s list (for a key in no document: all of it).
    pub fn known(&self, key: &str) -> Known {
        self.keys.get(key).map_or(Known::default(), |l| Known {
            from: l.from(),
            titles: l.split.as_ref().is_none_or(|s| s.title.is_some()),
        })
    }

    /// The first document from which `key`'s positions are all loaded (0: the whole list; also
    /// for a key that is in no document).
    pub fn from(&self, key: &str) -> u32 {
        self.keys.get(key).map_or(0, KeyList::from)
    }

    /// The blocks to load next, as (key, block name): for each of `keys` whose loaded part
    /// starts highest, its next `n` older blocks (every block not loaded with `n` = `usize::MAX`).
    pub fn next(&self, keys: &[String], n: usize) -> Vec<(String, u64)> {
        let lo = keys.iter().map(|k| self.from(k)).max().unwrap_or(0);
        let mut out = Vec::new();
        if lo == 0 {
            return out;
        }
        for (i, key) in keys.iter().enumerate() {
            let Some(list) = self.keys.get(key) else {
                continue;
            };
            if keys[..i].contains(key) || (list.from() < lo && n != usize::MAX) {
                continue;
            }
            if let Some(split) = &list.split {
                for (_, name) in split.older.iter().skip(list.loaded).take(n) {
                    out.push((key.clone(), *name));
                }
            }
        }
        // In order: a key's blocks newest first, as `add_blocks` takes them.
        out
    }

    /// Adds a loaded block of `key`'s list; blocks are taken in the order [`Lists::next`] names
    /// them (a block out of turn is ignored).
    pub fn add_block(&mut self, key: &str, name: u64, block: Postings) {
        self.add_blocks(vec![(key.to_string(), name, block)]);
    }

    /// Adds loaded blocks, as (key, name, postings) in the order [`Lists::next`] names them,
    /// merging each key's list once.
    pub fn add_blocks(&mut self, blocks: Vec<(String, u64, Postings)>) {
        let mut touched: Vec<String> = Vec::new();
        for (key, name, block) in blocks {
            let Some(list) = self.keys.get_mut(&key) else {
                continue;
            };
            let next = list
                .split
                .as_ref()
                .and_then(|s| s.older.get(list.loaded))
                .map(|b| b.1);
            if next == Some(name) {
                list.loaded += 1;
                list.blocks.push(block);
                if !touched.contains(&key) {
                    touched.push(key);
                }
            }
        }
        for key in touched {
            if let Some(list) = self.keys.get_mut(&key) {
                list.merge();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_load_newest_first() {
        let title = Postings::from_pairs(&[(1, vec![3]), (9, vec![0])]);
        let split = Split {
            title: Some(title),
            span: 4,
            older: vec![(1, 11), (0, 10)],
            newest: 2,
            body: Postings::from_pairs(&[(9, vec![2000])]),
        };
        let mut lists = Lists::default();
        lists.insert("a b".into(), Entry::Split(split));
        lists.insert(
            "c".into(),
            Entry::Whole(Postings::from_pairs(&[(2, vec![5])])),
        );
        let keys = vec!["a b".to_string(), "c".to_string()];
        assert_eq!(lists.from("a b"), 8);
        assert_eq!(lists.from("c"), 0);
        assert_eq!(
            lists.postings("a b").unwrap().to_pairs(),
            vec![(1, vec![3]), (9, vec![0, 2000])]
        );
        assert_eq!(lists.next(&keys, 1), vec![("a b".into(), 11)]);
        // Newest first, whatever the names; a key named twice counts once.
        let twice = vec!["a b".to_string(), "a b".to_string()];
        assert_eq!(
            lists.next(&twice, 2),
            vec![("a b".into(), 11), ("a b".into(), 10)]
        );
        // Out of turn: ignored.
        lists.add_block("a b", 10, Postings::from_pairs(&[(1, vec![1500])]));
        assert_eq!(lists.from("a b"), 8);
        lists.add_block("a b", 11, Postings::from_pairs(&[(5, vec![1100])]));
        assert_eq!(lists.from("a b"), 4);
        lists.add_block("a b", 10, Postings::from_pairs(&[(1, vec![1500])]));
        assert_eq!(lists.from("a b"), 0);
        assert!(lists.next(&keys, usize::MAX).is_empty());
        assert_eq!(
            lists.postings("a b").unwrap().to_pairs(),
            vec![(1, vec![3, 1500]), (5, vec![1100]), (9, vec![0, 2000])]
        );
    }
}
