//! `/list/<channel>/<n>`: a paginated channel list (`all` lists every channel).

use crate::web::head::use_head;
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::contract::model::{is_valid_id, ListPage as ListFile, ALL_CHANNEL};
use crate::contract::paging::parse_page;
use crate::contract::urls::{data_files, routes};
use crate::web::components::layout::Breadcrumb;
use crate::web::components::pager::Pager;
use crate::web::components::status::show_load;
use crate::web::components::status::ErrorPanel;
use crate::web::load::use_loader;
use crate::web::pages::home::NoticeList;
use crate::web::platform::fetch::fetch_file;
use crate::web::preload;
use crate::web::state::{use_app, use_site};

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
    crate::web::effects::effect(move |_| {
        state
            .active_channel
            .set(target.get().map(|(channel, _, _)| channel));
    });

    let data = use_loader(
        move || {
            let (channel, _, page) = target.get()?;
            preload::get::<ListFile>(&data_files::list(&channel, page))
        },
        move |abort| {
            let (channel, _, page) = target.get()?;
            Some(fetch_file::<ListFile>(
                state.data_url(&data_files::list(&channel, page)),
                abort,
            ))
        },
    );

    let site_name = ctx.site.name.clone();
    show_load(
        data,
        move |list| {
            let Some((channel, name, page)) = target.get_untracked() else {
                return ().into_any();
            };
            let title = if page > 1 {
                format!(
                    "{name}（{}{page}{}）",
                    labels.page_n_prefix, labels.page_n_suffix,
                )
            } else {
                name.clone()
            };
            use_head(
                Some(title),
                vec![("description", format!("{site_name}{name}"))],
            );
            view! {
                <Breadcrumb trail=vec![(name.clone(), None)] />
                <h1 class="list-title">{name}</h1>
                <NoticeList items=list.items />
                <Pager
                    current=list.page
                    pages=list.pages
                    total=list.total
                    href=Callback::new(move |n: u32| state.href(&routes::list(&channel, n)))
                    labels
                />
            }
            .into_any()
        },
        move |error, retry| {
            let list_href = target
                .get_untracked()
                .map(|(c, name, _)| (state.href(&routes::list(&c, 1)), name));
            view! {
                <ErrorPanel error retry list_href labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.loading,
    )
}
