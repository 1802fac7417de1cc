//! Prerendered entry pages (native only): the app's own components rendered to HTML with
//! Leptos `ssr`, placed inside the built app shell (Trunk's `dist/index.html`) together with the
//! page's title, meta description, canonical URL, gov meta, Open Graph tags and the data files
//! the page shows (as non-executable JSON), so that every route is a real file a reader can read
//! without JavaScript, and the browser app takes the page over without fetching or changing it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::contract::model::Site;
use crate::contract::urls::BasePath;
use crate::tool::shell::{escape, PageParts};
use crate::web::head::HeadSink;
use crate::web::preload;
use crate::web::routes::App;

pub use crate::tool::shell::{Shell, END, START};

/// A route rendered by the app's components.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML of the app's view (what the browser app would put into `<body>`).
    pub html: String,
    /// The document title the page sets.
    pub title: String,
    /// The `<meta name>` tags the page sets (description and gov meta), in order.
    pub metas: Vec<(&'static str, String)>,
}

/// Renders the app at `route` (a route path such as `/notice/abc`, without the base) with the
/// given data files (path under `data/` → JSON text) already loaded.
pub fn render(
    base: &BasePath,
    route: &str,
    channel: Option<&str>,
    files: HashMap<String, String>,
) -> Rendered {
    preload::set(Some(route.to_string()), channel.map(str::to_string), files);
    let sink: HeadSink = Arc::new(Mutex::new(None));
    let owner = Owner::new_root(None);
    let html = owner.with(|| {
        provide_context(RequestUrl::new(&base.href(route)));
        provide_context(base.clone());
        provide_context(sink.clone());
        view! { <App /> }.to_html()
    });
    drop(owner);
    preload::clear();
    let (title, metas) = sink
        .lock()
        .map(|h| h.clone())
        .ok()
        .flatten()
        .unwrap_or_default();
    Rendered { html, title, metas }
}

/// What kind of page a route is, for Open Graph and robots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The home page or a list.
    Website,
    /// A notice.
    Article,
    /// The not-found page (`404.html`): not indexed, no canonical URL.
    NotFound,
}

/// Sets the clock the pages are rendered at (Unix seconds): what validity and deadlines show.
pub fn set_clock(now: i64) {
    crate::web::platform::browser::set_render_clock(now);
}

/// What every page of a site is made with.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The app shell.
    pub shell: &'a Shell,
    /// The site.
    pub site: &'a Site,
    /// The public URL the site is served at (`base_url`).
    pub public_url: &'a str,
}

/// One prerendered page: the shell with the route's head tags, content and data; `build` is its
/// fingerprint, written on the data element.
pub fn page(
    context: Context<'_>,
    route: &str,
    kind: Kind,
    channel: Option<&str>,
    files: HashMap<String, String>,
    build: Option<&str>,
) -> String {
    let Context {
        shell,
        site,
        public_url,
    } = context;
    let embedded_files: Vec<(String, String)> = {
        let mut v: Vec<_> = files.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        v.sort();
        v
    };
    let rendered = render(&shell.base, route, channel, files);
    let mut head = String::new();
    let description = rendered
        .metas
        .iter()
        .find(|(n, _)| *n == "description")
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    for (name, content) in &rendered.metas {
        head.push_str(&format!(
            "<meta name=\"{}\" content=\"{}\" />",
            escape(name),
            escape(content)
        ));
    }
    // Tags only a prerendered page carries; the app removes them on its first navigation.
    let mark = "data-prerender";
    if site.preview {
        // A preview keeps `noindex` on every page, also after the app took over.
        head.push_str("<meta name=\"robots\" content=\"noindex\" />");
    }
    if kind == Kind::NotFound {
        if !site.preview {
            head.push_str(&format!(
                "<meta name=\"robots\" content=\"noindex\" {mark} />"
            ));
        }
    } else {
        let url = format!("{public_url}{}", route.trim_start_matches('/'));
        let og_type = if kind == Kind::Article {
            "article"
        } else {
            "website"
        };
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\" {mark} />",
            escape(&url)
        ));
        for (property, content) in [
            ("og:type", og_type.to_string()),
            ("og:site_name", site.name.clone()),
            ("og:title", rendered.title.clone()),
            ("og:description", description),
            ("og:url", url.clone()),
            ("og:locale", site.lang.replace('-', "_")),
        ] {
            head.push_str(&format!(
                "<meta property=\"{property}\" content=\"{}\" {mark} />",
                escape(&content)
            ));
        }
    }
    let mut files_json = String::from("{");
    for (i, (path, text)) in embedded_files.iter().enumerate() {
        if i > 0 {
            files_json.push(',');
        }
        files_json.push_str(&serde_json::to_string(path).expect("a path serializes"));
        files_json.push(':');
        files_json.push_str(text.trim_end());
    }
    files_json.push('}');
    let data = format!(
        "{{\"route\":{},\"channel\":{},\"files\":{files_json}}}",
        serde_json::to_string(route).expect("a route serializes"),
        serde_json::to_string(&channel).expect("a channel serializes")
    );

    shell.page(&PageParts {
        lang: &site.lang,
        title: &escape(&rendered.title),
        head: &head,
        content: &rendered.html,
        data: &data,
        build,
    })
}
