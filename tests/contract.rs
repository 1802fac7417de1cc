//! The data contract, checked natively: every file the content tool writes for the sample content
//! parses and validates with the app's own types, the lists agree with the notices, the reference
//! notice is word for word, and each rule of the contract behaves as documented.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bulletin::contract::model::{Block, Inline, ListPage, Notice, Site, ALL_CHANNEL};
use bulletin::contract::read::{parse_file, ApiError};
use bulletin::contract::time::{display_published, Timestamp};
use bulletin::contract::urls::safe_link;
use common::{load, options, repo};

/// The sample site, built once from `content/` by the content tool.
fn site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contract-sample-site");
        let _ = fs::remove_dir_all(&out);
        let report = bulletin::tool::content::build(&repo().join("content"), &out, &options())
            .unwrap_or_else(|e| panic!("the sample content does not build: {e}"));
        assert!(
            report.warnings.is_empty(),
            "the sample content builds without warnings"
        );
        out
    })
}

fn data_dir() -> PathBuf {
    site_dir().join("data")
}

fn sample_site() -> Site {
    load(&data_dir().join("site.json"))
}

fn sample_notices() -> BTreeMap<String, Notice> {
    let mut notices = BTreeMap::new();
    for entry in fs::read_dir(data_dir().join("notices")).unwrap() {
        let path = entry.unwrap().path();
        let notice: Notice = load(&path);
        assert_eq!(
            path.file_stem().unwrap().to_str().unwrap(),
            notice.id,
            "file name and id differ"
        );
        assert!(
            notice.unknown_block_types().is_empty(),
            "{}: sample content uses an unknown block type",
            notice.id
        );
        notices.insert(notice.id.clone(), notice);
    }
    notices
}

fn sample_lists(channel: &str) -> Vec<ListPage> {
    let dir = data_dir().join("lists").join(channel);
    let count = fs::read_dir(&dir).unwrap().count();
    (1..=count)
        .map(|n| load::<ListPage>(&dir.join(format!("{n}.json"))))
        .collect()
}

fn instant(published: &str) -> i64 {
    Timestamp::parse(published).unwrap().unix_seconds()
}

#[test]
fn every_sample_file_parses_with_the_app_types() {
    let site = sample_site();
    assert_eq!(site.lang, "zh-CN");
    let notices = sample_notices();
    assert!(notices.len() >= 15, "at least 15 sample notices");
    let channels: BTreeSet<&str> = notices.values().map(|n| n.channel.as_str()).collect();
    assert!(channels.len() >= 3, "notices in at least 3 channels");
    for channel in &channels {
        assert!(site.channel(channel).is_some(), "unknown channel {channel}");
    }
}

#[test]
fn lists_agree_with_the_notices_newest_first() {
    let site = sample_site();
    let notices = sample_notices();
    let page_size = site.page_size as usize;
    let mut channel_ids: Vec<String> = site.channels.iter().map(|c| c.id.clone()).collect();
    channel_ids.push(ALL_CHANNEL.to_string());
    for channel in channel_ids {
        let mut expected: Vec<&Notice> = notices
            .values()
            .filter(|n| channel == ALL_CHANNEL || n.channel == channel)
            .collect();
        expected.sort_by_key(|n| std::cmp::Reverse(instant(&n.published)));
        let pages = sample_lists(&channel);
        assert_eq!(
            pages.len(),
            bulletin::contract::paging::page_count(expected.len(), page_size)
        );
        let listed: Vec<&str> = pages
            .iter()
            .flat_map(|p| p.items.iter().map(|i| i.id.as_str()))
            .collect();
        let wanted: Vec<&str> = expected.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(listed, wanted, "channel {channel}");
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(page.channel, channel);
            assert_eq!(page.page as usize, i + 1);
            assert_eq!(page.pages as usize, pages.len());
            assert_eq!(page.total as usize, expected.len());
            assert!(page.items.len() <= page_size);
            for item in &page.items {
                let notice = &notices[&item.id];
                assert_eq!(item.title, notice.title);
                assert_eq!(item.published, notice.published);
                assert_eq!(item.channel, notice.channel);
            }
        }
    }
    // The lists paginate: at least one channel list and the `all` list have a page 2.
    assert!(sample_lists(ALL_CHANNEL).len() >= 2);
    assert!(site.channels.iter().any(|c| sample_lists(&c.id).len() >= 2));
}

#[test]
fn prev_and_next_follow_the_channel_order() {
    let notices = sample_notices();
    for notice in notices.values() {
        let mut same: Vec<&Notice> = notices
            .values()
            .filter(|n| n.channel == notice.channel)
            .collect();
        same.sort_by_key(|n| instant(&n.published));
        let at = same.iter().position(|n| n.id == notice.id).unwrap();
        let older = at.checked_sub(1).map(|i| same[i]);
        let newer = same.get(at + 1);
        assert_eq!(
            notice.prev.as_ref().map(|r| (&r.id, &r.title)),
            older.map(|n| (&n.id, &n.title)),
            "{} prev",
            notice.id
        );
        assert_eq!(
            notice.next.as_ref().map(|r| (&r.id, &r.title)),
            newer.map(|n| (&n.id, &n.title)),
            "{} next",
            notice.id
        );
    }
}

/// The reference notice: title, time, source, channel and six paragraphs, word for word.
#[test]
fn the_reference_notice_is_word_for_word() {
    let seed = fs::read_to_string(repo().join("tests/fixtures/reference-notice.txt")).unwrap();
    let lines: Vec<&str> = seed.lines().filter(|l| !l.trim().is_empty()).collect();
    let title = lines[0];
    assert_eq!(lines[1], "发布时间:2026-02-12 17:29");
    let paragraphs: Vec<&str> = lines[2..lines.len() - 1]
        .iter()
        .map(|l| l.trim_start())
        .collect();
    assert_eq!(paragraphs.len(), 6);
    assert!(lines.last().unwrap().contains("【打印本页】"));

    let notice = &sample_notices()["2026-work-conference"];
    assert_eq!(notice.title, title);
    assert_eq!(display_published(&notice.published), "2026-02-12 17:29");
    assert_eq!(notice.source.as_deref(), Some("浙江省通信管理局"));
    let site = sample_site();
    assert_eq!(site.channel(&notice.channel).unwrap().name, "工作动态");
    let body: Vec<String> = notice
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { content } => content.iter().map(Inline::text).collect(),
            other => panic!("unexpected block {other:?}"),
        })
        .collect();
    assert_eq!(body, paragraphs);
}

#[test]
fn the_samples_cover_every_feature() {
    let notices = sample_notices();
    let has = |pred: &dyn Fn(&Notice) -> bool| notices.values().any(pred);
    assert!(has(&|n| n.doc_number.is_some()
        && n.index_number.is_some()
        && n.written.is_some()
        && n.topic.is_some()));
    assert!(has(
        &|n| !n.attachments.is_empty() && n.attachments.iter().all(|a| a.size.is_some())
    ));
    assert!(has(&|n| {
        let table = n.body.iter().any(|b| matches!(b, Block::Table { .. }));
        let ordered = n
            .body
            .iter()
            .any(|b| matches!(b, Block::List { ordered: true, .. }));
        let heading = n.body.iter().any(|b| matches!(b, Block::Heading { .. }));
        let link = n.body.iter().any(|b| match b {
            Block::Paragraph { content } => content
                .iter()
                .any(|i| matches!(i, Inline::Span(s) if s.href.is_some())),
            _ => false,
        });
        table && ordered && heading && link
    }));
    assert!(has(&|n| n.body.iter().any(
        |b| matches!(b, Block::Image { alt, .. } if !alt.trim().is_empty())
    )));
}

/// Local attachments and images exist and their recorded sizes are right.
#[test]
fn local_files_exist_with_their_sizes() {
    let public = site_dir();
    for notice in sample_notices().values() {
        for a in &notice.attachments {
            let meta = fs::metadata(public.join(&a.href))
                .unwrap_or_else(|e| panic!("{}: {}: {e}", notice.id, a.href));
            assert_eq!(Some(meta.len()), a.size, "{} size", a.href);
        }
        for block in &notice.body {
            if let Block::Image { src, .. } = block {
                assert!(public.join(src).is_file(), "{}: missing {src}", notice.id);
            }
        }
    }
}

fn notice_json(extra: &str) -> String {
    format!(
        r#"{{"id": "a-1", "title": "标题", "published": "2026-02-12T17:29:00+08:00",
            "channel": "gzdt", "body": [{{"type": "paragraph", "content": ["正文"]}}] {extra}}}"#
    )
}

fn malformed_detail(text: &str) -> String {
    match parse_file::<Notice>("notices/a-1.json", text) {
        Err(ApiError::Malformed { detail, .. }) => detail,
        other => panic!("expected malformed, got {other:?}"),
    }
}

#[test]
fn rule_unknown_fields_are_ignored() {
    let notice: Notice = parse_file("n", &notice_json(r#", "layout": "wide", "x": {"y": 1}"#))
        .expect("unknown fields are ignored");
    assert_eq!(notice.title, "标题");
}

#[test]
fn rule_missing_title_is_an_error() {
    let text = r#"{"id": "a-1", "published": "2026-02-12T17:29:00+08:00", "channel": "gzdt",
                   "body": [{"type": "paragraph", "content": ["x"]}]}"#;
    assert!(malformed_detail(text).contains("title: is missing or empty"));
}

#[test]
fn rule_bad_date_is_an_error() {
    let text = notice_json("").replace("2026-02-12T17:29:00+08:00", "2026-02-12 17:29");
    let detail = malformed_detail(&text);
    assert!(detail.contains("published:"), "{detail}");
    assert!(detail.contains("2026-02-12 17:29"), "{detail}");
}

#[test]
fn rule_bad_id_is_an_error() {
    for bad in ["../etc/passwd", "Upper", "有中文", "a b", ""] {
        let text = notice_json("").replace("\"a-1\"", &format!("{bad:?}"));
        assert!(malformed_detail(&text).contains("id:"), "{bad}");
    }
}

#[test]
fn rule_empty_body_is_an_error() {
    let text = notice_json("").replace(r#"[{"type": "paragraph", "content": ["正文"]}]"#, "[]");
    assert!(malformed_detail(&text).contains("body: must hold at least one block"));
}

#[test]
fn rule_unknown_block_type_is_skipped_not_an_error() {
    let text = notice_json("").replace(
        r#"[{"type": "paragraph", "content": ["正文"]}]"#,
        r#"[{"type": "video", "src": "x.mp4"}, {"type": "paragraph", "content": ["正文"]}]"#,
    );
    let notice: Notice = parse_file("n", &text).expect("unknown blocks are not errors");
    assert_eq!(notice.unknown_block_types(), vec!["video"]);
    // Whatever an unknown block's fields hold, even names that known blocks use.
    let odd = notice_json("").replace(
        r#"[{"type": "paragraph", "content": ["正文"]}]"#,
        r#"[{"type": "map", "content": 5, "src": {"tiles": [1, 2]}, "rows": "x"},
            {"type": "paragraph", "content": ["正文"]}]"#,
    );
    let notice: Notice = parse_file("n", &odd).expect("unknown blocks are skipped whole");
    assert_eq!(notice.unknown_block_types(), vec!["map"]);
    assert_eq!(notice.body.len(), 2);
    // Never written back.
    let written = serde_json::to_string(&notice.body[1]).unwrap();
    assert!(written.contains("paragraph"));
}

#[test]
fn rule_heading_levels_are_two_to_four() {
    let text = notice_json("").replace(
        r#"[{"type": "paragraph", "content": ["正文"]}]"#,
        r#"[{"type": "heading", "level": 1, "content": ["x"]}]"#,
    );
    assert!(malformed_detail(&text).contains("body[0].level"));
}

#[test]
fn rule_a_javascript_href_is_kept_as_text_only() {
    let text = notice_json("").replace(
        r#"["正文"]"#,
        r#"[{"text": "点这里", "href": "javascript:alert(1)"}, {"text": "官网", "href": "https://www.miit.gov.cn/"}]"#,
    );
    let notice: Notice = parse_file("n", &text).expect("an unsafe href is not a parse error");
    let Block::Paragraph { content } = &notice.body[0] else {
        panic!()
    };
    let hrefs: Vec<Option<String>> = content
        .iter()
        .map(|i| match i {
            Inline::Span(s) => s.href.as_deref().and_then(safe_link),
            Inline::Text(_) => None,
        })
        .collect();
    assert_eq!(
        hrefs,
        vec![None, Some("https://www.miit.gov.cn/".to_string())]
    );
}

#[test]
fn rule_wrong_types_in_a_block_are_malformed_and_say_where() {
    let text = notice_json("").replace(
        r#"[{"type": "paragraph", "content": ["正文"]}]"#,
        r#"[{"type": "table", "rows": "not rows"}]"#,
    );
    let detail = malformed_detail(&text);
    assert!(
        detail.contains("in a `table` block, field `rows`: invalid type: string \"not rows\", expected a sequence"),
        "{detail}"
    );
    assert!(detail.contains("line 2 column"), "{detail}");
    // A known block without its required field names the block type and the field.
    let text = notice_json("").replace(
        r#"[{"type": "paragraph", "content": ["正文"]}]"#,
        r#"[{"type": "image", "alt": "x"}]"#,
    );
    let detail = malformed_detail(&text);
    assert!(
        detail.contains("`image` block: missing field `src`"),
        "{detail}"
    );
}

#[test]
fn a_list_past_its_last_page_is_malformed() {
    let text = r#"{"channel": "gzdt", "page": 3, "pages": 2, "total": 12, "items": []}"#;
    assert!(matches!(
        parse_file::<ListPage>("l", text),
        Err(ApiError::Malformed { .. })
    ));
}

#[test]
fn the_site_file_needs_channels_and_rejects_all() {
    let text = r#"{"name": "x", "channels": [{"id": "all", "name": "全部"}], "page_size": 10}"#;
    let Err(ApiError::Malformed { detail, .. }) = parse_file::<Site>("s", text) else {
        panic!()
    };
    assert!(detail.contains("reserved"), "{detail}");
}

/// What the app writes back is what it read (the model round-trips), so the content tool can
/// share these types.
#[test]
fn notices_round_trip() {
    for notice in sample_notices().values() {
        let json = serde_json::to_string(notice).unwrap();
        let back: Notice = parse_file("n", &json).unwrap();
        assert_eq!(&back, notice);
    }
}
