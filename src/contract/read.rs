//! Fetching the data contract's files. Every fetch returns `Result<T, ApiError>`; the parsing and
//! the mapping from HTTP answers to errors are plain functions, tested natively.

use serde::de::DeserializeOwned;
use std::fmt;

use crate::contract::model::{ContractError, ListPage, Notice, Page, Site};

/// How long a request may take, headers and body together, before it counts as no answer.
pub const TIMEOUT_MS: u32 = 10_000;

/// Why a data file could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ApiError {
    /// HTTP 404 (or 410): the notice, list or channel does not exist.
    NotFound {
        /// The URL that was asked for.
        url: String,
    },
    /// The file arrived but is not valid JSON of the contract (or breaks one of its rules).
    Malformed {
        /// The URL of the file.
        url: String,
        /// What is wrong, for the collapsed technical detail.
        detail: String,
    },
    /// Any other HTTP error status (5xx and the rest).
    Http {
        /// The URL that was asked for.
        url: String,
        /// The status code.
        status: u16,
        /// How long the server asked to wait (`Retry-After` in seconds, e.g. with a 503).
        retry_after: Option<u32>,
    },
    /// The request failed: offline, DNS, connection reset, a blocked request.
    Network {
        /// The URL that was asked for.
        url: String,
        /// The browser's message.
        detail: String,
    },
    /// No complete answer within [`TIMEOUT_MS`].
    Timeout {
        /// The URL that was asked for.
        url: String,
    },
}

impl ApiError {
    /// The URL the error concerns.
    pub fn url(&self) -> &str {
        match self {
            ApiError::NotFound { url }
            | ApiError::Malformed { url, .. }
            | ApiError::Http { url, .. }
            | ApiError::Network { url, .. }
            | ApiError::Timeout { url } => url,
        }
    }

    /// Whether trying again may help (network, server and timeout errors).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Http { .. } | ApiError::Network { .. } | ApiError::Timeout { .. }
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::NotFound { url } => write!(f, "{url}: not found (HTTP 404)"),
            ApiError::Malformed { url, detail } => write!(f, "{url}: {detail}"),
            ApiError::Http {
                url,
                status,
                retry_after: Some(s),
            } => write!(f, "{url}: HTTP {status}, retry after {s} s"),
            ApiError::Http { url, status, .. } => write!(f, "{url}: HTTP {status}"),
            ApiError::Network { url, detail } => write!(f, "{url}: network error: {detail}"),
            ApiError::Timeout { url } => {
                write!(f, "{url}: no answer within {} s", TIMEOUT_MS / 1000)
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// A contract file type: parsed with serde, then checked by its `validate` method.
pub trait ContractFile: DeserializeOwned {
    /// Every broken rule of the contract.
    fn contract_errors(&self) -> Vec<ContractError>;
}

impl ContractFile for Site {
    fn contract_errors(&self) -> Vec<ContractError> {
        self.validate()
    }
}

impl ContractFile for ListPage {
    fn contract_errors(&self) -> Vec<ContractError> {
        self.validate()
    }
}

impl ContractFile for Notice {
    fn contract_errors(&self) -> Vec<ContractError> {
        self.validate()
    }
}

impl ContractFile for Page {
    fn contract_errors(&self) -> Vec<ContractError> {
        self.validate()
    }
}

/// The error for an HTTP status that is not a success, if it is one.
pub fn status_error(url: &str, status: u16) -> Option<ApiError> {
    match status {
        200..=299 => None,
        404 | 410 => Some(ApiError::NotFound {
            url: url.to_string(),
        }),
        _ => Some(ApiError::Http {
            url: url.to_string(),
            status,
            retry_after: None,
        }),
    }
}

/// The wait a `Retry-After` header asks for, in seconds (at most a day). Only the delay form
/// (`120`) is read; the date form is left alone, as the reader's clock may be wrong.
pub fn retry_after(header: Option<&str>) -> Option<u32> {
    let value = header?.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse::<u64>().map_or(86_400, |s| s.min(86_400)) as u32)
}

/// Parses and validates a contract file's text (with the platform's JSON parser, see
/// [`crate::contract::json`]).
pub fn parse_file<T: ContractFile>(url: &str, text: &str) -> Result<T, ApiError> {
    checked(url, crate::contract::json::from_str(text))
}

/// A parsed contract file, validated: the parser's error or the broken rules make it malformed.
pub fn checked<T: ContractFile>(url: &str, parsed: Result<T, String>) -> Result<T, ApiError> {
    let malformed = |detail: String| ApiError::Malformed {
        url: url.to_string(),
        detail,
    };
    let value = parsed.map_err(malformed)?;
    let errors = value.contract_errors();
    if errors.is_empty() {
        Ok(value)
    } else {
        let detail = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        Err(malformed(detail))
    }
}

/// Decodes a contract file's bytes as UTF-8 (a leading byte-order mark is dropped, as browsers
/// do), then parses and validates it. Bytes that are not UTF-8 make the file malformed: they would
/// otherwise show as replacement characters in the middle of a notice.
pub fn parse_bytes<T: ContractFile>(url: &str, bytes: &[u8]) -> Result<T, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_file(url, text),
        Err(e) => Err(ApiError::Malformed {
            url: url.to_string(),
            detail: format!("not UTF-8: invalid bytes at byte {}", e.valid_up_to()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_errors() {
        assert_eq!(status_error("u", 200), None);
        assert_eq!(status_error("u", 204), None);
        assert!(matches!(
            status_error("u", 404),
            Some(ApiError::NotFound { .. })
        ));
        assert!(matches!(
            status_error("u", 500),
            Some(ApiError::Http { status: 500, .. })
        ));
        assert!(matches!(
            status_error("u", 503),
            Some(ApiError::Http { status: 503, .. })
        ));
        assert!(status_error("u", 503).unwrap().is_retryable());
        assert!(!status_error("u", 404).unwrap().is_retryable());
    }

    #[test]
    fn retry_after_reads_the_delay_form_only() {
        assert_eq!(retry_after(Some("120")), Some(120));
        assert_eq!(retry_after(Some(" 5 ")), Some(5));
        assert_eq!(retry_after(Some("99999999999999999999")), Some(86_400));
        assert_eq!(retry_after(Some("Wed, 21 Oct 2026 07:28:00 GMT")), None);
        assert_eq!(retry_after(Some("-1")), None);
        assert_eq!(retry_after(Some("")), None);
        assert_eq!(retry_after(None), None);
    }

    #[test]
    fn truncated_json_is_malformed_with_position() {
        let err =
            parse_file::<Notice>("/data/notices/a.json", r#"{"id": "a", "title": "#).unwrap_err();
        match err {
            ApiError::Malformed { url, detail } => {
                assert_eq!(url, "/data/notices/a.json");
                assert!(detail.contains("line 1"), "{detail}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_malformed_with_their_offset() {
        let err = parse_bytes::<Site>("/data/site.json", b"{\"name\": \"\xff\xfe\"}").unwrap_err();
        assert_eq!(
            err,
            ApiError::Malformed {
                url: "/data/site.json".into(),
                detail: "not UTF-8: invalid bytes at byte 10".into()
            }
        );
        // GBK text saved by a legacy editor is refused, not shown garbled.
        let gbk = b"{\"name\": \"\xd5\xe3\xbd\xad\"}";
        assert!(matches!(
            parse_bytes::<Site>("s", gbk),
            Err(ApiError::Malformed { .. })
        ));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let text = "\u{feff}{\"id\": \"a\", \"title\": \"t\", \"published\": \"2026-02-12T17:29:00+08:00\",
                    \"channel\": \"gzdt\", \"body\": [{\"type\": \"paragraph\", \"content\": [\"x\"]}]}";
        let notice = parse_bytes::<Notice>("n.json", text.as_bytes()).unwrap();
        assert_eq!(notice.id, "a");
    }

    #[test]
    fn an_html_error_page_is_malformed() {
        let err = parse_file::<Site>("/data/site.json", "<!DOCTYPE html><html>…").unwrap_err();
        assert!(matches!(err, ApiError::Malformed { .. }));
    }

    #[test]
    fn contract_errors_are_malformed_and_listed() {
        let text = r#"{"id": "Bad Id", "title": "", "published": "2026-02-12", "channel": "gzdt",
                       "body": []}"#;
        let err = parse_file::<Notice>("n.json", text).unwrap_err();
        let ApiError::Malformed { detail, .. } = err else {
            panic!("expected malformed")
        };
        for part in ["id:", "title:", "published:", "body:"] {
            assert!(detail.contains(part), "{part} missing from {detail}");
        }
    }

    #[test]
    fn wrong_types_are_malformed() {
        let text = r#"{"id": "a", "title": 5, "published": "2026-02-12T17:29:00+08:00",
                       "channel": "gzdt", "body": [{"type": "paragraph", "content": ["x"]}]}"#;
        assert!(matches!(
            parse_file::<Notice>("n.json", text),
            Err(ApiError::Malformed { .. })
        ));
    }
}
