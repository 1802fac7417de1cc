//! The build's post_build hook, `bulletin build … --trunk` (src/tool/shell/trunk.rs), on a
//! Trunk-shaped staging directory: the search worker's files get hashed names named by a
//! `<meta>`, the screen stylesheet and the boot script go inline with their sha256 hashes in the
//! page's Content-Security-Policy, Trunk's loader goes into a hashed file named by a `<meta>`, and
//! any inline script or style the build did not write fails the build; a hash Trunk wrote without
//! its leading zeros is padded to 16 digits. The library call is checked on the bare shell it
//! writes, the `bulletin` binary on the prerendered pages it builds from it.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use bulletin::tool::shell::trunk;
use sha2::{Digest, Sha256, Sha384};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CSS: &str = "/* screen */\n:root {\n  --x: 1px;\n}\nbody > p {\n  margin: 0;\n}\n";
const PRINT_CSS: &str = "@media print { body { color: #000; } }\n";
const GLUE: &str = "bulletin-web-0123456789abcdef.js";
const WASM: &str = "bulletin-web-0123456789abcdef_bg.wasm";
const SEARCH_GLUE: &str =
    "export default async function init({ module_or_path }) { return module_or_path; }\n";
const SEARCH_WASM: &[u8] = b"\0asm\x01\0\0\0search";

/// index.html as Trunk 0.21 writes it (release, filehash), with `extra` before `</head>`.
fn trunk_index(extra: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <!-- a comment for the shell's readers -->
    <meta
      http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'"
    />
    <base href="/" />
    <title>Bulletin</title>
    <link rel="stylesheet" href="/main-1111111111111111.css" integrity="sha384-main"/>
    <link rel="stylesheet" href="/print-2222222222222222.css" integrity="sha384-print"/>
    <link rel="modulepreload" href="/{GLUE}" crossorigin="anonymous" integrity="sha384-glue">
    <link rel="preload" href="/{WASM}" crossorigin="anonymous" integrity="sha384-wasm" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from '/{GLUE}';
const wasm = await init({{ module_or_path: '/{WASM}' }});
window.wasmBindings = bindings;
</script>
    <script src="prefs.js"></script>
    {extra}
  </head>
  <body>
    <noscript><p>JavaScript</p></noscript>
  </body>
</html>
"#
    )
}

fn staging(name: &str, index: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bulletin-loader-hook-{}-{name}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("index.html"), index).unwrap();
    fs::write(dir.join("main-1111111111111111.css"), CSS).unwrap();
    fs::write(dir.join("print-2222222222222222.css"), PRINT_CSS).unwrap();
    fs::write(dir.join(GLUE), "/* glue */").unwrap();
    fs::write(dir.join(WASM), "wasm").unwrap();
    fs::write(dir.join("bulletin-search.js"), SEARCH_GLUE).unwrap();
    fs::write(dir.join("bulletin-search_bg.wasm"), SEARCH_WASM).unwrap();
    fs::write(dir.join("bulletin-search_loader.js"), "importScripts('x');").unwrap();
    fs::copy(manifest().join("public/prefs.js"), dir.join("prefs.js")).unwrap();
    fs::copy(manifest().join("public/sw.js"), dir.join("sw.js")).unwrap();
    dir
}

/// Runs the hook's rewrite, which must succeed, and returns the index.html it wrote.
fn run_hook_ok(dir: &Path, public_url: &str) -> String {
    let doc = trunk::finish(dir, public_url).unwrap_or_else(|e| panic!("{e}"));
    let html = fs::read_to_string(dir.join("index.html")).unwrap();
    assert_eq!(doc.to_html(), html, "the shell returned is the one written");
    html
}

/// A small content folder for the binary.
fn content(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bulletin-loader-hook-{}-{name}-content",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("tzgg")).unwrap();
    fs::write(
        dir.join("site.toml"),
        "name = \"测试站\"\ndescription = \"d\"\nlang = \"zh-CN\"\nbase_url = \"https://www.example.gov.cn/notices/\"\n\n[[channels]]\nid = \"tzgg\"\nname = \"通知公告\"\n\n[footer]\norganizer = \"o\"\n",
    )
    .unwrap();
    fs::write(
        dir.join("tzgg/a.md"),
        "+++\ntitle = \"一则通知\"\ndate = 2026-03-01T09:00:00+08:00\n+++\n\n正文。\n",
    )
    .unwrap();
    dir
}

/// `bulletin build <content> --out <dir> --trunk [args]`, as the post_build hook runs it.
fn run_bin(content: &Path, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("build")
        .arg(content)
        .arg("--out")
        .arg(dir)
        .arg("--trunk")
        .args(args)
        .output()
        .expect("the content tool runs")
}

/// The CSP source of a text's SHA-256 (computed here, outside the hook).
fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

fn hex16(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("{open} in {html}"))
        + open.len();
    &html[start..start + html[start..].find(close).unwrap()]
}

#[test]
fn inline_blocks_are_named_by_hash_and_the_loader_is_a_hashed_file() {
    let dir = staging("ok", &trunk_index(""));
    let html = run_hook_ok(&dir, "/");

    let style = between(&html, "<style>", "</style>");
    assert_eq!(style, ":root{--x: 1px}body>p{margin: 0}");
    let script = between(&html, "<script>", "</script>");
    assert!(script.contains("bulletin.font-size") && script.contains("bulletin-loader"));
    let policy = between(&html, "content=\"default-src", "\"");
    assert!(policy.contains(&format!(
        "script-src 'self' 'wasm-unsafe-eval' {}",
        csp_hash(script)
    )));
    assert!(policy.contains(&format!("style-src 'self' {}", csp_hash(style))));
    assert!(!policy.contains("unsafe-inline"));

    // Nothing the parser would fetch before painting: no stylesheet, no script file, no preload.
    let live = html.replace(
        "<noscript><link rel=\"stylesheet\" href=\"/print-2222222222222222.css\" media=\"print\" /></noscript>",
        "",
    );
    assert!(!live.contains("<link rel=\"stylesheet\""), "{html}");
    assert!(!live.contains("<script type=\"module\"") && !live.contains("<script src"));
    assert!(!live.contains("preload"), "{html}");
    assert!(!html.contains("<!--"), "comments removed: {html}");
    assert!(!dir.join("main-1111111111111111.css").exists());
    assert!(!dir.join("prefs.js").exists());

    // The loader: named by the <meta>, with the preloads and the print stylesheet inside.
    let meta = between(&html, "<meta name=\"bulletin-loader\" content=\"/", "\"");
    assert!(
        meta.starts_with("loader-") && meta.ends_with(".js"),
        "{meta}"
    );
    let loader = fs::read(dir.join(meta)).unwrap();
    assert_eq!(
        meta,
        format!("loader-{}.js", hex16(&loader)),
        "named by its hash"
    );
    let integrity = format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&loader))
    );
    assert!(html.contains(&format!("data-integrity=\"{integrity}\"")));
    let loader = String::from_utf8(loader).unwrap();
    for needle in [
        GLUE,
        WASM,
        "print-2222222222222222.css",
        "sha384-glue",
        "\"media\": \"print\"",
        &format!("await import(\"/{GLUE}\")"),
        &format!("module_or_path: verified(\"/{WASM}\")"),
    ] {
        assert!(loader.contains(needle), "{needle} in the loader");
    }
    // The whole screen stylesheet: a file named by its bytes, linked first (with its integrity),
    // and loaded before the app starts.
    let whole = format!("main-{}.css", hex16(style.as_bytes()));
    assert_eq!(fs::read_to_string(dir.join(&whole)).unwrap(), style);
    let first_link = format!(
        "const FILES = [{{\"rel\": \"stylesheet\", \"href\": \"/{whole}\", \"integrity\": \"sha384-{}\"}}, ",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(style.as_bytes()))
    );
    assert!(loader.contains(&first_link), "{loader}");
    let waits = loader.find("await Promise.all(styled);").expect("waits");
    assert!(waits < loader.find("await import(").unwrap());
    let sw = fs::read_to_string(dir.join("sw.js")).unwrap();
    assert!(!sw.contains("const DEPLOY = 'dev';"), "sw.js stamped");
    let deploy = between(&sw, "const DEPLOY = '", "'");
    assert!(deploy.len() == 16 && deploy.bytes().all(|b| b.is_ascii_hexdigit()));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_search_workers_files_get_hashed_names_and_a_meta() {
    let dir = staging("worker", &trunk_index(""));
    // A previous build's files in the same staging folder (trunk serve).
    fs::write(dir.join("search-ffffffffffffffff.wasm"), "old").unwrap();
    fs::write(dir.join("search-worker-ffffffffffffffff.js"), "old").unwrap();
    let html = run_hook_ok(&dir, "/");

    let digest = hex16(&[SEARCH_GLUE.as_bytes(), b"\0", SEARCH_WASM].concat());
    assert_eq!(
        fs::read_to_string(dir.join(format!("search-{digest}.js"))).unwrap(),
        SEARCH_GLUE
    );
    assert_eq!(
        fs::read(dir.join(format!("search-{digest}.wasm"))).unwrap(),
        SEARCH_WASM
    );
    let script = format!(
        "import init from './search-{digest}.js';\nawait init({{ module_or_path: new URL('./search-{digest}.wasm', import.meta.url) }});\n"
    );
    let worker = format!("search-worker-{}.js", hex16(script.as_bytes()));
    assert_eq!(fs::read_to_string(dir.join(&worker)).unwrap(), script);
    for gone in [
        "bulletin-search.js",
        "bulletin-search_bg.wasm",
        "bulletin-search_loader.js",
        "search-ffffffffffffffff.wasm",
        "search-worker-ffffffffffffffff.js",
    ] {
        assert!(!dir.join(gone).exists(), "{gone} removed");
    }
    assert!(
        html.contains(&format!(
            "<base href=\"/\" />\n    <meta name=\"bulletin-search\" content=\"{worker}\" />\n"
        )),
        "{html}"
    );
    assert_eq!(html.matches("name=\"bulletin-search\"").count(), 1);
    let _ = fs::remove_dir_all(&dir);
}

/// Runs the hook's rewrite on a staging folder changed by `change`; returns its error.
fn hook_error(name: &str, index: &str, change: impl Fn(&Path)) -> String {
    let dir = staging(name, index);
    change(&dir);
    let error = trunk::finish(&dir, "/").expect_err("the build must fail");
    let _ = fs::remove_dir_all(&dir);
    error
}

#[test]
fn missing_or_unknown_search_worker_files_fail_the_build() {
    let error = hook_error("no-worker", &trunk_index(""), |dir| {
        fs::remove_file(dir.join("bulletin-search_bg.wasm")).unwrap()
    });
    assert!(error.contains("bulletin-search_bg.wasm"), "{error}");
    let error = hook_error("old-glue", &trunk_index(""), |dir| {
        fs::write(
            dir.join("bulletin-search.js"),
            "export default function init(p) {}",
        )
        .unwrap()
    });
    assert!(error.contains("module_or_path"), "{error}");
    let no_base = trunk_index("").replace("<base href=\"/\" />", "");
    let error = hook_error("no-base", &no_base, |_| {});
    assert!(error.contains("<base>"), "{error}");
}

#[test]
fn an_inline_script_or_style_the_build_did_not_write_fails_the_build() {
    let content = content("fails");
    for (name, extra) in [
        ("script", "<script>window.x = 1;</script>"),
        ("style", "<style>body { color: red; }</style>"),
        ("attribute", "<meta name=\"x\" style=\"color: red\" />"),
    ] {
        let dir = staging(name, &trunk_index(extra));
        let out = run_bin(&content, &dir, &[]);
        assert_eq!(out.status.code(), Some(1), "{name}: the build must fail");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("CSP"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!dir.join("notice").exists(), "{name}: no page written");
        let _ = fs::remove_dir_all(&dir);
    }
    let index = trunk_index("").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    let dir = staging("unsafe-inline", &index);
    let out = run_bin(&content, &dir, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "'unsafe-inline' must fail the build"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsafe-inline"));
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_dir_all(&content);
}

#[test]
fn hashes_trunk_wrote_without_leading_zeros_are_padded_to_16_digits() {
    // Trunk 0.21 formats its 64-bit hash with `{:x}`: a hash below 2^60 has 15 digits or fewer.
    let renames = [
        (GLUE, "bulletin-web-123456789abcdef.js"),
        (WASM, "bulletin-web-123456789abcdef_bg.wasm"),
        ("main-1111111111111111.css", "main-111111111111.css"),
        ("print-2222222222222222.css", "print-22222222222222.css"),
    ];
    let mut index = trunk_index("");
    for (long, short) in renames {
        index = index.replace(long, short);
    }
    let dir = staging("short-hashes", &index);
    for (long, short) in renames {
        fs::rename(dir.join(long), dir.join(short)).unwrap();
    }
    let html = run_hook_ok(&dir, "/");
    let meta = between(&html, "<meta name=\"bulletin-loader\" content=\"/", "\"");
    let loader = fs::read_to_string(dir.join(meta)).unwrap();
    for (short, padded) in [
        (
            "bulletin-web-123456789abcdef.js",
            "bulletin-web-0123456789abcdef.js",
        ),
        (
            "bulletin-web-123456789abcdef_bg.wasm",
            "bulletin-web-0123456789abcdef_bg.wasm",
        ),
        ("print-22222222222222.css", "print-0022222222222222.css"),
    ] {
        assert!(dir.join(padded).is_file(), "{padded} written");
        assert!(!dir.join(short).exists(), "{short} renamed");
        assert!(
            loader.contains(&format!("/{padded}")),
            "{padded} in the loader"
        );
        assert!(
            !loader.contains(&format!("/{short}")),
            "{short} not in the loader"
        );
    }
    assert!(html.contains("href=\"/print-0022222222222222.css\" media=\"print\""));
    assert!(!html.contains("main-111111111111.css") && !dir.join("main-111111111111.css").exists());
    assert!(
        html.contains("<style>:root{--x: 1px}"),
        "the screen stylesheet inline"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_sub_path_build_names_the_loader_under_its_public_url() {
    let index = trunk_index("")
        .replace("<base href=\"/\" />", "<base href=\"/notices/\" />")
        .replace("href=\"/", "href=\"/notices/")
        .replace("from '/", "from '/notices/")
        .replace("module_or_path: '/", "module_or_path: '/notices/");
    for (name, public_url) in [("sub", "/notices/"), ("sub-no-slash", "/notices")] {
        let dir = staging(name, &index);
        let html = run_hook_ok(&dir, public_url);
        let meta = between(&html, "<meta name=\"bulletin-loader\" content=\"", "\"");
        assert!(meta.starts_with("/notices/loader-"), "{name}: {meta}");
        assert!(dir.join(&meta["/notices/".len()..]).is_file());
        assert!(html.contains(
            "<noscript><link rel=\"stylesheet\" href=\"/notices/print-2222222222222222.css\" media=\"print\" /></noscript>"
        ));
        let loader = fs::read_to_string(dir.join(&meta["/notices/".len()..])).unwrap();
        assert!(loader.contains(&format!("await import(\"/notices/{GLUE}\")")));
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
fn trunk_serve_keeps_its_live_reload_script_without_the_policy() {
    let reload = "<script>(function () { const address = '{{__TRUNK_ADDRESS__}}'; })()</script>";
    let dir = staging("serve", &trunk_index(reload));
    let html = run_hook_ok(&dir, "/");
    assert!(html.contains(reload), "{html}");
    assert!(!html.contains("Content-Security-Policy"), "{html}");
    assert!(
        html.contains("<meta charset=\"utf-8\" />\n    <base href=\"/\" />"),
        "the policy's line is gone: {html}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_binary_builds_the_pages_from_the_shell_it_made() {
    let content = content("pages");
    let index = trunk_index("")
        .replace("<base href=\"/\" />", "<base href=\"/notices/\" />")
        .replace("href=\"/", "href=\"/notices/");
    let dir = staging("pages", &index);
    let out = run_bin(&content, &dir, &["--public-url", "/notices/"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in ["index.html", "notice/a/index.html", "404.html"] {
        let html = fs::read_to_string(dir.join(page)).unwrap();
        let script = between(&html, "<script>", "</script>");
        assert!(
            script.contains("bulletin-loader"),
            "{page}: the boot script inline"
        );
        assert!(
            html.contains(&csp_hash(script)),
            "{page}: its hash in the policy"
        );
        assert!(html.contains("<meta name=\"bulletin-loader\" content=\"/notices/loader-"));
        assert!(html.contains("<meta name=\"bulletin-search\" content=\"search-worker-"));
        assert!(
            html.contains("<!--bulletin-prerender-->"),
            "{page}: prerendered"
        );
        assert!(
            !html.contains("<!-- a comment"),
            "{page}: the shell's comments left out"
        );
    }
    assert!(fs::read_to_string(dir.join("notice/a/index.html"))
        .unwrap()
        .contains("一则通知"));
    // --trunk takes its shell from the staging folder, and --public-url goes with --trunk.
    let both = run_bin(&content, &dir, &["--shell", "index.html"]);
    assert_eq!(both.status.code(), Some(2));
    let alone = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["build", "x", "--out", "y", "--public-url", "/"])
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(2));
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_dir_all(&content);
}

/// `--keep`: the site is built in a folder kept between Trunk's builds, whose staging folder is
/// new each time; a build with nothing changed makes nothing again and the staging folder still
/// gets every page; an edit reaches it.
#[test]
fn a_kept_site_is_linked_into_each_new_staging_folder() {
    let content = content("keep");
    let keep =
        std::env::temp_dir().join(format!("bulletin-loader-hook-{}-kept", std::process::id()));
    let _ = fs::remove_dir_all(&keep);
    let keep_arg = keep.to_str().unwrap();
    let build = |name: &str| {
        let dir = staging(name, &trunk_index(""));
        let out = run_bin(&content, &dir, &["--keep", keep_arg]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (dir, String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (first, said) = build("keep-1");
    assert!(said.contains(" written, 0 unchanged, 0 deleted"), "{said}");
    let page = fs::read_to_string(first.join("notice/a/index.html")).unwrap();
    assert!(page.contains("一则通知") && page.contains("<!--bulletin-prerender-->"));
    assert_eq!(
        fs::read_to_string(keep.join("notice/a/index.html")).unwrap(),
        page
    );
    assert!(first.join("data/notices/a.json").exists());
    assert!(
        fs::read_dir(&first).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("loader-")),
        "the app's own files stay in the staging folder"
    );

    // Trunk's next build: a new staging folder, the same content.
    let (second, said) = build("keep-2");
    assert!(said.contains("files: 0 written, "), "{said}");
    assert_eq!(
        fs::read_to_string(second.join("notice/a/index.html")).unwrap(),
        page
    );
    assert_eq!(
        fs::read_to_string(second.join("index.html")).unwrap(),
        fs::read_to_string(first.join("index.html")).unwrap()
    );

    // An edit: the new text is in the next staging folder, and the first keeps its own.
    fs::write(
        content.join("tzgg/a.md"),
        "+++\ntitle = \"一则更正后的通知\"\ndate = 2026-03-01T09:00:00+08:00\n+++\n\n正文。\n",
    )
    .unwrap();
    let (third, said) = build("keep-3");
    assert!(!said.contains("files: 0 written"), "{said}");
    assert!(fs::read_to_string(third.join("notice/a/index.html"))
        .unwrap()
        .contains("一则更正后的通知"));
    assert_eq!(
        fs::read_to_string(first.join("notice/a/index.html")).unwrap(),
        page
    );

    // --keep goes with --trunk.
    let alone = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["build", "x", "--out", "y", "--keep", "z"])
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(2));
    for dir in [first, second, third, keep, content] {
        let _ = fs::remove_dir_all(dir);
    }
}
