//! Prerendered entry pages: `bulletin build --shell` writes a real page for every route, made of
//! the app shell, the page's head tags, the app's own components rendered natively and the data
//! the page shows; the sample content is built with a shell like the one Trunk writes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use bulletin::contract::model::{ListPage, Notice};
use bulletin::contract::read::parse_file;
use bulletin::contract::urls::BasePath;
use bulletin::tool::content::build::build_pages;
use bulletin::tool::content::Error;
use bulletin::tool::prerender::{self, Shell};
use bulletin::web::preload::{self, Embedded};
use common::{options, repo, temp, toml};

/// A shell shaped like Trunk's output for `base`.
fn shell(base: &str) -> String {
    fs::read_to_string(repo().join("index.html"))
        .unwrap()
        .replace(
            "<base data-trunk-public-url />",
            &format!("<base href=\"{base}\" />"),
        )
}

fn build_site(name: &str, base: &str) -> PathBuf {
    let out = temp(name);
    build_pages(
        &repo().join("content"),
        &out,
        &options(),
        Some(&shell(base)),
    )
    .expect("the sample content builds with a shell");
    out
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The embedded data element's JSON of a page.
fn embedded(page: &str) -> String {
    let open = format!(
        "<script type=\"application/json\" id=\"{}\"",
        preload::ELEMENT_ID
    );
    let tag = page.find(&open).expect("data element");
    let start = tag + page[tag..].find('>').unwrap() + 1;
    let end = start + page[start..].find("</script>").unwrap();
    page[start..end].to_string()
}

/// The text of a page's HTML with tags and comments removed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The prerendered content of a page (between the markers).
fn content(page: &str) -> &str {
    let start = page.find(prerender::START).expect("start marker") + prerender::START.len();
    let end = page.find(prerender::END).expect("end marker");
    &page[start..end]
}

#[test]
fn every_route_is_a_file() {
    let out = build_site("routes", "/");
    for rel in ["index.html", "404.html", "search/index.html"] {
        assert!(out.join(rel).is_file(), "{rel}");
    }
    let mut lists = 0;
    for channel in ["all", "gzdt", "tzgg", "zcwj"] {
        let first: ListPage =
            serde_json::from_str(&read(&out, &format!("data/lists/{channel}/1.json"))).unwrap();
        for n in 1..=first.pages {
            assert!(out.join(format!("list/{channel}/{n}/index.html")).is_file());
            lists += 1;
        }
    }
    assert!(lists >= 6);
    let mut notices = 0;
    for entry in fs::read_dir(out.join("data/notices")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let id = name.trim_end_matches(".json");
        assert!(
            out.join(format!("notice/{id}/index.html")).is_file(),
            "{id}"
        );
        notices += 1;
    }
    // The sample site: 12 工作动态, 5 通知公告 and 6 政策文件 (among them a policy with its 解读
    // and 图解, and an abolished policy with the one that replaced it).
    assert_eq!(notices, 23);
}

#[test]
fn the_reference_notice_page_has_its_text_head_and_data() {
    let out = build_site("reference", "/");
    let page = read(&out, "notice/2026-work-conference/index.html");
    let title = "浙江省通信管理局召开2026年工作会议";
    assert!(page.contains(&format!("<title>{title} - 浙江省通信管理局</title>")));
    assert!(page.contains(
        "<meta name=\"description\" content=\"浙江省通信管理局召开2026年工作会议，总结2025年工作"
    ));
    assert!(page.contains(&format!(
        "<meta name=\"ArticleTitle\" content=\"{title}\" />"
    )));
    assert!(page.contains("<meta name=\"PubDate\" content=\"2026-02-12 17:29\" />"));
    assert!(page.contains("<meta name=\"ColumnName\" content=\"工作动态\" />"));
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://www.example.gov.cn/notice/2026-work-conference\""
    ));
    assert!(page.contains("<meta property=\"og:type\" content=\"article\""));
    assert!(page.contains(&format!(
        "<meta property=\"og:title\" content=\"{title} - 浙江省通信管理局\""
    )));
    assert!(!page.contains("<noscript>"), "no 'needs JavaScript' note");

    // The content: the app's components, rendered (the six paragraphs word for word).
    let html = content(&page);
    assert!(html.contains(&format!(
        "<h1 id=\"notice-title\" class=\"notice-title\">{title}</h1>"
    )));
    let fixture = fs::read_to_string(repo().join("tests/fixtures/reference-notice.txt")).unwrap();
    let paragraphs: Vec<&str> = fixture
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'))
        .filter(|l| !l.is_empty())
        .skip(2)
        .take(6)
        .collect();
    assert_eq!(paragraphs.len(), 6);
    let shown = text(html);
    for p in paragraphs {
        assert!(shown.contains(p), "paragraph missing: {p}");
    }
    assert!(html.matches("<p>").count() >= 6);
    assert!(html.contains("<time datetime=\"2026-02-12T17:29:00+08:00\">2026-02-12 17:29</time>"));
    // The header marks the notice's channel as current, as the app does.
    assert!(html.contains("<a href=\"/list/gzdt/1\" aria-current=\"page\">工作动态</a>"));

    // The data: the notice file byte for byte (as JSON), and the site file.
    let data = embedded(&page);
    assert!(!data.contains('<') && !data.contains('>'));
    let parsed: Embedded = serde_json::from_str(&data).unwrap();
    assert_eq!(parsed.route, "/notice/2026-work-conference");
    assert_eq!(parsed.channel.as_deref(), Some("gzdt"));
    let mut keys: Vec<&String> = parsed.files.keys().collect();
    keys.sort();
    assert_eq!(keys, ["notices/2026-work-conference.json", "site.json"]);
    let from_page: Notice =
        parse_file("n", parsed.files["notices/2026-work-conference.json"].get()).unwrap();
    let from_file: Notice =
        parse_file("n", &read(&out, "data/notices/2026-work-conference.json")).unwrap();
    assert_eq!(from_page, from_file);
}

#[test]
fn home_list_and_not_found_pages() {
    let out = build_site("kinds", "/");
    let home = read(&out, "index.html");
    assert!(home.contains("<title>浙江省通信管理局</title>"));
    assert!(content(&home).contains("class=\"home-latest\""));
    assert!(content(&home).contains("浙江省通信管理局召开2026年工作会议"));
    let home_data = embedded(&home);
    let data: Embedded = serde_json::from_str(&home_data).unwrap();
    assert_eq!(data.files.len(), 5, "site and page 1 of all + 3 channels");

    let list = read(&out, "list/gzdt/2/index.html");
    assert!(list.contains("<title>工作动态（第2页） - 浙江省通信管理局</title>"));
    assert!(content(&list).contains("<h1 class=\"list-title\">工作动态</h1>"));
    assert!(content(&list).contains("aria-current=\"page\">2</a>"));
    assert!(
        list.contains("<link rel=\"canonical\" href=\"https://www.example.gov.cn/list/gzdt/2\"")
    );

    let missing = read(&out, "404.html");
    assert!(content(&missing).contains("该信息不存在或已删除"));
    assert!(missing.contains("<meta name=\"robots\" content=\"noindex\""));
    assert!(!missing.contains("rel=\"canonical\""));
}

#[test]
fn sub_path_pages_link_under_the_sub_path() {
    let out = build_site("sub", "/notices/");
    for rel in [
        "index.html",
        "list/all/1/index.html",
        "notice/2026-work-conference/index.html",
    ] {
        let page = read(&out, rel);
        let html = content(&page);
        let mut hrefs = 0;
        for part in html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            if href.starts_with('#') || href.starts_with("http") {
                continue;
            }
            assert!(href.starts_with("/notices/"), "{rel}: {href}");
            hrefs += 1;
        }
        assert!(hrefs > 5, "{rel}");
    }
}

#[test]
fn a_prerendered_page_serves_as_shell_again_with_the_same_result() {
    let out = build_site("twice", "/");
    let index = read(&out, "index.html");
    let notice = read(&out, "notice/2026-work-conference/index.html");
    build_pages(&repo().join("content"), &out, &options(), Some(&index)).unwrap();
    assert_eq!(read(&out, "index.html"), index);
    assert_eq!(read(&out, "notice/2026-work-conference/index.html"), notice);
    let broken = index.replacen(prerender::END, "", 1);
    match build_pages(&repo().join("content"), &out, &options(), Some(&broken)) {
        Err(Error::Output { message, .. }) => assert!(message.contains("broken"), "{message}"),
        other => panic!("expected an error, got {other:?}"),
    }
    assert_eq!(read(&out, "index.html"), index, "nothing written");
}

#[test]
fn a_build_without_shell_keeps_the_shell_and_pages() {
    let out = temp("plain");
    fs::write(out.join("index.html"), shell("/")).unwrap();
    bulletin::tool::content::build(&repo().join("content"), &out, &options()).unwrap();
    assert_eq!(read(&out, "index.html"), shell("/"));
    assert!(!out.join("notice").exists());
}

#[test]
fn render_uses_the_preloaded_data_and_the_base() {
    let out = build_site("render", "/");
    let mut files = HashMap::new();
    files.insert("site.json".to_string(), read(&out, "data/site.json"));
    files.insert(
        "lists/tzgg/1.json".to_string(),
        read(&out, "data/lists/tzgg/1.json"),
    );
    let rendered = prerender::render(&BasePath::new("/x/"), "/list/tzgg/1", Some("tzgg"), files);
    assert_eq!(rendered.title, "通知公告 - 浙江省通信管理局");
    assert!(rendered
        .html
        .contains("<h1 class=\"list-title\">通知公告</h1>"));
    assert!(rendered.html.contains("href=\"/x/list/tzgg/1\""));
    // Without the list's data the page would be a loading placeholder: never in a page file.
    let bare = prerender::render(&BasePath::new("/"), "/list/tzgg/1", None, HashMap::new());
    assert!(!bare.html.contains("list-title"));
    let shell = Shell::parse(&shell("/x/")).unwrap();
    assert_eq!(shell.base.as_str(), "/x/");
}

#[test]
fn hostile_text_stays_text_in_prerendered_pages() {
    let out = temp("hostile");
    let content = out.join("content");
    fs::create_dir_all(content.join("tzgg")).unwrap();
    let payload = r#"</script><script>alert(1)</script><img src=x onerror=alert(2)><!--"#;
    let quoted = toml(payload);
    fs::write(
        content.join("site.toml"),
        format!(
            "name = {quoted}\ndescription = {quoted}\nlang = \"zh-CN\"\nbase_url = \"https://www.example.gov.cn/\"\n\n[[channels]]\nid = \"tzgg\"\nname = {quoted}\n\n[footer]\norganizer = {quoted}\n"
        ),
    )
    .unwrap();
    fs::write(
        content.join("tzgg/xss.md"),
        format!(
            "+++\ntitle = {quoted}\ndate = 2026-03-01T09:00:00+08:00\nsource = {quoted}\nsummary = {quoted}\n+++\n\n`{payload}` and {}\n",
            payload.replace('<', "&lt;")
        ),
    )
    .unwrap();
    let site = out.join("site");
    build_pages(&content, &site, &options(), Some(&shell("/"))).expect("builds");
    let shell_scripts = shell("/").matches("<script").count();
    for rel in [
        "index.html",
        "404.html",
        "list/tzgg/1/index.html",
        "notice/xss/index.html",
    ] {
        let page = read(&site, rel);
        assert!(
            !page.contains("<script>alert"),
            "{rel}: a payload script tag"
        );
        assert!(!page.contains("<img src=x"), "{rel}: a payload image tag");
        assert_eq!(
            page.matches("<script").count(),
            shell_scripts + 1,
            "{rel}: only the shell's scripts and the data block"
        );
        assert_eq!(
            page.matches("<!--bulletin-prerender-->").count(),
            1,
            "{rel}"
        );
        // The data block parses back to the payload.
        let text = embedded(&page);
        let data: Embedded = serde_json::from_str(&text).unwrap();
        let site_json = data.files["site.json"].get();
        let parsed: bulletin::contract::model::Site = parse_file("s", site_json).unwrap();
        assert_eq!(parsed.name, payload, "{rel}");
    }
    let page = read(&site, "notice/xss/index.html");
    assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_shell_with_the_inline_boot_script_builds_and_keeps_it_verbatim() {
    // The release shell carries public/prefs.js inline (src/tool/shell/trunk.rs); it names the
    // data element's id to find it, which must not read as a stray data element.
    let boot = fs::read_to_string(repo().join("public/prefs.js")).unwrap();
    assert!(boot.contains(preload::ELEMENT_ID));
    // It keeps the presses made before the takeover where the app replays them from.
    assert!(boot.contains(&format!("window.{} = []", bulletin::web::boot::PRESSES)));
    let inline = shell("/").replace(
        "<script src=\"prefs.js\"></script>",
        &format!("<script>{boot}</script>"),
    );
    assert!(inline.contains(&boot));
    let out = temp("inline-boot");
    build_pages(&repo().join("content"), &out, &options(), Some(&inline))
        .expect("the shell with its inline boot script builds");
    for page in ["index.html", "notice/2026-work-conference/index.html"] {
        let html = read(&out, page);
        assert_eq!(
            html.matches(&boot).count(),
            1,
            "{page}: the boot script, once"
        );
        assert_eq!(
            html.matches(&format!("id=\"{}\"", preload::ELEMENT_ID))
                .count(),
            1,
            "{page}: one data element"
        );
    }
}

/// A shell with the screen stylesheet inline and named in its policy, as the release build
/// writes it, and the site folder it was written into (the whole stylesheet and a loader naming
/// it, as `bulletin build --trunk` leaves them beside the pages).
fn release_shell(name: &str) -> (String, String, PathBuf) {
    let css = bulletin::tool::shell::trunk::minify_css(
        &fs::read_to_string(repo().join("style/main.css")).unwrap(),
    );
    let hash = bulletin::tool::shell::trunk::csp_hash(&css);
    let html = shell("/")
        .replace(
            "<link data-trunk rel=\"css\" href=\"style/main.css\" />",
            &format!("<style>{css}</style>"),
        )
        .replace("style-src 'self'", &format!("style-src 'self' {hash}"))
        .replacen(
            "<link",
            "<meta name=\"bulletin-loader\" content=\"/loader-0123456789abcdef.js\" />\n    <link",
            1,
        );
    assert!(html.contains(&hash) && html.contains(&css));
    let out = temp(name);
    fs::write(out.join("main-fedcba9876543210.css"), &css).unwrap();
    fs::write(
        out.join("loader-0123456789abcdef.js"),
        "const FILES = [{\"rel\": \"stylesheet\", \"href\": \"/main-fedcba9876543210.css\"}];\n",
    )
    .unwrap();
    (html, css, out)
}

/// The page's inline stylesheet and the `style-src` of its policy.
fn style_and_policy(page: &str) -> (String, String) {
    let style = page
        .split("<style>")
        .nth(1)
        .unwrap()
        .split("</style>")
        .next();
    let policy = page.split("style-src").nth(1).unwrap().split(';').next();
    (style.unwrap().to_string(), policy.unwrap().to_string())
}

#[test]
fn each_page_carries_the_rules_it_uses_named_by_hash_in_its_policy() {
    let (html, whole, out) = release_shell("page-style");
    build_pages(&repo().join("content"), &out, &options(), Some(&html)).unwrap();
    let notice = read(&out, "notice/2026-work-conference/index.html");
    let list = read(&out, "list/tzgg/1/index.html");
    let search = read(&out, "search/index.html");
    for (rel, page) in [("notice", &notice), ("list", &list), ("search", &search)] {
        let (style, policy) = style_and_policy(page);
        assert!(
            style.len() * 10 < whole.len() * 9,
            "{rel}: {} of {} B",
            style.len(),
            whole.len()
        );
        assert_eq!(
            policy.trim(),
            format!("'self' {}", bulletin::tool::shell::trunk::csp_hash(&style)),
            "{rel}: its own stylesheet, by hash"
        );
    }
    // What the notice shows is styled; what only a list or a search shows is not carried.
    let (notice_style, _) = style_and_policy(&notice);
    let (list_style, _) = style_and_policy(&list);
    let (search_style, _) = style_and_policy(&search);
    assert!(notice.contains("class=\"notice-title\"") && notice_style.contains(".notice-title{"));
    assert!(list.contains("class=\"notice-list\"") && list_style.contains(".notice-list{"));
    assert!(!notice.contains("notice-list") && !notice_style.contains(".notice-list"));
    assert!(!notice.contains("search-result") && !notice_style.contains(".search-result"));
    assert!(!list_style.contains(".notice-title{"));
    assert!(search_style.contains(".search-form{"));
    // The reading modes the boot script sets before the first paint stay on every page.
    for style in [&notice_style, &list_style, &search_style] {
        assert!(style.contains("[data-elder=\"on\"]") && style.contains("[data-contrast=\"on\"]"));
    }

    // Rebuilt with a prerendered page as the shell: the whole stylesheet comes from the file its
    // loader names, and every page is the same again.
    let index = read(&out, "index.html");
    build_pages(&repo().join("content"), &out, &options(), Some(&index)).unwrap();
    assert_eq!(read(&out, "notice/2026-work-conference/index.html"), notice);
    assert_eq!(read(&out, "list/tzgg/1/index.html"), list);
    fs::remove_file(out.join("main-fedcba9876543210.css")).unwrap();
    match build_pages(&repo().join("content"), &out, &options(), Some(&index)) {
        Err(Error::Output { message, .. }) => {
            assert!(message.contains("main-fedcba9876543210.css"), "{message}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
    assert_eq!(read(&out, "index.html"), index, "nothing written");
}
