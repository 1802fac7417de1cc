//! Bulletin: official notices published from plain files on any static host.
//!
//! The crate holds the data contract ([`model`]), the plain logic the pages use ([`time`],
//! [`urls`], [`paging`], [`format`], [`labels`]) and the Leptos browser app ([`app`]).

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
#[cfg(not(target_arch = "wasm32"))]
pub mod content;
pub mod effects;
pub mod format;
pub mod head;
pub mod json;
pub mod labels;
pub mod load;
pub mod model;
pub mod nav;
pub mod pages;
pub mod paging;
pub mod prefs;
pub mod preload;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod qr;
pub mod search;
pub mod time;
pub mod urls;
