//! Building the index (native only, used by the content tool).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;

use super::index::{
    block_name, block_path, decode_postings, encode_attrs, encode_entry, encode_postings,
    encode_shard, encode_table, put_varint, shard_of, version_of, version_text, Attr, Entry,
    Manifest, Postings, SearchDoc, Split, BODY_BASE, TABLE_SEGMENT, VERSION,
};
use super::text::{each_unit, is_latin_word, PAIR_SEPARATOR};

/// Documents per `docs/<n>.bin` chunk.
pub const DOC_CHUNK: u32 = 32;
/// Documents per `ids/<n>.bin` and `attrs/<n>.bin` chunk.
pub const ID_CHUNK: u32 = 1024;
/// The size a shard aims at before compression.
pub const SHARD_TARGET_BYTES: usize = 24 * 1024;
/// A key's list longer than this (encoded, before compression) is split ([`Entry::Split`]).
pub const SPLIT_BYTES: usize = 16 * 1024;
/// The size a block of a split list aims at (encoded, before compression).
pub const BLOCK_BYTES: usize = 16 * 1024;

/// The entry of one key, and the block files it names: split when longer than `split` bytes,
/// in blocks of about `block` bytes.
fn entry(
    postings: Postings,
    docs: u32,
    (split, block): (usize, usize),
) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    let mut whole = Vec::new();
    encode_postings(&postings, &mut whole);
    let (title, body) = postings.split_zones();
    let mut title_bytes = Vec::new();
    encode_postings(&title, &mut title_bytes);
    // Few title positions (up to a quarter of a block): in the shard, and the blocks hold the
    // body positions only.
    let (title, body) = if title_bytes.len() <= block / 4 {
        (Some(title), body)
    } else {
        (None, postings.clone())
    };
    let mut body_bytes = Vec::new();
    encode_postings(&body, &mut body_bytes);
    // Documents per block: a power of two, as many as make a block of about `block` bytes at the
    // list's density over the documents counted to the next power of two, so that adding a
    // document leaves the blocks of the lists that do not hold it as they are.
    let per_doc = body_bytes.len().max(1) as u64;
    let fit = (block as u64 * u64::from(docs.max(1).next_power_of_two()) / per_doc).max(8);
    let span = 1u32 << (63 - fit.leading_zeros()).min(31);
    let first = body.iter().next().map_or(0, |(d, _)| d / span);
    let last = body.iter().last().map_or(0, |(d, _)| d / span);
    let mut out = Vec::new();
    if whole.len() <= split || first == last {
        encode_entry(&Entry::Whole(postings), &mut out);
        return (out, Vec::new());
    }
    let mut blocks: Vec<(u32, Postings)> = Vec::new();
    for (doc, positions) in body.iter() {
        let k = doc / span;
        if blocks.last().map(|b| b.0) != Some(k) {
            blocks.push((k, Postings::default()));
        }
        let block = &mut blocks.last_mut().expect("just pushed").1;
        for &p in positions {
            block.push(doc, p);
        }
    }
    let (newest, newest_body) = blocks.pop().unwrap_or_default();
    let mut files = Vec::new();
    let mut older = Vec::new();
    for (k, block) in blocks.into_iter().rev() {
        let mut bytes = Vec::new();
        encode_postings(&block, &mut bytes);
        let bytes = gzip(&bytes);
        let name = block_name(&bytes);
        older.push((k, name));
        files.push((block_path(name), bytes));
    }
    let split = Split {
        title,
        span,
        older,
        newest,
        body: newest_body,
    };
    encode_entry(&Entry::Split(split), &mut out);
    (out, files)
}

/// A fast hash for the indexer's own maps (the multiply-rotate hash of rustc's `FxHasher`): its
/// keys are unit numbers and short unit texts, never chosen by an attacker at build time.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The low half of a single unit's key (a pair's low half is the second unit's number).
const SINGLE: u64 = u32::MAX as u64;

/// A key as numbers: the unit's number and [`SINGLE`], or the numbers of a pair of units.
fn key_code(a: u32, b: Option<u32>) -> u64 {
    u64::from(a) << 32 | b.map_or(SINGLE, u64::from)
}

/// Documents whose lists are gathered in a map of their own before they join the whole
/// index's ([`IndexBuilder`]): a common key's list grows once per batch, not once per document.
pub const BATCH_DOCS: u32 = 2048;

/// Shards encoded and compressed at once (then handed out and dropped).
const SHARD_GROUP: usize = 64;

/// One key's list while documents are added: its postings encoded as [`encode_postings`] writes
/// them, less the leading document count (and, in a batch, less the first document's number).
#[derive(Debug, Default)]
struct List {
    docs: u32,
    first_doc: u32,
    last_doc: u32,
    bytes: Vec<u8>,
}

impl List {
    /// The list as [`encode_postings`] writes it.
    fn encoded(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bytes.len() + 5);
        put_varint(&mut out, self.docs);
        out.extend_from_slice(&self.bytes);
        out
    }

    /// Its length as [`encode_postings`] writes it.
    fn encoded_len(&self) -> usize {
        varint_len(self.docs) + self.bytes.len()
    }
}

fn varint_len(v: u32) -> usize {
    (32 - v.leading_zeros() as usize).max(1).div_ceil(7)
}

/// A document cut into units: their texts (one after the other) and positions. Cut on any thread
/// ([`DocUnits::cut`]), added in document order ([`IndexBuilder::add_units`]).
#[derive(Debug, Default, Clone)]
pub struct DocUnits {
    text: String,
    /// Per unit, where its text ends in `text`, and its position.
    units: Vec<(u32, u32)>,
}

impl DocUnits {
    /// The units of a document: the pieces of its title zone (title, 文号) and of its body.
    pub fn cut(title: &[String], body: &[String]) -> Self {
        let mut doc = DocUnits::default();
        let mut pos = 0;
        for piece in title {
            let mut last = None;
            each_unit(piece, pos, |text, p, _, _| {
                // Title positions stay below the body's.
                if p < BODY_BASE - 1 {
                    doc.push(text, p);
                    last = Some(p);
                }
            });
            if let Some(last) = last {
                // A gap after each piece: phrases never run from one piece into the next.
                pos = last + 2;
            }
        }
        let mut pos = BODY_BASE;
        for piece in body {
            let mut last = None;
            each_unit(piece, pos, |text, p, _, _| {
                doc.push(text, p);
                last = Some(p);
            });
            if let Some(last) = last {
                pos = last + 2;
            }
        }
        doc
    }

    fn push(&mut self, text: &str, pos: u32) {
        self.text.push_str(text);
        self.units.push((self.text.len() as u32, pos));
    }

    /// (text, position) of each unit, in order.
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let mut start = 0;
        self.units.iter().map(move |&(end, pos)| {
            let text = &self.text[start as usize..end as usize];
            start = end;
            (text, pos)
        })
    }
}

/// Collects the postings of documents added in order (document 0 first): every unit and every
/// pair of adjacent units is a key. Unit texts are numbered once; each key's list is kept
/// encoded, first in the current batch's map ([`BATCH_DOCS`]), then appended to the whole
/// index's, so that an archive's index takes about the bytes of its lists.
#[derive(Debug)]
pub struct IndexBuilder {
    /// The unit texts, by number.
    texts: Vec<Box<str>>,
    numbers: FxMap<Box<str>, u32>,
    /// The lists of the documents before the batch, by key ([`key_code`]).
    lists: FxMap<u64, List>,
    /// The lists of the batch's documents.
    batch: FxMap<u64, List>,
    docs: u32,
    /// Documents per batch ([`BATCH_DOCS`]).
    batch_docs: u32,
    /// When a list is split, and the size of its blocks.
    split: (usize, usize),
    /// The document being added: (key, position) of each unit and pair, and unit numbers.
    scratch: Vec<(u64, u32)>,
    numbered: Vec<u32>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder {
            texts: Vec::new(),
            numbers: FxMap::default(),
            lists: FxMap::default(),
            batch: FxMap::default(),
            docs: 0,
            batch_docs: BATCH_DOCS,
            split: (SPLIT_BYTES, BLOCK_BYTES),
            scratch: Vec::new(),
            numbered: Vec::new(),
        }
    }
}

/// One shard's entries, its file and the blocks its long lists name.
struct ShardFiles {
    shard: (String, Vec<u8>),
    blocks: Vec<(String, Vec<u8>)>,
}

impl IndexBuilder {
    /// Splits lists longer than `list` bytes in blocks of about `block` bytes (rather than
    /// [`SPLIT_BYTES`] and [`BLOCK_BYTES`]; for tests).
    pub fn split_at(mut self, list: usize, block: usize) -> Self {
        self.split = (list, block);
        self
    }

    /// Gathers `docs` documents in a batch rather than [`BATCH_DOCS`] (for tests).
    pub fn batch_of(mut self, docs: u32) -> Self {
        self.batch_docs = docs.max(1);
        self
    }

    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = self.texts.len() as u32;
        self.texts.push(text.into());
        self.numbers.insert(text.into(), n);
        n
    }

    /// Adds the next document: the pieces of its title zone (title, 文号) and of its body.
    pub fn add(&mut self, title: &[String], body: &[String]) {
        self.add_units(&DocUnits::cut(title, body));
    }

    /// Adds the next document, already cut.
    pub fn add_units(&mut self, units: &DocUnits) {
        let doc = self.docs;
        self.docs += 1;
        let mut numbered = std::mem::take(&mut self.numbered);
        numbered.clear();
        numbered.extend(units.iter().map(|(text, _)| self.number(text)));
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        for (i, (&n, &(_, pos))) in numbered.iter().zip(&units.units).enumerate() {
            scratch.push((key_code(n, None), pos));
            if units.units.get(i + 1).map(|u| u.1) == Some(pos + 1) {
                scratch.push((key_code(n, Some(numbered[i + 1])), pos));
            }
        }
        // By key, each key's positions in order.
        scratch.sort_unstable();
        let mut at = 0;
        while at < scratch.len() {
            let key = scratch[at].0;
            let end = at + scratch[at..].iter().take_while(|e| e.0 == key).count();
            let list = self.batch.entry(key).or_default();
            if list.docs == 0 {
                list.first_doc = doc;
            } else {
                put_varint(&mut list.bytes, doc - list.last_doc);
            }
            put_varint(&mut list.bytes, (end - at) as u32);
            let mut last = 0;
            for &(_, p) in &scratch[at..end] {
                put_varint(&mut list.bytes, p - last);
                last = p;
            }
            list.docs += 1;
            list.last_doc = doc;
            at = end;
        }
        self.scratch = scratch;
        self.numbered = numbered;
        if self.docs % self.batch_docs == 0 {
            self.flush();
        }
    }

    /// Appends the batch's lists to the whole index's.
    fn flush(&mut self) {
        for (key, part) in self.batch.drain() {
            let list = self.lists.entry(key).or_default();
            // Grown by a quarter rather than doubled: the lists are most of the build's memory.
            let add = part.bytes.len() + 5;
            if list.bytes.capacity() - list.bytes.len() < add {
                list.bytes.reserve_exact(add + list.bytes.len() / 4);
            }
            put_varint(&mut list.bytes, part.first_doc - list.last_doc);
            list.bytes.extend_from_slice(&part.bytes);
            list.docs += part.docs;
            list.last_doc = part.last_doc;
        }
    }

    /// The key text of a key code, written into `out`.
    fn key_text(&self, code: u64, out: &mut String) {
        out.clear();
        out.push_str(&self.texts[(code >> 32) as usize]);
        if code & SINGLE != SINGLE {
            out.push(PAIR_SEPARATOR);
            out.push_str(&self.texts[(code & SINGLE) as usize]);
        }
    }

    /// The length of the key text of a key code.
    fn key_len(&self, code: u64) -> usize {
        let len = |n: u64| self.texts[n as usize].len();
        match code & SINGLE {
            SINGLE => len(code >> 32),
            b => len(code >> 32) + PAIR_SEPARATOR.len_utf8() + len(b),
        }
    }

    /// The postings by key (for tests).
    pub fn postings(mut self) -> HashMap<String, Postings> {
        self.flush();
        let mut key = String::new();
        self.lists
            .iter()
            .map(|(&code, list)| {
                self.key_text(code, &mut key);
                let postings = decode_postings(&list.encoded()).expect("lists decode");
                (key.clone(), postings)
            })
            .collect()
    }

    /// The index files, as (path under `data/search/`, bytes), the manifest last. `docs` and
    /// `attrs` are in document order (oldest first).
    pub fn files(
        self,
        docs: &[SearchDoc],
        attrs: &[Attr],
        channels: &[String],
    ) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        self.write_files(docs, attrs, channels, |name, bytes| {
            files.push((name.to_string(), bytes));
            Ok::<(), ()>(())
        })
        .expect("collecting cannot fail");
        files
    }

    /// Hands each index file to `out` as it is made, as (path under `data/search/`, bytes), the
    /// manifest last, and drops the lists as their shards are made. `docs` and `attrs` are in
    /// document order (oldest first).
    pub fn write_files<E>(
        mut self,
        docs: &[SearchDoc],
        attrs: &[Attr],
        channels: &[String],
        mut out: impl FnMut(&str, Vec<u8>) -> Result<(), E>,
    ) -> Result<Manifest, E> {
        self.flush();
        let (count, split) = (self.docs, self.split);
        self.numbers = FxMap::default();
        let lists: Vec<(u64, List)> = std::mem::take(&mut self.lists).into_iter().collect();
        // The size of the shards' contents decides how many there are: a long list counts for
        // what a split entry keeps in the shard, at most a split's size.
        let mut key = String::new();
        let mut total = 0;
        let mut words = Vec::new();
        for (code, list) in &lists {
            total += self.key_len(*code) + 1 + list.encoded_len().min(split.0) + 4;
            if code & SINGLE == SINGLE {
                self.key_text(*code, &mut key);
                if is_latin_word(&key) {
                    words.push(key.clone());
                }
            }
        }
        words.sort();
        let shards = total.div_ceil(SHARD_TARGET_BYTES).max(1) as u32;
        let mut by_shard: Vec<Vec<(u64, List)>> = Vec::new();
        by_shard.resize_with(shards as usize, Vec::new);
        for (code, list) in lists {
            self.key_text(code, &mut key);
            by_shard[shard_of(&key, shards) as usize].push((code, list));
        }
        let this = &self;
        // Shards, then `docs/` chunks: the order of the versions tables.
        let mut table: Vec<u32> = Vec::with_capacity(shards as usize);
        let mut blocks_made = std::collections::HashSet::new();
        let mut groups = by_shard.into_iter().enumerate().peekable();
        while groups.peek().is_some() {
            let group: Vec<(usize, Vec<(u64, List)>)> = groups.by_ref().take(SHARD_GROUP).collect();
            for made in in_parallel(group, |(n, lists)| this.shard(n, lists, count, split)) {
                let (name, bytes) = made.shard;
                table.push(version_of(&bytes));
                out(&name, bytes)?;
                for (name, bytes) in made.blocks {
                    if blocks_made.insert(name.clone()) {
                        out(&name, bytes)?;
                    }
                }
            }
        }
        let chunks: Vec<(usize, &[SearchDoc])> =
            docs.chunks(DOC_CHUNK as usize).enumerate().collect();
        for (name, bytes) in in_parallel(chunks, |(n, chunk)| {
            let json = serde_json::to_vec(chunk).expect("search docs serialize");
            (format!("docs/{n}.bin"), gzip(&json))
        }) {
            table.push(version_of(&bytes));
            out(&name, bytes)?;
        }
        let mut tables = Vec::new();
        for (k, segment) in table.chunks(TABLE_SEGMENT as usize).enumerate() {
            let bytes = gzip(&encode_table(segment));
            tables.push(version_text(version_of(&bytes)));
            out(&format!("versions/{k}.bin"), bytes)?;
        }
        let (mut ids, mut attr_versions) = (Vec::new(), Vec::new());
        for (n, chunk) in docs.chunks(ID_CHUNK as usize).enumerate() {
            let list: Vec<&str> = chunk.iter().map(|d| d.id.as_str()).collect();
            let bytes = gzip(list.join("\n").as_bytes());
            ids.push(version_text(version_of(&bytes)));
            out(&format!("ids/{n}.bin"), bytes)?;
        }
        for (n, chunk) in attrs.chunks(ID_CHUNK as usize).enumerate() {
            let bytes = gzip(&encode_attrs(chunk));
            attr_versions.push(version_text(version_of(&bytes)));
            out(&format!("attrs/{n}.bin"), bytes)?;
        }
        let manifest = Manifest {
            version: VERSION,
            docs: count,
            shards,
            doc_chunk: DOC_CHUNK,
            id_chunk: ID_CHUNK,
            channels: channels.to_vec(),
            words,
            ids,
            attrs: attr_versions,
            tables,
        };
        let mut json = serde_json::to_vec(&manifest).expect("manifest serializes");
        json.push(b'\n');
        out("manifest.json", json)?;
        Ok(manifest)
    }

    /// Shard `n` of the lists in it (then dropped), and the blocks of its long lists.
    fn shard(
        &self,
        n: usize,
        lists: Vec<(u64, List)>,
        count: u32,
        split: (usize, usize),
    ) -> ShardFiles {
        let mut blocks = Vec::new();
        let mut entries: Vec<(String, Vec<u8>)> = lists
            .into_iter()
            .map(|(code, list)| {
                let mut key = String::new();
                self.key_text(code, &mut key);
                let bytes = if list.encoded_len() > split.0 {
                    let postings = decode_postings(&list.encoded()).expect("lists decode");
                    let (bytes, files) = entry(postings, count, split);
                    blocks.extend(files);
                    bytes
                } else {
                    let mut bytes = Vec::with_capacity(list.encoded_len() + 1);
                    bytes.push(0);
                    put_varint(&mut bytes, list.docs);
                    bytes.extend_from_slice(&list.bytes);
                    bytes
                };
                (key, bytes)
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let list: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(k, b)| (k.as_str(), b.as_slice()))
            .collect();
        ShardFiles {
            shard: (format!("shards/{n}.bin"), gzip(&encode_shard(&list))),
            blocks,
        }
    }
}

/// `f` of every item, on as many threads as there are cores, in the items' order.
fn in_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 2 {
        return items.into_iter().map(f).collect();
    }
    let size = items.len().div_ceil(threads);
    let mut parts: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(size).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an index worker panicked"))
            .collect()
    })
}

/// Gzip at level 6 (the browser inflates with `DecompressionStream`): the index's binary lists
/// gain next to nothing from a higher level, which takes several times as long.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{decode_attrs, decode_entry, decode_shard, FileTable, TableFile};
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    /// The postings of each unit and pair of adjacent units, gathered one position at a time.
    fn plain_postings(docs: &[(Vec<String>, Vec<String>)]) -> HashMap<String, Postings> {
        use crate::search::text::{bigram, unigram, units};
        let mut out: HashMap<String, Postings> = HashMap::new();
        for (doc, (title, body)) in docs.iter().enumerate() {
            let mut all = Vec::new();
            let mut pos = 0;
            for piece in title {
                let us: Vec<_> = units(piece, pos)
                    .into_iter()
                    .filter(|u| u.pos < BODY_BASE - 1)
                    .collect();
                if let Some(last) = us.last() {
                    pos = last.pos + 2;
                }
                all.push(us);
            }
            let mut pos = BODY_BASE;
            for piece in body {
                let us = units(piece, pos);
                if let Some(last) = us.last() {
                    pos = last.pos + 2;
                }
                all.push(us);
            }
            for us in all {
                for (i, u) in us.iter().enumerate() {
                    let doc = doc as u32;
                    out.entry(unigram(&u.text)).or_default().push(doc, u.pos);
                    if let Some(next) = us.get(i + 1).filter(|n| n.pos == u.pos + 1) {
                        out.entry(bigram(&u.text, &next.text))
                            .or_default()
                            .push(doc, u.pos);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn batches_give_the_lists_of_a_plain_pass() {
        let words = [
            "通知",
            "信息通信",
            "5G",
            "管理",
            "EFLOPS",
            "第",
            "2026",
            "号",
            "，",
        ];
        let docs: Vec<(Vec<String>, Vec<String>)> = (0..40usize)
            .map(|d| {
                let pick = |k: usize| words[(d * 7 + k * 3 + d / 5) % words.len()];
                let title = vec![format!("{}{}", pick(0), pick(1)), format!("第{d}号")];
                let body = (0..(d % 4))
                    .map(|p| (0..5).map(|k| pick(p + k)).collect::<String>())
                    .collect();
                (title, body)
            })
            .collect();
        let want = plain_postings(&docs);
        assert!(
            want.values().any(|p| p.len() > 10),
            "some keys span batches"
        );
        for batch in [1, 3, 16, BATCH_DOCS] {
            let mut b = IndexBuilder::default().batch_of(batch);
            for (title, body) in &docs {
                b.add(title, body);
            }
            assert_eq!(b.postings(), want, "batches of {batch}");
        }
    }

    #[test]
    fn files_hold_every_key_in_its_shard() {
        let mut b = IndexBuilder::default();
        b.add(&["关于5G的通知".into()], &["正文EFLOPS一段".to_string()]);
        b.add(
            &["第二篇".into()],
            &["IPv6".to_string(), "一段".to_string()],
        );
        let doc = |id: &str| SearchDoc {
            id: id.into(),
            ..SearchDoc::default()
        };
        let docs = vec![doc("a"), doc("b")];
        let attrs = vec![
            Attr {
                channel: 0,
                date: 20260101,
            },
            Attr {
                channel: 1,
                date: 20260102,
            },
        ];
        let files = b.files(&docs, &attrs, &["a".into(), "b".into()]);
        let manifest: Manifest =
            serde_json::from_slice(&files.iter().find(|f| f.0 == "manifest.json").unwrap().1)
                .unwrap();
        assert_eq!(manifest.docs, 2);
        assert_eq!(
            manifest.words,
            vec!["eflops".to_string(), "g".into(), "ipv".into()]
        );
        let shard = |key: &str| {
            let name = format!("shards/{}.bin", shard_of(key, manifest.shards));
            let bytes = gunzip(&files.iter().find(|f| f.0 == name).unwrap().1);
            let entries = decode_shard(&bytes).unwrap();
            let (_, p) = entries.into_iter().find(|(k, _)| k == key).unwrap();
            match decode_entry(&p).unwrap() {
                Entry::Whole(p) => p.to_pairs(),
                Entry::Split(_) => unreachable!("a short list"),
            }
        };
        assert_eq!(
            shard("一 段"),
            vec![(0, vec![BODY_BASE + 3]), (1, vec![BODY_BASE + 3])]
        );
        assert_eq!(shard("5 g"), vec![(0, vec![2])]);
        let file = |name: &str| &files.iter().find(|f| f.0 == name).unwrap().1;
        assert_eq!(decode_attrs(&gunzip(file("attrs/0.bin"))).unwrap(), attrs);
        assert_eq!(
            String::from_utf8(gunzip(file("ids/0.bin"))).unwrap(),
            "a\nb"
        );
        // Every file's version is the hash of its bytes, found where the manifest says.
        assert_eq!(
            manifest.ids,
            vec![version_text(version_of(file("ids/0.bin")))]
        );
        assert_eq!(
            manifest.attrs,
            vec![version_text(version_of(file("attrs/0.bin")))]
        );
        let table = file("versions/0.bin");
        assert_eq!(manifest.tables, vec![version_text(version_of(table))]);
        let table = crate::search::index::decode_table(&gunzip(table)).unwrap();
        for kind in [TableFile::Shard(0), TableFile::Docs(0)] {
            let n = manifest.entry(kind) as usize;
            assert_eq!(table[n], version_of(file(&kind.path())));
        }
    }
}
