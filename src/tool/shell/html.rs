//! The HTML of the app shell as a list of nodes, each keeping the exact text it was read from, so
//! that a document written back unchanged is byte for byte the one read, and a rewrite changes
//! only the nodes it means to. Enough HTML for the shell Trunk writes and the pages the tool
//! prerenders: text, comments, `<!…>` declarations, start and end tags with quoted or bare
//! attributes, and `<script>` / `<style>` elements, whose content is raw text up to their end tag.

use std::ops::Range;

/// A tag: `<name attr="value" …>` or `</name>`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag as written, from `<` to `>`.
    pub raw: String,
    /// The element's name, in lower case.
    pub name: String,
    /// The attributes, in the order written.
    pub attrs: Vec<Attr>,
}

/// An attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// The name, in lower case.
    pub name: String,
    /// The value as written (character references not decoded), `None` for a bare attribute.
    pub value: Option<String>,
    /// Where the value is in the tag's text, quotes included (the name's end for a bare one).
    value_span: Range<usize>,
}

/// One piece of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Text between tags.
    Text(String),
    /// `<!--…-->`, as written.
    Comment(String),
    /// `<!DOCTYPE html>` and any other `<!…>` or `<?…>`, as written.
    Declaration(String),
    /// A start tag (of an element other than `script` and `style`).
    Start(Tag),
    /// An end tag.
    End(Tag),
    /// A `<script>` or `<style>` element: its start tag, its raw content and its end tag.
    Raw {
        /// The start tag.
        open: Tag,
        /// The content, as written.
        body: String,
        /// The end tag, as written.
        close: String,
    },
}

impl Node {
    /// The node's text, as it is written into the document.
    pub fn raw(&self) -> String {
        match self {
            Node::Text(s) | Node::Comment(s) | Node::Declaration(s) => s.clone(),
            Node::Start(tag) | Node::End(tag) => tag.raw.clone(),
            Node::Raw { open, body, close } => format!("{}{body}{close}", open.raw),
        }
    }

    /// The start tag of an element named `name` (a `script` or `style` element's included).
    pub fn start_tag(&self, name: &str) -> Option<&Tag> {
        match self {
            Node::Start(tag) | Node::Raw { open: tag, .. } if tag.name == name => Some(tag),
            _ => None,
        }
    }

    /// Whether the node is the end tag of `name`.
    pub fn is_end(&self, name: &str) -> bool {
        matches!(self, Node::End(tag) if tag.name == name)
    }

    /// Applies `edit` to each piece of text the node is written with (a tag is read again).
    pub fn edit_text(&mut self, edit: &dyn Fn(&str) -> String) {
        match self {
            Node::Text(s) | Node::Comment(s) | Node::Declaration(s) => *s = edit(s),
            Node::Start(tag) | Node::End(tag) => *tag = Tag::parse(&edit(&tag.raw)),
            Node::Raw { open, body, close } => {
                *open = Tag::parse(&edit(&open.raw));
                *body = edit(body);
                *close = edit(close);
            }
        }
    }
}

impl Tag {
    /// Reads a tag written from `<` to `>` (an end tag when it starts with `</`).
    pub fn parse(raw: &str) -> Tag {
        let bytes = raw.as_bytes();
        let mut at = if raw.starts_with("</") { 2 } else { 1 };
        let name_start = at;
        while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'/' && bytes[at] != b'>' {
            at += 1;
        }
        let name = raw[name_start..at].to_ascii_lowercase();
        let mut attrs = Vec::new();
        if !raw.starts_with("</") {
            loop {
                while at < bytes.len() && (is_space(bytes[at]) || bytes[at] == b'/') {
                    at += 1;
                }
                if at >= bytes.len() || bytes[at] == b'>' {
                    break;
                }
                let start = at;
                while at < bytes.len()
                    && !is_space(bytes[at])
                    && !matches!(bytes[at], b'=' | b'>' | b'/')
                {
                    at += 1;
                }
                let attr_name = raw[start..at].to_ascii_lowercase();
                let mut probe = at;
                while probe < bytes.len() && is_space(bytes[probe]) {
                    probe += 1;
                }
                if probe < bytes.len() && bytes[probe] == b'=' {
                    at = probe + 1;
                    while at < bytes.len() && is_space(bytes[at]) {
                        at += 1;
                    }
                    let value_start = at;
                    let value = if at < bytes.len() && (bytes[at] == b'"' || bytes[at] == b'\'') {
                        let quote = bytes[at];
                        let end = raw[at + 1..]
                            .find(quote as char)
                            .map_or(raw.len() - 1, |i| at + 1 + i);
                        at = (end + 1).min(raw.len());
                        raw[value_start + 1..end].to_string()
                    } else {
                        while at < bytes.len() && !is_space(bytes[at]) && bytes[at] != b'>' {
                            at += 1;
                        }
                        raw[value_start..at].to_string()
                    };
                    attrs.push(Attr {
                        name: attr_name,
                        value: Some(value),
                        value_span: value_start..at,
                    });
                } else {
                    attrs.push(Attr {
                        name: attr_name,
                        value: None,
                        value_span: at..at,
                    });
                }
            }
        }
        Tag {
            raw: raw.to_string(),
            name,
            attrs,
        }
    }

    /// The decoded value of the first attribute `name` (`""` for a bare one).
    pub fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| unescape(a.value.as_deref().unwrap_or("")))
    }

    /// Whether the tag has an attribute `name`.
    pub fn has_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|a| a.name == name)
    }

    /// The tag with the first attribute `name` set to `value`, written as `name="value"` (the
    /// value as given: the caller escapes it).
    pub fn with_attr(&self, name: &str, value: &str) -> Option<Tag> {
        let attr = self.attrs.iter().find(|a| a.name == name)?;
        let span = &attr.value_span;
        let raw = if attr.value.is_some() {
            format!(
                "{}\"{value}\"{}",
                &self.raw[..span.start],
                &self.raw[span.end..]
            )
        } else {
            format!(
                "{}=\"{value}\"{}",
                &self.raw[..span.start],
                &self.raw[span.end..]
            )
        };
        Some(Tag::parse(&raw))
    }

    /// What is written between the element's name and the closing `>`.
    pub fn attrs_text(&self) -> &str {
        let start = self
            .raw
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>');
        let start = start.filter(|&s| s > 0).unwrap_or(self.raw.len());
        let end = self.raw.len() - usize::from(self.raw.ends_with('>'));
        &self.raw[start.min(end)..end]
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Decodes the character references of an attribute value: numeric ones and `&amp;`, `&lt;`,
/// `&gt;`, `&quot;`, `&apos;`, `&nbsp;` (an unknown one stays as written).
pub fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let entity = &rest[1..end];
            let c = if let Some(hex) = entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
            {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = entity.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match entity {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A parsed HTML document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// The nodes in document order.
    pub nodes: Vec<Node>,
}

impl Document {
    /// Reads `html` into nodes. Fails on an unclosed comment, tag, `<script>` or `<style>`.
    pub fn parse(html: &str) -> Result<Document, String> {
        let mut nodes = Vec::new();
        let mut text = String::new();
        let mut at = 0;
        let flush = |text: &mut String, nodes: &mut Vec<Node>| {
            if !text.is_empty() {
                nodes.push(Node::Text(std::mem::take(text)));
            }
        };
        while at < html.len() {
            let Some(lt) = html[at..].find('<').map(|i| at + i) else {
                text.push_str(&html[at..]);
                break;
            };
            text.push_str(&html[at..lt]);
            let rest = &html[lt..];
            let next = rest.as_bytes().get(1).copied().unwrap_or(0);
            if let Some(comment) = rest.strip_prefix("<!--") {
                let end = comment
                    .find("-->")
                    .ok_or("an unclosed comment (`<!--` without `-->`)")?;
                flush(&mut text, &mut nodes);
                nodes.push(Node::Comment(rest[..4 + end + 3].to_string()));
                at = lt + 4 + end + 3;
            } else if next == b'!' || next == b'?' {
                let end = rest.find('>').ok_or("an unclosed `<!` declaration")?;
                flush(&mut text, &mut nodes);
                nodes.push(Node::Declaration(rest[..=end].to_string()));
                at = lt + end + 1;
            } else if next == b'/' && rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) {
                let end = rest.find('>').ok_or("an unclosed end tag")?;
                flush(&mut text, &mut nodes);
                nodes.push(Node::End(Tag::parse(&rest[..=end])));
                at = lt + end + 1;
            } else if next.is_ascii_alphabetic() {
                let end = tag_end(rest).ok_or_else(|| {
                    format!(
                        "an unclosed tag: {}",
                        rest.chars().take(40).collect::<String>()
                    )
                })?;
                flush(&mut text, &mut nodes);
                let open = Tag::parse(&rest[..end]);
                at = lt + end;
                if open.name == "script" || open.name == "style" {
                    let closing = format!("</{}", open.name);
                    let body_len = find_ascii_ci(&html[at..], &closing)
                        .ok_or_else(|| format!("an unclosed <{}> element", open.name))?;
                    let close_at = at + body_len;
                    let close_end = html[close_at..]
                        .find('>')
                        .map(|i| close_at + i + 1)
                        .ok_or_else(|| format!("an unclosed </{}> tag", open.name))?;
                    nodes.push(Node::Raw {
                        open,
                        body: html[at..close_at].to_string(),
                        close: html[close_at..close_end].to_string(),
                    });
                    at = close_end;
                } else {
                    nodes.push(Node::Start(open));
                }
            } else {
                text.push('<');
                at = lt + 1;
            }
        }
        flush(&mut text, &mut nodes);
        Ok(Document { nodes })
    }

    /// The document as HTML: every node as written.
    pub fn to_html(&self) -> String {
        nodes_html(&self.nodes)
    }

    /// Whether the document's text holds `needle` (within one node).
    pub fn contains(&self, needle: &str) -> bool {
        self.nodes.iter().any(|n| n.raw().contains(needle))
    }

    /// Joins neighbouring text nodes (after nodes were taken out or put in).
    pub fn merge_text(&mut self) {
        let mut merged: Vec<Node> = Vec::with_capacity(self.nodes.len());
        for node in self.nodes.drain(..) {
            match (merged.last_mut(), node) {
                (Some(Node::Text(a)), Node::Text(b)) => a.push_str(&b),
                (_, node) => merged.push(node),
            }
        }
        merged.retain(|n| !matches!(n, Node::Text(t) if t.is_empty()));
        self.nodes = merged;
    }

    /// The index of the first node for which `pick` holds.
    pub fn position(&self, pick: impl Fn(&Node) -> bool) -> Option<usize> {
        self.nodes.iter().position(pick)
    }

    /// Removes the node at `at` and the white space right before it (the end of the text node
    /// before it), as a line of its own is taken out.
    pub fn remove_with_space_before(&mut self, at: usize) {
        self.nodes.remove(at);
        if let Some(Node::Text(text)) = at.checked_sub(1).and_then(|i| self.nodes.get_mut(i)) {
            let kept = text.trim_end_matches(is_python_space).len();
            text.truncate(kept);
        }
        self.merge_text();
    }
}

/// The HTML of `nodes`, each as written.
pub fn nodes_html(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(s) | Node::Comment(s) | Node::Declaration(s) => out.push_str(s),
            Node::Start(tag) | Node::End(tag) => out.push_str(&tag.raw),
            Node::Raw { open, body, close } => {
                out.push_str(&open.raw);
                out.push_str(body);
                out.push_str(close);
            }
        }
    }
    out
}

/// White space as the build has always read it: Unicode white space and the separators
/// U+001C to U+001F (what Python's `str.isspace` and its `\s` take).
pub fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The length of a start tag at the start of `text` (up to and including its `>`, quoted
/// attribute values skipped), or `None` when it is not closed.
fn tag_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 1;
    let mut after_equals = false;
    while at < bytes.len() {
        match bytes[at] {
            b'>' => return Some(at + 1),
            b'"' | b'\'' if after_equals => {
                let quote = bytes[at] as char;
                at += 1 + text[at + 1..].find(quote)?;
                after_equals = false;
            }
            b'=' => after_equals = true,
            b if is_space(b) => {}
            _ => after_equals = false,
        }
        at += 1;
    }
    None
}

/// The byte offset of the first `needle` (ASCII) in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n  <!-- a note -->\n  <meta\n    http-equiv=\"Content-Security-Policy\"\n    content=\"default-src 'self'; img-src 'self'\"\n  />\n  <base href='/x/' />\n  <title>A &amp; B</title>\n  <script type=\"module\">if (a < b && c > d) {}</script>\n  <style>p > a { color: red }</style>\n  <link rel=\"preload\" crossorigin href=\"/a.js\" data-x=\"1 > 0\">\n</head>\n<body class=\"b\">\n  <noscript><p>JS</p></noscript>\n  <p>1 < 2</p>\n</body>\n</html>\n";

    #[test]
    fn a_document_writes_back_to_the_same_bytes() {
        let doc = Document::parse(PAGE).unwrap();
        assert_eq!(doc.to_html(), PAGE);
        let kinds: Vec<&str> = doc
            .nodes
            .iter()
            .map(|n| match n {
                Node::Text(_) => "text",
                Node::Comment(_) => "comment",
                Node::Declaration(_) => "declaration",
                Node::Start(t) | Node::End(t) => t.name.as_str(),
                Node::Raw { open, .. } => open.name.as_str(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "declaration",
                "text",
                "html",
                "text",
                "head",
                "text",
                "comment",
                "text",
                "meta",
                "text",
                "base",
                "text",
                "title",
                "text",
                "title",
                "text",
                "script",
                "text",
                "style",
                "text",
                "link",
                "text",
                "head",
                "text",
                "body",
                "text",
                "noscript",
                "p",
                "text",
                "p",
                "noscript",
                "text",
                "p",
                "text",
                "p",
                "text",
                "body",
                "text",
                "html",
                "text"
            ]
        );
    }

    #[test]
    fn attributes_are_read_with_their_values() {
        let doc = Document::parse(PAGE).unwrap();
        let meta = doc.nodes.iter().find_map(|n| n.start_tag("meta")).unwrap();
        assert_eq!(
            meta.attr("http-equiv").as_deref(),
            Some("Content-Security-Policy")
        );
        assert_eq!(
            meta.attr("content").as_deref(),
            Some("default-src 'self'; img-src 'self'")
        );
        let base = doc.nodes.iter().find_map(|n| n.start_tag("base")).unwrap();
        assert_eq!(base.attr("href").as_deref(), Some("/x/"));
        let link = doc.nodes.iter().find_map(|n| n.start_tag("link")).unwrap();
        let names: Vec<(&str, Option<&str>)> = link
            .attrs
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("rel", Some("preload")),
                ("crossorigin", None),
                ("href", Some("/a.js")),
                ("data-x", Some("1 > 0"))
            ]
        );
        assert_eq!(link.attr("crossorigin").as_deref(), Some(""));
        assert_eq!(
            link.attrs_text(),
            " rel=\"preload\" crossorigin href=\"/a.js\" data-x=\"1 > 0\""
        );
        let script = doc.nodes.iter().find_map(|n| match n {
            Node::Raw { open, body, .. } if open.name == "script" => Some(body.as_str()),
            _ => None,
        });
        assert_eq!(script, Some("if (a < b && c > d) {}"));
    }

    #[test]
    fn an_attribute_is_set_in_place() {
        let tag = Tag::parse("<meta\n  http-equiv=\"x\"\n  content=\"a; b\"\n/>");
        let set = tag.with_attr("content", "a; b; c").unwrap();
        assert_eq!(
            set.raw,
            "<meta\n  http-equiv=\"x\"\n  content=\"a; b; c\"\n/>"
        );
        let bare = Tag::parse("<input disabled>")
            .with_attr("disabled", "x")
            .unwrap();
        assert_eq!(bare.raw, "<input disabled=\"x\">");
        assert!(tag.with_attr("lang", "x").is_none());
    }

    #[test]
    fn references_in_values_are_decoded() {
        assert_eq!(
            unescape("a &amp; b &lt;&#39;&#x41;&quot; &unknown; &"),
            "a & b <'A\" &unknown; &"
        );
    }

    #[test]
    fn unclosed_parts_are_errors() {
        for html in [
            "<p>a<!-- b",
            "<script>a",
            "<style>a</style",
            "<p class=\"a",
            "<!DOCTYPE",
        ] {
            assert!(Document::parse(html).is_err(), "{html}");
        }
        // A `<` that opens no tag is text.
        let doc = Document::parse("a < b <3 </ c").unwrap();
        assert_eq!(doc.nodes, [Node::Text("a < b <3 </ c".into())]);
    }

    #[test]
    fn a_script_ends_at_its_end_tag_in_any_case() {
        let doc = Document::parse("<SCRIPT>x = '<p>';</Script >y").unwrap();
        assert_eq!(
            doc.nodes[0],
            Node::Raw {
                open: Tag::parse("<SCRIPT>"),
                body: "x = '<p>';".into(),
                close: "</Script >".into()
            }
        );
        assert_eq!(doc.nodes[1], Node::Text("y".into()));
    }

    #[test]
    fn removing_a_line_takes_its_indentation() {
        let mut doc = Document::parse("<a>\n  <b>\n  <c>").unwrap();
        let b = doc.position(|n| n.start_tag("b").is_some()).unwrap();
        doc.remove_with_space_before(b);
        assert_eq!(doc.to_html(), "<a>\n  <c>");
    }
}
