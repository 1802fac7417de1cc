//! URL checks, the one place that knows the deployment's base path, and the one place that
//! spells the paths of the published site: routes ([`routes`]), data files ([`data_files`]) and
//! the other files the content tool writes ([`site_files`]), for the app and the tool alike.
//!
//! Links from notice data are followed only when they are relative or use an allowed scheme; the
//! check reads the URL the way a browser's URL parser would (control characters and white space
//! around it stripped, tabs and newlines inside it removed, scheme case folded), so that tricks
//! like `JaVa\tScRiPt:` are caught.

/// Schemes a link in a notice may use.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];
/// Schemes an image or attachment may use.
const RESOURCE_SCHEMES: &[&str] = &["http", "https"];

/// The URL as a browser would read it: C0 controls and spaces stripped from both ends, ASCII tab
/// and newline removed everywhere.
fn browser_normalized(raw: &str) -> String {
    raw.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url`, lowercased, if it has one (`None` for a relative URL).
pub fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

fn allowed(raw: &str, schemes: &[&str]) -> Option<String> {
    let url = browser_normalized(raw);
    if url.is_empty() {
        return None;
    }
    match scheme(&url) {
        Some(s) if schemes.contains(&s.as_str()) => Some(url),
        Some(_) => None,
        // No scheme: relative (including `/abs`, `//host`, `?q` and `#frag`).
        None => Some(url),
    }
}

/// The href to use for a link in notice content, or `None` when it must be shown as plain text
/// (a scheme other than http, https, mailto or tel, e.g. `javascript:`).
pub fn safe_link(raw: &str) -> Option<String> {
    allowed(raw, LINK_SCHEMES)
}

/// The URL to use for an image or attachment, or `None` unless it is relative or http/https.
pub fn safe_resource(raw: &str) -> Option<String> {
    allowed(raw, RESOURCE_SCHEMES)
}

/// The `src` to load a notice image from, or `None` unless the image is on this site: a relative
/// URL that does not name another host (`//host/…`, `/\host/…`), or an http/https URL on
/// `origin` (the page's origin, e.g. `https://www.example.gov.cn`). The Content-Security-Policy the
/// site ships allows images from the site only (`img-src 'self'`), so an image elsewhere would
/// only be blocked: it is shown as its text alternative instead, and nothing is requested.
pub fn site_image(raw: &str, origin: Option<&str>) -> Option<String> {
    let url = safe_resource(raw)?;
    if scheme(&url).is_none() {
        let mut start = url.chars().take(2);
        let names_host = matches!(
            (start.next(), start.next()),
            (Some('/' | '\\'), Some('/' | '\\'))
        );
        return (!names_host).then_some(url);
    }
    let origin = origin?.trim_end_matches('/');
    let head = url.get(..origin.len())?;
    let rest = &url[origin.len()..];
    (head.eq_ignore_ascii_case(origin) && (rest.is_empty() || rest.starts_with(['/', '?', '#'])))
        .then_some(url)
}

/// Whether a link that passed [`safe_link`] points at a page of this app (a relative path whose
/// last segment has no file extension, outside the data folder) rather than at a file or another
/// site. Links to files and other sites are left to the browser.
pub fn is_app_route(href: &str) -> bool {
    if scheme(href).is_some() || href.starts_with("//") || href.starts_with('\\') {
        return false;
    }
    let path = href.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_start_matches("./").trim_start_matches('/');
    if trimmed.starts_with("data/") {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.')
}

/// The deployment's base path, always with a leading and a trailing `/` (`/` at the root,
/// `/notices/` under a sub-path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// Normalises a base such as `/notices`, `notices/` or `https://host/notices/` to its path.
    pub fn new(raw: &str) -> Self {
        let path = match raw.find("://") {
            Some(i) => raw[i + 3..].find('/').map_or("/", |j| &raw[i + 3 + j..]),
            None => raw,
        };
        let path = path.split(['?', '#']).next().unwrap_or("");
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            BasePath("/".to_string())
        } else {
            BasePath(format!("/{trimmed}/"))
        }
    }

    /// The base with its trailing slash, e.g. `/notices/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base for the router: empty at the root, else without the trailing slash (`/notices`).
    pub fn router_base(&self) -> &str {
        self.0.trim_end_matches('/')
    }

    /// An in-app href for a route path such as `/notice/abc`: `/notices/notice/abc` under a
    /// sub-path. Every internal link goes through here.
    pub fn href(&self, route: &str) -> String {
        absolute(&self.0, route)
    }

    /// The URL of a data file such as `site.json`: `<base>data/site.json`.
    pub fn data(&self, file: &str) -> String {
        self.href(&data_files::path(file.trim_start_matches('/')))
    }
}

/// The absolute URL of a route or a site file on the site published at `site_url` (which ends
/// with `/`, e.g. `https://www.example.gov.cn/notices/`): `site_url` followed by the path without
/// its leading `/`.
pub fn absolute(site_url: &str, path: &str) -> String {
    format!("{site_url}{}", path.trim_start_matches('/'))
}

/// The folder part of a path (`lists/gzdt` for `lists/gzdt/1.json`).
fn folder(path: &str) -> String {
    path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string()
}

/// Percent-encodes text for a URL path segment or a query-string value: everything but ASCII
/// letters, digits and the unreserved `-._~` is encoded (its UTF-8 bytes).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Route paths, in one place.
pub mod routes {
    /// The first segment of a channel list's path (`/list/<channel>/<n>`).
    pub const LIST: &str = "list";
    /// The first segment of a notice's path (`/notice/<id>`).
    pub const NOTICE: &str = "notice";
    /// The search page's path segment (`/search`).
    pub const SEARCH: &str = "search";
    /// The first segment of a standalone page's path (`/page/<id>`).
    pub const PAGE: &str = "page";
    /// The 网站地图 page's path segment (`/sitemap`; `sitemap.xml` is the crawlers' file).
    pub const SITEMAP: &str = "sitemap";
    /// The policy library's path segment (`/library`).
    pub const LIBRARY: &str = "library";

    /// The home page.
    pub fn home() -> String {
        "/".to_string()
    }
    /// Page `page` of a channel list.
    pub fn list(channel: &str, page: u32) -> String {
        format!("/{LIST}/{channel}/{page}")
    }
    /// A notice page.
    pub fn notice(id: &str) -> String {
        format!("/{NOTICE}/{id}")
    }
    /// The search page without a query.
    pub fn search() -> String {
        format!("/{SEARCH}")
    }
    /// The search page's folder (`/search/`): the `action` of the search forms (`?q=…` and the
    /// filters), which every static host serves without a redirect, with or without the app.
    pub fn search_folder() -> String {
        format!("/{SEARCH}/")
    }
    /// A standalone page (网站声明, 隐私政策 …).
    pub fn page(id: &str) -> String {
        format!("/{PAGE}/{id}")
    }
    /// The 网站地图 page.
    pub fn sitemap() -> String {
        format!("/{SITEMAP}")
    }
    /// The policy library without filters.
    pub fn library() -> String {
        format!("/{LIBRARY}")
    }
    /// A path no route matches, where the app shows its not-found page.
    pub fn not_found() -> String {
        "/404".to_string()
    }

    /// The file of the home page, and of every other route's page inside the route's folder.
    const INDEX_FILE: &str = "index.html";
    /// The file of the not-found page: static hosts serve `404.html` for a path they have no
    /// file for.
    pub const NOT_FOUND_FILE: &str = "404.html";

    /// The file, in the site folder, of a route's prerendered page, where a static host serves
    /// it at the route's URL: `index.html` for the home page, `notice/abc/index.html` for
    /// `/notice/abc`.
    pub fn page_file(route: &str) -> String {
        match route.trim_matches('/') {
            "" => INDEX_FILE.to_string(),
            path => format!("{path}/{INDEX_FILE}"),
        }
    }

    /// The entries of the site folder the prerendered pages take: the home page's file, the
    /// not-found page's and the first folder of every other route.
    pub fn page_entries() -> Vec<String> {
        let mut entries = vec![page_file(&home()), NOT_FOUND_FILE.to_string()];
        for route in [
            list("-", 1),
            notice("-"),
            search(),
            page("-"),
            sitemap(),
            library(),
        ] {
            let file = page_file(&route);
            entries.push(file.split('/').next().unwrap_or_default().to_string());
        }
        entries
    }
}

/// Data file paths (relative to `<base>data/`), in one place.
pub mod data_files {
    use super::folder;

    /// The folder of the data files in the site folder.
    pub const DIR: &str = "data";
    /// Where a data file is in the site folder: `data/<file>`.
    pub fn path(file: &str) -> String {
        format!("{DIR}/{file}")
    }

    /// The site file.
    pub const SITE: &str = "site.json";
    /// Page `page` of a channel list.
    pub fn list(channel: &str, page: u32) -> String {
        format!("lists/{channel}/{page}.json")
    }
    /// The folder of a channel's list pages (the folder of its page 1).
    pub fn list_folder(channel: &str) -> String {
        folder(&list(channel, 1))
    }
    /// A notice.
    pub fn notice(id: &str) -> String {
        format!("notices/{id}.json")
    }
    /// The folder of the notices.
    pub fn notices_folder() -> String {
        folder(&notice("-"))
    }
    /// The folder of a notice's own files (local attachments, images and linked files).
    pub fn notice_files(id: &str) -> String {
        format!("files/{id}")
    }
    /// One of a notice's own files; `name` as it is written in the folder or, percent-encoded,
    /// in a URL.
    pub fn notice_file(id: &str, name: &str) -> String {
        format!("{}/{name}", notice_files(id))
    }
    /// A standalone page.
    pub fn page(id: &str) -> String {
        format!("pages/{id}.json")
    }
    /// The folder of the standalone pages.
    pub fn pages_folder() -> String {
        folder(&page("-"))
    }
    /// The policy library's facet index (see [`crate::contract::library`]).
    pub const LIBRARY: &str = "library.json";
    /// A file of the search index (see [`crate::search::index`]), e.g. `search/manifest.json`.
    pub fn search(file: &str) -> String {
        format!("search/{file}")
    }
}

/// The files the content tool writes into the site folder beside the data folder, in one place.
pub mod site_files {
    use super::data_files;

    /// The site's Atom feed.
    pub const FEED: &str = "feed.xml";
    /// The folder of the channels' feeds.
    pub const FEEDS_FOLDER: &str = "feeds";
    /// A channel's Atom feed.
    pub fn channel_feed(channel: &str) -> String {
        format!("{FEEDS_FOLDER}/{channel}.xml")
    }
    /// The sitemap (for a large site, the sitemap index).
    pub const SITEMAP: &str = "sitemap.xml";
    /// The folder of a large site's sitemap parts.
    pub const SITEMAPS_FOLDER: &str = "sitemaps";
    /// The folder of the site's own files (the 党政机关网站标识 image): outside the data folder,
    /// as they are the page's furniture, not its data.
    pub const ASSETS_FOLDER: &str = "site";
    /// A file of the site itself, by its file name.
    pub fn asset(name: &str) -> String {
        format!("{ASSETS_FOLDER}/{name}")
    }
    /// Part `n` (from 1) of a large site's sitemap.
    pub fn sitemap_part(n: usize) -> String {
        format!("{SITEMAPS_FOLDER}/{n}.xml")
    }

    /// The entries of the site folder the content tool owns and replaces as a whole.
    pub const ENTRIES: &[&str] = &[
        data_files::DIR,
        FEEDS_FOLDER,
        FEED,
        SITEMAP,
        SITEMAPS_FOLDER,
        ASSETS_FOLDER,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_relative_and_listed_schemes() {
        for ok in [
            "https://www.miit.gov.cn/",
            "HTTP://example.org/a?b#c",
            "mailto:office@example.gov.cn",
            "tel:0571-00000000",
            "data/files/guide.pdf",
            "/notice/abc",
            "../x",
            "#section",
            "?page=2",
            "notice/a:b",
        ] {
            assert!(safe_link(ok).is_some(), "{ok:?} should be allowed");
        }
    }

    #[test]
    fn refuses_script_urls_and_their_disguises() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "",
            "   ",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?} should be refused");
        }
    }

    #[test]
    fn resources_are_narrower_than_links() {
        assert!(safe_resource("data/media/chart.svg").is_some());
        assert!(safe_resource("https://example.org/a.png").is_some());
        assert_eq!(safe_resource("mailto:a@b.c"), None);
        assert_eq!(
            safe_resource("data:image/svg+xml,<svg onload=alert(1)>"),
            None
        );
        assert_eq!(safe_resource("javascript:alert(1)"), None);
    }

    #[test]
    fn normalises_what_the_browser_would_follow() {
        assert_eq!(
            safe_link("  https://exa\tmple.org/ ").as_deref(),
            Some("https://example.org/")
        );
    }

    #[test]
    fn images_load_from_this_site_only() {
        let origin = Some("https://www.example.gov.cn");
        for ok in [
            "data/media/chart.svg",
            "/data/media/a.png",
            "./a.png",
            "https://www.example.gov.cn/data/media/a.png",
            "HTTPS://WWW.EXAMPLE.GOV.CN/a.png",
        ] {
            assert_eq!(site_image(ok, origin).as_deref(), Some(ok), "{ok:?}");
        }
        for foreign in [
            "https://evil.example/track.png",
            "https://www.example.gov.cn.evil.example/a.png",
            "https://www.example.gov.cn@evil.example/a.png",
            "http://www.example.gov.cn/a.png",
            "//evil.example/a.png",
            "/\\evil.example/a.png",
            "\\\\evil.example/a.png",
            " /\t/evil.example/a.png",
            "javascript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
        ] {
            assert_eq!(site_image(foreign, origin), None, "{foreign:?}");
        }
        // Without a known origin only relative sources load.
        assert_eq!(site_image("https://www.example.gov.cn/a.png", None), None);
        assert!(site_image("a.png", None).is_some());
    }

    #[test]
    fn app_routes_and_files() {
        assert!(is_app_route("notice/abc"));
        assert!(is_app_route("/list/gzdt/2"));
        assert!(is_app_route("#x"));
        assert!(!is_app_route("data/files/a.pdf"));
        assert!(!is_app_route("/data/notices/a"));
        assert!(!is_app_route("https://www.miit.gov.cn/"));
        assert!(!is_app_route("//cdn.example.org/a"));
        assert!(!is_app_route("mailto:a@b.c"));
        assert!(!is_app_route("files/report.docx"));
    }

    #[test]
    fn base_path_builds_hrefs_and_data_urls() {
        let root = BasePath::new("/");
        assert_eq!(root.href(&routes::notice("a")), "/notice/a");
        assert_eq!(root.data(data_files::SITE), "/data/site.json");
        assert_eq!(root.router_base(), "");

        for raw in [
            "/notices/",
            "/notices",
            "notices",
            "http://127.0.0.1:8080/notices/",
        ] {
            let sub = BasePath::new(raw);
            assert_eq!(sub.as_str(), "/notices/", "{raw}");
            assert_eq!(sub.router_base(), "/notices");
            assert_eq!(sub.href(&routes::list("gzdt", 2)), "/notices/list/gzdt/2");
            assert_eq!(sub.href(&routes::home()), "/notices/");
            assert_eq!(
                sub.data(&data_files::notice("x")),
                "/notices/data/notices/x.json"
            );
        }
        assert_eq!(BasePath::new("http://host").as_str(), "/");
    }

    #[test]
    fn absolute_urls_of_routes_and_files() {
        let site = "https://www.example.gov.cn/notices/";
        assert_eq!(absolute(site, &routes::home()), site);
        assert_eq!(
            absolute(site, &routes::list("gzdt", 1)),
            "https://www.example.gov.cn/notices/list/gzdt/1"
        );
        assert_eq!(
            absolute(site, &routes::notice("a")),
            "https://www.example.gov.cn/notices/notice/a"
        );
        assert_eq!(
            absolute(site, &site_files::channel_feed("gzdt")),
            "https://www.example.gov.cn/notices/feeds/gzdt.xml"
        );
        assert_eq!(
            absolute(site, &site_files::sitemap_part(2)),
            "https://www.example.gov.cn/notices/sitemaps/2.xml"
        );
    }

    #[test]
    fn prerendered_pages_are_served_at_their_routes() {
        assert_eq!(routes::page_file(&routes::home()), "index.html");
        assert_eq!(
            routes::page_file(&routes::list("gzdt", 2)),
            "list/gzdt/2/index.html"
        );
        assert_eq!(
            routes::page_file(&routes::notice("a")),
            "notice/a/index.html"
        );
        assert_eq!(routes::page_file(&routes::search()), "search/index.html");
        assert_eq!(routes::NOT_FOUND_FILE, "404.html");
        assert_eq!(
            routes::page_entries(),
            [
                "index.html",
                "404.html",
                "list",
                "notice",
                "search",
                "page",
                "sitemap",
                "library"
            ]
        );
        assert_eq!(
            routes::page_file(&routes::page("about")),
            "page/about/index.html"
        );
        assert_eq!(routes::page_file(&routes::sitemap()), "sitemap/index.html");
        assert_eq!(routes::page_file(&routes::library()), "library/index.html");
        // Every page lies in one of the entries, none in the tool's other entries, and every
        // route is one the app handles.
        for route in [
            routes::home(),
            routes::list("gzdt", 2),
            routes::notice("a"),
            routes::search(),
            routes::page("about"),
            routes::sitemap(),
            routes::library(),
        ] {
            let file = routes::page_file(&route);
            let top = file.split('/').next().unwrap();
            assert!(routes::page_entries().iter().any(|e| e == top), "{route}");
            assert!(!site_files::ENTRIES.contains(&top), "{route}");
            assert!(is_app_route(&route), "{route}");
        }
        assert!(is_app_route(&routes::not_found()));
    }

    #[test]
    fn data_and_site_files_in_the_site_folder() {
        assert_eq!(data_files::path(data_files::SITE), "data/site.json");
        assert_eq!(data_files::list_folder("gzdt"), "lists/gzdt");
        assert_eq!(data_files::list("gzdt", 3), "lists/gzdt/3.json");
        assert_eq!(data_files::notices_folder(), "notices");
        assert_eq!(data_files::notice("a"), "notices/a.json");
        assert_eq!(data_files::notice_files("a"), "files/a");
        assert_eq!(
            data_files::notice_file("a", "%E9%99%84.pdf"),
            "files/a/%E9%99%84.pdf"
        );
        assert_eq!(data_files::search("manifest.json"), "search/manifest.json");
        assert_eq!(site_files::FEED, "feed.xml");
        assert_eq!(site_files::channel_feed("gzdt"), "feeds/gzdt.xml");
        assert_eq!(site_files::SITEMAP, "sitemap.xml");
        assert_eq!(site_files::sitemap_part(1), "sitemaps/1.xml");
        assert_eq!(
            site_files::ENTRIES,
            [
                "data",
                "feeds",
                "feed.xml",
                "sitemap.xml",
                "sitemaps",
                "site"
            ]
        );
        // Links to data files are left to the browser, not routed by the app.
        for file in [
            data_files::SITE.to_string(),
            data_files::list("gzdt", 1),
            data_files::notice("a"),
            data_files::notice_file("a", "guide.pdf"),
            data_files::search("manifest.json"),
        ] {
            assert!(!is_app_route(&data_files::path(&file)), "{file}");
        }
    }
}
