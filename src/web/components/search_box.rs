//! The header search box: a search form whose field is a combobox with type-ahead results
//! (debounced, arrow keys to choose, Enter to open, Escape to close; the count is announced).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::contract::urls::routes;
use crate::search::params::SearchParams;
use crate::search::results::ResultItem;
use crate::search::snippet::Marked;
use crate::web::effects::effect;
use crate::web::latest::Latest;
use crate::web::platform::browser;
use crate::web::search_client;
use crate::web::state::{use_app, use_site};

/// Milliseconds after the last key press before type-ahead results are looked up.
pub const DEBOUNCE_MS: i32 = 200;
/// Type-ahead results shown.
pub const SUGGESTIONS: usize = 6;

const INPUT_ID: &str = "site-search-input";
const LIST_ID: &str = "site-search-list";

fn option_id(i: usize) -> String {
    format!("site-search-option-{i}")
}

/// Text with its highlights as `<mark>` text nodes.
pub fn marked_view(m: Marked) -> impl IntoView {
    m.runs()
        .into_iter()
        .map(|(text, hit)| {
            if hit {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

/// The search box in the site header.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_app();
    let labels = use_site().labels;
    let navigate = use_navigate();
    let location = use_location();
    let text = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<ResultItem>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // A lookup is waiting for its debounce or for the engine: the list is `aria-busy`.
    let busy = RwSignal::new(false);
    let lookups = Latest::new();

    // The search engine (its own wasm, in a worker) starts when the reader begins to search.
    let start_engine = move || {
        let _ = search_client::start(&state.base.get_value());
    };
    let close = move || {
        open.set(false);
        active.set(None);
    };
    // Drops the type-ahead lookup waiting for its debounce or for the engine, so that it can
    // neither reopen the list nor replace what the live region says. Returns the ticket of a
    // lookup that begins now.
    let cancel_lookup = move || {
        busy.set(false);
        lookups.next()
    };
    // A new page closes the list, and a lookup begun on the previous page is dropped.
    effect(move |_| {
        location.pathname.track();
        location.search.track();
        cancel_lookup();
        close();
    });

    let results_href = move || {
        state.href(
            &SearchParams {
                q: text.get_untracked().trim().to_string(),
                page: 1,
                ..Default::default()
            }
            .route(),
        )
    };
    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            cancel_lookup();
            close();
            navigate(
                &href,
                NavigateOptions {
                    resolve: false,
                    ..Default::default()
                },
            );
        }
    };

    // Each key press drops the previous lookup and starts a new one after the debounce.
    let lookup = move || {
        let ticket = cancel_lookup();
        let q = text.get_untracked().trim().to_string();
        if q.is_empty() {
            items.set(Vec::new());
            close();
            return;
        }
        busy.set(true);
        browser::set_timeout(DEBOUNCE_MS, move || {
            if !lookups.is_current(ticket) {
                return;
            }
            let Some(controller) = lookups.controller() else {
                busy.set(false);
                return;
            };
            let signal = controller.signal();
            let base = state.base.get_value();
            let params = SearchParams {
                q,
                page: 1,
                ..Default::default()
            };
            leptos::task::spawn_local(async move {
                let result =
                    search_client::search(base, params, SUGGESTIONS, "box", signal, None).await;
                if !lookups.finish(ticket) {
                    return;
                }
                busy.set(false);
                let Ok(found) = result.map(|r| r.items) else {
                    // The engine could not be reached: say so rather than "no suggestions"
                    // (Enter still opens the results page, which offers 重试).
                    items.set(Vec::new());
                    close();
                    state.announce(labels.search_suggestions_unavailable);
                    return;
                };
                let count = found.len();
                items.set(found);
                active.set(None);
                open.set(true);
                if count == 0 {
                    state.announce(labels.search_no_suggestions);
                } else {
                    state.announce(&format!(
                        "{}{count}{}",
                        labels.search_suggestions_count, labels.search_suggestions_suffix
                    ));
                }
            });
        });
    };

    // Options: the results, then "see all results".
    let option_count = move || items.with(Vec::len) + 1;
    let option_href = move |i: usize| {
        items.with_untracked(|list| match list.get(i) {
            Some(item) => state.href(&routes::notice(&item.doc.id)),
            None => results_href(),
        })
    };

    let on_keydown = {
        let go = go.clone();
        move |ev: web_sys::KeyboardEvent| {
            let n = option_count();
            match ev.key().as_str() {
                "ArrowDown" => {
                    ev.prevent_default();
                    if !open.get_untracked() {
                        open.set(true);
                    }
                    active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
                }
                "ArrowUp" => {
                    ev.prevent_default();
                    if !open.get_untracked() {
                        open.set(true);
                    }
                    active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
                }
                "Escape" => {
                    // Also drops a lookup still on its way: the reader asked for no list.
                    cancel_lookup();
                    if open.get_untracked() {
                        ev.prevent_default();
                        close();
                    }
                }
                "Enter" => {
                    if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                        ev.prevent_default();
                        go(option_href(i));
                    }
                }
                _ => {}
            }
        }
    };

    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(results_href());
        }
    };

    let options = move || {
        let go = go.clone();
        let go_all = go.clone();
        let list = items.get();
        let shown = list.len();
        list.into_iter()
            .enumerate()
            .map(|(i, item)| {
                let go = go.clone();
                view! {
                    <li
                        role="option"
                        id=option_id(i)
                        aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                        class="search-option"
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| go(option_href(i))
                    >
                        {marked_view(item.title)}
                    </li>
                }
                .into_any()
            })
            .chain(std::iter::once(
                view! {
                    <li
                        role="option"
                        id=option_id(shown)
                        aria-selected=move || if active.get() == Some(shown) { "true" } else { "false" }
                        class="search-option search-option-all"
                        on:mousedown=|ev| ev.prevent_default()
                        on:click=move |_| go_all(option_href(shown))
                    >
                        {labels.search_all_results}
                    </li>
                }
                .into_any(),
            ))
            .collect_view()
    };

    view! {
        <form
            class="search-box"
            role="search"
            aria-label=labels.search
            on:submit=on_submit
        >
            <label class="visually-hidden" for=INPUT_ID>
                {labels.search_input}
            </label>
            <input
                id=INPUT_ID
                name="q"
                type="search"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=LIST_ID
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || active.get().map(option_id)
                placeholder=labels.search_placeholder
                prop:value=move || text.get()
                on:input=move |ev| {
                    start_engine();
                    text.set(event_target_value(&ev));
                    lookup();
                }
                on:keydown=on_keydown
                on:focus=move |_| start_engine()
                on:pointerdown=move |_| start_engine()
                on:blur=move |_| browser::set_timeout(150, move || {
                    if !lookups.is_alive() {
                        return;
                    }
                    cancel_lookup();
                    if open.get_untracked() {
                        close();
                    }
                })
            />
            <button type="submit" class="search-button">
                {labels.search_button}
            </button>
            <ul
                id=LIST_ID
                role="listbox"
                class="search-suggestions"
                aria-label=labels.search_suggestions
                hidden=move || !open.get()
                aria-busy=move || busy.get().then_some("true")
            >
                {options}
            </ul>
        </form>
    }
}
