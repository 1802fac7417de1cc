//! A notice's life after publication, through the content tool: validity, deadlines, corrections,
//! typed links (替代, 修改, 解读) with their reverse, every mistake at its `path:line:column`, the
//! embargo of notices dated after the build's clock, and preview builds of drafts.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use bulletin::contract::lifecycle::{InterpretationKind, Validity};
use bulletin::contract::model::{ListPage, Notice, Site};
use bulletin::contract::read::parse_file;
use bulletin::contract::time::Timestamp;
use bulletin::tool::content::build::build_pages;
use bulletin::tool::content::{build, Error, Options};
use common::search_site::SearchSite;
use common::{cli, repo, temp};

const SITE: &str = "name = \"测试站\"\nbase_url = \"https://www.example.gov.cn/\"\ntimezone = \"+08:00\"\n\n[[channels]]\nid = \"zcwj\"\nname = \"政策文件\"\n\n[[channels]]\nid = \"tzgg\"\nname = \"通知公告\"\n";

/// A content folder with `site.toml` and the given notices (path under the folder, text).
fn content(name: &str, notices: &[(&str, &str)]) -> PathBuf {
    let dir = temp(name).join("content");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("site.toml"), SITE).unwrap();
    for (path, text) in notices {
        let file = dir.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    dir
}

fn at(text: &str) -> i64 {
    Timestamp::parse(text).unwrap().unix_seconds()
}

fn options_at(now: &str) -> Options {
    Options {
        workers: 2,
        progress: false,
        now: Some(at(now)),
        drafts: false,
    }
}

fn notice(out: &Path, id: &str) -> Notice {
    let text = fs::read_to_string(out.join(format!("data/notices/{id}.json"))).unwrap();
    parse_file("notice", &text).unwrap()
}

fn list(out: &Path, channel: &str) -> ListPage {
    let text = fs::read_to_string(out.join(format!("data/lists/{channel}/1.json"))).unwrap();
    parse_file("list", &text).unwrap()
}

/// The rendered diagnostics of a failed build.
fn errors(content: &Path, out: &Path) -> Vec<String> {
    match build(content, out, &options_at("2026-12-06T10:00:00+08:00")) {
        Err(Error::Content(d)) => d.iter().map(|d| d.render(Path::new(""))).collect(),
        other => panic!("expected content errors, got {other:?}"),
    }
}

const POLICY: &str = "+++\ntitle = \"旧办法\"\ndate = \"2024-03-01 09:00\"\nvalidity = \"已废止\"\nvalid_from = 2024-03-01\nvalid_until = 2026-02-28\nreplaced_by = \"new-policy\"\n+++\n\n正文。\n";
const NEW_POLICY: &str = "+++\ntitle = \"新办法\"\ndate = \"2026-01-05 09:00\"\nvalidity = \"现行有效\"\nvalid_until = 2027-12-31\n+++\n\n正文。\n";
const AMENDING: &str = "+++\ntitle = \"修改决定\"\ndate = \"2026-06-01 09:00\"\n+++\n\n正文。\n";
const AMENDED: &str = "+++\ntitle = \"被修改的规定\"\ndate = \"2025-06-01 09:00\"\nvalidity = \"已修改\"\namended_by = \"amending\"\n+++\n\n正文。\n";
const READING: &str = "+++\ntitle = \"新办法解读\"\ndate = \"2026-01-06 10:00\"\ninterprets = \"new-policy\"\nkind = \"文字解读\"\n+++\n\n正文。\n";
const GRAPHIC: &str = "---\ntitle: 一图读懂新办法\ndate: 2026-01-07 10:00\ninterprets: new-policy\nkind: 图解\n---\n\n正文。\n";
const CONSULTATION: &str = "+++\ntitle = \"征求意见\"\ndate = \"2025-11-18 09:45\"\ndeadline = \"2025-12-18 17:00\"\n+++\n\n正文。\n";
const CORRECTED: &str = "+++\ntitle = \"更正过的通知\"\ndate = \"2026-03-10 11:03\"\nupdated = 2026-03-12T09:30:00+08:00\ncorrection = \"第二条日期有误，已更正。\"\n+++\n\n正文。\n";

#[test]
fn every_field_is_written_with_its_reverse_links() {
    let dir = content(
        "fields",
        &[
            ("zcwj/old-policy.md", POLICY),
            ("zcwj/new-policy.md", NEW_POLICY),
            ("zcwj/amending.md", AMENDING),
            ("zcwj/amended.md", AMENDED),
            ("zcwj/reading.md", READING),
            ("zcwj/graphic.md", GRAPHIC),
            ("tzgg/consultation.md", CONSULTATION),
            ("tzgg/corrected.md", CORRECTED),
        ],
    );
    let out = dir.parent().unwrap().join("site");
    let report = build(&dir, &out, &options_at("2026-12-06T10:00:00+08:00")).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(report.held.is_empty());

    let old = notice(&out, "old-policy");
    assert_eq!(old.validity, Some(Validity::Abolished));
    assert_eq!(old.valid_from.as_deref(), Some("2024-03-01"));
    assert_eq!(old.valid_until.as_deref(), Some("2026-02-28"));
    assert_eq!(
        old.replaced_by.map(|r| (r.id, r.title)),
        Some(("new-policy".to_string(), "新办法".to_string()))
    );

    let new = notice(&out, "new-policy");
    assert_eq!(new.validity, Some(Validity::Current));
    let replaces: Vec<_> = new.replaces.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(replaces, ["old-policy"]);
    let interpretations: Vec<_> = new
        .interpretations
        .iter()
        .map(|i| (i.id.as_str(), i.title.as_str(), i.kind))
        .collect();
    assert_eq!(
        interpretations,
        [
            ("reading", "新办法解读", Some(InterpretationKind::Text)),
            (
                "graphic",
                "一图读懂新办法",
                Some(InterpretationKind::Graphic)
            ),
        ]
    );
    let reading = notice(&out, "reading");
    assert_eq!(
        reading.interprets.map(|r| r.id).as_deref(),
        Some("new-policy")
    );
    assert_eq!(reading.interpretation_kind, Some(InterpretationKind::Text));

    assert_eq!(
        notice(&out, "amended").amended_by.map(|r| r.id).as_deref(),
        Some("amending")
    );
    let amends: Vec<_> = notice(&out, "amending")
        .amends
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(amends, ["amended"]);

    let consultation = notice(&out, "consultation");
    assert_eq!(
        consultation.deadline.as_deref(),
        Some("2025-12-18T17:00:00+08:00")
    );
    let corrected = notice(&out, "corrected");
    assert_eq!(
        corrected.updated.as_deref(),
        Some("2026-03-12T09:30:00+08:00")
    );
    assert_eq!(
        corrected.correction.as_deref(),
        Some("第二条日期有误，已更正。")
    );

    // Lists carry what their marks need.
    let zcwj = list(&out, "zcwj");
    let old_row = zcwj.items.iter().find(|i| i.id == "old-policy").unwrap();
    assert_eq!(old_row.validity, Some(Validity::Abolished));
    assert_eq!(old_row.valid_until.as_deref(), Some("2026-02-28"));
    let tzgg = list(&out, "tzgg");
    let row = tzgg.items.iter().find(|i| i.id == "consultation").unwrap();
    assert_eq!(row.deadline.as_deref(), Some("2025-12-18T17:00:00+08:00"));

    // So do the search index's documents.
    let search = SearchSite::read(&out);
    let doc = search.docs.iter().find(|d| d.id == "new-policy").unwrap();
    assert_eq!(doc.validity, Some(Validity::Current));
    assert_eq!(doc.valid_until.as_deref(), Some("2027-12-31"));

    // The feed's and the sitemap's dates come from 更新时间.
    let feed = fs::read_to_string(out.join("feeds/tzgg.xml")).unwrap();
    assert!(feed.contains("<published>2026-03-10T11:03:00+08:00</published>\n    <updated>2026-03-12T09:30:00+08:00</updated>"), "{feed}");
    assert!(
        feed.contains("  <updated>2026-03-12T09:30:00+08:00</updated>\n"),
        "{feed}"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://www.example.gov.cn/notice/corrected</loc><lastmod>2026-03-12T09:30:00+08:00</lastmod>"), "{sitemap}");
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

#[test]
fn each_mistake_is_reported_at_its_place() {
    let dir = content(
        "mistakes",
        &[
            ("zcwj/a.md", "+++\ntitle = \"甲\"\ndate = \"2026-01-05 09:00\"\nvalidity = \"作废\"\n+++\n\n正文。\n"),
            ("zcwj/b.md", "+++\ntitle = \"乙\"\ndate = \"2026-01-05 09:00\"\nreplaced_by = \"no-such-notice\"\n+++\n\n正文。\n"),
            ("zcwj/c.md", "+++\ntitle = \"丙\"\ndate = \"2026-01-05 09:00\"\nvalid_from = 2026-02-01\nvalid_until = 2026-01-31\n+++\n\n正文。\n"),
            ("tzgg/d.md", "---\ntitle: 丁\ndate: 2026-01-05 09:00\ndeadline: 下周五\n---\n\n正文。\n"),
            ("zcwj/e.md", "+++\ntitle = \"戊\"\ndate = \"2026-01-05 09:00\"\ninterprets = \"missing-policy\"\nkind = \"漫画\"\n+++\n\n正文。\n"),
            ("zcwj/f.md", "+++\ntitle = \"己\"\ndate = \"2026-01-05 09:00\"\nvalid_until = \"2026年12月31日\"\namended_by = \"f\"\n+++\n\n正文。\n"),
            ("zcwj/g.md", "+++\ntitle = \"庚\"\ndate = \"2026-01-05 09:00\"\nvalidty = \"现行有效\"\ndoc_numbr = \"1\"\n+++\n\n正文。\n"),
        ],
    );
    let out = dir.parent().unwrap().join("site");
    assert_eq!(
        errors(&dir, &out),
        [
            "tzgg/d.md:4:11: deadline: `下周五` is not a date (expected a four-digit year): write RFC 3339 (e.g. 2026-02-12T17:29:00+08:00) or `YYYY-MM-DD HH:MM` in the site's offset +08:00",
            "zcwj/a.md:4:12: validity `作废` is not one of 现行有效, 已修改, 已废止, 已失效",
            "zcwj/b.md:4:15: replaced_by: no notice has the id `no-such-notice` (a draft is not published)",
            "zcwj/c.md:5:15: valid_until 2026-01-31 is before valid_from 2026-02-01",
            "zcwj/e.md:4:14: interprets: no notice has the id `missing-policy` (a draft is not published)",
            "zcwj/e.md:5:8: kind `漫画` is not one of 文字解读, 图解, 视频解读",
            "zcwj/f.md:4:15: valid_until: `2026年12月31日` is not a date: write YYYY-MM-DD",
            "zcwj/f.md:5:14: amended_by: a notice cannot name itself",
            "zcwj/g.md:4:1: warning: unknown front matter field `validty` (ignored): did you mean `validity`?",
            "zcwj/g.md:5:1: warning: unknown front matter field `doc_numbr` (ignored): did you mean `doc_number`?",
        ]
    );
    assert!(!out.exists(), "nothing is written");
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// A shell shaped like Trunk's output for the site root.
fn shell() -> String {
    fs::read_to_string(repo().join("index.html"))
        .unwrap()
        .replace("<base data-trunk-public-url />", "<base href=\"/\" />")
}

#[test]
fn a_notice_dated_after_the_clock_is_held_back_to_the_minute() {
    // Written in New York's offset on a site in +08:00: due at 2026-12-06T15:00:00Z, which is
    // 23:00 in the site's offset.
    let scheduled = "+++\ntitle = \"定时发布的通知\"\ndate = 2026-12-06T10:00:00-05:00\nkeywords = [\"定时\"]\n+++\n\n定时发布的正文。\n";
    let earlier = "+++\ntitle = \"早先的通知\"\ndate = \"2026-12-01 09:00\"\nkeywords = [\"定时\"]\n+++\n\n早先的正文。\n";
    let dir = content(
        "embargo",
        &[
            ("tzgg/scheduled.md", scheduled),
            ("tzgg/earlier.md", earlier),
        ],
    );
    let site = dir.parent().unwrap().join("site");
    let (c, s) = (dir.to_str().unwrap(), site.to_str().unwrap());
    let shell_file = dir.parent().unwrap().join("shell.html");
    fs::write(&shell_file, shell()).unwrap();
    let sh = shell_file.to_str().unwrap();

    // One minute before (in the site's offset): held.
    let (code, out, err) = cli(&[
        "build",
        c,
        "--out",
        s,
        "--shell",
        sh,
        "--now",
        "2026-12-06 22:59",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("held until 2026-12-06T10:00:00-05:00: scheduled\n1 notice(s) held; the next falls due at 2026-12-06T10:00:00-05:00: build again then\n"),
        "{out}"
    );
    assert!(out.contains("built 1 notices"), "{out}");
    assert!(!site.join("data/notices/scheduled.json").exists());
    assert!(!site.join("notice/scheduled/index.html").exists());
    for file in [
        "data/lists/tzgg/1.json",
        "data/lists/all/1.json",
        "feed.xml",
        "feeds/tzgg.xml",
        "sitemap.xml",
        "index.html",
        "list/tzgg/1/index.html",
        "data/notices/earlier.json",
    ] {
        let text = fs::read_to_string(site.join(file)).unwrap();
        assert!(
            !text.contains("scheduled") && !text.contains("定时发布"),
            "{file} names the held notice"
        );
    }
    let search = SearchSite::read(&site);
    assert_eq!(
        search
            .docs
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["earlier"]
    );
    assert!(
        !search
            .postings
            .keys()
            .any(|k| k.contains("发布的正") || k == "发布"),
        "the held text is not indexed"
    );

    // `check` tells the same.
    let (code, out, _) = cli(&["check", c, "--now", "2026-12-06T14:59:59Z"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("held until 2026-12-06T10:00:00-05:00: scheduled"),
        "{out}"
    );

    // At the minute (RFC 3339 in a third offset): published, with its links.
    let (code, out, err) = cli(&[
        "build",
        c,
        "--out",
        s,
        "--shell",
        sh,
        "--now",
        "2026-12-06T16:00:00+01:00",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("held"), "{out}");
    assert!(site.join("data/notices/scheduled.json").exists());
    assert!(site.join("notice/scheduled/index.html").exists());
    assert_eq!(
        notice(&site, "earlier").next.map(|n| n.id).as_deref(),
        Some("scheduled")
    );
    assert!(notice(&site, "earlier")
        .related
        .iter()
        .any(|r| r.id == "scheduled"));
    assert!(fs::read_to_string(site.join("sitemap.xml"))
        .unwrap()
        .contains("/notice/scheduled<"));

    let (code, _, err) = cli(&["build", c, "--out", s, "--now", "tomorrow"]);
    assert_eq!(code, 2);
    assert!(err.contains("--now: `tomorrow` is not a date"), "{err}");
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

#[test]
fn the_sample_content_has_nothing_dated_after_today() {
    // The sample site and the e2e fixtures built from it must not depend on the day the tests
    // run: every sample notice is published by a build at the time of writing.
    let dir = temp("sample-now");
    let report = build(
        &repo().join("content"),
        &dir.join("site"),
        &options_at("2026-12-06T00:00:00+08:00"),
    )
    .unwrap();
    assert!(report.held.is_empty(), "{:?}", report.held);
    assert_eq!(report.notices, 23);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn prerendered_pages_show_validity_and_deadlines_as_of_the_build_clock() {
    let open = "+++\ntitle = \"报名通知\"\ndate = \"2026-12-01 09:00\"\ndeadline = \"2027-01-10 17:00\"\n+++\n\n正文。\n";
    let dir = content(
        "prerendered",
        &[
            ("zcwj/new-policy.md", NEW_POLICY),
            ("zcwj/old-policy.md", POLICY),
            ("zcwj/reading.md", READING),
            ("tzgg/consultation.md", CONSULTATION),
            ("tzgg/corrected.md", CORRECTED),
            ("tzgg/open.md", open),
        ],
    );
    let out = dir.parent().unwrap().join("site");
    let page = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();
    let build_at = |now: &str| {
        build_pages(&dir, &out, &options_at(now), Some(&shell())).unwrap();
    };
    build_at("2027-01-10T16:59:00+08:00");
    let open_page = page("notice/open/index.html");
    assert!(open_page.contains("截止时间："), "{open_page}");
    assert!(open_page.contains(">2027-01-10 17:00</time>"));
    assert!(!open_page.contains("已截止"));
    assert!(page("notice/consultation/index.html").contains("已截止"));
    let policy = page("notice/new-policy/index.html");
    assert!(
        policy.contains("<span class=\"visually-hidden\">有效性：</span>现行有效"),
        "{policy}"
    );
    assert!(policy.contains("政策解读"));
    assert!(policy.contains("【文字解读】"));
    assert!(policy.contains("href=\"/notice/reading\""));
    assert!(policy.contains("本文件替代了："));
    assert!(
        policy.contains("<th scope=\"row\">有效期至</th><td>2027-12-31</td>"),
        "{policy}"
    );
    let old = page("notice/old-policy/index.html");
    assert!(old.contains("已废止"));
    assert!(old.contains("已被替代，现行文件：") && old.contains("href=\"/notice/new-policy\""));
    assert!(page("notice/reading/index.html").contains("原文件："));
    let corrected = page("notice/corrected/index.html");
    assert!(corrected.contains("更正说明") && corrected.contains("第二条日期有误，已更正。"));
    assert!(corrected.contains("更新时间："));

    // A minute later the deadline has passed; after 2027 the policy has expired.
    build_at("2027-01-10T17:00:00+08:00");
    assert!(page("notice/open/index.html").contains("已截止"));
    assert!(!page("list/zcwj/1/index.html").contains("已失效"));
    build_at("2028-01-01T00:00:00+08:00");
    let policy = page("notice/new-policy/index.html");
    assert!(
        policy.contains("<span class=\"visually-hidden\">有效性：</span>已失效"),
        "{policy}"
    );
    assert!(page("list/zcwj/1/index.html").contains("已失效"));
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

#[test]
fn drafts_build_only_into_a_preview() {
    let draft =
        "+++\ntitle = \"草稿通知\"\ndate = \"2026-11-01 09:00\"\ndraft = true\n+++\n\n草稿正文。\n";
    let dir = content(
        "drafts",
        &[("tzgg/draft.md", draft), ("tzgg/corrected.md", CORRECTED)],
    );
    let root = dir.parent().unwrap();
    let (c, preview, normal) = (
        dir.to_str().unwrap(),
        root.join("preview"),
        root.join("normal"),
    );
    let shell_file = root.join("shell.html");
    fs::write(&shell_file, shell()).unwrap();
    let sh = shell_file.to_str().unwrap();

    let preview_build = || {
        cli(&[
            "build",
            c,
            "--out",
            preview.to_str().unwrap(),
            "--shell",
            sh,
            "--drafts",
        ])
    };
    let (code, out, err) = preview_build();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("built 2 notices"), "{out}");
    let site: Site = parse_file(
        "site",
        &fs::read_to_string(preview.join("data/site.json")).unwrap(),
    )
    .unwrap();
    assert!(site.preview);
    assert!(preview.join("data/notices/draft.json").exists());
    for page in [
        "index.html",
        "notice/draft/index.html",
        "notice/corrected/index.html",
        "list/tzgg/1/index.html",
        "search/index.html",
        "404.html",
    ] {
        let html = fs::read_to_string(preview.join(page)).unwrap();
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\" />"),
            "{page}"
        );
        // One robots tag, which the app keeps when the reader moves on.
        assert_eq!(html.matches("name=\"robots\"").count(), 1, "{page}");
        assert!(
            html.contains("class=\"preview-banner\"") && html.contains("预览："),
            "{page}"
        );
    }
    // A preview may replace a preview.
    let (code, _, err) = preview_build();
    assert_eq!(code, 0, "{err}");

    // A normal build leaves drafts out and carries no banner.
    let (code, out, err) = cli(&["build", c, "--out", normal.to_str().unwrap(), "--shell", sh]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("built 1 notices"), "{out}");
    let home = fs::read_to_string(normal.join("index.html")).unwrap();
    assert!(!home.contains("preview-banner") && !home.contains("noindex"));
    let before = fs::read(normal.join("data/site.json")).unwrap();

    // A preview into a normal build is refused, and the folder is left as it was.
    let (code, _, err) = cli(&[
        "build",
        c,
        "--out",
        normal.to_str().unwrap(),
        "--shell",
        sh,
        "--drafts",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("holds a normal build"), "{err}");
    assert_eq!(fs::read(normal.join("data/site.json")).unwrap(), before);
    assert!(!normal.join("data/notices/draft.json").exists());

    // A normal build replaces a preview, drafts and banners gone.
    let (code, _, err) = cli(&[
        "build",
        c,
        "--out",
        preview.to_str().unwrap(),
        "--shell",
        sh,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!preview.join("data/notices/draft.json").exists());
    assert!(!preview.join("notice/draft/index.html").exists());
    assert!(!fs::read_to_string(preview.join("index.html"))
        .unwrap()
        .contains("preview-banner"));
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn old_data_reads_in_the_new_app_and_new_data_in_an_old_one() {
    // A notice written before these fields existed reads, without marks.
    let old = r#"{"id":"a","title":"通知","published":"2026-01-01T09:00:00+08:00","channel":"tzgg","body":[{"type":"paragraph","content":["正文"]}]}"#;
    let n: Notice = parse_file("notice", old).unwrap();
    assert_eq!(
        (n.validity, n.deadline, n.interpretations.len()),
        (None, None, 0)
    );
    let site: Site = parse_file("site", r#"{"name":"站","lang":"zh-CN","channels":[{"id":"tzgg","name":"通知公告"}],"page_size":10}"#).unwrap();
    assert!(!site.preview);

    // A new notice, read by a reader that knows only the fields of before (the app ignores
    // unknown fields): it shows, without the marks.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct OldNotice {
        id: String,
        title: String,
        published: String,
        channel: String,
        body: Vec<bulletin::contract::model::Block>,
    }
    let out = temp("both-directions");
    let dir = content(
        "both-directions-content",
        &[
            ("zcwj/old-policy.md", POLICY),
            ("zcwj/new-policy.md", NEW_POLICY),
        ],
    );
    build(&dir, &out, &options_at("2026-12-06T10:00:00+08:00")).unwrap();
    let text = fs::read_to_string(out.join("data/notices/old-policy.json")).unwrap();
    let read: OldNotice = serde_json::from_str(&text).unwrap();
    assert_eq!(read.title, "旧办法");
    // A state a later version may add reads as no state.
    let newer = text.replace("\"abolished\"", "\"suspended\"");
    let n: Notice = parse_file("notice", &newer).unwrap();
    assert_eq!(n.validity, None);
    assert_eq!(n.title, "旧办法");
    fs::remove_dir_all(&out).unwrap();
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}
