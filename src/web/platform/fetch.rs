//! Fetching the data contract's files in the browser (app and search worker alike): a 10 s limit
//! and an abort signal per request, every failure as the [`ApiError`] a reader is shown. The
//! parsing and the mapping from HTTP answers to errors are plain functions in
//! [`crate::contract::read`], tested natively.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use crate::contract::read::{parse_bytes, retry_after, status_error, ApiError, ContractFile};

/// Fetches and parses one contract file. `signal` belongs to the page's load
/// ([`crate::web::load::use_loader`]), which aborts it when the reader moves on (the answer is then
/// dropped) or when [`TIMEOUT_MS`] pass without a complete answer (reported as a timeout).
/// Only `AbortController` is used, no `AbortSignal.timeout/any`, so older browsers work too.
pub async fn fetch_file<T: ContractFile>(
    url: String,
    signal: web_sys::AbortSignal,
) -> Result<T, ApiError> {
    // The page's own load supersedes a prefetch of the same file (see [`prefetch_text`]).
    cancel_prefetch(&url);
    let bytes = fetch_bytes(&url, &signal).await?;
    parse_bytes(&url, &bytes)
}

/// Fetches a gzip file of the search index and inflates it (a file the server already sent with
/// `Content-Encoding: gzip` arrives inflated and is taken as it is).
pub async fn fetch_gzip(url: String, signal: web_sys::AbortSignal) -> Result<Vec<u8>, ApiError> {
    let bytes = fetch_bytes(&url, &signal).await?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        crate::web::platform::browser::gunzip(bytes)
            .await
            .map_err(|detail| ApiError::Malformed {
                url: url.clone(),
                detail,
            })
    } else {
        Ok(bytes)
    }
}

/// The browser's message for a failed request (`TypeError: Failed to fetch`). Not through
/// `gloo_net::Error`'s `Display`: its `serde_json` variant would bring serde_json's error
/// messages and formatting into the wasm, and a request never fails that way.
fn network_detail(error: gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(js) => js.to_string(),
        gloo_net::Error::GlooError(message) => message,
        #[allow(unreachable_patterns)]
        _ => "request failed".to_string(),
    }
}

/// The body of `url`, or the error a reader is shown: an aborted request is a timeout, a failed
/// one a network error, an error status an HTTP error carrying the server's `Retry-After`.
async fn fetch_bytes(url: &str, signal: &web_sys::AbortSignal) -> Result<Vec<u8>, ApiError> {
    use gloo_net::http::Request;

    let failed = |e: gloo_net::Error| {
        if signal.aborted() {
            ApiError::Timeout {
                url: url.to_string(),
            }
        } else {
            ApiError::Network {
                url: url.to_string(),
                detail: network_detail(e),
            }
        }
    };
    let response = Request::get(url)
        .abort_signal(Some(signal))
        .send()
        .await
        .map_err(failed)?;
    if let Some(mut error) = status_error(url, response.status()) {
        if let ApiError::Http {
            retry_after: wait, ..
        } = &mut error
        {
            *wait = retry_after(response.headers().get("retry-after").as_deref());
        }
        return Err(error);
    }
    response.binary().await.map_err(failed)
}

thread_local! {
    /// Prefetches in flight, by URL.
    static PREFETCHES: std::cell::RefCell<std::collections::HashMap<String, web_sys::AbortController>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Aborts the prefetch of `url`, if one is in flight.
fn cancel_prefetch(url: &str) {
    if let Some(controller) = PREFETCHES.with(|p| p.borrow_mut().remove(url)) {
        controller.abort();
    }
}

/// Prefetches a file's text: `None` on any failure, when a prefetch of it is already in flight,
/// or when a page's own load of it ([`fetch_file`]) started meanwhile and aborted this one (the
/// page then reports any error itself).
pub async fn prefetch_text(url: String) -> Option<String> {
    if PREFETCHES.with(|p| p.borrow().contains_key(&url)) {
        return None;
    }
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    PREFETCHES.with(|p| p.borrow_mut().insert(url.clone(), controller));
    let result = async {
        // `Purpose: prefetch` tells servers (and logs) what this request is.
        let response = gloo_net::http::Request::get(&url)
            .header("Purpose", "prefetch")
            .abort_signal(Some(&signal))
            .send()
            .await
            .ok()?;
        if !response.ok() {
            return None;
        }
        response.text().await.ok()
    }
    .await;
    let current = PREFETCHES.with(|p| p.borrow_mut().remove(&url));
    // Aborted (superseded by the page's own load): nothing to keep.
    current.filter(|_| !signal.aborted()).and(result)
}

/// Awaits every future concurrently and returns their outputs in order (a small stand-in for
/// `futures::future::join_all`, which brings a large executor-grade implementation along).
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(outputs.iter_mut().filter_map(Option::take).collect())
        }
    })
    .await
}
