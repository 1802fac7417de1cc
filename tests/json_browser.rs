//! The browser's JSON reading (`JSON.parse` and the serde deserializer over its value, see
//! `src/contract/json.rs`): files give the values `serde_json` gives natively (compared with `serde_json`
//! where it can read the type in the browser too, else with the value written out), and broken
//! files are refused (headless Chromium, wasm-bindgen-test). The same tests run natively, where
//! they check `serde_json` against the same expectations.

use bulletin::contract::model::{
    Attachment, Block, Inline, ListPage, Notice, NoticeRef, Site, Span,
};
use bulletin::contract::read::{parse_file, ApiError};
use bulletin::web::preload;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

/// A notice with every block type, formatted inlines, an unknown block, unknown fields, `null`
/// optional fields and non-ASCII text.
const NOTICE: &str = r#"{
  "id": "json-check", "title": "关于\"测试\"的通知 \u2028", "subtitle": null,
  "published": "2026-02-12T17:29:00+08:00", "channel": "tzgg",
  "source": "办公室", "doc_number": "浙通管〔2026〕5号", "keywords": ["一", "二"],
  "x_unknown": {"nested": [1, {"deep": true}], "n": -3.5e10},
  "body": [
    {"type": "paragraph", "content": ["纯文本", {"text": "加粗", "strong": true},
      {"text": "链接", "href": "https://example.gov.cn/a?b=1&c=2", "em": true, "x": 1}]},
    {"type": "heading", "level": 3, "content": ["二、标题"]},
    {"type": "quote", "content": ["引文"], "extra": null},
    {"type": "list", "ordered": true, "items": [["第一项"], [{"text": "第二项"}]]},
    {"type": "list", "items": [["无序"]]},
    {"type": "image", "src": "img/a.png", "alt": "说明", "caption": "图一"},
    {"type": "image", "src": "img/b.png"},
    {"type": "table", "caption": "表", "header": [["列一"], ["列二"]],
      "rows": [[["1"], ["2"]], [[{"text": "3", "strong": true}], []]]},
    {"type": "video", "src": "x.mp4", "content": 5},
    {"content": ["block fields before the type"], "type": "paragraph"}
  ],
  "attachments": [{"name": "附件.pdf", "href": "files/a.pdf", "size": 9007199254740991, "type": "PDF"}],
  "prev": {"id": "older", "title": "上一篇"},
  "related": [{"id": "r1", "title": "相关"}]
}"#;

const SITE: &str = r#"{"name":"浙江省通信管理局","lang":"zh-CN","channels":[{"id":"tzgg","name":"通知公告"},
  {"id":"gzdt","name":"工作动态"}],"footer":{"organizer":"主办","icp":"浙ICP备00000000号"},
  "page_size":20,"description":"说明"}"#;

const LIST: &str = r#"{"channel":"all","page":2,"pages":3,"total":45,
  "items":[{"id":"a","title":"标题","published":"2026-02-12T17:29:00+08:00","channel":"tzgg"}]}"#;

/// [`NOTICE`] as `serde_json` reads it natively.
fn expected_notice() -> Notice {
    let text = |t: &str| Inline::Text(t.to_string());
    let span = |t: &str, strong: bool, em: bool, href: Option<&str>| {
        Inline::Span(Span {
            text: t.to_string(),
            strong,
            em,
            href: href.map(str::to_string),
        })
    };
    let note = |id: &str, title: &str| NoticeRef {
        id: id.to_string(),
        title: title.to_string(),
    };
    Notice {
        id: "json-check".into(),
        title: "关于\"测试\"的通知 \u{2028}".into(),
        published: "2026-02-12T17:29:00+08:00".into(),
        channel: "tzgg".into(),
        source: Some("办公室".into()),
        doc_number: Some("浙通管〔2026〕5号".into()),
        keywords: vec!["一".into(), "二".into()],
        body: vec![
            Block::Paragraph {
                content: vec![
                    text("纯文本"),
                    span("加粗", true, false, None),
                    span(
                        "链接",
                        false,
                        true,
                        Some("https://example.gov.cn/a?b=1&c=2"),
                    ),
                ],
            },
            Block::Heading {
                level: 3,
                content: vec![text("二、标题")],
            },
            Block::Quote {
                content: vec![text("引文")],
            },
            Block::List {
                ordered: true,
                items: vec![
                    vec![text("第一项")],
                    vec![span("第二项", false, false, None)],
                ],
            },
            Block::List {
                ordered: false,
                items: vec![vec![text("无序")]],
            },
            Block::Image {
                src: "img/a.png".into(),
                alt: "说明".into(),
                caption: Some("图一".into()),
            },
            Block::Image {
                src: "img/b.png".into(),
                alt: String::new(),
                caption: None,
            },
            Block::Table {
                caption: Some("表".into()),
                header: Some(vec![vec![text("列一")], vec![text("列二")]]),
                rows: vec![
                    vec![vec![text("1")], vec![text("2")]],
                    vec![vec![span("3", true, false, None)], vec![]],
                ],
            },
            Block::Unknown {
                kind: "video".into(),
            },
            Block::Paragraph {
                content: vec![text("block fields before the type")],
            },
        ],
        attachments: vec![Attachment {
            name: "附件.pdf".into(),
            href: "files/a.pdf".into(),
            size: Some(9_007_199_254_740_991),
            kind: Some("PDF".into()),
        }],
        prev: Some(note("older", "上一篇")),
        related: vec![note("r1", "相关")],
        ..Notice::default()
    }
}

/// Parses with both parsers and checks they agree: the same value, or both refuse. (`serde_json`
/// cannot read a notice body in the browser: its blocks' fields are deferred JavaScript values.)
fn same<T: DeserializeOwned + PartialEq + Debug>(text: &str) -> Option<T> {
    let browser = bulletin::contract::json::from_str::<T>(text);
    let native = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
    match (&browser, &native) {
        (Ok(b), Ok(n)) => assert_eq!(b, n, "both parse {text}"),
        (Err(_), Err(_)) => {}
        _ => panic!("the parsers disagree on {text}: browser {browser:?}, serde_json {native:?}"),
    }
    browser.ok()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_full_notice_reads_as_serde_json_reads_it() {
    let notice: Notice = bulletin::contract::json::from_str(NOTICE).expect("the notice parses");
    assert_eq!(notice, expected_notice());
    assert_eq!(notice.title, "关于\"测试\"的通知 \u{2028}");
    assert_eq!(notice.body.len(), 10);
    assert_eq!(notice.unknown_block_types(), vec!["video"]);
    assert!(matches!(&notice.body[1], Block::Heading { level: 3, .. }));
    let Block::Paragraph { content } = &notice.body[0] else {
        panic!("a paragraph first")
    };
    assert!(matches!(&content[2], Inline::Span(s) if s.em && !s.strong && s.href.is_some()));
    assert_eq!(notice.attachments[0].size, Some(9_007_199_254_740_991));
    assert_eq!(notice.attachments[0].kind.as_deref(), Some("PDF"));
    assert!(notice.validate().is_empty());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn site_and_list_files_read_as_serde_json_reads_them() {
    let site: Site = same(SITE).expect("the site parses");
    assert_eq!(site.channels[1].name, "工作动态");
    assert_eq!(site.page_size, 20);
    let list: ListPage = same(LIST).expect("the list parses");
    assert_eq!((list.page, list.pages, list.total), (2, 3, 45));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn broken_files_are_refused_by_both_parsers() {
    let edit = |from: &str, to: &str| {
        assert!(NOTICE.contains(from), "{from}");
        NOTICE.replacen(from, to, 1)
    };
    for broken in [
        NOTICE.chars().take(NOTICE.chars().count() / 2).collect(),
        String::new(),
        "null".to_string(),
        "<!DOCTYPE html><html></html>".to_string(),
        edit(r#""title": "关于"#, r#""title": ["x"], "t": "关于"#),
        edit(r#""level": 3"#, r#""level": 2.5"#),
        edit(r#""level": 3"#, r#""level": -1"#),
        edit(r#""level": 3"#, r#""level": 300"#),
        edit(r#""level": 3"#, r#""level": "3""#),
        edit(r#""ordered": true"#, r#""ordered": "yes""#),
        edit(r#""src": "img/b.png""#, r#""alt": "no src""#),
        edit(r#""size": 9007199254740991"#, r#""size": -5"#),
        edit(r#"["第一项"]"#, r#"[5]"#),
        edit(r#"{"text": "第二项"}"#, r#"{"strong": true}"#),
    ] {
        assert!(
            bulletin::contract::json::from_str::<Notice>(&broken).is_err(),
            "refused: {}",
            broken.chars().take(60).collect::<String>()
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_malformed_file_names_the_file_and_the_problem() {
    let err = parse_file::<Notice>("/data/notices/a.json", r#"{"id": "a", "title": "#).unwrap_err();
    let ApiError::Malformed { url, detail } = err else {
        panic!("malformed expected")
    };
    assert_eq!(url, "/data/notices/a.json");
    assert!(!detail.is_empty());
    let text = NOTICE.replacen(r#""level": 3"#, r#""level": "3""#, 1);
    let ApiError::Malformed { detail, .. } = parse_file::<Notice>("n.json", &text).unwrap_err()
    else {
        panic!("malformed expected")
    };
    assert!(
        detail.contains("`heading` block, field `level`"),
        "{detail}"
    );
    let text = NOTICE.replacen(r#""level": 3"#, r#""level": 2.5"#, 1);
    let ApiError::Malformed { detail, .. } = parse_file::<Notice>("n.json", &text).unwrap_err()
    else {
        panic!("malformed expected")
    };
    assert!(detail.contains("2.5"), "{detail}");
    // A number out of the field's range: the visitor's own error names the value and the type.
    let text = NOTICE.replacen(r#""level": 3"#, r#""level": 300"#, 1);
    let ApiError::Malformed { detail, .. } = parse_file::<Notice>("n.json", &text).unwrap_err()
    else {
        panic!("malformed expected")
    };
    assert!(
        detail.contains("`level`") && detail.contains("300") && detail.contains("u8"),
        "{detail}"
    );
    // Contract rules are checked after parsing, as natively.
    let text = NOTICE.replacen(r#""id": "json-check""#, r#""id": "Bad Id""#, 1);
    let ApiError::Malformed { detail, .. } = parse_file::<Notice>("n.json", &text).unwrap_err()
    else {
        panic!("malformed expected")
    };
    assert!(detail.contains("id:"), "{detail}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn embedded_files_of_a_prerendered_page_are_read() {
    let text = format!(
        r#"{{"route":"/notice/json-check","channel":"tzgg","files":{{"site.json":{SITE},"notices/json-check.json":{NOTICE}}}}}"#
    );
    assert_eq!(
        preload::load_embedded(&text).as_deref(),
        Some("/notice/json-check")
    );
    assert_eq!(preload::channel().as_deref(), Some("tzgg"));
    assert!(preload::has("notices/json-check.json"));
    let site: Site = preload::get("site.json").expect("the site from the page");
    assert_eq!(site.name, "浙江省通信管理局");
    let notice: Notice = preload::get("notices/json-check.json").expect("the notice");
    assert_eq!(notice, expected_notice());
    assert!(preload::get::<Site>("lists/all/1.json").is_none());
    preload::clear();
    assert!(preload::get::<Site>("site.json").is_none());
    assert_eq!(preload::load_embedded("not json"), None);
}

/// The search worker's messages (`src/search/wire.rs`): written by `serde_json` (the worker's
/// replies) or by `Request::to_json` (the app's requests), read in the browser as `serde_json`
/// reads them: unit variants as strings, the others as one-key objects, `Result`s, tuples, `null`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn search_worker_messages_read_as_serde_json_reads_them() {
    use bulletin::search::index::SearchDoc;
    use bulletin::search::params::SearchParams;
    use bulletin::search::query::Sort;
    use bulletin::search::results::{ResultItem, Results};
    use bulletin::search::snippet::Marked;
    use bulletin::search::wire::{Reply, Request};

    let request = Request::Search {
        id: 41,
        slot: "page".into(),
        base: "/notices/".into(),
        params: SearchParams {
            q: "浙通管〔2026〕21号 \"x\"\\".into(),
            channel: Some("tzgg".into()),
            from: Some("2026-01-01".into()),
            sort: Sort::Date,
            page: 2,
            ..Default::default()
        },
        per_page: 10,
        snippets: true,
    };
    assert_eq!(same::<Request>(&request.to_json()), Some(request));
    let warm = Request::Warm { base: "/".into() };
    assert_eq!(same::<Request>(&warm.to_json()), Some(warm));

    let results = Reply::Results {
        id: 41,
        results: Ok(Results {
            total: 12,
            exact: false,
            page: 2,
            pages: 2,
            items: vec![ResultItem {
                doc: SearchDoc {
                    id: "a-1".into(),
                    title: "关于“信息通信”的通知".into(),
                    channel: "tzgg".into(),
                    published: "2026-02-12T17:29:00+08:00".into(),
                    validity: Some(bulletin::contract::lifecycle::Validity::Expired),
                    valid_until: Some("2026-06-30".into()),
                    deadline: None,
                },
                title: Marked {
                    text: "关于“信息通信”的通知".into(),
                    marks: vec![(3, 6), (7, 9)],
                },
            }],
            ..Default::default()
        }),
    };
    let text = serde_json::to_string(&results).unwrap();
    assert_eq!(same::<Reply>(&text), Some(results));
    for reply in [
        Reply::Ready,
        Reply::Results {
            id: 2,
            results: Err(ApiError::Http {
                url: "/data/search/manifest.json".into(),
                status: 503,
                retry_after: Some(30),
            }),
        },
        Reply::Results {
            id: 3,
            results: Err(ApiError::Timeout { url: "u".into() }),
        },
        Reply::Snippets {
            id: 4,
            snippets: vec![
                None,
                Some(Marked {
                    text: "…算力…".into(),
                    marks: vec![(1, 3)],
                }),
            ],
        },
    ] {
        let text = serde_json::to_string(&reply).unwrap();
        assert_eq!(same::<Reply>(&text), Some(reply), "{text}");
    }
    // Not a message: refused by both.
    for broken in [
        r#"{"Results":{"id":1}}"#,
        r#"{"Nope":{}}"#,
        r#"{"Ready":null,"Results":{}}"#,
        r#"{"Ready":5}"#,
        "5",
    ] {
        assert!(same::<Reply>(broken).is_none(), "{broken}");
    }
    // A unit variant written as a one-key object with `null`, as serde_json also reads it.
    assert_eq!(same::<Reply>(r#"{"Ready":null}"#), Some(Reply::Ready));
}

/// A notice with every field of its life after publication; `validity` of a list row a later
/// version might write (`suspended`) reads as absent.
const LIFE_NOTICE: &str = r#"{
  "id": "policy", "title": "办法", "published": "2026-01-05T09:00:00+08:00", "channel": "zcwj",
  "validity": "abolished", "valid_from": "2024-03-01", "valid_until": "2026-02-28",
  "deadline": "2025-12-18T17:00:00+08:00", "updated": "2026-03-12T09:30:00+08:00",
  "correction": "已更正。", "interpretation_kind": "graphic",
  "body": [{"type": "paragraph", "content": ["正文"]}],
  "replaced_by": {"id": "new", "title": "新办法"}, "amended_by": {"id": "m", "title": "修改"},
  "replaces": [{"id": "o", "title": "旧"}], "amends": [{"id": "p", "title": "被修改"}],
  "interprets": {"id": "x", "title": "原文"},
  "interpretations": [{"id": "i", "title": "解读", "kind": "text"}, {"id": "j", "title": "图", "kind": "comic"}]
}"#;

const LIFE_LIST: &str = r#"{"channel":"zcwj","page":1,"pages":1,"total":2,
  "items":[{"id":"a","title":"甲","published":"2026-02-12T17:29:00+08:00","channel":"zcwj",
    "validity":"expired","valid_until":"2026-06-30","deadline":"2026-03-01T17:00:00+08:00"},
   {"id":"b","title":"乙","published":"2026-02-12T17:29:00+08:00","channel":"zcwj","validity":"suspended"}]}"#;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_marks_of_a_notices_life_read_and_unknown_states_read_as_none() {
    use bulletin::contract::lifecycle::{InterpretationKind, Validity};
    let notice: Notice =
        bulletin::contract::json::from_str(LIFE_NOTICE).expect("the notice parses");
    assert_eq!(notice.validity, Some(Validity::Abolished));
    assert_eq!(notice.valid_until.as_deref(), Some("2026-02-28"));
    assert_eq!(notice.updated.as_deref(), Some("2026-03-12T09:30:00+08:00"));
    assert_eq!(
        notice.interpretation_kind,
        Some(InterpretationKind::Graphic)
    );
    assert_eq!(
        notice.replaced_by.as_ref().map(|r| r.id.as_str()),
        Some("new")
    );
    assert_eq!(notice.amends[0].title, "被修改");
    assert_eq!(notice.interprets.as_ref().map(|r| r.id.as_str()), Some("x"));
    assert_eq!(
        notice.interpretations[0].kind,
        Some(InterpretationKind::Text)
    );
    assert_eq!(
        notice.interpretations[1].kind, None,
        "an unknown kind reads as none"
    );
    assert!(notice.validate().is_empty());
    let list: ListPage = same(LIFE_LIST).expect("the list parses");
    assert_eq!(list.items[0].validity, Some(Validity::Expired));
    assert_eq!(
        list.items[0].deadline.as_deref(),
        Some("2026-03-01T17:00:00+08:00")
    );
    assert_eq!(
        list.items[1].validity, None,
        "an unknown state reads as none"
    );
    // A file written before these fields existed reads with none of them.
    let old: ListPage = same(LIST).expect("the old list parses");
    assert_eq!(old.items[0].validity, None);
    let site: Site = same(SITE).expect("the old site parses");
    assert!(!site.preview);
}
