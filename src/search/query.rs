//! Queries: parsing, matching against postings, ranking, filters, order and pages.
//!
//! A query is split at white space into terms. A term matches a document *exactly* when its units
//! stand in the document in the same order with the same separators between them (a substring of
//! Chinese text, a 文号, `5G基站`); it matches *loosely* when every key of it (each pair of
//! adjacent units, each lone unit) is somewhere in the document. The results are the documents
//! that match every term exactly, or, when there are none, every term loosely. Latin words that
//! are not in the index's vocabulary stand for the vocabulary words one edit away.
//!
//! Relevance: a term found in the title counts far more than in the body, an exact term more than
//! its scattered keys, the whole query as one phrase most; ties go to the newer document.

use std::borrow::Cow;

use super::index::{Attr, Postings, BODY_BASE};
use super::text::{bigram, is_latin_word, unigram, units, within_one_edit};

/// One unit of a term and the unit texts it stands for (itself, or its typo corrections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermUnit {
    /// Accepted unit texts.
    pub alts: Vec<String>,
    /// Position relative to the term's first unit.
    pub off: u32,
}

/// An index key a term needs, at its offset in the term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Offset in the term.
    pub off: u32,
    /// The key strings (more than one when a word has typo corrections).
    pub alts: Vec<String>,
}

/// One white-space separated term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The units.
    pub units: Vec<TermUnit>,
    /// The keys to look up.
    pub keys: Vec<Key>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The terms.
    pub terms: Vec<Term>,
    /// Every term in a row as one phrase, with and without a separator between terms (for the
    /// phrase bonus), when there are several terms.
    pub phrases: Vec<Term>,
}

fn alternatives(unit: &str, words: &[String]) -> Vec<String> {
    if is_latin_word(unit)
        && unit.len() >= 4
        && words.binary_search_by(|w| w.as_str().cmp(unit)).is_err()
    {
        let close: Vec<String> = words
            .iter()
            .filter(|w| w.len().abs_diff(unit.len()) <= 1 && within_one_edit(w, unit))
            .cloned()
            .collect();
        if !close.is_empty() {
            return close;
        }
    }
    vec![unit.to_string()]
}

fn term_of(units: Vec<TermUnit>) -> Term {
    let n = units.len();
    let mut covered = vec![false; n];
    let mut keys = Vec::new();
    for i in 0..n.saturating_sub(1) {
        if units[i + 1].off == units[i].off + 1 {
            let mut alts = Vec::new();
            for a in &units[i].alts {
                for b in &units[i + 1].alts {
                    alts.push(bigram(a, b));
                }
            }
            keys.push(Key {
                off: units[i].off,
                alts,
            });
            covered[i] = true;
            covered[i + 1] = true;
        }
    }
    for (i, u) in units.iter().enumerate() {
        if !covered[i] {
            keys.push(Key {
                off: u.off,
                alts: u.alts.iter().map(|a| unigram(a)).collect(),
            });
        }
    }
    keys.sort_by_key(|k| k.off);
    Term { units, keys }
}

/// Parses a query; `words` is the index's sorted Latin vocabulary.
pub fn parse(query: &str, words: &[String]) -> Query {
    let mut terms = Vec::new();
    let mut joined: Vec<Vec<TermUnit>> = vec![Vec::new(), Vec::new()];
    for part in query.split(|c: char| c.is_whitespace() || c == '\u{3000}') {
        let us = units(part, 0);
        if us.is_empty() {
            continue;
        }
        let tu: Vec<TermUnit> = us
            .iter()
            .map(|u| TermUnit {
                alts: alternatives(&u.text, words),
                off: u.pos,
            })
            .collect();
        for (gap, all) in joined.iter_mut().enumerate() {
            let next = all.last().map_or(0, |u| u.off + 1 + gap as u32);
            all.extend(tu.iter().map(|u| TermUnit {
                alts: u.alts.clone(),
                off: next + u.off,
            }));
        }
        terms.push(term_of(tu));
    }
    let phrases = if terms.len() > 1 {
        joined.into_iter().map(term_of).collect()
    } else {
        Vec::new()
    };
    Query { terms, phrases }
}

impl Query {
    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every key string the exact match needs, without repeats.
    pub fn keys(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .terms
            .iter()
            .chain(&self.phrases)
            .flat_map(|t| t.keys.iter().flat_map(|k| k.alts.iter().cloned()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The further keys the loose match needs: every unit on its own.
    pub fn loose_keys(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .terms
            .iter()
            .flat_map(|t| {
                t.units
                    .iter()
                    .flat_map(|u| u.alts.iter().map(|a| unigram(a)))
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// A matching document and its relevance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The document number (0 = oldest).
    pub doc: u32,
    /// Relevance, higher is better.
    pub score: u32,
}

/// The documents a query matches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The hits, most relevant first.
    pub hits: Vec<Hit>,
    /// False when no document has every term exactly and these hits match loosely.
    pub exact: bool,
}

/// The merged postings of one key's alternatives, by document (borrowed when there is only one).
fn merged<'a>(key: &Key, lookup: &dyn Fn(&str) -> Option<&'a Postings>) -> Cow<'a, Postings> {
    let lists: Vec<&Postings> = key.alts.iter().filter_map(|alt| lookup(alt)).collect();
    match lists.as_slice() {
        [] => Cow::Owned(Postings::default()),
        [one] => Cow::Borrowed(*one),
        many => {
            let mut pairs: Vec<(u32, Vec<u32>)> = many
                .iter()
                .flat_map(|l| l.iter())
                .map(|(d, p)| (d, p.to_vec()))
                .collect();
            pairs.sort_by_key(|(doc, _)| *doc);
            let mut merged: Vec<(u32, Vec<u32>)> = Vec::with_capacity(pairs.len());
            for (doc, positions) in pairs {
                match merged.last_mut() {
                    Some((d, p)) if *d == doc => {
                        p.extend(positions);
                        p.sort_unstable();
                        p.dedup();
                    }
                    _ => merged.push((doc, positions)),
                }
            }
            Cow::Owned(Postings::from_pairs(&merged))
        }
    }
}

/// How a term stands in one document.
#[derive(Debug, Default, Clone, Copy)]
struct TermMatch {
    exact_title: u32,
    exact_body: u32,
}

fn term_match(term: &Term, lists: &[&[u32]]) -> TermMatch {
    let mut m = TermMatch::default();
    let first = &term.keys[0];
    for &p in lists[0].iter() {
        let Some(start) = p.checked_sub(first.off) else {
            continue;
        };
        let all = term
            .keys
            .iter()
            .zip(lists)
            .skip(1)
            .all(|(k, l)| l.binary_search(&(start + k.off)).is_ok());
        if all {
            if start < BODY_BASE {
                m.exact_title += 1;
            } else {
                m.exact_body += 1;
            }
        }
    }
    m
}

/// What is loaded of a key's list: every position of the documents from `from` on and, when
/// `titles`, the title positions of every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// The first document from which every position is loaded (0: the whole list).
    pub from: u32,
    /// Whether the title positions of the documents below `from` are loaded.
    pub titles: bool,
}

impl Default for Known {
    fn default() -> Self {
        Known {
            from: 0,
            titles: true,
        }
    }
}

/// One key's merged list, and what of it is loaded.
struct KeyList<'a> {
    list: Cow<'a, Postings>,
    from: u32,
    titles: bool,
}

impl KeyList<'_> {
    /// Nothing is known of the key in `doc`: it may be anywhere in it.
    fn blind(&self, doc: u32) -> bool {
        doc < self.from && !self.titles
    }
}

fn key_lists<'a>(
    term: &Term,
    lookup: &dyn Fn(&str) -> Option<&'a Postings>,
    known: &dyn Fn(&str) -> Known,
) -> Vec<KeyList<'a>> {
    term.keys
        .iter()
        .map(|k| {
            let known: Vec<Known> = k.alts.iter().map(|a| known(a)).collect();
            KeyList {
                list: merged(k, lookup),
                from: known.iter().map(|k| k.from).max().unwrap_or(0),
                titles: known.iter().all(|k| k.titles),
            }
        })
        .collect()
}

/// What the loaded lists tell of a term in a document.
enum TermState {
    /// It matches, with this score.
    Exact(u32),
    /// It may match (in positions not loaded), with at most this score.
    Maybe(u32),
    /// It does not match.
    No,
}

/// A term in the title counts 1000, each of its keys in the title 50; in the body, nothing more
/// (every result has every term).
fn term_state(term: &Term, keys: &[KeyList], doc: u32) -> TermState {
    let titled = |l: &[u32]| l.first().is_some_and(|&p| p < BODY_BASE);
    let (mut in_title, mut all, mut blind, mut title_possible) = (0u32, true, 0u32, true);
    for k in keys {
        match k.list.get(doc) {
            Some(l) => {
                if titled(l) {
                    in_title += 1;
                } else {
                    title_possible = false;
                }
            }
            None if doc >= k.from => return TermState::No,
            None => {
                all = false;
                if k.blind(doc) {
                    blind += 1;
                } else {
                    title_possible = false;
                }
            }
        }
    }
    let base = 50 * in_title;
    if all {
        let lists: Vec<&[u32]> = keys.iter().filter_map(|k| k.list.get(doc)).collect();
        let m = term_match(term, &lists);
        if m.exact_title > 0 {
            return TermState::Exact(base + 1000);
        }
        if m.exact_body > 0 {
            return TermState::Exact(base);
        }
    }
    if keys.iter().all(|k| doc >= k.from) {
        return TermState::No;
    }
    // Keys not known at all may be in the title, and then the term may be too.
    let title_possible = blind > 0 && title_possible;
    TermState::Maybe(base + 50 * blind + if title_possible { 1000 } else { 0 })
}

/// The phrase bonus (3000 in the title, 500 in the body) and whether it is known.
fn phrase_bonus(phrases: &[(&Term, Vec<KeyList>)], doc: u32) -> (u32, bool) {
    if phrases.is_empty() {
        return (0, true);
    }
    let (mut body, mut maybe, mut title_maybe) = (false, false, false);
    for (phrase, keys) in phrases {
        let lists: Vec<Option<&[u32]>> = keys.iter().map(|k| k.list.get(doc)).collect();
        if keys
            .iter()
            .zip(&lists)
            .any(|(k, l)| l.is_none() && doc >= k.from)
        {
            continue;
        }
        if let Some(lists) = lists.into_iter().collect::<Option<Vec<&[u32]>>>() {
            let m = term_match(phrase, &lists);
            if m.exact_title > 0 {
                return (3000, true);
            }
            body |= m.exact_body > 0;
        }
        maybe |= keys.iter().any(|k| doc < k.from);
        title_maybe |= keys.iter().any(|k| k.blind(doc));
    }
    if title_maybe {
        (3000, false)
    } else if body {
        (500, true)
    } else {
        (if maybe { 500 } else { 0 }, !maybe)
    }
}

/// The documents a query matches as far as the loaded lists tell ([`evaluate_partial`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Partial {
    /// The documents known to match, with their scores, most relevant first.
    pub hits: Vec<Hit>,
    /// The documents that may match (in body positions not loaded), with the best score each
    /// could have.
    pub pending: Vec<Hit>,
    /// The best score any other document below `lo` could have.
    pub rest: u32,
    /// Every document from this number on is known (0: every document).
    pub lo: u32,
}

/// Matches a query exactly against the lists loaded so far: `lookup` returns each key's loaded
/// postings (`None`: none), `known` what of its list is loaded. Documents from the highest
/// [`Known::from`] on are decided; below it, a document is decided when the loaded positions
/// tell (every term in the title), otherwise it is pending with the best score it could have.
pub fn evaluate_partial<'a>(
    query: &Query,
    lookup: &dyn Fn(&str) -> Option<&'a Postings>,
    known: &dyn Fn(&str) -> Known,
) -> Partial {
    if query.is_empty() {
        return Partial::default();
    }
    let terms: Vec<Vec<KeyList>> = query
        .terms
        .iter()
        .map(|t| key_lists(t, lookup, known))
        .collect();
    let phrases: Vec<(&Term, Vec<KeyList>)> = query
        .phrases
        .iter()
        .map(|t| (t, key_lists(t, lookup, known)))
        .collect();
    let lo = terms
        .iter()
        .chain(phrases.iter().map(|(_, k)| k))
        .flatten()
        .map(|k| k.from)
        .max()
        .unwrap_or(0);
    // Candidates: every document of the smallest list when all is loaded, else of any list.
    let candidates: Vec<u32> = if lo == 0 {
        let smallest = terms
            .iter()
            .flatten()
            .min_by_key(|k| k.list.len())
            .expect("a term has a key");
        smallest.list.iter().map(|(d, _)| d).collect()
    } else {
        let mut all: Vec<u32> = terms
            .iter()
            .flatten()
            .flat_map(|k| k.list.iter().map(|(d, _)| d))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    // A document in no list: only keys whose title positions are not loaded may be in its
    // title.
    let rest = if lo == 0 {
        0
    } else {
        let terms: u32 = terms
            .iter()
            .map(|keys| {
                let blind = keys.iter().filter(|k| !k.titles).count() as u32;
                50 * blind + if blind == keys.len() as u32 { 1000 } else { 0 }
            })
            .sum();
        let phrase = if phrases.is_empty() {
            0
        } else if phrases.iter().any(|(_, k)| k.iter().all(|k| !k.titles)) {
            3000
        } else {
            500
        };
        terms + phrase
    };
    let mut out = Partial {
        lo,
        rest,
        ..Partial::default()
    };
    'docs: for doc in candidates {
        let (mut score, mut decided) = (0, true);
        for (term, keys) in query.terms.iter().zip(&terms) {
            match term_state(term, keys, doc) {
                TermState::Exact(s) => score += s,
                TermState::Maybe(s) => {
                    score += s;
                    decided = false;
                }
                TermState::No => continue 'docs,
            }
        }
        let (bonus, bonus_known) = phrase_bonus(&phrases, doc);
        let hit = Hit {
            doc,
            score: score + bonus,
        };
        if decided && bonus_known {
            out.hits.push(hit);
        } else {
            out.pending.push(hit);
        }
    }
    order(&mut out.hits, Sort::Relevance);
    out
}

/// Matches a query exactly against the postings `lookup` returns for each key of
/// [`Query::keys`] (`None`: the key is in no document), every list whole. The hits are empty
/// when no document has every term; then [`evaluate_loose`] is the fallback.
pub fn evaluate<'a>(query: &Query, lookup: &dyn Fn(&str) -> Option<&'a Postings>) -> Outcome {
    Outcome {
        hits: evaluate_partial(query, lookup, &|_| Known::default()).hits,
        exact: true,
    }
}

/// Whether the first `end` of `hits` (the known hits after the filters, in `sort` order) are the
/// first `end` results of the whole search: no pending or unloaded document of `partial` could
/// come before the `end`-th.
pub fn settled(hits: &[Hit], end: usize, partial: &Partial, sort: Sort) -> bool {
    if partial.lo == 0 {
        return true;
    }
    let Some(last) = end.checked_sub(1).and_then(|i| hits.get(i)) else {
        return false;
    };
    match sort {
        // Every pending and unloaded document is older than `lo`.
        Sort::Date => last.doc >= partial.lo,
        Sort::Relevance => {
            let after = |score: u32, doc: u32| {
                score < last.score || (score == last.score && doc < last.doc)
            };
            partial.pending.iter().all(|p| after(p.score, p.doc))
                && after(partial.rest, partial.lo.saturating_sub(1))
        }
    }
}

/// The fallback when no document has every term exactly: documents that have every unit of every
/// term and at least half of each term's adjacent pairs, ranked by the pairs they have. `lookup`
/// must answer for [`Query::keys`] and [`Query::loose_keys`].
pub fn evaluate_loose<'a>(query: &Query, lookup: &dyn Fn(&str) -> Option<&'a Postings>) -> Outcome {
    if query.is_empty() {
        return Outcome::default();
    }
    // (document, score), sorted by document.
    let mut hits: Option<Vec<(u32, u32)>> = None;
    for term in &query.terms {
        let mut scores: Option<Vec<(u32, u32)>> = None;
        for u in &term.units {
            let key = Key {
                off: 0,
                alts: u.alts.iter().map(|a| unigram(a)).collect(),
            };
            let m = merged(&key, lookup);
            scores = Some(match scores {
                None => m.iter().map(|(d, _)| (d, 0)).collect(),
                Some(mut s) => {
                    s.retain(|(d, _)| m.get(*d).is_some());
                    s
                }
            });
        }
        let mut scores = scores.unwrap_or_default();
        let mut present = vec![0usize; scores.len()];
        let pairs: Vec<&Key> = term
            .keys
            .iter()
            .filter(|k| k.alts[0].contains(' '))
            .collect();
        for key in &pairs {
            for (doc, p) in merged(key, lookup).iter() {
                if let Ok(i) = scores.binary_search_by_key(&doc, |(d, _)| *d) {
                    present[i] += 1;
                    let title = p.iter().any(|&x| x < BODY_BASE);
                    scores[i].1 += if title { 100 } else { 0 } + 20 + p.len().min(10) as u32;
                }
            }
        }
        let need = pairs.len().div_ceil(2);
        let mut i = 0;
        scores.retain(|_| {
            i += 1;
            present[i - 1] >= need
        });
        hits = Some(match hits {
            None => scores,
            Some(h) => h
                .into_iter()
                .filter_map(|(d, s)| {
                    scores
                        .binary_search_by_key(&d, |(x, _)| *x)
                        .ok()
                        .map(|i| (d, s + scores[i].1))
                })
                .collect(),
        });
    }
    let mut hits: Vec<Hit> = hits
        .unwrap_or_default()
        .into_iter()
        .map(|(doc, score)| Hit { doc, score })
        .collect();
    order(&mut hits, Sort::Relevance);
    Outcome { hits, exact: false }
}

/// Both passes over an index held in memory: exact, else loose.
pub fn search<'a>(query: &Query, lookup: &dyn Fn(&str) -> Option<&'a Postings>) -> Outcome {
    let exact = evaluate(query, lookup);
    if exact.hits.is_empty() {
        evaluate_loose(query, lookup)
    } else {
        exact
    }
}

/// The result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Sort {
    /// Most relevant first, then newest.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

impl Sort {
    /// The value in the URL (`relevance` is the default and left out).
    pub fn as_param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Date => "date",
        }
    }
}

/// Puts hits in order (documents are numbered oldest first).
pub fn order(hits: &mut [Hit], sort: Sort) {
    match sort {
        Sort::Relevance => hits.sort_by(|a, b| b.score.cmp(&a.score).then(b.doc.cmp(&a.doc))),
        Sort::Date => hits.sort_by_key(|h| std::cmp::Reverse(h.doc)),
    }
}

/// Keeps the hits whose document passes the filters. `channel` is an index into the manifest's
/// channels, `from` and `to` are `YYYYMMDD` bounds (inclusive).
pub fn filter(
    hits: &mut Vec<Hit>,
    attrs: &[Attr],
    channel: Option<u32>,
    from: Option<u32>,
    to: Option<u32>,
) {
    hits.retain(|h| {
        attrs.get(h.doc as usize).is_some_and(|a| {
            channel.is_none_or(|c| a.channel == c)
                && from.is_none_or(|f| a.date >= f)
                && to.is_none_or(|t| a.date <= t)
        })
    });
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// A tiny in-memory index of (title, body) documents, oldest first.
    pub(crate) fn index(docs: &[(&str, &str)]) -> std::collections::HashMap<String, Postings> {
        let mut b = crate::search::build::IndexBuilder::default();
        for (title, body) in docs {
            b.add(&[title.to_string()], &[body.to_string()]);
        }
        b.postings()
    }

    fn run(docs: &[(&str, &str)], q: &str) -> Outcome {
        let idx = index(docs);
        let mut words: Vec<String> = idx
            .keys()
            .filter(|k| !k.contains(' ') && is_latin_word(k))
            .cloned()
            .collect();
        words.sort();
        let query = parse(q, &words);
        search(&query, &|k| idx.get(k))
    }

    fn docs_of(o: &Outcome) -> Vec<u32> {
        o.hits.iter().map(|h| h.doc).collect()
    }

    const DOCS: &[(&str, &str)] = &[
        (
            "关于印发通知",
            "根据《浙通管〔2026〕121号》文件，加快5G基站建设。",
        ),
        ("浙通管〔2026〕21号", "这是一段说明文字，涉及信息通信管理。"),
        ("工作动态", "全省算力规模达到70EFLOPS，broadband 普及。"),
        ("信息化会议", "会议研究了通信、信息和管理工作。"),
    ];

    #[test]
    fn substrings_inside_words_are_found() {
        assert_eq!(docs_of(&run(DOCS, "是一段")), vec![1]);
        assert_eq!(docs_of(&run(DOCS, "信息通")), vec![1]);
        assert_eq!(docs_of(&run(DOCS, "用算")), Vec::<u32>::new());
        assert_eq!(docs_of(&run(DOCS, "算力")), vec![2]);
    }

    #[test]
    fn single_characters_are_found() {
        assert_eq!(docs_of(&run(DOCS, "段")), vec![1]);
    }

    #[test]
    fn doc_numbers_do_not_match_longer_numbers() {
        let o = run(DOCS, "浙通管〔2026〕21号");
        assert!(o.exact);
        assert_eq!(docs_of(&o), vec![1]);
        assert_eq!(docs_of(&run(DOCS, "21号")), vec![1]);
        assert_eq!(docs_of(&run(DOCS, "121号")), vec![0]);
        // Other brackets, full-width digits.
        assert_eq!(docs_of(&run(DOCS, "浙通管[２０２６]21号")), vec![1]);
    }

    #[test]
    fn mixed_scripts_width_and_case() {
        assert_eq!(docs_of(&run(DOCS, "5G基站")), vec![0]);
        assert_eq!(docs_of(&run(DOCS, "５ｇ")), vec![0]);
        assert_eq!(docs_of(&run(DOCS, "70 eflops")), vec![2]);
        assert_eq!(docs_of(&run(DOCS, "EFLOPS")), vec![2]);
        assert_eq!(docs_of(&run(DOCS, "70EFLOPS")), vec![2]);
        assert_eq!(docs_of(&run(DOCS, "g")), vec![0]);
    }

    #[test]
    fn latin_words_tolerate_one_typo() {
        assert_eq!(docs_of(&run(DOCS, "brodband")), vec![2]);
        assert_eq!(docs_of(&run(DOCS, "EFLOSP")), vec![2]);
        assert_eq!(docs_of(&run(DOCS, "brdbnd")), Vec::<u32>::new());
    }

    #[test]
    fn scattered_terms_match_loosely_only_without_exact_hits() {
        // 信息通信管理 is in doc 1 as one phrase; doc 3 has its pieces scattered.
        let o = run(DOCS, "信息通信管理");
        assert!(o.exact);
        assert_eq!(docs_of(&o), vec![1]);
        // Nowhere as a phrase; its pieces are scattered in doc 3.
        let o = run(DOCS, "信息管理工作");
        assert!(!o.exact);
        assert_eq!(docs_of(&o), vec![3]);
    }

    #[test]
    fn title_hits_rank_above_body_hits_and_phrases_above_scattered_terms() {
        let docs = [
            ("其他", "网络安全检查工作。"),
            ("网络安全检查", "正文。"),
            ("检查网络安全", "正文。"),
        ];
        // Equal scores: the newer (higher number) first.
        assert_eq!(docs_of(&run(&docs, "网络安全")), vec![2, 1, 0]);
        assert_eq!(docs_of(&run(&docs, "网络安全 检查")), vec![1, 2, 0]);
        assert_eq!(docs_of(&run(&docs, "检查 网络安全")), vec![2, 1, 0]);
    }

    #[test]
    fn filters_and_date_order() {
        let mut hits = vec![
            Hit { doc: 2, score: 9 },
            Hit { doc: 0, score: 1 },
            Hit { doc: 1, score: 5 },
        ];
        order(&mut hits, Sort::Date);
        assert_eq!(
            hits.iter().map(|h| h.doc).collect::<Vec<_>>(),
            vec![2, 1, 0]
        );
        let attrs = [
            Attr {
                channel: 0,
                date: 20260301,
            },
            Attr {
                channel: 1,
                date: 20260201,
            },
            Attr {
                channel: 0,
                date: 20250101,
            },
        ];
        let mut f = hits.clone();
        filter(&mut f, &attrs, Some(0), None, None);
        assert_eq!(f.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![2, 0]);
        let mut f = hits.clone();
        filter(&mut f, &attrs, None, Some(20260101), Some(20260228));
        assert_eq!(f.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn empty_queries_find_nothing() {
        assert!(run(DOCS, "  ，。 ").hits.is_empty());
        assert!(parse("", &[]).is_empty());
    }
}
