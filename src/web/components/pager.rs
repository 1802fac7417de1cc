//! The list pager: page numbers, 上一页/下一页, `aria-current`.

use leptos::prelude::*;

use crate::contract::labels::Labels;
use crate::contract::paging::{pager_slots, PagerSlot};

/// The pager of a channel list.
#[component]
pub fn Pager(
    /// The current page, from 1.
    current: u32,
    /// How many pages there are.
    pages: u32,
    /// How many notices there are.
    total: u32,
    /// Whether `total` and `pages` are only known so far (more may follow).
    #[prop(optional)]
    more: bool,
    /// Builds the href of a page number.
    href: Callback<u32, String>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let page_name = move |n: u32| format!("{}{n}{}", labels.page_n_prefix, labels.page_n_suffix);
    let edge = move |text: &'static str, class: &'static str, target: Option<u32>| match target {
        Some(n) => view! {
            <li class=class>
                <a href=href.run(n) rel=if n < current { "prev" } else { "next" }>{text}</a>
            </li>
        }
        .into_any(),
        None => view! {
            <li class=class>
                <span class="disabled" aria-disabled="true">{text}</span>
            </li>
        }
        .into_any(),
    };
    let slots = pager_slots(current, pages, 2)
        .into_iter()
        .map(|slot| match slot {
            PagerSlot::Page(n) => view! {
                <li>
                    <a
                        href=href.run(n)
                        aria-label=page_name(n)
                        aria-current=(n == current).then_some("page")
                    >
                        {n}
                    </a>
                </li>
            }
            .into_any(),
            PagerSlot::Gap => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
        })
        .collect_view();
    view! {
        <nav class="pager" aria-label=labels.pagination>
            <ul>
                {edge(labels.prev_page, "pager-prev", (current > 1).then(|| current - 1))}
                {slots}
                {edge(labels.next_page, "pager-next", (current < pages).then(|| current + 1))}
            </ul>
            <p class="pager-summary">
                {if more {
                    format!(
                        "{}{total}{}{} · {}{current}{}",
                        labels.total_prefix,
                        labels.count_more,
                        labels.total_suffix,
                        labels.page_n_prefix,
                        labels.page_n_suffix,
                    )
                } else {
                    format!(
                        "{}{total}{} · {}{current}/{pages}{}",
                        labels.total_prefix,
                        labels.total_suffix,
                        labels.page_n_prefix,
                        labels.page_n_suffix,
                    )
                }}
            </p>
        </nav>
    }
}
