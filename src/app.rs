//! The app: shared state, the site shell and the whole route table.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api::{fetch_file, ApiError};
use crate::browser;
use crate::components::layout::{SiteFooter, SiteHeader};
use crate::components::status::{ErrorPanel, Skeleton};
use crate::components::toolbar::ReadingToolbar;
use crate::labels::{self, Labels};
use crate::load::{use_loader, Load};
use crate::model::Site;
use crate::nav::NavStack;
use crate::pages::{
    home::HomePage, list::ListPage, not_found::NotFoundPage, notice::NoticePage, search::SearchPage,
};
use crate::prefs::FontSize;
use crate::preload;
use crate::urls::{data_files, BasePath};

/// State shared by every page, provided as context by [`App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The deployment's base path.
    pub base: StoredValue<BasePath>,
    /// The notice text size (字号).
    pub font: RwSignal<FontSize>,
    /// The text of the polite live region.
    pub announcement: RwSignal<String>,
    /// The channel the current page belongs to, for `aria-current` in the navigation.
    pub active_channel: RwSignal<Option<String>>,
    /// The pages visited inside the app.
    pub nav: StoredValue<NavStack>,
}

impl AppState {
    /// An in-app href for a route path (see [`BasePath::href`]).
    pub fn href(&self, route: &str) -> String {
        self.base.with_value(|b| b.href(route))
    }

    /// The URL of a data file.
    pub fn data_url(&self, file: &str) -> String {
        self.base.with_value(|b| b.data(file))
    }

    /// Says something in the polite live region.
    pub fn announce(&self, text: &str) {
        crate::head::note_announcement();
        self.announcement.set(text.to_string());
    }
}

/// The loaded site file and the UI labels for its language, provided as context once
/// `data/site.json` is in.
#[derive(Clone)]
pub struct SiteContext {
    /// The site file.
    pub site: Arc<Site>,
    /// The labels in the site's language.
    pub labels: &'static Labels,
}

/// The app state from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// The site context from context.
pub fn use_site() -> SiteContext {
    expect_context::<SiteContext>()
}

/// Shows a panic as a page-level message with a reload button, after logging it.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        browser::show_crash_notice(labels::ZH.crashed, labels::ZH.reload);
    }));
}

/// Starts the app in the browser. On a prerendered page (see `crate::prerender`) the embedded data
/// files are read first, so the first render is the page already shown, built synchronously, and
/// the prerendered nodes are swapped for the app's in the same task ([`browser::take_over`]):
/// no flash, no layout shift, scroll and focus kept, no request for data the page carries.
pub fn start() {
    if let Some(text) = browser::element_text(preload::ELEMENT_ID) {
        if let Some(route) = preload::load_embedded(&text) {
            // Served for another URL (a 404 page, a host's fallback): keep the data, not the
            // channel of the page it was made for.
            let base = BasePath::new(&browser::base_href().unwrap_or_else(|| "/".into()));
            let path = browser::location_path().unwrap_or_default();
            let route_path = path.strip_prefix(base.router_base()).unwrap_or(&path);
            if !preload::same_route(route_path, &route) {
                preload::set_channel(None);
            }
        }
    }
    let start = &prerender_marker::START[4..prerender_marker::START.len() - 3];
    let end = &prerender_marker::END[4..prerender_marker::END.len() - 3];
    browser::take_over(start, end, || leptos::mount::mount_to_body(App));
    browser::set_root_attribute("data-app", "ready");
    prefetch_notices();
}

/// Fetches a notice's data file as soon as a link to it is pointed at, focused or touched, so
/// that following the link shows the notice at once (see [`preload::prefetched`]).
fn prefetch_notices() {
    let base = BasePath::new(&browser::base_href().unwrap_or_else(|| "/".into()));
    browser::on_link_intent(move |href| {
        let Some(id) = href
            .strip_prefix(base.as_str())
            .and_then(|rest| rest.strip_prefix("notice/"))
            .map(|id| id.trim_end_matches('/'))
            .filter(|id| crate::model::is_valid_id(id))
        else {
            return;
        };
        let file = data_files::notice(id);
        if preload::has(&file) {
            return;
        }
        let url = base.data(&file);
        leptos::task::spawn_local(async move {
            if let Some(text) = crate::api::prefetch_text(url).await {
                preload::prefetched(&file, text);
            }
        });
    });
}

/// The comments around the prerendered content in `<body>` (shared with the native renderer).
pub mod prerender_marker {
    /// Opens the prerendered content.
    pub const START: &str = "<!--bulletin-prerender-->";
    /// Closes it.
    pub const END: &str = "<!--/bulletin-prerender-->";
}

/// The root component: meta context, state, router, the site shell and the route table.
#[component]
pub fn App() -> impl IntoView {
    // A native render (prerendering) provides the base; the browser reads `<base href>`.
    let base = use_context::<BasePath>()
        .unwrap_or_else(|| BasePath::new(&browser::base_href().unwrap_or_else(|| "/".into())));
    let router_base = base.router_base().to_string();
    let state = AppState {
        base: StoredValue::new(base),
        font: RwSignal::new(FontSize::from_attribute(
            browser::root_attribute(FontSize::ATTRIBUTE).as_deref(),
        )),
        announcement: RwSignal::new(String::new()),
        // A prerendered page says which channel it shows, as the header renders before the page.
        active_channel: RwSignal::new(preload::channel()),
        nav: StoredValue::new(NavStack::default()),
    };
    provide_context(state);

    let site = use_loader(
        || preload::get::<Site>(data_files::SITE),
        move |abort| Some(fetch_file::<Site>(state.data_url(data_files::SITE), abort)),
    );

    view! {
        <Router base=router_base>
            <NavTracker />
            <div id="top" tabindex="-1"></div>
            {crate::effects::dynamic_view(move || match site.state.get() {
                Load::Loading => view! { <ShellPlaceholder /> }.into_any(),
                Load::Ready(site) => view! { <Shell site=Arc::new(site) /> }.into_any(),
                Load::Failed(error) => view! { <SiteError error retry=site.retry /> }.into_any(),
            })}
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                {move || state.announcement.get()}
            </div>
        </Router>
    }
}

/// Records every route change in the in-app history.
#[component]
fn NavTracker() -> impl IntoView {
    let state = use_app();
    let location = use_location();
    crate::effects::effect(move |first: Option<()>| {
        let path = location.pathname.get();
        state.nav.update_value(|nav| nav.visit(&path));
        // The canonical URL and Open Graph tags of a prerendered page describe that page only.
        if first.is_some() {
            browser::remove_prerendered_head();
        }
    });
}

/// Header, routes and footer once the site file is in.
#[component]
fn Shell(site: Arc<Site>) -> impl IntoView {
    let labels = labels::for_lang(&site.lang);
    if labels.lang != "zh-CN" {
        browser::set_root_attribute("lang", &site.lang);
    }
    provide_context(SiteContext {
        site: site.clone(),
        labels,
    });
    view! {
        <SkipLink />
        <ReadingToolbar />
        <SiteHeader />
        <OfflineNote />
        <main id="main" tabindex="-1" class="site-main">
            <FlatRoutes fallback=|| view! { <NotFoundPage /> }>
                <Route path=path!("") view=HomePage />
                <Route path=path!("list/:channel/:page") view=ListPage />
                <Route path=path!("notice/:id") view=NoticePage />
                <Route path=path!("search") view=SearchPage />
            </FlatRoutes>
        </main>
        <SiteFooter />
    }
}

/// 离线: shown while the browser is offline (the page then comes from the service worker's cache,
/// see public/sw.js), gone when it is back online.
#[component]
fn OfflineNote() -> impl IntoView {
    let labels = use_site().labels;
    let online = RwSignal::new(browser::is_online());
    browser::on_connectivity(move |now| online.set(now));
    move || {
        (!online.get()).then(|| {
            view! {
                <p class="offline-note" role="status">
                    {labels.offline_note}
                </p>
            }
        })
    }
}

/// The skip link: moves focus to the main content (a fragment link would not do under `<base>`).
#[component]
fn SkipLink() -> impl IntoView {
    let labels = use_site().labels;
    view! {
        <a
            class="skip-link"
            href="#main"
            on:click=|ev| {
                ev.prevent_default();
                browser::focus_without_scroll("main");
                browser::scroll_into_view("main");
            }
        >
            {labels.skip_to_content}
        </a>
    }
}

/// The placeholder shown while the site file loads: the shell's shape, no text to jump.
#[component]
fn ShellPlaceholder() -> impl IntoView {
    view! {
        <div class="site-header placeholder-header" aria-hidden="true"></div>
        <main id="main" class="site-main">
            <Skeleton />
        </main>
    }
}

/// The site file could not be loaded: nothing else can be shown, but 重试 works.
#[component]
fn SiteError(error: ApiError, retry: RwSignal<u32>) -> impl IntoView {
    view! {
        <main id="main" class="site-main">
            <ErrorPanel error retry list_href=None labels=&labels::ZH />
        </main>
    }
}
