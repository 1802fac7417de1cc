//! Any path the route table does not know.

use leptos::prelude::*;

use crate::app::{use_app, use_site};
use crate::components::status::NotFoundPanel;
use crate::urls::routes;

/// The not-found page, with a way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let state = use_app();
    state.active_channel.set(None);
    view! {
        <NotFoundPanel list=None home_href=state.href(&routes::home()) labels=use_site().labels />
    }
}
