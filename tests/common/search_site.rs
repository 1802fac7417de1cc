//! A site built by the content tool, read back as the app reads it (its search files and every
//! notice's text), and the plain scan that the search tests (`tests/search.rs`) and the search
//! benchmark (`bench/search_query_set.rs`, which includes this file) hold the index to: the notices
//! whose text contains every term of a query, found without any of the index's code.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use bulletin::contract::model::Notice;
use bulletin::search::index::{
    block_path, decode_attrs, decode_entry, decode_postings, decode_shard, notice_text, Attr,
    Entry, Manifest, NoticeText, Postings, SearchDoc,
};
use bulletin::search::text::{fold, is_cjk};

/// A built site's search files, all loaded, and every notice's text.
pub struct SearchSite {
    pub manifest: Manifest,
    /// Every key's whole list (a split list with all its blocks).
    pub postings: HashMap<String, Postings>,
    /// Every key's entry as its shard holds it.
    pub entries: HashMap<String, Entry>,
    /// Every block file of the split lists, by name.
    pub blocks: HashMap<u64, Postings>,
    pub docs: Vec<SearchDoc>,
    pub attrs: Vec<Attr>,
    pub texts: Vec<NoticeText>,
}

impl SearchSite {
    /// Reads the search files and the notices of the site built into `site`.
    pub fn read(site: &Path) -> SearchSite {
        let dir = site.join("data/search");
        let mut read = Self::index(&|name| {
            let path = dir.join(name);
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        });
        read.texts = read
            .docs
            .iter()
            .map(|d| {
                let path = site.join(format!("data/notices/{}.json", d.id));
                let notice: Notice = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
                notice_text(&notice)
            })
            .collect();
        read
    }

    /// The search files (`file` reads one, by its path under `data/search/`), without the texts.
    pub fn index(file: &dyn Fn(&str) -> Vec<u8>) -> SearchSite {
        let manifest: Manifest = serde_json::from_slice(&file("manifest.json")).unwrap();
        let (mut postings, mut entries, mut blocks) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        for n in 0..manifest.shards {
            for (key, bytes) in decode_shard(&gunzip(&file(&format!("shards/{n}.bin")))).unwrap() {
                let entry = decode_entry(&bytes).unwrap();
                let whole = match &entry {
                    Entry::Whole(p) => p.clone(),
                    Entry::Split(s) => {
                        let mut parts: Vec<Postings> =
                            s.title.iter().chain([&s.body]).cloned().collect();
                        for (_, name) in &s.older {
                            let block =
                                decode_postings(&gunzip(&file(&block_path(*name)))).unwrap();
                            blocks.insert(*name, block.clone());
                            parts.push(block);
                        }
                        Postings::union(&parts.iter().collect::<Vec<_>>())
                    }
                };
                postings.insert(key.clone(), whole);
                entries.insert(key, entry);
            }
        }
        let mut docs = Vec::new();
        for n in 0..manifest.docs.div_ceil(manifest.doc_chunk) {
            let chunk: Vec<SearchDoc> =
                serde_json::from_slice(&gunzip(&file(&format!("docs/{n}.bin")))).unwrap();
            docs.extend(chunk);
        }
        assert_eq!(docs.len(), manifest.docs as usize);
        let mut attrs = Vec::new();
        for n in 0..manifest.docs.div_ceil(manifest.id_chunk) {
            attrs.extend(decode_attrs(&gunzip(&file(&format!("attrs/{n}.bin")))).unwrap());
        }
        assert_eq!(attrs.len(), manifest.docs as usize);
        SearchSite {
            manifest,
            postings,
            entries,
            blocks,
            docs,
            attrs,
            texts: Vec::new(),
        }
    }

    /// The ids whose text holds every term of `q` as written (folded), not inside a longer
    /// word or number: a plain scan.
    pub fn scan(&self, q: &str) -> BTreeSet<String> {
        self.docs
            .iter()
            .zip(&self.texts)
            .filter(|(_, t)| {
                q.split_whitespace().all(|term| {
                    t.title
                        .iter()
                        .chain(&t.body)
                        .any(|piece| contains_term(&fold(piece), &fold(term)))
                })
            })
            .map(|(d, _)| d.id.clone())
            .collect()
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// 0 for a character that ends a word on its own (CJK, punctuation, space), 1 for a digit, 2 for a
/// letter: a term does not match inside a longer run of its own kind.
fn kind(c: char) -> u8 {
    if is_cjk(c) || !c.is_alphanumeric() {
        0
    } else if c.is_numeric() {
        1
    } else {
        2
    }
}

fn contains_term(text: &str, term: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let q: Vec<char> = term.chars().collect();
    if q.is_empty() || q.len() > t.len() {
        return false;
    }
    (0..=t.len() - q.len()).any(|i| {
        t[i..i + q.len()] == q[..]
            && (i == 0 || kind(t[i - 1]) == 0 || kind(t[i - 1]) != kind(q[0]))
            && (i + q.len() == t.len()
                || kind(t[i + q.len()]) == 0
                || kind(t[i + q.len()]) != kind(q[q.len() - 1]))
    })
}
