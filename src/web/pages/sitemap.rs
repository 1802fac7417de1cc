//! `/sitemap`: the 网站地图, an HTML page listing the home page, every channel with its latest
//! notices, the policy library and every standalone page (`sitemap.xml` is the crawlers').

use crate::web::head::use_head;
use leptos::prelude::*;

use crate::contract::model::ListPage;
use crate::contract::read::ApiError;
use crate::contract::urls::{data_files, routes};
use crate::web::components::layout::PageLinks;
use crate::web::components::status::{show_load, ErrorPanel};
use crate::web::load::use_loader;
use crate::web::pages::home::NoticeList;
use crate::web::platform::fetch::{fetch_file, join_all};
use crate::web::preload;
use crate::web::state::{use_app, use_site};

/// How many notices each channel shows.
const PER_CHANNEL: usize = 5;

/// The 网站地图.
#[component]
pub fn SitemapPage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    state.active_channel.set(None);
    let ids: Vec<String> = ctx.site.channels.iter().map(|c| c.id.clone()).collect();
    let preload_ids = ids.clone();
    let lists = use_loader(
        move || {
            preload_ids
                .iter()
                .map(|id| preload::get::<ListPage>(&data_files::list(id, 1)))
                .collect::<Option<Vec<_>>>()
        },
        move |abort: web_sys::AbortSignal| {
            let fetches: Vec<_> = ids
                .iter()
                .map(|id| {
                    fetch_file::<ListPage>(state.data_url(&data_files::list(id, 1)), abort.clone())
                })
                .collect();
            Some(async move {
                join_all(fetches)
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, ApiError>>()
            })
        },
    );
    use_head(
        Some(labels.sitemap.to_string()),
        vec![(
            "description",
            format!("{}{}", ctx.site.name, labels.sitemap),
        )],
    );
    let site = ctx.site.clone();
    let channels = show_load(
        lists,
        move |pages| {
            site.channels
                .iter()
                .zip(pages)
                .map(|(channel, page)| {
                    let heading = format!("sitemap-{}", channel.id);
                    let labelledby = heading.clone();
                    view! {
                        <section class="sitemap-section" aria-labelledby=labelledby>
                            <h2 id=heading>
                                <a href=state.href(&routes::list(&channel.id, 1))>
                                    {channel.name.clone()}
                                </a>
                            </h2>
                            <NoticeList items=page.items.into_iter().take(PER_CHANNEL).collect() />
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        },
        move |error, retry| {
            view! {
                <ErrorPanel error retry list_href=None labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.loading,
    );
    let site = ctx.site.clone();
    let library = site.library.then(|| {
        view! {
            <li>
                <a href=state.href(&routes::library())>{labels.library}</a>
            </li>
        }
    });
    let pages = (!site.pages.is_empty()).then(|| {
        view! {
            <section class="sitemap-section" aria-labelledby="sitemap-pages">
                <h2 id="sitemap-pages">{labels.sitemap_pages}</h2>
                <ul class="sitemap-links">
                    <PageLinks />
                </ul>
            </section>
        }
    });
    view! {
        <h1 class="list-title">{labels.sitemap}</h1>
        <ul class="sitemap-links">
            <li>
                <a href=state.href(&routes::home())>{labels.home}</a>
            </li>
            {library}
            <li>
                <a href=state.href(&routes::search())>{labels.search}</a>
            </li>
        </ul>
        <div class="sitemap-channels">{channels}</div>
        {pages}
    }
}
