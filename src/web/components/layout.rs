//! The site shell: header with channel navigation, breadcrumb and footer.

use leptos::prelude::*;

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

/// The footer identity: 主办单位, ICP备案号, 网站标识码, contact.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let ctx = use_site();
    let labels = ctx.labels;
    let footer = ctx.site.footer.clone();
    let line = |label: &'static str, value: String| {
        (!value.trim().is_empty())
            .then(|| view! { <span class="footer-item">{label} {value}</span> })
    };
    view! {
        <footer class="site-footer">
            <div class="site-footer-inner">
                <p>
                    {line(labels.organizer, footer.organizer)}
                    {line(labels.site_code, footer.site_code)}
                </p>
                <p>
                    {(!footer.icp.trim().is_empty())
                        .then(|| view! { <span class="footer-item">{footer.icp}</span> })}
                    {line(labels.contact, footer.contact)}
                </p>
            </div>
        </footer>
    }
}
