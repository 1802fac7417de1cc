//! The app shell: Trunk's `index.html`, read once into nodes ([`html`]), made into the shell every
//! page is built from ([`trunk`]: hashed file names, the inline boot script and stylesheet with
//! their hashes in the Content-Security-Policy, the app's loader in its own file), and split
//! where the prerendered pages differ ([`Shell`]). This module is the one place that knows the
//! shell's layout and the marks a prerendered page carries ([`START`], [`END`], the head marks,
//! the data element).

pub mod css;
pub mod html;
pub mod trunk;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::contract::urls::BasePath;
use crate::tool::shell::css::Stylesheet;
use crate::tool::shell::html::{nodes_html, Document, Node};
use crate::web::preload;

pub use crate::web::boot::prerender_marker::{END, START};

/// The comment that opens the head tags a prerendered page adds.
const HEAD_START: &str = "<!--bulletin-head-->";
/// The comment that closes them.
const HEAD_END: &str = "<!--/bulletin-head-->";

/// The built app shell, checked and split where pages differ.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Up to and including `<title>`.
    before_title: String,
    /// The `<html>` tag's place in `before_title` and its language, if it names one.
    html_lang: Option<(std::ops::Range<usize>, String)>,
    /// From `</title>` up to (not including) `</head>`.
    head_rest: String,
    /// From `</head>` up to and including the `<body …>` tag.
    body_open: String,
    /// The rest of the body (the `<noscript>` note removed) and the end of the document.
    after_body_open: String,
    /// The deployment's base path, from `<base href>`.
    pub base: BasePath,
    /// The inline screen stylesheet, which each page carries cut to what it uses.
    style: Option<InlineStyle>,
}

/// The shell's inline `<style>` and where a page's own goes.
#[derive(Debug, Clone)]
struct InlineStyle {
    /// The whole stylesheet.
    sheet: Stylesheet,
    /// Where its text stands in `head_rest`.
    at: Range<usize>,
    /// Where its hash stands in the Content-Security-Policy of `before_title`, if there.
    hash_at: Option<Range<usize>>,
    /// The classes the shell itself may show: in its markup and in its scripts.
    shell_classes: HashSet<String>,
    /// Each page's stylesheet and hash, by the stylesheet's classes the page uses.
    cache: Arc<Mutex<HashMap<String, PageStyle>>>,
}

/// A page's stylesheet and the CSP hash source of it.
pub type PageStyle = Arc<(String, String)>;

/// What a prerendered page puts into the shell.
#[derive(Debug, Clone, Copy)]
pub struct PageParts<'a> {
    /// The page's language (`lang` of `<html>`).
    pub lang: &'a str,
    /// The document title, escaped.
    pub title: &'a str,
    /// The page's head tags (meta description, canonical URL, Open Graph …).
    pub head: &'a str,
    /// The app's view rendered to HTML.
    pub content: &'a str,
    /// The page's data as JSON (made safe for a `<script>` element here).
    pub data: &'a str,
    /// The fingerprint of everything the page was made from, written as the data element's
    /// `data-build` (a later build that would make the same page keeps it without making it).
    pub build: Option<&'a str>,
}

impl Shell {
    /// Checks and splits the shell's HTML. A prerendered page (a deployed `index.html`) is
    /// taken back to its shell first: its content, data and head tags are cut out.
    /// A prerendered page carries its stylesheet cut to its own use: the whole one is read from
    /// the site folder with [`Shell::parse_in`].
    pub fn parse(html: &str) -> Result<Shell, String> {
        Shell::from_document(Document::parse(html).map_err(|e| format!("the shell has {e}"))?)
    }

    /// [`Shell::parse`] of a shell that may be a prerendered page of the site in `dir`: its
    /// whole stylesheet is the file its loader links (`main-<hash>.css` in `dir`).
    pub fn parse_in(html: &str, dir: &Path) -> Result<Shell, String> {
        let doc = Document::parse(html).map_err(|e| format!("the shell has {e}"))?;
        let whole = if is_prerendered(&doc) && inline_style(&doc).is_some() {
            Some(whole_stylesheet(&doc, dir)?)
        } else {
            None
        };
        Shell::build(doc, whole)
    }

    /// Feeds everything pages are made of from the shell into `hasher`: its parts, its base and
    /// its whole stylesheet. The places each page fills with its own stylesheet and its hash are
    /// left out, so the shell read back from a prerendered page has the digest of the one it was
    /// made with.
    pub fn digest(&self, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let cut = |text: &str, range: Option<&Range<usize>>| match range {
            Some(r) => text[..r.start].to_string() + &text[r.end..],
            None => text.to_string(),
        };
        let style = self.style.as_ref();
        cut(&self.before_title, style.and_then(|s| s.hash_at.as_ref())).hash(hasher);
        cut(&self.head_rest, style.map(|s| &s.at)).hash(hasher);
        self.html_lang.hash(hasher);
        self.body_open.hash(hasher);
        self.after_body_open.hash(hasher);
        self.base.as_str().hash(hasher);
        if let Some(style) = style {
            style.sheet.text().hash(hasher);
        }
    }

    /// Makes Trunk's output in `dir` into the app ([`trunk::finish`]) and returns its shell.
    pub fn from_trunk(dir: &Path, public_url: &str) -> Result<Shell, String> {
        Shell::from_document(trunk::finish(dir, public_url)?)
    }

    /// [`Shell::parse`] for a document already read.
    pub fn from_document(doc: Document) -> Result<Shell, String> {
        if is_prerendered(&doc) && inline_style(&doc).is_some() {
            return Err(
                "the shell is a prerendered page, whose stylesheet is its own part of the \
                 site's: read it with its site folder"
                    .into(),
            );
        }
        Shell::build(doc, None)
    }

    /// The shell of `doc`, with `whole` as its stylesheet when the page's inline one is a part.
    fn build(mut doc: Document, whole: Option<String>) -> Result<Shell, String> {
        strip_prerendered(&mut doc)?;
        // The element, not its id: the page's boot script names the id to find the element.
        let stray = doc.nodes.iter().any(|n| match n {
            Node::Start(tag) | Node::Raw { open: tag, .. } => {
                tag.attr("id").as_deref() == Some(preload::ELEMENT_ID)
            }
            _ => false,
        });
        if stray {
            return Err("the shell holds a stray prerendered data element".into());
        }
        let nodes = &doc.nodes;
        let title = position(
            nodes,
            0,
            |n| matches!(n, Node::Start(t) if t.raw == "<title>"),
        )
        .ok_or("the shell has no <title>")?;
        let title_close = position(nodes, title, |n| n.is_end("title"))
            .ok_or("the shell's <title> is not closed")?;
        let head_close = position(nodes, title_close, |n| n.is_end("head"))
            .ok_or("the shell has no </head> after its <title>")?;
        let body = position(nodes, head_close, |n| n.start_tag("body").is_some())
            .ok_or("the shell has no <body>")?;
        let mut rest: Vec<Node> = nodes[body + 1..].to_vec();
        // The "needs JavaScript" note is wrong on a page that reads without it.
        let note = position(
            &rest,
            0,
            |n| matches!(n, Node::Start(t) if t.raw == "<noscript>"),
        );
        if let Some(open) = note {
            if let Some(close) = position(&rest, open, |n| n.is_end("noscript")) {
                rest.drain(open..=close);
            }
        }
        let base = nodes[..head_close]
            .iter()
            .find_map(|n| n.start_tag("base"))
            .and_then(|t| t.attr("href"))
            .unwrap_or_else(|| "/".to_string());
        let html_lang = (0..title).find_map(|i| {
            let tag = nodes[i].start_tag("html")?;
            let lang = tag.attr("lang")?;
            let at = nodes_html(&nodes[..i]).len();
            Some((at..at + tag.raw.len(), lang))
        });
        let before_title = nodes_html(&nodes[..=title]);
        let mut head_rest = nodes_html(&nodes[title_close..head_close]);
        let style = match inline_style(&doc).filter(|&i| i > title_close && i < head_close) {
            Some(i) => {
                let Node::Raw { open, body, .. } = &nodes[i] else {
                    unreachable!("an inline style is raw text")
                };
                let start = nodes_html(&nodes[title_close..i]).len() + open.raw.len();
                let hash = trunk::csp_hash(body);
                let hash_at = before_title.find(&hash).map(|h| h..h + hash.len());
                let text = whole.unwrap_or_else(|| body.clone());
                head_rest.replace_range(start..start + body.len(), &text);
                let sheet = Stylesheet::parse(&text)
                    .map_err(|e| format!("the shell's inline stylesheet: {e}"))?;
                let mut shell_classes = HashSet::new();
                for node in nodes.iter() {
                    match node {
                        Node::Raw { open, body, .. } if open.name == "script" => {
                            shell_classes.extend(css::words_in(body).map(str::to_string));
                        }
                        Node::Start(tag) => shell_classes
                            .extend(css::classes_in(&tag.raw).into_iter().map(str::to_string)),
                        _ => {}
                    }
                }
                Some(InlineStyle {
                    sheet,
                    at: start..start + text.len(),
                    hash_at,
                    shell_classes,
                    cache: Arc::default(),
                })
            }
            None => None,
        };
        Ok(Shell {
            before_title,
            html_lang,
            head_rest,
            body_open: nodes_html(&nodes[head_close..=body]),
            after_body_open: nodes_html(&rest),
            base: BasePath::new(&base),
            style,
        })
    }

    /// The screen stylesheet a page with `content` carries (the rules it can use) and its CSP
    /// hash source. Pages that use the same classes of the stylesheet share one answer, worked
    /// out once (most pages of a kind do).
    pub fn page_style(&self, content: &str) -> Option<PageStyle> {
        let style = self.style.as_ref()?;
        let mut used: Vec<&str> = Vec::new();
        css::for_each_class(content, |c| {
            if style.sheet.names(c) && !style.shell_classes.contains(c) {
                used.push(c);
            }
        });
        used.sort_unstable();
        used.dedup();
        let key = used.join(" ");
        let mut cache = style.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache.get(&key) {
            return Some(found.clone());
        }
        let text = style
            .sheet
            .for_page(&|c| used.binary_search(&c).is_ok() || style.shell_classes.contains(c));
        let hash = trunk::csp_hash(&text);
        let answer = Arc::new((text, hash));
        cache.insert(key, answer.clone());
        Some(answer)
    }

    /// A prerendered page: the shell with the page's language, title, head tags, content and
    /// data, each between the marks the app and [`Shell::parse`] know.
    pub fn page(&self, parts: &PageParts<'_>) -> String {
        let build = parts
            .build
            .map_or_else(String::new, |b| format!(" data-build=\"{}\"", escape(b)));
        let data = format!(
            "<script type=\"application/json\" id=\"{}\"{build}>{}</script>",
            preload::ELEMENT_ID,
            preload::script_safe(parts.data)
        );
        let mut out = String::with_capacity(
            self.before_title.len()
                + self.head_rest.len()
                + self.after_body_open.len()
                + parts.content.len()
                + data.len()
                + 1024,
        );
        let style = self.page_style(parts.content);
        // The parts of the shell a page changes, in the order they stand in it.
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        if let Some((range, lang)) = &self.html_lang {
            if lang != parts.lang {
                let tag = &self.before_title[range.clone()];
                let tag = html::Tag::parse(tag)
                    .with_attr("lang", &escape(parts.lang))
                    .map_or_else(|| tag.to_string(), |t| t.raw);
                edits.push((range.clone(), tag));
            }
        }
        if let (Some(inline), Some(page_style)) = (&self.style, &style) {
            if let Some(range) = &inline.hash_at {
                edits.push((range.clone(), page_style.1.clone()));
            }
        }
        edits.sort_by_key(|(range, _)| range.start);
        let mut at = 0;
        for (range, with) in &edits {
            out.push_str(&self.before_title[at..range.start]);
            out.push_str(with);
            at = range.end;
        }
        out.push_str(&self.before_title[at..]);
        out.push_str(parts.title);
        match (&self.style, &style) {
            (Some(inline), Some(page_style)) => {
                out.push_str(&self.head_rest[..inline.at.start]);
                out.push_str(&page_style.0);
                out.push_str(&self.head_rest[inline.at.end..]);
            }
            _ => out.push_str(&self.head_rest),
        }
        out.push_str(HEAD_START);
        out.push_str(parts.head);
        out.push_str(HEAD_END);
        out.push_str(&self.body_open);
        out.push_str(START);
        out.push_str(parts.content);
        out.push_str(END);
        out.push_str(&data);
        out.push_str(&self.after_body_open);
        out
    }
}

/// Escapes text for an HTML attribute value or text content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first node from `from` on for which `pick` holds.
fn position(nodes: &[Node], from: usize, pick: impl Fn(&Node) -> bool) -> Option<usize> {
    nodes[from..].iter().position(pick).map(|i| from + i)
}

/// Whether `doc` is a prerendered page (it holds the content marks).
fn is_prerendered(doc: &Document) -> bool {
    doc.position(|n| matches!(n, Node::Comment(c) if c == START))
        .is_some()
}

/// The index of the document's one inline `<style>`, if it has exactly one.
fn inline_style(doc: &Document) -> Option<usize> {
    let styles: Vec<usize> = (0..doc.nodes.len())
        .filter(|&i| matches!(&doc.nodes[i], Node::Raw { open, .. } if open.name == "style"))
        .collect();
    match styles.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The whole stylesheet of a prerendered page of the site in `dir`: the file named
/// `main-<16 hex>.css` in the loader that the page's `<meta name="bulletin-loader">` names.
fn whole_stylesheet(doc: &Document, dir: &Path) -> Result<String, String> {
    let loader = doc
        .nodes
        .iter()
        .filter_map(|n| n.start_tag("meta"))
        .find(|t| t.attr("name").as_deref() == Some("bulletin-loader"))
        .and_then(|t| t.attr("content"))
        .ok_or("the prerendered page names no loader (<meta name=\"bulletin-loader\">)")?;
    let name = loader.rsplit('/').next().unwrap_or_default();
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the page's loader {}: {e}", path.display()))?;
    let sheets: HashSet<&str> = text
        .match_indices("main-")
        .filter_map(|(i, _)| {
            let name = text.get(i..i + "main-".len() + 16 + ".css".len())?;
            let hash = name.strip_prefix("main-")?.strip_suffix(".css")?;
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                .then_some(name)
        })
        .collect();
    let [sheet] = sheets.into_iter().collect::<Vec<_>>()[..] else {
        return Err(format!(
            "the loader {} does not name one stylesheet main-<hash>.css",
            path.display()
        ));
    };
    let path = dir.join(sheet);
    std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the site's stylesheet {}: {e}", path.display()))
}

/// A prerendered page back to its shell (any other page unchanged): the content between
/// [`START`] and [`END`], the head tags between the head marks and the data element cut out.
fn strip_prerendered(doc: &mut Document) -> Result<(), String> {
    for (start, end) in [(START, END), (HEAD_START, HEAD_END)] {
        let is = |mark: &'static str| move |n: &Node| matches!(n, Node::Comment(c) if c == mark);
        if let Some(a) = doc.position(is(start)) {
            let b = position(&doc.nodes, a + 1, is(end))
                .ok_or_else(|| format!("the shell has a broken {start} … {end} part"))?;
            doc.nodes.drain(a..=b);
        }
    }
    let data = doc.position(|n| {
        n.start_tag("script").is_some_and(|t| {
            t.attr("id").as_deref() == Some(preload::ELEMENT_ID)
                && t.attr("type").as_deref() == Some("application/json")
        })
    });
    if let Some(at) = data {
        doc.nodes.remove(at);
    }
    doc.merge_text();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n  <head>\n    <base href=\"/notices/\" />\n    <title>Bulletin</title>\n    <script>var a = \"<title>\";</script>\n  </head>\n  <body class=\"x\">\n    <noscript><p>JS</p></noscript>\n    <p>end</p>\n  </body>\n</html>\n";

    fn parts<'a>(lang: &'a str, content: &'a str) -> PageParts<'a> {
        PageParts {
            lang,
            title: "T &amp; U",
            head: "<meta name=\"description\" content=\"d\" />",
            content,
            data: "{\"a\":\"</script>\"}",
            build: None,
        }
    }

    #[test]
    fn the_shell_is_split_where_pages_differ() {
        let shell = Shell::parse(SHELL).unwrap();
        assert_eq!(shell.base.as_str(), "/notices/");
        let page = shell.page(&parts("zh-CN", "<main>text</main>"));
        assert_eq!(
            page,
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n  <head>\n    <base href=\"/notices/\" />\n    <title>T &amp; U</title>\n    <script>var a = \"<title>\";</script>\n  <!--bulletin-head--><meta name=\"description\" content=\"d\" /><!--/bulletin-head--></head>\n  <body class=\"x\"><!--bulletin-prerender--><main>text</main><!--/bulletin-prerender--><script type=\"application/json\" id=\"bulletin-data\">{\"a\":\"\\u003c/script\\u003e\"}</script>\n    \n    <p>end</p>\n  </body>\n</html>\n"
        );
        // A page is a shell again, the same one.
        let again = Shell::parse(&page).unwrap();
        assert_eq!(again.page(&parts("zh-CN", "<main>text</main>")), page);
        assert_eq!(
            again.page(&parts("zh-CN", "<p>other</p>")),
            shell.page(&parts("zh-CN", "<p>other</p>"))
        );
    }

    #[test]
    fn the_page_language_replaces_the_shells() {
        let shell = Shell::parse(SHELL).unwrap();
        let page = shell.page(&parts("en", ""));
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"),
            "{page}"
        );
        let back = Shell::parse(&page).unwrap().page(&parts("zh-CN", ""));
        assert_eq!(back, shell.page(&parts("zh-CN", "")));
    }

    #[test]
    fn a_broken_shell_is_an_error() {
        for (html, message) in [
            ("<html><head></head><body></body></html>", "no <title>"),
            ("<title>a</head><body>", "not closed"),
            ("<title>a</title><body>", "no </head>"),
            ("<title>a</title></head>", "no <body>"),
            (
                "<title>a</title></head><body><!--bulletin-prerender-->x",
                "broken",
            ),
            (
                "<title>a</title></head><body><div id=\"bulletin-data\"></div>",
                "stray",
            ),
            ("<title>a</title></head><body><script>", "unclosed"),
        ] {
            let error = Shell::parse(html).unwrap_err();
            assert!(error.contains(message), "{html}: {error}");
        }
    }

    #[test]
    fn the_base_defaults_to_the_root() {
        let shell = Shell::parse("<title>a</title></head><body>").unwrap();
        assert_eq!(shell.base.as_str(), "/");
    }
}
