//! The search engine, run in the search worker: fetches the manifest, the versions tables of the
//! files it needs, the shards of the query's keys, the filter attributes of the hits when a filter
//! is set, and the ids (and notices, for titles and snippets) of the results shown, each at most
//! once per page load. Nothing is fetched before the first search.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::contract::library::{LibraryIndex, LibraryQuery};
use crate::contract::model::Notice;
use crate::contract::paging::{page_count, page_range};
use crate::contract::read::ApiError;
use crate::contract::urls::{data_files, BasePath};
use crate::search::index::{
    block_path, decode_attrs, decode_entry, decode_postings, decode_shard, decode_table,
    notice_text, shard_of, version_text, Attr, FileTable, Manifest, SearchDoc, TableFile,
    TABLE_SEGMENT,
};
use crate::search::lists::Lists;
use crate::search::params::SearchParams;
use crate::search::query::{evaluate_loose, evaluate_partial, parse, settled, Partial, Query};
use crate::search::results::{ResultItem, Results, Snippets, SNIPPET_CHARS};
use crate::search::snippet::{marked, snippet};
use crate::web::platform::fetch::{fetch_file, fetch_gzip, join_all};

/// A decoded shard file: (key, encoded postings), sorted by key.
type Shard = Vec<(String, Vec<u8>)>;

/// What this page load has fetched: tables, shards and chunks by number.
#[derive(Default)]
struct Cache {
    manifest: Option<Rc<Manifest>>,
    /// The manifest's load in flight, which every search waiting for it shares.
    manifest_loading: Option<js_sys::Promise>,
    /// Why the last load of the manifest failed.
    manifest_error: Option<ApiError>,
    /// The `versions/<k>.bin` tables.
    tables: Vec<Option<Rc<Vec<u32>>>>,
    /// (key, encoded postings), sorted by key as the shard file has them.
    shards: Vec<Option<Rc<Shard>>>,
    docs: Vec<Option<Rc<Vec<SearchDoc>>>>,
    /// The `attrs/<n>.bin` chunks.
    attrs: Vec<Option<Rc<Vec<Attr>>>>,
    /// The `ids/<n>.bin` chunks.
    ids: Vec<Option<Rc<Vec<String>>>>,
    /// The lists of the keys searched so far, as far as they are loaded.
    lists: Lists,
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

/// The URL of an index file at its version.
fn url(base: &BasePath, file: &str, version: &str) -> String {
    format!("{}?v={version}", base.data(&data_files::search(file)))
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
                        cache.tables = vec![None; m.tables.len()];
                        cache.shards = vec![None; m.shards as usize];
                        cache.docs = vec![None; m.docs.div_ceil(m.doc_chunk.max(1)) as usize];
                        cache.ids = vec![None; m.ids.len()];
                        cache.attrs = vec![None; m.attrs.len()];
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

/// The versions of `files` (from the `versions/` tables, each fetched once).
async fn versions(
    base: &BasePath,
    m: &Manifest,
    files: &[TableFile],
    signal: &web_sys::AbortSignal,
) -> Result<Vec<String>, ApiError> {
    let entries: Vec<u32> = files.iter().map(|&f| m.entry(f)).collect();
    let mut wanted: Vec<u32> = entries.iter().map(|e| e / TABLE_SEGMENT).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted.retain(|&k| {
        CACHE.with(|c| {
            c.borrow()
                .tables
                .get(k as usize)
                .is_some_and(Option::is_none)
        })
    });
    let mut urls = Vec::with_capacity(wanted.len());
    for &k in &wanted {
        let version = m
            .tables
            .get(k as usize)
            .ok_or_else(|| malformed(&url(base, &format!("versions/{k}.bin"), "?")))?;
        urls.push(url(base, &format!("versions/{k}.bin"), version));
    }
    for (k, (u, bytes)) in wanted.into_iter().zip(fetch_all(urls, signal).await?) {
        let table = decode_table(&bytes).ok_or_else(|| malformed(&u))?;
        CACHE.with(|c| c.borrow_mut().tables[k as usize] = Some(Rc::new(table)));
    }
    CACHE.with(|c| {
        let cache = c.borrow();
        files
            .iter()
            .zip(entries)
            .map(|(f, e)| {
                cache
                    .tables
                    .get((e / TABLE_SEGMENT) as usize)
                    .and_then(Option::as_ref)
                    .and_then(|t| t.get((e % TABLE_SEGMENT) as usize))
                    .map(|&v| version_text(v))
                    .ok_or_else(|| malformed(&url(base, &f.path(), "?")))
            })
            .collect()
    })
}

/// Where the cache keeps a kind of chunk.
type Chunks<T> = fn(&mut Cache) -> &mut Vec<Option<Rc<Vec<T>>>>;

/// Makes sure the chunks `numbers` of `ids/` or `attrs/` (`folder`) are loaded: `slot` picks the
/// cache's list, `decode` reads a chunk.
async fn load_chunks<T>(
    base: &BasePath,
    folder: &str,
    versions: &[String],
    numbers: &[u32],
    slot: Chunks<T>,
    decode: fn(Vec<u8>) -> Option<Vec<T>>,
    signal: &web_sys::AbortSignal,
) -> Result<(), ApiError> {
    let mut wanted: Vec<u32> = numbers.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    wanted.retain(|&n| {
        CACHE.with(|c| {
            slot(&mut c.borrow_mut())
                .get(n as usize)
                .is_some_and(Option::is_none)
        })
    });
    let mut urls = Vec::with_capacity(wanted.len());
    for &n in &wanted {
        let file = format!("{folder}/{n}.bin");
        let version = versions
            .get(n as usize)
            .ok_or_else(|| malformed(&url(base, &file, "?")))?;
        urls.push(url(base, &file, version));
    }
    for (n, (u, bytes)) in wanted.into_iter().zip(fetch_all(urls, signal).await?) {
        let list = decode(bytes).ok_or_else(|| malformed(&u))?;
        CACHE.with(|c| slot(&mut c.borrow_mut())[n as usize] = Some(Rc::new(list)));
    }
    Ok(())
}

/// The notice ids of documents `numbers` (from the `ids/` chunks, each fetched once); `None` when
/// a chunk is missing or broken (the titles then come from the documents' `docs/` chunks, which
/// carry the ids too).
async fn ids_of(
    base: &BasePath,
    m: &Manifest,
    numbers: &[u32],
    signal: &web_sys::AbortSignal,
) -> Option<Vec<String>> {
    let chunk = m.id_chunk.max(1);
    let chunks: Vec<u32> = numbers.iter().map(|d| d / chunk).collect();
    let decode = |bytes: Vec<u8>| {
        String::from_utf8(bytes)
            .ok()
            .map(|text| text.split('\n').map(str::to_string).collect())
    };
    load_chunks(base, "ids", &m.ids, &chunks, |c| &mut c.ids, decode, signal)
        .await
        .ok()?;
    CACHE.with(|c| {
        let cache = c.borrow();
        numbers
            .iter()
            .map(|d| {
                cache
                    .ids
                    .get((d / chunk) as usize)?
                    .as_ref()?
                    .get((d % chunk) as usize)
                    .cloned()
            })
            .collect()
    })
}

/// The channel and date of every document, read from the `attrs/` chunks that hold `numbers`
/// (the others are left as [`Attr::default`]).
async fn attrs_of(
    base: &BasePath,
    m: &Manifest,
    numbers: &[u32],
    signal: &web_sys::AbortSignal,
) -> Result<Vec<Attr>, ApiError> {
    let chunk = m.id_chunk.max(1);
    let chunks: Vec<u32> = numbers.iter().map(|d| d / chunk).collect();
    let decode = |bytes: Vec<u8>| decode_attrs(&bytes);
    load_chunks(
        base,
        "attrs",
        &m.attrs,
        &chunks,
        |c| &mut c.attrs,
        decode,
        signal,
    )
    .await?;
    let mut out = vec![Attr::default(); m.docs as usize];
    CACHE.with(|c| {
        for (n, list) in c.borrow().attrs.iter().enumerate() {
            if let Some(list) = list {
                let start = n * chunk as usize;
                for (i, a) in list.iter().enumerate() {
                    if let Some(slot) = out.get_mut(start + i) {
                        *slot = *a;
                    }
                }
            }
        }
    });
    Ok(out)
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
    let files: Vec<TableFile> = wanted.iter().map(|&n| TableFile::Shard(n)).collect();
    let urls = files
        .iter()
        .zip(versions(base, manifest, &files, signal).await?)
        .map(|(f, v)| url(base, &f.path(), &v))
        .collect();
    for (n, (u, bytes)) in wanted.into_iter().zip(fetch_all(urls, signal).await?) {
        let entries = decode_shard(&bytes).ok_or_else(|| malformed(&u))?;
        CACHE.with(|c| c.borrow_mut().shards[n as usize] = Some(Rc::new(entries)));
    }
    Ok(())
}

/// Reads the entries of `keys` from the loaded shards into the cache's lists (each once per page
/// load).
fn read_entries(manifest: &Manifest, keys: &[String]) -> Result<(), ApiError> {
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        for k in keys {
            if cache.lists.has(k) {
                continue;
            }
            let n = shard_of(k, manifest.shards);
            let bytes = cache
                .shards
                .get(n as usize)
                .and_then(Option::as_ref)
                .and_then(|shard| {
                    let i = shard
                        .binary_search_by(|(key, _)| key.as_str().cmp(k))
                        .ok()?;
                    Some(shard[i].1.clone())
                });
            if let Some(bytes) = bytes {
                let entry =
                    decode_entry(&bytes).ok_or_else(|| malformed(&format!("shards/{n}.bin")))?;
                cache.lists.insert(k.clone(), entry);
            }
        }
        Ok(())
    })
}

/// Fetches blocks of split lists (named by their bytes' hash, so without a version) and adds
/// them to the cache's lists.
async fn load_blocks(
    base: &BasePath,
    blocks: Vec<(String, u64)>,
    signal: &web_sys::AbortSignal,
) -> Result<(), ApiError> {
    let urls = blocks
        .iter()
        .map(|(_, name)| base.data(&data_files::search(&block_path(*name))))
        .collect();
    let mut loaded = Vec::with_capacity(blocks.len());
    for ((key, name), (u, bytes)) in blocks.into_iter().zip(fetch_all(urls, signal).await?) {
        let postings = decode_postings(&bytes).ok_or_else(|| malformed(&u))?;
        loaded.push((key, name, postings));
    }
    CACHE.with(|c| c.borrow_mut().lists.add_blocks(loaded));
    Ok(())
}

/// What the loaded lists tell of `query`.
fn evaluate_loaded(query: &Query) -> Partial {
    CACHE.with(|c| {
        let cache = c.borrow();
        evaluate_partial(query, &|k| cache.lists.postings(k), &|k| {
            cache.lists.known(k)
        })
    })
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
    let files: Vec<TableFile> = wanted.iter().map(|&n| TableFile::Docs(n)).collect();
    let urls = files
        .iter()
        .zip(versions(base, manifest, &files, signal).await?)
        .map(|(f, v)| url(base, &f.path(), &v))
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
                    .ok_or_else(|| malformed(&url(base, &TableFile::Docs(d / chunk).path(), "?")))
            })
            .collect()
    })
}

/// Fetches the manifest ahead of the first query (when the reader is about to search).
pub async fn warm(base: BasePath) {
    if let Ok(controller) = web_sys::AbortController::new() {
        let _ = manifest(&base, &controller.signal()).await;
    }
}

/// Runs the search the parameters describe: `per_page` results of page `params.page`, and with
/// `with_snippets` their snippets. The rounds of requests: the versions tables of the query's
/// shards (once), the shards, the `ids/` chunks of the shown results (and the `attrs/` chunks of
/// the hits when a filter is set), then the shown notices themselves, whose JSON gives both the
/// result's title, channel and date and its snippet's text; the results and their snippets are
/// ready together. Without snippets (the type-ahead), or when an `ids/` chunk or a notice is
/// missing, the titles come from the `docs/` chunks.
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
    load_shards(&base, &m, &keys, &signal).await?;
    read_entries(&m, &keys)?;
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
    // The hits known, filtered and in order; more blocks of the long lists until the page asked
    // for is settled (twice as many each round).
    let end = (params.page.max(1) as usize).saturating_mul(per_page.max(1));
    let mut round = 1;
    let (mut hits, mut partial) = loop {
        let partial = evaluate_loaded(&query);
        let mut hits = partial.hits.clone();
        let a = if params.filtered() {
            let numbers: Vec<u32> = hits.iter().map(|h| h.doc).collect();
            attrs_of(&base, &m, &numbers, &signal).await?
        } else {
            Vec::new()
        };
        params.apply(&mut hits, &m.channels, &a, &library);
        if settled(&hits, end, &partial, params.sort) {
            break (hits, partial);
        }
        let next = CACHE.with(|c| c.borrow().lists.next(&keys, round));
        if next.is_empty() {
            break (hits, partial);
        }
        load_blocks(&base, next, &signal).await?;
        round = round.saturating_mul(2);
    };
    let mut exact = true;
    if partial.lo == 0 && partial.hits.is_empty() {
        // No document has every term as written: every unit on its own, whole lists.
        let mut loose = query.loose_keys();
        loose.extend(keys);
        load_shards(&base, &m, &loose, &signal).await?;
        read_entries(&m, &loose)?;
        let rest = CACHE.with(|c| c.borrow().lists.next(&loose, usize::MAX));
        load_blocks(&base, rest, &signal).await?;
        let outcome = CACHE.with(|c| {
            let cache = c.borrow();
            evaluate_loose(&query, &|k| cache.lists.postings(k))
        });
        exact = false;
        hits = outcome.hits;
        let a = if params.filtered() {
            let numbers: Vec<u32> = hits.iter().map(|h| h.doc).collect();
            attrs_of(&base, &m, &numbers, &signal).await?
        } else {
            Vec::new()
        };
        params.apply(&mut hits, &m.channels, &a, &library);
        partial = Partial::default();
    }
    let more = partial.lo > 0;
    let total = hits.len();
    let pages = page_count(total, per_page) as u32 + u32::from(more);
    let page = params.page.min(pages);
    let numbers: Vec<u32> = hits[page_range(total, per_page, page as usize)]
        .iter()
        .map(|h| h.doc)
        .collect();
    // The shown notices, through the `ids/` chunks (no `docs/` chunk needed).
    let mut shown: Vec<Option<Rc<ShownNotice>>> = Vec::new();
    if with_snippets {
        if let Some(list) = ids_of(&base, &m, &numbers, &signal).await {
            shown = notices(&base, &list, &signal).await;
        }
    }
    if signal.aborted() {
        // Replaced by a newer search: no fallback requests for it.
        return Err(ApiError::Timeout {
            url: base.data(&data_files::search("shards")),
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
        more,
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
