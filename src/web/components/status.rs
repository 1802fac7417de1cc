//! Loading placeholders and the pages shown when content cannot be shown.

use crate::web::head::use_head;
use leptos::prelude::*;

use crate::contract::labels::Labels;
use crate::contract::read::ApiError;
use crate::web::load::{Load, Loader};

/// A placeholder with the shape of a page, so nothing jumps when the content arrives.
#[component]
pub fn Skeleton(
    /// Text for screen readers.
    #[prop(default = "正在加载…")]
    label: &'static str,
) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true">
            <span class="visually-hidden">{label}</span>
            <div class="skeleton-title" aria-hidden="true"></div>
            <div class="skeleton-line short" aria-hidden="true"></div>
            <div class="skeleton-line" aria-hidden="true"></div>
            <div class="skeleton-line" aria-hidden="true"></div>
            <div class="skeleton-line" aria-hidden="true"></div>
            <div class="skeleton-line short" aria-hidden="true"></div>
        </div>
    }
}

/// 该信息不存在或已删除, with links to the list (when known) and home.
#[component]
pub fn NotFoundPanel(
    /// The channel list to offer, as (href, name).
    list: Option<(String, String)>,
    /// The home href.
    home_href: String,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    use_head(
        Some(labels.not_found.to_string()),
        vec![("description", labels.not_found_hint.to_string())],
    );
    view! {
        <section class="status-panel status-not-found">
            <h1 tabindex="-1">{labels.not_found}</h1>
            <p>{labels.not_found_hint}</p>
            <ul class="status-links">
                {list
                    .map(|(href, name)| {
                        view! {
                            <li>
                                <a href=href>{labels.back_to_list} "：" {name}</a>
                            </li>
                        }
                    })}
                <li>
                    <a href=home_href>{labels.home}</a>
                </li>
            </ul>
        </section>
    }
}

/// The page for an [`ApiError`]: not found, malformed content (naming the file, details
/// collapsed), or a network/server failure with a 重试 button.
#[component]
pub fn ErrorPanel(
    /// What went wrong.
    error: ApiError,
    /// Incremented by 重试; the page's resources track it.
    retry: RwSignal<u32>,
    /// The channel list to offer, as (href, name).
    list_href: Option<(String, String)>,
    /// UI labels.
    labels: &'static Labels,
    /// The home href.
    #[prop(default = String::from("/"))]
    home_href: String,
) -> impl IntoView {
    match error {
        ApiError::NotFound { .. } => {
            view! { <NotFoundPanel list=list_href home_href labels /> }.into_any()
        }
        ApiError::Malformed { url, detail } => {
            use_head(
                Some(labels.malformed.to_string()),
                vec![("description", labels.malformed.to_string())],
            );
            view! {
                <section class="status-panel status-malformed" role="alert">
                    <h1 tabindex="-1">{labels.malformed}</h1>
                    <p>{labels.malformed_file} <code class="file-name">{url}</code></p>
                    <details>
                        <summary>{labels.technical_detail}</summary>
                        <pre>{detail}</pre>
                    </details>
                    <ul class="status-links">
                        <li>
                            <a href=home_href>{labels.home}</a>
                        </li>
                    </ul>
                </section>
            }
            .into_any()
        }
        other => {
            let hint = match other {
                ApiError::Timeout { .. } => labels.timeout_hint.to_string(),
                ApiError::Http {
                    retry_after: Some(seconds),
                    ..
                } => crate::contract::format::busy_hint(labels, seconds),
                _ => labels.unavailable_hint.to_string(),
            };
            let detail = other.to_string();
            use_head(
                Some(labels.unavailable.to_string()),
                vec![("description", hint.clone())],
            );
            view! {
                <section class="status-panel status-unavailable" role="alert">
                    <h1 tabindex="-1">{labels.unavailable}</h1>
                    <p>{hint}</p>
                    <p>
                        <button
                            type="button"
                            class="retry-button"
                            on:click=move |_| retry.update(|n| *n += 1)
                        >
                            {labels.retry}
                        </button>
                    </p>
                    <details>
                        <summary>{labels.technical_detail}</summary>
                        <pre>{detail}</pre>
                    </details>
                </section>
            }
            .into_any()
        }
    }
}

/// Shows a load: a placeholder while loading, the page when ready, the error page on failure.
pub fn show_load<T: Clone + Send + Sync + 'static>(
    loader: Loader<T>,
    ready: impl Fn(T) -> AnyView + Send + Sync + 'static,
    failed: impl Fn(ApiError, RwSignal<u32>) -> AnyView + Send + Sync + 'static,
    loading: &'static str,
) -> impl IntoView {
    crate::web::effects::dynamic_view(move || match loader.state.get() {
        Load::Loading => view! { <Skeleton label=loading /> }.into_any(),
        Load::Ready(value) => ready(value),
        Load::Failed(error) => failed(error, loader.retry),
    })
}
