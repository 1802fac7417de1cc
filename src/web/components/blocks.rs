//! The notice body: a typed tree of blocks rendered by a `match` into real DOM nodes. Nothing
//! from the data is ever inserted as HTML.

use leptos::prelude::*;

use crate::contract::model::{Block, Inline, Span};
use crate::contract::urls;

/// A whole notice body.
#[component]
pub fn NoticeBody(
    /// The blocks, in order.
    blocks: Vec<Block>,
    /// The accessible name of a table region when the table has no caption.
    #[prop(default = "表格")]
    table_label: &'static str,
) -> impl IntoView {
    view! {
        <div class="notice-body">
            {blocks
                .into_iter()
                .map(|block| view! { <BlockView block table_label /> })
                .collect_view()}
        </div>
    }
}

/// One block. Unknown block types render nothing (they were reported when the notice loaded).
#[component]
pub fn BlockView(
    /// The block.
    block: Block,
    /// The accessible name of a table region when the table has no caption.
    #[prop(default = "表格")]
    table_label: &'static str,
) -> impl IntoView {
    match block {
        Block::Paragraph { content } => view! { <p>{inlines(content)}</p> }.into_any(),
        Block::Heading { level, content } => match level {
            0..=2 => view! { <h2>{inlines(content)}</h2> }.into_any(),
            3 => view! { <h3>{inlines(content)}</h3> }.into_any(),
            _ => view! { <h4>{inlines(content)}</h4> }.into_any(),
        },
        Block::Quote { content } => {
            view! { <blockquote><p>{inlines(content)}</p></blockquote> }.into_any()
        }
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{inlines(item)}</li> })
                .collect_view();
            if ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Image { src, alt, caption } => {
            let caption = caption.map(|c| view! { <figcaption>{c}</figcaption> });
            match urls::site_image(
                &src,
                crate::web::platform::browser::location_origin().as_deref(),
            ) {
                Some(src) => view! {
                    <figure class="notice-figure">
                        <img src=src alt=alt loading="lazy" decoding="async" />
                        {caption}
                    </figure>
                }
                .into_any(),
                // An image we will not load (a script URL, another host) still says what it
                // showed.
                None => view! {
                    <figure class="notice-figure image-withheld">
                        <p>{alt}</p>
                        {caption}
                    </figure>
                }
                .into_any(),
            }
        }
        Block::Table {
            caption,
            header,
            rows,
        } => {
            let label = caption.clone().unwrap_or_else(|| table_label.to_string());
            view! {
                <div class="table-scroll" role="region" aria-label=label tabindex="0">
                    <table>
                        {caption.map(|c| view! { <caption>{c}</caption> })}
                        {header
                            .map(|cells| {
                                view! {
                                    <thead>
                                        <tr>
                                            {cells
                                                .into_iter()
                                                .map(|cell| view! { <th scope="col">{inlines(cell)}</th> })
                                                .collect_view()}
                                        </tr>
                                    </thead>
                                }
                            })}
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|row| {
                                    view! {
                                        <tr>
                                            {row
                                                .into_iter()
                                                .map(|cell| view! { <td>{inlines(cell)}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        Block::Unknown { .. } => ().into_any(),
    }
}

/// A run of inlines.
pub fn inlines(content: Vec<Inline>) -> impl IntoView {
    content.into_iter().map(inline).collect_view()
}

/// One inline: text, formatted text, or a link whose target passed [`urls::safe_link`] (else its
/// text alone).
pub fn inline(inline: Inline) -> AnyView {
    match inline {
        Inline::Text(text) => text.into_any(),
        Inline::Span(Span {
            text,
            strong,
            em,
            href,
        }) => {
            let formatted = match (strong, em) {
                (true, true) => view! { <strong><em>{text}</em></strong> }.into_any(),
                (true, false) => view! { <strong>{text}</strong> }.into_any(),
                (false, true) => view! { <em>{text}</em> }.into_any(),
                (false, false) => text.into_any(),
            };
            match href.as_deref().and_then(urls::safe_link) {
                Some(href) => {
                    // Links to files and other sites are left to the browser; links to app
                    // routes are followed by the router.
                    let rel = (!urls::is_app_route(&href)).then_some("external");
                    view! { <a href=href rel=rel>{formatted}</a> }.into_any()
                }
                None => formatted,
            }
        }
    }
}
