//! The search page's URL: `/search?q=…&channel=…&publisher=…&year=…&code=…&topic=…&from=…&to=…&sort=…&page=…`
//! (the policy library's facets filter searches too).

use super::index::{date_number, Attr};
use super::query::{filter, order, Hit, Sort};
use crate::contract::library::LibraryQuery;
use crate::contract::model::is_valid_id;
use crate::contract::paging::parse_page;
use crate::contract::urls::percent_encode;

/// What the search page shows, as its URL says it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SearchParams {
    /// The query text.
    pub q: String,
    /// Only this channel.
    pub channel: Option<String>,
    /// Only documents of the policy library with these facet values (key, value).
    #[serde(default)]
    pub facets: Vec<(String, String)>,
    /// From this date, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Up to this date, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// The order.
    pub sort: Sort,
    /// The page, from 1.
    pub page: u32,
}

fn valid_date(value: Option<String>) -> Option<String> {
    value.filter(|d| d.len() == 10 && date_number(d).is_some())
}

impl SearchParams {
    /// Reads the parameters with `get` (a query-string lookup); invalid values are dropped.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Self {
        SearchParams {
            q: get("q").unwrap_or_default().trim().to_string(),
            channel: get("channel").filter(|c| is_valid_id(c)),
            facets: LibraryQuery::read_filters(&get),
            from: valid_date(get("from")),
            to: valid_date(get("to")),
            sort: match get("sort").as_deref() {
                Some("date") => Sort::Date,
                _ => Sort::Relevance,
            },
            page: get("page").as_deref().and_then(parse_page).unwrap_or(1),
        }
    }

    /// Whether a channel or date filter is set.
    pub fn filtered(&self) -> bool {
        self.channel.is_some()
            || !self.facets.is_empty()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// The route path with its query string (defaults left out).
    pub fn route(&self) -> String {
        let mut parts = vec![format!("q={}", percent_encode(&self.q))];
        if let Some(c) = &self.channel {
            parts.push(format!("channel={}", percent_encode(c)));
        }
        parts.extend(LibraryQuery::filter_params(&self.facets));
        let optional = [
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("sort", (self.sort == Sort::Date).then_some("date")),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                parts.push(format!("{name}={}", percent_encode(v)));
            }
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        format!("/search?{}", parts.join("&"))
    }

    /// Applies the filters (with every document's attributes, needed when [`Self::filtered`], and
    /// the sorted numbers of the documents that pass the facet filters, needed when there are
    /// any) and the order to the hits of a query.
    pub fn apply(&self, hits: &mut Vec<Hit>, channels: &[String], attrs: &[Attr], library: &[u32]) {
        if !self.facets.is_empty() {
            hits.retain(|h| library.binary_search(&h.doc).is_ok());
        }
        if self.filtered() {
            let channel = match &self.channel {
                Some(id) => match channels.iter().position(|c| c == id) {
                    Some(i) => Some(i as u32),
                    None => {
                        hits.clear();
                        return;
                    }
                },
                None => None,
            };
            let from = self.from.as_deref().and_then(date_number);
            let to = self.to.as_deref().and_then(date_number);
            filter(hits, attrs, channel, from, to);
        }
        order(hits, self.sort);
    }

    /// The same search on another page.
    pub fn with_page(&self, page: u32) -> Self {
        SearchParams {
            page,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> SearchParams {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SearchParams::read(|k| map.get(k).cloned())
    }

    #[test]
    fn reads_and_writes_the_url() {
        let p = read(&[
            ("q", " 浙通管〔2026〕21号 "),
            ("channel", "tzgg"),
            ("from", "2026-01-01"),
            ("to", "2026-12-31"),
            ("sort", "date"),
            ("page", "3"),
            ("year", "2026"),
            ("code", "浙通管"),
        ]);
        assert_eq!(p.q, "浙通管〔2026〕21号");
        assert_eq!(p.page, 3);
        assert!(p.filtered());
        assert_eq!(
            p.route(),
            "/search?q=%E6%B5%99%E9%80%9A%E7%AE%A1%E3%80%942026%E3%80%9521%E5%8F%B7\
             &channel=tzgg&year=2026&code=%E6%B5%99%E9%80%9A%E7%AE%A1&from=2026-01-01&to=2026-12-31&sort=date&page=3"
        );
        assert_eq!(read(&[("q", "5G a&b")]).route(), "/search?q=5G%20a%26b");
    }

    #[test]
    fn facet_filters_keep_only_the_library_documents() {
        let p = read(&[("q", "通知"), ("year", "2026")]);
        assert!(p.filtered());
        let mut hits: Vec<Hit> = [0, 3, 5, 9]
            .into_iter()
            .map(|doc| Hit { doc, score: 1 })
            .collect();
        p.apply(&mut hits, &[], &[Attr::default(); 10], &[3, 9]);
        let docs: Vec<u32> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [9, 3]);
    }

    #[test]
    fn drops_invalid_values() {
        let p = read(&[
            ("channel", "../x"),
            ("from", "2026-13-01"),
            ("to", "yesterday"),
            ("sort", "x"),
            ("page", "0"),
        ]);
        assert_eq!(
            p,
            SearchParams {
                page: 1,
                ..Default::default()
            }
        );
        assert!(!p.filtered());
    }
}
