//! The data contract (v1): the JSON files a deployer publishes under `<base>/data/`.
//!
//! These serde types are the single source of truth for the format documented in
//! `docs/content-format.md`. The browser app parses them; the native content tool writes them.
//! Unknown fields are ignored everywhere. Authored fields are deserialized with defaults and then
//! checked by the `validate` methods, which report every problem with the field it concerns.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::contract::json::Deferred;
use crate::contract::lifecycle::{lenient_kind, lenient_validity, InterpretationKind, Validity};
use crate::contract::time::Timestamp;

/// The reserved channel id whose lists hold the notices of every channel.
pub const ALL_CHANNEL: &str = "all";

/// `data/site.json`: the site's identity, its channels and its footer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Site {
    /// The site name shown in the header, e.g. 浙江省通信管理局.
    pub name: String,
    /// A short description used as the home page's meta description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The content language as a BCP 47 tag, e.g. `zh-CN`; it also picks the UI labels.
    pub lang: String,
    /// The channels (栏目), in navigation order.
    pub channels: Vec<Channel>,
    /// The footer identity (主办单位, ICP备案号, 网站标识码, contact).
    pub footer: Footer,
    /// How many notices a list page holds.
    pub page_size: u32,
    /// A preview build (`bulletin build --drafts`): every page carries the 预览 banner and
    /// `noindex`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub preview: bool,
    /// The standalone pages (网站声明, 隐私政策, …) in the order the footer links them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<NoticeRef>,
    /// Whether the site has a policy library (`/library`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub library: bool,
}

/// One channel (栏目) of the site.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Channel {
    /// The channel id used in URLs and file names: lowercase ASCII letters, digits and `-`.
    pub id: String,
    /// The display name, e.g. 通知公告.
    pub name: String,
}

/// The footer identity every government site carries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Footer {
    /// 主办单位: the organisation that runs the site.
    pub organizer: String,
    /// ICP备案号, e.g. 浙ICP备00000000号.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub icp: String,
    /// 网站标识码 issued for government sites.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub site_code: String,
    /// Contact line: address, telephone or e-mail.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub contact: String,
    /// 承办单位: the organisation that operates the site for the organizer.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub undertaker: String,
    /// 公安机关备案号, e.g. 浙公网安备 33010602000000号.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub police: String,
    /// Where the 公安机关备案号 links (the filing's page on the public-security filing site).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub police_href: String,
    /// Where 我为政府网站找错 links.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub report_href: String,
    /// The 党政机关网站标识 image: a file of the site, relative to the base (`data/site/…`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub badge: String,
    /// Where the 党政机关网站标识 links.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub badge_href: String,
}

/// Where every ICP备案号 links: the MIIT filing site.
pub const ICP_HREF: &str = "https://beian.miit.gov.cn/";

/// `data/pages/<id>.json`: a standalone page (网站声明, 隐私政策, 关于我们 …): no channel, no date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Page {
    /// Lowercase ASCII letters, digits and `-`; also the file name.
    pub id: String,
    /// The title.
    pub title: String,
    /// A one-paragraph summary, used as the page's meta description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The body: a non-empty list of blocks.
    pub body: Vec<Block>,
}

impl Page {
    /// Checks the rules the JSON types cannot express: the id, the title, a non-empty body.
    pub fn validate(&self) -> Vec<ContractError> {
        let mut errors = Vec::new();
        check_id(&mut errors, "id", &self.id);
        check_text(&mut errors, "title", &self.title);
        if self.body.is_empty() {
            push(&mut errors, "body", "must hold at least one block");
        }
        errors
    }

    /// The meta description: the summary, else the start of the first paragraph.
    pub fn description(&self) -> String {
        Notice {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            ..Notice::default()
        }
        .description()
    }
}

/// `data/lists/<channel-id>/<n>.json`: page `n` (from 1) of a channel's notices, newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListPage {
    /// The channel this page lists, or [`ALL_CHANNEL`].
    pub channel: String,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages the channel has (at least 1).
    pub pages: u32,
    /// How many notices the channel has in all.
    pub total: u32,
    /// The notices on this page, newest first.
    pub items: Vec<ListItem>,
}

/// One row of a list page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListItem {
    /// The notice id (the file name of `data/notices/<id>.json`).
    pub id: String,
    /// The notice title.
    pub title: String,
    /// RFC 3339 publication time with its offset.
    pub published: String,
    /// The notice's channel id.
    pub channel: String,
    /// 有效性 as authored (the app shows 已失效 once `valid_until` has passed).
    #[serde(
        deserialize_with = "lenient_validity",
        skip_serializing_if = "Option::is_none"
    )]
    pub validity: Option<Validity>,
    /// 有效期至, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// 截止时间, RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// `data/notices/<id>.json`: one notice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Notice {
    /// Lowercase ASCII letters, digits and `-`; also the file name.
    pub id: String,
    /// The title (标题).
    pub title: String,
    /// An optional subtitle (副标题).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// RFC 3339 publication time with its offset, e.g. `2026-02-12T17:29:00+08:00`.
    pub published: String,
    /// The channel id the notice belongs to.
    pub channel: String,
    /// 来源: where the text comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// 发布机构: the issuing body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// 文号: the document number, e.g. 浙通管〔2026〕5号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// 索引号: the disclosure catalogue index number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_number: Option<String>,
    /// 成文日期: the date the document was written, as authored (e.g. `2026-02-10`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// 主题分类: the subject classification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Keywords (关键词).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// A one-paragraph summary, used as the page's meta description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// 有效性 as authored; see [`crate::contract::lifecycle::current_validity`] for what is shown.
    #[serde(
        deserialize_with = "lenient_validity",
        skip_serializing_if = "Option::is_none"
    )]
    pub validity: Option<Validity>,
    /// 施行日期 (valid from), `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// 有效期至 (valid until the end of this day in the notice's offset), `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// 截止时间 for 征求意见, 报名, 申报: RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// 更新时间: RFC 3339, when the notice was last changed after publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// 更正说明: what a correction changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<String>,
    /// On an interpretation (解读): its kind.
    #[serde(
        deserialize_with = "lenient_kind",
        skip_serializing_if = "Option::is_none"
    )]
    pub interpretation_kind: Option<InterpretationKind>,
    /// The body: a non-empty list of blocks.
    pub body: Vec<Block>,
    /// Files attached to the notice (附件).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// The previous (older) notice in the same channel (上一篇).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<NoticeRef>,
    /// The next (newer) notice in the same channel (下一篇).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<NoticeRef>,
    /// Related notices (相关信息), computed by the content tool: at most five, those sharing the
    /// most keywords first, then the newest of the same channel; never the notice itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<NoticeRef>,
    /// The notice that replaces this one (替代文件), computed from `replaced_by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<NoticeRef>,
    /// The notice that amends this one (修改文件), computed from `amended_by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amended_by: Option<NoticeRef>,
    /// The notices this one replaces (替代了): the reverse of their `replaced_by`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaces: Vec<NoticeRef>,
    /// The notices this one amends (修改了): the reverse of their `amended_by`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amends: Vec<NoticeRef>,
    /// On an interpretation: the policy it interprets (原文件).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interprets: Option<NoticeRef>,
    /// On a policy: its interpretations (政策解读), oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interpretations: Vec<Interpretation>,
}

/// A link to an interpretation of a policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Interpretation {
    /// The interpretation's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its kind (文字解读, 图解, 视频解读), when known.
    #[serde(
        deserialize_with = "lenient_kind",
        skip_serializing_if = "Option::is_none"
    )]
    pub kind: Option<InterpretationKind>,
}

/// A link to another notice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeRef {
    /// The other notice's id.
    pub id: String,
    /// The other notice's title.
    pub title: String,
}

/// A file attached to a notice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Attachment {
    /// The file's display name, e.g. 申报指南.pdf.
    pub name: String,
    /// Where the file is: relative, or http/https.
    pub href: String,
    /// Size in bytes, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The file type shown to readers, e.g. `PDF`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// One block of a notice body. The JSON form carries a `type` field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of running text.
    Paragraph {
        /// The paragraph's text.
        content: Vec<Inline>,
    },
    /// A section heading of level 2 to 4 (level 1 is the notice title).
    Heading {
        /// 2, 3 or 4.
        level: u8,
        /// The heading's text.
        content: Vec<Inline>,
    },
    /// A quoted passage.
    Quote {
        /// The quoted text.
        content: Vec<Inline>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered when true.
        #[serde(default)]
        ordered: bool,
        /// Each item is a run of inlines.
        items: Vec<Vec<Inline>>,
    },
    /// An image.
    Image {
        /// Where the image is: relative, or http/https.
        src: String,
        /// The text alternative read by screen readers.
        alt: String,
        /// A caption shown under the image.
        #[serde(skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
    },
    /// A table of inline cells.
    Table {
        /// The table caption.
        #[serde(skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        /// The header row, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        header: Option<Vec<Vec<Inline>>>,
        /// The body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A block whose `type` this version does not know. It is skipped when rendering and never
    /// written back.
    #[serde(skip)]
    Unknown {
        /// The unknown `type` value.
        kind: String,
    },
}

/// A run of text: a plain string in JSON, or an object with formatting and a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Formatted text, possibly a link.
    Span(Span),
}

/// Formatted inline text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Bold (加粗).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    /// Emphasis.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub em: bool,
    /// A link target. Only relative and http/https/mailto/tel links are followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

impl<'de> Deserialize<'de> for Inline {
    /// A string is plain text; an object is a [`Span`]. Read directly, without buffering, which
    /// keeps the browser binary small.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InlineVisitor;

        impl<'de> de::Visitor<'de> for InlineVisitor {
            type Value = Inline;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an object with `text`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Inline, E> {
                Ok(Inline::Text(v.to_string()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Inline, E> {
                Ok(Inline::Text(v))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Inline, A::Error> {
                Span::deserialize(de::value::MapAccessDeserializer::new(map)).map(Inline::Span)
            }
        }

        deserializer.deserialize_any(InlineVisitor)
    }
}

impl Inline {
    /// The inline's text.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(t) => t,
            Inline::Span(s) => &s.text,
        }
    }
}

/// A block as it stands in JSON: its `type`, and every field a known block type has, kept as
/// unparsed JSON ([`Deferred`]) until the type is known. So an unknown block type is skipped whatever its
/// fields hold, and a known one is parsed field by field with errors that name the block type and
/// the field. Other fields are ignored.
#[derive(Deserialize)]
struct RawBlock {
    #[serde(rename = "type")]
    kind: String,
    content: Option<Deferred>,
    level: Option<Deferred>,
    ordered: Option<Deferred>,
    items: Option<Deferred>,
    src: Option<Deferred>,
    alt: Option<Deferred>,
    caption: Option<Deferred>,
    header: Option<Deferred>,
    rows: Option<Deferred>,
}

impl RawBlock {
    /// Parses a field, `None` when it is absent (or `null`).
    fn field<T: serde::de::DeserializeOwned, E: de::Error>(
        &self,
        name: &str,
        raw: &Option<Deferred>,
    ) -> Result<Option<T>, E> {
        match raw {
            None => Ok(None),
            Some(raw) => raw.parse::<Option<T>>().map_err(|message| {
                // The position inside the field is meaningless to the reader; the outer parser
                // adds the block's own line and column.
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(&*message, |(m, _)| m);
                E::custom(format!(
                    "in a `{}` block, field `{name}`: {message}",
                    self.kind
                ))
            }),
        }
    }

    /// Parses a required field.
    fn required<T: serde::de::DeserializeOwned, E: de::Error>(
        &self,
        name: &str,
        raw: &Option<Deferred>,
    ) -> Result<T, E> {
        self.field(name, raw)?.ok_or_else(|| {
            E::custom(format!(
                "in a `{}` block: missing field `{name}`",
                self.kind
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawBlock::deserialize(deserializer)?;
        let r = &raw;
        Ok(match raw.kind.as_str() {
            "paragraph" => Block::Paragraph {
                content: r.required("content", &r.content)?,
            },
            "quote" => Block::Quote {
                content: r.required("content", &r.content)?,
            },
            "heading" => Block::Heading {
                level: r.required("level", &r.level)?,
                content: r.required("content", &r.content)?,
            },
            "list" => Block::List {
                ordered: r.field("ordered", &r.ordered)?.unwrap_or(false),
                items: r.required("items", &r.items)?,
            },
            "image" => Block::Image {
                src: r.required("src", &r.src)?,
                alt: r.field("alt", &r.alt)?.unwrap_or_default(),
                caption: r.field("caption", &r.caption)?,
            },
            "table" => Block::Table {
                caption: r.field("caption", &r.caption)?,
                header: r.field("header", &r.header)?,
                rows: r.required("rows", &r.rows)?,
            },
            _ => Block::Unknown { kind: raw.kind },
        })
    }
}

/// One broken rule of the contract: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractError {
    /// A path to the field, e.g. `body[2].level`.
    pub field: String,
    /// What is wrong, in English for deployers.
    pub message: String,
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn push(errors: &mut Vec<ContractError>, field: impl Into<String>, message: impl Into<String>) {
    errors.push(ContractError {
        field: field.into(),
        message: message.into(),
    });
}

/// Whether `id` is a valid notice or channel id: non-empty, lowercase ASCII letters, digits and
/// `-`, at most 128 characters.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_id(errors: &mut Vec<ContractError>, field: &str, id: &str) {
    if id.is_empty() {
        push(errors, field, "is missing");
    } else if !is_valid_id(id) {
        push(
            errors,
            field,
            format!("`{id}` is not a valid id (use lowercase ASCII letters, digits and `-`)"),
        );
    }
}

fn check_published(errors: &mut Vec<ContractError>, field: &str, value: &str) {
    if value.is_empty() {
        push(errors, field, "is missing");
    } else if let Err(e) = Timestamp::parse(value) {
        push(errors, field, e.to_string());
    }
}

fn check_text(errors: &mut Vec<ContractError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        push(errors, field, "is missing or empty");
    }
}

impl Site {
    /// Checks the rules the JSON types cannot express.
    pub fn validate(&self) -> Vec<ContractError> {
        let mut errors = Vec::new();
        check_text(&mut errors, "name", &self.name);
        if self.channels.is_empty() {
            push(&mut errors, "channels", "must list at least one channel");
        }
        for (i, channel) in self.channels.iter().enumerate() {
            check_id(&mut errors, &format!("channels[{i}].id"), &channel.id);
            if channel.id == ALL_CHANNEL {
                push(
                    &mut errors,
                    format!("channels[{i}].id"),
                    "`all` is reserved for the list of every channel",
                );
            }
            if self.channels[..i].iter().any(|c| c.id == channel.id) {
                push(
                    &mut errors,
                    format!("channels[{i}].id"),
                    format!("duplicate channel `{}`", channel.id),
                );
            }
            check_text(&mut errors, &format!("channels[{i}].name"), &channel.name);
        }
        if self.page_size == 0 {
            push(&mut errors, "page_size", "must be at least 1");
        }
        errors
    }

    /// The channel with this id.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == id)
    }
}

impl ListPage {
    /// Checks the rules the JSON types cannot express.
    pub fn validate(&self) -> Vec<ContractError> {
        let mut errors = Vec::new();
        check_id(&mut errors, "channel", &self.channel);
        if self.page == 0 {
            push(&mut errors, "page", "pages are numbered from 1");
        }
        if self.pages == 0 {
            push(&mut errors, "pages", "must be at least 1");
        }
        if self.page > self.pages {
            push(
                &mut errors,
                "page",
                format!("page {} is past the last page {}", self.page, self.pages),
            );
        }
        for (i, item) in self.items.iter().enumerate() {
            check_id(&mut errors, &format!("items[{i}].id"), &item.id);
            check_text(&mut errors, &format!("items[{i}].title"), &item.title);
            check_published(
                &mut errors,
                &format!("items[{i}].published"),
                &item.published,
            );
            check_id(&mut errors, &format!("items[{i}].channel"), &item.channel);
        }
        errors
    }
}

impl Notice {
    /// Checks the rules the JSON types cannot express: required fields, the id, the date, a
    /// non-empty body and heading levels. Unsafe links are not errors here: they are rendered as
    /// plain text.
    pub fn validate(&self) -> Vec<ContractError> {
        let mut errors = Vec::new();
        check_id(&mut errors, "id", &self.id);
        check_text(&mut errors, "title", &self.title);
        check_published(&mut errors, "published", &self.published);
        check_id(&mut errors, "channel", &self.channel);
        if self.body.is_empty() {
            push(&mut errors, "body", "must hold at least one block");
        }
        for (i, block) in self.body.iter().enumerate() {
            if let Block::Heading { level, .. } = block {
                if !(2..=4).contains(level) {
                    push(
                        &mut errors,
                        format!("body[{i}].level"),
                        format!("heading level {level} is not 2, 3 or 4"),
                    );
                }
            }
        }
        for (i, a) in self.attachments.iter().enumerate() {
            check_text(&mut errors, &format!("attachments[{i}].name"), &a.name);
            check_text(&mut errors, &format!("attachments[{i}].href"), &a.href);
        }
        for (field, link) in [("prev", &self.prev), ("next", &self.next)] {
            if let Some(link) = link {
                check_id(&mut errors, &format!("{field}.id"), &link.id);
            }
        }
        errors
    }

    /// The unknown block types in the body, for the console warning.
    pub fn unknown_block_types(&self) -> Vec<&str> {
        self.body
            .iter()
            .filter_map(|b| match b {
                Block::Unknown { kind } => Some(kind.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Whether any 信息公开 metadata field is present.
    pub fn has_disclosure_meta(&self) -> bool {
        self.doc_number.is_some()
            || self.index_number.is_some()
            || self.written.is_some()
            || self.topic.is_some()
            || self.publisher.is_some()
            || self.validity.is_some()
            || self.valid_from.is_some()
            || self.valid_until.is_some()
    }

    /// The meta description: the summary, else the start of the first paragraph.
    pub fn description(&self) -> String {
        if let Some(summary) = self.summary.as_ref().filter(|s| !s.trim().is_empty()) {
            return summary.trim().to_string();
        }
        let first = self.body.iter().find_map(|b| match b {
            Block::Paragraph { content } => Some(content.iter().map(Inline::text).collect()),
            _ => None,
        });
        let text: String = first.unwrap_or_else(|| self.title.clone());
        truncate_chars(text.trim(), 120)
    }
}

/// Cuts `text` to at most `max` characters, adding `…` when it was longer.
pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}
