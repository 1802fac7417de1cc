//! The search index against a query set: the sample content (expected notice ids written out) and
//! a generated corpus (expected ids from a plain substring scan of every notice's text, which
//! shares no code with the index). Runs the same functions the app runs, on the files the content
//! tool writes.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bulletin::search::params::SearchParams;
use bulletin::search::query::{parse, search, Sort};
use common::repo;
use common::search_site::SearchSite as Site;

fn build(content: &Path, out: &Path) -> Site {
    let options = bulletin::tool::content::Options {
        progress: false,
        ..Default::default()
    };
    bulletin::tool::content::build(content, out, &options).expect("the content builds");
    Site::read(out)
}

impl Site {
    /// The ids the index finds, in order, and whether they match exactly.
    fn find(&self, params: &SearchParams) -> (Vec<String>, bool) {
        let query = parse(&params.q, &self.manifest.words);
        let outcome = search(&query, &|k| self.postings.get(k));
        let mut hits = outcome.hits;
        params.apply(&mut hits, &self.manifest.channels, &self.attrs, &[]);
        let ids = hits
            .iter()
            .map(|h| self.docs[h.doc as usize].id.clone())
            .collect();
        (ids, outcome.exact)
    }

    fn ids(&self, q: &str) -> Vec<String> {
        self.find(&SearchParams {
            q: q.to_string(),
            ..Default::default()
        })
        .0
    }
}

fn target() -> PathBuf {
    repo().join("target/test-search")
}

fn sample() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| build(&repo().join("content"), &target().join("sample")))
}

/// 1,500 generated notices (tools/gen-corpus.py, fixed seed).
fn corpus() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = target().join("corpus");
        let status = std::process::Command::new("python3")
            .arg(repo().join("tools/gen-corpus.py"))
            .args(["--count", "1500", "--force", "--quiet", "--out"])
            .arg(&dir)
            .status()
            .expect("python3 runs");
        assert!(status.success());
        build(&dir, &target().join("corpus-site"))
    })
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn sample_content_query_set() {
    let site = sample();
    let cases: &[(&str, &[&str])] = &[
        // A substring inside a sentence.
        ("智算总规模", &["2026-work-conference"]),
        // Mixed scripts, case folded, inside 70EFLOPS.
        ("eflops", &["2026-work-conference"]),
        ("ＥＦＬＯＰＳ", &["2026-work-conference"]),
        // The 文号 of a policy file.
        ("浙通管〔2026〕5号", &["business-environment-measures-2026"]),
        // One typo in a Latin word (EFLOPS).
        ("EFLOSP", &["2026-work-conference"]),
    ];
    for (q, expected) in cases {
        let found: BTreeSet<String> = site.ids(q).into_iter().collect();
        assert_eq!(found, set(expected), "query {q}");
    }
}

#[test]
fn sample_content_matches_the_scan() {
    let site = sample();
    for q in [
        "信息通信",
        "5G",
        "一是",
        "暖心服务",
        "千兆",
        "申诉",
        "网络安全 技能竞赛",
        "工",
    ] {
        let found: BTreeSet<String> = site.ids(q).into_iter().collect();
        let expected = site.scan(q);
        assert!(!expected.is_empty(), "{q} is in the sample content");
        assert_eq!(found, expected, "query {q}");
    }
}

#[test]
fn sample_content_title_hits_first() {
    let site = sample();
    let ids = site.ids("5G基站");
    assert_eq!(ids[0], "5g-base-stations-exceed-300000");
}

#[test]
fn sample_content_filters_and_sort() {
    let site = sample();
    let all = site.ids("信息通信");
    let params = SearchParams {
        q: "信息通信".into(),
        channel: Some("tzgg".into()),
        ..Default::default()
    };
    let (tzgg, _) = site.find(&params);
    assert!(!tzgg.is_empty() && tzgg.len() < all.len());
    for id in &tzgg {
        let d = site.docs.iter().find(|d| d.id == *id).unwrap();
        assert_eq!(d.channel, "tzgg");
    }
    let params = SearchParams {
        q: "信息通信".into(),
        from: Some("2026-01-01".into()),
        sort: Sort::Date,
        ..Default::default()
    };
    let (recent, _) = site.find(&params);
    assert!(!recent.is_empty() && recent.len() < all.len());
    let dates: Vec<&str> = recent
        .iter()
        .map(|id| {
            site.docs
                .iter()
                .find(|d| d.id == *id)
                .unwrap()
                .published
                .as_str()
        })
        .collect();
    assert!(dates.iter().all(|d| *d >= "2026-01-01"));
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[test]
fn sample_content_no_results() {
    let (ids, _) = sample().find(&SearchParams {
        q: "量子引力波".into(),
        ..Default::default()
    });
    assert!(ids.is_empty());
}

/// Queries over the generated corpus where Pagefind misses pages (see docs/search.md).
const CORPUS_QUERIES: &[&str] = &[
    "信息通",
    "通信管",
    "21号",
    "用算",
    "浙通管〔2026〕21号",
    "浙通管〔2026〕121号",
    "70EFLOPS",
    "EFLOPS",
    "5G",
    "FTTR",
    "进一步",
    "算力",
    "督导",
    "电信 诈骗",
];

#[test]
fn corpus_query_set_matches_the_scan() {
    let site = corpus();
    for q in CORPUS_QUERIES {
        let (found, exact) = site.find(&SearchParams {
            q: q.to_string(),
            ..Default::default()
        });
        let expected = site.scan(q);
        assert!(!expected.is_empty(), "{q} is in the corpus");
        assert!(exact, "{q} matches exactly");
        assert_eq!(
            found.iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "query {q}"
        );
    }
}

#[test]
fn corpus_doc_number_ranks_its_own_notice_first() {
    let site = corpus();
    for number in ["浙通管〔2026〕21号", "浙通管〔2026〕121号"] {
        let ids = site.ids(number);
        let own: Vec<usize> = site
            .texts
            .iter()
            .enumerate()
            .filter(|(_, t)| t.title.get(1).map(String::as_str) == Some(number))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(own.len(), 1, "one notice has {number}");
        assert_eq!(ids[0], site.docs[own[0]].id, "{number} first");
    }
}

#[test]
fn corpus_typo_finds_the_word() {
    let site = corpus();
    assert_eq!(
        site.ids("FTRR").into_iter().collect::<BTreeSet<_>>(),
        site.scan("FTTR")
    );
    assert_eq!(
        site.ids("eflosp").into_iter().collect::<BTreeSet<_>>(),
        site.scan("eflops")
    );
}

#[test]
fn corpus_filters_keep_only_matching_notices() {
    let site = corpus();
    let params = SearchParams {
        q: "通信管".into(),
        channel: Some("tzgg".into()),
        from: Some("2024-01-01".into()),
        to: Some("2025-06-30".into()),
        ..Default::default()
    };
    let (found, _) = site.find(&params);
    let expected: BTreeSet<String> = site
        .scan("通信管")
        .into_iter()
        .filter(|id| {
            let d = site.docs.iter().find(|d| d.id == *id).unwrap();
            d.channel == "tzgg"
                && d.published[..10] >= *"2024-01-01"
                && d.published[..10] <= *"2025-06-30"
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(found.into_iter().collect::<BTreeSet<_>>(), expected);
}
