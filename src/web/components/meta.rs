//! The notice's metadata: the meta line, the 信息公开 table, attachments and 上一篇/下一篇.

use leptos::prelude::*;

use crate::contract::format::{file_type, human_size};
use crate::contract::labels::Labels;
use crate::contract::model::{Attachment, Notice, NoticeRef};
use crate::contract::prefs::FontSize;
use crate::contract::time::display_published;
use crate::contract::urls;

/// 发布时间 / 来源 / 字号【大 中 小】.
#[component]
pub fn MetaLine(
    /// RFC 3339 publication time, shown in its own offset.
    published: String,
    /// 更新时间 (RFC 3339), when the notice was changed after publication.
    #[prop(default = None)]
    updated: Option<String>,
    /// 来源, when known.
    source: Option<String>,
    /// The current text size; the buttons set it.
    font: RwSignal<FontSize>,
    /// Called after the reader picked a size (to remember it).
    #[prop(optional)]
    on_font: Option<Callback<FontSize>>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let shown = display_published(&published);
    let buttons = FontSize::ALL
        .into_iter()
        .map(|size| {
            let (text, name) = match size {
                FontSize::Large => (labels.font_large, labels.font_large_name),
                FontSize::Medium => (labels.font_medium, labels.font_medium_name),
                FontSize::Small => (labels.font_small, labels.font_small_name),
            };
            view! {
                <button
                    type="button"
                    class="font-button"
                    data-size=size.as_str()
                    aria-label=name
                    aria-pressed=move || (font.get() == size).to_string()
                    on:click=move |_| {
                        font.set(size);
                        if let Some(cb) = on_font {
                            cb.run(size);
                        }
                    }
                >
                    {text}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="notice-meta">
            <span class="meta-item meta-published">
                {labels.published}
                <time datetime=published>{shown}</time>
            </span>
            {updated
                .map(|u| {
                    let shown = display_published(&u);
                    view! {
                        <span class="meta-item meta-updated">
                            {labels.life().updated}
                            <time datetime=u>{shown}</time>
                        </span>
                    }
                })}
            {source
                .map(|s| {
                    view! { <span class="meta-item meta-source">{labels.source} {s}</span> }
                })}
            <span class="meta-item font-switch" role="group" aria-label=labels.font_size>
                {labels.font_size}
                <span aria-hidden="true">"【"</span>
                {buttons}
                <span aria-hidden="true">"】"</span>
            </span>
        </div>
    }
}

/// The 信息公开 metadata table, shown when any of its fields is present.
#[component]
pub fn DisclosureTable(
    /// The notice.
    notice: Notice,
    /// The clock (Unix seconds) the 有效性 row is shown at.
    #[prop(optional)]
    now: i64,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let published = crate::contract::time::display_date(&notice.published);
    let life_cells = crate::web::components::life::disclosure_cells(&notice, now, labels.life());
    let cells: Vec<(&'static str, String)> = [
        (labels.index_number, notice.index_number),
        (labels.topic, notice.topic),
        (labels.publisher, notice.publisher),
        (labels.written, notice.written),
        (labels.doc_number, notice.doc_number),
        (labels.published_date, Some(published)),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label, v)))
    .chain(life_cells)
    .collect();
    let rows = cells
        .chunks(2)
        .map(|pair| {
            let pair = pair.to_vec();
            view! {
                <tr>
                    {pair
                        .into_iter()
                        .map(|(label, value)| {
                            view! {
                                <th scope="row">{label}</th>
                                <td>{value}</td>
                            }
                        })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="disclosure">
            <caption class="visually-hidden">{labels.disclosure}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The attachments: name, type and human-readable size.
#[component]
pub fn Attachments(
    /// The attachments.
    attachments: Vec<Attachment>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let items = attachments
        .into_iter()
        .map(|a| {
            let kind = a
                .kind
                .clone()
                .filter(|k| !k.trim().is_empty())
                .or_else(|| file_type(&a.href))
                .or_else(|| file_type(&a.name));
            let details = match (kind, a.size.map(human_size)) {
                (Some(k), Some(s)) => Some(format!("（{k}，{s}）")),
                (Some(k), None) => Some(format!("（{k}）")),
                (None, Some(s)) => Some(format!("（{s}）")),
                (None, None) => None,
            };
            let name = a.name;
            let link = match urls::safe_resource(&a.href) {
                Some(href) => view! { <a href=href rel="external">{name}</a> }.into_any(),
                None => view! { <span>{name}</span> }.into_any(),
            };
            view! {
                <li>
                    {link}
                    {details.map(|d| view! { <span class="attachment-details">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{labels.attachments}</h2>
            <ol>{items}</ol>
        </section>
    }
}

/// 相关信息: links to related notices.
#[component]
pub fn Related(
    /// The related notices, most related first.
    related: Vec<NoticeRef>,
    /// Builds the href of a notice id.
    href: Callback<String, String>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    view! {
        <section class="related" aria-labelledby="related-heading">
            <h2 id="related-heading">{labels.related}</h2>
            <ul>
                {related
                    .into_iter()
                    .map(|r| view! { <li><a href=href.run(r.id)>{r.title}</a></li> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// 上一篇 / 下一篇.
#[component]
pub fn PrevNext(
    /// The older notice in the channel.
    prev: Option<NoticeRef>,
    /// The newer notice in the channel.
    next: Option<NoticeRef>,
    /// Builds the href of a notice id.
    href: Callback<String, String>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let row = move |label: &'static str, class: &'static str, link: Option<NoticeRef>| {
        view! {
            <p class=class>
                {label}
                {match link {
                    Some(r) => view! { <a href=href.run(r.id)>{r.title}</a> }.into_any(),
                    None => view! { <span>{labels.none}</span> }.into_any(),
                }}
            </p>
        }
    };
    view! {
        <nav class="prev-next" aria-label=format!("{}{}", labels.prev.trim_end_matches('：'), labels.next.trim_end_matches('：'))>
            {row(labels.prev, "prev", prev)}
            {row(labels.next, "next", next)}
        </nav>
    }
}
