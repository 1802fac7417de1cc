//! `/notice/<id>`: the notice page, typeset like the reference page, with its footer actions.

use crate::web::head::{use_head, use_share_meta, ShareMeta};
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::{use_navigate, use_params};
use leptos_router::params::Params;
use leptos_router::NavigateOptions;

use crate::contract::labels::Labels;
use crate::contract::model::{is_valid_id, Notice};
use crate::contract::prefs::FontSize;
use crate::contract::urls::{data_files, routes};
use crate::web::components::actions::NoticeActions;
use crate::web::components::blocks::NoticeBody;
use crate::web::components::layout::Breadcrumb;
use crate::web::components::life::{CorrectionNote, LifeLine, LifeLinks};
use crate::web::components::meta::{Attachments, DisclosureTable, MetaLine, PrevNext, Related};
use crate::web::components::share::{PrintUrl, ShareBar};
use crate::web::components::status::show_load;
use crate::web::components::status::ErrorPanel;
use crate::web::load::use_loader;
use crate::web::platform::browser;
use crate::web::platform::fetch::fetch_file;
use crate::web::preload;
use crate::web::state::{use_app, use_site, AppState};

/// The route's parameters.
#[derive(Params, Clone, PartialEq, Debug)]
pub struct NoticeParams {
    /// The notice id.
    pub id: Option<String>,
}

/// How long to wait before deciding that `window.close()` was refused.
const CLOSE_CHECK_MS: i32 = 250;

/// Remembers the reader's 字号 and applies it to `<html>`.
fn remember_font(size: FontSize) {
    browser::set_root_attribute(FontSize::ATTRIBUTE, size.as_str());
    browser::storage_set(FontSize::STORAGE_KEY, size.as_str());
}

/// The notice page.
#[component]
pub fn NoticePage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let params = use_params::<NoticeParams>();
    let id = Memo::new(move |_| {
        params
            .get()
            .ok()
            .and_then(|p| p.id)
            .filter(|id| is_valid_id(id))
    });

    let data = use_loader(
        move || preload::get::<Notice>(&data_files::notice(&id.get()?)),
        move |abort| {
            let url = state.data_url(&data_files::notice(&id.get()?));
            Some(async move {
                let notice = fetch_file::<Notice>(url, abort).await?;
                for kind in notice.unknown_block_types() {
                    browser::warn(&format!(
                        "notice {}: skipped a block of unknown type `{kind}`",
                        notice.id
                    ));
                }
                Ok(notice)
            })
        },
    );

    // The page's full URL, for print, 复制链接 and 扫一扫: built from the route, since the
    // browser's address may not have changed yet when the route's signals do.
    // Known at once (a notice shown from preloaded data renders before any effect runs).
    let url_of = move |id: Option<String>| {
        id.map(|id| {
            format!(
                "{}{}",
                browser::location_origin().unwrap_or_default(),
                state.href(&routes::notice(&id))
            )
        })
        .unwrap_or_default()
    };
    let page_url = RwSignal::new(url_of(id.get_untracked()));
    crate::web::effects::effect(move |_| page_url.set(url_of(id.get())));

    show_load(
        data,
        move |notice| view! { <NoticeView notice page_url /> }.into_any(),
        move |error, retry| {
            view! {
                <ErrorPanel error retry list_href=None labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.loading,
    )
}

/// The loaded notice.
#[component]
fn NoticeView(notice: Notice, page_url: RwSignal<String>) -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let site_name = ctx.site.name.clone();
    let channel_name = ctx
        .site
        .channel(&notice.channel)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| notice.channel.clone());
    let list_href = state.href(&routes::list(&notice.channel, 1));
    state.active_channel.set(Some(notice.channel.clone()));

    let navigate = use_navigate();
    let on_close = {
        let list_href = list_href.clone();
        Callback::new(move |()| {
            browser::close_window();
            let navigate = navigate.clone();
            let list_href = list_href.clone();
            browser::set_timeout(CLOSE_CHECK_MS, move || {
                if browser::window_closed() {
                    return;
                }
                close_fallback(state, labels, &list_href, navigate);
            });
        })
    };

    let description = notice.description();
    let description_for_share = description.clone();
    let published_shown = crate::contract::time::display_published(&notice.published);
    let now = browser::now_seconds();
    let disclosure = notice
        .has_disclosure_meta()
        .then(|| view! { <DisclosureTable notice=notice.clone() now labels /> });
    let life_line = view! { <LifeLine notice=notice.clone() now labels /> };
    let correction = notice
        .correction
        .clone()
        .map(|text| view! { <CorrectionNote text labels /> });
    let updated = notice.updated.clone();
    let attachments = (!notice.attachments.is_empty())
        .then(|| view! { <Attachments attachments=notice.attachments.clone() labels /> });
    let life_links = notice.clone();
    let Notice {
        title,
        subtitle,
        published,
        source,
        body,
        prev,
        next,
        keywords,
        related,
        ..
    } = notice;
    let notice_href = Callback::new(move |id: String| state.href(&routes::notice(&id)));
    let related =
        (!related.is_empty()).then(|| view! { <Related related href=notice_href labels /> });
    let life_links = view! { <LifeLinks notice=life_links href=notice_href labels /> };
    use_head(
        Some(title.clone()),
        vec![
            ("description", description.clone()),
            ("ArticleTitle", title.clone()),
            ("PubDate", published_shown),
            (
                "ContentSource",
                source.clone().unwrap_or_else(|| site_name.clone()),
            ),
            ("ColumnName", channel_name.clone()),
        ],
    );
    use_share_meta(ShareMeta {
        title: title.clone(),
        description: description_for_share,
        site_name: site_name.clone(),
    });
    // Set by `NoticePage` when the route changed, before this notice's data arrived.
    let url = page_url.get_untracked();
    let keywords_line = (!keywords.is_empty()).then(|| {
        view! { <p class="notice-keywords">{labels.keywords} {keywords.join("，")}</p> }
    });

    view! {
        <Breadcrumb trail=vec![
            (channel_name.clone(), Some(list_href.clone())),
            (labels.body_crumb.to_string(), None),
        ] />
        <article class="notice" aria-labelledby="notice-title">
            <header class="notice-header">
                <h1 id="notice-title" class="notice-title">{title}</h1>
                {subtitle.map(|s| view! { <p class="notice-subtitle">{s}</p> })}
                {life_line}
                <MetaLine
                    published
                    updated
                    source
                    font=state.font
                    on_font=Callback::new(remember_font)
                    labels
                />
            </header>
            {disclosure}
            {correction}
            <NoticeBody blocks=body table_label=labels.table />
            {attachments}
            {keywords_line}
            <PrintUrl url=url.clone() labels />
        </article>
        <ShareBar url labels />
        {life_links}
        <PrevNext prev next href=notice_href labels />
        {related}
        <NoticeActions
            on_top=Callback::new(|()| {
                browser::scroll_to_top();
                browser::focus_without_scroll("top");
            })
            on_close
            on_print=Callback::new(|()| browser::print())
            labels
        />
    }
}

/// 关闭窗口 was refused: go back inside the app when there is in-app history, else to the
/// channel list, and say so in the live region.
fn close_fallback(
    state: AppState,
    labels: &'static Labels,
    list_href: &str,
    navigate: impl Fn(&str, NavigateOptions),
) {
    if state.nav.with_value(|nav| nav.can_go_back()) {
        browser::history_back();
        state.announce(labels.close_went_back);
    } else {
        navigate(
            list_href,
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
        state.announce(labels.close_went_to_list);
    }
}
