//! Starting the app in the browser: the panic notice, reading a prerendered page's embedded data,
//! mounting the app in place of the prerendered nodes (the takeover), replaying the presses made
//! before it, and prefetching notices a reader is about to open.

use crate::contract::labels;
use crate::contract::urls::{data_files, BasePath};
use crate::web::platform::browser;
use crate::web::preload;
use crate::web::routes::App;

/// Shows a panic as a page-level message with a reload button, after logging it.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        browser::show_crash_notice(labels::ZH.crashed, labels::ZH.reload);
    }));
}

/// Starts the app in the browser. On a prerendered page (see `crate::tool::prerender`) the embedded data
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
    browser::replay_presses(PRESSES);
    prefetch_notices();
}

/// The global in which the page's boot script (`public/prefs.js`) keeps the buttons pressed
/// before the takeover; [`start`] presses them again, once each, right after it.
pub const PRESSES: &str = "bulletinPresses";

/// Fetches a notice's data file as soon as a link to it is pointed at, focused or touched, so
/// that following the link shows the notice at once (see [`preload::prefetched`]).
fn prefetch_notices() {
    let base = BasePath::new(&browser::base_href().unwrap_or_else(|| "/".into()));
    browser::on_link_intent(move |href| {
        let Some(id) = href
            .strip_prefix(base.as_str())
            .and_then(|rest| rest.strip_prefix("notice/"))
            .map(|id| id.trim_end_matches('/'))
            .filter(|id| crate::contract::model::is_valid_id(id))
        else {
            return;
        };
        let file = data_files::notice(id);
        if preload::has(&file) {
            return;
        }
        let url = base.data(&file);
        leptos::task::spawn_local(async move {
            if let Some(text) = crate::web::platform::fetch::prefetch_text(url).await {
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
