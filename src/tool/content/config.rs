//! `site.toml`: the site's name, channels, footer, public URL, UTC offset and page size.
//!
//! ```toml
//! name = "浙江省通信管理局"
//! description = "…"
//! lang = "zh-CN"                              # default zh-CN
//! base_url = "https://www.example.gov.cn/"    # required: feeds and sitemap use absolute URLs
//! timezone = "+08:00"                         # default +08:00; for `YYYY-MM-DD HH:MM` dates
//! page_size = 10                              # default 10
//!
//! [[channels]]
//! id = "tzgg"
//! name = "通知公告"
//!
//! official_domains = ["example.gov.cn"]      # e-mail domains of offices (personal-data guard)
//!
//! [library]                                   # the policy library (政策文件库), optional
//! channels = ["zcwj"]
//!
//! [footer]                                    # every item optional
//! organizer = "浙江省通信管理局"                # 主办单位
//! undertaker = "浙江省通信管理局办公室"          # 承办单位
//! icp = "浙ICP备05000000号"                    # linked to https://beian.miit.gov.cn/
//! police = "浙公网安备 33010602000000号"        # 公安机关备案号
//! police_href = "https://beian.mps.gov.cn/#/query/webSearch?code=33010602000000"
//! site_code = "BM0000000000"                  # 网站标识码
//! report_href = "https://zfwzzc.www.gov.cn/"  # 我为政府网站找错
//! badge = "badge.svg"                         # 党政机关网站标识: an image in the content folder
//! badge_href = "https://bszs.conac.cn/"
//! contact = "地址：…"
//! pages = ["statement", "privacy"]            # footer order of content/pages/*.md
//! ```

use std::path::Path;

use serde::Deserialize;

use super::dates::parse_offset;
use super::diagnostics::{Diagnostic, Location};
use super::frontmatter::{self, read_fields, unknown_nested, Locator, Problem, Syntax};
use crate::contract::model::{Channel, Footer, Site};

/// The site file's name in the content folder.
pub const SITE_FILE: &str = "site.toml";

/// The folder of the content folder that holds the standalone pages (`pages/<id>.md`), not a
/// channel.
pub const PAGES_FOLDER: &str = "pages";

/// The site's settings, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// What `data/site.json` will hold.
    pub site: Site,
    /// The public URL of the site, ending with `/`, e.g. `https://example.gov.cn/notices/`.
    pub base_url: String,
    /// The UTC offset, in minutes east, in which `YYYY-MM-DD HH:MM` dates are read.
    pub offset_minutes: i16,
    /// The e-mail domains of offices (`official_domains`), for the personal-data guard.
    pub official_domains: Vec<String>,
    /// The standalone pages' ids in the footer's order (`footer.pages`).
    pub page_order: Vec<String>,
    /// The channels whose notices the policy library holds (`library.channels`).
    pub library_channels: Vec<String>,
    /// The 党政机关网站标识 image, relative to the content folder (`footer.badge`).
    pub badge: Option<String>,
    /// The content folder (set by [`load`]).
    pub content_dir: std::path::PathBuf,
}

/// The image types the 党政机关网站标识 may be.
const BADGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SiteToml {
    name: Option<String>,
    description: Option<String>,
    lang: Option<String>,
    base_url: Option<String>,
    timezone: Option<String>,
    page_size: Option<i64>,
    channels: Vec<ChannelToml>,
    footer: FooterToml,
    official_domains: Vec<String>,
    library: LibraryToml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LibraryToml {
    channels: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChannelToml {
    id: String,
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FooterToml {
    organizer: String,
    icp: String,
    site_code: String,
    contact: String,
    undertaker: String,
    police: String,
    police_href: String,
    report_href: String,
    badge: String,
    badge_href: String,
    pages: Vec<String>,
}

const FOOTER_FIELDS: &[&str] = &[
    "organizer",
    "icp",
    "site_code",
    "contact",
    "undertaker",
    "police",
    "police_href",
    "report_href",
    "badge",
    "badge_href",
    "pages",
];

const FIELDS: &[&str] = &[
    "name",
    "description",
    "lang",
    "base_url",
    "timezone",
    "page_size",
    "channels",
    "footer",
    "official_domains",
    "library",
];

/// Checks a public URL and gives it a trailing `/`.
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` must start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`{url}` has no host"));
    }
    if url.contains(|c: char| c.is_whitespace() || matches!(c, '?' | '#' | '"' | '<' | '>')) {
        return Err(format!(
            "`{url}` must be a plain URL without spaces, `?` or `#`"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Reads and checks `site.toml` in `content_dir`. Returns the settings when they have no error,
/// and every diagnostic (errors and warnings) either way.
pub fn load(content_dir: &Path) -> (Option<Config>, Vec<Diagnostic>) {
    let path = content_dir.join(SITE_FILE);
    let at = |line: usize, column: usize| Location::new(SITE_FILE, line, column);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                "no site.toml in the content folder: it names the site and lists its channels"
                    .to_string()
            } else {
                format!("cannot read site.toml: {e}")
            };
            return (None, vec![Diagnostic::error(at(1, 1), message)]);
        }
    };
    let text = match super::diagnostics::decode_utf8(bytes) {
        Ok(t) => t,
        Err((line, column)) => {
            return (
                None,
                vec![Diagnostic::error(
                    at(line, column),
                    "the file is not valid UTF-8: save it as UTF-8",
                )],
            );
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (mut config, problems) = parse(text);
    if let Some(c) = &mut config {
        c.content_dir = content_dir.to_path_buf();
    }
    let diagnostics = problems
        .into_iter()
        .map(|p| {
            if p.warning {
                Diagnostic::warning(at(p.line, p.column), p.message)
            } else {
                Diagnostic::error(at(p.line, p.column), p.message)
            }
        })
        .collect();
    (config, diagnostics)
}

/// An error at the value of `field` (or of the list it is in).
fn error_at(problems: &mut Vec<Problem>, locator: &Locator, field: &str, message: String) {
    let (line, column) = locator
        .value(field)
        .or_else(|| {
            field
                .split_once('[')
                .and_then(|(list, _)| locator.value(list))
        })
        .unwrap_or((1, 1));
    problems.push(Problem {
        line,
        column,
        message,
        warning: false,
    });
}

/// Checks the footer's links and image, the channels' ids against the pages folder and the
/// library's channels; returns the 党政机关网站标识 image path.
fn check_furniture(
    footer: &FooterToml,
    library: &LibraryToml,
    site: &Site,
    locator: &Locator,
    problems: &mut Vec<Problem>,
) -> String {
    let error = error_at;
    for field in ["police_href", "report_href", "badge_href"] {
        let value = match field {
            "police_href" => &site.footer.police_href,
            "report_href" => &site.footer.report_href,
            _ => &site.footer.badge_href,
        };
        if !value.is_empty() && !value.starts_with("https://") && !value.starts_with("http://") {
            error(
                problems,
                locator,
                &format!("footer.{field}"),
                format!("footer.{field}: `{value}` must be an https:// or http:// URL"),
            );
        }
    }
    let badge = footer.badge.trim().to_string();
    let badge_type = badge.rsplit_once('.').map(|(_, t)| t.to_ascii_lowercase());
    if !badge.is_empty()
        && (badge.contains("://")
            || badge.starts_with('/')
            || badge.split(['/', '\\']).any(|part| part == "..")
            || !badge_type.is_some_and(|t| BADGE_TYPES.contains(&t.as_str())))
    {
        error(
            problems,
            locator,
            "footer.badge",
            format!(
                "footer.badge: `{badge}` must be an image file in the content folder ({}), not a URL",
                BADGE_TYPES.join(", ")
            ),
        );
    }
    for (i, channel) in site.channels.iter().enumerate() {
        if channel.id == PAGES_FOLDER {
            error(
                problems,
                locator,
                &format!("channels[{i}].id"),
                format!(
                    "channels[{i}].id: `{}` is the folder of the standalone pages, not a channel",
                    channel.id
                ),
            );
        }
    }
    for (i, channel) in library.channels.iter().enumerate() {
        if site.channel(channel).is_none() {
            error(
                problems,
                locator,
                &format!("library.channels[{i}]"),
                format!("library.channels: unknown channel `{channel}`"),
            );
        }
    }
    badge
}

/// Parses the text of `site.toml`, with every problem at its line and column.
pub fn parse(text: &str) -> (Option<Config>, Vec<Problem>) {
    let map = match frontmatter::parse_table(Syntax::Toml, text) {
        Ok(map) => map,
        Err(mut p) => {
            p.message = p
                .message
                .replace("invalid TOML front matter", "invalid TOML");
            return (None, vec![p]);
        }
    };
    let locator = frontmatter::locate(Syntax::Toml, text);
    let mut problems = Vec::new();
    let (raw, good) = read_fields::<SiteToml>(map, FIELDS, &locator, "site.toml", &mut problems);
    unknown_nested(
        &good,
        "channels",
        &["id", "name"],
        &locator,
        "channel",
        &mut problems,
    );
    unknown_nested(
        &good,
        "footer",
        FOOTER_FIELDS,
        &locator,
        "footer",
        &mut problems,
    );
    unknown_nested(
        &good,
        "library",
        &["channels"],
        &locator,
        "library",
        &mut problems,
    );
    let error = error_at;

    let base_url = match raw.base_url.as_deref().map(str::trim) {
        None | Some("") => {
            error(
                &mut problems,
                &locator,
                "base_url",
                "missing `base_url`: the site's public URL (e.g. \"https://www.example.gov.cn/\"), for the feeds and the sitemap".to_string(),
            );
            None
        }
        Some(url) => match normalize_base_url(url) {
            Ok(url) => Some(url),
            Err(e) => {
                error(
                    &mut problems,
                    &locator,
                    "base_url",
                    format!("base_url: {e}"),
                );
                None
            }
        },
    };
    let timezone = raw.timezone.as_deref().unwrap_or("+08:00");
    let offset = parse_offset(timezone);
    if offset.is_none() {
        error(
            &mut problems,
            &locator,
            "timezone",
            format!("timezone: `{timezone}` is not a UTC offset such as \"+08:00\""),
        );
    }
    let page_size = raw.page_size.unwrap_or(10);
    let page_size = match u32::try_from(page_size) {
        Ok(n) => n,
        Err(_) => {
            error(
                &mut problems,
                &locator,
                "page_size",
                format!("page_size: {page_size} is not a page size"),
            );
            10
        }
    };
    let site = Site {
        name: raw.name.unwrap_or_default().trim().to_string(),
        description: raw.description.unwrap_or_default().trim().to_string(),
        lang: raw
            .lang
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "zh-CN".to_string()),
        channels: raw
            .channels
            .into_iter()
            .map(|c| Channel {
                id: c.id.trim().to_string(),
                name: c.name.trim().to_string(),
            })
            .collect(),
        footer: Footer {
            organizer: raw.footer.organizer.trim().to_string(),
            icp: raw.footer.icp.trim().to_string(),
            site_code: raw.footer.site_code.trim().to_string(),
            contact: raw.footer.contact.trim().to_string(),
            undertaker: raw.footer.undertaker.trim().to_string(),
            police: raw.footer.police.trim().to_string(),
            police_href: raw.footer.police_href.trim().to_string(),
            report_href: raw.footer.report_href.trim().to_string(),
            badge: String::new(),
            badge_href: raw.footer.badge_href.trim().to_string(),
        },
        page_size,
        preview: false,
        pages: Vec::new(),
        library: !raw.library.channels.is_empty(),
    };
    let badge = check_furniture(&raw.footer, &raw.library, &site, &locator, &mut problems);
    for e in site.validate() {
        let message = match e.field.as_str() {
            "channels" => {
                "no channels: add `[[channels]]` tables with an `id` and a `name`".to_string()
            }
            field => format!("{field}: {}", e.message),
        };
        error(&mut problems, &locator, &e.field, message);
    }
    problems.sort_by_key(|p| (p.line, p.column));
    let has_errors = problems.iter().any(|p| !p.warning);
    let config = match (has_errors, base_url, offset) {
        (false, Some(base_url), Some(offset_minutes)) => Some(Config {
            site,
            base_url,
            offset_minutes,
            official_domains: raw.official_domains,
            page_order: raw.footer.pages,
            library_channels: raw.library.channels,
            badge: (!badge.is_empty()).then_some(badge),
            content_dir: std::path::PathBuf::new(),
        }),
        _ => None,
    };
    (config, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_normalisation() {
        let (config, problems) = parse(
            "name = \"站\"\nbase_url = \"https://example.gov.cn/notices\"\n[[channels]]\nid = \"tzgg\"\nname = \"通知公告\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let config = config.unwrap();
        assert_eq!(config.base_url, "https://example.gov.cn/notices/");
        assert_eq!(config.offset_minutes, 480);
        assert_eq!(config.site.lang, "zh-CN");
        assert_eq!(config.site.page_size, 10);
    }

    #[test]
    fn every_problem_at_its_place() {
        let text = "name = \"\"\nbase_url = \"ftp://x\"\ntimezone = \"+8\"\npage_size = 0\ncolour = 1\n\n[[channels]]\nid = \"Bad_Id\"\nname = \"甲\"\n[[channels]]\nid = \"all\"\nname = \"\"\n";
        let (config, problems) = parse(text);
        assert!(config.is_none());
        let got: Vec<_> = problems
            .iter()
            .map(|p| {
                format!(
                    "{}:{}: {}{}",
                    p.line,
                    p.column,
                    if p.warning { "warning: " } else { "" },
                    p.message
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "1:8: name: is missing or empty",
                "2:12: base_url: `ftp://x` must start with https:// or http://",
                "3:12: timezone: `+8` is not a UTC offset such as \"+08:00\"",
                "4:13: page_size: must be at least 1",
                "5:1: warning: unknown site.toml field `colour` (ignored)",
                "8:6: channels[0].id: `Bad_Id` is not a valid id (use lowercase ASCII letters, digits and `-`)",
                "11:6: channels[1].id: `all` is reserved for the list of every channel",
                "12:8: channels[1].name: is missing or empty",
            ]
        );
    }

    #[test]
    fn syntax_errors() {
        let (config, problems) = parse("name = \"a\"\n[[channels]\n");
        assert!(config.is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        assert!(
            problems[0].message.starts_with("invalid TOML: "),
            "{problems:?}"
        );
    }
}
