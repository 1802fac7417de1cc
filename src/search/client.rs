//! Running a search in the browser: fetches the manifest, the shards of the query's keys, the
//! filter attributes when a filter is set, and the documents (and notices, for snippets) of the
//! results shown, each at most once per page load. Nothing is fetched before the first search.

use std::cell::RefCell;
use std::rc::Rc;

use super::index::{
    decode_attrs, decode_postings, decode_shard, notice_text, shard_of, Attr, Manifest, Postings,
    SearchDoc,
};
use super::params::SearchParams;
use super::query::{evaluate, evaluate_loose, parse, Query};
use super::snippet::{marked, snippet, Marked};
use crate::api::{fetch_file, fetch_gzip, ApiError};
use crate::load::join_all;
use crate::model::Notice;
use crate::paging::{page_count, page_range};
use crate::urls::BasePath;

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
    /// How many documents match (after the filters).
    pub total: usize,
    /// False when they match only loosely (no document has every term as written).
    pub exact: bool,
    /// The page shown, from 1.
    pub page: u32,
    /// How many pages there are.
    pub pages: u32,
    /// The results on this page.
    pub items: Vec<ResultItem>,
    /// The query as the index read it (for the snippets; stays in the worker).
    #[serde(skip)]
    pub query: Query,
}

/// A decoded shard file: (key, encoded postings), sorted by key.
type Shard = Vec<(String, Vec<u8>)>;

/// What this page load has fetched: shards and document chunks by number.
#[derive(Default)]
struct Cache {
    manifest: Option<Rc<Manifest>>,
    /// (key, encoded postings), sorted by key as the shard file has them.
    shards: Vec<Option<Rc<Shard>>>,
    docs: Vec<Option<Rc<Vec<SearchDoc>>>>,
    attrs: Option<Rc<Vec<Attr>>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn url(base: &BasePath, manifest: &Manifest, file: &str) -> String {
    format!(
        "{}?v={}",
        base.data(&format!("search/{file}")),
        manifest.build
    )
}

fn malformed(url: &str) -> ApiError {
    ApiError::Malformed {
        url: url.to_string(),
        detail: "not a search index file of this version".to_string(),
    }
}

async fn manifest(
    base: &BasePath,
    signal: &web_sys::AbortSignal,
) -> Result<Rc<Manifest>, ApiError> {
    if let Some(m) = CACHE.with(|c| c.borrow().manifest.clone()) {
        return Ok(m);
    }
    let m =
        Rc::new(fetch_file::<Manifest>(base.data("search/manifest.json"), signal.clone()).await?);
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        cache.manifest = Some(m.clone());
        cache.shards = vec![None; m.shards as usize];
        cache.docs = vec![None; m.docs.div_ceil(m.doc_chunk.max(1)) as usize];
    });
    Ok(m)
}

/// Fetches index files (gzip) at once.
async fn fetch_all(
    urls: Vec<String>,
    signal: &web_sys::AbortSignal,
) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    let fetches = urls.into_iter().map(|u| async move {
        let bytes = fetch_gzip(u.clone(), signal.clone()).await?;
        Ok::<_, ApiError>((u, bytes))
    });
    join_all(fetches.collect()).await.into_iter().collect()
}

/// Makes sure the shards holding `keys` are loaded.
async fn load_shards(
    base: &BasePath,
    manifest: &Manifest,
    keys: &[String],
    signal: &web_sys::AbortSignal,
) -> Result<(), ApiError> {
    let mut wanted: Vec<u32> = keys.iter().map(|k| shard_of(k, manifest.shards)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted.retain(|&n| {
        CACHE.with(|c| {
            c.borrow()
                .shards
                .get(n as usize)
                .is_some_and(Option::is_none)
        })
    });
    let urls = wanted
        .iter()
        .map(|n| url(base, manifest, &format!("shards/{n}.bin")))
        .collect();
    for (n, (u, bytes)) in wanted.into_iter().zip(fetch_all(urls, signal).await?) {
        let entries = decode_shard(&bytes).ok_or_else(|| malformed(&u))?;
        CACHE.with(|c| c.borrow_mut().shards[n as usize] = Some(Rc::new(entries)));
    }
    Ok(())
}

/// The decoded postings of `keys` (from loaded shards), sorted by key.
fn postings(manifest: &Manifest, keys: &[String]) -> Vec<(String, Postings)> {
    CACHE.with(|c| {
        let cache = c.borrow();
        let mut out: Vec<(String, Postings)> = keys
            .iter()
            .filter_map(|k| {
                let shard = cache
                    .shards
                    .get(shard_of(k, manifest.shards) as usize)?
                    .as_ref()?;
                let i = shard
                    .binary_search_by(|(key, _)| key.as_str().cmp(k))
                    .ok()?;
                Some((k.clone(), decode_postings(&shard[i].1)?))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    })
}

/// Finds a key's postings in the output of [`postings`].
fn find<'a>(found: &'a [(String, Postings)], key: &str) -> Option<&'a Postings> {
    found
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|i| &found[i].1)
}

async fn attrs(
    base: &BasePath,
    manifest: &Manifest,
    signal: &web_sys::AbortSignal,
) -> Result<Rc<Vec<Attr>>, ApiError> {
    if let Some(a) = CACHE.with(|c| c.borrow().attrs.clone()) {
        return Ok(a);
    }
    let u = url(base, manifest, "attrs.bin");
    let bytes = fetch_gzip(u.clone(), signal.clone()).await?;
    let a = Rc::new(decode_attrs(&bytes).ok_or_else(|| malformed(&u))?);
    CACHE.with(|c| c.borrow_mut().attrs = Some(a.clone()));
    Ok(a)
}

async fn docs(
    base: &BasePath,
    manifest: &Manifest,
    numbers: &[u32],
    signal: &web_sys::AbortSignal,
) -> Result<Vec<SearchDoc>, ApiError> {
    let chunk = manifest.doc_chunk.max(1);
    let mut wanted: Vec<u32> = numbers.iter().map(|d| d / chunk).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
        .retain(|&n| CACHE.with(|c| c.borrow().docs.get(n as usize).is_some_and(Option::is_none)));
    let urls = wanted
        .iter()
        .map(|n| url(base, manifest, &format!("docs/{n}.bin")))
        .collect();
    for (n, (u, bytes)) in wanted.into_iter().zip(fetch_all(urls, signal).await?) {
        let list: Vec<SearchDoc> =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::Malformed {
                url: u.clone(),
                detail: e.to_string(),
            })?;
        CACHE.with(|c| c.borrow_mut().docs[n as usize] = Some(Rc::new(list)));
    }
    CACHE.with(|c| {
        let cache = c.borrow();
        numbers
            .iter()
            .map(|d| {
                cache
                    .docs
                    .get((d / chunk) as usize)
                    .and_then(Option::as_ref)
                    .and_then(|list| list.get((d % chunk) as usize).cloned())
                    .ok_or_else(|| {
                        malformed(&url(base, manifest, &format!("docs/{}.bin", d / chunk)))
                    })
            })
            .collect()
    })
}

/// Fetches the manifest ahead of the first query (when the reader focuses the search box).
pub async fn warm(base: BasePath) {
    if let Ok(controller) = web_sys::AbortController::new() {
        let _ = manifest(&base, &controller.signal()).await;
    }
}

/// Runs the search the parameters describe: `per_page` results of page `params.page`, without
/// snippets (see [`snippets`]), so that the list shows as soon as the index has answered.
pub async fn run(
    base: BasePath,
    params: SearchParams,
    per_page: usize,
    signal: web_sys::AbortSignal,
) -> Result<Results, ApiError> {
    let m = manifest(&base, &signal).await?;
    let query = parse(&params.q, &m.words);
    if query.is_empty() {
        return Ok(Results {
            page: 1,
            pages: 1,
            exact: true,
            query,
            ..Results::default()
        });
    }
    let keys = query.keys();
    load_shards(&base, &m, &keys, &signal).await?;
    let found = postings(&m, &keys);
    let mut outcome = evaluate(&query, &|k| find(&found, k));
    if outcome.hits.is_empty() {
        let mut loose = query.loose_keys();
        loose.extend(keys);
        load_shards(&base, &m, &loose, &signal).await?;
        let found = postings(&m, &loose);
        outcome = evaluate_loose(&query, &|k| find(&found, k));
    }
    let exact = outcome.exact;
    let mut hits = outcome.hits;
    let a = if params.filtered() {
        attrs(&base, &m, &signal).await?
    } else {
        Rc::new(Vec::new())
    };
    params.apply(&mut hits, &m.channels, &a);
    let total = hits.len();
    let pages = page_count(total, per_page) as u32;
    let page = params.page.min(pages);
    let shown: Vec<u32> = hits[page_range(total, per_page, page as usize)]
        .iter()
        .map(|h| h.doc)
        .collect();
    let documents = docs(&base, &m, &shown, &signal).await?;
    let items = documents
        .into_iter()
        .map(|doc| ResultItem {
            title: marked(&doc.title, &query, exact),
            doc,
        })
        .collect();
    Ok(Results {
        total,
        exact,
        page,
        pages,
        items,
        query,
    })
}

/// The snippets of the results shown: each notice's text around its best passage, with every
/// matched term highlighted (`None` where the notice could not be loaded).
pub async fn snippets(
    base: BasePath,
    ids: Vec<String>,
    query: Query,
    exact: bool,
    signal: web_sys::AbortSignal,
) -> Vec<Option<Marked>> {
    let fetches = ids
        .iter()
        .map(|id| fetch_file::<Notice>(base.data(&format!("notices/{id}.json")), signal.clone()))
        .collect();
    join_all(fetches)
        .await
        .into_iter()
        .map(|notice| {
            notice.ok().map(|n| {
                snippet(
                    &notice_text(&n).snippet_pieces(),
                    &query,
                    exact,
                    SNIPPET_CHARS,
                )
            })
        })
        .collect()
}
