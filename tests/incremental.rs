//! Incremental builds: building again over a site folder after an edit gives exactly the tree a
//! build into an empty folder gives, and every file whose bytes did not change is left alone (same
//! modification time), so a sync uploads only what the edit changed. Each kind of edit an office
//! makes is tried on the sample content, built with an app shell (prerendered pages included).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use bulletin::tool::content::build::build_pages;
use common::{options, repo, temp};

/// Every file (bytes and modification time) and every folder under `dir`, by relative path.
#[derive(Debug, Default)]
struct Tree {
    files: BTreeMap<String, (Vec<u8>, SystemTime)>,
    dirs: Vec<String>,
}

fn tree(dir: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().unwrap().is_dir() {
                out.dirs.push(rel);
                walk(root, &path, out);
            } else {
                let mtime = entry.metadata().unwrap().modified().unwrap();
                out.files.insert(rel, (fs::read(&path).unwrap(), mtime));
            }
        }
    }
    let mut out = Tree::default();
    walk(dir, dir, &mut out);
    out.dirs.sort();
    out
}

/// Sets every file's modification time to a fixed moment long ago, so that a file written by the
/// next build is told apart whatever the file system's time resolution.
fn age(dir: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_500_000_000);
    for rel in tree(dir).files.keys() {
        let file = fs::File::options().write(true).open(dir.join(rel)).unwrap();
        file.set_modified(old).unwrap();
    }
    old
}

/// A file of the built app, put beside the data.
const APP: &str = "app.wasm";
const APP_BYTES: &[u8] = &[0, 97, 115, 109];

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A shell shaped like Trunk's output at the site root.
fn shell() -> String {
    fs::read_to_string(repo().join("index.html"))
        .unwrap()
        .replace("<base data-trunk-public-url />", "<base href=\"/\" />")
}

fn build(content: &Path, out: &Path) -> bulletin::tool::content::build::Report {
    build_with(content, out, &shell())
}

fn build_with(content: &Path, out: &Path, shell: &str) -> bulletin::tool::content::build::Report {
    build_pages(content, out, &options(), Some(shell)).expect("the content builds")
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Applies `change` to the content, builds over `site` and into an empty folder, and checks that
/// the two trees are the same, that only files with other bytes were written (and the build said
/// how many), that the files no longer made are gone; returns the relative paths written.
fn after(
    name: &str,
    content: &Path,
    site: &Path,
    work: &Path,
    change: impl FnOnce(&Path),
) -> Vec<String> {
    after_with(name, content, site, work, &shell(), change)
}

/// [`after`] with another app shell.
fn after_with(
    name: &str,
    content: &Path,
    site: &Path,
    work: &Path,
    shell: &str,
    change: impl FnOnce(&Path),
) -> Vec<String> {
    let old = age(site);
    let mut before = tree(site);
    before.files.remove(APP);
    change(content);
    let report = build_with(content, site, shell);
    let clean_dir = work.join(format!("clean-{name}"));
    build_with(content, &clean_dir, shell);
    let mut now = tree(site);
    // The built app beside the data is not the tool's: never touched.
    let app = now.files.remove(APP).expect("the app file stays");
    assert_eq!(
        app,
        (APP_BYTES.to_vec(), old),
        "{name}: the app file is left alone"
    );
    let clean = tree(&clean_dir);
    assert_eq!(now.dirs, clean.dirs, "{name}: the folders of a clean build");
    assert_eq!(
        now.files.keys().collect::<Vec<_>>(),
        clean.files.keys().collect::<Vec<_>>(),
        "{name}: the files of a clean build"
    );
    let mut written = Vec::new();
    for (rel, (bytes, mtime)) in &now.files {
        assert!(
            bytes == &clean.files[rel].0,
            "{name}: {rel} differs from a clean build's"
        );
        match before.files.get(rel) {
            Some((was, _)) if was == bytes => {
                assert_eq!(
                    *mtime, old,
                    "{name}: {rel} has the same bytes but was rewritten"
                )
            }
            _ => {
                assert_ne!(*mtime, old, "{name}: {rel} changed but kept its old time");
                written.push(rel.clone());
            }
        }
    }
    let deleted = before
        .files
        .keys()
        .filter(|rel| !now.files.contains_key(*rel))
        .count();
    let changes = report.changes.expect("a build reports its changes");
    assert_eq!(changes.written, written.len(), "{name}: files written");
    assert_eq!(changes.deleted, deleted, "{name}: files deleted");
    assert_eq!(
        changes.kept,
        now.files.len() - written.len(),
        "{name}: files kept"
    );
    assert!(
        !site.read_dir().unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with('.')),
        "{name}: no staging folder is left"
    );
    fs::remove_dir_all(&clean_dir).unwrap();
    written
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_clean_tree_touching_only_what_changed() {
    let work = temp("edits");
    let content = work.join("content");
    copy_dir(&repo().join("content"), &content);
    let site = work.join("site");
    build(&content, &site);
    // A file of the built app beside the data.
    fs::write(site.join(APP), APP_BYTES).unwrap();

    // The same content again: nothing is written.
    let written = after("unchanged", &content, &site, &work, |_| {});
    assert_eq!(written, Vec::<String>::new());

    let notice = "tzgg/2025-cybersecurity-skills-competition.md";
    let id = "2025-cybersecurity-skills-competition";
    let written = after("body edit", &content, &site, &work, |c| {
        edit(
            &c.join(notice),
            "初赛定于10月下旬举行",
            "初赛定于10月底举行",
        )
    });
    assert!(
        written.contains(&format!("data/notices/{id}.json")),
        "{written:?}"
    );
    assert!(
        written.contains(&format!("notice/{id}/index.html")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|f| f.starts_with("data/search/")),
        "the search index holds the new words: {written:?}"
    );
    // Besides the search index (whose file names hold the index's version), the notice's own
    // two files: no list, feed or other page shows the body.
    let own = [
        format!("data/notices/{id}.json"),
        format!("notice/{id}/index.html"),
    ];
    let others: Vec<_> = written
        .iter()
        .filter(|f| !f.starts_with("data/search/") && !own.contains(f))
        .collect();
    assert!(
        others.iter().all(|f| *f == "data/library.json"),
        "a body edit rewrites the notice's files and the index only: {others:?}"
    );

    let written = after("title edit", &content, &site, &work, |c| {
        edit(
            &c.join(notice),
            "网络安全技能竞赛的通知",
            "网络安全技能大赛的通知",
        )
    });
    assert!(
        written.contains(&format!("notice/{id}/index.html")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|f| f.starts_with("list/tzgg/")),
        "its channel's list shows the title: {written:?}"
    );
    assert!(written.contains(&"feed.xml".to_string()), "{written:?}");
    // Only the notices that link to it (上一篇/下一篇, related) show its title.
    let pages = |w: &[String]| w.iter().filter(|f| f.starts_with("notice/")).count();
    let notices = fs::read_dir(site.join("notice")).unwrap().count();
    assert!(pages(&written) * 3 < notices, "{written:?}");

    let written = after("new notice", &content, &site, &work, |c| {
        fs::write(
            c.join("tzgg/2026-new-notice.md"),
            "+++\ntitle = \"关于开展2026年行业安全检查的通知\"\ndate = \"2026-01-05 09:00\"\n+++\n\n各有关单位：现将检查安排通知如下。\n",
        )
        .unwrap()
    });
    assert!(written.contains(&"data/notices/2026-new-notice.json".to_string()));
    assert!(written.contains(&"notice/2026-new-notice/index.html".to_string()));
    assert!(written.contains(&"sitemap.xml".to_string()));

    let written = after("deleted notice", &content, &site, &work, |c| {
        fs::remove_file(c.join("tzgg/2026-new-notice.md")).unwrap()
    });
    assert!(!site.join("notice/2026-new-notice").exists());
    assert!(!site.join("data/notices/2026-new-notice.json").exists());
    assert!(written.contains(&"sitemap.xml".to_string()));

    // A notice with attachments goes: its files go too.
    let attached = "2025-q4-telecom-complaints-report";
    assert!(site.join(format!("data/files/{attached}")).is_dir());
    after("deleted notice with files", &content, &site, &work, |c| {
        fs::remove_file(c.join(format!("tzgg/{attached}.md"))).unwrap()
    });
    assert!(!site.join(format!("data/files/{attached}")).exists());

    let written = after("moved channel", &content, &site, &work, |c| {
        fs::rename(c.join(notice), c.join(format!("gzdt/{id}.md"))).unwrap()
    });
    assert!(
        written.iter().any(|f| f.starts_with("list/gzdt/")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|f| f.starts_with("list/tzgg/")),
        "{written:?}"
    );

    let written = after("site.toml", &content, &site, &work, |c| {
        edit(&c.join("site.toml"), "page_size = 10", "page_size = 5")
    });
    assert!(
        written.iter().any(|f| f.starts_with("list/all/")),
        "{written:?}"
    );
    after("site name", &content, &site, &work, |c| {
        edit(
            &c.join("site.toml"),
            "name = \"浙江省通信管理局\"",
            "name = \"浙江省通信管理局（测试）\"",
        )
    });

    // A new app shell (a new release of the app): every page is made again with it.
    let new_shell = shell().replace(
        "</head>",
        "<meta name=\"x-release\" content=\"2\" /></head>",
    );
    let written = after_with("new shell", &content, &site, &work, &new_shell, |_| {});
    let pages: Vec<_> = tree(&site)
        .files
        .into_keys()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() > 40);
    for page in &pages {
        assert!(written.contains(page), "{page} is made with the new shell");
    }

    fs::remove_dir_all(&work).unwrap();
}

/// A folder the build would make may hold a file of that name, and the reverse: the build still
/// ends with the clean tree.
#[test]
fn a_file_where_a_folder_belongs_is_replaced() {
    let work = temp("shapes");
    let content: PathBuf = repo().join("content");
    let site = work.join("site");
    build(&content, &site);
    let clean = tree(&site);
    fs::remove_dir_all(site.join("notice/2025-cybersecurity-skills-competition")).unwrap();
    fs::write(
        site.join("notice/2025-cybersecurity-skills-competition"),
        "stray",
    )
    .unwrap();
    fs::remove_file(site.join("feed.xml")).unwrap();
    fs::create_dir_all(site.join("feed.xml/inside")).unwrap();
    fs::write(site.join("data/notices/stray.json"), "{}").unwrap();
    build(&content, &site);
    let now = tree(&site);
    assert_eq!(now.dirs, clean.dirs);
    assert_eq!(
        now.files.iter().map(|(k, v)| (k, &v.0)).collect::<Vec<_>>(),
        clean
            .files
            .iter()
            .map(|(k, v)| (k, &v.0))
            .collect::<Vec<_>>()
    );
    fs::remove_dir_all(&work).unwrap();
}
