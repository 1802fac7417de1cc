//! Loading data for a page: one small state machine shared by every page.
//!
//! A load starts when the page mounts, again whenever a signal its request reads changes (a new
//! route parameter) and when 重试 is pressed. Starting a load aborts the one in flight, and an
//! answer that arrives for an older load is dropped ([`Latest`]), so a late response never
//! overwrites the page the reader has moved on to.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::contract::read::ApiError;
use crate::web::latest::Latest;

/// Where a page's data is.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Requested, not yet answered.
    Loading,
    /// Loaded and valid.
    Ready(T),
    /// Could not be shown.
    Failed(ApiError),
}

/// A page's load: its state and the 重试 trigger.
pub struct Loader<T: Send + Sync + 'static> {
    /// The current state.
    pub state: RwSignal<Load<T>>,
    /// Incremented by 重试 to load again.
    pub retry: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

/// Starts loading with `request`, which reads the signals the load depends on and returns the
/// future to await, or `None` when the route names nothing that can exist (a not-found page
/// without a request). The future gets an abort signal to pass to its fetches.
///
/// `preloaded` gives the data when it is already at hand (embedded in a prerendered page, see
/// [`crate::web::preload`]): the page then starts ready, renders synchronously (also natively, where
/// effects never run) and makes no request until its signals change or 重试 is pressed.
pub fn use_loader<T, Fut>(
    preloaded: impl Fn() -> Option<T> + 'static,
    request: impl Fn(web_sys::AbortSignal) -> Option<Fut> + 'static,
) -> Loader<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let initial = untrack(&preloaded);
    let preloaded_first = initial.is_some();
    let state = RwSignal::new(initial.map_or(Load::Loading, Load::Ready));
    let retry = RwSignal::new(0u32);
    // Only these thin wrappers are copied for each data type; the load machinery (effect, abort,
    // timeout, stale answers) is one function for every page.
    run_loads(
        preloaded_first,
        retry,
        Box::new(move || preloaded().map(|value| Box::new(value) as Box<dyn Any>)),
        Box::new(move |abort| {
            let future = request(abort)?;
            Some(
                Box::pin(async move { future.await.map(|value| Box::new(value) as Box<dyn Any>) })
                    as Pin<Box<dyn Future<Output = AnyResult>>>,
            )
        }),
        Box::new(move |next: Option<AnyResult>| {
            state.set(match next {
                None => Load::Loading,
                Some(Ok(value)) => match value.downcast::<T>() {
                    Ok(value) => Load::Ready(*value),
                    Err(_) => return,
                },
                Some(Err(error)) => Load::Failed(error),
            })
        }),
        Box::new(move || state.with_untracked(|s| matches!(s, Load::Loading))),
    );
    Loader { state, retry }
}

/// A load's outcome with its data type erased (see [`run_loads`]).
type AnyResult = Result<Box<dyn Any>, ApiError>;

/// The load machinery of [`use_loader`], for any data type: `set(None)` shows the placeholder,
/// `set(Some(outcome))` the data or the error.
#[allow(clippy::type_complexity)]
fn run_loads(
    preloaded_first: bool,
    retry: RwSignal<u32>,
    preloaded: Box<dyn Fn() -> Option<Box<dyn Any>>>,
    request: Box<dyn Fn(web_sys::AbortSignal) -> Option<Pin<Box<dyn Future<Output = AnyResult>>>>>,
    set: Box<dyn Fn(Option<AnyResult>)>,
    is_loading: Box<dyn Fn() -> bool>,
) {
    // The first run of the effect only subscribes to the request's signals when the data was
    // preloaded: the future it builds is dropped unpolled, so nothing is fetched.
    let skip_first = StoredValue::new(preloaded_first);
    let preloaded = StoredValue::new_local(preloaded);
    let set = StoredValue::new_local(set);
    // Each load aborts the one in flight; an answer to an older load is dropped.
    let latest = Latest::new();

    crate::web::effects::effect(move |_| {
        retry.track();
        let ticket = latest.next();
        let Some(controller) = latest.controller() else {
            return;
        };
        let future = request(controller.signal());
        if skip_first.get_value() && retry.get_untracked() == 0 {
            skip_first.set_value(false);
            return;
        }
        // Data prefetched since (a hovered link): shown at once, without a request.
        if retry.get_untracked() == 0 {
            if let Some(value) = preloaded.with_value(|p| untrack(p)) {
                set.with_value(|set| set(Some(Ok(value))));
                return;
            }
        }
        let Some(future) = future else {
            set.with_value(|set| set(Some(Err(ApiError::NotFound { url: String::new() }))));
            return;
        };
        // No complete answer in time: abort, which the fetch reports as a timeout.
        crate::web::platform::browser::set_timeout(
            crate::contract::read::TIMEOUT_MS as i32,
            move || {
                if latest.is_current(ticket) {
                    controller.abort();
                }
            },
        );
        if !is_loading() {
            set.with_value(|set| set(None));
        }
        leptos::task::spawn_local(async move {
            let result = future.await;
            // A newer load has started (or the page is gone): this answer is stale.
            if !latest.finish(ticket) {
                return;
            }
            set.try_with_value(|set| set(Some(result)));
        });
    });
}
