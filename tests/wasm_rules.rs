//! The rules that keep the browser's wasm small where clippy cannot state them, read from
//! `cargo tree` for `wasm32-unknown-unknown` (clippy.toml holds the others; clippy reads it for
//! both targets alike):
//!
//! - `serde_json` is not a dependency of the wasm build (app and search worker): the content tool
//!   writes JSON with it natively, the browser reads JSON with `JSON.parse`
//!   (`src/contract/json.rs`) and the app and the worker write their messages by hand
//!   (`src/search/wire.rs`). Its parser and number tables would cost several KB of gzip. Without
//!   the dependency, a `serde_json::…` path in code built for wasm does not compile. (Leptos
//!   depends on it, and it stays out of the wasm as long as nothing calls it; the wasm tests may,
//!   through `[dev-dependencies]`.)
//! - `leptos_meta` is nowhere in the wasm's dependency tree: the head is written by
//!   `src/web/head.rs`.
//!
//! The size itself is guarded by scripts/size-guard.sh.

#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

/// The package names `cargo tree` lists for normal (not dev or build) dependencies, for `target`
/// (the host when `None`), down to `depth` when given; the first is Bulletin itself.
fn tree(target: Option<&str>, depth: Option<u32>) -> Vec<String> {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--offline", "--locked", "--edges", "normal"])
        .args(["--prefix", "none", "--format", "{p}"]);
    if let Some(target) = target {
        cargo.args(["--target", target]);
    }
    if let Some(depth) = depth {
        cargo.args(["--depth", &depth.to_string()]);
    }
    let out = cargo.output().expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = String::from_utf8(out.stdout)
        .expect("cargo tree writes UTF-8")
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_string))
        .collect();
    assert_eq!(
        names.first().map(String::as_str),
        Some("bulletin"),
        "{names:?}"
    );
    names
}

const WASM: Option<&str> = Some("wasm32-unknown-unknown");

#[test]
fn serde_json_is_a_dependency_of_the_tool_and_not_of_the_wasm() {
    let wasm = tree(WASM, Some(1));
    assert!(
        wasm.iter().any(|name| name == "leptos") && wasm.iter().any(|name| name == "wasm-bindgen"),
        "the wasm's direct dependencies, as read, lack leptos or wasm-bindgen: {wasm:?}"
    );
    assert!(
        !wasm.iter().any(|name| name == "serde_json"),
        "serde_json is a dependency of the wasm build (Cargo.toml: keep it in the native \
         `[target.'cfg(not(target_arch = \"wasm32\"))'.dependencies]` and `[dev-dependencies]`): \
         {wasm:?}"
    );
    let native = tree(None, Some(1));
    assert!(
        native.iter().any(|name| name == "serde_json"),
        "the content tool writes its JSON with serde_json: {native:?}"
    );
}

#[test]
fn leptos_meta_is_nowhere_in_the_wasm() {
    let wasm = tree(WASM, None);
    assert!(
        wasm.iter().any(|name| name == "leptos_router"),
        "the wasm's dependency tree, as read, lacks leptos_router: {wasm:?}"
    );
    assert!(
        !wasm.iter().any(|name| name == "leptos_meta"),
        "leptos_meta is in the wasm's dependency tree (the head is written by src/web/head.rs)"
    );
}
