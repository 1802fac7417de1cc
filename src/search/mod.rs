//! The search core: Chinese first, on any static host.
//!
//! The content tool builds an inverted index of every notice at build time ([`build`], native
//! only) and writes it in shards under `data/search/` ([`index`] describes the files). Text is
//! folded and cut into units ([`text`]); matching, ranking and filters are plain functions
//! ([`query`]) over the lists loaded so far ([`lists`]), and so are the snippets with their highlighted ranges ([`snippet`]), the search
//! page's URL parameters ([`params`]), what a search answers ([`results`]) and the messages
//! between the app and the search worker ([`wire`]). The engine that fetches the shards and runs
//! these in the browser is the worker's (`crate::web::worker`).
//!
//! Layer rule: the search core imports only [`crate::contract`]; no Leptos, no browser.

#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod index;
pub mod lists;
pub mod params;
pub mod query;
pub mod results;
pub mod snippet;
pub mod text;
pub mod wire;
