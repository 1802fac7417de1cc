//! The app shell: Trunk's `index.html`, read once into nodes ([`html`]), made into the shell every
//! page is built from ([`trunk`]: hashed file names, the inline boot script and stylesheet with
//! their hashes in the Content-Security-Policy, the app's loader in its own file), and split
//! where the prerendered pages differ ([`Shell`]). This module is the one place that knows the
//! shell's layout and the marks a prerendered page carries ([`START`], [`END`], the head marks,
//! the data element).

pub mod html;
pub mod trunk;

use std::path::Path;

use crate::contract::urls::BasePath;
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
}

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
}

impl Shell {
    /// Checks and splits the shell's HTML. A prerendered page (a deployed `index.html`) is
    /// taken back to its shell first: its content, data and head tags are cut out.
    pub fn parse(html: &str) -> Result<Shell, String> {
        Shell::from_document(Document::parse(html).map_err(|e| format!("the shell has {e}"))?)
    }

    /// Makes Trunk's output in `dir` into the app ([`trunk::finish`]) and returns its shell.
    pub fn from_trunk(dir: &Path, public_url: &str) -> Result<Shell, String> {
        Shell::from_document(trunk::finish(dir, public_url)?)
    }

    /// [`Shell::parse`] for a document already read.
    pub fn from_document(mut doc: Document) -> Result<Shell, String> {
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
        Ok(Shell {
            before_title: nodes_html(&nodes[..=title]),
            html_lang,
            head_rest: nodes_html(&nodes[title_close..head_close]),
            body_open: nodes_html(&nodes[head_close..=body]),
            after_body_open: nodes_html(&rest),
            base: BasePath::new(&base),
        })
    }

    /// A prerendered page: the shell with the page's language, title, head tags, content and
    /// data, each between the marks the app and [`Shell::parse`] know.
    pub fn page(&self, parts: &PageParts<'_>) -> String {
        let data = format!(
            "<script type=\"application/json\" id=\"{}\">{}</script>",
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
        match &self.html_lang {
            Some((range, lang)) if lang != parts.lang => {
                let tag = &self.before_title[range.clone()];
                let tag = html::Tag::parse(tag)
                    .with_attr("lang", &escape(parts.lang))
                    .map_or_else(|| tag.to_string(), |t| t.raw);
                out.push_str(&self.before_title[..range.start]);
                out.push_str(&tag);
                out.push_str(&self.before_title[range.end..]);
            }
            _ => out.push_str(&self.before_title),
        }
        out.push_str(parts.title);
        out.push_str(&self.head_rest);
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
