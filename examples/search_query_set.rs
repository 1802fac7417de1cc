//! For the search benchmark (`scripts/bench-search.sh`): reads a site built by the content tool
//! and, for each query given, prints one JSON line with the notice ids a plain substring scan of
//! every notice's text expects (the same rule as `tests/search.rs`) and the ids Bulletin's index
//! finds (the functions the app runs, on the files the app downloads).
//!
//! `cargo run --release --example search_query_set -- <site-dir> <query>…`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

/// Nothing to run in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::{BTreeSet, HashMap};
    use std::io::Read;
    use std::path::Path;

    use bulletin::contract::model::Notice;
    use bulletin::search::index::{
        decode_postings, decode_shard, notice_text, Manifest, NoticeText, SearchDoc,
    };
    use bulletin::search::query::{parse, search};
    use bulletin::search::text::{fold, is_cjk};

    fn gunzip(path: &Path) -> Vec<u8> {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .expect("gzip");
        out
    }

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

    pub fn main() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let site = Path::new(&args[0]);
        let dir = site.join("data/search");
        let manifest: Manifest =
            serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest"))
                .expect("manifest");
        let mut postings = HashMap::new();
        for n in 0..manifest.shards {
            for (key, bytes) in decode_shard(&gunzip(&dir.join(format!("shards/{n}.bin")))).unwrap()
            {
                postings.insert(key, decode_postings(&bytes).unwrap());
            }
        }
        let mut docs: Vec<SearchDoc> = Vec::new();
        for n in 0..manifest.docs.div_ceil(manifest.doc_chunk) {
            let chunk: Vec<SearchDoc> =
                serde_json::from_slice(&gunzip(&dir.join(format!("docs/{n}.bin")))).unwrap();
            docs.extend(chunk);
        }
        let texts: Vec<NoticeText> = docs
            .iter()
            .map(|d| {
                let path = site.join(format!("data/notices/{}.json", d.id));
                let notice: Notice = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
                notice_text(&notice)
            })
            .collect();
        for arg in &args[1..] {
            // `typo:word`: search the typo, expect the notices that hold the word.
            let (q, wanted, typo_of) = match arg.split_once(':') {
                Some((typo, word)) => (typo, word, Some(word)),
                None => (arg.as_str(), arg.as_str(), None),
            };
            let expected: BTreeSet<&str> = docs
                .iter()
                .zip(&texts)
                .filter(|(_, t)| {
                    wanted.split_whitespace().all(|term| {
                        t.title
                            .iter()
                            .chain(&t.body)
                            .any(|p| contains_term(&fold(p), &fold(term)))
                    })
                })
                .map(|(d, _)| d.id.as_str())
                .collect();
            let query = parse(q, &manifest.words);
            let outcome = search(&query, &|k| postings.get(k));
            let found: Vec<&str> = outcome
                .hits
                .iter()
                .map(|h| docs[h.doc as usize].id.as_str())
                .collect();
            println!(
                "{}",
                serde_json::json!({"q": q, "typo_of": typo_of, "expected": expected, "found": found, "exact": outcome.exact})
            );
        }
    }
}
