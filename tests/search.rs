//! The search index against a query set: the sample content (expected notice ids written out) and
//! a generated corpus (expected ids from a plain substring scan of every notice's text, which
//! shares no code with the index). Runs the same functions the app runs, on the files the content
//! tool writes.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use std::collections::HashMap;

use bulletin::search::build::IndexBuilder;
use bulletin::search::index::{
    decode_table, shard_of, version_of, Entry, FileTable, Manifest, TableFile, TABLE_SEGMENT,
};
use bulletin::search::lists::Lists;
use bulletin::search::params::SearchParams;
use bulletin::search::query::{evaluate_partial, parse, search, settled, Sort};
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

impl Site {
    /// Page `params.page` as the engine finds it: the long lists loaded block by block (twice as
    /// many each round) only until the page is settled. The ids shown, the total known, whether
    /// more may match, and how many blocks were loaded.
    fn page(&self, params: &SearchParams, per_page: usize) -> (Vec<String>, usize, bool, usize) {
        let query = parse(&params.q, &self.manifest.words);
        let keys = query.keys();
        let mut lists = Lists::default();
        for k in &keys {
            if let Some(e) = self.entries.get(k) {
                lists.insert(k.clone(), e.clone());
            }
        }
        let end = params.page.max(1) as usize * per_page;
        let (mut round, mut loaded) = (1, 0);
        let (hits, partial) = loop {
            let partial = evaluate_partial(&query, &|k| lists.postings(k), &|k| lists.known(k));
            let mut hits = partial.hits.clone();
            params.apply(&mut hits, &self.manifest.channels, &self.attrs, &[]);
            if settled(&hits, end, &partial, params.sort) {
                break (hits, partial);
            }
            let next = lists.next(&keys, round);
            assert!(!next.is_empty(), "{}: unsettled with every block", params.q);
            loaded += next.len();
            lists.add_blocks(
                next.into_iter()
                    .map(|(k, name)| (k, name, self.blocks[&name].clone()))
                    .collect(),
            );
            round *= 2;
        };
        let start = end - per_page;
        let ids = hits
            .iter()
            .skip(start)
            .take(per_page)
            .map(|h| self.docs[h.doc as usize].id.clone())
            .collect();
        (ids, hits.len(), partial.lo > 0, loaded)
    }
}

/// The corpus indexed with small blocks (lists over 2 KB split in blocks of about 1 KB), so that
/// most lists of the query set are split.
fn corpus_in_blocks() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = corpus();
        let mut b = IndexBuilder::default().split_at(2048, 1024);
        for t in &site.texts {
            b.add(&t.title, &t.body);
        }
        let files: HashMap<String, Vec<u8>> = b
            .files(&site.docs, &site.attrs, &site.manifest.channels)
            .into_iter()
            .collect();
        let mut small = Site::index(&|name| files[name].clone());
        small.texts = site.texts.clone();
        small
    })
}

/// Paging to the end, each page loading the lists only as far as it needs, gives every result
/// of the whole search in the same order (so every notice the plain scan finds), and the first
/// page of a common word needs few of its blocks.
#[test]
fn corpus_pages_to_the_end_equal_the_whole_search() {
    let site = corpus_in_blocks();
    let split = site
        .entries
        .values()
        .filter(|e| matches!(e, Entry::Split(_)))
        .count();
    assert!(split > 100, "{split} lists split");
    // Both kinds: with the title positions in the shard, and with every position in blocks.
    let titled = site
        .entries
        .values()
        .filter(|e| matches!(e, Entry::Split(s) if s.title.is_some()))
        .count();
    assert!(titled > 10 && titled + 10 < split, "{titled} of {split}");
    for q in CORPUS_QUERIES {
        for sort in [Sort::Relevance, Sort::Date] {
            for channel in [None, Some("tzgg".to_string())] {
                let params = SearchParams {
                    q: q.to_string(),
                    sort,
                    channel: channel.clone(),
                    ..Default::default()
                };
                let (whole, _) = site.find(&params);
                let mut paged = Vec::new();
                for page in 1.. {
                    let (ids, total, more, _) = site.page(&params.with_page(page), 25);
                    paged.extend(ids);
                    assert!(total >= paged.len(), "{q}");
                    if !more && page as usize * 25 >= total {
                        assert_eq!(total, whole.len(), "{q}");
                        break;
                    }
                }
                assert_eq!(paged, whole, "{q} {sort:?} {channel:?}");
                if channel.is_none() {
                    assert_eq!(
                        paged.iter().cloned().collect::<BTreeSet<_>>(),
                        site.scan(q),
                        "{q}"
                    );
                }
            }
        }
    }
    // A common word: its first page (by relevance and by date) loads few of its blocks.
    let params = SearchParams {
        q: "信息通".into(),
        ..Default::default()
    };
    let all: usize = parse("信息通", &[])
        .keys()
        .iter()
        .filter_map(|k| match site.entries.get(k) {
            Some(Entry::Split(s)) => Some(s.older.len()),
            _ => None,
        })
        .sum();
    for sort in [Sort::Relevance, Sort::Date] {
        let (ids, _, more, loaded) = site.page(
            &SearchParams {
                sort,
                ..params.clone()
            },
            10,
        );
        assert_eq!(ids.len(), 10);
        assert!(more, "{sort:?}");
        assert!(loaded * 4 < all, "{sort:?}: {loaded} of {all} blocks");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by path, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// After edits (a new notice, a body changed), the search still equals the plain scan; the
/// build over the previous output equals a clean build; only the files the edits touch change
/// (and with them their versions), every other index file keeps its bytes and its URL.
#[test]
fn corpus_after_edits_matches_the_scan_and_changes_few_files() {
    let before = corpus();
    let dir = target().join("edited");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&target().join("corpus"), &dir);
    // A body edit: one notice of the middle gets a new sentence.
    let edited = &before.docs[before.docs.len() / 2];
    let path = walk_find(&dir, &format!("{}.md", edited.id));
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n补充说明：量子纠缠通信试点已启动。\n");
    std::fs::write(&path, text).unwrap();
    // A new notice, the newest.
    let newest = "2026-06-01T09:00:00+08:00";
    assert!(before.docs.last().unwrap().published.as_str() < newest);
    std::fs::write(
        dir.join("tzgg/zz-new-notice.md"),
        format!(
            "+++\ntitle = \"关于信息通信服务质量的通告\"\ndate = \"{newest}\"\nid = \"zz-new-notice\"\n+++\n\n电信诈骗防范，信息通信行业新举措。\n"
        ),
    )
    .unwrap();
    // Built over the previous output, and clean.
    let out = target().join("edited-site");
    let _ = std::fs::remove_dir_all(&out);
    copy_dir(&target().join("corpus-site"), &out);
    let after = build(&dir, &out);
    let clean = target().join("edited-clean");
    let _ = std::fs::remove_dir_all(&clean);
    build(&dir, &clean);
    let (a, c) = (tree(&out.join("data")), tree(&clean.join("data")));
    assert!(
        a == c,
        "the build over the previous output equals a clean build"
    );
    // The search.
    assert_eq!(after.docs.len(), before.docs.len() + 1);
    assert_eq!(after.docs.last().unwrap().id, "zz-new-notice");
    for q in CORPUS_QUERIES
        .iter()
        .chain(&["量子纠缠", "信息通信服务质量"])
    {
        let (found, _) = after.find(&SearchParams {
            q: q.to_string(),
            ..Default::default()
        });
        assert_eq!(
            found.into_iter().collect::<BTreeSet<_>>(),
            after.scan(q),
            "{q}"
        );
    }
    // What changed.
    let old = tree(&target().join("corpus-site/data/search"));
    let new = tree(&out.join("data/search"));
    let changed = |prefix: &str| {
        let names: Vec<&String> = new.keys().filter(|n| n.starts_with(prefix)).collect();
        let differ = names
            .iter()
            .filter(|n| old.get(**n) != new.get(**n))
            .count();
        (differ, names.len())
    };
    // The shards changed are those of the keys of the two notices.
    let mut touched = IndexBuilder::default();
    for id in [edited.id.as_str(), "zz-new-notice"] {
        let n = after.docs.iter().position(|d| d.id == id).unwrap();
        touched.add(&after.texts[n].title, &after.texts[n].body);
    }
    let touched: BTreeSet<String> = touched
        .postings()
        .into_keys()
        .map(|k| format!("shards/{}.bin", shard_of(&k, after.manifest.shards)))
        .collect();
    assert_eq!(after.manifest.shards, before.manifest.shards);
    for (name, bytes) in &new {
        if name.starts_with("shards/") && old.get(name) != Some(bytes) {
            assert!(touched.contains(name), "{name} changed");
        }
    }
    let (shards, all_shards) = changed("shards/");
    assert!(
        shards > 0 && shards < all_shards / 2,
        "{shards} of {all_shards} shards changed"
    );
    let (ids, all_ids) = changed("ids/");
    assert_eq!((ids, all_ids), (1, 2), "only the last id chunk");
    let (docs, all_docs) = changed("docs/");
    assert!(
        docs <= 2 && all_docs > 40,
        "{docs} of {all_docs} docs chunks changed"
    );
    // Every file's version is the hash of its bytes; an unchanged file keeps its version.
    let version =
        |files: &std::collections::BTreeMap<String, Vec<u8>>, m: &Manifest, f: TableFile| {
            let e = m.entry(f);
            let table = &files[&format!("versions/{}.bin", e / TABLE_SEGMENT)];
            let table = decode_table(&gunzip(table)).unwrap();
            table[(e % TABLE_SEGMENT) as usize]
        };
    for n in 0..after.manifest.shards {
        let f = TableFile::Shard(n);
        assert_eq!(
            version(&new, &after.manifest, f),
            version_of(&new[&f.path()])
        );
        if old.get(&f.path()) == new.get(&f.path()) {
            assert_eq!(
                version(&old, &before.manifest, f),
                version(&new, &after.manifest, f)
            );
        }
    }
    assert_eq!(after.manifest.ids[0], before.manifest.ids[0]);
    assert_eq!(after.manifest.attrs[0], before.manifest.attrs[0]);
}

fn walk_find(dir: &Path, name: &str) -> PathBuf {
    tree(dir)
        .into_keys()
        .find(|p| p.ends_with(&format!("/{name}")))
        .map(|p| dir.join(p))
        .unwrap_or_else(|| panic!("{name} not in {}", dir.display()))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
    out
}
