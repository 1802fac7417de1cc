//! Bulletin: official notices published from plain files on any static host.
//!
//! The crate is four layers; each depends only on the ones before it (`tests/architecture.rs`
//! holds these rules, `docs/architecture.md` explains them):
//!
//! 1. [`contract`]: the data contract and the plain logic around it (model, JSON reader, time,
//!    URLs, paging, labels, reading preferences). No Leptos, no browser.
//! 2. [`search`]: the search core (index format, query, ranking, snippets, the index build).
//!    No Leptos, no browser, nothing of the app.
//! 3. [`web`]: what runs in the browser: the app (state, boot and takeover, page loads, head,
//!    components, pages, the route table), the search worker, and the browser wrappers both use.
//!    Its components also render natively, to HTML, for the prerendered pages.
//! 4. [`tool`] (native only): the content tool: Markdown in, the data contract's files and the
//!    prerendered pages out, and its command line.

#![warn(clippy::too_many_lines)]

pub mod contract;
pub mod search;
#[cfg(not(target_arch = "wasm32"))]
pub mod tool;
pub mod web;
