//! The document head of each page: its title and meta tags (description, the gov page meta
//! `ArticleTitle`, `PubDate`, `ContentSource`, `ColumnName`), set while the page is shown and
//! removed when it goes.

use leptos::prelude::*;

use crate::app::SiteContext;
use crate::browser;

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

/// Where a native render (see `crate::prerender`) collects the title and meta tags of the page
/// it renders; the last page-level call wins.
#[cfg(not(target_arch = "wasm32"))]
pub type HeadSink = std::sync::Arc<std::sync::Mutex<Option<(String, Vec<(&'static str, String)>)>>>;

/// Sets the title and meta tags for the calling component's lifetime. Browser-only work runs in
/// an effect, so the component can also render outside a browser, where a native render
/// collects them for the prerendered page's head.
pub fn use_head(title: Option<String>, metas: Vec<(&'static str, String)>) {
    let site = use_context::<SiteContext>().map(|c| c.site.name.clone());
    let full = document_title(title.as_deref(), site.as_deref());
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(sink) = use_context::<HeadSink>() {
        if let Ok(mut head) = sink.lock() {
            *head = Some((full.clone(), metas.clone()));
        }
    }
    let names: Vec<&'static str> = metas.iter().map(|(name, _)| *name).collect();
    Effect::new(move |_| {
        browser::set_title(&full);
        for (name, content) in &metas {
            browser::set_meta(name, content);
        }
    });
    on_cleanup(move || {
        for name in names {
            browser::remove_meta(name);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

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
