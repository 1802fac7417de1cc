//! The app's handle on the search engine. The engine (query parsing, index files, ranking,
//! snippets) is not in the app's wasm: it is its own wasm, run in a Web Worker that starts when
//! the reader begins to search ([`start`]: the search box's first focus, pointer press or input,
//! or a `/search?q=…` page) and stays for the page's life with its caches. Its script's URL is
//! the `<meta name="bulletin-search">` the build writes into every page (`tool::shell::trunk`).
//!
//! Requests and replies are [`crate::search::wire`] messages (read with [`crate::contract::json`], without
//! `serde_json`); a search resolves when its results arrive, and its snippets, asked for with a
//! callback, follow in their own message.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::contract::read::ApiError;
use crate::contract::urls::BasePath;
use crate::search::params::SearchParams;
use crate::search::results::Results;
use crate::search::snippet::Marked;
use crate::search::wire::{Reply, Request};

/// What a shown page's snippets are handed to.
pub type SnippetSink = Box<dyn FnOnce(Vec<Option<Marked>>)>;

struct Pending {
    /// Resolves the search's promise, once its outcome is in [`OUTCOMES`].
    resolve: Option<js_sys::Function>,
    snippets: Option<SnippetSink>,
}

struct Engine {
    worker: web_sys::Worker,
    url: String,
    ready: bool,
    /// Messages written before the worker listened.
    queue: Vec<String>,
    pending: HashMap<u32, Pending>,
    next: u32,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    /// Each settled search's outcome, by id, until its `search` takes it.
    static OUTCOMES: RefCell<HashMap<u32, Result<Results, ApiError>>> = RefCell::new(HashMap::new());
}

/// The worker script's URL, from the page's `<meta name="bulletin-search">`, under `base`.
fn worker_url(base: &BasePath) -> Option<String> {
    let content = web_sys::window()?
        .document()?
        .query_selector("meta[name=bulletin-search]")
        .ok()??
        .get_attribute("content")?;
    Some(base.href(&content))
}

fn send(engine: &mut Engine, request: &Request) {
    let text = request.to_json();
    if engine.ready {
        let _ = engine.worker.post_message(&JsValue::from_str(&text));
    } else {
        engine.queue.push(text);
    }
}

fn on_reply(reply: Reply) {
    let (resolve, sink, snippets) = ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        let Some(engine) = e.as_mut() else {
            return (None, None, None);
        };
        match reply {
            Reply::Ready => {
                engine.ready = true;
                for text in std::mem::take(&mut engine.queue) {
                    let _ = engine.worker.post_message(&JsValue::from_str(&text));
                }
                (None, None, None)
            }
            Reply::Results { id, results } => {
                let Some(pending) = engine.pending.get_mut(&id) else {
                    return (None, None, None);
                };
                let resolve = pending.resolve.take();
                let keep =
                    pending.snippets.is_some() && matches!(&results, Ok(r) if !r.items.is_empty());
                if !keep {
                    engine.pending.remove(&id);
                }
                (resolve.map(|r| (r, id, results)), None, None)
            }
            Reply::Snippets { id, snippets } => {
                let sink = engine.pending.remove(&id).and_then(|p| p.snippets);
                (None, sink, Some(snippets))
            }
        }
    });
    if let Some((resolve, id, results)) = resolve {
        settle(&resolve, id, results);
    }
    if let (Some(sink), Some(snippets)) = (sink, snippets) {
        sink(snippets);
    }
}

fn settle(resolve: &js_sys::Function, id: u32, results: Result<Results, ApiError>) {
    OUTCOMES.with(|o| o.borrow_mut().insert(id, results));
    let _ = resolve.call0(&JsValue::NULL);
}

/// The worker could not be loaded: every search waiting fails with a network error, and the next
/// search tries again.
fn on_failure() {
    let Some(engine) = ENGINE.with(|e| e.borrow_mut().take()) else {
        return;
    };
    engine.worker.terminate();
    let error: Result<Results, ApiError> = Err(ApiError::Network {
        url: engine.url.clone(),
        detail: "the search engine could not be loaded".to_string(),
    });
    for (id, pending) in engine.pending {
        if let Some(resolve) = pending.resolve {
            settle(&resolve, id, error.clone());
        }
    }
}

/// Starts the search engine's worker, if it is not running yet, and has it fetch the index's
/// manifest. Called when the reader is about to search.
pub fn start(base: &BasePath) -> Result<(), ApiError> {
    if ENGINE.with(|e| e.borrow().is_some()) {
        return Ok(());
    }
    let url = worker_url(base).unwrap_or_default();
    let failed = |detail: &str| ApiError::Network {
        url: url.clone(),
        detail: detail.to_string(),
    };
    if url.is_empty() {
        return Err(failed("this page names no search engine"));
    }
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &options)
        .map_err(|_| failed("the search engine could not be started"))?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            if let Some(reply) = ev
                .data()
                .as_string()
                .and_then(|text| crate::contract::json::from_str::<Reply>(&text).ok())
            {
                on_reply(reply);
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| on_failure());
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let mut engine = Engine {
        worker,
        url,
        ready: false,
        queue: Vec::new(),
        pending: HashMap::new(),
        next: 0,
    };
    send(
        &mut engine,
        &Request::Warm {
            base: base.as_str().to_string(),
        },
    );
    ENGINE.with(|e| *e.borrow_mut() = Some(engine));
    Ok(())
}

/// Runs a search in the engine: `per_page` results of page `params.page`. `slot` names the asker
/// (its previous search is aborted in the worker). Aborting `signal` ends the wait with a timeout
/// error (the page's loader does so after [`crate::contract::read::TIMEOUT_MS`]) and drops the snippets.
/// With `snippets`, the shown results' snippets are handed to it when they arrive.
pub async fn search(
    base: BasePath,
    params: SearchParams,
    per_page: usize,
    slot: &str,
    signal: web_sys::AbortSignal,
    snippets: Option<SnippetSink>,
) -> Result<Results, ApiError> {
    start(&base)?;
    let id = ENGINE.with(|e| {
        let mut e = e.borrow_mut();
        let engine = e.as_mut().expect("started above");
        engine.next = engine.next.wrapping_add(1);
        engine.next
    });
    let wants_snippets = snippets.is_some();
    let mut snippets = snippets;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        ENGINE.with(|e| {
            if let Some(engine) = e.borrow_mut().as_mut() {
                engine.pending.insert(
                    id,
                    Pending {
                        resolve: Some(resolve),
                        snippets: snippets.take(),
                    },
                );
            }
        });
    });
    let url = ENGINE.with(|e| {
        e.borrow()
            .as_ref()
            .map(|e| e.url.clone())
            .unwrap_or_default()
    });
    let on_abort = Closure::once_into_js(move || {
        let pending = ENGINE.with(|e| e.borrow_mut().as_mut().and_then(|e| e.pending.remove(&id)));
        if let Some(resolve) = pending.and_then(|p| p.resolve) {
            settle(&resolve, id, Err(ApiError::Timeout { url }));
        }
    });
    let _ = signal.add_event_listener_with_callback("abort", on_abort.unchecked_ref());
    ENGINE.with(|e| {
        if let Some(engine) = e.borrow_mut().as_mut() {
            send(
                engine,
                &Request::Search {
                    id,
                    slot: slot.to_string(),
                    base: base.as_str().to_string(),
                    params,
                    per_page,
                    snippets: wants_snippets,
                },
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    OUTCOMES
        .with(|o| o.borrow_mut().remove(&id))
        .unwrap_or_else(|| {
            Err(ApiError::Network {
                url: String::new(),
                detail: "the search engine gave no answer".to_string(),
            })
        })
}
