//! `/`: the latest notices of all channels, then the latest few of each channel.

use crate::web::head::use_head;
use leptos::prelude::*;

use crate::contract::model::{ListItem, ListPage, ALL_CHANNEL};
use crate::contract::read::ApiError;
use crate::contract::time::display_date;
use crate::contract::urls::{data_files, routes};
use crate::web::components::life::{LifeMarks, Marks};
use crate::web::components::status::show_load;
use crate::web::components::status::ErrorPanel;
use crate::web::load::use_loader;
use crate::web::platform::fetch::fetch_file;
use crate::web::platform::fetch::join_all;
use crate::web::preload;
use crate::web::state::{use_app, use_site};

/// How many notices each channel section of the home page shows.
const PER_CHANNEL: usize = 5;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    state.active_channel.set(Some(String::new()));
    let channel_ids: Vec<String> = ctx.site.channels.iter().map(|c| c.id.clone()).collect();
    let preload_ids = channel_ids.clone();
    let lists = use_loader(
        move || {
            std::iter::once(ALL_CHANNEL)
                .chain(preload_ids.iter().map(String::as_str))
                .map(|id| preload::get::<ListPage>(&data_files::list(id, 1)))
                .collect::<Option<Vec<_>>>()
        },
        move |abort: web_sys::AbortSignal| {
            let urls: Vec<String> = std::iter::once(ALL_CHANNEL)
                .chain(channel_ids.iter().map(String::as_str))
                .map(|id| state.data_url(&data_files::list(id, 1)))
                .collect();
            Some(async move {
                // The lists load concurrently; the first error wins.
                let fetches = urls
                    .into_iter()
                    .map(|url| fetch_file::<ListPage>(url, abort.clone()))
                    .collect();
                join_all(fetches)
                    .await
                    .into_iter()
                    .collect::<Result<Vec<_>, ApiError>>()
            })
        },
    );
    let site = ctx.site.clone();
    let description = if site.description.trim().is_empty() {
        site.name.clone()
    } else {
        site.description.clone()
    };
    let h1 = site.name.clone();
    use_head(None, vec![("description", description)]);
    let page = show_load(
        lists,
        move |pages| {
            let mut pages = pages.into_iter();
            let all = pages.next().unwrap_or_default();
            let sections = site
                .channels
                .iter()
                .zip(pages)
                .map(|(channel, page)| {
                    let more = state.href(&routes::list(&channel.id, 1));
                    let heading = format!("home-{}", channel.id);
                    let labelledby = heading.clone();
                    view! {
                        <section class="home-channel" aria-labelledby=labelledby>
                            <h2 id=heading>{channel.name.clone()}</h2>
                            <NoticeList items=page.items.into_iter().take(PER_CHANNEL).collect() />
                            <p class="more">
                                <a href=more>
                                    {labels.more}
                                    <span class="visually-hidden">{channel.name.clone()}</span>
                                    " »"
                                </a>
                            </p>
                        </section>
                    }
                })
                .collect_view();
            view! {
                <section class="home-latest" aria-labelledby="home-latest">
                    <h2 id="home-latest">{labels.latest}</h2>
                    <NoticeList items=all.items />
                    <p class="more">
                        <a href=state.href(&routes::list(ALL_CHANNEL, 1))>
                            {labels.more}
                            <span class="visually-hidden">{labels.all_channels}</span>
                            " »"
                        </a>
                    </p>
                </section>
                <div class="home-channels">{sections}</div>
            }
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
    view! {
        <h1 class="visually-hidden">{h1}</h1>
        {page}
    }
}

/// A list of notices: linked title and date, newest first.
#[component]
pub fn NoticeList(
    /// The rows.
    items: Vec<ListItem>,
) -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    if items.is_empty() {
        return view! { <p class="empty-list">{labels.empty_list}</p> }.into_any();
    }
    let now = crate::web::platform::browser::now_seconds();
    view! {
        <ul class="notice-list">
            {items
                .into_iter()
                .map(|item| {
                    let date = display_date(&item.published);
                    let marks = Marks::at(
                        item.validity,
                        item.valid_until.as_deref(),
                        item.deadline.as_deref(),
                        &item.published,
                        now,
                    );
                    view! {
                        <li>
                            <a href=state.href(&routes::notice(&item.id))>{item.title}</a>
                            <LifeMarks marks labels />
                            <time datetime=item.published>{date}</time>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
