//! Building the index (native only, used by the content tool).

use std::collections::HashMap;
use std::io::Write;

use super::index::{
    block_name, block_path, encode_attrs, encode_entry, encode_postings, encode_shard,
    encode_table, shard_of, version_of, version_text, Attr, Entry, Manifest, Postings, SearchDoc,
    Split, BODY_BASE, TABLE_SEGMENT, VERSION,
};
use super::text::{bigram, is_latin_word, unigram, units, Unit};

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

/// Collects the postings of documents added in order (document 0 first).
#[derive(Debug)]
pub struct IndexBuilder {
    postings: HashMap<String, Postings>,
    docs: u32,
    /// When a list is split, and the size of its blocks.
    split: (usize, usize),
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder {
            postings: HashMap::new(),
            docs: 0,
            split: (SPLIT_BYTES, BLOCK_BYTES),
        }
    }
}

impl IndexBuilder {
    /// Splits lists longer than `list` bytes in blocks of about `block` bytes (rather than
    /// [`SPLIT_BYTES`] and [`BLOCK_BYTES`]; for tests).
    pub fn split_at(mut self, list: usize, block: usize) -> Self {
        self.split = (list, block);
        self
    }

    fn record(&mut self, doc: u32, us: &[Unit]) {
        for (i, u) in us.iter().enumerate() {
            self.push(unigram(&u.text), doc, u.pos);
            if let Some(next) = us.get(i + 1) {
                if next.pos == u.pos + 1 {
                    self.push(bigram(&u.text, &next.text), doc, u.pos);
                }
            }
        }
    }

    fn push(&mut self, key: String, doc: u32, pos: u32) {
        self.postings.entry(key).or_default().push(doc, pos);
    }

    /// Adds the next document: the pieces of its title zone (title, 文号) and of its body.
    pub fn add(&mut self, title: &[String], body: &[String]) {
        let doc = self.docs;
        self.docs += 1;
        let mut pos = 0;
        for piece in title {
            let us: Vec<Unit> = units(piece, pos)
                .into_iter()
                .filter(|u| u.pos < BODY_BASE - 1)
                .collect();
            if let Some(last) = us.last() {
                // A gap after each piece: phrases never run from one piece into the next.
                pos = last.pos + 2;
            }
            self.record(doc, &us);
        }
        let mut pos = BODY_BASE;
        for piece in body {
            let us = units(piece, pos);
            if let Some(last) = us.last() {
                pos = last.pos + 2;
            }
            self.record(doc, &us);
        }
    }

    /// The postings by key (for tests).
    pub fn postings(self) -> HashMap<String, Postings> {
        self.postings
    }

    /// The index files, as (path under `data/search/`, bytes), the manifest last. `docs` and
    /// `attrs` are in document order (oldest first).
    pub fn files(
        self,
        docs: &[SearchDoc],
        attrs: &[Attr],
        channels: &[String],
    ) -> Vec<(String, Vec<u8>)> {
        let (count, split) = (self.docs, self.split);
        let mut blocks = Vec::new();
        let lists: Vec<(String, Postings)> = self.postings.into_iter().collect();
        let mut entries: Vec<(String, Vec<u8>)> = in_parallel(lists, |(key, postings)| {
            let (bytes, files) = entry(postings, count, split);
            (key, bytes, files)
        })
        .into_iter()
        .map(|(key, bytes, files)| {
            blocks.extend(files);
            (key, bytes)
        })
        .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        blocks.sort();
        blocks.dedup();
        let total: usize = entries.iter().map(|(k, p)| k.len() + p.len() + 4).sum();
        let shards = total.div_ceil(SHARD_TARGET_BYTES).max(1) as u32;
        let words: Vec<String> = entries
            .iter()
            .map(|(k, _)| k)
            .filter(|k| is_latin_word(k))
            .cloned()
            .collect();
        let mut by_shard: Vec<Vec<(&str, &[u8])>> = vec![Vec::new(); shards as usize];
        for (key, bytes) in &entries {
            by_shard[shard_of(key, shards) as usize].push((key, bytes));
        }
        let mut files: Vec<(String, Vec<u8>)> =
            in_parallel(by_shard.into_iter().enumerate().collect(), |(n, list)| {
                (format!("shards/{n}.bin"), gzip(&encode_shard(&list)))
            });
        let chunks: Vec<(usize, &[SearchDoc])> =
            docs.chunks(DOC_CHUNK as usize).enumerate().collect();
        files.extend(in_parallel(chunks, |(n, chunk)| {
            let json = serde_json::to_vec(chunk).expect("search docs serialize");
            (format!("docs/{n}.bin"), gzip(&json))
        }));
        files.extend(blocks);
        // Shards, then `docs/` chunks: the order of the versions tables.
        let table: Vec<u32> = files
            .iter()
            .filter(|(name, _)| !name.starts_with("blocks/"))
            .map(|(_, b)| version_of(b))
            .collect();
        let mut tables = Vec::new();
        for (k, segment) in table.chunks(TABLE_SEGMENT as usize).enumerate() {
            let bytes = gzip(&encode_table(segment));
            tables.push(version_text(version_of(&bytes)));
            files.push((format!("versions/{k}.bin"), bytes));
        }
        let (mut ids, mut attr_versions) = (Vec::new(), Vec::new());
        for (n, chunk) in docs.chunks(ID_CHUNK as usize).enumerate() {
            let list: Vec<&str> = chunk.iter().map(|d| d.id.as_str()).collect();
            let bytes = gzip(list.join("\n").as_bytes());
            ids.push(version_text(version_of(&bytes)));
            files.push((format!("ids/{n}.bin"), bytes));
        }
        for (n, chunk) in attrs.chunks(ID_CHUNK as usize).enumerate() {
            let bytes = gzip(&encode_attrs(chunk));
            attr_versions.push(version_text(version_of(&bytes)));
            files.push((format!("attrs/{n}.bin"), bytes));
        }
        let manifest = Manifest {
            version: VERSION,
            docs: self.docs,
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
        files.push(("manifest.json".to_string(), json));
        files
    }
}

/// Gzip at the best compression (the browser inflates with `DecompressionStream`).
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

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
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
