//! The search worker (bin `bulletin-search`, its own wasm run in a Web Worker): answers the app's
//! [`Request`]s with [`Reply`]s. Everything that finds, ranks and cuts snippets runs here
//! ([`engine`]), off the page's main thread and outside the app's wasm; its caches live as long
//! as the worker.
//!
//! Layer rule: the worker imports [`crate::contract`], [`crate::search`] and
//! [`crate::web::platform`] only, never a module of the app.

pub mod engine;

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::contract::urls::BasePath;
use crate::search::wire::{Reply, Request};

thread_local! {
    /// The search in flight per asker, to abort when the asker starts another.
    static SLOTS: RefCell<HashMap<String, web_sys::AbortController>> = RefCell::new(HashMap::new());
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    let _ = scope().post_message(&JsValue::from_str(&reply.to_json()));
}

/// Starts listening for the app's requests and tells the app so.
pub fn serve() {
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            let request = ev
                .data()
                .as_string()
                .and_then(|text| crate::contract::json::from_str::<Request>(&text).ok());
            if let Some(request) = request {
                handle(request);
            }
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Reply::Ready);
}

fn handle(request: Request) {
    match request {
        Request::Warm { base } => {
            wasm_bindgen_futures::spawn_local(engine::warm(BasePath::new(&base)));
        }
        Request::Search {
            id,
            slot,
            base,
            params,
            per_page,
            snippets,
        } => {
            let Ok(controller) = web_sys::AbortController::new() else {
                return;
            };
            let signal = controller.signal();
            if let Some(previous) = SLOTS.with(|s| s.borrow_mut().insert(slot, controller)) {
                previous.abort();
            }
            wasm_bindgen_futures::spawn_local(async move {
                let base = BasePath::new(&base);
                match engine::run(base, params, per_page, signal, snippets).await {
                    Ok((results, found)) => {
                        let shown = !results.items.is_empty();
                        post(&Reply::Results {
                            id,
                            results: Ok(results),
                        });
                        // Ready with the results: sent right after them.
                        if let (Some(found), true) = (found, shown) {
                            post(&Reply::Snippets {
                                id,
                                snippets: found,
                            });
                        }
                    }
                    Err(error) => post(&Reply::Results {
                        id,
                        results: Err(error),
                    }),
                }
            });
        }
    }
}
