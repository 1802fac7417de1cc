//! What a search answers: a page of results with highlighted titles, and the snippets that
//! follow them. Built by the engine in the search worker, sent to the app in
//! [`crate::search::wire`] messages, shown by the search page and the type-ahead.

use crate::search::index::SearchDoc;
use crate::search::query::Query;
use crate::search::snippet::Marked;

/// Results per page on the search page.
pub const PAGE_SIZE: usize = 10;
/// Characters of a snippet.
pub const SNIPPET_CHARS: usize = 96;

/// One shown result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResultItem {
    /// The document.
    pub doc: SearchDoc,
    /// The title with its highlights.
    pub title: Marked,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Results {
    /// How many documents match (after the filters); with `more`, how many are known so far.
    pub total: usize,
    /// Whether more documents may match than `total` (the index's long lists are loaded only as
    /// far as the page shown needs; the last page knows them all).
    #[serde(default)]
    pub more: bool,
    /// False when they match only loosely (no document has every term as written).
    pub exact: bool,
    /// The page shown, from 1.
    pub page: u32,
    /// How many pages there are (with `more`, known so far, and one more).
    pub pages: u32,
    /// The results on this page.
    pub items: Vec<ResultItem>,
    /// The query as the index read it (for the snippets; stays in the worker).
    #[serde(skip)]
    pub query: Query,
}

/// The shown results' snippets: one per result, in order (`None` where a notice could not be
/// loaded).
pub type Snippets = Vec<Option<Marked>>;
