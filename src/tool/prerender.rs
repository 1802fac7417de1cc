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
use crate::web::head::HeadSink;
use crate::web::preload;
use crate::web::routes::App;

pub use crate::web::boot::prerender_marker::{END, START};

/// The built app shell, checked and split where pages differ.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Up to and including `<title>`.
    before_title: String,
    /// From `</title>` up to (not including) `</head>`.
    head_rest: String,
    /// From `</head>` up to and including the `<body …>` tag.
    body_open: String,
    /// The rest of the body (the `<noscript>` note removed) and the end of the document.
    after_body_open: String,
    /// The deployment's base path, from `<base href>`.
    pub base: BasePath,
}

impl Shell {
    /// Checks and splits the shell's HTML. A prerendered page (a deployed `index.html`) is
    /// taken back to its shell first: its content, data and head tags are cut out.
    pub fn parse(html: &str) -> Result<Shell, String> {
        let bare = strip_prerendered(html)?;
        let html = bare.as_str();
        // The element, not its id: the page's boot script names the id to find the element.
        if html.contains(&format!("id=\"{}\"", preload::ELEMENT_ID)) {
            return Err("the shell holds a stray prerendered data element".into());
        }
        let title_open = html.find("<title>").ok_or("the shell has no <title>")?;
        let title_close = html[title_open..]
            .find("</title>")
            .map(|i| title_open + i)
            .ok_or("the shell's <title> is not closed")?;
        let head_close = html[title_close..]
            .find("</head>")
            .map(|i| title_close + i)
            .ok_or("the shell has no </head> after its <title>")?;
        let body_tag = html[head_close..]
            .find("<body")
            .map(|i| head_close + i)
            .ok_or("the shell has no <body>")?;
        let body_open_end = html[body_tag..]
            .find('>')
            .map(|i| body_tag + i + 1)
            .ok_or("the shell's <body> tag is not closed")?;
        let mut rest = html[body_open_end..].to_string();
        // The "needs JavaScript" note is wrong on a page that reads without it.
        if let (Some(a), Some(b)) = (rest.find("<noscript>"), rest.find("</noscript>")) {
            if a < b {
                rest.replace_range(a..b + "</noscript>".len(), "");
            }
        }
        let base = base_href(&html[..head_close]).unwrap_or_else(|| "/".to_string());
        Ok(Shell {
            before_title: html[..title_open + "<title>".len()].to_string(),
            head_rest: html[title_close..head_close].to_string(),
            body_open: html[head_close..body_open_end].to_string(),
            after_body_open: rest,
            base: BasePath::new(&base),
        })
    }
}

/// The comment that opens the head tags a prerendered page adds.
const HEAD_START: &str = "<!--bulletin-head-->";
/// The comment that closes them.
const HEAD_END: &str = "<!--/bulletin-head-->";

/// Cuts the part between `start` and `end` (both included) out of `html`, if there.
fn cut(html: &str, start: &str, end: &str) -> Result<String, String> {
    let Some(a) = html.find(start) else {
        return Ok(html.to_string());
    };
    match html[a + start.len()..].find(end) {
        Some(b) => Ok(format!(
            "{}{}",
            &html[..a],
            &html[a + start.len() + b + end.len()..]
        )),
        None => Err(format!("the shell has a broken {start} … {end} part")),
    }
}

/// A prerendered page back to its shell (any other page unchanged).
fn strip_prerendered(html: &str) -> Result<String, String> {
    let html = cut(html, START, END)?;
    let html = cut(&html, HEAD_START, HEAD_END)?;
    let open = format!(
        "<script type=\"application/json\" id=\"{}\">",
        preload::ELEMENT_ID
    );
    cut(&html, &open, "</script>")
}

/// The `href` of the first `<base>` element.
fn base_href(head: &str) -> Option<String> {
    let at = head.find("<base")?;
    let tag = &head[at..at + head[at..].find('>')?];
    let h = tag.find("href=")? + "href=".len();
    let quote = tag[h..].chars().next()?;
    if quote == '"' || quote == '\'' {
        let value = &tag[h + 1..];
        Some(value[..value.find(quote)?].to_string())
    } else {
        Some(
            tag[h..]
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()?
                .to_string(),
        )
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

/// One prerendered page: the shell with the route's head tags, content and data.
pub fn page(
    shell: &Shell,
    site: &Site,
    public_url: &str,
    route: &str,
    kind: Kind,
    channel: Option<&str>,
    files: HashMap<String, String>,
) -> String {
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
    if kind == Kind::NotFound {
        head.push_str(&format!(
            "<meta name=\"robots\" content=\"noindex\" {mark} />"
        ));
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

    let mut before_title = shell.before_title.clone();
    if site.lang != "zh-CN" {
        before_title = before_title.replacen(
            "<html lang=\"zh-CN\"",
            &format!("<html lang=\"{}\"", escape(&site.lang)),
            1,
        );
    }
    let mut out = String::with_capacity(
        shell.before_title.len()
            + shell.after_body_open.len()
            + rendered.html.len()
            + data.len()
            + 1024,
    );
    out.push_str(&before_title);
    out.push_str(&escape(&rendered.title));
    out.push_str(&shell.head_rest);
    out.push_str(HEAD_START);
    out.push_str(&head);
    out.push_str(HEAD_END);
    out.push_str(&shell.body_open);
    out.push_str(START);
    out.push_str(&rendered.html);
    out.push_str(END);
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"{}\">{}</script>",
        preload::ELEMENT_ID,
        preload::script_safe(&data)
    ));
    out.push_str(&shell.after_body_open);
    out
}
