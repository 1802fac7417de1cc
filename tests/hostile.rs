//! Hostile content given to the content tool: every payload of `tests/fixtures/xss-payloads.json`
//! in every text field of `site.toml` and of a notice's front matter, in every Markdown position
//! (text, strong, emphasis, heading, quote, list, table cell, link text, image alt and caption),
//! and as a link target, an image source and an attachment path.
//!
//! Text comes out as the same text (trimmed) in the JSON the app reads; URLs either come out as
//! URLs the app follows or the build stops with a precise `path:line:column` error and writes
//! nothing. Every file written parses with the app's own types.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::fs;
use std::path::Path;

use bulletin::contract::model::{Block, Inline, ListPage, Notice, Site};
use bulletin::contract::urls::{safe_link, safe_resource};
use bulletin::tool::content::diagnostics::Diagnostic;
use bulletin::tool::content::{build, Error};
use common::{load, options, repo, temp, toml};

/// The payloads, `repeat` expanded.
fn payloads() -> Vec<String> {
    let text = fs::read_to_string(repo().join("tests/fixtures/xss-payloads.json")).unwrap();
    let corpus: serde_json::Value = serde_json::from_str(&text).unwrap();
    corpus["payloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let repeat = p["repeat"].as_u64().unwrap_or(1) as usize;
            p["payload"].as_str().unwrap().repeat(repeat)
        })
        .collect()
}

fn site_toml(p: &str) -> String {
    let p = toml(p);
    format!(
        "name = {p}\ndescription = {p}\nlang = \"zh-CN\"\nbase_url = \"https://www.example.gov.cn/\"\n\
         timezone = \"+08:00\"\npage_size = 10\n\n[[channels]]\nid = \"tzgg\"\nname = {p}\n\n\
         [footer]\norganizer = {p}\nicp = {p}\nsite_code = {p}\ncontact = {p}\n"
    )
}

/// Text fields of `site.toml` (name, description, channel name, four footer fields).
const SITE_FIELDS: usize = 7;
/// Text fields of the front matter below (title, subtitle, source, publisher, doc_number,
/// index_number, topic, a keyword, summary, attachment name).
const FRONT_MATTER_FIELDS: usize = 10;
/// Markdown positions below (heading, text, strong, emphasis, quote, list item, table cell, link
/// text, image alt, image caption).
const MARKDOWN_FIELDS: usize = 10;
/// URL positions (link target, image source, attachment path).
const URL_FIELDS: usize = 3;

fn text_notice(p: &str) -> String {
    let t = toml(p);
    // In Markdown the payload is written as it comes: what Markdown makes of it is the test. The
    // first paragraph keeps the body from being empty when a payload opens an HTML block that
    // runs to the end of the file (raw HTML is dropped, with a warning).
    let oneline = p.replace(['\n', '\r'], " ");
    format!(
        "+++\ntitle = {t}\nsubtitle = {t}\ndate = 2026-02-12T17:29:00+08:00\nsource = {t}\n\
         publisher = {t}\ndoc_number = {t}\nindex_number = {t}\ntopic = {t}\nkeywords = [{t}, \"通信\"]\n\
         summary = {t}\n\n[[attachments]]\nname = {t}\nhref = \"a.pdf\"\n+++\n\n正文。\n\n\
         ## {oneline}\n\n{p}\n\n**{oneline}** *{oneline}*\n\n> {oneline}\n\n- {oneline}\n\n\
         | a | b |\n|---|---|\n| {cell} | x |\n\n[{oneline}](https://www.example.gov.cn/)\n\n\
         ![{oneline}](chart.svg \"{title}\")\n",
        cell = oneline.replace('|', "\\|"),
        title = oneline.replace('"', "\\\""),
    )
}

fn url_notice(p: &str) -> String {
    let t = toml(p);
    let oneline = p.replace(['\n', '\r'], " ");
    format!(
        "+++\ntitle = \"链接\"\ndate = 2026-02-12T17:29:00+08:00\n\n[[attachments]]\nname = \"附件\"\n\
         href = {t}\n+++\n\n[链接](<{link}>)\n\n![图](<{link}>)\n",
        link = oneline.replace(['<', '>'], "")
    )
}

/// Every inline href and image src in the body.
fn urls(body: &[Block]) -> (Vec<String>, Vec<String>) {
    let mut links = Vec::new();
    let mut images = Vec::new();
    let mut inl = |inlines: &[Inline]| {
        for i in inlines {
            if let Inline::Span(s) = i {
                links.extend(s.href.clone());
            }
        }
    };
    for b in body {
        match b {
            Block::Paragraph { content }
            | Block::Quote { content }
            | Block::Heading { content, .. } => inl(content),
            Block::List { items, .. } => items.iter().for_each(|i| inl(i)),
            Block::Table { header, rows, .. } => {
                header.iter().flatten().for_each(|c| inl(c));
                rows.iter().flatten().for_each(|c| inl(c));
            }
            Block::Image { src, .. } => images.push(src.clone()),
            Block::Unknown { .. } => {}
        }
    }
    (links, images)
}

/// Every JSON file under `dir` parses with the app's types; returns the site and the notices.
fn read_output(out: &Path) -> (Site, Vec<Notice>) {
    let site: Site = load(&out.join("data/site.json"));
    let mut notices = Vec::new();
    for entry in fs::read_dir(out.join("data/notices")).unwrap() {
        notices.push(load::<Notice>(&entry.unwrap().path()));
    }
    for entry in fs::read_dir(out.join("data/lists/tzgg")).unwrap() {
        load::<ListPage>(&entry.unwrap().path());
    }
    (site, notices)
}

/// The errors among a build's diagnostics, each as `path:line:column: message`.
fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(Path::new("")))
        .collect()
}

#[test]
fn payloads_in_every_field_come_out_as_text_or_are_refused_precisely() {
    let payloads = payloads();
    assert!(payloads.len() >= 30, "at least 30 payloads");
    let mut refused_urls = 0;
    let mut built = 0;
    for (i, p) in payloads.iter().enumerate() {
        let label = format!(
            "payload {} {:?}",
            i + 1,
            p.chars().take(50).collect::<String>()
        );
        let expected = p.trim();

        // Text: every field keeps the payload as text.
        let dir = temp(&format!("text-{i}"));
        let content = dir.join("content");
        fs::create_dir_all(content.join("tzgg")).unwrap();
        fs::write(content.join("site.toml"), site_toml(p)).unwrap();
        fs::write(content.join("tzgg/xss.md"), text_notice(p)).unwrap();
        fs::write(content.join("tzgg/a.pdf"), b"%PDF-1.4\n").unwrap();
        fs::write(
            content.join("tzgg/chart.svg"),
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        let out = dir.join("out");
        match build(&content, &out, &options()) {
            Ok(_) => {}
            Err(Error::Content(d)) => {
                panic!("{label}: text was refused:\n{}", errors(&d).join("\n"));
            }
            Err(e) => panic!("{label}: {e}"),
        }
        built += 1;
        let (site, notices) = read_output(&out);
        assert_eq!(site.name, expected, "{label}: site name");
        assert_eq!(site.channels[0].name, expected, "{label}: channel name");
        assert_eq!(site.footer.organizer, expected, "{label}: footer");
        assert_eq!(site.footer.contact, expected, "{label}: footer");
        let n = &notices[0];
        assert_eq!(n.title, expected, "{label}: title");
        assert_eq!(n.source.as_deref(), Some(expected), "{label}: source");
        assert_eq!(
            n.doc_number.as_deref(),
            Some(expected),
            "{label}: doc_number"
        );
        assert!(
            n.keywords.iter().any(|k| k == expected),
            "{label}: keywords"
        );
        assert_eq!(n.attachments[0].name, expected, "{label}: attachment name");
        let (links, images) = urls(&n.body);
        for link in &links {
            assert!(safe_link(link).is_some(), "{label}: link {link:?}");
        }
        for src in &images {
            assert!(safe_resource(src).is_some(), "{label}: image {src:?}");
        }
        fs::remove_dir_all(&dir).unwrap();

        // URLs: followed only when the app would follow them, else a precise error, nothing written.
        let dir = temp(&format!("url-{i}"));
        let content = dir.join("content");
        fs::create_dir_all(content.join("tzgg")).unwrap();
        fs::write(content.join("site.toml"), site_toml("站点")).unwrap();
        fs::write(content.join("tzgg/xss.md"), url_notice(p)).unwrap();
        let out = dir.join("out");
        match build(&content, &out, &options()) {
            Ok(_) => {
                let (_, notices) = read_output(&out);
                let n = &notices[0];
                let (links, images) = urls(&n.body);
                for link in &links {
                    assert!(safe_link(link).is_some(), "{label}: link {link:?}");
                }
                for src in &images {
                    assert!(safe_resource(src).is_some(), "{label}: image {src:?}");
                }
                for a in &n.attachments {
                    assert!(
                        safe_resource(&a.href).is_some(),
                        "{label}: attachment {:?}",
                        a.href
                    );
                }
            }
            Err(Error::Content(d)) => {
                refused_urls += 1;
                assert!(
                    !out.exists(),
                    "{label}: nothing is written when the build fails"
                );
                for line in errors(&d) {
                    let (place, message) = line.split_once(": ").unwrap();
                    let mut parts = place.split(':');
                    assert_eq!(parts.next(), Some("tzgg/xss.md"), "{label}: {line}");
                    let line_no: usize = parts.next().unwrap().parse().unwrap();
                    let col: usize = parts.next().unwrap().parse().unwrap();
                    assert!(line_no >= 1 && col >= 1, "{label}: {line}");
                    assert!(!message.is_empty(), "{label}: {line}");
                }
            }
            Err(e) => panic!("{label}: {e}"),
        }
        fs::remove_dir_all(&dir).unwrap();
    }
    println!(
        "hostile Markdown: {} payloads x {} fields = {} placements; {built} text builds kept every payload as text; \
         {refused_urls} of {} URL sets refused with path:line:column errors and nothing written",
        payloads.len(),
        SITE_FIELDS + FRONT_MATTER_FIELDS + MARKDOWN_FIELDS + URL_FIELDS,
        payloads.len() * (SITE_FIELDS + FRONT_MATTER_FIELDS + MARKDOWN_FIELDS + URL_FIELDS),
        payloads.len(),
    );
}

#[test]
fn a_notice_file_over_the_size_limit_is_refused_without_reading_it_all() {
    let dir = temp("huge");
    let content = dir.join("content");
    fs::create_dir_all(content.join("tzgg")).unwrap();
    fs::write(content.join("site.toml"), site_toml("站点")).unwrap();
    fs::write(
        content.join("tzgg/ok.md"),
        "+++\ntitle = \"通知\"\ndate = 2026-02-12T17:29:00+08:00\n+++\n\n正文。\n",
    )
    .unwrap();
    // A sparse file just over the limit: nothing is allocated on disk.
    let huge = fs::File::create(content.join("tzgg/huge.md")).unwrap();
    huge.set_len(bulletin::tool::content::build::MAX_NOTICE_BYTES + 1)
        .unwrap();
    let out = dir.join("out");
    let Err(Error::Content(d)) = build(&content, &out, &options()) else {
        panic!("a notice over the limit must fail the build");
    };
    assert_eq!(
        errors(&d),
        vec![
            "tzgg/huge.md:1:1: the file is larger than 64 MB, the most a notice may be: split it, \
             or attach the long part as a file"
        ]
    );
    assert!(!out.exists(), "nothing is written");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn paths_that_leave_the_content_folder_are_refused_precisely() {
    let dir = temp("paths");
    let content = dir.join("content");
    fs::create_dir_all(content.join("tzgg/sub")).unwrap();
    fs::write(dir.join("secret.pdf"), b"%PDF secret").unwrap();
    fs::write(content.join("site.toml"), site_toml("站点")).unwrap();
    std::os::unix::fs::symlink(dir.join("secret.pdf"), content.join("tzgg/sub/link.pdf")).unwrap();
    std::os::unix::fs::symlink(&dir, content.join("tzgg/sub/up")).unwrap();
    let tricks = [
        "../../../secret.pdf",
        "./../../../secret.pdf",
        "a/../../../../secret.pdf",
        "%2e%2e/%2e%2e/%2e%2e/secret.pdf",
        "..%2F..%2F..%2Fsecret.pdf",
        "..\\..\\..\\secret.pdf",
        "/etc/passwd",
        "//host/share/secret.pdf",
        "C:\\Windows\\win.ini",
        "file:///etc/passwd",
        "link.pdf",
        "up/secret.pdf",
    ];
    let mut notice = String::from(
        "+++\ntitle = \"路径\"\ndate = 2026-02-12T17:29:00+08:00\nid = \"../../etc/passwd\"\n",
    );
    for t in tricks {
        notice.push_str(&format!(
            "\n[[attachments]]\nname = \"附件\"\nhref = {}\n",
            toml(t)
        ));
    }
    notice.push_str("+++\n\n正文。\n\n");
    for t in tricks {
        notice.push_str(&format!("![图](<{t}>)\n\n"));
    }
    fs::write(content.join("tzgg/sub/paths.md"), notice).unwrap();
    let out = dir.join("out");
    let Err(Error::Content(d)) = build(&content, &out, &options()) else {
        panic!("paths leaving the content folder must fail the build");
    };
    let errors = errors(&d);
    let text = errors.join("\n");
    assert!(
        text.contains("tzgg/sub/paths.md:4:6: id `../../etc/passwd` is not a valid id"),
        "{text}"
    );
    // Every trick is refused twice, as an attachment and as an image, each at its own line.
    for (i, t) in tricks.iter().enumerate() {
        let attachment = format!("attachment {}:", i + 1);
        assert!(
            errors.iter().any(|e| e.contains(&attachment)),
            "{t:?} as attachment {} was not refused:\n{text}",
            i + 1
        );
        let image_line = 5 + 4 * tricks.len() + 4 + 2 * i;
        assert!(
            errors.iter().any(
                |e| e.starts_with(&format!("tzgg/sub/paths.md:{image_line}:"))
                    && e.contains("image")
            ),
            "{t:?} as an image (line {image_line}) was not refused:\n{text}"
        );
    }
    assert!(!out.exists(), "nothing is written");
    fs::remove_dir_all(&dir).unwrap();
}
