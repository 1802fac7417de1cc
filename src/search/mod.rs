//! Site search: Chinese first, on any static host.
//!
//! The content tool builds an inverted index of every notice at build time ([`build`], native
//! only) and writes it in shards under `data/search/` ([`index`] describes the files); the app
//! downloads only the shards a query needs ([`client`]). That engine runs in a Web Worker of its
//! own wasm ([`service`], bin `bulletin-search`), started when the reader begins to search; the
//! app talks to it through [`engine`] with the messages of [`wire`]. Text is folded and cut into
//! units ([`text`]); matching, ranking and filters are plain functions ([`query`]), and so are the
//! snippets with their highlighted ranges ([`snippet`]).

#[cfg(not(target_arch = "wasm32"))]
pub mod build;
pub mod client;
pub mod engine;
pub mod index;
pub mod params;
pub mod query;
pub mod service;
pub mod snippet;
pub mod text;
pub mod wire;
