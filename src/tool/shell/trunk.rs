//! Trunk's output made into the app shell: what the build's `post_build` hook does to the folder
//! Trunk is about to publish, before the pages are prerendered from its `index.html`.
//!
//! Trunk 0.21 builds the search engine (bin `bulletin-search`, `data-type="worker"`) into
//! `bulletin-search.js` (the wasm-bindgen glue), `bulletin-search_bg.wasm` and the module shim
//! `bulletin-search_loader.js`, without a hash in their names; it injects the app's loader as an
//! inline `<script type="module">` that imports the hashed glue and starts the hashed wasm, puts
//! `<link rel="modulepreload">` / `<link rel="preload">` tags (with `integrity`) for them into
//! `<head>`, and links the stylesheets. [`finish`], in this order:
//!
//! 1. gives the search worker's files names after a digest of their bytes (`search-<hash>.js`
//!    the glue, `search-<hash>.wasm` the engine, `search-worker-<hash>.js` the worker's script,
//!    which imports the glue and starts it with the wasm), so every deploy gets new URLs that may
//!    be cached for a year like the app's other hashed files, and names the worker's script in
//!    `<meta name="bulletin-search" content="search-worker-<hash>.js">` right after `<base>`,
//!    which the app reads (against its base) when the reader starts searching;
//! 2. gives Trunk's hashed files 16-digit hashes: Trunk writes its 64-bit hash without leading
//!    zeros, so about one build in sixteen names a file with 15 digits or fewer, which the cache
//!    rules of docs/deploy.md, the service worker and this rewrite all expect to be 16. The hash is
//!    zero-padded, the file renamed and every mention in `index.html` rewritten;
//! 3. leaves out the shell's comments (and the blank lines they leave): they are for its readers,
//!    not for every page's bytes;
//! 4. takes the preload tags and the print stylesheet (`print-<hash>.css`) out of the HTML for the
//!    loader to add (same attributes, same `integrity`; the stylesheet `media="print"`); a
//!    `<noscript>` copy of the print stylesheet's link serves readers without JavaScript;
//! 5. moves Trunk's loader into its own hashed file, `loader-<16 hex>.js`, named by
//!    `<meta name="bulletin-loader" content=… data-integrity="sha384-…">`; the boot script adds it
//!    as a module script with that integrity: on a prerendered page only once the page has
//!    painted, on the bare shell as soon as it is parsed. The glue is imported after its
//!    `modulepreload` (which checks its integrity) and the wasm is fetched with its `integrity`;
//! 6. writes the boot script (`prefs.js`) into a `<script>` and the screen stylesheet (minified)
//!    into a `<style>`, where their tags were, and removes `prefs.js`: the first paint waits for
//!    no request. The minified stylesheet is also written as `main-<hash of its bytes>.css`,
//!    which the loader links first (a prerendered page carries only the rules it uses, see
//!    [`super::css`]; the app starts once the whole stylesheet has loaded);
//! 7. fails on any other inline script, inline `<style>` or `style=` attribute, and on a policy
//!    with 'unsafe-inline', then adds the `sha256` hashes of the two inline blocks to
//!    `script-src` and `style-src` of the page's Content-Security-Policy `<meta>`;
//! 8. stamps the service worker (`sw.js`) with this build's id, so a new deploy installs a new
//!    worker, which drops the previous deploy's hashed files from its cache.
//!
//! Under `trunk serve` Trunk also injects its live-reload script inline, with placeholders that
//! its server fills in per request; that script is left alone and the CSP `<meta>` is left out of
//! the served page (development only), since that script cannot run under the policy.
//!
//! Text files are read with their line ends as `\n`. White space is Unicode white space and
//! U+001C to U+001F, and lines end at any Unicode line break ([`lines`]).

use std::fs;
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::tool::shell::html::{is_python_space, Document, Node, Tag};

/// The search engine's bin, as Trunk names its files.
const SEARCH: &str = "bulletin-search";

/// Makes the folder Trunk built (`dir`, its staging folder) into the app: the steps of the
/// module doc. `public_url` is the deployment's base (`/` or e.g. `/notices/`). Writes the
/// shell into `dir/index.html` and returns it.
pub fn finish(dir: &Path, public_url: &str) -> Result<Document, String> {
    let public_url = if public_url.ends_with('/') {
        public_url.to_string()
    } else {
        format!("{public_url}/")
    };
    let index = dir.join("index.html");
    let mut doc = Document::parse(&read_text(&index)?).map_err(|e| format!("index.html: {e}"))?;

    hash_search_worker(dir, &mut doc)?;
    pad_hashes(dir, &mut doc)?;
    drop_comments(&mut doc);
    let mut files = take_preloads(&mut doc)?;
    files.push(take_print_stylesheet(&mut doc)?);
    let (styles, screen) = inline_main_stylesheet(dir, &mut doc, &public_url)?;
    files.insert(0, screen);
    let (body, dev_reload) = take_loader(&mut doc)?;
    let loader = loader_source(&body, &files)?;
    let loader_name = format!("loader-{}.js", short_digest(loader.as_bytes()));
    write(&dir.join(&loader_name), loader.as_bytes())?;
    let loader_meta = format!(
        "<meta name=\"bulletin-loader\" content=\"{public_url}{loader_name}\" data-integrity=\"{}\" />",
        sri(loader.as_bytes())
    );
    let boot = inline_boot_script(dir, &mut doc, &loader_meta)?;
    check_inline_blocks(&doc, &boot, &styles, dev_reload)?;
    set_policy(&mut doc, &boot, &styles)?;
    if dev_reload {
        let meta = csp_meta(&doc).expect("the policy was set");
        doc.remove_with_space_before(meta);
        println!("trunk serve: CSP <meta> left out for Trunk's inline live-reload script");
    }
    write(&index, doc.to_html().as_bytes())?;

    // The service worker learns which deploy it belongs to (the loader names every hashed file;
    // the page's inline blocks change with the stylesheet and prefs.js).
    let sw = dir.join("sw.js");
    if sw.exists() {
        let mut parts = vec![loader_name.as_str(), boot.as_str()];
        parts.extend(styles.iter().map(String::as_str));
        let deploy = short_digest(parts.join("\0").as_bytes());
        let text = read_text(&sw)?;
        let lines = deploy_lines(&text);
        let [line] = lines.as_slice() else {
            return Err("sw.js has no `const DEPLOY = '…';` line to stamp".into());
        };
        let stamped = format!(
            "{}const DEPLOY = '{deploy}';{}",
            &text[..line.start],
            &text[line.end..]
        );
        write(&sw, stamped.as_bytes())?;
    }
    Ok(doc)
}

/// Step 1: the search worker's files get hashed names, its script a `<meta>`.
fn hash_search_worker(dir: &Path, doc: &mut Document) -> Result<(), String> {
    let names = [".js", "_bg.wasm", "_loader.js"].map(|s| format!("{SEARCH}{s}"));
    let missing: Vec<&str> = names
        .iter()
        .filter(|n| !dir.join(n).is_file())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the search worker's files are missing from {}: {}",
            dir.display(),
            missing.join(", ")
        ));
    }
    let glue = read(&dir.join(&names[0]))?;
    let wasm = read(&dir.join(&names[1]))?;
    if !contains_bytes(&glue, b"module_or_path") {
        return Err(format!(
            "{} does not take the wasm's URL as `module_or_path` (wasm-bindgen changed?)",
            names[0]
        ));
    }
    let digest = short_digest(&[glue.as_slice(), b"\0", wasm.as_slice()].concat());
    // Earlier builds' files in the same staging folder (trunk serve) are left out.
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_search_file(&name) && entry.path().is_file() {
            remove(&entry.path())?;
        }
    }
    write(&dir.join(format!("search-{digest}.js")), &glue)?;
    write(&dir.join(format!("search-{digest}.wasm")), &wasm)?;
    let script = format!(
        "import init from './search-{digest}.js';\n\
         await init({{ module_or_path: new URL('./search-{digest}.wasm', import.meta.url) }});\n"
    );
    let worker = format!("search-worker-{}.js", short_digest(script.as_bytes()));
    write(&dir.join(&worker), script.as_bytes())?;
    for name in &names {
        remove(&dir.join(name))?;
    }

    while let Some(at) = doc.position(|n| {
        n.start_tag("meta")
            .is_some_and(|t| t.attr("name").as_deref() == Some(SEARCH))
    }) {
        doc.remove_with_space_before(at);
    }
    let base = doc
        .position(|n| n.start_tag("base").is_some())
        .ok_or("index.html has no <base> element to put the search worker's <meta> after")?;
    let meta = format!("<meta name=\"{SEARCH}\" content=\"{worker}\" />");
    doc.nodes.splice(
        base + 1..base + 1,
        [Node::Text("\n    ".into()), Node::Start(Tag::parse(&meta))],
    );
    doc.merge_text();
    Ok(())
}

/// `search-<16 hex>.js`, `search-<16 hex>.wasm` or `search-worker-<16 hex>.js`.
fn is_search_file(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("search-") else {
        return false;
    };
    let rest = rest.strip_prefix("worker-").unwrap_or(rest);
    let hash = rest
        .strip_suffix(".js")
        .or_else(|| rest.strip_suffix(".wasm"));
    hash.is_some_and(|h| h.len() == 16 && is_hex(h))
}

/// Step 2: every file `index.html` names whose hash is shorter than 16 digits gets a padded one.
fn pad_hashes(dir: &Path, doc: &mut Document) -> Result<(), String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        let Some(padded) = padded_name(&name) else {
            continue;
        };
        if !path.is_file() || !doc.contains(&name) {
            continue;
        }
        if dir.join(&padded).exists() {
            return Err(format!("cannot pad the hash of {name}: {padded} exists"));
        }
        fs::rename(&path, dir.join(&padded))
            .map_err(|e| format!("cannot rename {name} to {padded}: {e}"))?;
        for node in &mut doc.nodes {
            node.edit_text(&|text| text.replace(&name, &padded));
        }
    }
    Ok(())
}

/// `<stem>-<1 to 15 hex>[_bg].<js|wasm|css>` with its hash padded to 16 digits.
fn padded_name(name: &str) -> Option<String> {
    let tail = ["_bg.js", "_bg.wasm", "_bg.css", ".js", ".wasm", ".css"]
        .into_iter()
        .find(|t| name.ends_with(t))?;
    let (stem, hash) = name[..name.len() - tail.len()].rsplit_once('-')?;
    (!stem.is_empty() && (1..=15).contains(&hash.len()) && is_hex(hash) && !stem.contains('\n'))
        .then(|| format!("{stem}-{hash:0>16}{tail}"))
}

/// Step 3: no comments, and no blank lines (a run of white space over several lines becomes one
/// line end), in the text, the tags and the scripts alike.
fn drop_comments(doc: &mut Document) {
    doc.nodes.retain(|n| !matches!(n, Node::Comment(_)));
    doc.merge_text();
    for node in &mut doc.nodes {
        node.edit_text(&collapse_blank_lines);
    }
}

/// Every run of white space that holds two or more line ends (`\n`), from its first line end to
/// its last, as one `\n`.
fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\n') {
        out.push_str(&rest[..at]);
        let run = &rest[at..];
        let run_len = run.find(|c: char| !is_python_space(c)).unwrap_or(run.len());
        let last = run[..run_len].rfind('\n').unwrap_or(0);
        out.push('\n');
        rest = &run[last + 1..];
    }
    out.push_str(rest);
    out
}

/// A file the loader adds to `<head>`: a `<link>`'s attributes, in order.
type LinkAttrs = Vec<(String, String)>;

/// The attributes of `tag` (values decoded, a bare one `""`; a repeated one keeps its first
/// place and its last value).
fn link_attrs(tag: &Tag) -> LinkAttrs {
    let mut attrs: LinkAttrs = Vec::new();
    for attr in &tag.attrs {
        let value = crate::tool::shell::html::unescape(attr.value.as_deref().unwrap_or(""));
        set(&mut attrs, &attr.name, value);
    }
    attrs
}

fn set(attrs: &mut LinkAttrs, name: &str, value: String) {
    match attrs.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value,
        None => attrs.push((name.to_string(), value)),
    }
}

/// Step 4: Trunk's preload tags, out of the HTML, for the loader.
fn take_preloads(doc: &mut Document) -> Result<Vec<LinkAttrs>, String> {
    let mut files = Vec::new();
    let mut kept = Vec::with_capacity(doc.nodes.len());
    for node in doc.nodes.drain(..) {
        let preload = node.start_tag("link").filter(|t| {
            t.attr("rel").is_some_and(|rel| {
                rel.eq_ignore_ascii_case("modulepreload") || rel.eq_ignore_ascii_case("preload")
            })
        });
        match preload {
            Some(tag) => {
                let attrs = link_attrs(tag);
                if !attrs.iter().any(|(n, _)| n == "href") {
                    return Err(format!(
                        "a preload link without href in index.html: {}",
                        tag.raw
                    ));
                }
                files.push(attrs);
            }
            None => kept.push(node),
        }
    }
    doc.nodes = kept;
    doc.merge_text();
    Ok(files)
}

/// The `href` of a `<link rel="stylesheet">` whose file is `<prefix>-<16 hex>.css`, with the
/// file's name.
fn stylesheet<'a>(node: &'a Node, prefix: &str) -> Option<(&'a Tag, String, String)> {
    let tag = node.start_tag("link")?;
    if tag.attr("rel").as_deref() != Some("stylesheet") {
        return None;
    }
    let href = tag.attr("href")?;
    let (_, file) = href.rsplit_once('/')?;
    let hash = file
        .strip_prefix(prefix)?
        .strip_prefix('-')?
        .strip_suffix(".css")?;
    (hash.len() == 16 && is_hex(hash)).then(|| (tag, href.clone(), file.to_string()))
}

/// The index of the one `<link>` to a `<prefix>-<16 hex>.css` stylesheet.
fn the_stylesheet(doc: &Document, prefix: &str) -> Result<usize, String> {
    let found: Vec<usize> = (0..doc.nodes.len())
        .filter(|&i| stylesheet(&doc.nodes[i], prefix).is_some())
        .collect();
    match found.as_slice() {
        [at] => Ok(*at),
        _ => Err(format!(
            "expected one {prefix} stylesheet ({prefix}-<hash>.css) in index.html, found {}",
            found.len()
        )),
    }
}

/// Step 4: the print stylesheet, for the loader, and a `<noscript>` copy of its link.
fn take_print_stylesheet(doc: &mut Document) -> Result<LinkAttrs, String> {
    let at = the_stylesheet(doc, "print")?;
    let (tag, href, _) = stylesheet(&doc.nodes[at], "print").expect("found");
    let mut attrs = link_attrs(tag);
    set(&mut attrs, "media", "print".into());
    let noscript = Document::parse(&format!(
        "<noscript><link rel=\"stylesheet\" href=\"{href}\" media=\"print\" /></noscript>"
    ))
    .map_err(|e| format!("the print stylesheet's link: {e}"))?;
    doc.nodes.splice(at..=at, noscript.nodes);
    Ok(attrs)
}

/// Step 5: Trunk's inline loader, out of the HTML; whether Trunk's live-reload script is there.
fn take_loader(doc: &mut Document) -> Result<(String, bool), String> {
    let mut dev_reload = false;
    let mut bodies = Vec::new();
    let mut kept = Vec::with_capacity(doc.nodes.len());
    for node in doc.nodes.drain(..) {
        if let Node::Raw { open, body, .. } = &node {
            if open.name == "script" && !open.has_attr("src") {
                if body.contains("__TRUNK_ADDRESS__") {
                    dev_reload = true;
                } else if open.attrs_text().trim_matches(is_python_space) == "type=\"module\""
                    && body.contains("import init")
                {
                    bodies.push(body.clone());
                    continue;
                } else {
                    return Err(format!(
                        "an inline <script{}> in index.html would be blocked by the CSP",
                        open.attrs_text()
                    ));
                }
            }
        }
        kept.push(node);
    }
    doc.nodes = kept;
    doc.merge_text();
    match bodies.as_slice() {
        [body] => Ok((body.clone(), dev_reload)),
        _ => Err(format!(
            "expected Trunk's one inline module loader in index.html, found {}",
            bodies.len()
        )),
    }
}

/// The loader's file: started by the page's boot script, it adds the preload tags Trunk wrote
/// and the print stylesheet (`files`), then runs Trunk's loader (`body`), which imports the glue
/// and fetches the wasm with their integrity values.
fn loader_source(body: &str, files: &[LinkAttrs]) -> Result<String, String> {
    const IMPORT: (&str, &str) = ("import init, * as bindings from '", "';");
    const INIT: (&str, &str) = ("await init({ module_or_path: '", "' })");
    let body = body.trim_matches(is_python_space);
    if line_matches(body, IMPORT).len() != 1 || matches(body, INIT).len() != 1 {
        return Err(
            "Trunk's inline loader has an unknown form (expected `import init, * as \
                    bindings from '…';` and `await init({ module_or_path: '…' })`)"
                .into(),
        );
    }
    let body = substitute(body, &line_matches(body, IMPORT), |glue| {
        format!(
            "const bindings = await import({});\nconst init = bindings.default;",
            json_string(glue, true)
        )
    });
    let body = substitute(&body, &matches(&body, INIT), |wasm| {
        format!(
            "await init({{ module_or_path: verified({}) }})",
            json_string(wasm, true)
        )
    });
    let body: Vec<String> = lines(&body)
        .into_iter()
        .map(|line| {
            if line.trim_matches(is_python_space).is_empty() {
                String::new()
            } else {
                format!("  {line}")
            }
        })
        .collect();
    let files: Vec<String> = files
        .iter()
        .map(|attrs| {
            let pairs: Vec<String> = attrs
                .iter()
                .map(|(n, v)| format!("{}: {}", json_string(n, false), json_string(v, false)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        })
        .collect();
    Ok(format!(
        "{LOADER_HEAD}const FILES = [{}];\n{LOADER_START}{}\n}};\nstart();\n",
        files.join(", "),
        body.join("\n")
    ))
}

/// The loader's first lines.
const LOADER_HEAD: &str = "\
// Bulletin's app loader, written by the build (src/tool/shell/trunk.rs) from Trunk's inline
// loader. Added by the page's boot script (prefs.js, inline in the page): on a prerendered page
// once its text is on the screen, on the bare shell at once. The whole screen stylesheet (a page
// carries only the rules it uses), the preload tags Trunk wrote and the print stylesheet are added
// here, with their integrity values; the app starts once the screen stylesheet has loaded.
";

/// The loader after its list of files, up to Trunk's loader.
const LOADER_START: &str = "\
const INTEGRITY = Object.fromEntries(FILES.filter((f) => f.integrity).map((f) => [new URL(f.href, document.baseURI).href, f.integrity]));
const verified = (url) => {
  const integrity = INTEGRITY[new URL(url, document.baseURI).href];
  return integrity ? fetch(url, { integrity, credentials: 'same-origin' }) : url;
};
const start = async () => {
  const styled = [];
  for (const file of FILES) {
    const link = document.createElement('link');
    for (const [name, value] of Object.entries(file)) link.setAttribute(name, value);
    if (file.rel === 'stylesheet' && !file.media) {
      styled.push(new Promise((done) => { link.onload = done; link.onerror = done; }));
    }
    document.head.appendChild(link);
  }
  await Promise.all(styled);
";

/// Where `open` + a value without `'` + `close` stands in `text`, with the value.
fn matches(text: &str, (open, close): (&str, &str)) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(open).map(|i| from + i) {
        let value_start = at + open.len();
        let value_len = text[value_start..].find('\'').unwrap_or(0);
        let value_end = value_start + value_len;
        if value_len > 0 && text[value_end..].starts_with(close) {
            found.push((
                at..value_end + close.len(),
                text[value_start..value_end].to_string(),
            ));
            from = value_end + close.len();
        } else {
            from = at + 1;
        }
    }
    found
}

/// [`matches`] that take a whole line (from a line's start to a line end or the end).
fn line_matches(text: &str, pattern: (&str, &str)) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    for (range, value) in matches(text, pattern) {
        let starts_line = range.start == 0 || text.as_bytes()[range.start - 1] == b'\n';
        let ends_line = range.end == text.len() || text.as_bytes()[range.end] == b'\n';
        if range.start >= from && starts_line && ends_line {
            from = range.end;
            found.push((range, value));
        }
    }
    found
}

/// `text` with each match replaced by `with(value)`.
fn substitute(
    text: &str,
    found: &[(std::ops::Range<usize>, String)],
    with: impl Fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, value) in found {
        out.push_str(&text[at..range.start]);
        out.push_str(&with(value));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The lines of `text`, split at every Unicode line break (`\r\n` is one), without their ends
/// (no empty last line for a text that ends with one).
pub fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                start += 1;
            }
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A JSON string: `"`, `\` and control characters escaped (`\n`, `\u001f`, …), and with
/// `ascii` every character outside printable ASCII as `\uXXXX` (UTF-16).
pub fn json_string(text: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii && !(' '..='~').contains(&c)) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Step 6: the boot script (`prefs.js`) inline where its `<script src>` was, after the
/// loader's `<meta>`; returns the script as written.
fn inline_boot_script(dir: &Path, doc: &mut Document, loader_meta: &str) -> Result<String, String> {
    let file = dir.join("prefs.js");
    let at = doc.position(|n| {
        matches!(n, Node::Raw { open, body, close }
            if open.raw == "<script src=\"prefs.js\">" && body.is_empty() && close == "</script>")
    });
    let Some(at) = at.filter(|_| file.is_file()) else {
        return Err(
            "index.html has no <script src=\"prefs.js\"></script> (or prefs.js was not copied)"
                .into(),
        );
    };
    let boot = minify_js(&read_text(&file)?);
    if boot.contains("</") || boot.contains("<!--") {
        return Err("prefs.js holds `</` or `<!--`, which would end its inline <script>".into());
    }
    doc.nodes.splice(
        at..=at,
        [
            Node::Start(Tag::parse(loader_meta)),
            Node::Text("\n    ".into()),
            Node::Raw {
                open: Tag::parse("<script>"),
                body: boot.clone(),
                close: "</script>".into(),
            },
        ],
    );
    doc.merge_text();
    remove(&file)?;
    Ok(boot)
}

/// The script without whole-line comments, blank lines and indentation (it has no multi-line
/// strings).
pub fn minify_js(text: &str) -> String {
    let kept: Vec<&str> = lines(text)
        .into_iter()
        .map(|line| line.trim_matches(is_python_space))
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
        .collect();
    kept.join("\n")
}

/// Step 6: the screen stylesheet (minified) inline where its `<link>` was, and as the file
/// `main-<hash>.css` (named by its bytes) for the loader to link; returns the inline styles and
/// the file's link.
fn inline_main_stylesheet(
    dir: &Path,
    doc: &mut Document,
    public_url: &str,
) -> Result<(Vec<String>, LinkAttrs), String> {
    let at = the_stylesheet(doc, "main")?;
    let (_, _, name) = stylesheet(&doc.nodes[at], "main").expect("found");
    let path = dir.join(&name);
    let css = minify_css(&read_text(&path)?);
    if css.contains("</") || css.contains("<!--") {
        return Err(format!(
            "{name} holds `</` or `<!--`, which would end its inline <style>"
        ));
    }
    crate::tool::shell::css::Stylesheet::parse(&css).map_err(|e| format!("{name}: {e}"))?;
    remove(&path)?;
    let file = format!("main-{}.css", short_digest(css.as_bytes()));
    write(&dir.join(&file), css.as_bytes())?;
    doc.nodes[at] = Node::Raw {
        open: Tag::parse("<style>"),
        body: css.clone(),
        close: "</style>".into(),
    };
    let link = vec![
        ("rel".to_string(), "stylesheet".to_string()),
        ("href".to_string(), format!("{public_url}{file}")),
        ("integrity".to_string(), sri(css.as_bytes())),
    ];
    Ok((vec![css], link))
}

/// The stylesheet without comments and needless white space (strings and `url()` in it hold no
/// comment markers, braces, semicolons or runs of spaces that matter): comments out, every run of
/// white space one space, none next to `{ } ; , >`, no `;` before `}`.
pub fn minify_css(text: &str) -> String {
    let mut uncommented = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("/*") {
        let Some(close) = rest[open + 2..].find("*/") else {
            break;
        };
        uncommented.push_str(&rest[..open]);
        rest = &rest[open + 2 + close + 2..];
    }
    uncommented.push_str(rest);

    let mut spaced = String::with_capacity(uncommented.len());
    let mut in_space = false;
    for c in uncommented.chars() {
        if is_python_space(c) {
            if !in_space {
                spaced.push(' ');
            }
            in_space = true;
        } else {
            spaced.push(c);
            in_space = false;
        }
    }

    let tight = |c: Option<char>| matches!(c, Some('{' | '}' | ';' | ',' | '>'));
    let chars: Vec<char> = spaced.chars().collect();
    let mut out = String::with_capacity(spaced.len());
    for (i, &c) in chars.iter().enumerate() {
        let next_to_tight = i
            .checked_sub(1)
            .is_some_and(|p| tight(chars.get(p).copied()))
            || tight(chars.get(i + 1).copied());
        if c == ' ' && next_to_tight {
            continue;
        }
        out.push(c);
    }
    out.replace(";}", "}")
        .trim_matches(is_python_space)
        .to_string()
}

/// Step 7: only the build's own inline blocks (the policy, which names their hashes only, would
/// block any other in the browser).
fn check_inline_blocks(
    doc: &Document,
    boot: &str,
    styles: &[String],
    dev_reload: bool,
) -> Result<(), String> {
    for node in &doc.nodes {
        if let Node::Raw { open, body, .. } = node {
            let own = open.attrs_text().trim_matches(is_python_space).is_empty() && body == boot;
            let dev = dev_reload && body.contains("__TRUNK_ADDRESS__");
            if open.name == "script" && !own && !open.has_attr("src") && !dev {
                return Err(
                    "an inline <script> in index.html that the build did not write would \
                            be blocked by the CSP"
                        .into(),
                );
            }
        }
    }
    for node in &doc.nodes {
        let inline_css = match node {
            Node::Raw { open, body, .. } if open.name == "style" => {
                open.raw != "<style>" || !styles.contains(body) || open.has_attr("style")
            }
            Node::Raw { open: tag, .. } | Node::Start(tag) => tag.has_attr("style"),
            _ => false,
        };
        if inline_css {
            return Err(
                "inline CSS in index.html that the build did not write would be blocked by the CSP"
                    .into(),
            );
        }
    }
    Ok(())
}

/// The index of the Content-Security-Policy `<meta>`.
fn csp_meta(doc: &Document) -> Option<usize> {
    doc.position(|n| {
        n.start_tag("meta").is_some_and(|t| {
            t.attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("Content-Security-Policy"))
        })
    })
}

/// Step 7: the policy names the inline blocks by their hashes ('unsafe-inline' stays out).
fn set_policy(doc: &mut Document, boot: &str, styles: &[String]) -> Result<(), String> {
    let at = csp_meta(doc).ok_or("index.html has no Content-Security-Policy <meta>")?;
    let Node::Start(meta) = &doc.nodes[at] else {
        unreachable!("a <meta> is a start tag")
    };
    let policy = meta.attr("content").unwrap_or_default();
    if policy.contains("unsafe-inline") {
        return Err("the Content-Security-Policy <meta> must not allow 'unsafe-inline'".into());
    }
    let mut hashes: Vec<(&str, Vec<String>)> = vec![
        ("script-src", vec![csp_hash(boot)]),
        ("style-src", styles.iter().map(|s| csp_hash(s)).collect()),
    ];
    let mut directives: Vec<String> = Vec::new();
    for directive in policy.split(';') {
        let directive = directive.trim_matches(is_python_space);
        if directive.is_empty() {
            continue;
        }
        let key = directive.split(is_python_space).next().unwrap_or_default();
        match hashes.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                let (_, sources) = hashes.remove(i);
                directives.push(format!("{directive} {}", sources.join(" ")));
            }
            None => directives.push(directive.to_string()),
        }
    }
    if !hashes.is_empty() {
        let missing: Vec<&str> = hashes.iter().map(|(k, _)| *k).collect();
        return Err(format!(
            "the Content-Security-Policy <meta> has no {} directive",
            missing.join(", ")
        ));
    }
    let meta = meta
        .with_attr("content", &directives.join("; "))
        .ok_or("the Content-Security-Policy <meta> has no content")?;
    doc.nodes[at] = Node::Start(meta);
    Ok(())
}

/// Where `const DEPLOY = '…';` stands as a whole line of `text`.
fn deploy_lines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let open = "const DEPLOY = '";
    let mut line_start = 0;
    while line_start <= text.len() {
        let rest = &text[line_start..];
        if let Some(value) = rest.strip_prefix(open) {
            let end = line_start + open.len() + value.find('\'').unwrap_or(value.len());
            if text[end..].starts_with("';")
                && (end + 2 == text.len() || text.as_bytes()[end + 2] == b'\n')
            {
                found.push(line_start..end + 2);
                line_start = end + 2;
            }
        }
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    found
}

/// The CSP source of a text's SHA-256: `'sha256-<base64>'`.
pub fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The Subresource Integrity value of a file: `sha384-<base64>`.
pub fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The first 16 hex digits of the bytes' SHA-256.
pub fn short_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_hex(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// A text file, with its line ends (`\r\n`, `\r`) read as `\n`.
fn read_text(path: &Path) -> Result<String, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn remove(path: &Path) -> Result<(), String> {
    fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_known_values() {
        // FIPS 180-2's "abc", the SHA-256 and SHA-384 test vectors.
        assert_eq!(short_digest(b"abc"), "ba7816bf8f01cfea");
        assert_eq!(
            csp_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn css_is_minified() {
        assert_eq!(
            minify_css(
                "/* a */\n:root {\n  --x: 1px;\n}\nbody > p ,a {\n  margin: 0 auto;\n}\n/* open"
            ),
            ":root{--x: 1px}body>p,a{margin: 0 auto}/* open"
        );
        assert_eq!(minify_css("a{b:c;;}"), "a{b:c;}");
        assert_eq!(minify_css("  a\t\n b  "), "a b");
    }

    #[test]
    fn js_loses_comment_lines_blank_lines_and_indentation() {
        assert_eq!(
            minify_js("// head\n(function () {\r\n    // inside\n\n  var a = 1; // kept\n})();\n"),
            "(function () {\nvar a = 1; // kept\n})();"
        );
    }

    #[test]
    fn lines_split_at_every_line_break() {
        assert_eq!(
            lines("a\r\nb\rc\u{2028}d\n\ne\n"),
            ["a", "b", "c", "d", "", "e"]
        );
        assert!(lines("").is_empty());
    }

    #[test]
    fn blank_lines_collapse() {
        assert_eq!(collapse_blank_lines("a\n  \n\t\n  b\nc\n\n"), "a\n  b\nc\n");
        assert_eq!(collapse_blank_lines("a\n b"), "a\n b");
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(
            json_string("a\"b\\c\n\u{1}é", false),
            "\"a\\\"b\\\\c\\n\\u0001é\""
        );
        assert_eq!(
            json_string("é😀\u{7f}", true),
            "\"\\u00e9\\ud83d\\ude00\\u007f\""
        );
    }

    #[test]
    fn short_hashes_are_padded() {
        assert_eq!(
            padded_name("bulletin-web-123456789abcdef_bg.wasm").as_deref(),
            Some("bulletin-web-0123456789abcdef_bg.wasm")
        );
        assert_eq!(
            padded_name("print-22.css").as_deref(),
            Some("print-0000000000000022.css")
        );
        assert_eq!(padded_name("main-0123456789abcdef.css"), None);
        assert_eq!(padded_name("favicon.svg"), None);
        assert_eq!(padded_name("-12.js"), None);
        assert_eq!(padded_name("a-12x.js"), None);
    }

    #[test]
    fn search_files_are_recognised() {
        assert!(is_search_file("search-0123456789abcdef.js"));
        assert!(is_search_file("search-worker-0123456789abcdef.js"));
        assert!(is_search_file("search-0123456789abcdef.wasm"));
        assert!(!is_search_file("search-worker-0123456789abcdef.wasm.gz"));
        assert!(!is_search_file("search-0123456789abcde.js"));
        assert!(!is_search_file("search.html"));
    }

    #[test]
    fn the_deploy_line_is_found_on_a_line_of_its_own() {
        let text = "a\nconst DEPLOY = 'dev';\nb // const DEPLOY = 'x';\n";
        let lines = deploy_lines(text);
        assert_eq!(lines.len(), 1);
        assert_eq!(&text[lines[0].clone()], "const DEPLOY = 'dev';");
        assert!(deploy_lines("const DEPLOY = 'dev'; // no").is_empty());
        assert_eq!(deploy_lines("const DEPLOY = '';").len(), 1);
    }

    #[test]
    fn trunk_loader_becomes_the_start_function() {
        let body = "\nimport init, * as bindings from '/a-1.js';\nconst wasm = await init({ module_or_path: '/a-1_bg.wasm' });\n\nwindow.wasmBindings = bindings;\n";
        let files = vec![vec![
            ("rel".to_string(), "modulepreload".to_string()),
            ("href".to_string(), "/a-1.js".to_string()),
        ]];
        let loader = loader_source(body, &files).unwrap();
        assert!(loader
            .contains("const FILES = [{\"rel\": \"modulepreload\", \"href\": \"/a-1.js\"}];\n"));
        assert!(loader.ends_with(
            "  }\n  await Promise.all(styled);\n  const bindings = await import(\"/a-1.js\");\n  const init = bindings.default;\n  const wasm = await init({ module_or_path: verified(\"/a-1_bg.wasm\") });\n\n  window.wasmBindings = bindings;\n};\nstart();\n"
        ), "{loader}");
        assert!(loader_source("import init from '/a.js';", &files).is_err());
        let twice = format!("{body}\nimport init, * as bindings from '/b.js';");
        assert!(loader_source(&twice, &files).is_err());
    }
}
