//! What every government site carries, as the content tool writes it: the standalone pages, the
//! footer's items, the personal-data guard (true positives at their place, no false positive on
//! the sample site or on 10,000 generated notices) and the policy library's facet index.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use bulletin::contract::library::{LibraryIndex, LibraryQuery};
use bulletin::contract::model::{Page, Site, ICP_HREF};
use bulletin::tool::content::{build, check, Error, Options};
use common::{load, options, repo, temp};

const SITE: &str = "name = \"站\"\nbase_url = \"https://www.example.gov.cn/\"\n\
    official_domains = [\"chinamobile.com\"]\n\
    [[channels]]\nid = \"tzgg\"\nname = \"通知公告\"\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn errors(content: &Path) -> Vec<String> {
    match check(content, &options()) {
        Ok(report) => panic!("expected errors, checked {} notices", report.notices),
        Err(Error::Content(d)) => d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.render(Path::new("")))
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_sample_site_carries_its_pages_footer_and_library() {
    let out = temp("sample");
    // The build's clock is fixed (2026-12-06 00:00 UTC): the library's 有效性 depends on it.
    let options = Options {
        now: Some(1_796_515_200),
        ..options()
    };
    let report = build(&repo().join("content"), &out, &options).unwrap();
    assert!(
        report.personal_data.is_empty(),
        "{:?}",
        report.personal_data
    );
    let site: Site = load(&out.join("data/site.json"));
    // The footer's order is site.toml's `footer.pages`.
    let pages: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.id.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(
        pages,
        [
            ("statement", "网站声明"),
            ("privacy", "隐私政策"),
            ("about", "关于我们"),
            ("contact", "联系我们"),
            ("accessibility", "无障碍声明"),
        ]
    );
    for p in &site.pages {
        let page: Page = load(&out.join(format!("data/pages/{}.json", p.id)));
        assert_eq!(page.title, p.title);
        assert!(!page.body.is_empty());
    }
    let f = &site.footer;
    assert_eq!(f.organizer, "浙江省通信管理局");
    assert_eq!(f.undertaker, "浙江省通信管理局办公室");
    assert_eq!(f.icp, "浙ICP备05000000号");
    assert_eq!(f.police, "浙公网安备 33010602000000号");
    assert!(f.police_href.starts_with("https://beian.mps.gov.cn/"));
    assert!(f.report_href.starts_with("https://zfwzzc.www.gov.cn/"));
    assert!(f.badge_href.starts_with("https://bszs.conac.cn/"));
    assert_eq!(f.site_code, "BM0000000000");
    assert_eq!(ICP_HREF, "https://beian.miit.gov.cn/");
    // The 党政机关网站标识 is a local file of the site, copied as it is.
    assert_eq!(f.badge, "site/badge.svg");
    assert_eq!(
        fs::read(out.join(&f.badge)).unwrap(),
        fs::read(repo().join("content/badge.svg")).unwrap()
    );
    // The library: the 政策文件 channel, with 文号 year and code parsed.
    assert!(site.library);
    let index: LibraryIndex = load(&out.join("data/library.json"));
    // Four documents: the interpretation and the 图解 of a policy are linked from it, not listed.
    assert_eq!(index.rows.len(), 4);
    let all = LibraryQuery::default();
    assert_eq!(
        index.counts(&all, "year"),
        [
            ("2026".to_string(), 2),
            ("2025".to_string(), 1),
            ("2023".to_string(), 1)
        ]
    );
    assert_eq!(
        index.counts(&all, "code"),
        [("浙通管".to_string(), 3), ("浙通管函".to_string(), 1)]
    );
    assert_eq!(
        index.counts(&all, "publisher"),
        [("浙江省通信管理局".to_string(), 4)]
    );
    // 有效性 at the build's clock: the abolished 2023 policy apart from the two in force.
    assert_eq!(
        index.counts(&all, "validity"),
        [("现行有效".to_string(), 2), ("已废止".to_string(), 1)]
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for url in ["sitemap", "library", "page/statement", "page/accessibility"] {
        assert!(
            sitemap.contains(&format!("<loc>https://www.example.gov.cn/{url}</loc>")),
            "{url}"
        );
    }
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn site_toml_mistakes_of_the_furniture_are_errors() {
    let dir = temp("furniture-errors");
    write(
        &dir,
        "site.toml",
        &format!(
            "{SITE}[[channels]]\nid = \"pages\"\nname = \"页面\"\n[library]\nchannels = [\"zcwj\"]\n\
             [footer]\npolice_href = \"beian.mps.gov.cn\"\nbadge = \"https://x.example/b.png\"\n\
             pages = [\"about\", \"missing\"]\n"
        ),
    );
    write(
        &dir,
        "tzgg/a.md",
        "+++\ntitle = \"甲\"\ndate = \"2026-01-01 09:00\"\n+++\n正文。\n",
    );
    write(
        &dir,
        "pages/about.md",
        "+++\ntitle = \"关于我们\"\n+++\n简介。\n",
    );
    let got = errors(&dir);
    for expected in [
        "channels[1].id: `pages` is the folder of the standalone pages",
        "library.channels: unknown channel `zcwj`",
        "footer.police_href: `beian.mps.gov.cn` must be an https:// or http:// URL",
        "footer.badge: `https://x.example/b.png` must be an image file in the content folder",
    ] {
        assert!(
            got.iter().any(|e| e.contains(expected)),
            "{expected}: {got:#?}"
        );
    }
    // With the site.toml fixed, a footer page without a file and a missing image remain.
    write(
        &dir,
        "site.toml",
        &format!("{SITE}[footer]\nbadge = \"badge.png\"\npages = [\"about\", \"missing\"]\n"),
    );
    let got = errors(&dir);
    assert_eq!(
        got,
        [
            "site.toml:1:1: footer.badge: no file `badge.png` in the content folder",
            "site.toml:1:1: footer.pages: no page `missing` in pages/ (write pages/missing.md)",
        ]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn personal_data_is_an_error_at_its_place_unless_the_notice_says_so() {
    let dir = temp("personal");
    write(&dir, "site.toml", SITE);
    write(
        &dir,
        "tzgg/leak.md",
        "+++\ntitle = \"关于张三的公示\"\ndate = \"2026-01-01 09:00\"\n\
         attachments = [{ name = \"身份证11010519491231002X.pdf\", href = \"https://x.example/a.pdf\" }]\n+++\n\
         联系人手机：13800138000，邮箱 zhangsan@163.com。\n\n\
         | 姓名 | 银行卡 |\n| --- | --- |\n| 张三 | 6222020200112233446 |\n\n\
         办公电话 0571-88000000，客服 service@chinamobile.com，文号 浙通管〔2026〕5号。\n",
    );
    write(
        &dir,
        "tzgg/hotline.md",
        "+++\ntitle = \"热线公示\"\ndate = \"2026-01-02 09:00\"\npersonal_data = true\n+++\n\
         值班手机：13900139000。\n",
    );
    write(
        &dir,
        "pages/contact.md",
        "+++\ntitle = \"联系我们\"\n+++\n电子邮箱 office@example.gov.cn，值班 13700137000。\n",
    );
    let got = errors(&dir);
    let at: Vec<String> = got
        .iter()
        .map(|e| e.split(": `").next().unwrap().to_string())
        .collect();
    assert_eq!(
        at,
        [
            "pages/contact.md:4:31",
            "tzgg/leak.md:4:29",
            "tzgg/leak.md:6:7",
            "tzgg/leak.md:6:22",
            "tzgg/leak.md:10:8",
        ],
        "{got:#?}"
    );
    for masked in [
        "137****7000",
        "110105********002X",
        "138****8000",
        "z***@163.com",
        "6222***********3446",
    ] {
        assert!(got.iter().any(|e| e.contains(masked)), "{masked}: {got:#?}");
    }
    // Without the leaks, the notice that says it publishes personal data is listed.
    fs::remove_file(dir.join("tzgg/leak.md")).unwrap();
    fs::remove_file(dir.join("pages/contact.md")).unwrap();
    let report = check(&dir, &options()).unwrap();
    assert_eq!(
        report.personal_data,
        [Path::new("tzgg/hotline.md").to_path_buf()]
    );
    let output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["check", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("hotline.md: publishes personal data (`personal_data = true`)"),
        "{err}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

/// Zero false positives on 10,000 generated notices (`tools/gen-corpus.py`, about 3 s to write,
/// a few seconds to check).
#[test]
fn the_generated_corpus_has_no_false_positive() {
    let dir = temp("corpus");
    let status = Command::new("python3")
        .arg(repo().join("tools/gen-corpus.py"))
        .args(["--count", "10000", "--quiet", "--out"])
        .arg(&dir)
        .status()
        .expect("python3 runs tools/gen-corpus.py");
    assert!(status.success());
    match check(&dir, &options()) {
        Ok(report) => {
            assert!(report.notices > 9_900, "{}", report.notices);
            assert!(report.personal_data.is_empty());
        }
        Err(Error::Content(d)) => panic!(
            "{} diagnostics, the first: {:#?}",
            d.len(),
            d.iter().take(5).map(|d| d.render(&dir)).collect::<Vec<_>>()
        ),
        Err(e) => panic!("{e}"),
    }
    fs::remove_dir_all(&dir).unwrap();
}
