//! `/search?q=…&channel=…&from=…&to=…&sort=…&page=…`: the search form with its filters, and the
//! results (title, channel, date, a snippet with every matched term highlighted, the count, a
//! pager), or a "no results" page with suggestions.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::contract::time::display_date;
use crate::contract::urls::routes;
use crate::search::params::SearchParams;
use crate::search::query::Sort;
use crate::search::results::{Results, PAGE_SIZE};
use crate::search::snippet::Marked;
use crate::web::components::disclosure::DisclosureButton;
use crate::web::components::layout::Breadcrumb;
use crate::web::components::pager::Pager;
use crate::web::components::search_box::marked_view;
use crate::web::components::status::show_load;
use crate::web::components::status::ErrorPanel;
use crate::web::effects::effect;
use crate::web::head::use_head;
use crate::web::load::use_loader;
use crate::web::search_client;
use crate::web::state::{use_app, use_site};

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|m| SearchParams::read(|k| m.get(k))));
    effect(move |_| state.active_channel.set(None));

    // The form's fields follow the URL (so back and forward restore them too).
    let q = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let sort = RwSignal::new(Sort::Relevance);
    effect(move |_| {
        let p = params.get();
        q.set(p.q);
        channel.set(p.channel.unwrap_or_default());
        from.set(p.from.unwrap_or_default());
        to.set(p.to.unwrap_or_default());
        sort.set(p.sort);
    });

    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.is_empty());
        let wanted = SearchParams::read(|k| match k {
            "q" => Some(q.get_untracked()),
            "channel" => text(channel),
            "from" => text(from),
            "to" => text(to),
            "sort" => Some(sort.get_untracked().as_param().to_string()),
            _ => None,
        });
        navigate(
            &state.href(&wanted.route()),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    };

    // The shown results' snippets: they arrive after the list (each needs its notice's text).
    let snippets = RwSignal::new(Vec::<Option<Marked>>::new());
    // Without a query there is nothing to load: the page is ready at once (also prerendered).
    let data = use_loader(
        move || params.get().q.is_empty().then(Results::default),
        move |abort| {
            let p = params.get();
            let base = state.base.get_value();
            Some(async move {
                if p.q.is_empty() {
                    Ok(Results::default())
                } else {
                    snippets.set(Vec::new());
                    let sink: search_client::SnippetSink = Box::new(move |found| {
                        snippets.try_set(found);
                    });
                    search_client::search(base, p, PAGE_SIZE, "page", abort, Some(sink)).await
                }
            })
        },
    );
    let start_engine = move || {
        let _ = search_client::start(&state.base.get_value());
    };

    let channel_options = ctx
        .site
        .channels
        .iter()
        .map(|c| {
            let id = c.id.clone();
            let selected = {
                let id = id.clone();
                move || channel.get() == id
            };
            view! {
                <option value=id selected=selected>
                    {c.name.clone()}
                </option>
            }
        })
        .collect_view();

    // On a phone the filters and the sort fill the first screen before any result; there they fold
    // behind a disclosure button (style/main.css shows it only on narrow screens, where a closed
    // fieldset is `display: none`), open from the start when the URL sets one of them.
    let filters_open = RwSignal::new({
        let p = params.get_untracked();
        p.filtered() || p.sort != Sort::Relevance
    });

    let form = view! {
        <form class="search-form" role="search" aria-label=labels.search_form on:submit=on_submit>
            <div class="search-form-query">
                <label for="search-page-q">{labels.search_input}</label>
                <input
                    id="search-page-q"
                    name="q"
                    type="search"
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))
                    on:focus=move |_| start_engine()
                    on:pointerdown=move |_| start_engine()
                />
                <button type="submit" class="search-button">
                    {labels.search_button}
                </button>
            </div>
            <DisclosureButton
                class="search-filters-toggle"
                controls="search-filters"
                open=filters_open
                label=labels.search_filters_toggle
            />
            <fieldset id="search-filters" class="search-filters" class:open=move || filters_open.get()>
                <legend>{labels.search_filters}</legend>
                <label>
                    <span>{labels.search_channel}</span>
                    <select
                        name="channel"
                        on:change=move |ev| channel.set(event_target_value(&ev))
                        prop:value=move || channel.get()
                    >
                        <option value="" selected=move || channel.get().is_empty()>
                            {labels.search_any_channel}
                        </option>
                        {channel_options}
                    </select>
                </label>
                <label>
                    <span>{labels.search_from}</span>
                    <input
                        type="date"
                        name="from"
                        prop:value=move || from.get()
                        on:input=move |ev| from.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{labels.search_to}</span>
                    <input
                        type="date"
                        name="to"
                        prop:value=move || to.get()
                        on:input=move |ev| to.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    <span>{labels.search_sort}</span>
                    <select
                        name="sort"
                        on:change=move |ev| {
                            sort.set(
                                if event_target_value(&ev) == "date" {
                                    Sort::Date
                                } else {
                                    Sort::Relevance
                                },
                            )
                        }
                        prop:value=move || sort.get().as_param()
                    >
                        <option value="relevance" selected=move || sort.get() == Sort::Relevance>
                            {labels.search_by_relevance}
                        </option>
                        <option value="date" selected=move || sort.get() == Sort::Date>
                            {labels.search_by_date}
                        </option>
                    </select>
                </label>
                <button type="submit" class="search-apply">
                    {labels.search_apply}
                </button>
            </fieldset>
        </form>
    };

    let site = ctx.site.clone();
    let results = show_load(
        data,
        move |results| {
            let p = params.get_untracked();
            use_head(
                Some(if p.q.is_empty() {
                    labels.search.to_string()
                } else {
                    format!("{}：{}", labels.search, p.q)
                }),
                vec![],
            );
            if p.q.is_empty() {
                return view! { <p class="search-empty">{labels.search_empty}</p> }.into_any();
            }
            state.announce(&format!(
                "{}{}{}",
                labels.search_found_prefix, results.total, labels.search_found_suffix
            ));
            if results.total == 0 {
                return no_results(&p, &site).into_any();
            }
            let channel_name = {
                let site = site.clone();
                move |id: &str| {
                    site.channel(id)
                        .map_or_else(|| id.to_string(), |c| c.name.clone())
                }
            };
            let items = results
                .items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let date = display_date(&item.doc.published);
                    let href = state.href(&routes::notice(&item.doc.id));
                    let channel = channel_name(&item.doc.channel);
                    view! {
                        <li class="search-result">
                            <h2 class="search-result-title">
                                <a href=href>{marked_view(item.title)}</a>
                            </h2>
                            <p class="search-result-meta">
                                <span class="search-result-channel">{channel}</span>
                                <time datetime=item.doc.published>{date}</time>
                            </p>
                            {move || {
                                snippets
                                    .with(|s| s.get(i).cloned().flatten())
                                    .map(|s| {
                                        view! {
                                            <p class="search-result-snippet">{marked_view(s)}</p>
                                        }
                                    })
                            }}
                        </li>
                    }
                })
                .collect_view();
            let pager_params = p.clone();
            view! {
                <p class="search-summary">
                    {labels.search_found_prefix}
                    <strong>{results.total}</strong>
                    {labels.search_found_suffix}
                </p>
                {(!results.exact).then(|| view! { <p class="search-loose">{labels.search_loose}</p> })}
                <ol class="search-results" aria-label=labels.search_results>
                    {items}
                </ol>
                <Pager
                    current=results.page
                    pages=results.pages
                    total=results.total as u32
                    href=Callback::new(move |n: u32| state.href(&pager_params.with_page(n).route()))
                    labels
                />
            }
            .into_any()
        },
        move |error, retry| {
            view! {
                <ErrorPanel error retry list_href=None labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.search_searching,
    );

    view! {
        <Breadcrumb trail=vec![(labels.search.to_string(), None)] />
        <h1 class="list-title">{labels.search}</h1>
        {form}
        <div class="search-output">{results}</div>
    }
}

/// The "no results" page: what was searched, and what to try.
fn no_results(p: &SearchParams, site: &crate::contract::model::Site) -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    let unfiltered = p.filtered().then(|| {
        let href = state.href(
            &SearchParams {
                q: p.q.clone(),
                sort: p.sort,
                page: 1,
                ..Default::default()
            }
            .route(),
        );
        view! {
            <li>
                <a href=href>{labels.search_tip_filters}</a>
            </li>
        }
    });
    let channels = site
        .channels
        .iter()
        .map(|c| {
            view! {
                <li>
                    <a href=state.href(&routes::list(&c.id, 1))>{c.name.clone()}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="search-none" aria-labelledby="search-none-title">
            <h2 id="search-none-title">{labels.search_none}</h2>
            <p>{labels.search_none_for} <strong class="search-none-query">{p.q.clone()}</strong></p>
            <p>{labels.search_tips}</p>
            <ul class="search-tips">
                <li>{labels.search_tip_spelling}</li>
                <li>{labels.search_tip_shorter}</li>
                {unfiltered}
                <li>{labels.search_tip_browse}</li>
            </ul>
            <ul class="search-none-channels">{channels}</ul>
        </section>
    }
}
