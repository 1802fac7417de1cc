//! Site search: Chinese first, on any static host.
//!
//! The content tool builds an inverted index of every notice at build time ([`build`], native
//! only) and writes it in shards under `data/search/` ([`index`] describes the files); the app
//! downloads only the shards a query needs ([`client`]). Text is folded and cut into units
//! ([`text`]); matching, ranking and filters are plain functions ([`query`]), and so are the
//! snippets with their highlighted ranges ([`snippet`]).

#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod client;
pub mod index;
pub mod params;
pub mod query;
pub mod snippet;
pub mod text;
