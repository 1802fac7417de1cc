//! The browser, wrapped: the only place that calls browser APIs ([`browser`]: print, close,
//! scroll, storage, head, takeover; [`aids`]: speech, pointer and focus, highlight, guides) and
//! fetches data files ([`fetch`]). Each wrapper does nothing
//! outside a browser, so the components that call them also render natively.
//!
//! Layer rule: no Leptos and nothing of the app; imports only [`crate::contract`]. The search
//! worker uses it too.

pub mod aids;
pub mod browser;
pub mod fetch;
