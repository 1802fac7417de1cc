//! For the search benchmark (`scripts/bench-search.sh`): reads a site built by the content tool
//! and, for each query given, prints one JSON line with the notice ids a plain substring scan of
//! every notice's text expects (the scan of `tests/search.rs`, from the file it includes) and the
//! ids Bulletin's index finds (the functions the app runs, on the files the app downloads).
//!
//! `cargo run --profile tool --example search_query_set -- <site-dir> <query>…`

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/common/search_site.rs"]
#[allow(dead_code)] // what the search tests read besides
mod search_site;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::path::Path;

    use bulletin::search::query::{parse, search};

    let args: Vec<String> = std::env::args().skip(1).collect();
    let site = search_site::SearchSite::read(Path::new(&args[0]));
    for arg in &args[1..] {
        // `typo:word`: search the typo, expect the notices that hold the word.
        let (q, wanted, typo_of) = match arg.split_once(':') {
            Some((typo, word)) => (typo, word, Some(word)),
            None => (arg.as_str(), arg.as_str(), None),
        };
        let expected = site.scan(wanted);
        let query = parse(q, &site.manifest.words);
        let outcome = search(&query, &|k| site.postings.get(k));
        let found: Vec<&str> = outcome
            .hits
            .iter()
            .map(|h| site.docs[h.doc as usize].id.as_str())
            .collect();
        println!(
            "{}",
            serde_json::json!({"q": q, "typo_of": typo_of, "expected": expected, "found": found, "exact": outcome.exact})
        );
    }
}

/// Nothing to run in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
