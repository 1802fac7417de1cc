//! `/library?publisher=…&year=…&code=…&topic=…&sort=written&page=…`: the policy library
//! (政策文件库). Facets with their counts, the documents that pass the filters, in 发布日期 or
//! 成文日期 order. Every filter, the order and the page are links, so the URL can be shared and
//! back and forward restore it. The data: `data/library.json` (the facet index) and the search
//! index's `docs/<n>.bin` chunks of the documents shown, nothing else.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::contract::labels::Labels;
use crate::contract::library::{date_text, LibraryIndex, LibraryQuery, LibrarySort, FACETS};
use crate::contract::read::ApiError;
use crate::contract::time::display_date;
use crate::contract::urls::{data_files, routes, BasePath};
use crate::search::index::SearchDoc;
use crate::web::components::layout::Breadcrumb;
use crate::web::components::pager::Pager;
use crate::web::components::status::{show_load, ErrorPanel};
use crate::web::head::use_head;
use crate::web::load::use_loader;
use crate::web::platform::fetch::{fetch_file, fetch_gzip, join_all};
use crate::web::state::{use_app, use_site, AppState};

/// How many documents a page shows.
const PAGE_SIZE: usize = 20;

/// One page of the library, ready to show.
#[derive(Clone)]
struct View {
    index: Arc<LibraryIndex>,
    query: LibraryQuery,
    /// How many documents pass the filters.
    total: usize,
    /// The shown documents: row and its search document.
    shown: Vec<(usize, SearchDoc)>,
}

thread_local! {
    static INDEX: std::cell::RefCell<Option<Arc<LibraryIndex>>> = const { std::cell::RefCell::new(None) };
}

/// The library page.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    state.active_channel.set(None);
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| LibraryQuery::read(|k| m.get(k))));
    let data = use_loader(
        || None,
        move |abort| {
            let q = query.get();
            let base = state.base.get_value();
            Some(load(base, q, abort))
        },
    );
    use_head(
        Some(labels.library.to_string()),
        vec![("description", labels.library_intro.to_string())],
    );
    let page = show_load(
        data,
        move |view| view! { <LibraryView view /> }.into_any(),
        move |error, retry| {
            view! {
                <ErrorPanel error retry list_href=None labels home_href=state.href(&routes::home()) />
            }
            .into_any()
        },
        labels.loading,
    );
    view! {
        <Breadcrumb trail=vec![(labels.library.to_string(), None)] />
        <h1 class="list-title">{labels.library}</h1>
        <p class="library-intro">{labels.library_intro}</p>
        {page}
    }
}

/// The index (once per visit) and the shown documents' chunks.
async fn load(
    base: BasePath,
    query: LibraryQuery,
    abort: web_sys::AbortSignal,
) -> Result<View, ApiError> {
    let index = match INDEX.with(|i| i.borrow().clone()) {
        Some(index) => index,
        None => {
            let index = Arc::new(
                fetch_file::<LibraryIndex>(base.data(data_files::LIBRARY), abort.clone()).await?,
            );
            INDEX.with(|i| *i.borrow_mut() = Some(index.clone()));
            index
        }
    };
    let rows = index.matching(&query);
    let total = rows.len();
    let start = (query.page.max(1) as usize - 1) * PAGE_SIZE;
    let page: Vec<usize> = rows.into_iter().skip(start).take(PAGE_SIZE).collect();
    let chunk = index.doc_chunk.max(1);
    let doc = |r: usize| index.rows[r].first().copied().unwrap_or(0);
    let mut chunks: Vec<u32> = Vec::new();
    for &r in &page {
        if !chunks.contains(&(doc(r) / chunk)) {
            chunks.push(doc(r) / chunk);
        }
    }
    let url = |n: u32| {
        format!(
            "{}?v={}",
            base.data(&data_files::search(&format!("docs/{n}.bin"))),
            index
                .doc_versions
                .get(n as usize)
                .map_or("", String::as_str)
        )
    };
    let fetched = join_all(
        chunks
            .iter()
            .map(|&n| fetch_gzip(url(n), abort.clone()))
            .collect(),
    )
    .await;
    let mut lists: Vec<(u32, Vec<SearchDoc>)> = Vec::new();
    for (&n, bytes) in chunks.iter().zip(fetched) {
        let malformed = |detail: String| ApiError::Malformed {
            url: url(n),
            detail,
        };
        let text = String::from_utf8(bytes?).map_err(|e| malformed(e.to_string()))?;
        let list: Vec<SearchDoc> = crate::contract::json::from_str(&text).map_err(malformed)?;
        lists.push((n, list));
    }
    let shown = page
        .into_iter()
        .filter_map(|r| {
            let d = doc(r);
            let list = &lists.iter().find(|(n, _)| *n == d / chunk)?.1;
            Some((r, list.get((d % chunk) as usize)?.clone()))
        })
        .collect();
    Ok(View {
        index,
        query,
        total,
        shown,
    })
}

/// The facets, the order and the documents.
#[component]
fn LibraryView(view: View) -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    let View {
        index,
        query,
        total,
        shown,
    } = view;
    let facets = FACETS
        .iter()
        .map(|facet| {
            facet_view(
                state,
                labels,
                &index,
                &query,
                facet.key,
                (facet.label)(labels),
            )
        })
        .collect_view();
    let sort_link = |sort: LibrarySort, text: &'static str| {
        let current = (query.sort == sort).then_some("true");
        view! {
            <li>
                <a href=state.href(&query.with_sort(sort).route()) aria-current=current>
                    {text}
                </a>
            </li>
        }
    };
    let clear = (!query.filters.is_empty()).then(|| {
        view! {
            <p class="library-clear">
                <a href=state.href(&routes::library())>{labels.library_clear}</a>
            </p>
        }
    });
    let pages = total.div_ceil(PAGE_SIZE).max(1) as u32;
    let q = query.clone();
    let href = Callback::new(move |n: u32| state.href(&q.with_page(n).route()));
    let list = if shown.is_empty() {
        view! { <p class="empty-list">{labels.library_none}</p> }.into_any()
    } else {
        view! {
            <ul class="library-list">
                {shown
                    .into_iter()
                    .map(|(row, doc)| document_view(state, labels, &index, row, doc))
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="library">
            <nav class="library-facets" aria-label=labels.library_filters>
                {facets}
                {clear}
            </nav>
            <section class="library-results" aria-labelledby="library-count">
                <p id="library-count" class="library-count">
                    {labels.total_prefix} {total} {labels.library_total_suffix}
                </p>
                <ul class="library-sort" aria-label=labels.search_sort>
                    {sort_link(LibrarySort::Published, labels.library_by_published)}
                    {sort_link(LibrarySort::Written, labels.library_by_written)}
                </ul>
                {list}
                {(pages > 1)
                    .then(|| {
                        view! {
                            <Pager current=query.page pages total=total as u32 href labels />
                        }
                    })}
            </section>
        </div>
    }
}

/// One facet: 全部 and each value with its count, as links.
fn facet_view(
    state: AppState,
    labels: &'static Labels,
    index: &LibraryIndex,
    query: &LibraryQuery,
    key: &'static str,
    label: &'static str,
) -> impl IntoView {
    let selected = query.filter(key).map(str::to_string);
    let heading = format!("facet-{key}");
    let labelledby = heading.clone();
    let link = |value: Option<&str>, text: String| {
        let current = (selected.as_deref() == value).then_some("true");
        view! {
            <li>
                <a href=state.href(&query.with_filter(key, value).route()) aria-current=current>
                    {text}
                </a>
            </li>
        }
    };
    let values = index
        .counts(query, key)
        .into_iter()
        .map(|(value, count)| link(Some(&value), format!("{value}（{count}）")))
        .collect_view();
    view! {
        <div class="library-facet" role="group" aria-labelledby=labelledby>
            <h2 id=heading class="library-facet-name">{label}</h2>
            <ul>
                {link(None, labels.facet_any.to_string())}
                {values}
            </ul>
        </div>
    }
}

/// One document: its title, 文号, 成文日期 and 发布日期.
fn document_view(
    state: AppState,
    labels: &'static Labels,
    index: &LibraryIndex,
    row: usize,
    doc: SearchDoc,
) -> impl IntoView {
    let number = index.numbers.get(row).cloned().unwrap_or_default();
    let written = index.rows[row].get(1).copied().unwrap_or(0);
    let published = display_date(&doc.published);
    view! {
        <li>
            <a href=state.href(&routes::notice(&doc.id))>{doc.title}</a>
            <dl class="library-meta">
                {(!number.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{labels.doc_number}</dt>
                                <dd>{number}</dd>
                            </div>
                        }
                    })}
                {(written > 0)
                    .then(|| {
                        view! {
                            <div>
                                <dt>{labels.written}</dt>
                                <dd>{date_text(written)}</dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{labels.published_date}</dt>
                    <dd>
                        <time datetime=doc.published>{published}</time>
                    </dd>
                </div>
            </dl>
        </li>
    }
}
