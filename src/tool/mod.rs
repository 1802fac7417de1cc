//! The native content tool (bin `bulletin`): reads the Markdown notices under `content/` and
//! writes the data contract's files, feeds, sitemap and search index ([`content`]), and the
//! prerendered page of every route, the app's own components rendered to HTML ([`prerender`])
//! into the app shell, which [`shell`] reads, makes from Trunk's output (the build's `post_build`
//! hook) and splits; [`cli`] is its command line.
//!
//! Layer rule: native only; may use every other layer, and nothing imports it.

pub mod cli;
pub mod content;
pub mod prerender;
pub mod shell;
