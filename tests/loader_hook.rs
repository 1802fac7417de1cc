//! The build's post_build hook `scripts/external-loader.py` on a Trunk-shaped staging directory:
//! the screen stylesheet and the boot script go inline with their sha256 hashes in the page's
//! Content-Security-Policy, Trunk's loader goes into a hashed file named by a `<meta>`, and any
//! inline script or style the build did not write fails the build; a hash Trunk wrote without its
//! leading zeros is padded to 16 digits.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CSS: &str = "/* screen */\n:root {\n  --x: 1px;\n}\nbody > p {\n  margin: 0;\n}\n";
const PRINT_CSS: &str = "@media print { body { color: #000; } }\n";
const GLUE: &str = "bulletin-web-0123456789abcdef.js";
const WASM: &str = "bulletin-web-0123456789abcdef_bg.wasm";

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
    fs::copy(manifest().join("public/prefs.js"), dir.join("prefs.js")).unwrap();
    fs::copy(manifest().join("public/sw.js"), dir.join("sw.js")).unwrap();
    dir
}

fn run_hook(dir: &Path) -> std::process::Output {
    Command::new("python3")
        .arg(manifest().join("scripts/external-loader.py"))
        .arg(dir)
        .arg("/")
        .output()
        .expect("python3 runs the hook")
}

/// Runs the hook, which must succeed, and returns the index.html it wrote.
fn run_hook_ok(dir: &Path) -> String {
    let out = run_hook(dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(dir.join("index.html")).unwrap()
}

/// The CSP source of a text's SHA-256 (computed by Python's hashlib, outside the hook).
fn csp_hash(text: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    format!("'sha256-{}'", String::from_utf8(out.stdout).unwrap().trim())
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
    let html = run_hook_ok(&dir);

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
    let loader = fs::read_to_string(dir.join(meta)).unwrap();
    for needle in [
        GLUE,
        WASM,
        "print-2222222222222222.css",
        "sha384-glue",
        "\"media\": \"print\"",
    ] {
        assert!(loader.contains(needle), "{needle} in the loader");
    }
    let sw = fs::read_to_string(dir.join("sw.js")).unwrap();
    assert!(!sw.contains("const DEPLOY = 'dev';"), "sw.js stamped");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_inline_script_or_style_the_build_did_not_write_fails_the_build() {
    for (name, extra) in [
        ("script", "<script>window.x = 1;</script>"),
        ("style", "<style>body { color: red; }</style>"),
        ("attribute", "<meta name=\"x\" style=\"color: red\" />"),
    ] {
        let dir = staging(name, &trunk_index(extra));
        let out = run_hook(&dir);
        assert!(!out.status.success(), "{name}: the build must fail");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("CSP"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let _ = fs::remove_dir_all(&dir);
    }
    let index = trunk_index("").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    let dir = staging("unsafe-inline", &index);
    let out = run_hook(&dir);
    assert!(!out.status.success(), "'unsafe-inline' must fail the build");
    let _ = fs::remove_dir_all(&dir);
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
        if dir.join(long).exists() {
            fs::rename(dir.join(long), dir.join(short)).unwrap();
        } else {
            fs::write(dir.join(short), format!("/* {short} */")).unwrap();
        }
    }
    let html = run_hook_ok(&dir);
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
