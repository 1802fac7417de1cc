//! The document head of each page: its title and meta tags (description, the gov page meta
//! `ArticleTitle`, `PubDate`, `ContentSource`, `ColumnName`), set while the page is shown and
//! removed when it goes.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::web::platform::browser;
use crate::web::state::{AppState, SiteContext};

thread_local! {
    /// The path of the page whose head was last set: a page shown at another path is a route
    /// change, whose heading gets the focus.
    static SHOWN_PATH: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A message said this shortly before a page is shown explains that navigation (e.g. 关闭窗口's
/// fallback): the page-loaded announcement does not replace it.
const KEEP_ANNOUNCEMENT_MS: f64 = 3000.0;

/// Whether a message said at `said` (ms) is recent enough at `now` to be kept.
pub fn keeps_announcement(said: f64, now: f64) -> bool {
    now - said < KEEP_ANNOUNCEMENT_MS
}

/// Whether showing a page at `now` is a route change that should move the focus to its heading
/// and be announced: not for the first page of a visit (the browser starts at the document),
/// not for the same page again (a 重试, a reload of its data).
pub fn is_route_change(previous: Option<&str>, now: &str) -> bool {
    previous.is_some_and(|p| p != now)
}

/// The live-region text after a route change: the document title and "page loaded".
pub fn loaded_announcement(title: &str, page_loaded: &str) -> String {
    if title.is_empty() {
        page_loaded.to_string()
    } else if page_loaded.is_ascii() {
        format!("{title}, {page_loaded}")
    } else {
        format!("{title}，{page_loaded}")
    }
}

/// After a route change, once the new page's head is set: focus its `<h1>` and announce it.
fn after_page_shown(title: &str, app: Option<AppState>, page_loaded: Option<&'static str>) {
    let Some(now) = browser::location_pathname() else {
        return;
    };
    let previous = SHOWN_PATH.with(|p| p.replace(Some(now.clone())));
    if !is_route_change(previous.as_deref(), &now) {
        return;
    }
    browser::focus_page_heading();
    let said = crate::web::state::last_announced();
    if keeps_announcement(said, browser::now_ms()) {
        return;
    }
    if let (Some(app), Some(loaded)) = (app, page_loaded) {
        // Not through `announce`: this is the page's own message, not one to keep.
        app.announcement.set(loaded_announcement(title, loaded));
    }
}

/// The document title: `<page title> - <site name>`, the site name alone for the home page, the
/// page title alone before the site file is in.
pub fn document_title(page: Option<&str>, site: Option<&str>) -> String {
    match (
        page.filter(|p| !p.is_empty()),
        site.filter(|s| !s.is_empty()),
    ) {
        (Some(page), Some(site)) => format!("{page} - {site}"),
        (Some(page), None) => page.to_string(),
        (None, Some(site)) => site.to_string(),
        (None, None) => String::new(),
    }
}

/// Where a native render (see `crate::tool::prerender`) collects the title and meta tags of the page
/// it renders; the last page-level call wins.
#[cfg(not(target_arch = "wasm32"))]
pub type HeadSink = std::sync::Arc<std::sync::Mutex<Option<(String, Vec<(&'static str, String)>)>>>;

/// Sets the title and meta tags for the calling component's lifetime. Browser-only work runs in
/// an effect, so the component can also render outside a browser, where a native render
/// collects them for the prerendered page's head.
///
/// Each page calls it once its content is shown, so it is also where a route change moves the
/// focus to the new page's `<h1>` and announces the page in the live region.
pub fn use_head(title: Option<String>, metas: Vec<(&'static str, String)>) {
    let site_context = use_context::<SiteContext>();
    let site = site_context.as_ref().map(|c| c.site.name.clone());
    let page_loaded = site_context.map(|c| c.labels.page_loaded);
    let app = use_context::<AppState>();
    let full = document_title(title.as_deref(), site.as_deref());
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(sink) = use_context::<HeadSink>() {
        if let Ok(mut head) = sink.lock() {
            *head = Some((full.clone(), metas.clone()));
        }
    }
    let names: Vec<&'static str> = metas.iter().map(|(name, _)| *name).collect();
    crate::web::effects::effect(move |_| {
        browser::set_title(&full);
        for (name, content) in &metas {
            browser::set_meta(name, content);
        }
        // After the router has put the new address in the location bar: a page shown from
        // preloaded data renders before the navigation completes.
        let full = full.clone();
        browser::set_timeout(0, move || after_page_shown(&full, app, page_loaded));
    });
    on_cleanup(move || {
        for name in names {
            browser::remove_meta(name);
        }
    });
}

/// What a notice tells link previews (Open Graph, read by WeChat and other apps) and search
/// engines (the canonical URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareMeta {
    /// The notice title.
    pub title: String,
    /// The notice summary.
    pub description: String,
    /// The site name.
    pub site_name: String,
}

impl ShareMeta {
    /// The Open Graph properties of the page at `url`, in order.
    pub fn properties(&self, url: &str) -> Vec<(&'static str, String)> {
        vec![
            ("og:type", "article".to_string()),
            ("og:title", self.title.clone()),
            ("og:description", self.description.clone()),
            ("og:url", url.to_string()),
            ("og:site_name", self.site_name.clone()),
        ]
    }
}

/// The canonical URL of the page at `href`: the address without its query and fragment (the
/// app's routes carry neither, so tracking parameters added by a share never split a notice into
/// several URLs).
pub fn canonical_url(href: &str) -> String {
    href.split(['?', '#']).next().unwrap_or("").to_string()
}

/// Sets the canonical link and the Open Graph properties for the calling component's lifetime.
pub fn use_share_meta(meta: ShareMeta) {
    let names: Vec<&'static str> = meta.properties("").iter().map(|(name, _)| *name).collect();
    crate::web::effects::effect(move |_| {
        let url = canonical_url(&browser::location_href().unwrap_or_default());
        browser::set_head_link("canonical", &url);
        for (property, content) in &meta.properties(&url) {
            browser::set_meta_property(property, content);
        }
    });
    on_cleanup(move || {
        browser::remove_head_link("canonical");
        for name in names {
            browser::remove_meta_property(name);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_changes_and_announcements() {
        assert!(
            !is_route_change(None, "/"),
            "the first page keeps the focus"
        );
        assert!(!is_route_change(Some("/list/gzdt/1"), "/list/gzdt/1"));
        assert!(is_route_change(Some("/list/gzdt/1"), "/list/gzdt/2"));
        assert_eq!(
            loaded_announcement("工作动态 - 浙江省通信管理局", "页面已加载"),
            "工作动态 - 浙江省通信管理局，页面已加载"
        );
        assert_eq!(
            loaded_announcement("News", "page loaded"),
            "News, page loaded"
        );
        assert_eq!(loaded_announcement("", "页面已加载"), "页面已加载");
        assert!(keeps_announcement(10_000.0, 11_000.0));
        assert!(!keeps_announcement(10_000.0, 20_000.0));
        assert!(!keeps_announcement(f64::NEG_INFINITY, 0.0));
    }

    #[test]
    fn canonical_urls_and_open_graph() {
        assert_eq!(
            canonical_url("https://host/notices/notice/a?from=timeline#top"),
            "https://host/notices/notice/a"
        );
        assert_eq!(canonical_url("http://127.0.0.1/"), "http://127.0.0.1/");
        let meta = ShareMeta {
            title: "标题".into(),
            description: "摘要".into(),
            site_name: "站点".into(),
        };
        let props = meta.properties("https://host/notice/a");
        assert_eq!(props[0], ("og:type", "article".to_string()));
        assert!(props.contains(&("og:url", "https://host/notice/a".to_string())));
        assert!(props.contains(&("og:title", "标题".to_string())));
    }

    #[test]
    fn titles() {
        assert_eq!(
            document_title(
                Some("浙江省通信管理局召开2026年工作会议"),
                Some("浙江省通信管理局")
            ),
            "浙江省通信管理局召开2026年工作会议 - 浙江省通信管理局"
        );
        assert_eq!(
            document_title(None, Some("浙江省通信管理局")),
            "浙江省通信管理局"
        );
        assert_eq!(document_title(Some(""), Some("站点")), "站点");
        assert_eq!(document_title(Some("内容格式有误"), None), "内容格式有误");
    }
}
