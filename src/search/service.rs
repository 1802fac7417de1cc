//! The search engine's side of the worker (bin `bulletin-search`): answers the app's
//! [`Request`]s with [`Reply`]s. Everything that finds, ranks and cuts snippets runs here, off the
//! page's main thread and outside the app's wasm; its caches live as long as the worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::client;
use super::wire::{Reply, Request};
use crate::urls::BasePath;

thread_local! {
    /// The search in flight per asker, to abort when the asker starts another.
    static SLOTS: RefCell<HashMap<String, web_sys::AbortController>> = RefCell::new(HashMap::new());
}

/// A search's snippets against its results: the snippets never overtake the results.
#[derive(Default)]
struct Order {
    /// The snippets were started early (with the documents).
    started: bool,
    /// The results have been sent.
    results_sent: bool,
    /// Snippets that arrived before the results were sent.
    waiting: Option<Vec<Option<super::snippet::Marked>>>,
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    if let Ok(text) = serde_json::to_string(reply) {
        let _ = scope().post_message(&JsValue::from_str(&text));
    }
}

/// Starts listening for the app's requests and tells the app so.
pub fn serve() {
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            let request = ev
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<Request>(&text).ok());
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
            wasm_bindgen_futures::spawn_local(client::warm(BasePath::new(&base)));
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
                // The snippets are fetched as soon as the shown results are known, with their
                // documents; they are sent after the results, whichever arrives first.
                let order = Rc::new(RefCell::new(Order::default()));
                // The snippets' notices are not aborted by a newer search: they are few, and the
                // engine keeps their texts for later searches.
                let keep = web_sys::AbortController::new().map(|c| c.signal());
                let snippet_signal = keep.unwrap_or_else(|_| signal.clone());
                let early: Option<client::Shown> = snippets.then(|| {
                    let (base, signal, order) =
                        (base.clone(), snippet_signal.clone(), order.clone());
                    Box::new(move |ids: Vec<String>, query, exact| {
                        order.borrow_mut().started = true;
                        wasm_bindgen_futures::spawn_local(async move {
                            let found = client::snippets(base, ids, query, exact, signal).await;
                            let mut o = order.borrow_mut();
                            if o.results_sent {
                                post(&Reply::Snippets {
                                    id,
                                    snippets: found,
                                });
                            } else {
                                o.waiting = Some(found);
                            }
                        });
                    }) as client::Shown
                });
                match client::run(base.clone(), params, per_page, signal.clone(), early).await {
                    Ok(results) => {
                        let ids: Vec<String> =
                            results.items.iter().map(|i| i.doc.id.clone()).collect();
                        let (query, exact) = (results.query.clone(), results.exact);
                        post(&Reply::Results {
                            id,
                            results: Ok(results),
                        });
                        let (started, waiting) = {
                            let mut o = order.borrow_mut();
                            o.results_sent = true;
                            (o.started, o.waiting.take())
                        };
                        if let Some(found) = waiting {
                            post(&Reply::Snippets {
                                id,
                                snippets: found,
                            });
                        } else if snippets && !started && !ids.is_empty() {
                            let found =
                                client::snippets(base, ids, query, exact, snippet_signal).await;
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
