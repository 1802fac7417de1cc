//! The data contract and the plain logic around it, shared by the app, the search worker and the
//! content tool: the serde types of every data file ([`model`]), reading them as the browser
//! does ([`json`], [`read`]), dates in a notice's own offset ([`time`]), URLs and route paths
//! ([`urls`]), pagination ([`paging`]), every UI string ([`labels`]), sizes and file types
//! ([`format`]) the remembered reading settings ([`prefs`]), the 适老化 tools' logic ([`aids`]:
//! shortcuts, speech rate, sentences, captions, voice choice) and the policy library's facets,
//! index and URL ([`library`]).
//!
//! Layer rule: nothing here uses Leptos or a browser API (only [`json`] reads JSON with the
//! JavaScript engine's own parser when built for wasm), and nothing here imports another layer.

pub mod aids;
pub mod format;
pub mod json;
pub mod labels;
pub mod library;
pub mod lifecycle;
pub mod model;
pub mod paging;
pub mod prefs;
pub mod read;
pub mod time;
pub mod urls;
