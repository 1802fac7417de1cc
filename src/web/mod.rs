//! Everything that runs in the browser, in two wasm modules.
//!
//! - The app (bin `bulletin-web`): [`boot`] starts it and takes a prerendered page over;
//!   [`routes`] is the route table; [`pages`] are its pages, built from [`components`]; they
//!   share [`state`], load their data with [`load`] (from [`preload`]ed data when the page
//!   carries it), set the document head with [`head`] and reach the search worker through
//!   [`search_client`]. [`latest`] drops stale answers (page loads, the search box's type-ahead);
//!   [`effects`], [`nav`] and [`qr`] are small helpers.
//! - The search worker (bin `bulletin-search`): [`worker`], which runs the search core's query
//!   over the index shards it fetches; it reaches no app module.
//! - Both call the browser only through [`platform`].
//!
//! The same components render natively to HTML for the prerendered pages
//! (`crate::tool::prerender`): browser calls go through [`platform`], whose wrappers do nothing
//! there, and effects never run natively.
//!
//! Layer rule: the web layer imports [`crate::contract`] and [`crate::search`], never the tool.
//! Inside it, the worker and the app never import each other, [`platform`] imports neither, and
//! no view (a component or a page) imports the route table or the boot code: views take the
//! app's state from [`state`].

pub mod aids;
pub mod boot;
pub mod components;
pub mod effects;
pub mod head;
pub mod latest;
pub mod load;
pub mod nav;
pub mod pages;
pub mod platform;
pub mod preload;
pub mod qr;
pub mod routes;
pub mod search_client;
pub mod state;
pub mod worker;
