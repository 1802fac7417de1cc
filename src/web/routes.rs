//! The route table: the root component (state, router, site shell) and the page shown for each
//! route path.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::use_location;
use leptos_router::{ParamSegment, StaticSegment};

use crate::contract::labels;
use crate::contract::model::Site;
use crate::contract::prefs::FontSize;
use crate::contract::read::ApiError;
use crate::contract::urls::{data_files, routes, BasePath};
use crate::web::aids::Aids;
use crate::web::components::aids::AidsOverlay;
use crate::web::components::layout::{SiteFooter, SiteHeader};
use crate::web::components::life::PreviewBanner;
use crate::web::components::status::{ErrorPanel, Skeleton};
use crate::web::components::toolbar::ReadingToolbar;
use crate::web::load::{use_loader, Load};
use crate::web::nav::NavStack;
use crate::web::pages::{
    home::HomePage, library::LibraryPage, list::ListPage, not_found::NotFoundPage,
    notice::NoticePage, search::SearchPage, sitemap::SitemapPage, standalone::StandalonePage,
};
use crate::web::platform::browser;
use crate::web::platform::fetch::fetch_file;
use crate::web::preload;
use crate::web::state::{use_app, use_site, AppState, SiteContext};

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
            {crate::web::effects::dynamic_view(move || match site.state.get() {
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
    crate::web::effects::effect(move |first: Option<()>| {
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
    // A preview build (drafts included) is never to be indexed, and says so on every page.
    let preview = site.preview.then(|| {
        browser::set_meta("robots", "noindex");
        view! { <PreviewBanner labels /> }
    });
    provide_context(SiteContext {
        site: site.clone(),
        labels,
    });
    let aids = Aids::new(use_app(), labels, &site.lang);
    provide_context(aids);
    // Reading aloud stops when the reader goes to another page.
    let location = use_location();
    crate::web::effects::effect(move |first: Option<()>| {
        location.pathname.track();
        if first.is_some() {
            aids.stop();
        }
    });
    view! {
        <SkipLink />
        {preview}
        <ReadingToolbar />
        <SiteHeader />
        <OfflineNote />
        <main id="main" tabindex="-1" class="site-main">
            // Static segments from `contract::urls::routes` (the paths the tool prerenders and
            // links use); parameter names are the fields of each page's `Params`.
            <FlatRoutes fallback=|| view! { <NotFoundPage /> }>
                <Route path=() view=HomePage />
                <Route
                    path=(
                        StaticSegment(routes::LIST),
                        ParamSegment("channel"),
                        ParamSegment("page"),
                    )
                    view=ListPage
                />
                <Route path=(StaticSegment(routes::NOTICE), ParamSegment("id")) view=NoticePage />
                <Route path=(StaticSegment(routes::SEARCH),) view=SearchPage />
                <Route path=(StaticSegment(routes::PAGE), ParamSegment("id")) view=StandalonePage />
                <Route path=(StaticSegment(routes::SITEMAP),) view=SitemapPage />
                <Route path=(StaticSegment(routes::LIBRARY),) view=LibraryPage />
            </FlatRoutes>
        </main>
        <SiteFooter />
        <AidsOverlay />
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
