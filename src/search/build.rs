//! Building the index (native only, used by the content tool).

use std::collections::HashMap;
use std::io::Write;

use super::index::{
    encode_attrs, encode_postings, encode_shard, shard_of, Attr, Manifest, Postings, SearchDoc,
    BODY_BASE, VERSION,
};
use super::text::{bigram, is_latin_word, unigram, units, Unit};

/// Documents per `docs/<n>.bin` chunk.
pub const DOC_CHUNK: u32 = 32;
/// The size a shard aims at before compression.
pub const SHARD_TARGET_BYTES: usize = 24 * 1024;

/// Collects the postings of documents added in order (document 0 first).
#[derive(Debug, Default)]
pub struct IndexBuilder {
    postings: HashMap<String, Postings>,
    docs: u32,
}

impl IndexBuilder {
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

    /// The index files, as (path under `data/search/`, bytes), and the manifest.
    pub fn files(
        self,
        docs: &[SearchDoc],
        attrs: &[Attr],
        channels: &[String],
    ) -> Vec<(String, Vec<u8>)> {
        let mut entries: Vec<(String, Vec<u8>)> = self
            .postings
            .into_iter()
            .map(|(key, postings)| {
                let mut bytes = Vec::new();
                encode_postings(&postings, &mut bytes);
                (key, bytes)
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
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
        let mut files = Vec::new();
        for (n, list) in by_shard.iter().enumerate() {
            files.push((format!("shards/{n}.bin"), gzip(&encode_shard(list))));
        }
        for (n, chunk) in docs.chunks(DOC_CHUNK as usize).enumerate() {
            let json = serde_json::to_vec(chunk).expect("search docs serialize");
            files.push((format!("docs/{n}.bin"), gzip(&json)));
        }
        files.push(("attrs.bin".to_string(), gzip(&encode_attrs(attrs))));
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        files.push(("ids.bin".to_string(), gzip(ids.join("\n").as_bytes())));
        let digest = files
            .iter()
            .fold(0xcbf2_9ce4_8422_2325u64, |h, (name, bytes)| {
                name.bytes().chain(bytes.iter().copied()).fold(h, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
                })
            });
        let manifest = Manifest {
            version: VERSION,
            build: format!("{digest:016x}"),
            docs: self.docs,
            shards,
            doc_chunk: DOC_CHUNK,
            channels: channels.to_vec(),
            words,
        };
        let mut json = serde_json::to_vec(&manifest).expect("manifest serializes");
        json.push(b'\n');
        files.push(("manifest.json".to_string(), json));
        files
    }
}

/// Gzip at the best compression (the browser inflates with `DecompressionStream`).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{decode_attrs, decode_postings, decode_shard};
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
                date: 20260102,
            },
            Attr {
                channel: 1,
                date: 20260101,
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
            decode_postings(&p).unwrap().to_pairs()
        };
        assert_eq!(
            shard("一 段"),
            vec![(0, vec![BODY_BASE + 3]), (1, vec![BODY_BASE + 3])]
        );
        assert_eq!(shard("5 g"), vec![(0, vec![2])]);
        let attrs_file = gunzip(&files.iter().find(|f| f.0 == "attrs.bin").unwrap().1);
        assert_eq!(decode_attrs(&attrs_file).unwrap(), attrs);
        let ids_file = gunzip(&files.iter().find(|f| f.0 == "ids.bin").unwrap().1);
        assert_eq!(String::from_utf8(ids_file).unwrap(), "a\nb");
    }
}
