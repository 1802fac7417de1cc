//! Any path the route table does not know.

use leptos::prelude::*;

use crate::contract::urls::routes;
use crate::web::components::status::NotFoundPanel;
use crate::web::state::{use_app, use_site};

/// The not-found page, with a way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let state = use_app();
    state.active_channel.set(None);
    view! {
        <NotFoundPanel list=None home_href=state.href(&routes::home()) labels=use_site().labels />
    }
}
