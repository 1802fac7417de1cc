//! Related notices: at most [`MAX_RELATED`], those sharing the most keywords first, then those
//! of the same channel, newest first; never the notice itself.
//!
//! Notices are numbered by rank (0 = newest, as in the `all` list). A keyword index maps each
//! keyword to the ranks that carry it, in rank order, also split by channel. No notice is
//! compared with every other one:
//!
//! 1. A notice sharing two or more keywords with notice X is in the posting list of at least one
//!    of X's keywords other than the one with the longest list. So those lists are counted (in a
//!    per-thread array of counters), and each rank found is looked up (binary search) in the
//!    longest list: exact scores for every candidate sharing two or more keywords.
//! 2. If that gives fewer than five, candidates sharing exactly one keyword follow: the newest of
//!    X's channel first, read from the front of the (keyword, channel) lists, then the newest of
//!    the other channels, the same way. Only as many entries as are missing are read.
//! 3. Still short: the newest notices of X's channel.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

/// How many related notices a notice gets.
pub const MAX_RELATED: usize = 5;

/// The keyword index.
#[derive(Debug, Default)]
pub struct KeywordIndex {
    /// Keyword number → ranks carrying it, ascending.
    postings: Vec<Vec<u32>>,
    /// (keyword number, channel number) → ranks, ascending.
    by_channel: HashMap<(u32, u32), Vec<u32>>,
    /// Each notice's keyword numbers, sorted and without duplicates.
    keywords: Vec<Vec<u32>>,
    /// Each notice's channel number.
    channels: Vec<u32>,
    /// Each channel's ranks, ascending.
    channel_ranks: Vec<Vec<u32>>,
}

impl KeywordIndex {
    /// Builds the index from the notices in rank order: (channel number, keywords).
    pub fn new<'a, I>(notices: I, channel_count: usize) -> Self
    where
        I: IntoIterator<Item = (u32, &'a [String])>,
    {
        let mut numbers: HashMap<&'a str, u32> = HashMap::new();
        let mut index = KeywordIndex {
            channel_ranks: vec![Vec::new(); channel_count],
            ..KeywordIndex::default()
        };
        for (rank, (channel, words)) in notices.into_iter().enumerate() {
            let rank = rank as u32;
            let mut ids: Vec<u32> = words
                .iter()
                .map(|w| {
                    let next = numbers.len() as u32;
                    *numbers.entry(w.as_str()).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            for &k in &ids {
                if k as usize == index.postings.len() {
                    index.postings.push(Vec::new());
                }
                index.postings[k as usize].push(rank);
                index.by_channel.entry((k, channel)).or_default().push(rank);
            }
            index.keywords.push(ids);
            index.channels.push(channel);
            index.channel_ranks[channel as usize].push(rank);
        }
        index
    }

    /// Every notice sharing two or more keywords with `x`: (score, same channel, rank).
    fn shared_twice(&self, x: u32) -> Vec<(u32, bool, u32)> {
        thread_local! {
            /// Per-rank counters, all zero between calls.
            static COUNTS: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
        }
        let me = x as usize;
        let mut lists: Vec<&[u32]> = self.keywords[me]
            .iter()
            .map(|&k| self.postings[k as usize].as_slice())
            .collect();
        if lists.len() < 2 {
            return Vec::new();
        }
        let longest = (0..lists.len())
            .max_by_key(|&i| (lists[i].len(), Reverse(i)))
            .unwrap_or(0);
        let long = lists.swap_remove(longest);
        COUNTS.with(|cell| {
            let mut counts = cell.borrow_mut();
            if counts.len() < self.channels.len() {
                counts.resize(self.channels.len(), 0);
            }
            let mut touched: Vec<u32> = Vec::new();
            for list in &lists {
                for &r in *list {
                    let c = &mut counts[r as usize];
                    if *c == 0 {
                        touched.push(r);
                    }
                    *c = c.saturating_add(1);
                }
            }
            let mut found = Vec::new();
            for r in touched {
                let mut count = u32::from(std::mem::take(&mut counts[r as usize]));
                if long.binary_search(&r).is_ok() {
                    count += 1;
                }
                if count >= 2 && r != x {
                    let same = self.channels[r as usize] == self.channels[me];
                    found.push((count, same, r));
                }
            }
            found
        })
    }

    /// Up to `need` of the newest ranks of `channel` carrying one of `keywords`, skipping
    /// `skip`, ascending.
    fn newest_sharing(
        &self,
        keywords: &[u32],
        channel: u32,
        need: usize,
        skip: &HashSet<u32>,
    ) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for &k in keywords {
            if let Some(list) = self.by_channel.get(&(k, channel)) {
                out.extend(list.iter().filter(|r| !skip.contains(r)).take(need));
            }
        }
        out.sort_unstable();
        out.dedup();
        out.truncate(need);
        out
    }

    /// The ranks of the notices related to the notice of rank `x`, best first.
    pub fn related(&self, x: u32) -> Vec<u32> {
        let me = x as usize;
        let channel = self.channels[me];
        let key = |c: &(u32, bool, u32)| (Reverse(c.0), Reverse(c.1), c.2);
        let mut twice = self.shared_twice(x);
        twice.sort_by_key(key);
        let mut best: Vec<u32> = twice.iter().take(MAX_RELATED).map(|c| c.2).collect();
        if best.len() == MAX_RELATED {
            return best;
        }
        // Sharing one keyword: those sharing two are skipped (all already chosen), and so is x.
        let mut skip: HashSet<u32> = twice.iter().map(|c| c.2).collect();
        skip.insert(x);
        let keywords = &self.keywords[me];
        let need = MAX_RELATED - best.len();
        let same = self.newest_sharing(keywords, channel, need, &skip);
        best.extend(&same);
        skip.extend(same);
        if best.len() < MAX_RELATED {
            let need = MAX_RELATED - best.len();
            let mut others: Vec<u32> = (0..self.channel_ranks.len() as u32)
                .filter(|&c| c != channel)
                .flat_map(|c| self.newest_sharing(keywords, c, need, &skip))
                .collect();
            others.sort_unstable();
            others.truncate(need);
            best.extend(&others);
            skip.extend(others);
        }
        for &rank in &self.channel_ranks[channel as usize] {
            if best.len() >= MAX_RELATED {
                break;
            }
            if !skip.contains(&rank) {
                best.push(rank);
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// The ranking by brute force, for comparison.
    fn brute(notices: &[(u32, Vec<String>)], x: usize) -> Vec<u32> {
        let mut all: Vec<(u32, bool, u32)> = Vec::new();
        for (r, (c, k)) in notices.iter().enumerate() {
            if r == x {
                continue;
            }
            let mine: std::collections::BTreeSet<_> = notices[x].1.iter().collect();
            let theirs: std::collections::BTreeSet<_> = k.iter().collect();
            let score = mine.intersection(&theirs).count() as u32;
            let same = *c == notices[x].0;
            if score > 0 || same {
                all.push((score, same, r as u32));
            }
        }
        all.sort_by_key(|c| (Reverse(c.0), Reverse(c.1), c.2));
        all.into_iter().take(MAX_RELATED).map(|c| c.2).collect()
    }

    #[test]
    fn shared_keywords_first_then_channel_then_newest() {
        let notices = vec![
            (0, words(&["a"])),           // 0
            (1, words(&["a", "b"])),      // 1
            (0, words(&[])),              // 2
            (1, words(&["a", "b", "c"])), // 3
            (0, words(&["b", "a"])),      // 4: the notice under test
            (0, words(&["c"])),           // 5
            (1, words(&["a"])),           // 6
            (0, words(&[])),              // 7
        ];
        let index = KeywordIndex::new(notices.iter().map(|(c, k)| (*c, k.as_slice())), 2);
        // Sharing two: 1 and 3 (newest first); sharing one: 0 (same channel) before 6.
        // Then the same channel's newest: 2.
        assert_eq!(index.related(4), vec![1, 3, 0, 6, 2]);
        assert_eq!(index.related(4), brute(&notices, 4));
        for x in 0..notices.len() {
            let r = index.related(x as u32);
            assert!(!r.contains(&(x as u32)));
            assert_eq!(r, brute(&notices, x), "notice {x}");
        }
    }

    #[test]
    fn matches_brute_force_on_a_pseudo_random_site() {
        let mut seed = 12345u64;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for (size, words, channels, per) in [(300, 12, 3, 4), (500, 40, 5, 6), (200, 4, 2, 3)] {
            let vocabulary: Vec<String> = (0..words).map(|i| format!("k{i}")).collect();
            let notices: Vec<(u32, Vec<String>)> = (0..size)
                .map(|_| {
                    let count = next(per) as usize;
                    let list = (0..count)
                        .map(|_| {
                            // Skewed: low numbers are far more common.
                            let a = next(words);
                            vocabulary[(a * a / words) as usize].clone()
                        })
                        .collect();
                    (next(channels) as u32, list)
                })
                .collect();
            let index = KeywordIndex::new(
                notices.iter().map(|(c, k)| (*c, k.as_slice())),
                channels as usize,
            );
            for x in 0..notices.len() {
                assert_eq!(index.related(x as u32), brute(&notices, x), "notice {x}");
            }
        }
    }
}
