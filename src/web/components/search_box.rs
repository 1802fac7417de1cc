//! The header search box: a search form whose field is a combobox with type-ahead results
//! (debounced, arrow keys to choose, Enter to open, Escape to close; the count is announced).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::contract::labels::Labels;
use crate::contract::read::ApiError;
use crate::contract::urls::routes;
use crate::search::params::SearchParams;
use crate::search::results::ResultItem;
use crate::search::snippet::Marked;
use crate::web::effects::effect;
use crate::web::latest::{Latest, Ticket};
use crate::web::platform::browser;
use crate::web::search_client;
use crate::web::state::{use_app, use_site, AppState};

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
    let combo = Combo::new();
    let labels = combo.labels;
    let navigate = use_navigate();
    let location = use_location();
    // A new page closes the list, and a lookup begun on the previous page is dropped.
    effect(move |_| {
        location.pathname.track();
        location.search.track();
        combo.cancel_lookup();
        combo.close();
    });
    let go = move |href: String| {
        combo.cancel_lookup();
        combo.close();
        navigate(
            &href,
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        );
    };
    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            go(combo.results_href());
        }
    };

    view! {
        // A real form: before the app starts, without the search engine or without scripts,
        // sending it opens the search page with `?q=…`.
        <form
            class="search-box"
            role="search"
            aria-label=labels.search
            action=combo.state.href(&routes::search_folder())
            method="get"
            on:submit=on_submit
        >
            <label class="visually-hidden" for=INPUT_ID>
                {labels.search_input}
            </label>
            {search_input(combo, go.clone())}
            <button type="submit" class="search-button">
                {labels.search_button}
            </button>
            {suggestion_list(combo, go)}
        </form>
    }
}

/// What the search box holds: the field's text, the suggestions, whether their list is open and
/// which of them is chosen, and the type-ahead lookups.
#[derive(Clone, Copy)]
struct Combo {
    state: AppState,
    labels: &'static Labels,
    text: RwSignal<String>,
    items: RwSignal<Vec<ResultItem>>,
    open: RwSignal<bool>,
    active: RwSignal<Option<usize>>,
    /// A lookup is waiting for its debounce or for the engine: the list is `aria-busy`.
    busy: RwSignal<bool>,
    lookups: Latest,
}

impl Combo {
    fn new() -> Self {
        Self {
            state: use_app(),
            labels: use_site().labels,
            text: RwSignal::new(String::new()),
            items: RwSignal::new(Vec::new()),
            open: RwSignal::new(false),
            active: RwSignal::new(None),
            busy: RwSignal::new(false),
            lookups: Latest::new(),
        }
    }

    /// The search engine (its own wasm, in a worker) starts when the reader begins to search.
    fn start_engine(self) {
        let _ = search_client::start(&self.state.base.get_value());
    }

    fn close(self) {
        self.open.set(false);
        self.active.set(None);
    }

    /// Drops the type-ahead lookup waiting for its debounce or for the engine, so that it can
    /// neither reopen the list nor replace what the live region says. Returns the ticket of a
    /// lookup that begins now.
    fn cancel_lookup(self) -> Ticket {
        self.busy.set(false);
        self.lookups.next()
    }

    /// The results page for the field's text.
    fn results_href(self) -> String {
        self.state.href(
            &SearchParams {
                q: self.text.get_untracked().trim().to_string(),
                page: 1,
                ..Default::default()
            }
            .route(),
        )
    }

    /// Options: the results, then "see all results".
    fn option_count(self) -> usize {
        self.items.with(Vec::len) + 1
    }

    fn option_href(self, i: usize) -> String {
        self.items.with_untracked(|list| match list.get(i) {
            Some(item) => self.state.href(&routes::notice(&item.doc.id)),
            None => self.results_href(),
        })
    }

    /// Each key press drops the previous lookup and starts a new one after the debounce.
    fn lookup(self) {
        let ticket = self.cancel_lookup();
        let q = self.text.get_untracked().trim().to_string();
        if q.is_empty() {
            self.items.set(Vec::new());
            self.close();
            return;
        }
        self.busy.set(true);
        browser::set_timeout(DEBOUNCE_MS, move || {
            if !self.lookups.is_current(ticket) {
                return;
            }
            let Some(controller) = self.lookups.controller() else {
                self.busy.set(false);
                return;
            };
            let signal = controller.signal();
            let base = self.state.base.get_value();
            let params = SearchParams {
                q,
                page: 1,
                ..Default::default()
            };
            leptos::task::spawn_local(async move {
                let result =
                    search_client::search(base, params, SUGGESTIONS, "box", signal, None).await;
                if !self.lookups.finish(ticket) {
                    return;
                }
                self.busy.set(false);
                self.show(result.map(|r| r.items));
            });
        });
    }

    /// Shows a lookup's answer and says how many suggestions there are.
    fn show(self, found: Result<Vec<ResultItem>, ApiError>) {
        let labels = self.labels;
        let Ok(found) = found else {
            // The engine could not be reached: say so rather than "no suggestions" (Enter still
            // opens the results page, which offers 重试).
            self.items.set(Vec::new());
            self.close();
            self.state.announce(labels.search_suggestions_unavailable);
            return;
        };
        let count = found.len();
        self.items.set(found);
        self.active.set(None);
        self.open.set(true);
        if count == 0 {
            self.state.announce(labels.search_no_suggestions);
        } else {
            self.state.announce(&format!(
                "{}{count}{}",
                labels.search_suggestions_count, labels.search_suggestions_suffix
            ));
        }
    }

    /// Arrow keys move through the options (opening the list), Escape closes it, Enter opens the
    /// chosen option.
    fn on_keydown(self, ev: web_sys::KeyboardEvent, go: impl Fn(String)) {
        let n = self.option_count();
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if !self.open.get_untracked() {
                    self.open.set(true);
                }
                self.active
                    .update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" => {
                ev.prevent_default();
                if !self.open.get_untracked() {
                    self.open.set(true);
                }
                self.active
                    .update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Escape" => {
                // Also drops a lookup still on its way: the reader asked for no list.
                self.cancel_lookup();
                if self.open.get_untracked() {
                    ev.prevent_default();
                    self.close();
                }
            }
            "Enter" => {
                if let (true, Some(i)) = (self.open.get_untracked(), self.active.get_untracked()) {
                    ev.prevent_default();
                    go(self.option_href(i));
                }
            }
            _ => {}
        }
    }

    /// Leaving the field closes the list, after a moment so that a click on an option lands.
    fn on_blur(self) {
        browser::set_timeout(150, move || {
            if !self.lookups.is_alive() {
                return;
            }
            self.cancel_lookup();
            if self.open.get_untracked() {
                self.close();
            }
        })
    }
}

/// The field: a combobox whose input looks up suggestions.
fn search_input(combo: Combo, go: impl Fn(String) + Send + 'static) -> impl IntoView {
    let labels = combo.labels;
    let (open, active, text) = (combo.open, combo.active, combo.text);
    view! {
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
                combo.start_engine();
                text.set(event_target_value(&ev));
                combo.lookup();
            }
            on:keydown=move |ev| combo.on_keydown(ev, &go)
            on:focus=move |_| combo.start_engine()
            on:pointerdown=move |_| combo.start_engine()
            on:blur=move |_| combo.on_blur()
        />
    }
}

/// The list of suggestions: the results' titles, then "see all results".
fn suggestion_list(combo: Combo, go: impl Fn(String) + Clone + Send + 'static) -> impl IntoView {
    let labels = combo.labels;
    let (open, busy) = (combo.open, combo.busy);
    let options = move || {
        let list = combo.items.get();
        let shown = list.len();
        list.into_iter()
            .enumerate()
            .map(|(i, item)| {
                suggestion(
                    combo,
                    i,
                    "search-option",
                    marked_view(item.title),
                    go.clone(),
                )
                .into_any()
            })
            .chain(std::iter::once(
                suggestion(
                    combo,
                    shown,
                    "search-option search-option-all",
                    labels.search_all_results,
                    go.clone(),
                )
                .into_any(),
            ))
            .collect_view()
    };
    view! {
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
    }
}

/// Option `i` of the list, which opens its page when clicked.
fn suggestion(
    combo: Combo,
    i: usize,
    class: &'static str,
    content: impl IntoView + 'static,
    go: impl Fn(String) + Send + 'static,
) -> impl IntoView {
    let active = combo.active;
    view! {
        <li
            role="option"
            id=option_id(i)
            aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
            class=class
            on:mousedown=|ev| ev.prevent_default()
            on:click=move |_| go(combo.option_href(i))
        >
            {content}
        </li>
    }
}
