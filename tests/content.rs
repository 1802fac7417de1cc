//! The content tool, end to end: fixture content folders build to their expected trees byte for
//! byte, error fixtures report every diagnostic, builds are deterministic and atomic, the app
//! parses every file the tool writes, and nothing leaves the output folder.
//!
//! `BULLETIN_BLESS=1 cargo test --test content` rewrites the expected trees, warnings and errors
//! from the current output (review the diff before committing it).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use bulletin::contract::library::LibraryIndex;
use bulletin::contract::model::{ListPage, Notice, Page, Site};
use bulletin::contract::read::parse_file;
use bulletin::tool::content::diagnostics::Diagnostic;
use bulletin::tool::content::{build, check, Error, Options};
use common::{cli, options, repo, temp};

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/content")
}

fn bless() -> bool {
    std::env::var("BULLETIN_BLESS").is_ok_and(|v| v == "1")
}

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap()).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(Path::new("")) + "\n")
        .collect()
}

fn assert_same_tree(expected: &Path, actual: &Path) {
    let want = tree(expected);
    let got = tree(actual);
    let want_names: Vec<_> = want.keys().collect();
    let got_names: Vec<_> = got.keys().collect();
    assert_eq!(
        got_names,
        want_names,
        "files differ between {} and {}",
        actual.display(),
        expected.display()
    );
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{name} differs from {}:\n--- expected\n{}\n--- got\n{}",
            expected.join(name).display(),
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&got[name])
        );
    }
}

/// The positive fixture cases: every folder but `errors`.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().unwrap() != "errors")
        .collect();
    cases.sort();
    cases
}

#[test]
fn fixtures_build_to_their_expected_trees() {
    let cases = cases();
    assert!(cases.len() >= 2);
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let out = temp(&format!("fixture-{name}"));
        let report = build(&case, &out, &options()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let warnings = render(&report.warnings);
        let expected = case.join("expected");
        let warnings_file = case.join("expected-warnings.txt");
        if bless() {
            let _ = fs::remove_dir_all(&expected);
            copy_dir(&out, &expected);
            if warnings.is_empty() {
                let _ = fs::remove_file(&warnings_file);
            } else {
                fs::write(&warnings_file, &warnings).unwrap();
            }
        }
        assert_same_tree(&expected, &out);
        let want = fs::read_to_string(&warnings_file).unwrap_or_default();
        assert_eq!(warnings, want, "{name}: warnings differ");
        fs::remove_dir_all(&out).unwrap();
    }
}

/// Copies an error fixture into `<dir>/content` and creates the symlinks its
/// `symlinks-outside.txt` lists, each pointing at `<dir>/outside.txt`, outside the content
/// folder.
fn prepare_error_case(case: &Path, dir: &Path) -> PathBuf {
    let content = dir.join("content");
    copy_dir(case, &content);
    let outside = dir.join("outside.txt");
    fs::write(&outside, "outside the content folder\n").unwrap();
    if let Ok(list) = fs::read_to_string(case.join("symlinks-outside.txt")) {
        for link in list.lines().filter(|l| !l.trim().is_empty()) {
            std::os::unix::fs::symlink(&outside, content.join(link.trim())).unwrap();
        }
    }
    content
}

#[test]
fn error_fixtures_report_every_problem_in_one_run() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 2);
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = temp(&format!("errors-{name}"));
        let content = prepare_error_case(&case, &dir);
        let diagnostics = match check(&content, &options()) {
            Err(Error::Content(d)) => d,
            other => panic!("{name}: expected content errors, got {other:?}"),
        };
        let got = render(&diagnostics);
        let file = case.join("expected-errors.txt");
        if bless() {
            fs::write(&file, &got).unwrap();
        }
        let want = fs::read_to_string(&file).unwrap_or_default();
        assert_eq!(got, want, "{name}: diagnostics differ");

        // `build` reports the same and writes nothing at all.
        let out = dir.join("site");
        match build(&content, &out, &options()) {
            Err(Error::Content(d)) => assert_eq!(render(&d), want, "{name}: build"),
            other => panic!("{name}: expected content errors, got {other:?}"),
        }
        assert!(
            !out.exists(),
            "{name}: a failed build created its output folder"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn the_error_fixture_covers_every_kind_of_error() {
    let text = fs::read_to_string(fixtures().join("errors/all-kinds/expected-errors.txt")).unwrap();
    for needle in [
        "unknown channel `news`",
        "duplicate id `same-id` (already used by gzdt/dup-a.md:",
        "is not a valid id",
        "missing `title`",
        "`title` is empty",
        "is not a valid date",
        "missing `date`",
        "the body is empty",
        "invalid TOML front matter",
        "invalid YAML front matter",
        "no front matter",
        "is not closed",
        "file `missing.pdf` not found",
        "image: file `missing.png` not found",
        "link to `javascript:alert(1)` is not allowed",
        "image source `mailto:",
        "the file is not valid UTF-8",
        "id `../../etc/passwd` is not a valid id",
        "`../../secret.pdf` goes up with `..`",
        "`/etc/passwd` is an absolute path",
        "leaves the content folder through a symlink",
        "gzdt/linked.md:1:1: symlink leaves the content folder",
        "warning: raw HTML dropped",
        "warning: heading level 1 shown as level 2",
    ] {
        assert!(text.contains(needle), "no diagnostic with {needle:?}");
    }
}

#[test]
fn two_builds_give_the_same_bytes() {
    for content in [repo().join("content"), fixtures().join("full")] {
        let a = temp("determinism-a");
        let b = temp("determinism-b");
        build(&content, &a, &options()).unwrap();
        let other = Options {
            workers: 5,
            progress: false,
            ..Options::default()
        };
        build(&content, &b, &other).unwrap();
        assert_same_tree(&a, &b);
        // Building again over the same output gives the same bytes too.
        build(&content, &a, &other).unwrap();
        assert_same_tree(&a, &b);
        fs::remove_dir_all(&a).unwrap();
        fs::remove_dir_all(&b).unwrap();
    }
}

#[test]
fn a_failed_build_leaves_the_output_alone_and_a_good_one_keeps_other_files() {
    let dir = temp("atomic");
    let site = dir.join("site");
    build(&fixtures().join("full"), &site, &options()).unwrap();
    fs::write(site.join("index.html"), "<!doctype html>app").unwrap();
    fs::create_dir_all(site.join("assets")).unwrap();
    fs::write(site.join("assets/app.wasm"), [0, 97, 115, 109]).unwrap();
    let before = tree(&site);
    let top_before = names(&site);

    let bad = prepare_error_case(&fixtures().join("errors/all-kinds"), &dir.join("bad"));
    assert!(matches!(
        build(&bad, &site, &options()),
        Err(Error::Content(_))
    ));
    assert_eq!(tree(&site), before, "a failed build changed the output");
    assert_eq!(names(&site), top_before, "a failed build left files behind");

    build(&fixtures().join("minimal"), &site, &options()).unwrap();
    let after = tree(&site);
    assert_eq!(after["index.html"], b"<!doctype html>app");
    assert_eq!(after["assets/app.wasm"], [0, 97, 115, 109]);
    let notices: Vec<_> = after
        .keys()
        .filter(|k| k.starts_with("data/notices/"))
        .collect();
    assert_eq!(
        notices,
        ["data/notices/first-notice.json"],
        "stale notices removed"
    );
    assert!(!after.keys().any(|k| k.starts_with("data/files/")));
    assert_eq!(
        names(&site),
        [
            "assets",
            "data",
            "feed.xml",
            "feeds",
            "index.html",
            "sitemap.xml"
        ]
    );
    assert_eq!(names(&site.join("feeds")), ["news.xml"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_app_parses_every_file_the_tool_writes() {
    for content in [
        repo().join("content"),
        fixtures().join("full"),
        fixtures().join("minimal"),
    ] {
        let out = temp("app-parses");
        build(&content, &out, &options()).unwrap();
        let mut counts = (0, 0, 0);
        for (name, bytes) in tree(&out.join("data")) {
            if !name.ends_with(".json") {
                continue;
            }
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.ends_with("}\n"), "{name}: one line of compact JSON");
            let url = format!("/data/{name}");
            if name == "site.json" {
                parse_file::<Site>(&url, &text).unwrap();
                counts.0 += 1;
            } else if name.starts_with("lists/") {
                let page = parse_file::<ListPage>(&url, &text).unwrap();
                assert_eq!(format!("lists/{}/{}.json", page.channel, page.page), name);
                counts.1 += 1;
            } else if name.starts_with("notices/") {
                let notice = parse_file::<Notice>(&url, &text).unwrap();
                assert_eq!(format!("notices/{}.json", notice.id), name);
                assert!(notice.unknown_block_types().is_empty());
                assert!(notice.related.len() <= 5);
                assert!(!notice.related.iter().any(|r| r.id == notice.id));
                counts.2 += 1;
            } else if name == "search/manifest.json" {
                parse_file::<bulletin::search::index::Manifest>(&url, &text).unwrap();
            } else if name == "library.json" {
                let index = parse_file::<LibraryIndex>(&url, &text).unwrap();
                assert!(!index.rows.is_empty(), "{name}: the library has documents");
            } else if name.starts_with("pages/") {
                let page = parse_file::<Page>(&url, &text).unwrap();
                assert_eq!(format!("pages/{}.json", page.id), name);
            } else {
                panic!("unexpected JSON file {name}");
            }
        }
        assert!(
            counts.0 == 1 && counts.1 >= 2 && counts.2 >= 1,
            "{counts:?}"
        );
        fs::remove_dir_all(&out).unwrap();
    }
}

#[test]
fn path_traversal_is_refused_and_nothing_is_written_outside_the_output() {
    let dir = temp("traversal");
    let content = prepare_error_case(&fixtures().join("errors/all-kinds"), &dir.join("case"));
    let parent = dir.join("out");
    fs::create_dir_all(&parent).unwrap();
    let diagnostics = match build(&content, &parent.join("site"), &options()) {
        Err(Error::Content(d)) => render(&d),
        other => panic!("expected errors, got {other:?}"),
    };
    for path in [
        "tzgg/sub/traversal.md:6:11: attachment 1: `../../secret.pdf` goes up",
        "tzgg/sub/traversal.md:8:11: attachment 2: `/etc/passwd` is an absolute path",
        "tzgg/sub/traversal.md:13:1: image: `../../secret.pdf` goes up",
        "tzgg/leak.md:7:8: attachment 1: `leak.pdf` leaves the content folder",
        "gzdt/traversal-id.md:4:6: id `../../etc/passwd` is not a valid id",
    ] {
        assert!(
            diagnostics.contains(path),
            "missing {path:?} in\n{diagnostics}"
        );
    }
    assert!(names(&parent).is_empty(), "a failed build wrote something");

    // A good build writes only inside its output folder.
    build(&fixtures().join("full"), &parent.join("site"), &options()).unwrap();
    assert_eq!(names(&parent), ["site"]);
    assert_eq!(names(&dir), ["case", "out"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_help_check_build_and_usage_errors() {
    let (code, out, _) = cli(&["--help"]);
    assert_eq!(code, 0);
    for word in [
        "bulletin build <content-dir> --out <site-dir>",
        "bulletin check <content-dir>",
        "bulletin new <content-dir> <channel> <title>",
        "site.toml",
        "draft",
    ] {
        assert!(out.contains(word), "--help lacks {word:?}");
    }

    let minimal = fixtures().join("minimal");
    let (code, out, err) = cli(&["check", minimal.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("checked 1 notices in 1 channels, 2 list pages in "),
        "{out}"
    );

    let dir = temp("cli");
    let site = dir.join("site");
    let (code, out, err) = cli(&[
        "build",
        minimal.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("built 1 notices in 1 channels, 2 list pages in "));
    assert!(lines[0].ends_with(" s"), "{out}");
    let files = tree(&site).len();
    assert_eq!(
        lines[1],
        format!("files: {files} written, 0 unchanged, 0 deleted"),
        "{out}"
    );
    assert!(site.join("data/notices/first-notice.json").exists());
    // Built again: nothing is written.
    let (code, out, err) = cli(&[
        "build",
        minimal.to_str().unwrap(),
        "-o",
        site.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with(&format!("files: 0 written, {files} unchanged, 0 deleted\n")),
        "{out}"
    );

    let bad = prepare_error_case(&fixtures().join("errors/all-kinds"), &dir.join("bad"));
    let (code, _, err) = cli(&["build", bad.to_str().unwrap(), "-o", site.to_str().unwrap()]);
    assert_eq!(code, 1);
    let prefix = format!("{}/gzdt/no-title.md:1:1: missing `title`", bad.display());
    assert!(err.contains(&prefix), "{err}");
    assert!(err.trim_end().ends_with("nothing was written"), "{err}");

    assert_eq!(cli(&[]).0, 2);
    assert_eq!(cli(&["build", minimal.to_str().unwrap()]).0, 2);
    assert_eq!(cli(&["frobnicate"]).0, 2);
    assert_eq!(cli(&["check", "--bogus"]).0, 2);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_new_scaffolds_notices_without_overwriting() {
    let dir = temp("new");
    let content = dir.join("content");
    copy_dir(&fixtures().join("minimal"), &content);
    let _ = fs::remove_dir_all(content.join("expected"));
    let c = content.to_str().unwrap();

    let (code, first, err) = cli(&["new", c, "news", "Annual Report 2026：年度报告"]);
    assert_eq!(code, 0, "{err}");
    let (code, second, _) = cli(&["new", c, "news", "Annual Report 2026：年度报告"]);
    assert_eq!(code, 0);
    let (code, third, _) = cli(&["new", c, "news", "关于征集典型案例的通知"]);
    assert_eq!(code, 0);
    let stem = |p: &str| {
        Path::new(p.trim())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    let (a, b, n) = (stem(&first), stem(&second), stem(&third));
    let date = &a[..10];
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{a}"
    );
    assert_eq!(a, format!("{date}-annual-report-2026"));
    assert_eq!(b, format!("{date}-annual-report-2026-2"));
    assert_eq!(n, format!("{date}-1"));
    let text = fs::read_to_string(content.join(format!("news/{a}.md"))).unwrap();
    assert!(text.starts_with("+++\ntitle = \"Annual Report 2026：年度报告\"\ndate = "));
    assert!(text.contains(&format!("date = {date}T")) && text.contains("+08:00\n"));
    assert!(text.contains("\ndraft = true\n"));

    // New notices are drafts: the site still checks, with the one notice it had.
    let (code, out, err) = cli(&["check", c]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("checked 1 notices"), "{out}");

    let (code, _, err) = cli(&["new", c, "nope", "标题"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown channel `nope`"), "{err}");
    fs::remove_dir_all(&dir).unwrap();
}

/// Writes `count` small valid notices into the `news` channel of a copy of the minimal fixture.
fn many_notices(name: &str, count: usize) -> (PathBuf, PathBuf) {
    let dir = temp(name);
    let content = dir.join("content");
    copy_dir(&fixtures().join("minimal"), &content);
    let _ = fs::remove_dir_all(content.join("expected"));
    for i in 0..count {
        let text = format!(
            "+++\ntitle = \"第{i}号通知\"\ndate = \"2026-01-{:02} {:02}:{:02}\"\n+++\n\n正文第{i}段。\n",
            1 + i % 28,
            i / 60 % 24,
            i % 60
        );
        fs::write(content.join("news").join(format!("n-{i}.md")), text).unwrap();
    }
    (dir.clone(), content)
}

/// A build of a few hundred notices on a terminal shows a progress bar on stderr, and its closing
/// summary; piped output gets the summary only. (`script` from util-linux gives the tool a
/// terminal.)
#[test]
fn large_builds_show_a_progress_bar_on_a_terminal_only() {
    let (dir, content) = many_notices("progress", 400);
    let out = dir.join("site");
    let bin = env!("CARGO_BIN_EXE_bulletin");
    let command = format!("{bin} build {} --out {}", content.display(), out.display());
    let on_terminal = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("`script` (util-linux) runs the tool on a terminal");
    let shown = String::from_utf8_lossy(&on_terminal.stdout);
    assert!(on_terminal.status.success(), "{shown}");
    assert!(shown.contains("] 401/401"), "a full bar: {shown}");
    assert!(shown.contains('#'), "{shown}");
    assert!(shown.contains("built 401 notices in 1 channels"), "{shown}");

    let (code, stdout, stderr) = cli(&[
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("built 401 notices in 1 channels"),
        "{stdout}"
    );
    assert!(
        !stderr.contains('#'),
        "no bar when stderr is not a terminal: {stderr}"
    );
    fs::remove_dir_all(&dir).unwrap();
}
