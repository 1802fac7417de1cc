//! The search index files (part of the data contract), written by the content tool under
//! `data/search/` and read by the app:
//!
//! - `manifest.json` ([`Manifest`]): sizes, channels, the Latin word list for typo tolerance;
//! - `shards/<n>.bin`: gzip of the postings of every key `k` with [`shard_of`]`(k) == n`
//!   ([`encode_shard`] / [`decode_shard`]): a query downloads only the shards of its keys;
//! - `docs/<n>.bin`: gzip of the JSON of [`SearchDoc`]s `n * doc_chunk ..`: title, channel and
//!   date of the results shown;
//! - `attrs.bin`: gzip of every document's channel and date ([`encode_attrs`]), for the filters;
//! - `ids.bin`: gzip of every document's notice id, one per line in document order, fetched with
//!   the manifest so that the shown results' notices (for the snippets) are fetched at the same
//!   time as their `docs/<n>.bin` chunks.
//!
//! Documents are numbered newest first, so "sort by date" is document order. Keys are units and
//! pairs of adjacent units ([`super::text`]); a posting holds the positions of the key in the
//! document, title positions below [`BODY_BASE`], body positions from it.

use serde::{Deserialize, Serialize};

use crate::contract::model::{Block, ContractError, Inline, Notice};

/// The format version in the manifest.
pub const VERSION: u32 = 1;
/// The first position of the body; title positions are below it.
pub const BODY_BASE: u32 = 1024;

/// `data/search/manifest.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Manifest {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// A digest of the index, appended to every file's URL so caches never mix two builds.
    pub build: String,
    /// How many documents there are.
    pub docs: u32,
    /// How many shard files there are.
    pub shards: u32,
    /// How many documents each `docs/<n>.bin` holds.
    pub doc_chunk: u32,
    /// The channel ids, in the order `attrs.bin` numbers them.
    pub channels: Vec<String>,
    /// Every Latin word of the text (sorted): the vocabulary for typo tolerance.
    pub words: Vec<String>,
}

impl Manifest {
    /// Every broken rule: a version this app reads, at least one shard, a chunk size.
    pub fn validate(&self) -> Vec<ContractError> {
        let mut errors = Vec::new();
        let mut push = |field: &str, message: String| {
            errors.push(ContractError {
                field: field.to_string(),
                message,
            })
        };
        if self.version != VERSION {
            push(
                "version",
                format!("expected {VERSION}, found {}", self.version),
            );
        }
        if self.shards == 0 {
            push("shards", "must be at least 1".to_string());
        }
        if self.doc_chunk == 0 {
            push("doc_chunk", "must be at least 1".to_string());
        }
        errors
    }
}

impl crate::contract::read::ContractFile for Manifest {
    fn contract_errors(&self) -> Vec<ContractError> {
        self.validate()
    }
}

/// One document of a `docs/<n>.bin` chunk.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchDoc {
    /// The notice id.
    pub id: String,
    /// The notice title.
    pub title: String,
    /// The channel id.
    pub channel: String,
    /// RFC 3339 publication time.
    pub published: String,
    /// 有效性 as authored (see [`crate::contract::lifecycle`]).
    #[serde(
        deserialize_with = "crate::contract::lifecycle::lenient_validity",
        skip_serializing_if = "Option::is_none"
    )]
    pub validity: Option<crate::contract::lifecycle::Validity>,
    /// 有效期至, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// 截止时间, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// A document's channel (index into [`Manifest::channels`]) and date as `YYYYMMDD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attr {
    /// Index into the manifest's channel list.
    pub channel: u32,
    /// The publication date as written, `YYYYMMDD`.
    pub date: u32,
}

/// The postings of one key: the documents in order, each with its sorted positions. Held flat
/// (three vectors, however many documents) so that decoding a long list is cheap.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postings {
    docs: Vec<u32>,
    ends: Vec<u32>,
    positions: Vec<u32>,
}

impl Postings {
    /// Adds a position; `doc` is the last document added or a later one.
    pub fn push(&mut self, doc: u32, pos: u32) {
        if self.docs.last() != Some(&doc) {
            self.docs.push(doc);
            self.ends.push(self.positions.len() as u32);
        }
        self.positions.push(pos);
        if let Some(end) = self.ends.last_mut() {
            *end += 1;
        }
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether there is no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The positions of the `i`-th document.
    fn at(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.positions[start..self.ends[i] as usize]
    }

    /// The positions in `doc`, if it has the key.
    pub fn get(&self, doc: u32) -> Option<&[u32]> {
        self.docs.binary_search(&doc).ok().map(|i| self.at(i))
    }

    /// (document, positions), in document order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> + '_ {
        self.docs.iter().enumerate().map(|(i, &d)| (d, self.at(i)))
    }

    /// From (document, positions) pairs in document order.
    pub fn from_pairs(pairs: &[(u32, Vec<u32>)]) -> Self {
        let mut p = Postings::default();
        for (doc, positions) in pairs {
            for &pos in positions {
                p.push(*doc, pos);
            }
        }
        p
    }

    /// As (document, positions) pairs.
    pub fn to_pairs(&self) -> Vec<(u32, Vec<u32>)> {
        self.iter().map(|(d, p)| (d, p.to_vec())).collect()
    }
}

/// FNV-1a hash of a key.
fn hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The shard that holds `key`.
pub fn shard_of(key: &str, shards: u32) -> u32 {
    hash(key) % shards.max(1)
}

/// The date `YYYYMMDD` of an RFC 3339 time or a `YYYY-MM-DD` date, as written.
pub fn date_number(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        text.get(r)?.bytes().try_fold(0u32, |a, c| {
            c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

/// The searchable text of a notice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoticeText {
    /// Indexed as the title (ranked highest): the title, then the 文号.
    pub title: Vec<String>,
    /// The body pieces: metadata, then the blocks in order, keywords, attachment names.
    pub body: Vec<String>,
}

impl NoticeText {
    /// The pieces a snippet may come from: the 文号, then the body.
    pub fn snippet_pieces(&self) -> Vec<String> {
        self.title
            .iter()
            .skip(1)
            .chain(&self.body)
            .cloned()
            .collect()
    }
}

/// The searchable text of a notice. The indexer and the snippets read the same pieces.
pub fn notice_text(notice: &Notice) -> NoticeText {
    let mut pieces = Vec::new();
    let mut add = |s: &str| {
        if !s.trim().is_empty() {
            pieces.push(s.to_string());
        }
    };
    let line = |content: &[Inline]| content.iter().map(Inline::text).collect::<String>();
    for s in [&notice.subtitle, &notice.publisher, &notice.source]
        .into_iter()
        .flatten()
    {
        add(s);
    }
    for block in &notice.body {
        match block {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => add(&line(content)),
            Block::List { items, .. } => items.iter().for_each(|i| add(&line(i))),
            Block::Image { alt, caption, .. } => {
                add(alt);
                caption.iter().for_each(|c| add(c));
            }
            Block::Table {
                caption,
                header,
                rows,
            } => {
                caption.iter().for_each(|c| add(c));
                header.iter().flatten().for_each(|c| add(&line(c)));
                rows.iter().flatten().for_each(|c| add(&line(c)));
            }
            Block::Unknown { .. } => {}
        }
    }
    for k in &notice.keywords {
        add(k);
    }
    for a in &notice.attachments {
        add(&a.name);
    }
    let mut title = vec![notice.title.clone()];
    title.extend(
        notice
            .doc_number
            .iter()
            .filter(|d| !d.trim().is_empty())
            .cloned(),
    );
    NoticeText {
        title,
        body: pieces,
    }
}

/// Appends `v` as a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 varint at `*at`.
pub fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u32::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Encodes postings: document count, then per document the document delta, the position count
/// and the position deltas.
pub fn encode_postings(postings: &Postings, out: &mut Vec<u8>) {
    put_varint(out, postings.len() as u32);
    let mut last_doc = 0;
    for (doc, positions) in postings.iter() {
        put_varint(out, doc - last_doc);
        last_doc = doc;
        put_varint(out, positions.len() as u32);
        let mut last = 0;
        for &p in positions {
            put_varint(out, p - last);
            last = p;
        }
    }
}

/// Decodes what [`encode_postings`] wrote.
pub fn decode_postings(bytes: &[u8]) -> Option<Postings> {
    let mut at = 0;
    let n = get_varint(bytes, &mut at)?;
    let mut out = Postings {
        docs: Vec::with_capacity(n.min(1 << 20) as usize),
        ends: Vec::with_capacity(n.min(1 << 20) as usize),
        positions: Vec::with_capacity(bytes.len()),
    };
    let mut doc = 0u32;
    for i in 0..n {
        doc = doc.checked_add(get_varint(bytes, &mut at)?)?;
        if i > 0 && out.docs.last() >= Some(&doc) {
            return None;
        }
        let count = get_varint(bytes, &mut at)?;
        let mut p = 0u32;
        for _ in 0..count {
            p = p.checked_add(get_varint(bytes, &mut at)?)?;
            out.positions.push(p);
        }
        out.docs.push(doc);
        out.ends.push(out.positions.len() as u32);
    }
    Some(out)
}

/// A shard (before gzip): the key count, then per key its UTF-8 length and bytes, the length of
/// its encoded postings and the postings. Keys are sorted.
pub fn encode_shard(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u32);
    for (key, postings) in entries {
        put_varint(&mut out, key.len() as u32);
        out.extend_from_slice(key.as_bytes());
        put_varint(&mut out, postings.len() as u32);
        out.extend_from_slice(postings);
    }
    out
}

/// Decodes a shard into (key, encoded postings) pairs; the postings are decoded only for the keys
/// a query needs.
pub fn decode_shard(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut at = 0;
    let n = get_varint(bytes, &mut at)?;
    let mut out = Vec::with_capacity(n.min(1 << 16) as usize);
    for _ in 0..n {
        let len = get_varint(bytes, &mut at)? as usize;
        let key = std::str::from_utf8(bytes.get(at..at + len)?)
            .ok()?
            .to_string();
        at += len;
        let len = get_varint(bytes, &mut at)? as usize;
        let postings = bytes.get(at..at + len)?.to_vec();
        at += len;
        out.push((key, postings));
    }
    Some(out)
}

/// `attrs.bin` (before gzip): per document, newest first, its channel and the days its date lies
/// before the previous document's (as a `YYYYMMDD` difference).
pub fn encode_attrs(attrs: &[Attr]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, attrs.len() as u32);
    let mut last = attrs.first().map_or(0, |a| a.date);
    put_varint(&mut out, last);
    for a in attrs {
        put_varint(&mut out, a.channel);
        put_varint(&mut out, last.saturating_sub(a.date));
        last = a.date;
    }
    out
}

/// Decodes what [`encode_attrs`] wrote.
pub fn decode_attrs(bytes: &[u8]) -> Option<Vec<Attr>> {
    let mut at = 0;
    let n = get_varint(bytes, &mut at)?;
    let mut last = get_varint(bytes, &mut at)?;
    let mut out = Vec::with_capacity(n.min(1 << 20) as usize);
    for _ in 0..n {
        let channel = get_varint(bytes, &mut at)?;
        last = last.checked_sub(get_varint(bytes, &mut at)?)?;
        out.push(Attr {
            channel,
            date: last,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let pairs = vec![
            (0, vec![1, 5, 1024]),
            (7, vec![3]),
            (300, vec![2000, 70_000]),
        ];
        let p = Postings::from_pairs(&pairs);
        assert_eq!(p.get(7), Some(&[3][..]));
        assert_eq!(p.get(8), None);
        let mut bytes = Vec::new();
        encode_postings(&p, &mut bytes);
        assert_eq!(decode_postings(&bytes).map(|d| d.to_pairs()), Some(pairs));
        assert_eq!(decode_postings(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn shards_round_trip() {
        let bytes = encode_shard(&[("通 信", b"\x01\x02"), ("5g", b"")]);
        assert_eq!(
            decode_shard(&bytes),
            Some(vec![("通 信".into(), vec![1, 2]), ("5g".into(), vec![])])
        );
    }

    #[test]
    fn attrs_round_trip() {
        let a = vec![
            Attr {
                channel: 1,
                date: 20260212,
            },
            Attr {
                channel: 0,
                date: 20251231,
            },
        ];
        assert_eq!(decode_attrs(&encode_attrs(&a)), Some(a));
    }

    #[test]
    fn dates_as_numbers() {
        assert_eq!(date_number("2026-02-12T17:29:00+08:00"), Some(20260212));
        assert_eq!(date_number("2026-02-12"), Some(20260212));
        assert_eq!(date_number("2026-13-12"), None);
        assert_eq!(date_number("x"), None);
    }

    #[test]
    fn shards_spread_keys() {
        let used: std::collections::HashSet<u32> = ["通 信", "信 息", "5g", "号", "浙 通"]
            .iter()
            .map(|k| shard_of(k, 64))
            .collect();
        assert!(used.len() >= 4);
        assert_eq!(shard_of("x", 0), 0);
    }
}
