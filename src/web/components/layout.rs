//! The site shell: header with channel navigation, breadcrumb and footer.

use leptos::prelude::*;

use crate::contract::model::ICP_HREF;
use crate::contract::urls::routes;
use crate::web::components::search_box::SearchBox;
use crate::web::state::{use_app, use_site};

/// The site header: the site name and the channel navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let home = state.href(&routes::home());
    let is_home = move || state.active_channel.with(|c| c.as_deref() == Some(""));
    let channels = ctx
        .site
        .channels
        .iter()
        .map(|channel| {
            let id = channel.id.clone();
            let current = move || {
                state
                    .active_channel
                    .with(|c| c.as_deref() == Some(id.as_str()))
                    .then_some("page")
            };
            view! {
                <li>
                    <a href=state.href(&routes::list(&channel.id, 1)) aria-current=current>
                        {channel.name.clone()}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <a class="site-name" href=home.clone()>
                    {ctx.site.name.clone()}
                </a>
                <SearchBox />
            </div>
            <nav class="site-nav" aria-label=labels.main_nav>
                <ul>
                    <li>
                        <a href=home aria-current=move || is_home().then_some("page")>
                            {labels.home}
                        </a>
                    </li>
                    {channels}
                </ul>
            </nav>
        </header>
    }
}

/// 首页 > 栏目 > 正文.
#[component]
pub fn Breadcrumb(
    /// The trail after 首页: (name, href); the last entry is the current page (no href).
    trail: Vec<(String, Option<String>)>,
) -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    let items = trail
        .into_iter()
        .map(|(name, href)| match href {
            Some(href) => view! {
                <li>
                    <a href=href>{name}</a>
                </li>
            }
            .into_any(),
            None => view! {
                <li>
                    <span aria-current="page">{name}</span>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <nav class="breadcrumb" aria-label=labels.you_are_here.trim_end_matches('：')>
            <span class="breadcrumb-label">{labels.you_are_here}</span>
            <ol>
                <li>
                    <a href=state.href(&routes::home())>{labels.home}</a>
                </li>
                {items}
            </ol>
        </nav>
    }
}

/// The footer every government site carries: the links to the standalone pages (in the order
/// `site.toml` gives) and the 网站地图, then 主办单位, 承办单位, 网站标识码, the ICP备案号 (linked
/// to the MIIT filing site), the 公安机关备案号, contact, 我为政府网站找错 and the
/// 党政机关网站标识. Every item is optional; only plain links and a local image.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let footer = ctx.site.footer.clone();
    let line = |label: &'static str, value: String| {
        (!value.trim().is_empty())
            .then(|| view! { <span class="footer-item">{label} {value}</span> })
    };
    let link = |text: String, href: String| {
        (!text.trim().is_empty()).then(|| {
            let item = if href.is_empty() {
                view! { <span>{text}</span> }.into_any()
            } else {
                view! { <a href=href rel="external">{text}</a> }.into_any()
            };
            view! { <span class="footer-item">{item}</span> }
        })
    };
    let report = (!footer.report_href.is_empty()).then(|| {
        view! {
            <span class="footer-item">
                <a href=footer.report_href.clone() rel="external">{labels.report_error}</a>
            </span>
        }
    });
    let badge = (!footer.badge.is_empty()).then(|| {
        let image = view! {
            <img
                src=state.href(&footer.badge)
                alt=labels.badge_alt
                width="110"
                height="55"
                loading="lazy"
                decoding="async"
            />
        };
        if footer.badge_href.is_empty() {
            view! { <span class="footer-badge">{image}</span> }.into_any()
        } else {
            view! {
                <a class="footer-badge" href=footer.badge_href.clone() rel="external">{image}</a>
            }
            .into_any()
        }
    });
    view! {
        <footer class="site-footer">
            <div class="site-footer-inner">
                <nav class="footer-links" aria-label=labels.site_info>
                    <ul>
                        <PageLinks />
                        <li>
                            <a href=state.href(&routes::sitemap())>{labels.sitemap}</a>
                        </li>
                    </ul>
                </nav>
                {badge}
                <p>
                    {line(labels.organizer, footer.organizer)}
                    {line(labels.undertaker, footer.undertaker)}
                    {line(labels.site_code, footer.site_code)}
                </p>
                <p>
                    {link(footer.icp, ICP_HREF.to_string())}
                    {link(footer.police, footer.police_href)}
                    {report}
                </p>
                <p>{line(labels.contact, footer.contact)}</p>
            </div>
        </footer>
    }
}

/// The standalone pages, as list items of links, in the order the site gives.
#[component]
pub fn PageLinks() -> impl IntoView {
    let state = use_app();
    use_site()
        .site
        .pages
        .iter()
        .map(|p| {
            view! {
                <li>
                    <a href=state.href(&routes::page(&p.id))>{p.title.clone()}</a>
                </li>
            }
        })
        .collect_view()
}
