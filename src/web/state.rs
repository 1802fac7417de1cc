//! The app's state and the context accessors every view uses: the deployment's base, 字号, the
//! live region, the active channel, the in-app history ([`AppState`]), and the loaded site file
//! with its labels ([`SiteContext`]). Views take them from here, never from the route table.

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;

use crate::contract::labels::Labels;
use crate::contract::model::Site;
use crate::contract::prefs::FontSize;
use crate::contract::urls::BasePath;
use crate::web::nav::NavStack;
use crate::web::platform::browser;

thread_local! {
    /// When the app last said something in the live region (ms since the epoch).
    static LAST_ANNOUNCED: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
}

/// When the app last said something in the live region through [`AppState::announce`] (ms since
/// the epoch; minus infinity before the first time).
pub fn last_announced() -> f64 {
    LAST_ANNOUNCED.with(Cell::get)
}

/// State shared by every page, provided as context by the root component ([`crate::web::routes::App`]).
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
        LAST_ANNOUNCED.with(|t| t.set(browser::now_ms()));
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
