//! "The latest answer wins": the requests of one owner (a page's loads, the search box's
//! type-ahead lookups), where each new request aborts the one in flight and an answer that
//! arrives for an older request, or after the owner is gone, is dropped.
//!
//! ```text
//! let latest = Latest::new();
//! // On each new request:
//! let ticket = latest.next();
//! let Some(controller) = latest.controller() else { return };
//! spawn_local(async move {
//!     let answer = fetch_with(controller.signal()).await;
//!     if latest.finish(ticket) {
//!         show(answer);
//!     }
//! });
//! ```

use leptos::prelude::*;

/// One request of a [`Latest`]: its answer is wanted until a newer request begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

/// The requests of one owner, of which only the latest is answered (see the module doc). Made
/// in a component or a hook: the request in flight is aborted when its owner is cleaned up.
#[derive(Clone, Copy)]
pub struct Latest {
    generation: StoredValue<u64>,
    in_flight: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
}

impl Latest {
    /// No request yet.
    pub fn new() -> Self {
        let latest = Self {
            generation: StoredValue::new(0),
            in_flight: StoredValue::new_local(None),
        };
        on_cleanup(move || latest.abort());
        latest
    }

    /// Begins a new request: the one in flight is aborted and every earlier ticket is stale.
    pub fn next(self) -> Ticket {
        self.abort();
        let generation = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        });
        Ticket(generation.unwrap_or_default())
    }

    /// Whether `ticket` is the latest request, and its owner still there.
    pub fn is_current(self, ticket: Ticket) -> bool {
        self.generation.try_get_value() == Some(ticket.0)
    }

    /// Whether the owner is still there (its requests can still be answered).
    pub fn is_alive(self) -> bool {
        self.generation.try_get_value().is_some()
    }

    /// A new abort controller for the latest request's fetches, kept as the one in flight: the
    /// next request, or the owner's cleanup, aborts it. `None` if the browser cannot make one.
    pub fn controller(self) -> Option<web_sys::AbortController> {
        let controller = web_sys::AbortController::new().ok()?;
        self.in_flight.set_value(Some(controller.clone()));
        Some(controller)
    }

    /// The answer to `ticket` has arrived: `true` if it is to be shown (the request is then no
    /// longer in flight), `false` if a newer request began or the owner is gone.
    pub fn finish(self, ticket: Ticket) -> bool {
        if !self.is_current(ticket) {
            return false;
        }
        self.in_flight.set_value(None);
        true
    }

    /// Aborts the request in flight, if any.
    fn abort(self) {
        self.in_flight.update_value(|c| {
            if let Some(controller) = c.take() {
                controller.abort();
            }
        });
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}
