//! The search engine, run in the search worker: fetches the manifest, the shards of the query's keys, the
//! filter attributes when a filter is set, and the documents (and notices, for snippets) of the
//! results shown, each at most once per page load. Nothing is fetched before the first search.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::contract::library::{LibraryIndex, LibraryQuery};
use crate::contract::model::Notice;
use crate::contract::paging::{page_count, page_range};
use crate::contract::read::ApiError;
use crate::contract::urls::{data_files, BasePath};
use crate::search::index::{
    decode_attrs, decode_postings, decode_shard, notice_text, shard_of, Attr, Manifest, Postings,
    SearchDoc,
};
use crate::search::params::SearchParams;
use crate::search::query::{evaluate, evaluate_loose, parse};
use crate::search::results::{ResultItem, Results, Snippets, SNIPPET_CHARS};
use crate::search::snippet::{marked, snippet};
use crate::web::platform::fetch::{fetch_file, fetch_gzip, join_all};

/// A decoded shard file: (key, encoded postings), sorted by key.
type Shard = Vec<(String, Vec<u8>)>;

/// What this page load has fetched: shards and document chunks by number.
#[derive(Default)]
struct Cache {
    manifest: Option<Rc<Manifest>>,
    /// The manifest's load in flight, which every search waiting for it shares.
    manifest_loading: Option<js_sys::Promise>,
    /// Why the last load of the manifest failed.
    manifest_error: Option<ApiError>,
    /// The id table's load in flight, shared the same way.
    ids_loading: Option<js_sys::Promise>,
    /// (key, encoded postings), sorted by key as the shard file has them.
    shards: Vec<Option<Rc<Shard>>>,
    docs: Vec<Option<Rc<Vec<SearchDoc>>>>,
    attrs: Option<Rc<Vec<Attr>>>,
    /// Every document's notice id (`ids.bin`), once fetched; `Some(None)` when it could not be.
    ids: Option<Option<Rc<Vec<String>>>>,
    /// Postings decoded for earlier queries, by key.
    decoded: HashMap<String, Rc<Postings>>,
    /// Notices shown before, by id (at most [`TEXTS_KEPT`]).
    texts: HashMap<String, Rc<ShownNotice>>,
}

/// What a shown result needs from its notice's JSON: its document (title, channel, date) and the
/// pieces of its text a snippet is cut from.
struct ShownNotice {
    doc: SearchDoc,
    pieces: Vec<String>,
}

/// How many notices' texts the snippet cache keeps.
const TEXTS_KEPT: usize = 200;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn url(base: &BasePath, manifest: &Manifest, file: &str) -> String {
    format!(
        "{}?v={}",
        base.data(&data_files::search(file)),
        manifest.build
    )
}

fn malformed(url: &str) -> ApiError {
    ApiError::Malformed {
        url: url.to_string(),
        detail: "not a search index file of this version".to_string(),
    }
}

/// The manifest, fetched once: searches that need it while it loads (the warm-up and the first
/// search start together) wait for the same request, which no search's abort cancels.
async fn manifest(
    base: &BasePath,
    _signal: &web_sys::AbortSignal,
) -> Result<Rc<Manifest>, ApiError> {
    if let Some(m) = CACHE.with(|c| c.borrow().manifest.clone()) {
        return Ok(m);
    }
    let url = base.data("search/manifest.json");
    let loading = CACHE.with(|c| c.borrow().manifest_loading.clone());
    let promise = loading.unwrap_or_else(|| {
        let url = url.clone();
        let promise = wasm_bindgen_futures::future_to_promise(async move {
            let signal = web_sys::AbortController::new()
                .map_err(|_| wasm_bindgen::JsValue::NULL)?
                .signal();
            let result = fetch_file::<Manifest>(url, signal).await;
            CACHE.with(|c| {
                let mut cache = c.borrow_mut();
                cache.manifest_loading = None;
                match result {
                    Ok(m) => {
                        cache.shards = vec![None; m.shards as usize];
                        cache.docs = vec![None; m.docs.div_ceil(m.doc_chunk.max(1)) as usize];
                        cache.manifest = Some(Rc::new(m));
                    }
                    Err(e) => cache.manifest_error = Some(e),
                }
            });
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        });
        CACHE.with(|c| c.borrow_mut().manifest_loading = Some(promise.clone()));
        promise
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    CACHE.with(|c| {
        let cache = c.borrow();
        match &cache.manifest {
            Some(m) => Ok(m.clone()),
            None => Err(cache.manifest_error.clone().unwrap_or(ApiError::Network {
                url,
                detail: "the search index could not be loaded".to_string(),
            })),
        }
    })
}

/// The notice ids of every document (`ids.bin`), fetched once; `None` when the file is missing or
/// broken (the snippets then wait for the documents' chunks, which carry the ids too).
async fn id_table(
    base: &BasePath,
    manifest: &Manifest,
    signal: &web_sys::AbortSignal,
) -> Option<Rc<Vec<String>>> {
    let _ = signal;
    if let Some(ids) = CACHE.with(|c| c.borrow().ids.clone()) {
        return ids;
    }
    // One request, shared by every search that needs the table while it loads.
    let loading = CACHE.with(|c| c.borrow().ids_loading.clone());
    let promise = loading.unwrap_or_else(|| {
        let (u, docs) = (url(base, manifest, "ids.bin"), manifest.docs as usize);
        let promise = wasm_bindgen_futures::future_to_promise(async move {
            let signal = web_sys::AbortController::new()
                .map_err(|_| wasm_bindgen::JsValue::NULL)?
                .signal();
            let ids = fetch_gzip(u, signal)
                .await
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .map(|text| text.split('\n').map(str::to_string).collect::<Vec<_>>())
                .filter(|ids| ids.len() == docs)
                .map(Rc::new);
            CACHE.with(|c| {
                let mut cache = c.borrow_mut();
                cache.ids_loading = None;
                cache.ids = Some(ids);
            });
            Ok(wasm_bindgen::JsValue::UNDEFINED)
        });
        CACHE.with(|c| c.borrow_mut().ids_loading = Some(promise.clone()));
        promise
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    CACHE.with(|c| c.borrow().ids.clone()).flatten()
}

/// Awaits two futures concurrently.
async fn join2<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => std::task::Poll::Ready((x, y)),
            (x, y) => {
                ra = x;
                rb = y;
                std::task::Poll::Pending
            }
        }
    })
    .await
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

/// The decoded postings of `keys` (from loaded shards, each decoded once per page load), sorted
/// by key.
fn postings(manifest: &Manifest, keys: &[String]) -> Vec<(String, Rc<Postings>)> {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        let mut out: Vec<(String, Rc<Postings>)> = Vec::with_capacity(keys.len());
        for k in keys {
            if let Some(p) = cache.decoded.get(k) {
                out.push((k.clone(), p.clone()));
                continue;
            }
            let decoded = cache
                .shards
                .get(shard_of(k, manifest.shards) as usize)
                .and_then(Option::as_ref)
                .and_then(|shard| {
                    let i = shard
                        .binary_search_by(|(key, _)| key.as_str().cmp(k))
                        .ok()?;
                    decode_postings(&shard[i].1)
                });
            if let Some(p) = decoded {
                let p = Rc::new(p);
                cache.decoded.insert(k.clone(), p.clone());
                out.push((k.clone(), p));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    })
}

/// Finds a key's postings in the output of [`postings`].
fn find<'a>(found: &'a [(String, Rc<Postings>)], key: &str) -> Option<&'a Postings> {
    found
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|i| &*found[i].1)
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
        let text = String::from_utf8(bytes).map_err(|_| malformed(&u))?;
        let list: Vec<SearchDoc> =
            crate::contract::json::from_str(&text).map_err(|detail| ApiError::Malformed {
                url: u.clone(),
                detail,
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

/// Fetches the manifest and the id table ahead of the first query (when the reader is about to
/// search).
pub async fn warm(base: BasePath) {
    if let Ok(controller) = web_sys::AbortController::new() {
        let signal = controller.signal();
        if let Ok(m) = manifest(&base, &signal).await {
            id_table(&base, &m, &signal).await;
        }
    }
}

/// Runs the search the parameters describe: `per_page` results of page `params.page`, and with
/// `with_snippets` their snippets. Two rounds of requests: the shards of the query's keys, then
/// the shown notices themselves (found through the id table fetched ahead with the manifest),
/// whose JSON gives both the result's title, channel and date and its snippet's text; the
/// results and their snippets are ready together. Without snippets (the type-ahead), or when the
/// id table or a notice is missing, the titles come from the `docs/` chunks.
pub async fn run(
    base: BasePath,
    params: SearchParams,
    per_page: usize,
    signal: web_sys::AbortSignal,
    with_snippets: bool,
) -> Result<(Results, Option<Snippets>), ApiError> {
    let m = manifest(&base, &signal).await?;
    let query = parse(&params.q, &m.words);
    if query.is_empty() {
        let empty = Results {
            page: 1,
            pages: 1,
            exact: true,
            query,
            ..Results::default()
        };
        return Ok((empty, with_snippets.then(Vec::new)));
    }
    let keys = query.keys();
    let (loaded, ids) = join2(
        load_shards(&base, &m, &keys, &signal),
        id_table(&base, &m, &signal),
    )
    .await;
    loaded?;
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
    let library = if params.facets.is_empty() {
        Vec::new()
    } else {
        let index: LibraryIndex =
            fetch_file(base.data(data_files::LIBRARY), signal.clone()).await?;
        index.documents(&LibraryQuery {
            filters: params.facets.clone(),
            ..LibraryQuery::default()
        })
    };
    params.apply(&mut hits, &m.channels, &a, &library);
    let total = hits.len();
    let pages = page_count(total, per_page) as u32;
    let page = params.page.min(pages);
    let numbers: Vec<u32> = hits[page_range(total, per_page, page as usize)]
        .iter()
        .map(|h| h.doc)
        .collect();
    // The shown notices, straight from the id table (no `docs/` chunk needed).
    let mut shown: Vec<Option<Rc<ShownNotice>>> = Vec::new();
    if with_snippets {
        if let Some(ids) = ids {
            let list: Option<Vec<String>> = numbers
                .iter()
                .map(|&d| ids.get(d as usize).cloned())
                .collect();
            if let Some(list) = list {
                shown = notices(&base, &list, &signal).await;
            }
        }
    }
    if signal.aborted() {
        // Replaced by a newer search: no fallback requests for it.
        return Err(ApiError::Timeout {
            url: url(&base, &m, "shards"),
        });
    }
    let complete = shown.len() == numbers.len() && shown.iter().all(Option::is_some);
    let documents: Vec<SearchDoc> = if complete {
        shown.iter().flatten().map(|n| n.doc.clone()).collect()
    } else {
        docs(&base, &m, &numbers, &signal).await?
    };
    if with_snippets && shown.len() != documents.len() {
        // No id table: the notices are found through the documents' ids.
        let list: Vec<String> = documents.iter().map(|d| d.id.clone()).collect();
        shown = notices(&base, &list, &signal).await;
    }
    let snippets = with_snippets.then(|| {
        shown
            .iter()
            .map(|n| {
                n.as_ref()
                    .map(|n| snippet(&n.pieces, &query, exact, SNIPPET_CHARS))
            })
            .collect()
    });
    let items = documents
        .into_iter()
        .map(|doc| ResultItem {
            title: marked(&doc.title, &query, exact),
            doc,
        })
        .collect();
    let results = Results {
        total,
        exact,
        page,
        pages,
        items,
        query,
    };
    Ok((results, snippets))
}

/// The notices `ids` (kept for the page's life, at most [`TEXTS_KEPT`]), fetched at once; `None`
/// where one could not be loaded.
async fn notices(
    base: &BasePath,
    ids: &[String],
    signal: &web_sys::AbortSignal,
) -> Vec<Option<Rc<ShownNotice>>> {
    let fetches = ids
        .iter()
        .map(|id| async move {
            if let Some(known) = CACHE.with(|c| c.borrow().texts.get(id).cloned()) {
                return Some(known);
            }
            let url = base.data(&data_files::notice(id));
            let notice = fetch_file::<Notice>(url, signal.clone()).await.ok()?;
            let shown = Rc::new(ShownNotice {
                doc: SearchDoc {
                    id: notice.id.clone(),
                    title: notice.title.clone(),
                    channel: notice.channel.clone(),
                    published: notice.published.clone(),
                    validity: notice.validity,
                    valid_until: notice.valid_until.clone(),
                    deadline: notice.deadline.clone(),
                },
                pieces: notice_text(&notice).snippet_pieces(),
            });
            CACHE.with(|c| {
                let mut cache = c.borrow_mut();
                if cache.texts.len() >= TEXTS_KEPT {
                    cache.texts.clear();
                }
                cache.texts.insert(id.clone(), shown.clone());
            });
            Some(shown)
        })
        .collect();
    join_all(fetches).await
}
