//! The messages between the app ([`crate::web::search_client`]) and the search worker
//! ([`crate::web::worker`]), sent as JSON text with `postMessage`, in serde's externally tagged
//! form (`"Ready"`, `{"Search": {…}}`). Both sides read them with [`crate::contract::json`] (the
//! JavaScript engine's `JSON.parse`) and write them with [`Request::to_json`] and
//! [`Reply::to_json`], so neither wasm carries `serde_json`.

use serde::{Deserialize, Serialize};

use super::params::SearchParams;
use super::snippet::Marked;
use crate::contract::read::ApiError;
use crate::search::results::Results;

/// The app asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Fetch the index manifest ahead of the first query (the reader is about to search).
    Warm {
        /// The deployment's base path (`/` or e.g. `/notices/`).
        base: String,
    },
    /// Run a search.
    Search {
        /// Names the replies.
        id: u32,
        /// Who asks (`page`, `box`): a new search of the same asker aborts its previous one.
        slot: String,
        /// The deployment's base path.
        base: String,
        /// What to search.
        params: SearchParams,
        /// Results per page.
        per_page: usize,
        /// Whether to send the shown results' snippets after the results.
        snippets: bool,
    },
}

impl Request {
    /// The request as JSON, as `serde_json` writes it (without `serde_json`).
    pub fn to_json(&self) -> String {
        match self {
            Request::Warm { base } => format!(r#"{{"Warm":{{"base":{}}}}}"#, quote(base)),
            Request::Search {
                id,
                slot,
                base,
                params,
                per_page,
                snippets,
            } => {
                let optional = |v: &Option<String>| v.as_deref().map_or("null".to_string(), quote);
                let sort = match params.sort {
                    super::query::Sort::Relevance => "Relevance",
                    super::query::Sort::Date => "Date",
                };
                format!(
                    r#"{{"Search":{{"id":{id},"slot":{},"base":{},"params":{{"q":{},"channel":{},"facets":[{}],"from":{},"to":{},"sort":"{sort}","page":{}}},"per_page":{per_page},"snippets":{snippets}}}}}"#,
                    quote(slot),
                    quote(base),
                    quote(&params.q),
                    optional(&params.channel),
                    params
                        .facets
                        .iter()
                        .map(|(k, v)| format!("[{},{}]", quote(k), quote(v)))
                        .collect::<Vec<_>>()
                        .join(","),
                    optional(&params.from),
                    optional(&params.to),
                    params.page,
                )
            }
        }
    }
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker listens (sent once, when it has started).
    Ready,
    /// A search's results, without snippets.
    Results {
        /// The request's id.
        id: u32,
        /// The page of results, or why there is none.
        results: Result<Results, ApiError>,
    },
    /// The snippets of a search's shown results, in order (`None` where a notice could not be
    /// loaded); sent after [`Reply::Results`] when the request asked for them.
    Snippets {
        /// The request's id.
        id: u32,
        /// One per shown result.
        snippets: Vec<Option<Marked>>,
    },
}

impl Reply {
    /// The reply as JSON, as `serde_json` writes it (without `serde_json`, which would add its
    /// serializer to the engine's wasm).
    pub fn to_json(&self) -> String {
        match self {
            Reply::Ready => r#""Ready""#.to_string(),
            Reply::Results { id, results } => {
                let results = match results {
                    Ok(r) => format!(r#"{{"Ok":{}}}"#, results_json(r)),
                    Err(e) => format!(r#"{{"Err":{}}}"#, error_json(e)),
                };
                format!(r#"{{"Results":{{"id":{id},"results":{results}}}}}"#)
            }
            Reply::Snippets { id, snippets } => {
                let list = snippets
                    .iter()
                    .map(|s| s.as_ref().map_or("null".to_string(), marked_json))
                    .collect::<Vec<_>>()
                    .join(",");
                format!(r#"{{"Snippets":{{"id":{id},"snippets":[{list}]}}}}"#)
            }
        }
    }
}

fn marked_json(m: &Marked) -> String {
    let marks = m
        .marks
        .iter()
        .map(|(a, b)| format!("[{a},{b}]"))
        .collect::<Vec<_>>()
        .join(",");
    format!(r#"{{"text":{},"marks":[{marks}]}}"#, quote(&m.text))
}

fn results_json(r: &Results) -> String {
    let items = r
        .items
        .iter()
        .map(|item| {
            let d = &item.doc;
            // The marks of the notice's life, only when it has them.
            let mut life = String::new();
            if let Some(v) = d.validity {
                life.push_str(&format!(r#","validity":{}"#, quote(v.key())));
            }
            for (name, value) in [("valid_until", &d.valid_until), ("deadline", &d.deadline)] {
                if let Some(value) = value {
                    life.push_str(&format!(r#","{name}":{}"#, quote(value)));
                }
            }
            format!(
                r#"{{"doc":{{"id":{},"title":{},"channel":{},"published":{}{life}}},"title":{}}}"#,
                quote(&d.id),
                quote(&d.title),
                quote(&d.channel),
                quote(&d.published),
                marked_json(&item.title),
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    format!(
        r#"{{"total":{},"more":{},"exact":{},"page":{},"pages":{},"items":[{items}]}}"#,
        r.total, r.more, r.exact, r.page, r.pages
    )
}

fn error_json(e: &ApiError) -> String {
    match e {
        ApiError::NotFound { url } => format!(r#"{{"NotFound":{{"url":{}}}}}"#, quote(url)),
        ApiError::Malformed { url, detail } => format!(
            r#"{{"Malformed":{{"url":{},"detail":{}}}}}"#,
            quote(url),
            quote(detail)
        ),
        ApiError::Http {
            url,
            status,
            retry_after,
        } => format!(
            r#"{{"Http":{{"url":{},"status":{status},"retry_after":{}}}}}"#,
            quote(url),
            retry_after.map_or("null".to_string(), |s| s.to_string())
        ),
        ApiError::Network { url, detail } => format!(
            r#"{{"Network":{{"url":{},"detail":{}}}}}"#,
            quote(url),
            quote(detail)
        ),
        ApiError::Timeout { url } => format!(r#"{{"Timeout":{{"url":{}}}}}"#, quote(url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::SearchDoc;
    use crate::search::results::ResultItem;

    #[test]
    fn messages_round_trip_as_json() {
        let request = Request::Search {
            id: 7,
            slot: "page".into(),
            base: "/notices/".into(),
            params: SearchParams {
                q: "信息通".into(),
                channel: Some("tzgg".into()),
                facets: vec![
                    ("year".into(), "2026".into()),
                    ("code".into(), "浙\"通".into()),
                ],
                page: 2,
                ..Default::default()
            },
            per_page: 10,
            snippets: true,
        };
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(serde_json::from_str::<Request>(&text).unwrap(), request);
        // The app's own writing reads back as the same request, whatever the text holds.
        assert_eq!(request.to_json(), text);
        let odd = Request::Search {
            id: u32::MAX,
            slot: "box".into(),
            base: "/a\"b\\c/".into(),
            params: SearchParams {
                q: "\"引号\" \\ \n\t\u{1}〔2026〕".into(),
                from: Some("2026-01-01".into()),
                to: Some("2026-12-31".into()),
                sort: crate::search::query::Sort::Date,
                page: 3,
                ..Default::default()
            },
            per_page: 6,
            snippets: false,
        };
        assert_eq!(
            serde_json::from_str::<Request>(&odd.to_json()).unwrap(),
            odd
        );
        let warm = Request::Warm {
            base: "/notices/".into(),
        };
        assert_eq!(
            serde_json::from_str::<Request>(&warm.to_json()).unwrap(),
            warm
        );
        let reply = Reply::Results {
            id: 7,
            results: Ok(Results {
                total: 1,
                exact: true,
                page: 1,
                pages: 1,
                items: vec![ResultItem {
                    doc: SearchDoc {
                        id: "a".into(),
                        title: "信息通信".into(),
                        channel: "tzgg".into(),
                        published: "2026-02-12T17:29:00+08:00".into(),
                        ..Default::default()
                    },
                    title: Marked {
                        text: "信息通信".into(),
                        marks: vec![(0, 3)],
                    },
                }],
                ..Default::default()
            }),
        };
        let text = serde_json::to_string(&reply).unwrap();
        assert_eq!(serde_json::from_str::<Reply>(&text).unwrap(), reply);
        let failed = Reply::Results {
            id: 8,
            results: Err(ApiError::Timeout { url: "u".into() }),
        };
        let text = serde_json::to_string(&failed).unwrap();
        assert_eq!(serde_json::from_str::<Reply>(&text).unwrap(), failed);
    }

    /// `Reply::to_json` writes what `serde_json` writes (the same JSON value), and it reads back.
    #[test]
    fn replies_written_by_hand_are_what_serde_json_writes() {
        let odd = "引号\"反斜杠\\ 换行\n\t\u{1}\u{7f} 〔2026〕</mark>";
        let item = |id: &str| ResultItem {
            doc: SearchDoc {
                id: id.into(),
                title: odd.into(),
                channel: "tzgg".into(),
                published: "2026-02-12T17:29:00+08:00".into(),
                ..Default::default()
            },
            title: Marked {
                text: odd.into(),
                marks: vec![(0, 2), (5, 9)],
            },
        };
        let mut replies = vec![
            Reply::Ready,
            Reply::Results {
                id: 0,
                results: Ok(Results::default()),
            },
            Reply::Results {
                id: u32::MAX,
                results: Ok(Results {
                    total: 12_345,
                    more: true,
                    exact: false,
                    page: 3,
                    pages: 1_235,
                    items: vec![item("a"), item(odd), {
                        // A result with every mark of its life.
                        let mut marked = item("b");
                        marked.doc.validity = Some(crate::contract::lifecycle::Validity::Abolished);
                        marked.doc.valid_until = Some("2027-12-31".into());
                        marked.doc.deadline = Some("2025-12-18T17:00:00+08:00".into());
                        marked
                    }],
                    ..Default::default()
                }),
            },
            Reply::Snippets {
                id: 9,
                snippets: vec![
                    None,
                    Some(Marked::default()),
                    Some(Marked {
                        text: odd.into(),
                        marks: vec![(1, 3)],
                    }),
                ],
            },
            Reply::Snippets {
                id: 10,
                snippets: vec![],
            },
        ];
        for error in [
            ApiError::NotFound { url: odd.into() },
            ApiError::Malformed {
                url: "/data/search/shards/1.bin?v=ab".into(),
                detail: odd.into(),
            },
            ApiError::Http {
                url: "u".into(),
                status: 503,
                retry_after: Some(120),
            },
            ApiError::Http {
                url: "u".into(),
                status: 500,
                retry_after: None,
            },
            ApiError::Network {
                url: "u".into(),
                detail: odd.into(),
            },
            ApiError::Timeout { url: "u".into() },
        ] {
            replies.push(Reply::Results {
                id: 1,
                results: Err(error),
            });
        }
        for reply in replies {
            let ours = reply.to_json();
            let theirs = serde_json::to_string(&reply).unwrap();
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&ours).unwrap(),
                serde_json::from_str::<serde_json::Value>(&theirs).unwrap(),
                "{ours}"
            );
            assert_eq!(serde_json::from_str::<Reply>(&ours).unwrap(), reply);
        }
    }
}
