//! The crate's layers, held as rules over the `crate::…` paths of `src/` (the same rules as
//! docs/architecture.md; this file is where they are written).
//!
//! | layer | modules | may import |
//! |---|---|---|
//! | contract | `contract::*` | contract |
//! | search core | `search::*` | contract, search |
//! | browser wrappers | `web::platform::*` | contract, platform |
//! | search worker | `web::worker::*` | contract, search, platform, worker |
//! | app | every other `web::*` | contract, search, platform, app |
//! | tool | `tool::*` | everything |
//!
//! Besides: no circle between modules (files), no view (`web::components`, `web::pages`) imports
//! the route table or the boot code, and the lower layers use neither Leptos nor a browser API
//! (the contract's JSON reader alone may use the JavaScript engine's parser).
//!
//! `cargo test --test architecture -- --nocapture` prints the module graph's figures; with
//! `BULLETIN_ARCH_SRC=<dir>` it prints them for another source tree (an older checkout, say).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A layer of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Contract,
    Search,
    Platform,
    Worker,
    App,
    Tool,
    /// `lib.rs` itself: declares the layers, imports nothing.
    Root,
}

impl Layer {
    fn of(module: &str) -> Layer {
        let under = |prefix: &str| module == prefix || module.starts_with(&format!("{prefix}::"));
        if module == "crate" {
            Layer::Root
        } else if under("contract") {
            Layer::Contract
        } else if under("search") {
            Layer::Search
        } else if under("web::platform") {
            Layer::Platform
        } else if under("web::worker") {
            Layer::Worker
        } else if under("web") {
            Layer::App
        } else {
            Layer::Tool
        }
    }

    /// The layers this one may import.
    fn may_import(self) -> &'static [Layer] {
        use Layer::*;
        match self {
            Contract => &[Contract],
            Search => &[Contract, Search],
            Platform => &[Contract, Platform],
            Worker => &[Contract, Search, Platform, Worker],
            App => &[Contract, Search, Platform, App],
            Tool => &[Contract, Search, Platform, Worker, App, Tool],
            Root => &[],
        }
    }

    /// Whether the layer must do without Leptos and browser APIs.
    fn plain(self) -> bool {
        matches!(self, Layer::Contract | Layer::Search)
    }

    /// Whether the layer must do without Leptos.
    fn without_leptos(self) -> bool {
        matches!(
            self,
            Layer::Contract | Layer::Search | Layer::Platform | Layer::Worker
        )
    }
}

/// One source file: its module path (`web::pages::notice`) and its text.
struct Source {
    module: String,
    text: String,
}

/// The module path of a file under `src/` (`None` for the binaries).
fn module_of(relative: &Path) -> Option<String> {
    let parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.first().map(String::as_str) == Some("bin") || parts == ["main.rs"] {
        return None;
    }
    if parts == ["lib.rs"] {
        return Some("crate".into());
    }
    let mut names: Vec<String> = parts
        .iter()
        .map(|p| p.trim_end_matches(".rs").to_string())
        .collect();
    if names.last().map(String::as_str) == Some("mod") {
        names.pop();
    }
    Some(names.join("::"))
}

fn read_tree(root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let module = module_of(path.strip_prefix(root).unwrap())?;
            let text = std::fs::read_to_string(&path).unwrap();
            Some(Source { module, text })
        })
        .collect()
}

/// The code of a Rust file without its comments, string and character literals (replaced by
/// spaces), so that only real paths are read.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            out.push(' ');
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push(' ');
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push(' ');
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push(' ');
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The inline modules of a file's code (`mod tests { … }`): where each opens and closes, and
/// its name.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if starts_word && chars[i..i + 4] == ['m', 'o', 'd', ' '] {
            let mut j = i + 4;
            let name_start = j;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[name_start..j].iter().collect();
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if !name.is_empty() && chars.get(j) == Some(&'{') {
                let open = j;
                let mut depth = 0;
                while j < chars.len() {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                found.push((open, j, name));
            }
        }
        i += 1;
    }
    found
}

/// Every path a piece of code names from `crate::`, `super::` or `self::`, made absolute
/// (`web::state::use_app`), groups (`crate::a::{b, c::d}`) expanded. `module` is the file's
/// module; inline modules (`mod tests`) are taken into account for `super` and `self`.
fn named_paths(module: &str, code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let inline = inline_modules(code);
    let file_parts: Vec<String> = if module == "crate" {
        Vec::new()
    } else {
        module.split("::").map(str::to_string).collect()
    };
    let text_at =
        |j: usize, n: usize| -> String { chars[j..chars.len().min(j + n)].iter().collect() };
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let preceded_by_colons = i >= 2 && chars[i - 1] == ':' && chars[i - 2] == ':';
        if starts_word && !preceded_by_colons {
            let base = if text_at(i, 7) == "crate::" {
                Some((i + 7, Vec::new()))
            } else if text_at(i, 7) == "super::" || text_at(i, 6) == "self::" {
                // The module this code is in: the file's, then any inline modules around it.
                let mut parts = file_parts.clone();
                for (open, close, name) in &inline {
                    if *open < i && i < *close {
                        parts.push(name.clone());
                    }
                }
                let mut j = i;
                let mut ok = true;
                loop {
                    if text_at(j, 7) == "super::" {
                        ok &= parts.pop().is_some();
                        j += 7;
                    } else if text_at(j, 6) == "self::" {
                        j += 6;
                    } else {
                        break;
                    }
                }
                ok.then_some((j, parts))
            } else {
                None
            };
            if let Some((mut j, base)) = base {
                collect_tree(&chars, &mut j, base, &mut paths);
                i = j.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    paths
}

/// Reads a path tree at `at` (`a::b`, `a::{b, c::{d}}`) below `base`.
fn collect_tree(chars: &[char], at: &mut usize, base: Vec<String>, out: &mut Vec<String>) {
    let skip_space = |at: &mut usize| {
        while *at < chars.len() && chars[*at].is_whitespace() {
            *at += 1;
        }
    };
    let mut path = base;
    loop {
        skip_space(at);
        if *at < chars.len() && chars[*at] == '{' {
            *at += 1;
            loop {
                skip_space(at);
                if *at >= chars.len() {
                    return;
                }
                if chars[*at] == '}' {
                    *at += 1;
                    return;
                }
                if chars[*at] == ',' {
                    *at += 1;
                    continue;
                }
                let before = *at;
                collect_tree(chars, at, path.clone(), out);
                if *at == before {
                    *at += 1;
                }
            }
        }
        let start = *at;
        while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
            *at += 1;
        }
        if *at == start {
            break;
        }
        let word: String = chars[start..*at].iter().collect();
        if word != "self" {
            path.push(word);
        }
        if chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
            *at += 2;
        } else {
            break;
        }
    }
    if !path.is_empty() {
        out.push(path.join("::"));
    }
}

/// The module a path lands in: the longest known module that starts it.
fn resolve<'a>(path: &str, modules: &'a BTreeSet<String>) -> Option<&'a String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| modules.get(&parts[..n].join("::")))
}

/// The crate's module graph: module → the modules it names.
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    fn build(sources: &[Source]) -> Graph {
        let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for source in sources {
            let code = code_only(&source.text);
            let targets = edges.entry(source.module.clone()).or_default();
            for path in named_paths(&source.module, &code) {
                if let Some(target) = resolve(&path, &modules) {
                    if target != &source.module {
                        targets.insert(target.clone());
                    }
                }
            }
        }
        Graph { edges }
    }

    /// The strongly connected components with more than one module (the circles), by Tarjan.
    fn circles(&self) -> Vec<Vec<String>> {
        struct State<'g> {
            graph: &'g Graph,
            index: BTreeMap<&'g str, usize>,
            low: BTreeMap<&'g str, usize>,
            stack: Vec<&'g str>,
            on_stack: BTreeSet<&'g str>,
            next: usize,
            found: Vec<Vec<String>>,
        }
        fn visit<'g>(s: &mut State<'g>, v: &'g str) {
            s.index.insert(v, s.next);
            s.low.insert(v, s.next);
            s.next += 1;
            s.stack.push(v);
            s.on_stack.insert(v);
            if let Some(targets) = s.graph.edges.get(v) {
                for w in targets {
                    let w = w.as_str();
                    if !s.index.contains_key(w) {
                        visit(s, w);
                        let low = s.low[v].min(s.low[w]);
                        s.low.insert(v, low);
                    } else if s.on_stack.contains(w) {
                        let low = s.low[v].min(s.index[w]);
                        s.low.insert(v, low);
                    }
                }
            }
            if s.low[v] == s.index[v] {
                let mut component = Vec::new();
                while let Some(w) = s.stack.pop() {
                    s.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    s.found.push(component);
                }
            }
        }
        let mut state = State {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            next: 0,
            found: Vec::new(),
        };
        for v in self.edges.keys() {
            if !state.index.contains_key(v.as_str()) {
                visit(&mut state, v);
            }
        }
        state.found
    }

    /// The longest chain of imports with no module twice, as its modules (on a graph with
    /// circles, every circle counts as one module, named `circle N`).
    fn longest_chain(&self) -> Vec<String> {
        let circles = self.circles();
        let node_of = |m: &str| -> String {
            circles
                .iter()
                .position(|c| c.iter().any(|x| x == m))
                .map_or(m.to_string(), |n| format!("circle {n}"))
        };
        let mut dag: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, targets) in &self.edges {
            let a = node_of(from);
            let entry = dag.entry(a.clone()).or_default();
            for to in targets {
                let b = node_of(to);
                if b != a {
                    entry.insert(b);
                }
            }
        }
        fn chain(
            node: &str,
            dag: &BTreeMap<String, BTreeSet<String>>,
            memo: &mut BTreeMap<String, Vec<String>>,
        ) -> Vec<String> {
            if let Some(c) = memo.get(node) {
                return c.clone();
            }
            let mut best: Vec<String> = Vec::new();
            for next in dag.get(node).into_iter().flatten() {
                let c = chain(next, dag, memo);
                if c.len() > best.len() {
                    best = c;
                }
            }
            best.insert(0, node.to_string());
            memo.insert(node.to_string(), best.clone());
            best
        }
        let mut memo = BTreeMap::new();
        let mut longest = Vec::new();
        for node in dag.keys() {
            let c = chain(node, &dag, &mut memo);
            if c.len() > longest.len() {
                longest = c;
            }
        }
        longest
    }
}

/// Every broken rule, as a sentence naming the file's module.
fn violations(sources: &[Source]) -> Vec<String> {
    let graph = Graph::build(sources);
    let mut found = Vec::new();
    for (from, targets) in &graph.edges {
        let layer = Layer::of(from);
        for to in targets {
            let target = Layer::of(to);
            if !layer.may_import().contains(&target) {
                found.push(format!(
                    "{from} ({layer:?}) imports {to} ({target:?}): {layer:?} may import only {:?}",
                    layer.may_import()
                ));
            }
            let is_view = from.starts_with("web::components") || from.starts_with("web::pages");
            if is_view && (to == "web::routes" || to == "web::boot") {
                found.push(format!(
                    "{from} imports {to}: views take state from web::state, never from the route table"
                ));
            }
        }
    }
    for circle in graph.circles() {
        found.push(format!(
            "modules import each other in a circle: {}",
            circle.join(", ")
        ));
    }
    for source in sources {
        let layer = Layer::of(&source.module);
        let code = code_only(&source.text);
        // Nothing from the data is inserted as HTML or run as code, in any layer: notice bodies
        // are typed blocks rendered into DOM nodes by a `match`.
        for sink in [
            "inner_html",
            "outer_html",
            "insert_adjacent_html",
            "document_write",
            "Function::new_no_args",
            "Function::new_with_args",
            "eval",
        ] {
            let hit = code.match_indices(sink).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + sink.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if hit {
                found.push(format!(
                    "{} writes HTML or runs code: {sink}",
                    source.module
                ));
            }
        }
        let names = |word: &str| {
            code.match_indices(word).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + word.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
                    && after == Some(':')
            })
        };
        if layer.without_leptos() && (names("leptos") || names("leptos_router")) {
            found.push(format!("{} ({layer:?}) uses Leptos", source.module));
        }
        if layer.plain() {
            for api in ["web_sys", "gloo_net", "wasm_bindgen_futures"] {
                if names(api) {
                    found.push(format!("{} ({layer:?}) uses {api}", source.module));
                }
            }
            if source.module != "contract::json" {
                for api in ["js_sys", "wasm_bindgen"] {
                    if names(api) {
                        found.push(format!("{} ({layer:?}) uses {api}", source.module));
                    }
                }
            }
        }
    }
    found
}

fn src_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_crate_keeps_its_layers() {
    let sources = read_tree(&src_root());
    assert!(
        sources.len() > 40,
        "read only {} files of src/",
        sources.len()
    );
    for layer in [
        "contract",
        "search",
        "web::platform",
        "web::worker",
        "web",
        "tool",
    ] {
        assert!(
            sources.iter().any(|s| s.module == layer),
            "no module {layer}: the layers are folders with a module doc"
        );
    }
    let found = violations(&sources);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_layer_folder_says_what_it_is() {
    for (module, file) in [
        ("contract", "contract/mod.rs"),
        ("search", "search/mod.rs"),
        ("web", "web/mod.rs"),
        ("web::platform", "web/platform/mod.rs"),
        ("web::worker", "web/worker/mod.rs"),
        ("tool", "tool/mod.rs"),
    ] {
        let text = std::fs::read_to_string(src_root().join(file)).unwrap();
        assert!(
            text.starts_with("//!") && text.contains("Layer rule"),
            "{module} ({file}) opens with a module doc stating its layer rule"
        );
    }
}

/// The binaries reach the crate through their own entry points only.
#[test]
fn each_binary_starts_its_own_side() {
    let root = src_root();
    for (file, entry) in [
        ("main.rs", "bulletin::web::boot::"),
        ("bin/bulletin-search.rs", "bulletin::web::worker::"),
        ("bin/bulletin.rs", "bulletin::tool::cli::"),
    ] {
        let code = code_only(&std::fs::read_to_string(root.join(file)).unwrap());
        let uses: Vec<&str> = code
            .match_indices("bulletin::")
            .map(|(at, _)| &code[at..])
            .collect();
        assert!(!uses.is_empty(), "{file} starts nothing");
        for rest in uses {
            assert!(
                rest.starts_with(entry),
                "{file} reaches past {entry}: {}",
                &rest[..rest.len().min(60)]
            );
        }
    }
}

#[test]
fn graph_figures() {
    let root = std::env::var_os("BULLETIN_ARCH_SRC").map_or_else(src_root, PathBuf::from);
    let sources = read_tree(&root);
    let graph = Graph::build(&sources);
    let circles = graph.circles();
    let edges: usize = graph.edges.values().map(BTreeSet::len).sum();
    let chain = graph.longest_chain();
    if std::env::var_os("BULLETIN_ARCH_SRC").is_none() {
        // The crate's own longest chain walks down the layers, from the tool to the contract.
        assert!(edges > sources.len(), "only {edges} imports read");
        let layers: Vec<Layer> = chain.iter().map(|m| Layer::of(m)).collect();
        assert_eq!(layers.first(), Some(&Layer::Tool), "{chain:?}");
        assert_eq!(layers.last(), Some(&Layer::Contract), "{chain:?}");
        for pair in chain.windows(2) {
            let (from, to) = (Layer::of(&pair[0]), Layer::of(&pair[1]));
            assert!(from.may_import().contains(&to), "{} → {}", pair[0], pair[1]);
        }
    }
    println!(
        "{}: {} modules, {} imports between them, {} circle(s) ({} modules in circles), longest chain {} modules: {}",
        root.display(),
        sources.len(),
        edges,
        circles.len(),
        circles.iter().map(Vec::len).sum::<usize>(),
        chain.len(),
        chain.join(" → ")
    );
    for circle in &circles {
        println!("circle: {}", circle.join(", "));
    }
    let mut lines: BTreeMap<&str, usize> = BTreeMap::new();
    for source in &sources {
        let name = match Layer::of(&source.module) {
            Layer::Contract => "contract",
            Layer::Search => "search core",
            Layer::Platform => "web: browser wrappers",
            Layer::Worker => "web: search worker",
            Layer::App => "web: app",
            Layer::Tool => "tool",
            Layer::Root => "lib.rs",
        };
        *lines.entry(name).or_default() += source.text.lines().count();
    }
    for (layer, n) in lines {
        println!("  {layer}: {n} lines");
    }
}

// ---- the checker itself, on made-up sources -------------------------------------------------

fn fake(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(module, text)| Source {
            module: module.to_string(),
            text: text.to_string(),
        })
        .collect()
}

/// A tree that keeps the rules, to which each case below adds one broken import.
fn lawful() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "crate",
            "//! Root.\npub mod contract;\npub mod search;\npub mod web;\npub mod tool;\n",
        ),
        ("contract", "pub mod model;\npub mod urls;\n"),
        ("contract::model", "use crate::contract::urls::BasePath;\n"),
        ("contract::urls", "pub struct BasePath;\n"),
        ("search", "pub mod index;\n"),
        ("search::index", "use crate::contract::model;\n"),
        (
            "web",
            "pub mod state;\npub mod pages;\npub mod routes;\npub mod platform;\npub mod worker;\n",
        ),
        ("web::platform", "pub mod browser;\n"),
        (
            "web::platform::browser",
            "use crate::contract::urls::BasePath;\n",
        ),
        (
            "web::worker",
            "use crate::search::index;\nuse crate::web::platform::browser;\n",
        ),
        (
            "web::state",
            "use leptos::prelude::*;\nuse crate::web::platform::browser;\n",
        ),
        ("web::pages", "use crate::web::state::use_app;\n"),
        ("web::routes", "use crate::web::pages;\n"),
        ("tool", "use crate::web::routes::App;\n"),
    ]
}

fn with(extra: &[(&'static str, &'static str)]) -> Vec<String> {
    let mut files = lawful();
    for (module, text) in extra {
        match files.iter_mut().find(|(m, _)| m == module) {
            Some(file) => {
                let joined: &'static str =
                    Box::leak(format!("{}{}", file.1, text).into_boxed_str());
                file.1 = joined;
            }
            None => files.push((module, text)),
        }
    }
    violations(&fake(&files))
}

#[test]
fn checker_passes_a_lawful_tree() {
    assert_eq!(with(&[]), Vec::<String>::new());
}

#[test]
fn checker_finds_an_upward_import() {
    let found = with(&[("contract::model", "use crate::web::state::AppState;\n")]);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("contract::model (Contract) imports web::state (App)")),
        "{found:?}"
    );
    let found = with(&[("search::index", "fn f() { crate::tool::build(); }\n")]);
    assert!(
        found.iter().any(|f| f.contains("imports tool (Tool)")),
        "{found:?}"
    );
}

#[test]
fn checker_reads_groups_super_and_inline_paths() {
    let found = with(&[(
        "contract::urls",
        "use crate::{contract::model, search::index::{self, Doc}};\n",
    )]);
    assert!(
        found.iter().any(|f| f.contains("imports search::index")),
        "{found:?}"
    );
    let found = with(&[("web::worker", "use super::state::AppState;\n")]);
    assert!(
        found
            .iter()
            .any(|f| f.contains("web::worker (Worker) imports web::state (App)")),
        "{found:?}"
    );
    let found = with(&[(
        "web::platform::browser",
        "fn f() { let _ = super::super::pages::X; }\n",
    )]);
    assert!(
        found.iter().any(|f| f.contains("imports web::pages")),
        "{found:?}"
    );
}

#[test]
fn checker_ignores_comments_and_strings() {
    let found = with(&[(
        "contract::model",
        "//! See [`crate::web::state`].\n/* crate::tool */\nconst S: &str = \"crate::web::pages\";\nconst R: &str = r#\"crate::tool\"#;\nconst Q: char = '\"'; // crate::tool\n",
    )]);
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn checker_finds_circles_and_views_reaching_the_route_table() {
    let found = with(&[("web::state", "use crate::web::pages;\n")]);
    assert!(
        found.iter().any(|f| f.starts_with("modules import each other in a circle: web::pages, web::state")),
        "{found:?}"
    );
    let found = with(&[("web::pages", "use crate::web::routes::App;\n")]);
    assert!(
        found
            .iter()
            .any(|f| f.contains("never from the route table")),
        "{found:?}"
    );
}

#[test]
fn checker_finds_leptos_and_browser_calls_below_the_app() {
    let found = with(&[(
        "search::index",
        "fn f() { leptos::task::spawn_local(async {}); }\n",
    )]);
    assert!(
        found
            .iter()
            .any(|f| f == "search::index (Search) uses Leptos"),
        "{found:?}"
    );
    let found = with(&[("contract::urls", "fn f() { web_sys::window(); }\n")]);
    assert!(
        found
            .iter()
            .any(|f| f == "contract::urls (Contract) uses web_sys"),
        "{found:?}"
    );
    let found = with(&[("web::worker", "use leptos::prelude::*;\n")]);
    assert!(
        found
            .iter()
            .any(|f| f == "web::worker (Worker) uses Leptos"),
        "{found:?}"
    );
}

#[test]
fn checker_finds_html_sinks() {
    let found = with(&[(
        "web::pages",
        "fn f() { view! { <div inner_html=text /> } }\n",
    )]);
    assert!(
        found
            .iter()
            .any(|f| f == "web::pages writes HTML or runs code: inner_html"),
        "{found:?}"
    );
    let found = with(&[(
        "web::platform::browser",
        "fn f(e: Element) { e.set_inner_html(&t); }\n",
    )]);
    assert!(found.iter().any(|f| f.contains("inner_html")), "{found:?}");
    let found = with(&[(
        "web::platform::browser",
        "fn f() { js_sys::eval(\"1\"); }\n",
    )]);
    assert!(found.iter().any(|f| f.ends_with("eval")), "{found:?}");
}

#[test]
fn graph_measures_chains() {
    let graph = Graph::build(&fake(&lawful()));
    assert_eq!(graph.circles(), Vec::<Vec<String>>::new());
    // tool → routes → pages → state → browser → urls
    assert_eq!(
        graph.longest_chain(),
        [
            "tool",
            "web::routes",
            "web::pages",
            "web::state",
            "web::platform::browser",
            "contract::urls"
        ]
    );
}
