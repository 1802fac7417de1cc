//! Page data that is at hand before any request: the data files embedded in a prerendered page.
//!
//! A prerendered page (see `crate::tool::prerender`) carries the contract files its route shows, as
//! `<script type="application/json" id="bulletin-data">` (data, never executed). The browser app
//! reads them once at start ([`load_embedded`]) so that its first render shows the same page
//! synchronously, without a request; the native prerenderer fills the same store before it
//! renders a route. Pages ask for a file with [`get`]; on a miss they fetch it as usual.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Deserialize;

use crate::contract::json::Deferred;
use crate::contract::read::{checked, parse_file, ContractFile};

/// The id of the `<script type="application/json">` element of a prerendered page.
pub const ELEMENT_ID: &str = "bulletin-data";

/// What a prerendered page embeds.
#[derive(Debug, Deserialize)]
pub struct Embedded {
    /// The route path the page was rendered for, e.g. `/notice/abc` (without the base).
    pub route: String,
    /// The channel the page belongs to (`""` for the home page), for `aria-current` in the
    /// navigation, which is rendered before the page that sets it.
    #[serde(default)]
    pub channel: Option<String>,
    /// Contract files by their path under `<base>data/` (e.g. `notices/abc.json`), as JSON.
    pub files: HashMap<String, Deferred>,
}

thread_local! {
    static PREFETCHED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static FILES: RefCell<HashMap<String, Deferred>> = RefCell::new(HashMap::new());
    static ROUTE: RefCell<Option<String>> = const { RefCell::new(None) };
    static CHANNEL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the store with these files (path under `data/` → JSON text) for `route`, whose page
/// belongs to `channel`.
pub fn set(route: Option<String>, channel: Option<String>, files: HashMap<String, String>) {
    let files = files
        .into_iter()
        .filter_map(|(path, text)| Some((path, Deferred::from_text(text)?)))
        .collect();
    set_files(route, channel, files);
}

fn set_files(route: Option<String>, channel: Option<String>, files: HashMap<String, Deferred>) {
    FILES.with(|f| *f.borrow_mut() = files);
    ROUTE.with(|r| *r.borrow_mut() = route);
    CHANNEL.with(|c| *c.borrow_mut() = channel);
}

/// Empties the store.
pub fn clear() {
    set(None, None, HashMap::new());
}

/// Forgets the channel (the page was served for another route).
pub fn set_channel(channel: Option<String>) {
    CHANNEL.with(|c| *c.borrow_mut() = channel);
}

/// The channel of the page the embedded files were rendered for.
pub fn channel() -> Option<String> {
    CHANNEL.with(|c| c.borrow().clone())
}

/// The route the embedded files were rendered for.
pub fn route() -> Option<String> {
    ROUTE.with(|r| r.borrow().clone())
}

/// A contract file from the store, parsed and validated; `None` when it is not there or invalid
/// (the page then fetches it and reports any error as usual).
pub fn get<T: ContractFile>(path: &str) -> Option<T> {
    let embedded = FILES.with(|f| {
        f.borrow()
            .get(path)
            .and_then(|file| checked::<T>(path, file.parse()).ok())
    });
    // A prefetched file is used once: a later visit fetches it again.
    embedded.or_else(|| {
        PREFETCHED
            .with(|f| f.borrow_mut().remove(path))
            .and_then(|text| parse_file::<T>(path, &text).ok())
    })
}

/// Whether a file is in the store (embedded or prefetched).
pub fn has(path: &str) -> bool {
    FILES.with(|f| f.borrow().contains_key(path))
        || PREFETCHED.with(|f| f.borrow().contains_key(path))
}

/// Keeps a prefetched file (path under `data/` → JSON text) for the next page that asks.
pub fn prefetched(path: &str, text: String) {
    PREFETCHED.with(|f| f.borrow_mut().insert(path.to_string(), text));
}

/// Fills the store from the text of a prerendered page's data element. Returns the route the
/// page was rendered for, or `None` when the text is not valid.
pub fn load_embedded(text: &str) -> Option<String> {
    let embedded: Embedded = crate::contract::json::from_str(text).ok()?;
    set_files(
        Some(embedded.route.clone()),
        embedded.channel,
        embedded.files,
    );
    Some(embedded.route)
}

/// JSON text safe inside `<script type="application/json">`: `<`, `>` and `&` are written as
/// `\u003c`, `\u003e`, `\u0026` (they only occur inside JSON strings, where the escapes mean the
/// same characters), so no `</script>` or `<!--` can end or change the element.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a location path (with the base removed) is the route a page was rendered for;
/// a trailing slash (`/notice/abc/`, as static servers redirect to a folder) is the same route.
pub fn same_route(path: &str, route: &str) -> bool {
    let norm = |p: &str| {
        let t = p.trim_end_matches('/');
        if t.is_empty() {
            "/".to_string()
        } else {
            t.to_string()
        }
    };
    norm(path) == norm(route)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::model::Site;

    #[test]
    fn embedded_files_round_trip() {
        let site = r#"{"name":"站点","lang":"zh-CN","channels":[{"id":"tzgg","name":"通知公告"}],"footer":{"organizer":"x"},"page_size":10}"#;
        let text = format!(r#"{{"route":"/","files":{{"site.json":{site}}}}}"#);
        assert_eq!(load_embedded(&text).as_deref(), Some("/"));
        let parsed: Site = get("site.json").expect("site from the store");
        assert_eq!(parsed.name, "站点");
        assert!(get::<Site>("lists/all/1.json").is_none());
        clear();
        assert!(get::<Site>("site.json").is_none());
        assert_eq!(load_embedded("not json"), None);
    }

    #[test]
    fn script_safe_text_cannot_close_the_element() {
        let json = serde_json::to_string("</script><!-- a&b \u{2028}").unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- a&b \u{2028}");
    }

    #[test]
    fn routes_match_with_or_without_trailing_slash() {
        assert!(same_route("/notice/a/", "/notice/a"));
        assert!(same_route("/", "/"));
        assert!(same_route("", "/"));
        assert!(!same_route("/notice/b", "/notice/a"));
    }
}
