//! The search index files (part of the data contract), written by the content tool under
//! `data/search/` and read by the app:
//!
//! - `manifest.json` ([`Manifest`]): sizes, channels, the Latin word list for typo tolerance and
//!   the versions of the other files; the only file fetched without a version (always fresh);
//! - `shards/<n>.bin`: gzip of the postings of every key `k` with [`shard_of`]`(k) == n`
//!   ([`encode_shard`] / [`decode_shard`]): a query downloads only the shards of its keys;
//! - `docs/<n>.bin`: gzip of the JSON of [`SearchDoc`]s `n * doc_chunk ..`: title, channel and
//!   date of the type-ahead's suggestions;
//! - `ids/<n>.bin`: gzip of the notice ids of documents `n * id_chunk ..`, one per line: the shown
//!   results' notices (for their titles and snippets) are found through them;
//! - `attrs/<n>.bin`: gzip of the channel and date of the same documents ([`encode_attrs`]), for
//!   the filters;
//! - `versions/<k>.bin`: the versions of the shards and `docs/` chunks ([`FileTable`]).
//!
//! **Versions.** Every file but the manifest is fetched as `<file>?v=<version>`, its version
//! being a hash of its own bytes ([`version_of`]): a new build changes the URL of the files whose
//! bytes changed only, and caches keep every other one. The manifest lists the versions of the
//! `ids/` and `attrs/` chunks and of the `versions/` tables; the tables list those of the shards,
//! then of the `docs/` chunks, [`TABLE_SEGMENT`] to a table, four bytes each (little endian).
//!
//! Documents are numbered oldest first, so that a new notice is appended and leaves the
//! numbers, postings and chunks of the others as they were; "sort by date" is the reverse of
//! document order. Keys are units and pairs of adjacent units ([`super::text`]); a posting holds
//! the positions of the key in the document, title positions below [`BODY_BASE`], body positions
//! from it.

use serde::{Deserialize, Serialize};

use crate::contract::model::{Block, ContractError, Inline, Notice};

/// The format version in the manifest.
pub const VERSION: u32 = 2;
/// The first position of the body; title positions are below it.
pub const BODY_BASE: u32 = 1024;

/// File versions per `versions/<k>.bin` table.
pub const TABLE_SEGMENT: u32 = 512;

/// `data/search/manifest.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Manifest {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// How many documents there are.
    pub docs: u32,
    /// How many shard files there are.
    pub shards: u32,
    /// How many documents each `docs/<n>.bin` holds.
    pub doc_chunk: u32,
    /// How many documents each `ids/<n>.bin` and `attrs/<n>.bin` holds.
    pub id_chunk: u32,
    /// The channel ids, in the order `attrs/` numbers them.
    pub channels: Vec<String>,
    /// Every Latin word of the text (sorted): the vocabulary for typo tolerance.
    pub words: Vec<String>,
    /// The version of each `ids/<n>.bin`.
    pub ids: Vec<String>,
    /// The version of each `attrs/<n>.bin`.
    pub attrs: Vec<String>,
    /// The version of each `versions/<k>.bin` table.
    pub tables: Vec<String>,
}

/// A file whose version is in a `versions/` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFile {
    /// `shards/<n>.bin`.
    Shard(u32),
    /// `docs/<n>.bin`.
    Docs(u32),
}

/// Where the versions tables put each file.
pub trait FileTable {
    /// The file's entry number in the tables.
    fn entry(&self, file: TableFile) -> u32;
}

impl FileTable for Manifest {
    fn entry(&self, file: TableFile) -> u32 {
        match file {
            TableFile::Shard(n) => n,
            TableFile::Docs(n) => self.shards + n,
        }
    }
}

impl TableFile {
    /// The file's path under `data/search/`.
    pub fn path(self) -> String {
        match self {
            TableFile::Shard(n) => format!("shards/{n}.bin"),
            TableFile::Docs(n) => format!("docs/{n}.bin"),
        }
    }
}

/// The version of a file: a hash of its bytes (FNV-1a, 64 bits folded to 32).
pub fn version_of(bytes: &[u8]) -> u32 {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (h ^ (h >> 32)) as u32
}

/// A version as it stands in a URL and in the manifest: eight hex digits.
pub fn version_text(version: u32) -> String {
    format!("{version:08x}")
}

/// The versions in a `versions/<k>.bin` table.
pub fn decode_table(bytes: &[u8]) -> Option<Vec<u32>> {
    (bytes.len() % 4 == 0).then(|| {
        bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    })
}

/// A `versions/<k>.bin` table of the given versions.
pub fn encode_table(versions: &[u32]) -> Vec<u8> {
    versions.iter().flat_map(|v| v.to_le_bytes()).collect()
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
        if self.id_chunk == 0 {
            push("id_chunk", "must be at least 1".to_string());
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

/// One key's entry in a shard ([`encode_entry`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The whole list, in the shard.
    Whole(Postings),
    /// A list too long to fetch whole, cut so that a first page needs only its start.
    Split(Split),
}

/// A long list in blocks of document numbers, `span` numbers to a block; the newest block is in
/// the shard, the others are files `blocks/<name>.bin` ([`block_path`]), named by a hash of their
/// bytes, so that a new build changes the name of the blocks that changed only. When few
/// documents have the key in their title zone, their title positions are in the shard too
/// (`title`) and the blocks hold body positions only; otherwise the blocks hold every position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Every document whose title zone holds the key, with its title positions, when they are
    /// few.
    pub title: Option<Postings>,
    /// Document numbers per block: block `k` holds documents `k * span .. (k + 1) * span`.
    pub span: u32,
    /// The older blocks that hold a document, newest first: (number, name).
    pub older: Vec<(u32, u64)>,
    /// The newest block's number.
    pub newest: u32,
    /// The newest block's positions.
    pub body: Postings,
}

/// The path of a block file under `data/search/`.
pub fn block_path(name: u64) -> String {
    format!("blocks/{name:016x}.bin")
}

/// A 64-bit FNV-1a hash of bytes (the name of a block file).
pub fn block_name(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Encodes an entry: `0` and the postings, or `1`, the span, `0` or `1` and the title postings
/// (length first), the older blocks' count, per block its number and name (8 bytes, little endian), the newest
/// block's number and its postings.
pub fn encode_entry(entry: &Entry, out: &mut Vec<u8>) {
    match entry {
        Entry::Whole(p) => {
            put_varint(out, 0);
            encode_postings(p, out);
        }
        Entry::Split(s) => {
            put_varint(out, 1);
            put_varint(out, s.span);
            match &s.title {
                None => put_varint(out, 0),
                Some(t) => {
                    put_varint(out, 1);
                    let mut title = Vec::new();
                    encode_postings(t, &mut title);
                    put_varint(out, title.len() as u32);
                    out.extend_from_slice(&title);
                }
            }
            put_varint(out, s.older.len() as u32);
            for (k, name) in &s.older {
                put_varint(out, *k);
                out.extend_from_slice(&name.to_le_bytes());
            }
            put_varint(out, s.newest);
            encode_postings(&s.body, out);
        }
    }
}

/// Decodes what [`encode_entry`] wrote.
pub fn decode_entry(bytes: &[u8]) -> Option<Entry> {
    let mut at = 0;
    match get_varint(bytes, &mut at)? {
        0 => decode_postings(bytes.get(at..)?).map(Entry::Whole),
        1 => {
            let span = get_varint(bytes, &mut at)?;
            let title = match get_varint(bytes, &mut at)? {
                0 => None,
                1 => {
                    let len = get_varint(bytes, &mut at)? as usize;
                    let title = decode_postings(bytes.get(at..at.checked_add(len)?)?)?;
                    at += len;
                    Some(title)
                }
                _ => return None,
            };
            let n = get_varint(bytes, &mut at)?;
            let mut older = Vec::with_capacity(n.min(1 << 16) as usize);
            for _ in 0..n {
                let k = get_varint(bytes, &mut at)?;
                let b = bytes.get(at..at + 8)?;
                at += 8;
                older.push((k, u64::from_le_bytes(b.try_into().ok()?)));
            }
            let newest = get_varint(bytes, &mut at)?;
            let body = decode_postings(bytes.get(at..)?)?;
            Some(Entry::Split(Split {
                title,
                span: span.max(1),
                older,
                newest,
                body,
            }))
        }
        _ => None,
    }
}

impl Postings {
    /// Lists over ascending, disjoint ranges of documents, one after the other.
    pub fn concat(parts: &[&Postings]) -> Postings {
        let mut out = Postings::default();
        for p in parts {
            let base = out.positions.len() as u32;
            out.docs.extend_from_slice(&p.docs);
            out.ends.extend(p.ends.iter().map(|e| e + base));
            out.positions.extend_from_slice(&p.positions);
        }
        out
    }

    /// Two lists by document; where both hold a document, `self`'s positions come first (they
    /// must lie below `other`'s: title and body).
    pub fn merge(&self, other: &Postings) -> Postings {
        let mut out = Postings::default();
        let (mut i, mut j) = (0, 0);
        while i < self.docs.len() || j < other.docs.len() {
            let a = self.docs.get(i).copied().unwrap_or(u32::MAX);
            let b = other.docs.get(j).copied().unwrap_or(u32::MAX);
            let doc = a.min(b);
            if a == doc {
                self.at(i).iter().for_each(|&p| out.push(doc, p));
                i += 1;
            }
            if b == doc {
                other.at(j).iter().for_each(|&p| out.push(doc, p));
                j += 1;
            }
        }
        out
    }

    /// The union of lists whose documents carry disjoint positions (title and body parts of one
    /// key), by document; each document's positions sorted.
    pub fn union(lists: &[&Postings]) -> Postings {
        let mut pairs: Vec<(u32, &[u32])> = lists.iter().flat_map(|l| l.iter()).collect();
        pairs.sort_by_key(|(d, p)| (*d, p.first().copied()));
        let mut out = Postings::default();
        for (doc, positions) in pairs {
            for &p in positions {
                out.push(doc, p);
            }
        }
        out
    }

    /// The documents and positions of this list within `docs`, split in two: title positions
    /// (below [`BODY_BASE`]) and body positions.
    pub fn split_zones(&self) -> (Postings, Postings) {
        let (mut title, mut body) = (Postings::default(), Postings::default());
        for (doc, positions) in self.iter() {
            for &p in positions {
                if p < BODY_BASE {
                    title.push(doc, p);
                } else {
                    body.push(doc, p);
                }
            }
        }
        (title, body)
    }
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

/// An `attrs/<n>.bin` chunk (before gzip): the first document's date, then per document, oldest
/// first, its channel and how far its date lies from the previous document's (a `YYYYMMDD`
/// difference, zigzag: `2d` after it, `2d - 1` before it).
pub fn encode_attrs(attrs: &[Attr]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, attrs.len() as u32);
    let mut last = attrs.first().map_or(0, |a| a.date);
    put_varint(&mut out, last);
    for a in attrs {
        put_varint(&mut out, a.channel);
        let d = i64::from(a.date) - i64::from(last);
        put_varint(&mut out, ((d << 1) ^ (d >> 63)) as u32);
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
        let z = get_varint(bytes, &mut at)?;
        let d = i64::from(z >> 1) ^ -i64::from(z & 1);
        last = u32::try_from(i64::from(last) + d).ok()?;
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
    fn postings_concat_and_merge() {
        let a = Postings::from_pairs(&[(1, vec![2000]), (3, vec![1500])]);
        let b = Postings::from_pairs(&[(8, vec![1100, 1200])]);
        let body = Postings::concat(&[&a, &b]);
        assert_eq!(
            body.to_pairs(),
            vec![(1, vec![2000]), (3, vec![1500]), (8, vec![1100, 1200])]
        );
        let title = Postings::from_pairs(&[(0, vec![4]), (3, vec![1, 5])]);
        assert_eq!(
            title.merge(&body).to_pairs(),
            vec![
                (0, vec![4]),
                (1, vec![2000]),
                (3, vec![1, 5, 1500]),
                (8, vec![1100, 1200])
            ]
        );
        assert_eq!(title.merge(&body), Postings::union(&[&title, &body]));
    }

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
                channel: 0,
                date: 20251231,
            },
            Attr {
                channel: 1,
                date: 20260212,
            },
            Attr {
                channel: 1,
                date: 20240101,
            },
        ];
        assert_eq!(decode_attrs(&encode_attrs(&a)), Some(a));
        assert_eq!(
            decode_table(&encode_table(&[1, u32::MAX])),
            Some(vec![1, u32::MAX])
        );
        assert_eq!(decode_table(&[1, 2, 3]), None);
        assert_ne!(version_of(b"a"), version_of(b"b"));
        assert_eq!(version_text(0xab), "000000ab");
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
