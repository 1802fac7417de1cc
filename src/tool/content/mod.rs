//! The native content tool behind the `bulletin` binary: a content folder of Markdown notices
//! (`site.toml` and `<channel>/<file>.md` with TOML or YAML front matter) in, the data contract's
//! JSON tree (`data/…`), Atom feeds and a sitemap out. Everything written uses the types of
//! [`crate::contract::model`], so the app reads what the tool writes.
//!
//! - [`build::build`] reads and checks everything, then writes atomically;
//! - [`build::check`] reads and checks without writing;
//! - [`scaffold::new_notice`] starts a new notice file.
//!
//! Every problem is a [`diagnostics::Diagnostic`] shown as `path:line:column: message`; all of
//! them are collected in one run.

pub mod build;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod feed;
pub mod files;
pub mod frontmatter;
pub mod markdown;
pub mod output;
pub mod personal;
pub mod progress;
pub mod related;
pub mod scaffold;
pub mod sitemap;

pub use build::{build, check, Error, Options, Report};
