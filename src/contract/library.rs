//! The policy library (政策文件库): its facets, the facet index the content tool writes
//! (`data/library.json`, [`LibraryIndex`]) and the library page's URL ([`LibraryQuery`]).
//!
//! Every facet is one entry of [`FACETS`]: its URL parameter, its label and how its value is read
//! from a notice. The index holds, per document of the library, its number in the search index
//! (whose `docs/<n>.bin` chunks carry titles and ids, fetched only for the documents shown), its
//! 成文日期, its 文号 and the number of its value of every facet: no notice text, so a library
//! view downloads the index and the few title chunks it shows, never the corpus.

use serde::{Deserialize, Serialize};

use crate::contract::labels::Labels;
use crate::contract::lifecycle::current_validity;
use crate::contract::model::{ContractError, Notice};
use crate::contract::paging::parse_page;
use crate::contract::urls::percent_encode;

/// One facet of the library.
pub struct Facet {
    /// The URL parameter, e.g. `publisher`.
    pub key: &'static str,
    /// The label shown to readers.
    pub label: fn(&Labels) -> &'static str,
    /// The notice's value, if it has one, at the build's clock (Unix seconds).
    pub value: fn(&Notice, i64) -> Option<String>,
    /// Whether the values are listed newest first (years) rather than by count.
    pub descending: bool,
}

/// The facets, in the order the library shows them.
pub const FACETS: &[Facet] = &[
    Facet {
        key: "publisher",
        label: |l| l.facet_publisher,
        value: |n, _| n.publisher.clone(),
        descending: false,
    },
    Facet {
        key: "year",
        label: |l| l.facet_year,
        value: |n, _| doc_number_parts(n.doc_number.as_deref()?).map(|(_, y)| y.to_string()),
        descending: true,
    },
    Facet {
        key: "code",
        label: |l| l.facet_code,
        value: |n, _| doc_number_parts(n.doc_number.as_deref()?).map(|(c, _)| c.to_string()),
        descending: false,
    },
    Facet {
        key: "topic",
        label: |l| l.facet_topic,
        value: |n, _| n.topic.clone(),
        descending: false,
    },
    Facet {
        key: "validity",
        label: |l| l.life().validity,
        value: |n, now| {
            current_validity(n.validity, n.valid_until.as_deref(), &n.published, now)
                .map(|v| v.chinese().to_string())
        },
        descending: false,
    },
];

/// The issuing code (发文机关代字) and year of a 文号: `浙通管〔2026〕5号` → (`浙通管`, 2026).
/// The year may stand in 〔〕, [], (), （） or 【】.
pub fn doc_number_parts(doc_number: &str) -> Option<(&str, u16)> {
    const BRACKETS: &[(char, char)] = &[
        ('〔', '〕'),
        ('[', ']'),
        ('(', ')'),
        ('（', '）'),
        ('【', '】'),
    ];
    BRACKETS.iter().find_map(|&(open, close)| {
        let (code, rest) = doc_number.split_once(open)?;
        let (year, _) = rest.split_once(close)?;
        let code = code.trim();
        let year: u16 = year.trim().parse().ok()?;
        (!code.is_empty() && (1900..=2999).contains(&year)).then_some((code, year))
    })
}

/// The values of one facet.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FacetValues {
    /// The facet's key ([`Facet::key`]).
    pub key: String,
    /// Its values; a row names one by its index plus one (0: none).
    pub values: Vec<String>,
}

/// `data/library.json`: every document of the library.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LibraryIndex {
    /// The version of each `docs/<n>.bin` chunk of the search index that holds a document of the
    /// library (empty for the others), for its URL (`?v=`, see [`crate::search::index`]).
    pub doc_versions: Vec<String>,
    /// How many documents each `docs/<n>.bin` chunk holds.
    pub doc_chunk: u32,
    /// The facets' values, in the order of the rows' facet columns.
    pub facets: Vec<FacetValues>,
    /// One row per document, newest first: its number in the search index, its 成文日期 as
    /// `YYYYMMDD` (0: none), then its value of each facet (index plus one, 0: none).
    pub rows: Vec<Vec<u32>>,
    /// The rows in 成文日期 order, newest first (the publication order among equal dates), so
    /// that the browser never sorts.
    pub by_written: Vec<u32>,
    /// The 文号 of each row (empty: none).
    pub numbers: Vec<String>,
}

/// The columns of a row before the facets.
const FIXED: usize = 2;

impl LibraryIndex {
    /// Every broken rule: a chunk size, rows as long as the facets say, values that exist.
    pub fn validate(&self) -> Vec<ContractError> {
        let mut errors = Vec::new();
        if self.doc_chunk == 0 {
            errors.push(ContractError {
                field: "doc_chunk".into(),
                message: "must be at least 1".into(),
            });
        }
        let mut seen = vec![false; self.rows.len()];
        let permutation = self.by_written.len() == self.rows.len()
            && self.by_written.iter().all(|&r| {
                seen.get_mut(r as usize)
                    .is_some_and(|s| !std::mem::replace(s, true))
            });
        if !permutation {
            errors.push(ContractError {
                field: "by_written".into(),
                message: "must list every row once".into(),
            });
        }
        if self.numbers.len() != self.rows.len() {
            errors.push(ContractError {
                field: "numbers".into(),
                message: "must have one entry per row".into(),
            });
        }
        for (i, row) in self.rows.iter().enumerate() {
            let fits = row.len() == FIXED + self.facets.len()
                && self
                    .facets
                    .iter()
                    .zip(&row[FIXED.min(row.len())..])
                    .all(|(f, &v)| v as usize <= f.values.len());
            if !fits {
                errors.push(ContractError {
                    field: format!("rows[{i}]"),
                    message: "does not match the facets".into(),
                });
            }
        }
        errors
    }

    /// The column of the facet `key` in this index.
    fn column(&self, key: &str) -> Option<usize> {
        self.facets.iter().position(|f| f.key == key)
    }

    /// The value number (index plus one) of `value` in the facet at `column`; `None` when the
    /// facet has no such value.
    fn value_number(&self, column: usize, value: &str) -> Option<u32> {
        self.facets[column]
            .values
            .iter()
            .position(|v| v == value)
            .map(|i| i as u32 + 1)
    }

    /// The wanted value number per facet column (`None`: any), or `None` when a filter can match
    /// nothing (a facet or value this index does not have).
    fn wanted(&self, query: &LibraryQuery, skip: Option<usize>) -> Option<Vec<Option<u32>>> {
        let mut wanted = vec![None; self.facets.len()];
        for (key, value) in &query.filters {
            let column = self.column(key)?;
            if Some(column) != skip {
                wanted[column] = Some(self.value_number(column, value)?);
            }
        }
        Some(wanted)
    }

    fn row_matches(row: &[u32], wanted: &[Option<u32>]) -> bool {
        wanted
            .iter()
            .enumerate()
            .all(|(c, w)| w.is_none_or(|w| row.get(FIXED + c) == Some(&w)))
    }

    /// The rows that pass the query's filters, in its order.
    pub fn matching(&self, query: &LibraryQuery) -> Vec<usize> {
        let Some(wanted) = self.wanted(query, None) else {
            return Vec::new();
        };
        let order: Box<dyn Iterator<Item = usize>> = match query.sort {
            LibrarySort::Published => Box::new(0..self.rows.len()),
            LibrarySort::Written => Box::new(self.by_written.iter().map(|&r| r as usize)),
        };
        order
            .filter(|&r| Self::row_matches(&self.rows[r], &wanted))
            .collect()
    }

    /// The search index's document numbers of the rows that pass the query's filters, ascending,
    /// for the search page's facet filters.
    pub fn documents(&self, query: &LibraryQuery) -> Vec<u32> {
        let mut numbers: Vec<u32> = self
            .matching(&LibraryQuery {
                sort: LibrarySort::Published,
                ..query.clone()
            })
            .into_iter()
            .filter_map(|r| self.rows[r].first().copied())
            .collect();
        numbers.sort_unstable();
        numbers
    }

    /// The values of facet `key` with how many documents have each among those that pass the
    /// query's other filters; values without documents are left out.
    pub fn counts(&self, query: &LibraryQuery, key: &str) -> Vec<(String, usize)> {
        let Some(column) = self.column(key) else {
            return Vec::new();
        };
        let Some(wanted) = self.wanted(query, Some(column)) else {
            return Vec::new();
        };
        let values = &self.facets[column].values;
        let mut counts = vec![0usize; values.len() + 1];
        for row in &self.rows {
            if Self::row_matches(row, &wanted) {
                counts[row.get(FIXED + column).copied().unwrap_or(0) as usize] += 1;
            }
        }
        values
            .iter()
            .zip(&counts[1..])
            .filter(|(_, &n)| n > 0)
            .map(|(v, &n)| (v.clone(), n))
            .collect()
    }
}

impl crate::contract::read::ContractFile for LibraryIndex {
    fn contract_errors(&self) -> Vec<ContractError> {
        self.validate()
    }
}

/// The library's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LibrarySort {
    /// 发布日期, newest first.
    #[default]
    Published,
    /// 成文日期, newest first.
    Written,
}

/// What the library page shows, as its URL says: `/library?publisher=…&year=…&sort=written&page=2`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LibraryQuery {
    /// The facet filters, (key, value), in [`FACETS`] order.
    pub filters: Vec<(String, String)>,
    /// The order.
    pub sort: LibrarySort,
    /// The page, from 1.
    pub page: u32,
}

impl LibraryQuery {
    /// Reads the facet filters with `get` (a query-string lookup); empty values are dropped.
    pub fn read_filters(get: &impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
        FACETS
            .iter()
            .filter_map(|f| {
                let value = get(f.key)?.trim().to_string();
                (!value.is_empty() && value.chars().count() <= 200)
                    .then(|| (f.key.to_string(), value))
            })
            .collect()
    }

    /// Reads the parameters with `get`; invalid values are dropped.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> Self {
        LibraryQuery {
            filters: Self::read_filters(&get),
            sort: match get("sort").as_deref() {
                Some("written") => LibrarySort::Written,
                _ => LibrarySort::Published,
            },
            page: get("page").as_deref().and_then(parse_page).unwrap_or(1),
        }
    }

    /// The query-string parameters of the filters, `key=value` percent-encoded.
    pub fn filter_params(filters: &[(String, String)]) -> Vec<String> {
        filters
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect()
    }

    /// The route path with its query string (defaults left out).
    pub fn route(&self) -> String {
        let mut parts = Self::filter_params(&self.filters);
        if self.sort == LibrarySort::Written {
            parts.push("sort=written".to_string());
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        let path = crate::contract::urls::routes::library();
        if parts.is_empty() {
            path
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    /// The value of the filter `key`, if set.
    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The same query with the filter `key` set to `value` (or removed), from page 1.
    pub fn with_filter(&self, key: &str, value: Option<&str>) -> Self {
        let mut filters: Vec<(String, String)> = Vec::new();
        for f in FACETS {
            let v = if f.key == key {
                value
            } else {
                self.filter(f.key)
            };
            if let Some(v) = v {
                filters.push((f.key.to_string(), v.to_string()));
            }
        }
        LibraryQuery {
            filters,
            sort: self.sort,
            page: 1,
        }
    }

    /// The same query in another order, from page 1.
    pub fn with_sort(&self, sort: LibrarySort) -> Self {
        LibraryQuery {
            sort,
            page: 1,
            ..self.clone()
        }
    }

    /// The same query on another page.
    pub fn with_page(&self, page: u32) -> Self {
        LibraryQuery {
            page,
            ..self.clone()
        }
    }
}

/// `YYYYMMDD` of a date written `YYYY-MM-DD` (or an RFC 3339 time); 0 when it is not one.
pub fn date_number(text: &str) -> u32 {
    let b = text.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return 0;
    }
    let digits = [&b[0..4], &b[5..7], &b[8..10]].concat();
    std::str::from_utf8(&digits)
        .ok()
        .filter(|d| d.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// `YYYY-MM-DD` of a `YYYYMMDD` number.
pub fn date_text(number: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        number / 10000,
        number / 100 % 100,
        number % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_code_and_year_of_a_doc_number() {
        assert_eq!(
            doc_number_parts("浙通管〔2026〕5号"),
            Some(("浙通管", 2026))
        );
        assert_eq!(
            doc_number_parts("浙通管函[2025]12号"),
            Some(("浙通管函", 2025))
        );
        assert_eq!(doc_number_parts("工信部(2024)1号"), Some(("工信部", 2024)));
        assert_eq!(
            doc_number_parts("国办发（2023）7号"),
            Some(("国办发", 2023))
        );
        assert_eq!(doc_number_parts("第5号"), None);
        assert_eq!(doc_number_parts("〔2026〕5号"), None);
        assert_eq!(doc_number_parts("浙通管〔二〇二六〕5号"), None);
    }

    fn index() -> LibraryIndex {
        LibraryIndex {
            doc_versions: vec!["b".into()],
            doc_chunk: 32,
            facets: vec![
                FacetValues {
                    key: "publisher".into(),
                    values: vec!["甲局".into(), "乙局".into()],
                },
                FacetValues {
                    key: "year".into(),
                    values: vec!["2026".into(), "2025".into()],
                },
            ],
            rows: vec![
                vec![0, 20260110, 1, 1],
                vec![3, 20260301, 2, 1],
                vec![7, 0, 1, 2],
                vec![9, 20250105, 0, 0],
            ],
            by_written: vec![1, 0, 3, 2],
            numbers: vec!["a".into(), "b".into(), "c".into(), "".into()],
        }
    }

    fn query(pairs: &[(&str, &str)]) -> LibraryQuery {
        LibraryQuery::read(|k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn filters_sorts_and_counts() {
        let index = index();
        assert!(index.validate().is_empty());
        assert_eq!(index.matching(&query(&[])), [0, 1, 2, 3]);
        assert_eq!(index.matching(&query(&[("publisher", "甲局")])), [0, 2]);
        assert_eq!(
            index.matching(&query(&[("publisher", "甲局"), ("year", "2026")])),
            [0]
        );
        assert_eq!(index.matching(&query(&[("sort", "written")])), [1, 0, 3, 2]);
        assert!(index.matching(&query(&[("publisher", "丙局")])).is_empty());
        // Counts of a facet ignore its own filter and honour the others.
        let q = query(&[("publisher", "甲局"), ("year", "2026")]);
        assert_eq!(
            index.counts(&q, "publisher"),
            [("甲局".to_string(), 1), ("乙局".to_string(), 1)]
        );
        assert_eq!(
            index.counts(&q, "year"),
            [("2026".to_string(), 1), ("2025".to_string(), 1)]
        );
        assert_eq!(index.documents(&query(&[("year", "2026")])), [0, 3]);
    }

    #[test]
    fn the_url_round_trips() {
        let q = query(&[
            ("year", "2026"),
            ("publisher", "浙江省通信管理局"),
            ("sort", "written"),
            ("page", "2"),
            ("topic", " "),
        ]);
        assert_eq!(
            q.route(),
            "/library?publisher=%E6%B5%99%E6%B1%9F%E7%9C%81%E9%80%9A%E4%BF%A1%E7%AE%A1%E7%90%86%E5%B1%80\
             &year=2026&sort=written&page=2"
        );
        assert_eq!(q.with_filter("year", None).route(), "/library?publisher=%E6%B5%99%E6%B1%9F%E7%9C%81%E9%80%9A%E4%BF%A1%E7%AE%A1%E7%90%86%E5%B1%80&sort=written");
        assert_eq!(query(&[]).route(), "/library");
    }

    #[test]
    fn rows_that_do_not_fit_are_errors() {
        let mut index = index();
        index.rows[1] = vec![3, 0, 3, 1];
        index.rows[2] = vec![7, 0];
        index.by_written = vec![1, 0, 0, 2];
        assert_eq!(index.validate().len(), 3);
        assert_eq!(date_number("2026-02-10"), 20260210);
        assert_eq!(date_number("2026年"), 0);
        assert_eq!(date_text(20260210), "2026-02-10");
    }
}
