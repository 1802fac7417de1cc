//! `/list/<channel>/<n>`: a paginated channel list (`all` lists every channel).

use leptos::prelude::*;
use leptos::Params;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::api::{fetch_file, ApiError};
use crate::app::{use_app, use_site};
use crate::components::layout::Breadcrumb;
use crate::components::pager::Pager;
use crate::components::status::{ErrorPanel, Skeleton};
use crate::model::{is_valid_id, ListPage as ListFile, ALL_CHANNEL};
use crate::pages::home::NoticeList;
use crate::paging::parse_page;
use crate::urls::{data_files, routes};

/// The route's parameters.
#[derive(Params, Clone, PartialEq, Debug)]
pub struct ListParams {
    /// The channel id.
    pub channel: Option<String>,
    /// The page number, as written in the URL.
    pub page: Option<String>,
}

/// A channel list page.
#[component]
pub fn ListPage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let params = use_params::<ListParams>();
    let retry = RwSignal::new(0u32);

    // (channel id, channel name, page) when the URL names a known channel and a page number.
    let site = ctx.site.clone();
    let target = Memo::new(move |_| {
        let p = params.get().ok()?;
        let channel = p.channel.filter(|c| is_valid_id(c))?;
        let page = parse_page(p.page.as_deref()?)?;
        let name = if channel == ALL_CHANNEL {
            labels.all_channels.to_string()
        } else {
            site.channel(&channel)?.name.clone()
        };
        Some((channel, name, page))
    });
    Effect::new(move |_| {
        state
            .active_channel
            .set(target.get().map(|(channel, _, _)| channel));
    });

    let data = LocalResource::new(move || {
        retry.track();
        let target = target.get();
        async move {
            let Some((channel, _, page)) = target else {
                return Err(ApiError::NotFound { url: String::new() });
            };
            fetch_file::<ListFile>(state.data_url(&data_files::list(&channel, page))).await
        }
    });

    let site_name = ctx.site.name.clone();
    view! {
        <Transition fallback=move || view! { <Skeleton label=labels.loading /> }>
            {move || {
                let site_name = site_name.clone();
                Suspend::new(async move {
                    let result = data.await;
                    let target = target.get_untracked();
                    let list_link = target
                        .as_ref()
                        .map(|(c, name, _)| (state.href(&routes::list(c, 1)), name.clone()));
                    match (result, target) {
                        (Ok(list), Some((channel, name, page))) => {
                            let title = if page > 1 {
                                format!(
                                    "{name}（{}{page}{}） - {site_name}",
                                    labels.page_n_prefix,
                                    labels.page_n_suffix,
                                )
                            } else {
                                format!("{name} - {site_name}")
                            };
                            let description = format!("{site_name}{name}");
                            let href_channel = channel.clone();
                            view! {
                                <Title text=title />
                                <Meta name="description" content=description />
                                <Breadcrumb trail=vec![(name.clone(), None)] />
                                <h1 class="list-title">{name}</h1>
                                <NoticeList items=list.items />
                                <Pager
                                    current=list.page
                                    pages=list.pages
                                    total=list.total
                                    href=Callback::new(move |n: u32| {
                                        state.href(&routes::list(&href_channel, n))
                                    })
                                    labels
                                />
                            }
                            .into_any()
                        }
                        (Ok(_), None) | (Err(_), None) => view! {
                            <ErrorPanel
                                error=ApiError::NotFound { url: String::new() }
                                retry
                                list_href=None
                                labels
                                home_href=state.href(&routes::home())
                            />
                        }
                        .into_any(),
                        (Err(error), Some(_)) => view! {
                            <ErrorPanel
                                error
                                retry
                                list_href=list_link
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
