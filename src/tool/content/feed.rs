//! Atom feeds (RFC 4287): `feed.xml` for the whole site and `feeds/<channel>.xml` per channel,
//! each with the newest [`FEED_ENTRIES`] notices.

use std::fmt::Write;

/// How many of the newest notices a feed lists.
pub const FEED_ENTRIES: usize = 50;

/// Escapes text for XML content and attribute values, and leaves out the characters XML 1.0
/// does not allow (control characters other than tab, line feed and carriage return).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => {}
            c => out.push(c),
        }
    }
    out
}

/// The feed as a whole.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    /// `<title>`.
    pub title: &'a str,
    /// `<subtitle>`, if any.
    pub subtitle: Option<&'a str>,
    /// `xml:lang`.
    pub lang: &'a str,
    /// The feed's own URL (also its id).
    pub self_url: &'a str,
    /// The page the feed stands for.
    pub page_url: &'a str,
    /// The author (the site's organizer, or its name).
    pub author: &'a str,
    /// The newest entry's date, RFC 3339.
    pub updated: &'a str,
}

/// One notice in a feed.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The title.
    pub title: &'a str,
    /// The notice page's URL (also its id).
    pub url: String,
    /// RFC 3339 publication time.
    pub published: &'a str,
    /// RFC 3339 time of the last change (its 更新时间, else its publication).
    pub updated: &'a str,
    /// Channel id and name.
    pub category: (&'a str, &'a str),
    /// The summary, plain text.
    pub summary: String,
}

/// Writes an Atom document.
pub fn atom(feed: &Feed<'_>, entries: &[Entry<'_>]) -> String {
    let mut out = String::with_capacity(1024 + entries.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(feed.lang)
    );
    let _ = writeln!(out, "  <title>{}</title>", escape(feed.title));
    if let Some(subtitle) = feed.subtitle.filter(|s| !s.is_empty()) {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", escape(subtitle));
    }
    let _ = writeln!(out, "  <id>{}</id>", escape(feed.self_url));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(feed.self_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(feed.page_url)
    );
    let _ = writeln!(out, "  <updated>{}</updated>", escape(feed.updated));
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        escape(feed.author)
    );
    for e in entries {
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", escape(e.title));
        let _ = writeln!(out, "    <id>{}</id>", escape(&e.url));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&e.url)
        );
        let _ = writeln!(out, "    <published>{}</published>", escape(e.published));
        let _ = writeln!(out, "    <updated>{}</updated>", escape(e.updated));
        let _ = writeln!(
            out,
            "    <category term=\"{}\" label=\"{}\"/>",
            escape(e.category.0),
            escape(e.category.1)
        );
        if !e.summary.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(&e.summary));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        assert_eq!(
            escape("a<b>&\"c\" 'd'\u{1}\u{b}通知\n"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;通知\n"
        );
    }

    #[test]
    fn writes_a_feed() {
        let feed = Feed {
            title: "站 & 名",
            subtitle: None,
            lang: "zh-CN",
            self_url: "https://x.gov.cn/n/feed.xml",
            page_url: "https://x.gov.cn/n/",
            author: "主办",
            updated: "2026-01-01T10:00:00+08:00",
        };
        let entries = [Entry {
            title: "<通知>",
            url: "https://x.gov.cn/n/notice/a".to_string(),
            published: "2026-01-01T10:00:00+08:00",
            updated: "2026-01-02T09:00:00+08:00",
            category: ("tzgg", "通知公告"),
            summary: "摘要".to_string(),
        }];
        let xml = atom(&feed, &entries);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <title>站 &amp; 名</title>\n"));
        assert!(xml.contains(
            "    <title>&lt;通知&gt;</title>\n    <id>https://x.gov.cn/n/notice/a</id>\n"
        ));
        assert!(xml.contains("<category term=\"tzgg\" label=\"通知公告\"/>"));
        assert!(xml.contains(
            "    <published>2026-01-01T10:00:00+08:00</published>\n    <updated>2026-01-02T09:00:00+08:00</updated>\n"
        ));
        assert!(xml.ends_with("  </entry>\n</feed>\n"));
    }
}
