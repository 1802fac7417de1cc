//! `/search?q=…&channel=…&from=…&to=…&sort=…&page=…`: the search form with its filters, and the
//! results (title, channel, date, a snippet with every matched term highlighted, the count, a
//! pager), or a "no results" page with suggestions.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use std::sync::Arc;

use crate::contract::labels::Labels;
use crate::contract::library::{LibraryIndex, FACETS};
use crate::contract::model::Site;
use crate::contract::time::display_date;
use crate::contract::urls::data_files;
use crate::contract::urls::routes;
use crate::search::params::SearchParams;
use crate::search::query::Sort;
use crate::search::results::{ResultItem, Results, PAGE_SIZE};
use crate::search::snippet::Marked;
use crate::web::components::disclosure::DisclosureButton;
use crate::web::components::layout::Breadcrumb;
use crate::web::components::life::{LifeMarks, Marks};
use crate::web::components::pager::Pager;
use crate::web::components::search_box::marked_view;
use crate::web::components::status::show_load;
use crate::web::components::status::ErrorPanel;
use crate::web::effects::effect;
use crate::web::head::use_head;
use crate::web::load::Load;
use crate::web::load::{use_loader, Loader};
use crate::web::platform::fetch::fetch_file;
use crate::web::search_client;
use crate::web::state::{use_app, use_site, AppState, SiteContext};

/// The search page.
#[component]
pub fn SearchPage() -> impl IntoView {
    let state = use_app();
    let ctx = use_site();
    let labels = ctx.labels;
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|m| SearchParams::read(|k| m.get(k))));
    effect(move |_| state.active_channel.set(None));
    let fields = Fields::following(params);
    let library = library_index(state, &ctx, params);
    // The shown results' snippets: they arrive after the list (each needs its notice's text).
    let snippets = RwSignal::new(Vec::<Option<Marked>>::new());
    let data = load_results(state, params, snippets);
    let form = search_form(state, &ctx, fields, params, library);
    let results = results_view(state, &ctx, data, params, snippets);
    view! {
        <Breadcrumb trail=vec![(labels.search.to_string(), None)] />
        <h1 class="list-title">{labels.search}</h1>
        {form}
        <div class="search-output">{results}</div>
    }
}

/// The form's fields. They follow the URL (so back and forward restore them too).
#[derive(Clone, Copy)]
struct Fields {
    q: RwSignal<String>,
    channel: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    sort: RwSignal<Sort>,
    /// The policy library's facet filters.
    facets: RwSignal<Vec<(String, String)>>,
}

impl Fields {
    /// Fields that take the values of `params` whenever it changes.
    fn following(params: Memo<SearchParams>) -> Self {
        let fields = Self {
            q: RwSignal::new(String::new()),
            channel: RwSignal::new(String::new()),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            sort: RwSignal::new(Sort::Relevance),
            facets: RwSignal::new(Vec::new()),
        };
        effect(move |_| {
            let p = params.get();
            fields.q.set(p.q);
            fields.channel.set(p.channel.unwrap_or_default());
            fields.from.set(p.from.unwrap_or_default());
            fields.to.set(p.to.unwrap_or_default());
            fields.sort.set(p.sort);
            fields.facets.set(p.facets);
        });
        fields
    }

    /// The search the form asks for.
    fn wanted(self) -> SearchParams {
        let text = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.is_empty());
        SearchParams::read(|k| match k {
            "q" => Some(self.q.get_untracked()),
            "channel" => text(self.channel),
            "from" => text(self.from),
            "to" => text(self.to),
            "sort" => Some(self.sort.get_untracked().as_param().to_string()),
            key => self
                .facets
                .with_untracked(|f| f.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())),
        })
    }
}

/// The search the URL asks for, run in the search engine; its snippets go to `snippets` when
/// they arrive. Without a query there is nothing to load: the page is ready at once (also
/// prerendered).
fn load_results(
    state: AppState,
    params: Memo<SearchParams>,
    snippets: RwSignal<Vec<Option<Marked>>>,
) -> Loader<Results> {
    use_loader(
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
    )
}

/// The search form: the query, then the filters and the sort; sending it opens their URL.
fn search_form(
    state: AppState,
    ctx: &SiteContext,
    fields: Fields,
    params: Memo<SearchParams>,
    library: RwSignal<Option<Arc<LibraryIndex>>>,
) -> impl IntoView {
    let labels = ctx.labels;
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &state.href(&fields.wanted().route()),
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    };
    let start_engine = move || {
        let _ = search_client::start(&state.base.get_value());
    };
    // On a phone the filters and the sort fill the first screen before any result; there they fold
    // behind a disclosure button (style/main.css shows it only on narrow screens, where a closed
    // fieldset is `display: none`), open from the start when the URL sets one of them.
    let filters_open = RwSignal::new({
        let p = params.get_untracked();
        p.filtered() || p.sort != Sort::Relevance
    });
    let q = fields.q;
    view! {
        <form
            class="search-form"
            role="search"
            aria-label=labels.search_form
            action=state.href(&routes::search_folder())
            method="get"
            on:submit=on_submit
        >
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
            {filters(ctx, fields, filters_open, library)}
        </form>
    }
}

/// The filters and the sort, with their own submit button.
fn filters(
    ctx: &SiteContext,
    fields: Fields,
    open: RwSignal<bool>,
    library: RwSignal<Option<Arc<LibraryIndex>>>,
) -> impl IntoView {
    let labels = ctx.labels;
    let facets = move || {
        library.get().map(|index| {
            FACETS
                .iter()
                .map(|facet| {
                    facet_select(
                        labels,
                        &index,
                        facet.key,
                        (facet.label)(labels),
                        fields.facets,
                    )
                })
                .collect_view()
        })
    };
    view! {
        <fieldset id="search-filters" class="search-filters" class:open=move || open.get()>
            <legend>{labels.search_filters}</legend>
            <label>
                <span>{labels.search_channel}</span>
                {channel_select(ctx, fields.channel)}
            </label>
            {facets}
            {date_field(labels.search_from, "from", fields.from)}
            {date_field(labels.search_to, "to", fields.to)}
            <label>
                <span>{labels.search_sort}</span>
                {sort_select(labels, fields.sort)}
            </label>
            <button type="submit" class="search-apply">
                {labels.search_apply}
            </button>
        </fieldset>
    }
}

/// The channel filter: any channel, or one of the site's.
fn channel_select(ctx: &SiteContext, channel: RwSignal<String>) -> impl IntoView {
    let labels = ctx.labels;
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
    view! {
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
    }
}

/// The policy library's facet index, for the facet filters (when the site has a library): loaded
/// once the page shows a search, so that the empty (prerendered) page requests nothing and does
/// not move when the app takes it over.
fn library_index(
    state: AppState,
    ctx: &SiteContext,
    params: Memo<SearchParams>,
) -> RwSignal<Option<Arc<LibraryIndex>>> {
    let index = RwSignal::new(None);
    if ctx.site.library {
        let loader = use_loader(
            || None,
            move |abort| {
                let p = params.get();
                if (p.q.is_empty() && p.facets.is_empty()) || index.with_untracked(Option::is_some)
                {
                    return None;
                }
                Some(fetch_file::<LibraryIndex>(
                    state.data_url(data_files::LIBRARY),
                    abort,
                ))
            },
        );
        effect(move |_| {
            if let Load::Ready(i) = loader.state.get() {
                index.set(Some(Arc::new(i)));
            }
        });
    }
    index
}

/// A facet filter of the policy library: any value, or one of the facet's.
fn facet_select(
    labels: &'static Labels,
    index: &LibraryIndex,
    key: &'static str,
    label: &'static str,
    facets: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let current = move || {
        facets.with(|f| {
            f.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
    };
    let set = move |value: String| {
        facets.update(|f| {
            f.retain(|(k, _)| k != key);
            if !value.is_empty() {
                f.push((key.to_string(), value));
            }
        })
    };
    let values = index
        .facets
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.values.clone())
        .unwrap_or_default();
    let options = values
        .into_iter()
        .map(|v| {
            let text = v.clone();
            let value = v.clone();
            let selected = move || current() == v;
            view! {
                <option value=value selected=selected>
                    {text}
                </option>
            }
        })
        .collect_view();
    view! {
        <label>
            <span>{label}</span>
            <select name=key on:change=move |ev| set(event_target_value(&ev)) prop:value=current>
                <option value="" selected=move || current().is_empty()>
                    {labels.facet_any}
                </option>
                {options}
            </select>
        </label>
    }
}

/// A date filter (`from` or `to`).
fn date_field(label: &'static str, name: &'static str, date: RwSignal<String>) -> impl IntoView {
    view! {
        <label>
            <span>{label}</span>
            <input
                type="date"
                name=name
                prop:value=move || date.get()
                on:input=move |ev| date.set(event_target_value(&ev))
            />
        </label>
    }
}

/// The sort: by relevance or by date.
fn sort_select(labels: &'static Labels, sort: RwSignal<Sort>) -> impl IntoView {
    view! {
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
    }
}

/// What the search gave: a prompt without a query, the results, "no results", the placeholder
/// while searching or the error.
fn results_view(
    state: AppState,
    ctx: &SiteContext,
    data: Loader<Results>,
    params: Memo<SearchParams>,
    snippets: RwSignal<Vec<Option<Marked>>>,
) -> impl IntoView {
    let labels = ctx.labels;
    let site = ctx.site.clone();
    show_load(
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
                "{}{}{}{}",
                labels.search_found_prefix,
                results.total,
                if results.more { labels.count_more } else { "" },
                labels.search_found_suffix
            ));
            if results.total == 0 {
                return no_results(state, labels, &site, &p).into_any();
            }
            found(state, labels, &site, results, p, snippets).into_any()
        },
        move |error, retry| {
            view! {
                <ErrorPanel error retry list_href=None labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.search_searching,
    )
}

/// The results: their count, a note when they match loosely, the list and the pager.
fn found(
    state: AppState,
    labels: &'static Labels,
    site: &Site,
    results: Results,
    p: SearchParams,
    snippets: RwSignal<Vec<Option<Marked>>>,
) -> impl IntoView {
    let items = results
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| result_item(state, site, i, item, snippets))
        .collect_view();
    view! {
        <p class="search-summary">
            {labels.search_found_prefix}
            <strong>{results.total}</strong>
            {results.more.then_some(labels.count_more)}
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
            more=results.more
            href=Callback::new(move |n: u32| state.href(&p.with_page(n).route()))
            labels
        />
    }
}

/// Result `i`: its title (a link), channel and date, and its snippet once it has arrived.
fn result_item(
    state: AppState,
    site: &Site,
    i: usize,
    item: ResultItem,
    snippets: RwSignal<Vec<Option<Marked>>>,
) -> impl IntoView {
    let date = display_date(&item.doc.published);
    let href = state.href(&routes::notice(&item.doc.id));
    let marks = Marks::at(
        item.doc.validity,
        item.doc.valid_until.as_deref(),
        item.doc.deadline.as_deref(),
        &item.doc.published,
        crate::web::platform::browser::now_seconds(),
    );
    let life_labels = crate::contract::labels::for_lang(&site.lang);
    let channel = site
        .channel(&item.doc.channel)
        .map_or_else(|| item.doc.channel.clone(), |c| c.name.clone());
    view! {
        <li class="search-result">
            <h2 class="search-result-title">
                <a href=href>{marked_view(item.title)}</a>
            </h2>
            <p class="search-result-meta">
                <LifeMarks marks labels=life_labels />
                <span class="search-result-channel">{channel}</span>
                <time datetime=item.doc.published>{date}</time>
            </p>
            {move || {
                snippets
                    .with(|s| s.get(i).cloned().flatten())
                    .map(|s| {
                        view! { <p class="search-result-snippet">{marked_view(s)}</p> }
                    })
            }}
        </li>
    }
}

/// The "no results" page: what was searched, and what to try.
fn no_results(
    state: AppState,
    labels: &'static Labels,
    site: &Site,
    p: &SearchParams,
) -> impl IntoView {
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
