//! Related notices: at most [`MAX_RELATED`], those sharing the most keywords first, then those
//! of the same channel, newest first; never the notice itself.
//!
//! Notices are numbered by rank (0 = newest, as in the `all` list). A keyword index maps each
//! keyword to the ranks that carry it. For notice X, the lists of its keywords are counted, block
//! by block of ranks, into a per-thread array of counters (one per notice, zero between calls):
//! the ranks touched are the notices sharing a keyword with X, each with its exact score, and the
//! best five are kept while going through them. Reading stops as soon as no notice still to come
//! could enter the top five. So the work for X is at most the length of its keywords' lists, never
//! a comparison with every notice; notices without keywords cost nothing. If fewer than five
//! notices share a keyword, the newest of X's channel fill the list.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashMap;

/// How many related notices a notice gets.
pub const MAX_RELATED: usize = 5;

/// How many ranks are counted between two checks of whether the top five are settled.
const BLOCK: u32 = 1024;

/// The keyword index.
#[derive(Debug, Default)]
pub struct KeywordIndex {
    /// Keyword number → ranks carrying it, ascending.
    postings: Vec<Vec<u32>>,
    /// Each notice's keyword numbers, sorted and without duplicates.
    keywords: Vec<Vec<u32>>,
    /// Each notice's channel number.
    channels: Vec<u32>,
    /// Each channel's ranks, ascending.
    channel_ranks: Vec<Vec<u32>>,
}

/// Per-thread scratch space: a counter per rank (all zero between calls) and the ranks touched.
struct Scratch {
    counts: Vec<u16>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            counts: Vec::new(),
            touched: Vec::new(),
        })
    };
}

/// A candidate: (shared keywords, same channel, rank).
type Candidate = (u32, bool, u32);

fn key(c: &Candidate) -> (Reverse<u32>, Reverse<bool>, u32) {
    (Reverse(c.0), Reverse(c.1), c.2)
}

/// Inserts a candidate into the sorted top list, keeping at most [`MAX_RELATED`].
fn insert(best: &mut Vec<Candidate>, candidate: Candidate) {
    if best.len() == MAX_RELATED && key(&candidate) >= key(&best[MAX_RELATED - 1]) {
        return;
    }
    let at = best.partition_point(|b| key(b) < key(&candidate));
    best.insert(at, candidate);
    best.truncate(MAX_RELATED);
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
            }
            index.keywords.push(ids);
            index.channels.push(channel);
            index.channel_ranks[channel as usize].push(rank);
        }
        index
    }

    /// The best notices sharing keywords with `x`, best first.
    ///
    /// The keyword lists are read block by block of ranks, newest first. Each block is counted
    /// whole, so every candidate in it has its exact score; after each block the reading stops
    /// if no notice still to come could enter the top five: none can share more keywords than
    /// there are lists left to read, and among equals the newer (already read) wins.
    fn sharing(&self, x: u32, block: u32) -> Vec<Candidate> {
        let me = x as usize;
        let mut best: Vec<Candidate> = Vec::with_capacity(MAX_RELATED + 1);
        let lists: Vec<&[u32]> = self.keywords[me]
            .iter()
            .map(|&k| self.postings[k as usize].as_slice())
            .collect();
        if lists.is_empty() {
            return best;
        }
        let channel = self.channels[me];
        let mut cursors = vec![0usize; lists.len()];
        SCRATCH.with(|cell| {
            let scratch = &mut *cell.borrow_mut();
            if scratch.counts.len() < self.channels.len() {
                scratch.counts.resize(self.channels.len(), 0);
            }
            let Scratch { counts, touched } = scratch;
            // Each block starts at the smallest rank still to read.
            while let Some(start) = lists
                .iter()
                .zip(&cursors)
                .filter_map(|(l, &c)| l.get(c).copied())
                .min()
            {
                let end = start.saturating_add(block);
                touched.clear();
                let mut left = 0u32;
                for (list, cursor) in lists.iter().zip(cursors.iter_mut()) {
                    while let Some(&r) = list.get(*cursor) {
                        if r >= end {
                            break;
                        }
                        let c = &mut counts[r as usize];
                        if *c == 0 {
                            touched.push(r);
                        }
                        *c = c.saturating_add(1);
                        *cursor += 1;
                    }
                    if *cursor < list.len() {
                        left += 1;
                    }
                }
                for &r in touched.iter() {
                    let score = u32::from(std::mem::take(&mut counts[r as usize]));
                    if r != x {
                        insert(&mut best, (score, self.channels[r as usize] == channel, r));
                    }
                }
                if left == 0 {
                    break;
                }
                if let Some(&(score, same, _)) = best.get(MAX_RELATED - 1) {
                    if score > left || (score == left && same) {
                        break;
                    }
                }
            }
        });
        best
    }

    /// The ranks of the notices related to the notice of rank `x`, best first.
    pub fn related(&self, x: u32) -> Vec<u32> {
        self.related_in_blocks(x, BLOCK)
    }

    fn related_in_blocks(&self, x: u32, block: u32) -> Vec<u32> {
        let mut best: Vec<u32> = self.sharing(x, block).into_iter().map(|c| c.2).collect();
        // Fewer than five share a keyword: all of them are in `best`; the channel's newest follow.
        let channel = self.channels[x as usize];
        for &rank in &self.channel_ranks[channel as usize] {
            if best.len() >= MAX_RELATED {
                break;
            }
            if rank != x && !best.contains(&rank) {
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
            assert_eq!(index.related_in_blocks(x as u32, 1), r, "notice {x}");
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
                let want = brute(&notices, x);
                for block in [1, 3, 64, BLOCK] {
                    assert_eq!(
                        index.related_in_blocks(x as u32, block),
                        want,
                        "notice {x}, blocks of {block}"
                    );
                }
            }
        }
    }
}
