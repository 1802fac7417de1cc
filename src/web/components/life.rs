//! A notice's life after publication: the 有效性 badge and the 已截止 mark (by the title, in
//! lists and search results), the 截止时间 line, the 更正说明 note, the links between documents
//! (替代, 修改, 原文件) and 政策解读, and the preview banner. The marks are text (the colour only
//! repeats them), and the state is decided by [`crate::contract::lifecycle`] for the clock `now`
//! the page passes in (the reader's clock in the browser, the build's when prerendered).

use leptos::prelude::*;

use crate::contract::labels::{Labels, LifeLabels};
use crate::contract::lifecycle::{current_validity, deadline_passed, Validity};
use crate::contract::model::{Interpretation, Notice, NoticeRef};
use crate::contract::time::display_published;

/// What a list row, a search result or a notice page marks: the validity shown and whether the
/// deadline has passed, at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// The validity a reader is shown.
    pub validity: Option<Validity>,
    /// Whether the deadline has passed.
    pub closed: bool,
}

impl Marks {
    /// The marks of a notice with these fields at `now` (Unix seconds).
    pub fn at(
        validity: Option<Validity>,
        valid_until: Option<&str>,
        deadline: Option<&str>,
        published: &str,
        now: i64,
    ) -> Marks {
        Marks {
            validity: current_validity(validity, valid_until, published, now),
            closed: deadline_passed(deadline, now),
        }
    }
}

/// The marks after a title in a list or a search result: the validity (when not 现行有效) and
/// 已截止.
#[component]
pub fn LifeMarks(
    /// What to mark.
    marks: Marks,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let life = labels.life();
    let validity = marks.validity.filter(|v| v.is_warning()).map(
        |v| view! { <span class="life-mark" data-validity=v.key()>{life.validity_name(v)}</span> },
    );
    let closed = marks
        .closed
        .then(|| view! { <span class="life-mark" data-closed="">{life.deadline_passed}</span> });
    view! { {validity} {closed} }
}

/// The line under the title: the validity badge, and the deadline with 已截止 once it passed.
#[component]
pub fn LifeLine(
    /// The notice.
    notice: Notice,
    /// The clock, Unix seconds.
    now: i64,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let life = labels.life();
    let marks = Marks::at(
        notice.validity,
        notice.valid_until.as_deref(),
        notice.deadline.as_deref(),
        &notice.published,
        now,
    );
    if marks.validity.is_none() && notice.deadline.is_none() {
        return None;
    }
    let badge = marks.validity.map(|v| {
        view! {
            <span class="life-mark" data-validity=v.key()>
                <span class="visually-hidden">{life.validity_prefix}</span>
                {life.validity_name(v)}
            </span>
        }
    });
    let deadline = notice.deadline.map(|d| {
        let shown = display_published(&d);
        view! {
            <span class="notice-deadline">
                {life.deadline}
                <time datetime=d>{shown}</time>
                {marks.closed.then(|| view! { <span class="life-mark" data-closed="">{life.deadline_passed}</span> })}
            </span>
        }
    });
    Some(view! { <p class="notice-life">{badge} {deadline}</p> })
}

/// The 更正说明 note, above the body.
#[component]
pub fn CorrectionNote(
    /// What the correction changed.
    text: String,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    view! {
        <aside class="correction" aria-labelledby="correction-heading">
            <h2 id="correction-heading">{labels.life().correction}</h2>
            <p>{text}</p>
        </aside>
    }
}

/// The rows of the 信息公开 table that belong to a notice's life: 有效性 (at `now`), 施行日期,
/// 有效期至.
pub fn disclosure_cells(
    notice: &Notice,
    now: i64,
    life: &LifeLabels,
) -> Vec<(&'static str, String)> {
    let shown = current_validity(
        notice.validity,
        notice.valid_until.as_deref(),
        &notice.published,
        now,
    );
    [
        (
            life.validity,
            shown.map(|v| life.validity_name(v).to_string()),
        ),
        (life.valid_from, notice.valid_from.clone()),
        (life.valid_until, notice.valid_until.clone()),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label, v)))
    .collect()
}

/// The links between documents (替代, 修改, 原文件) and the policy's 政策解读, or nothing.
#[component]
pub fn LifeLinks(
    /// The notice.
    notice: Notice,
    /// Builds the href of a notice id.
    href: Callback<String, String>,
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let life = labels.life();
    let link = move |r: NoticeRef| view! { <a href=href.run(r.id)>{r.title}</a> };
    let mut rows: Vec<(&'static str, &'static str, Vec<NoticeRef>)> = vec![
        (
            "replaced-by",
            life.replaced_by,
            notice.replaced_by.into_iter().collect(),
        ),
        (
            "amended-by",
            life.amended_by,
            notice.amended_by.into_iter().collect(),
        ),
        ("replaces", life.replaces, notice.replaces),
        ("amends", life.amends, notice.amends),
        (
            "original",
            life.original,
            notice.interprets.into_iter().collect(),
        ),
    ];
    rows.retain(|(_, _, refs)| !refs.is_empty());
    let relations = (!rows.is_empty()).then(|| {
        let items = rows
            .into_iter()
            .map(|(class, label, refs)| {
                view! {
                    <li class=class>
                        {label}
                        {refs.into_iter().map(link).collect_view()}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="life-links" aria-labelledby="life-links-heading">
                <h2 id="life-links-heading">{life.links}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let interpretations = (!notice.interpretations.is_empty()).then(|| {
        let items = notice
            .interpretations
            .into_iter()
            .map(|Interpretation { id, title, kind }| {
                view! {
                    <li>
                        {kind.map(|k| view! { <span class="life-kind">{format!("【{}】", life.kind_name(k))}</span> })}
                        <a href=href.run(id)>{title}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="interpretations" aria-labelledby="interpretations-heading">
                <h2 id="interpretations-heading">{life.interpretations}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    view! { {relations} {interpretations} }
}

/// The banner every page of a preview build (`bulletin build --drafts`) carries.
#[component]
pub fn PreviewBanner(
    /// UI labels.
    labels: &'static Labels,
) -> impl IntoView {
    let life = labels.life();
    view! {
        <aside class="preview-banner" aria-label=life.preview_name>
            {life.preview_banner}
        </aside>
    }
}
