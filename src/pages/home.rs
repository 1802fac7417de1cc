//! `/`: the latest notices of all channels, then the latest few of each channel.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::{fetch_file, ApiError};
use crate::app::{use_app, use_site};
use crate::components::status::{ErrorPanel, Skeleton};
use crate::model::{ListItem, ListPage, ALL_CHANNEL};
use crate::time::display_date;
use crate::urls::{data_files, routes};

/// How many notices each channel section of the home page shows.
const PER_CHANNEL: usize = 5;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    state.active_channel.set(Some(String::new()));
    let retry = RwSignal::new(0u32);
    let channel_ids: Vec<String> = ctx.site.channels.iter().map(|c| c.id.clone()).collect();
    let lists = LocalResource::new(move || {
        retry.track();
        let ids = channel_ids.clone();
        async move {
            let mut pages = Vec::with_capacity(ids.len() + 1);
            let all = fetch_file::<ListPage>(state.data_url(&data_files::list(ALL_CHANNEL, 1)));
            let each = ids
                .iter()
                .map(|id| fetch_file::<ListPage>(state.data_url(&data_files::list(id, 1))));
            // Fetch the lists concurrently; the first error wins.
            let (all, each) = futures::future::join(all, futures::future::join_all(each)).await;
            pages.push(all?);
            for page in each {
                pages.push(page?);
            }
            Ok::<_, ApiError>(pages)
        }
    });
    let site = ctx.site.clone();
    let description = if site.description.trim().is_empty() {
        site.name.clone()
    } else {
        site.description.clone()
    };
    view! {
        <Title text=String::new() />
        <Meta name="description" content=description />
        <h1 class="visually-hidden">{site.name.clone()}</h1>
        <Transition fallback=move || view! { <Skeleton label=labels.loading /> }>
            {move || {
                let site = site.clone();
                Suspend::new(async move {
                    match lists.await {
                        Ok(pages) => {
                            let mut pages = pages.into_iter();
                            let all = pages.next().unwrap_or_default();
                            let sections = site
                                .channels
                                .iter()
                                .zip(pages)
                                .map(|(channel, page)| {
                                    let more = state.href(&routes::list(&channel.id, 1));
                                    view! {
                                        <section
                                            class="home-channel"
                                            aria-labelledby=format!("home-{}", channel.id)
                                        >
                                            <h2 id=format!("home-{}", channel.id)>
                                                {channel.name.clone()}
                                            </h2>
                                            <NoticeList
                                                items=page.items.into_iter().take(PER_CHANNEL).collect()
                                            />
                                            <p class="more">
                                                <a href=more>
                                                    {labels.more}
                                                    <span class="visually-hidden">
                                                        {channel.name.clone()}
                                                    </span>
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
                        }
                        Err(error) => view! {
                            <ErrorPanel
                                error
                                retry
                                list_href=None
                                labels
                                home_href=state.href(&routes::home())
                            />
                        }
                        .into_any(),
                    }
                })
            }}
        </Transition>
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
    view! {
        <ul class="notice-list">
            {items
                .into_iter()
                .map(|item| {
                    let date = display_date(&item.published);
                    view! {
                        <li>
                            <a href=state.href(&routes::notice(&item.id))>{item.title}</a>
                            <time datetime=item.published>{date}</time>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
