//! `/page/<id>`: a standalone page (网站声明, 隐私政策, 关于我们 …), linked from the footer.

use crate::web::head::use_head;
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;

use crate::contract::model::{is_valid_id, Page};
use crate::contract::urls::{data_files, routes};
use crate::web::components::blocks::NoticeBody;
use crate::web::components::layout::Breadcrumb;
use crate::web::components::status::{show_load, ErrorPanel};
use crate::web::load::use_loader;
use crate::web::platform::fetch::fetch_file;
use crate::web::preload;
use crate::web::state::{use_app, use_site};

/// The route's parameters.
#[derive(Params, Clone, PartialEq, Debug)]
pub struct PageParams {
    /// The page id.
    pub id: Option<String>,
}

/// A standalone page.
#[component]
pub fn StandalonePage() -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    state.active_channel.set(None);
    let params = use_params::<PageParams>();
    let id = Memo::new(move |_| {
        params
            .get()
            .ok()
            .and_then(|p| p.id)
            .filter(|id| is_valid_id(id))
    });
    let data = use_loader(
        move || preload::get::<Page>(&data_files::page(&id.get()?)),
        move |abort| {
            let url = state.data_url(&data_files::page(&id.get()?));
            Some(fetch_file::<Page>(url, abort))
        },
    );
    show_load(
        data,
        move |page| view! { <PageView page /> }.into_any(),
        move |error, retry| {
            view! {
                <ErrorPanel error retry list_href=None labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.loading,
    )
}

/// The loaded page.
#[component]
fn PageView(page: Page) -> impl IntoView {
    let labels = use_site().labels;
    use_head(
        Some(page.title.clone()),
        vec![("description", page.description())],
    );
    view! {
        <Breadcrumb trail=vec![(page.title.clone(), None)] />
        <article class="notice standalone" aria-labelledby="page-title">
            <header class="notice-header">
                <h1 id="page-title" class="notice-title">{page.title}</h1>
            </header>
            <NoticeBody blocks=page.body table_label=labels.table />
        </article>
    }
}
