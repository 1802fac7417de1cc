//! Sharing a notice: 复制链接 and 扫一扫 (a QR code of the page URL drawn as SVG elements), and
//! the same QR code printed beside the URL on paper.

use leptos::prelude::*;

use crate::contract::labels::Labels;
use crate::web::components::disclosure::DisclosureButton;
use crate::web::platform::browser;
use crate::web::qr;
use crate::web::state::use_app;

/// The QR code of `url` as an `<svg>` of one `<path>`: black on a white square, whatever the
/// theme, so phones can read it on screen and on paper.
#[component]
pub fn QrCode(
    /// The text to encode.
    url: String,
    /// The accessible name of the image.
    name: &'static str,
    /// A class for the `<svg>`.
    class: &'static str,
) -> impl IntoView {
    let Some((size, path)) = qr::drawing(&url) else {
        return ().into_any();
    };
    let view_box = format!("0 0 {size} {size}");
    view! {
        <svg
            class=class
            viewBox=view_box
            role="img"
            aria-label=name
            shape-rendering="crispEdges"
            data-url=url
        >
            <rect width=size.to_string() height=size.to_string() fill="#ffffff"></rect>
            <path d=path fill="none" stroke="#000000"></path>
        </svg>
    }
    .into_any()
}

/// 复制链接 and 扫一扫 under a notice.
#[component]
pub fn ShareBar(
    /// The page's full URL.
    url: String,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let state = use_app();
    let qr_open = RwSignal::new(false);
    // What the last 复制链接 did: shown next to the button and said in the live region.
    let copy_result = RwSignal::new(None::<bool>);
    let copied_url = url.clone();
    let copy = move |_| {
        let url = copied_url.clone();
        leptos::task::spawn_local(async move {
            let copied = browser::copy_text(&url).await;
            copy_result.set(Some(copied));
            state.announce(if copied {
                labels.link_copied
            } else {
                labels.copy_failed
            });
        });
    };
    view! {
        <div class="share-bar" role="group" aria-label=labels.share>
            <div class="share-buttons">
                <button type="button" class="share-copy" on:click=copy>
                    {labels.copy_link}
                </button>
                <DisclosureButton
                    class="share-qr-toggle"
                    controls="share-qr"
                    open=qr_open
                    label=labels.scan_qr
                />
                <span class="share-feedback">
                    {move || if copy_result.get() == Some(true) { labels.link_copied } else { "" }}
                </span>
            </div>
            <p class="share-manual" hidden=move || copy_result.get() != Some(false)>
                {labels.copy_failed}
                <br />
                <code class="share-url">{url.clone()}</code>
            </p>
            <figure id="share-qr" class="share-qr" hidden=move || !qr_open.get()>
                <QrCode url name=labels.qr_name class="qr-code" />
                <figcaption>{labels.qr_hint}</figcaption>
            </figure>
        </div>
    }
}

/// The printed footer of a notice: 本页网址 and its QR code side by side (print media only).
#[component]
pub fn PrintUrl(
    /// The page's full URL.
    url: String,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    view! {
        <div class="print-url">
            <p class="print-url-text">{labels.page_url} {url.clone()}</p>
            <QrCode url name=labels.qr_name class="print-qr" />
        </div>
    }
}
