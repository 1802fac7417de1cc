//! `sitemap.xml` (sitemaps.org 0.9): the home page, every list page and every notice. A site of
//! more than [`MAX_URLS`] pages gets a sitemap index in `sitemap.xml` pointing at
//! `sitemaps/<n>.xml`, as the protocol's limit per file requires.

use std::fmt::Write;

use super::feed::escape;

/// The protocol's limit of URLs in one sitemap file.
pub const MAX_URLS: usize = 50_000;

/// One page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// Its absolute URL.
    pub loc: String,
    /// When it last changed (RFC 3339), if known.
    pub lastmod: Option<String>,
}

/// A `<urlset>` document.
pub fn urlset(urls: &[Url]) -> String {
    let mut out = String::with_capacity(128 + urls.len() * 100);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        let _ = write!(out, "  <url><loc>{}</loc>", escape(&url.loc));
        if let Some(lastmod) = &url.lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", escape(lastmod));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A `<sitemapindex>` document listing sitemap files by URL.
pub fn index(sitemaps: &[String]) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for loc in sitemaps {
        let _ = writeln!(out, "  <sitemap><loc>{}</loc></sitemap>", escape(loc));
    }
    out.push_str("</sitemapindex>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_urls_escaped() {
        let xml = urlset(&[
            Url {
                loc: "https://x.gov.cn/".to_string(),
                lastmod: Some("2026-01-01T10:00:00+08:00".to_string()),
            },
            Url {
                loc: "https://x.gov.cn/a?b=1&c=2".to_string(),
                lastmod: None,
            },
        ]);
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://x.gov.cn/</loc><lastmod>2026-01-01T10:00:00+08:00</lastmod></url>\n  <url><loc>https://x.gov.cn/a?b=1&amp;c=2</loc></url>\n</urlset>\n"
        );
        assert!(index(&["https://x.gov.cn/sitemaps/1.xml".to_string()])
            .contains("  <sitemap><loc>https://x.gov.cn/sitemaps/1.xml</loc></sitemap>\n"));
    }
}
